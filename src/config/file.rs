//! `mkt.toml`: the profile tables and where the files are looked for.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{under, Env, Origin, Overrides};
use crate::config::TargetKind;
use crate::exit::Failure;

/// One `[profiles.NAME]` table of `mkt.toml`. Unknown keys are errors, so typos surface. Each
/// key is a profile key of a setting in `settings::SETTINGS` (a test keeps them equal), which
/// reads it by name (`Serialize`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub target: Option<TargetKind>,
    pub production: Option<bool>,
    /// Credentials may go over plain `http://` to another machine.
    pub allow_insecure_http: Option<bool>,
    pub account_id: Option<String>,
    pub kv_namespace_id: Option<String>,
    pub d1_database_id: Option<String>,
    pub api_base_url: Option<String>,
    pub wrangler_config: Option<PathBuf>,
    pub wrangler_env: Option<String>,
    pub kv_binding: Option<String>,
    pub d1_binding: Option<String>,
    pub local_path: Option<PathBuf>,
    pub rate_limit: Option<u32>,
    pub concurrency: Option<usize>,
    pub max_retries: Option<u32>,
    /// `"2m"`, `"90s"`, or a number of seconds.
    pub max_wait: Option<Lenient>,
    pub api_url: Option<String>,
    pub dev_url: Option<String>,
    pub api_timeout: Option<f64>,
    pub sync_backend: Option<String>,
    pub sync_mode: Option<String>,
    pub sync_endpoint: Option<String>,
    pub sync_file: Option<PathBuf>,
    pub skill_prefix: Option<String>,
    pub index_key: Option<String>,
    pub alias_prefix: Option<String>,
    pub index_backup_prefix: Option<String>,
    pub skills_table: Option<String>,
    pub reviews_table: Option<String>,
    pub review_sync_events_table: Option<String>,
    pub review_aggregates_table: Option<String>,
    pub seed_catalog: Option<PathBuf>,
    /// Characters the keys under `skill_prefix` are made of (`ascii`, `a-z0-9._/:-`, `any`).
    pub key_alphabet: Option<String>,
    /// The durable skills table (same as `skills_table`; this name wins when both are set).
    pub durable_table: Option<String>,
    /// PostgreSQL URL of the durable store; a password in it is refused (secrets stay out of files).
    pub durable_url: Option<String>,
    /// Record field → durable column, for tables whose columns are named otherwise.
    pub durable_columns: Option<BTreeMap<String, String>>,
    pub review_title_max: Option<usize>,
    pub review_body_max: Option<usize>,
    pub review_display_name_max: Option<usize>,
}

/// A profile value written as a number or as text (`max_wait = 90` or `max_wait = "90s"`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Lenient {
    Number(f64),
    Text(String),
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// The profile in use and where it came from.
pub(super) struct Chosen {
    pub name: Option<String>,
    pub profile: Profile,
    /// The config file it came from.
    pub file: Option<PathBuf>,
    /// Paths in the profile are relative to this: its file's directory, else the working directory.
    pub dir: PathBuf,
    /// `--profile`, `MKT_PROFILE`, or a default (`default_profile`, a profile named `default`).
    pub origin: Origin,
}

/// Reads the config files and picks the profile: `--profile`, else `MKT_PROFILE`, else
/// `default_profile`, else one named `default`, else none. The first file that defines a
/// profile name wins.
pub(super) fn choose_profile(
    overrides: &Overrides,
    env: &Env,
    cwd: &Path,
) -> anyhow::Result<Chosen> {
    let mut profiles: BTreeMap<String, (Profile, PathBuf)> = BTreeMap::new();
    let mut default_profile: Option<String> = None;
    for path in config_paths(overrides, env, cwd) {
        let explicit = overrides.config_file.is_some() || env.get("MKT_CONFIG").is_some();
        match load_file(&path)? {
            Some(file) => {
                if default_profile.is_none() {
                    default_profile = file.default_profile.clone();
                }
                for (name, p) in file.profiles {
                    profiles.entry(name).or_insert((p, path.clone()));
                }
            }
            None if explicit => {
                return Err(Failure::usage(format!(
                    "config file {} does not exist",
                    path.display()
                )))
            }
            None => {}
        }
    }
    let requested = overrides
        .profile
        .clone()
        .or_else(|| env.get("MKT_PROFILE").map(String::from));
    let name = match requested {
        Some(name) => {
            if !profiles.contains_key(&name) {
                let known: Vec<&str> = profiles.keys().map(String::as_str).collect();
                return Err(Failure::usage(format!(
                    "unknown profile {name:?}: {}",
                    if known.is_empty() {
                        "no mkt.toml defines any profile".to_string()
                    } else {
                        format!("defined profiles are {}", known.join(", "))
                    }
                )));
            }
            Some(name)
        }
        None => match default_profile {
            Some(name) if profiles.contains_key(&name) => Some(name),
            Some(name) => {
                return Err(Failure::usage(format!(
                    "default_profile {name:?} is not defined under [profiles] in mkt.toml"
                )))
            }
            None if profiles.contains_key("default") => Some("default".to_string()),
            None => None,
        },
    };
    let (profile, file) = match &name {
        Some(n) => {
            let (p, path) = profiles.remove(n).expect("checked above");
            (p, Some(path))
        }
        None => (Profile::default(), None),
    };
    let dir = file
        .as_ref()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| cwd.to_path_buf());
    // A profile chosen by `default_profile` or by its name `default` shows as a default.
    let origin = if overrides.profile.is_some() {
        Origin::Flag
    } else if env.get("MKT_PROFILE").is_some() {
        Origin::Env("MKT_PROFILE".into())
    } else {
        Origin::Default
    };
    Ok(Chosen {
        name,
        profile,
        file,
        dir,
        origin,
    })
}

