//! How the KV keys are laid out: which keys are skills and which are aliases.
//!
//! Aliases may live beside the skills (`skill-alias:{old}`, mkt's default) or nested under the
//! skill prefix as seed 001's platform keeps them (`skill:alias:{old}`). A nested alias key is
//! never a skill: every enumeration of skill keys goes through [`Layout::skill_slug`] (or drops
//! [`Layout::nested_alias`] slugs from what it listed), so health, rebuilds, backfills, `skills`
//! and `seed` all see the same set. Unless `alias_prefix` is configured, `{skill_prefix}alias:`
//! keys are taken for the platform's aliases: excluded from the skills at no cost, and read as
//! the aliases when the skill listing finds some (`sources::read`, said on stderr). Writers that
//! list nothing first (`seed`) look with [`detect`].

use std::collections::BTreeSet;

use serde_json::Value;

use crate::config::Layout;
use crate::store::{KvStore, StoreError};

/// The slug prefix of the platform's nested aliases, below the skill prefix.
pub const NESTED_ALIAS: &str = "alias:";

impl Layout {
    /// The slug prefix under the skill prefix whose keys are aliases, never skills: the
    /// configured alias prefix's part below the skill prefix (`alias:` for `skill:alias:` under
    /// `skill:`), or, with `alias_prefix` not configured, the platform's [`NESTED_ALIAS`].
    pub fn nested_alias(&self) -> Option<&str> {
        if !self.alias_prefix_set {
            return Some(NESTED_ALIAS);
        }
        self.alias_prefix
            .strip_prefix(self.skill_prefix.as_str())
            .filter(|rest| !rest.is_empty())
    }

    /// The key prefix of the aliases nested under the skill prefix (`skill:alias:`), if any.
    pub fn nested_alias_prefix(&self) -> Option<String> {
        self.nested_alias()
            .map(|n| format!("{}{n}", self.skill_prefix))
    }

    /// The note said when the skill listing found aliases under `nested` and `alias_prefix` was
    /// not configured; `default_too`: keys under the default alias prefix exist as well.
    pub fn detected_note(&self, nested: &str, default_too: bool) -> String {
        if default_too {
            format!(
                "aliases: keys under both {nested} and {}; reading {nested} as the aliases (never as skills) and ignoring {} — set alias_prefix (MKT_ALIAS_PREFIX) to choose",
                self.alias_prefix, self.alias_prefix
            )
        } else {
            format!(
                "aliases: found keys under {nested}, read as aliases (never as skills); set alias_prefix (MKT_ALIAS_PREFIX) to choose another layout"
            )
        }
    }

    /// Whether a slug listed under the skill prefix is a skill (not a nested alias key).
    pub fn is_skill_slug(&self, slug: &str) -> bool {
        !slug.is_empty() && self.nested_alias().is_none_or(|a| !slug.starts_with(a))
    }

    /// The slug of a skill key: `None` for keys outside the skill prefix and for nested alias keys.
    pub fn skill_slug<'a>(&self, key: &'a str) -> Option<&'a str> {
        key.strip_prefix(self.skill_prefix.as_str())
            .filter(|s| self.is_skill_slug(s))
    }

    /// Removes nested alias slugs from a set of slugs listed under the skill prefix (they sort
    /// together, so this is a range split, not a scan). Returns them.
    pub fn drop_alias_slugs(&self, slugs: &mut BTreeSet<String>) -> BTreeSet<String> {
        let Some(nested) = self.nested_alias() else {
            return BTreeSet::new();
        };
        let mut from = slugs.split_off(nested);
        let mut after = from.split_off(&after_prefix(nested));
        slugs.append(&mut after);
        from
    }
}

/// The smallest string greater than every string starting with `prefix` (`alias;` for `alias:`).
fn after_prefix(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(c) = chars.pop() {
        if let Some(next) = char::from_u32(c as u32 + 1) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    // Every character was char::MAX: nothing sorts after the prefix's strings but longer ones.
    format!("{prefix}\u{10FFFF}")
}

/// What [`detect`] decided, and the line to say on stderr about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Detected {
    pub layout: Layout,
    pub note: Option<String>,
}

/// The layout for a writer that lists nothing first (`seed`). With `alias_prefix` configured it
/// is used as is. Otherwise the keys under `{skill_prefix}alias:` decide: when there are any,
/// they are the aliases for this run, said in `note`; keys under the default prefix too make it
/// ambiguous, which the note says with the setting that chooses. Costs one list request (two
/// when nested keys are found).
pub async fn detect(kv: &dyn KvStore, layout: &Layout) -> Result<Detected, StoreError> {
    if layout.alias_prefix_set {
        return Ok(Detected {
            layout: layout.clone(),
            note: None,
        });
    }
    let nested = format!("{}{NESTED_ALIAS}", layout.skill_prefix);
    if nested == layout.alias_prefix || !any_key(kv, &nested).await? {
        return Ok(Detected {
            layout: layout.clone(),
            note: None,
        });
    }
    let both = !layout.alias_prefix.is_empty() && any_key(kv, &layout.alias_prefix).await?;
    let note = layout.detected_note(&nested, both);
    let mut out = layout.clone();
    out.alias_prefix = nested;
    out.alias_prefix_set = true;
    Ok(Detected {
        layout: out,
        note: Some(note),
    })
}

