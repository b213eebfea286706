//! A skill record's identity is the slug of its key (`skill:{slug}`). The platform's records carry
//! it in a `slug` field and keep `name` for the skill's base name, which may differ (a
//! collision-suffixed `owner1-myskill` named `myskill`, a not-yet-migrated org-prefixed slug);
//! records that have no `slug` field carry the identity in `name`. So: the identity field is
//! `slug` when the record has one, else `name`, and a record contradicts its key only when that
//! field says another slug. Everything that reads, compares or writes records asks here.

use serde_json::{Map, Value};

use super::json_type;

/// The field the platform keeps the key's slug in.
pub const SLUG_FIELD: &str = "slug";
/// The field older records keep it in (and the platform keeps the base name in).
pub const NAME_FIELD: &str = "name";

/// The field holding a record's identity: `slug` when the record has one, else `name`.
pub fn field(rec: &Map<String, Value>) -> &'static str {
    if rec.contains_key(SLUG_FIELD) {
        SLUG_FIELD
    } else {
        NAME_FIELD
    }
}

/// Why a record's identity contradicts its key's `slug`, naming the field; `None` when it agrees.
pub fn contradiction(rec: &Map<String, Value>, slug: &str) -> Option<String> {
    match (rec.get(SLUG_FIELD), rec.get(NAME_FIELD)) {
        (Some(Value::String(s)), _) if s == slug => None,
        (Some(Value::String(s)), _) => {
            Some(format!("slug field {s:?} differs from key slug {slug:?}"))
        }
        (Some(other), _) => Some(format!(
            "slug field is a JSON {}, not the key slug {slug:?}",
            json_type(other)
        )),
        (None, Some(Value::String(n))) if n == slug => None,
        (None, Some(Value::String(n))) => Some(format!(
            "no slug field, and name {n:?} differs from key slug {slug:?}"
        )),
        (None, _) => Some(format!(
            "no slug field and no string name: nothing names key slug {slug:?}"
        )),
    }
}

/// Whether records of a store carry the `slug` field (most of them do), so a record mkt makes
/// from nothing but a durable row carries it too.
pub fn peers_carry_slug<'a>(records: impl Iterator<Item = &'a Map<String, Value>>) -> bool {
    let (mut with, mut without) = (0usize, 0usize);
    for r in records {
        if r.contains_key(SLUG_FIELD) {
            with += 1;
        } else {
            without += 1;
        }
    }
    with > without
}

/// Gives a record built for `slug` the identity it lacks, and nothing else: the `slug` field
/// when the record has one or `with_slug` asks for it (then `name`, the base name, is only
/// filled when absent), else `name`. Returns the fields it set.
pub fn stamp(rec: &mut Map<String, Value>, slug: &str, with_slug: bool) -> Vec<&'static str> {
    let mut set = Vec::new();
    let mut put = |rec: &mut Map<String, Value>, field: &'static str| {
        if rec.get(field).and_then(Value::as_str) != Some(slug) {
            rec.insert(field.into(), Value::String(slug.to_string()));
            set.push(field);
        }
    };
    if with_slug || rec.contains_key(SLUG_FIELD) {
        put(rec, SLUG_FIELD);
        if !matches!(rec.get(NAME_FIELD), Some(Value::String(_))) {
            put(rec, NAME_FIELD);
        }
    } else {
        put(rec, NAME_FIELD);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn the_slug_field_is_the_identity_and_name_may_differ() {
        let r = rec(json!({"slug": "owner1-myskill", "name": "myskill"}));
        assert_eq!(field(&r), "slug");
        assert_eq!(contradiction(&r, "owner1-myskill"), None);
        assert_eq!(
            contradiction(&r, "myskill").unwrap(),
            r#"slug field "owner1-myskill" differs from key slug "myskill""#
        );
        let old = rec(json!({"name": "a"}));
        assert_eq!(field(&old), "name");
        assert_eq!(contradiction(&old, "a"), None);
        assert!(contradiction(&old, "b")
            .unwrap()
            .starts_with("no slug field, and name"));
        assert!(contradiction(&rec(json!({"slug": 3})), "a")
            .unwrap()
            .contains("JSON number"));
        assert!(contradiction(&rec(json!({})), "a")
            .unwrap()
            .contains("nothing names"));
    }

    #[test]
    fn stamping_sets_only_the_missing_identity() {
        let mut r = rec(json!({"slug": "x", "name": "base"}));
        assert!(stamp(&mut r, "x", false).is_empty());
        assert_eq!(r, rec(json!({"slug": "x", "name": "base"})));
        let mut r = rec(json!({"name": "x", "a": 1}));
        assert_eq!(stamp(&mut r, "x", true), ["slug"]);
        assert_eq!(r, rec(json!({"name": "x", "a": 1, "slug": "x"})));
        let mut r = rec(json!({"displayName": "X"}));
        assert_eq!(stamp(&mut r, "o/r/x", false), ["name"]);
        let mut r = rec(json!({"displayName": "X"}));
        assert_eq!(stamp(&mut r, "o/r/x", true), ["slug", "name"]);
        assert!(peers_carry_slug(
            [r.clone(), r, rec(json!({"name": "y"}))].iter()
        ));
    }
}
