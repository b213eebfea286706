//! JSON objects with a key twice. serde_json (like most readers) keeps the last value, others
//! keep the first: `{"reviews":[…],"reviews":[]}` means different things to different programs,
//! so a file mkt reads as its input names the first duplicate instead of guessing.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// The first key that appears twice in one object of `text` (which must be JSON), as serde_json's
/// error with its line and column; `Ok` when every object's keys are distinct.
pub fn check(text: &str) -> Result<(), serde_json::Error> {
    serde_json::from_str::<Distinct>(text).map(|_| ())
}

/// A JSON value walked only to see that each object's keys are distinct (nothing is kept).
struct Distinct;

impl<'de> Deserialize<'de> for Distinct {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Walk)
    }
}

struct Walk;

impl<'de> Visitor<'de> for Walk {
    type Value = Distinct;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_str<E>(self, _: &str) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_unit<E>(self) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_none<E>(self) -> Result<Distinct, E> {
        Ok(Distinct)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Distinct, A::Error> {
        while seq.next_element::<Distinct>()?.is_some() {}
        Ok(Distinct)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Distinct, A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format!("duplicate key {key:?}")));
            }
            map.next_value::<Distinct>()?;
            seen.insert(key);
        }
        Ok(Distinct)
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn the_first_duplicate_key_is_named_with_its_place() {
        assert!(check(r#"{"a":1,"b":[{"a":1},{"a":2}],"c":{"d":null}}"#).is_ok());
        let e = check(r#"{"reviews":[{"id":"r1"}],"reviews":[]}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "duplicate key \"reviews\" at line 1 column 34"
        );
        let e = check("[{\"id\":\"r1\",\n\"id\":\"r2\"}]").unwrap_err();
        assert!(
            e.to_string().starts_with("duplicate key \"id\" at line 2"),
            "{e}"
        );
    }
}