async fn any_key(kv: &dyn KvStore, prefix: &str) -> Result<bool, StoreError> {
    // KV's smallest page is 10 keys.
    let page = kv.list_page(prefix, None, 10).await?;
    Ok(!page.keys.is_empty())
}

/// How an alias value is written: the forms a reader accepts (`model::parse_alias`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasForm {
    /// `{"target": "new"}`
    Object,
    /// `"new"` (a JSON string)
    JsonString,
    /// `new` (the platform's plain text)
    Text,
}

impl AliasForm {
    /// The form of one stored alias value (`None`: not a readable alias).
    pub fn of(text: &str) -> Option<AliasForm> {
        match serde_json::from_str::<Value>(text.trim()) {
            Ok(Value::Object(_)) => Some(AliasForm::Object),
            Ok(Value::String(_)) => Some(AliasForm::JsonString),
            Ok(_) => None,
            Err(_) => Some(AliasForm::Text),
        }
    }

    /// The form new aliases take in a layout with no aliases to copy: plain text where they are
    /// nested under the skill prefix (as the platform writes them), an object otherwise.
    pub fn default_for(layout: &Layout) -> AliasForm {
        if layout
            .alias_prefix
            .starts_with(layout.skill_prefix.as_str())
        {
            AliasForm::Text
        } else {
            AliasForm::Object
        }
    }

    /// The value of an alias to `target` in this form.
    pub fn value(self, target: &str) -> String {
        match self {
            AliasForm::Object => serde_json::json!({ "target": target }).to_string(),
            AliasForm::JsonString => Value::String(target.to_string()).to_string(),
            AliasForm::Text => target.to_string(),
        }
    }
}

/// The form the aliases already stored use (the first readable one under the alias prefix),
/// else the layout's default. One list request and one get.
pub async fn alias_form(kv: &dyn KvStore, layout: &Layout) -> Result<AliasForm, StoreError> {
    let page = kv.list_page(&layout.alias_prefix, None, 10).await?;
    for k in page.keys {
        if let Some(v) = kv.get(&k.name).await? {
            if let Some(form) = AliasForm::of(&String::from_utf8_lossy(&v.bytes)) {
                return Ok(form);
            }
        }
    }
    Ok(AliasForm::default_for(layout))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested() -> Layout {
        Layout {
            alias_prefix: "skill:alias:".into(),
            alias_prefix_set: true,
            ..Layout::default()
        }
    }

    #[test]
    fn nested_alias_keys_are_never_skills() {
        let l = nested();
        assert_eq!(l.nested_alias(), Some("alias:"));
        assert_eq!(l.skill_slug("skill:alias:old"), None);
        assert_eq!(l.skill_slug("skill:sw-frontend"), Some("sw-frontend"));
        assert_eq!(l.skill_slug("skill:aliased"), Some("aliased"));
        assert_eq!(l.skill_slug("skill:alias"), Some("alias"));
        assert_eq!(l.skill_slug("skill:o/r/s"), Some("o/r/s"));
        assert_eq!(l.skill_slug("skill:"), None);
        // Not configured: the platform's nested aliases are no skills either.
        let d = Layout::default();
        assert_eq!(d.nested_alias(), Some("alias:"));
        assert_eq!(d.skill_slug("skill:alias:old"), None);
        // Configured elsewhere: those keys are what the operator says they are.
        let other = Layout {
            alias_prefix_set: true,
            ..Layout::default()
        };
        assert_eq!(other.nested_alias(), None);
        assert_eq!(other.skill_slug("skill:alias:old"), Some("alias:old"));
    }

    #[test]
    fn dropping_alias_slugs_keeps_every_skill() {
        let mut s: BTreeSet<String> = [
            "a",
            "alias",
            "alias:x",
            "alias:y/z",
            "alias;",
            "aliasb",
            "z",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(
            nested()
                .drop_alias_slugs(&mut s)
                .into_iter()
                .collect::<Vec<_>>(),
            ["alias:x", "alias:y/z"]
        );
        assert_eq!(
            s.into_iter().collect::<Vec<_>>(),
            ["a", "alias", "alias;", "aliasb", "z"]
        );
    }

    #[test]
    fn alias_forms_round_trip_through_the_reader() {
        for (text, form) in [
            (r#"{"target":"new"}"#, AliasForm::Object),
            (r#""new""#, AliasForm::JsonString),
            ("new", AliasForm::Text),
        ] {
            assert_eq!(AliasForm::of(text), Some(form));
            assert_eq!(form.value("new"), text);
            assert_eq!(
                crate::model::parse_alias(&form.value("o/r/s")),
                Ok("o/r/s".into())
            );
        }
        assert_eq!(AliasForm::of("7"), None);
        assert_eq!(AliasForm::default_for(&nested()), AliasForm::Text);
        assert_eq!(
            AliasForm::default_for(&Layout::default()),
            AliasForm::Object
        );
    }
}
