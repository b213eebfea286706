//! The backfill plan, pure: which durable rows and which KV values to write so that every live skill
//! has both, and each `field_mismatch` is settled by the chosen authority. Only what differs is
//! written, so a second run plans nothing. Only fields with a column on the discovered durable table
//! take part; a KV record's other fields are never changed. Also the grouping of upserts into
//! requests.

use serde::Serialize;
use serde_json::{Map, Value};

use std::sync::Arc;

use crate::config::Layout;
use crate::durable::rows;
use crate::model::{self, identity};
use crate::schema::sql::{self, Upsert};
use crate::schema::{value, SkillTable};
use crate::sources::Snapshot;
use crate::store::{KvPut, Row, SqlLimits};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// KV values → durable rows (`missing_in_durable`).
    Durable,
    /// Durable rows → KV values (`missing_kv_value`).
    Kv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Authority {
    /// The durable row wins (seed 001: the durable table is the source of truth).
    Durable,
    /// The KV value wins.
    Kv,
    /// The side with the later timestamp (KV `updatedAt` vs durable `updated_at`); ties → durable.
    Newest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct BackfillOptions {
    pub to: Direction,
    pub authority: Authority,
}

/// One planned write, for the plan table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackfillItem {
    pub slug: String,
    /// `durable` or `kv`: the side written.
    pub writes: &'static str,
    /// `missing_in_durable`, `missing_kv_value`, `field_mismatch` or `malformed_value`.
    pub reason: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// How a KV value is written: `mend` (only the fields named change, every other byte, the
    /// metadata and the expiration are kept), `replace` (a value that is not a JSON object,
    /// backed up, replaced by the durable row's record) or `create` (there was no value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kv_write: Option<&'static str>,
}

/// Where a planned KV value comes from; the value itself is built when its batch is written.
/// Every source but the last two mends the value: only the fields that change are edited in its
/// text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KvSource {
    /// The record as its new durable row gives it back (a default filled in).
    Canonical,
    /// The durable row over the record (the row won a field_mismatch).
    FromRow,
    /// The record with the identity field it lacked (or had wrong), nothing else changed.
    Identity,
    /// The durable row alone, over a value that is not a JSON object: replaces it (backed up).
    ReplaceMalformed,
    /// The durable row alone, where there is no value (`missing_kv_value`).
    Missing,
}

impl KvSource {
    fn action(self) -> &'static str {
        match self {
            KvSource::Canonical | KvSource::FromRow | KvSource::Identity => "mend",
            KvSource::ReplaceMalformed => "replace",
            KvSource::Missing => "create",
        }
    }
}

#[derive(Clone, Debug)]
struct KvWrite {
    slug: String,
    source: KvSource,
}

/// What to write, as slugs: the rows and values themselves are built from the snapshot the plan
/// was made from, a batch at a time, so an apply never holds every row, value and backup at once
/// (at 100,000 skills the built rows alone were several hundred MB).
#[derive(Clone, Debug, Default, Serialize)]
pub struct BackfillPlan {
    pub items: Vec<BackfillItem>,
    pub unchanged: usize,
    /// KV values that are not JSON objects and have no durable row to stand in: skipped.
    pub malformed_skipped: Vec<String>,
    /// Skills only in KV under `--to kv` (or only durable under `--to durable`): the other direction handles them.
    pub other_direction: usize,
    /// Records the durable table cannot hold (a NOT NULL column with no value, a number column
    /// given text): the apply refuses.
    pub unwritable: Vec<String>,
    /// The durable table the rows are for.
    #[serde(skip)]
    pub table: Option<Arc<SkillTable>>,
    /// The snapshot the plan was made from (values and rows are built from it).
    #[serde(skip)]
    snap: Arc<Snapshot>,
    #[serde(skip)]
    prefix: String,
    /// The time written into filled-in timestamps.
    #[serde(skip)]
    now: String,
    /// Slugs whose durable row is written from their KV record, in write order.
    #[serde(skip)]
    row_slugs: Vec<String>,
    /// Records that parse as JSON objects but lack (or misstate) their identity field, with it
    /// set: what the repair mends them into.
    #[serde(skip)]
    repaired: std::collections::BTreeMap<String, Map<String, Value>>,
    /// KV values to write, in write order.
    #[serde(skip)]
    kv_writes: Vec<KvWrite>,
    /// The store's records carry a `slug` field: a record made from a durable row alone does too.
    #[serde(skip)]
    with_slug: bool,
}

impl BackfillPlan {
    pub fn is_empty(&self) -> bool {
        self.row_slugs.is_empty() && self.kv_writes.is_empty()
    }

