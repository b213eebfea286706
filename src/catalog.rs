//! The seed catalog file (the app's bundled seed skills): the one reader `health` and
//! `skills list --source seed` share, so both see the same skills in the same file.
//!
//! Format: a JSON array, or an object with a `skills` array; each element a slug string or a
//! skill record naming its slug (`slug`, else `name`). Any other element (an empty slug, a record
//! without either, a number) is malformed: `skills` lists it as such, `health` counts the source as incomplete.

use std::path::Path;

use serde_json::Value;

use crate::model::{self, IndexEntry};

/// Every element of the catalog, in file order; a file that is not a catalog is an error.
pub fn parse(bytes: &[u8]) -> Result<Vec<IndexEntry>, String> {
    let items = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(items)) => items,
        Ok(Value::Object(mut m)) => match m.remove("skills") {
            Some(Value::Array(items)) => items,
            _ => return Err("expected a JSON array, or an object with a \"skills\" array".into()),
        },
        Ok(other) => {
            return Err(format!(
                "expected a JSON array, found {}",
                model::json_type(&other)
            ))
        }
        Err(e) => return Err(format!("not valid JSON: {e}")),
    };
    Ok(items
        .into_iter()
        .map(|v| match IndexEntry::from_value(v) {
            IndexEntry::Slug(s) if s.is_empty() => IndexEntry::Invalid(Box::new(Value::String(s))),
            IndexEntry::Object(m) if model::object_slug(&m) == Some("") => {
                IndexEntry::Invalid(Box::new(Value::Object(*m)))
            }
            e => e,
        })
        .collect())
}

/// Reads and parses the catalog at `path`; errors name the file.
pub fn read(path: &Path) -> Result<Vec<IndexEntry>, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("cannot read seed catalog {}: {e}", path.display()))?;
    parse(&bytes).map_err(|e| format!("seed catalog {} is malformed: {e}", path.display()))
}
