//! `health --deep` without holding every value: the `skill:` values are read a group of keys at a
//! time, beside the durable rows of the same keys, compared, and dropped; only what a comparison
//! finds is kept. Peak memory is a few groups, not the catalog (at 100,000 skills holding every
//! parsed value and row was ~550 MB).
//!
//! Requests: the same bulk gets as reading every value (⌈N/100⌉), and one durable request per
//! group for the rows (the keys' IN-lists, at most 100 statements in a request).

use std::collections::BTreeMap;

use futures::stream::{self, StreamExt};
use serde_json::{Map, Value};

use super::DurableRows;
use crate::durable::{self, DurableDb};
use crate::model::{parse_skill_record, record_row_differences, slug_from_key};
use crate::schema::SkillTable;
use crate::store::{KvStore, Row};

/// Keys per group: the whole-row page size of the durable reads (5,000 rows in one response).
const GROUP: usize = 5_000;
/// IN-list statements per durable request (D1 runs a batch of them in one request).
const STATEMENTS_PER_REQUEST: usize = 100;
/// Records (and rows) kept for slugs that will be findings, so `--settle` need not read them
/// again: as many as it looks up (`health::settle::MAX_LOOKUPS`); past that it looks up none.
pub(super) const HELD_FOR_FINDINGS: usize = 1000;

/// What comparing one `skill:` value with its durable row found.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueCheck {
    /// The value is not a record for its slug: why.
    Malformed(String),
    /// `(field, kv value, durable value)` for each mapped field that differs in meaning.
    Differs(Vec<(String, Value, Value)>),
}

/// The check of one parsed value against the durable row of its slug, when there is one; `None`
/// when there is nothing to report.
pub fn value_check(
    table: &SkillTable,
    record: &Result<Map<String, Value>, String>,
    row: Option<&Row>,
) -> Option<ValueCheck> {
    match record {
        Err(why) => Some(ValueCheck::Malformed(why.clone())),
        Ok(rec) => {
            let differences = record_row_differences(table, rec, row?);
            (!differences.is_empty()).then_some(ValueCheck::Differs(differences))
        }
    }
}

/// The durable side of the comparison: where the rows are, the table, and which keys have one.
pub(super) struct RowsOf<'a> {
    pub db: &'a DurableDb,
    pub table: &'a SkillTable,
    pub names: &'a DurableRows,
}

/// What reading and comparing found. A failed durable read leaves `rows_error` set and keeps
/// only the checks that need no row (malformed values), as when the rows could not be read at all.
#[derive(Default)]
pub(super) struct Checked {
    pub checks: BTreeMap<String, ValueCheck>,
    pub rows_error: Option<String>,
    /// The parsed records and durable rows of (at most [`HELD_FOR_FINDINGS`]) slugs that have a
    /// check or that `findings` picked.
    pub held: BTreeMap<String, (Map<String, Value>, Option<Row>)>,
}

/// Reads the values of `slugs` (and, with `rows`, the durable rows of those that have one) a
/// group at a time, as many groups at once as the target has requests in flight to fill.
/// `findings` says which other slugs will be findings whose record is worth keeping.
/// `Err` is a failed value read: the `skill:` source is then incomplete.
pub(super) async fn read_checks<'s>(
    kv: &dyn KvStore,
    prefix: &str,
    slugs: impl Iterator<Item = &'s String>,
    rows: Option<RowsOf<'_>>,
    findings: &dyn Fn(&str) -> bool,
) -> Result<Checked, String> {
    let groups: Vec<Vec<&String>> = {
        let mut groups = Vec::new();
        let mut cur = Vec::with_capacity(GROUP);
        for s in slugs {
            cur.push(s);
            if cur.len() == GROUP {
                groups.push(std::mem::replace(&mut cur, Vec::with_capacity(GROUP)));
            }
        }
        if !cur.is_empty() {
            groups.push(cur);
        }
        groups
    };
    // Two groups per target at once keep every request slot busy across a group's last round
    // (the client's own limit still caps what is in flight); one where there is no latency.
    let at_once = if kv.max_in_flight() > 1 { 2 } else { 1 };
    let rows = rows.as_ref();
    let mut results = stream::iter(groups)
        .map(|group| read_group(kv, prefix, group, rows))
        .buffer_unordered(at_once);
    let mut out = Checked::default();
    while let Some(group) = results.next().await {
        let (values, group_rows) = group?;
        let group_rows = match group_rows {
            Ok(r) => r,
            Err(e) => {
                out.rows_error.get_or_insert(e);
                BTreeMap::new()
            }
        };
        let table = rows.map(|r| r.table);
        // A small table was read whole: its rows are there already.
        let whole = rows.map(|r| r.names).filter(|n| n.has_rows());
        for (key, text) in values {
            // A key listed whose value is gone by now has nothing to compare.
            let (Some(slug), Some(text)) = (slug_from_key(&key, prefix), text) else {
                continue;
            };
            let record = parse_skill_record(text.as_bytes(), slug);
            let row = match whole {
                Some(w) => w.get(slug),
                None => group_rows.get(slug),
            };
            let check = match table {
                Some(t) => value_check(t, &record, row),
                None => record.as_ref().err().cloned().map(ValueCheck::Malformed),
            };
            let keep = check.is_some() || findings(slug);
            if let Some(c) = check {
                out.checks.insert(slug.to_string(), c);
            }
            if let (true, Ok(rec)) = (keep && out.held.len() < HELD_FOR_FINDINGS, record) {
                out.held.insert(slug.to_string(), (rec, row.cloned()));
            }
        }
    }
    if out.rows_error.is_some() {
        out.checks
            .retain(|_, c| matches!(c, ValueCheck::Malformed(_)));
    }
    Ok(out)
}

type GroupRead = (
    BTreeMap<String, Option<String>>,
    Result<BTreeMap<String, Row>, String>,
);

/// One group: its values and, at the same time, the rows of its slugs the durable table has.
async fn read_group(
    kv: &dyn KvStore,
    prefix: &str,
    group: Vec<&String>,
    rows: Option<&RowsOf<'_>>,
) -> Result<GroupRead, String> {
    let keys: Vec<String> = group.iter().map(|s| format!("{prefix}{s}")).collect();
    let values = async {
        kv.get_many(&keys)
            .await
            .map_err(|e| format!("reading values: {e}"))
    };
    let group_rows = async {
        let Some(r) = rows.filter(|r| !r.names.has_rows()) else {
            return Ok(BTreeMap::new());
        };
        let with_row: Vec<String> = group
            .iter()
            .filter(|s| r.names.contains_key(s))
            .map(|s| s.to_string())
            .collect();
        if with_row.is_empty() {
            return Ok(BTreeMap::new());
        }
        durable::read_keys(r.db, r.table, &with_row, STATEMENTS_PER_REQUEST)
            .await
            .map_err(|e| format!("reading rows: {e}"))
    };
    let (values, group_rows) = tokio::join!(values, group_rows);
    Ok((values?, group_rows))
}