    /// Durable rows to upsert.
    pub fn row_count(&self) -> usize {
        self.row_slugs.len()
    }

    /// KV values to write.
    pub fn kv_count(&self) -> usize {
        self.kv_writes.len()
    }

    /// The slugs whose rows are written, in write order.
    pub fn row_slugs(&self) -> &[String] {
        &self.row_slugs
    }

    fn table_ref(&self) -> &SkillTable {
        self.table.as_deref().expect("a plan's table")
    }

    fn record(&self, slug: &str) -> Option<&Map<String, Value>> {
        match self.snap.kv_records.get(slug) {
            Some(Ok(r)) => Some(r),
            _ => self.repaired.get(slug),
        }
    }

    /// The value as stored (bytes, metadata, expiration), when the snapshot holds it.
    pub fn entry(&self, slug: &str) -> Option<&crate::store::KvEntry> {
        self.snap.kv_entries.get(slug)
    }

    /// The value's text as stored and its parse: what a mend edits. A hand-built snapshot
    /// without entries stands in the record's own serialization.
    fn stored(&self, slug: &str) -> Option<(String, Map<String, Value>)> {
        match self.entry(slug) {
            Some(e) => {
                let text = e.text()?.to_string();
                let map = model::parse_record(&e.bytes).ok()?;
                Some((text, map))
            }
            None => {
                let rec = self.snap.kv_records.get(slug)?.as_ref().ok()?;
                Some((record_text(rec), rec.clone()))
            }
        }
    }

    fn durable_row(&self, slug: &str) -> Option<&Row> {
        self.snap.durable.as_ref().and_then(|d| d.get(slug))
    }

    /// The durable row written for `slug` (a full row: column → value), built from its record.
    pub fn row_for(&self, slug: &str) -> Option<Row> {
        let rec = self.record(slug)?;
        rows::row_from_record(
            self.table_ref(),
            slug,
            rec,
            self.durable_row(slug),
            &self.now,
        )
        .ok()
    }

    /// The durable rows of `slugs` (those the plan writes).
    pub fn rows_for(&self, slugs: &[String]) -> Vec<Row> {
        slugs.iter().filter_map(|s| self.row_for(s)).collect()
    }

    /// Every durable row the plan writes, built at once (tests, small plans).
    pub fn rows(&self) -> Vec<Row> {
        self.rows_for(&self.row_slugs)
    }

    fn kv_put(&self, w: &KvWrite) -> KvPut {
        let t = self.table_ref();
        let slug = w.slug.as_str();
        let key = format!("{}{slug}", self.prefix);
        let rec = self.record(slug);
        let record = match w.source {
            KvSource::Canonical => {
                let rec = rec.expect("a planned record");
                let row = self.row_for(slug).expect("a planned row");
                model::record_from_row(t, &row, slug, Some(rec))
            }
            KvSource::FromRow => {
                let row = self.durable_row(slug).expect("a planned durable row");
                model::record_from_row(t, row, slug, rec)
            }
            KvSource::Identity => rec.expect("a planned record").clone(),
            KvSource::ReplaceMalformed | KvSource::Missing => {
                let row = self.durable_row(slug).expect("a planned durable row");
                let mut rec = model::record_from_row(t, row, slug, None);
                identity::stamp(&mut rec, slug, self.with_slug);
                rec
            }
        };
        let text = match (w.source.action(), self.stored(slug)) {
            ("mend", Some((text, old))) => super::mend::mend(&text, &old, &record),
            _ => record_text(&record),
        };
        let put = KvPut::new(key, text);
        // Metadata and expiration are part of the value: a rewrite keeps them.
        match (w.source, self.entry(slug)) {
            (KvSource::Missing, _) | (_, None) => put,
            (_, Some(e)) => put.carrying(e),
        }
    }

    /// The KV values of writes `range` (in write order).
    pub fn kv_puts_in(&self, range: std::ops::Range<usize>) -> Vec<KvPut> {
        self.kv_writes[range]
            .iter()
            .map(|w| self.kv_put(w))
            .collect()
    }

    /// Every KV value the plan writes, built at once (tests, small plans).
    pub fn kv_puts(&self) -> Vec<KvPut> {
        self.kv_puts_in(0..self.kv_writes.len())
    }

    /// The slug of KV write `i`.
    pub fn kv_slug(&self, i: usize) -> &str {
        &self.kv_writes[i].slug
    }

    /// The key of KV write `i`.
    pub fn kv_key(&self, i: usize) -> String {
        format!("{}{}", self.prefix, self.kv_writes[i].slug)
    }

