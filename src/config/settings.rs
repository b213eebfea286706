//! Every setting, declared once: its key, flag, environment variables, profile keys, default,
//! kind and whether it is a secret. `resolve` reads it in one loop (flag > env > profile >
//! default); `mkt help config`, `mkt help environment` and docs/configuration.md print it.
//!
//! A new setting is one entry in `settings/table.rs` (and its field in `file::Profile` when a profile may set it,
//! its flag in `cli::GlobalArgs` and `Overrides` when it has one); what it turns into lives with
//! the settings that use it (`resolve.rs`, `cloudflare.rs`, `sync.rs`, …).

use super::resolve::Resolver;
use super::{Origin, Overrides, TargetKind};

/// One setting.
pub struct Setting {
    /// Its name in `config show`, in errors and in the docs.
    pub key: &'static str,
    /// The global flag that sets it.
    pub flag: Option<Flag>,
    /// Environment variables, the first one set wins.
    pub env: &'static [&'static str],
    /// Keys of `[profiles.NAME]` in `mkt.toml`, the first one set wins.
    pub profile: &'static [&'static str],
    pub default: Default,
    pub kind: Kind,
    /// Which configurations resolve it; elsewhere it is neither read nor shown.
    pub scope: Scope,
    /// Read from the environment only, never printed (`<redacted>`).
    pub secret: bool,
    /// Where it is resolved: `Loop` (flag > env > profile > default, by `Resolver::resolve_all`),
    /// or named code that resolves it its own way (it is documented here all the same).
    pub resolved: Resolved,
    /// One line for the docs.
    pub about: &'static str,
}

/// A global flag and how to read it from `Overrides`.
pub struct Flag {
    pub name: &'static str,
    pub get: fn(&Overrides) -> Option<String>,
}

pub enum Default {
    None,
    Value(&'static str),
    /// Documented only: the code that resolves it (or uses it) decides.
    Described(&'static str),
    /// Computed from other settings or the working directory; the text says how, for the docs.
    Computed(fn(&Resolver<'_>) -> Option<(String, Origin)>, &'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A whole number.
    Whole,
    /// Seconds, fractions allowed.
    Seconds,
    /// A duration with a unit (`90s`, `2m`, `1m30s`), or a number of seconds.
    Duration,
    Bool,
    /// One of the listed words.
    Choice(&'static [&'static str]),
    /// A URL; a password in it is shown as `<redacted>`.
    Url,
    /// A path: a profile's is relative to its mkt.toml, a flag's or variable's to the working directory.
    Path,
    /// An SQL table name: letters, digits and `_`.
    Table,
    /// A TOML table of `field = "column"`.
    Map,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Always,
    /// Only when the target is one of these.
    Targets(&'static [TargetKind]),
    /// Only when `api_url` is set.
    ApiUrl,
    /// When the target is one of these, or `api_url` is set.
    TargetsOrApiUrl(&'static [TargetKind]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    Loop,
    /// By the named code, before or after the loop.
    Elsewhere(&'static str),
}

/// Environment variables read outside the settings above.
pub struct EnvVar {
    pub name: &'static str,
    pub about: &'static str,
}

/// The setting named `key`; a name not in the table is a bug.
pub fn setting(key: &str) -> &'static Setting {
    SETTINGS
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("no setting {key:?} in config::settings::SETTINGS"))
}

impl Setting {
    /// The default as text, for the docs.
    pub fn default_text(&self) -> Option<&'static str> {
        match self.default {
            Default::None => None,
            Default::Value(v) | Default::Described(v) => Some(v),
            Default::Computed(_, text) => Some(text),
        }
    }

    /// Which configurations resolve it, for the docs (`None`: all).
    pub fn scope_text(&self) -> Option<String> {
        let targets = |t: &[TargetKind]| {
            t.iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(" and ")
        };
        match self.scope {
            Scope::Always => None,
            Scope::Targets(t) => Some(format!("{} target", targets(t))),
            Scope::ApiUrl => Some("with api_url".into()),
            Scope::TargetsOrApiUrl(t) => Some(format!("{} target, or with api_url", targets(t))),
        }
    }
}

/// The computed defaults (`Default::Computed`).
pub(super) mod defaults {
    use std::path::PathBuf;

    use super::super::resolve::Resolver;
    use super::super::{Origin, TargetKind};

    /// The config files wrangler itself reads from its working directory, in its order.
    const WRANGLER_CONFIG_NAMES: [&str; 3] = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"];

    /// No target named anywhere: Cloudflare when credentials are configured, else the local store.
    pub fn target(r: &Resolver<'_>) -> Option<(String, Origin)> {
        let kind = if r.get("api_token").is_some() {
            TargetKind::Cloudflare
        } else {
            TargetKind::Local
        };
        Some((kind.as_str().into(), Origin::Default))
    }

    /// Like wrangler, the wrangler-dev target reads the config in the working directory when
    /// none is named.
    pub fn wrangler_config(r: &Resolver<'_>) -> Option<(String, Origin)> {
        if r.target() != TargetKind::WranglerDev {
            return None;
        }
        let path: PathBuf = WRANGLER_CONFIG_NAMES
            .iter()
            .map(|name| r.cwd.join(name))
            .find(|path| path.is_file())?;
        Some((path.display().to_string(), Origin::Default))
    }

    /// The reviews daemon's file, when it exists (`$SIGNET_PATH/marketplace/reviews.json`).
    pub fn sync_file(r: &Resolver<'_>) -> Option<(String, Origin)> {
        let (file, how) = super::super::sync::daemon_file(r)?;
        file.exists()
            .then(|| (file.display().to_string(), Origin::Daemon(how)))
    }

    /// `$XDG_CACHE_HOME/mkt`, else `~/.cache/mkt`; shown as coming from that variable.
    pub fn cache_dir(r: &Resolver<'_>) -> Option<(String, Origin)> {
        if let Some(d) = r.env.get("XDG_CACHE_HOME") {
            let dir = PathBuf::from(d).join("mkt");
            return Some((
                dir.display().to_string(),
                Origin::Env("XDG_CACHE_HOME".into()),
            ));
        }
        let home = r.env.get("HOME")?;
        let dir = PathBuf::from(home).join(".cache").join("mkt");
        Some((dir.display().to_string(), Origin::Env("HOME".into())))
    }
}

mod table;
pub use table::{OTHER_ENVIRONMENT, SETTINGS};

#[cfg(test)]
mod tests;