/// Reads and parses one `mkt.toml`; a syntax error is a usage error naming the file.
pub fn load_file(path: &Path) -> anyhow::Result<Option<ConfigFile>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Failure::usage(format!(
                "cannot read config {}: {e}",
                path.display()
            )))
        }
    };
    let file: ConfigFile = toml::from_str(&text).map_err(|e| {
        let place = e
            .span()
            .map(|span| locate(&text, span.start))
            .unwrap_or_default();
        Failure::usage(format!(
            "malformed config {}{place}: {}",
            path.display(),
            e.message()
                .trim()
                .replace('\n', " ")
                .replace("expected u32", "expected a whole number")
                .replace("expected usize", "expected a whole number")
        ))
    })?;
    Ok(Some(file))
}

/// `, line L, column C, key profiles.NAME.KEY` for the byte offset an error points at: the line and
/// column as editors count them, and the dotted key of the `key = value` line under its `[table]`.
fn locate(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line_no = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    let line = text[line_start..].lines().next().unwrap_or("");
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty() && !k.starts_with('['))
        .or_else(|| {
            // An unknown key is reported at the key itself: take the word under the offset.
            let rest = &text[offset..];
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            (!word.is_empty() && !line.trim_start().starts_with('[')).then_some(word)
        });
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    match key {
        Some(k) => {
            let dotted = match table {
                Some(t) if !t.is_empty() => format!("{t}.{k}"),
                _ => k,
            };
            format!(", line {line_no}, column {column}, key {dotted}")
        }
        None => format!(", line {line_no}, column {column}"),
    }
}

/// The config files consulted, first wins: `--config`/`MKT_CONFIG`, `./mkt.toml`,
/// then `$MKT_CONFIG_DIR/mkt.toml` or the user config dir (`~/.config/mkt/mkt.toml`).
pub fn config_paths(overrides: &Overrides, env: &Env, cwd: &Path) -> Vec<PathBuf> {
    if let Some(p) = &overrides.config_file {
        return vec![under(cwd, p)];
    }
    if let Some(p) = env.get("MKT_CONFIG") {
        return vec![under(cwd, Path::new(p))];
    }
    let mut paths = vec![cwd.join("mkt.toml")];
    if let Some(dir) = env.get("MKT_CONFIG_DIR") {
        paths.push(under(cwd, Path::new(dir)).join("mkt.toml"));
    } else if let Some(dir) = env.get("XDG_CONFIG_HOME") {
        paths.push(PathBuf::from(dir).join("mkt").join("mkt.toml"));
    } else if let Some(home) = env.get("HOME") {
        paths.push(
            PathBuf::from(home)
                .join(".config")
                .join("mkt")
                .join("mkt.toml"),
        );
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn errors_point_at_line_column_and_dotted_key() {
        let text = "default_profile = \"dev\"\n\n[profiles.dev]\nrate_limit = \"fast\"\n";
        let at = text.find("\"fast").unwrap();
        assert_eq!(
            locate(text, at),
            ", line 4, column 14, key profiles.dev.rate_limit"
        );
        assert_eq!(locate(text, 0), ", line 1, column 1, key default_profile");
        let text = "[profiles.dev]\nrate_limt = 5\n";
        assert_eq!(
            locate(text, text.find("rate").unwrap()),
            ", line 2, column 1, key profiles.dev.rate_limt"
        );
    }
}