    /// KV values mended in place and replaced whole.
    pub fn kv_actions(&self) -> (usize, usize) {
        self.kv_writes
            .iter()
            .fold((0, 0), |(m, r), w| match w.source.action() {
                "mend" => (m + 1, r),
                "replace" => (m, r + 1),
                _ => (m, r),
            })
    }

    /// Whether a KV value is overwritten (so backed up).
    pub fn overwrites(&self) -> bool {
        self.kv_writes.iter().any(|w| w.source != KvSource::Missing)
    }
}

fn kv_wins(authority: Authority, t: &SkillTable, rec: &Map<String, Value>, row: &Row) -> bool {
    match authority {
        Authority::Durable => false,
        Authority::Kv => true,
        Authority::Newest => {
            // Either side may hold an epoch number (Prisma's SQLite `DateTime`).
            let instant = |v: Option<&Value>| v.and_then(value::instant_of);
            let kv = instant(rec.get("updatedAt"));
            let db = instant(t.updated.as_ref().and_then(|c| row.get(c)));
            match (kv, db) {
                (Some(k), Some(d)) => k > d,
                (Some(_), None) => true,
                _ => false,
            }
        }
    }
}

fn record_text(rec: &Map<String, Value>) -> String {
    serde_json::to_string(rec).unwrap_or_default()
}

/// Builds the plan from a complete snapshot (KV values and whole durable rows read), which it
/// keeps to build the writes from. Only fields the durable table has a column for are compared or
/// written; every other field of a KV record stays exactly as it is. A value that parses as a
/// JSON object is mended (its identity field set, mismatched mapped fields changed); only a
/// value that is not an object is replaced from its durable row.
pub fn plan(
    snap: Arc<Snapshot>,
    layout: &Layout,
    options: BackfillOptions,
    now: &str,
) -> BackfillPlan {
    // Values rebuilt from rows are typed back the way this store's records spell them.
    let table = Arc::new(
        snap.table()
            .with_record_spellings(snap.kv_records.values().filter_map(|r| r.as_ref().ok())),
    );
    let t = table.as_ref();
    let mut p = BackfillPlan {
        table: Some(table.clone()),
        snap: snap.clone(),
        prefix: layout.skill_prefix.clone(),
        now: now.to_string(),
        with_slug: identity::peers_carry_slug(
            snap.kv_records.values().filter_map(|r| r.as_ref().ok()),
        ),
        ..Default::default()
    };
    let empty = Default::default();
    let durable = snap.durable.as_ref().unwrap_or(&empty);
    let item = |slug: &str, writes: &'static str, reason: &'static str, fields: Vec<String>| {
        BackfillItem {
            slug: slug.into(),
            writes,
            reason,
            fields,
            kv_write: None,
        }
    };
    let kv = |p: &mut BackfillPlan, mut it: BackfillItem, source: KvSource| {
        it.kv_write = Some(source.action());
        p.items.push(it);
        p.kv_writes.push(KvWrite {
            slug: it_slug(&p.items),
            source,
        })
    };
    // A durable row written from a record; if the record does not round-trip (a default filled in),
    // its KV value is mended too, so no field_mismatch is left behind. The row is built here to
    // check it and dropped: the apply builds it again for its batch. Says whether a KV write was
    // planned.
    let write_row =
        |p: &mut BackfillPlan, slug: &str, rec: &Map<String, Value>, existing: Option<&Row>| {
            match rows::row_from_record(t, slug, rec, existing, now) {
                Ok(new_row) => {
                    let diffs = model::record_row_differences(t, rec, &new_row);
                    let kv_too = !diffs.is_empty();
                    if kv_too {
                        let fields = diffs.into_iter().map(|d| d.0).collect();
                        kv(
                            p,
                            item(slug, "kv", "field_mismatch", fields),
                            KvSource::Canonical,
                        );
                    }
                    p.row_slugs.push(slug.to_string());
                    kv_too
                }
                Err(why) => {
                    p.unwritable.push(why);
                    false
                }
            }
        };

    for (slug, parsed) in &snap.kv_records {
        let row = durable.get(slug);
        // A value that is a JSON object but lacks (or misstates) its identity field is mended
        // like any record, with the identity set; one that is not an object cannot be.
        let (rec, identity) = match parsed {
            Ok(rec) => (std::borrow::Cow::Borrowed(rec), None),
            Err(_) => {
                let object = snap
                    .kv_entries
                    .get(slug)
                    .and_then(|e| model::parse_record(&e.bytes).ok());
                match (object, row) {
                    (Some(obj), Some(_)) => {
                        let id = identity::field(&obj);
                        let mut fixed = obj;
                        fixed.insert(id.into(), Value::String(slug.clone()));
                        p.repaired.insert(slug.clone(), fixed.clone());
                        (std::borrow::Cow::Owned(fixed), Some(id))
                    }
                    // Nothing stands in for a malformed value without a durable row: left alone.
                    (_, None) => {
                        p.malformed_skipped
                            .push(format!("{}{slug}", layout.skill_prefix));
                        continue;
                    }
                    // Not an object: the durable row replaces it (its bytes backed up first).
                    (None, Some(_)) => {
                        kv(
                            &mut p,
                            item(slug, "kv", "malformed_value", Vec::new()),
                            KvSource::ReplaceMalformed,
                        );
                        continue;
                    }
                }
            }
        };
        let rec = rec.as_ref();
        match row {
            None => {
                if options.to != Direction::Durable {
                    p.other_direction += 1;
                    continue;
                }
                p.items
                    .push(item(slug, "durable", "missing_in_durable", Vec::new()));
                write_row(&mut p, slug, rec, None);
            }
            Some(row) => {
                let diffs = model::record_row_differences(t, rec, row);
                let mut fields: Vec<String> = diffs.into_iter().map(|d| d.0).collect();
                let reason = if identity.is_some() {
                    "malformed_value"
                } else {
                    "field_mismatch"
                };
                if fields.is_empty() {
                    match identity {
                        Some(id) => kv(
                            &mut p,
                            item(slug, "kv", reason, vec![id.to_string()]),
                            KvSource::Identity,
                        ),
                        None => p.unchanged += 1,
                    }
                    continue;
                }
                if kv_wins(options.authority, t, rec, row) {
                    p.items.push(item(slug, "durable", reason, fields));
                    let mended = write_row(&mut p, slug, rec, Some(row));
                    if let (Some(id), false) = (identity, mended) {
                        kv(
                            &mut p,
                            item(slug, "kv", reason, vec![id.to_string()]),
                            KvSource::Identity,
                        );
                    }
                } else {
                    if let Some(id) = identity {
                        fields.insert(0, id.to_string());
                    }
                    kv(&mut p, item(slug, "kv", reason, fields), KvSource::FromRow);
                }
            }
        }
    }
    for (slug, _) in durable.iter() {
        if snap.kv_records.contains_key(slug.as_str()) {
            continue;
        }
        if options.to == Direction::Kv {
            kv(
                &mut p,
                item(slug, "kv", "missing_kv_value", Vec::new()),
                KvSource::Missing,
            );
        } else {
            p.other_direction += 1;
        }
    }
    p
}

