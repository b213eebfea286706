//! The durable table as read: its keys, sorted, and the whole rows when they were read.
//!
//! Why not a `BTreeMap<String, Row>`: `health` reads names only, and an empty `Row` (an
//! `IndexMap`) is 72 bytes beside each name; at 1,000,000 skills the map of empty rows alone was
//! ~200 MB at its peak. Two parallel sorted vectors hold the same thing in a name's own size, and
//! read like the map did (`get`, `contains_key`, `keys`, `values`, `iter`, in key order).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::store::Row;

/// Durable rows by key, in key order (UTF-8 bytes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DurableRows {
    /// Sorted, distinct.
    keys: Vec<String>,
    /// The rows of `keys`, index for index, when whole rows were read; empty when only names were.
    rows: Vec<Row>,
    /// With names only: the few whole rows held beside them (those `health --deep` found
    /// something about, so the settle window need not read them again).
    some: BTreeMap<String, Row>,
}

/// What a names-only read holds for every key: an empty row, as the map of names held.
fn empty_row() -> &'static Row {
    static EMPTY: OnceLock<Row> = OnceLock::new();
    EMPTY.get_or_init(Row::new)
}

impl DurableRows {
    /// Names only (each reads as an empty row). Sorts and removes duplicates.
    pub fn names(mut keys: Vec<String>) -> Self {
        keys.sort_unstable();
        keys.dedup();
        keys.shrink_to_fit();
        DurableRows {
            keys,
            ..DurableRows::default()
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whole rows were read (not names only).
    pub fn has_rows(&self) -> bool {
        !self.keys.is_empty() && self.rows.len() == self.keys.len()
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// The row of `key` (an empty row when only names were read), if the key exists.
    pub fn get(&self, key: &str) -> Option<&Row> {
        self.position(key).map(|i| self.row(i))
    }

    /// Keys in order.
    pub fn keys(&self) -> std::slice::Iter<'_, String> {
        self.keys.iter()
    }

    /// Rows in key order (empty rows when only names were read).
    pub fn values(&self) -> impl Iterator<Item = &Row> + Clone + '_ {
        (0..self.keys.len()).map(|i| self.row(i))
    }

    /// (key, row) in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Row)> + '_ {
        self.keys.iter().enumerate().map(|(i, k)| (k, self.row(i)))
    }

    /// Inserts or replaces the row of `key`, keeping key order (a plan applied to a snapshot, a
    /// row held beside names).
    pub fn insert(&mut self, key: String, row: Row) {
        let dense = self.has_rows();
        match self.keys.binary_search(&key) {
            Ok(i) if dense => self.rows[i] = row,
            Ok(_) => {
                self.some.insert(key, row);
            }
            Err(i) => {
                self.keys.insert(i, key.clone());
                if dense {
                    self.rows.insert(i, row);
                } else {
                    self.some.insert(key, row);
                }
            }
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.keys.binary_search_by(|k| k.as_str().cmp(key)).ok()
    }

    fn row(&self, i: usize) -> &Row {
        match self.rows.get(i) {
            Some(r) => r,
            None => self.some.get(&self.keys[i]).unwrap_or_else(|| empty_row()),
        }
    }
}

impl From<BTreeMap<String, Row>> for DurableRows {
    fn from(map: BTreeMap<String, Row>) -> Self {
        let mut keys = Vec::with_capacity(map.len());
        let mut rows = Vec::with_capacity(map.len());
        for (k, r) in map {
            keys.push(k);
            rows.push(r);
        }
        DurableRows {
            keys,
            rows,
            some: BTreeMap::new(),
        }
    }
}

impl FromIterator<(String, Row)> for DurableRows {
    fn from_iter<I: IntoIterator<Item = (String, Row)>>(iter: I) -> Self {
        iter.into_iter().collect::<BTreeMap<_, _>>().into()
    }
}

impl std::ops::Index<&str> for DurableRows {
    type Output = Row;
    /// The row of `key`; panics when there is none, as a map's index does.
    fn index(&self, key: &str) -> &Row {
        self.get(key).expect("no durable row for that key")
    }
}

impl<'a> IntoIterator for &'a DurableRows {
    type Item = (&'a String, &'a Row);
    type IntoIter = Box<dyn Iterator<Item = (&'a String, &'a Row)> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_read_like_a_map_of_empty_rows() {
        let d = DurableRows::names(vec!["b".into(), "a".into(), "b".into()]);
        assert_eq!(d.len(), 2);
        assert_eq!(d.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(d.get("a"), Some(&Row::new()));
        assert!(d.get("c").is_none());
        assert!(d.contains_key("b") && !d.contains_key("c"));
        let mut held = d.clone();
        let row = json!({"n": 1}).as_object().unwrap().clone();
        held.insert("b".into(), row.clone());
        held.insert("0".into(), row.clone());
        assert_eq!(held.keys().collect::<Vec<_>>(), ["0", "a", "b"]);
        assert_eq!(held.get("b"), Some(&row));
        assert_eq!(held.get("a"), Some(&Row::new()));
        let map: BTreeMap<String, Row> =
            [("a".into(), Row::new()), ("b".into(), Row::new())].into();
        assert_eq!(d.iter().collect::<Vec<_>>(), map.iter().collect::<Vec<_>>());
    }

    #[test]
    fn whole_rows_keep_their_rows_in_key_order() {
        let row = |v: i64| json!({"n": v}).as_object().unwrap().clone();
        let d: DurableRows = [("z".to_string(), row(1)), ("a".to_string(), row(2))]
            .into_iter()
            .collect();
        assert_eq!(d.get("z"), Some(&row(1)));
        assert_eq!(
            d.values().cloned().collect::<Vec<_>>(),
            vec![row(2), row(1)]
        );
        let mut d = d;
        d.insert("m".into(), row(3));
        assert_eq!(d.keys().collect::<Vec<_>>(), ["a", "m", "z"]);
        assert_eq!(d.get("m"), Some(&row(3)));
        assert_eq!(
            (&d).into_iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>(),
            ["a", "m", "z"]
        );
    }
}