/// The slug of the item just pushed.
fn it_slug(items: &[BackfillItem]) -> String {
    items.last().map(|i| i.slug.clone()).unwrap_or_default()
}

/// Why the plan may not be applied (exit 5, before any write): durable rows to write into a table
/// with a column mkt cannot fill, or records its columns cannot hold.
pub fn refusal(plan: &BackfillPlan) -> Option<String> {
    if plan.row_slugs.is_empty() && plan.unwritable.is_empty() {
        return None;
    }
    if let Some(why) = plan.table.as_ref().and_then(|t| t.write_refusal()) {
        return Some(why);
    }
    plan.unwritable.first().map(|why| {
        let more = match plan.unwritable.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        format!("{why}{more}; nothing was written — fix the record or the column")
    })
}

/// Multi-row upserts of the plan's rows, within the durable dialect's limits.
pub fn upsert_statements(table: &SkillTable, rows: &[Row]) -> Vec<Upsert> {
    sql::upserts(table, rows)
}

/// Groups upserts into requests: at most `per_request` statements each and within the durable
/// database's batch limits ([`SqlLimits`], by [`Statement::size`](crate::store::Statement::size)),
/// so each group is the one request (one transaction) the store sends it as.
pub fn group_requests(
    stmts: Vec<Upsert>,
    per_request: usize,
    limits: SqlLimits,
) -> Vec<Vec<Upsert>> {
    let per_request = per_request.clamp(1, limits.batch_statements);
    let mut out: Vec<Vec<Upsert>> = Vec::new();
    let mut cur: Vec<Upsert> = Vec::new();
    let mut bytes = 0;
    for s in stmts {
        let b = s.stmt.size();
        if !cur.is_empty() && (cur.len() >= per_request || bytes + b > limits.batch_bytes) {
            out.push(std::mem::take(&mut cur));
            bytes = 0;
        }
        bytes += b;
        cur.push(s);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
