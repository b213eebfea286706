//! Undoing a run from its exact backup (`run_backup`): every KV value it overwrote or deleted is
//! put back byte for byte with its metadata and expiration, every key it created is deleted,
//! every durable row it updated gets back every column, every row it inserted is deleted. Only
//! what the run wrote is touched. A key or row that changed after the run (it is neither what the
//! run wrote nor what was there before) is refused unless forced. The undo is itself a run,
//! through the same pipeline, with its own exact backup: it can be undone.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use serde_json::{json, Value};

use super::flow::{Batch, Repair, Verification};
use super::run_backup::{self, KvLine, RowLine, RunBackup, Stored, Written};
use crate::config::Layout;
use crate::durable::{self, DurableDb};
use crate::exit::Failure;
use crate::schema::{sql, value, Meaning, Role, SkillTable};
use crate::store::{KvEntry, KvPut, Row, Store};

pub const COMMAND: &str = "runs-undo";

/// What undoing one KV key does.
#[derive(Clone, Debug, Serialize)]
pub struct KvUndo {
    pub key: String,
    pub role: String,
    /// `put_back` (the value before the run) or `delete` (the run created the key).
    pub action: &'static str,
    /// The key changed after the run (refused unless forced).
    pub changed_after: bool,
    #[serde(skip)]
    current: Option<KvEntry>,
    #[serde(skip)]
    restore: Option<KvEntry>,
}

/// What undoing one durable row does.
#[derive(Clone, Debug, Serialize)]
pub struct RowUndo {
    pub key: String,
    /// `put_back` (every column as before the run) or `delete` (the run inserted it).
    pub action: &'static str,
    pub changed_after: bool,
    #[serde(skip)]
    current: Option<Row>,
    #[serde(skip)]
    restore: Option<Row>,
}

/// The undo of one run, planned from its backup and the store as it is now.
#[derive(Clone, Debug, Serialize)]
pub struct UndoPlan {
    pub run_id: String,
    pub command: String,
    pub backup: String,
    pub kv: Vec<KvUndo>,
    pub rows: Vec<RowUndo>,
    /// Keys and rows already as they were before the run (never written, or put back): left alone.
    pub unchanged: usize,
    /// What changed after the run: `key` (KV) or `row KEY`.
    pub changed: Vec<String>,
    pub force: bool,
    #[serde(skip)]
    table: Option<Arc<SkillTable>>,
}

impl UndoPlan {
    pub fn is_empty(&self) -> bool {
        self.kv.is_empty() && self.rows.is_empty()
    }
    fn count(&self, kv: bool, action: &str) -> usize {
        if kv {
            self.kv.iter().filter(|k| k.action == action).count()
        } else {
            self.rows.iter().filter(|k| k.action == action).count()
        }
    }
    /// (KV values put back, KV keys deleted, rows put back, rows deleted).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        (
            self.count(true, "put_back"),
            self.count(true, "delete"),
            self.count(false, "put_back"),
            self.count(false, "delete"),
        )
    }
}

fn same_entry(a: Option<&KvEntry>, b: Option<&KvEntry>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a.bytes == b.bytes && a.metadata == b.metadata && a.expiration == b.expiration
        }
        _ => false,
    }
}

fn written_is(after: Option<&Written>, current: Option<&KvEntry>) -> bool {
    match (after, current) {
        (None, None) => true,
        (Some(w), Some(c)) => w.matches(c),
        _ => false,
    }
}

/// What a column means, for comparing what the run wrote with what is there now.
fn meaning_of(t: &SkillTable, column: &str) -> Meaning {
    match t
        .columns
        .iter()
        .position(|c| c.name == column)
        .map(|i| &t.roles[i])
    {
        Some(Role::Field { meaning, .. }) => *meaning,
        Some(Role::CreatedAt | Role::UpdatedAt) => Meaning::Instant,
        _ => Meaning::Text,
    }
}

/// Whether `current` holds what the run wrote (`after`'s columns, by meaning).
fn row_written_is(t: &SkillTable, after: Option<&Row>, current: Option<&Row>) -> bool {
    match (after, current) {
        (None, None) => true,
        (Some(a), Some(c)) => a
            .iter()
            .all(|(col, v)| value::same(meaning_of(t, col), Some(v), c.get(col))),
        _ => false,
    }
}

/// Whether `current` is the row `before` was (every column backed up, exactly as read).
fn same_row(t: &SkillTable, before: Option<&Row>, current: Option<&Row>) -> bool {
    match (before, current) {
        (None, None) => true,
        (Some(b), Some(c)) => b
            .iter()
            .filter(|(col, _)| !t.column(col).is_some_and(|c| c.auto))
            .all(|(col, v)| c.get(col) == Some(v)),
        _ => false,
    }
}

/// A row as written back: every column but those the database fills itself.
fn restorable(t: &SkillTable, row: &Row) -> Row {
    row.iter()
        .filter(|(col, _)| !t.column(col).is_some_and(|c| c.auto))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Plans the undo of `run_id` on `store`. Refuses (exit 5) a run made on another target; a run
/// without an exact backup cannot be undone (exit 2).
pub async fn plan(
    store: &Store,
    db: &DurableDb,
    layout: &Layout,
    state_dir: &Path,
    run_id: &str,
    force: bool,
) -> anyhow::Result<UndoPlan> {
    let path = run_backup::path_of(state_dir, run_id);
    if !path.exists() {
        let journal = super::journal::runs_dir(state_dir).join(format!("{run_id}.jsonl"));
        return Err(if journal.exists() {
            Failure::usage(format!(
                "run {run_id} has no exact backup at {} (it wrote nothing, or it is a run mkt keeps no backup for); nothing to undo",
                path.display()
            ))
        } else {
            Failure::usage(format!(
                "no run {run_id} under {}; list runs with `mkt runs list`",
                super::journal::runs_dir(state_dir).display()
            ))
        });
    }
    let b = RunBackup::load(&path)?;
    let header = b
        .header
        .clone()
        .ok_or_else(|| Failure::usage(format!("{} has no header line", path.display())))?;
    if header.target_description != store.description {
        return Err(Failure::refused(format!(
            "run {run_id} was made on {}, not on {}; nothing was written — undo it with the target it ran on",
            header.target_description, store.description,
        )));
    }
    let keys: Vec<String> = b.kv.iter().map(|k| k.key.clone()).collect();
    let current = if keys.is_empty() {
        BTreeMap::new()
    } else {
        crate::store::read_entries(store.kv.as_ref(), &keys).await?
    };
    let mut out = UndoPlan {
        run_id: run_id.to_string(),
        command: header.command.clone(),
        backup: path.display().to_string(),
        kv: Vec::new(),
        rows: Vec::new(),
        unchanged: 0,
        changed: Vec::new(),
        force,
        table: None,
    };
    let now = chrono::Utc::now().timestamp();
    for line in &b.kv {
        let cur = current.get(&line.key).cloned().flatten();
        // A value whose expiration has passed would be gone by now: putting it back is deleting.
        let before = line
            .before
            .as_ref()
            .map(Stored::entry)
            .filter(|e| e.expiration.is_none_or(|x| x > now));
        if same_entry(cur.as_ref(), before.as_ref()) {
            out.unchanged += 1;
            continue;
        }
        let changed_after = !written_is(line.after.as_ref(), cur.as_ref());
        if changed_after {
            out.changed.push(line.key.clone());
        }
        out.kv.push(KvUndo {
            key: line.key.clone(),
            role: line.role.clone(),
            action: if before.is_some() {
                "put_back"
            } else {
                "delete"
            },
            changed_after,
            current: cur,
            restore: before,
        });
    }
    if !b.rows.is_empty() {
        let table = durable::table(db, layout)
            .await
            .map_err(|e| crate::error::failure(&e))?;
        if let Some(d) = &header.durable {
            if d.table != table.table || d.key != table.key {
                return Err(Failure::refused(format!(
                    "run {run_id} wrote rows of table {} (key {}), but the durable table is now {} (key {}); nothing was written",
                    d.table, d.key, table.table, table.key
                )));
            }
        }
        let keys: Vec<String> = b.rows.iter().map(|r| r.key.clone()).collect();
        let current = durable::read_full_rows(db, &table, &keys, 100).await?;
        for line in &b.rows {
            let cur = current.get(&line.key).cloned();
            if same_row(&table, line.before.as_ref(), cur.as_ref()) {
                out.unchanged += 1;
                continue;
            }
            let changed_after = !row_written_is(&table, line.after.as_ref(), cur.as_ref());
            if changed_after {
                out.changed.push(format!("row {}", line.key));
            }
            out.rows.push(RowUndo {
                key: line.key.clone(),
                action: if line.before.is_some() {
                    "put_back"
                } else {
                    "delete"
                },
                changed_after,
                current: cur,
                restore: line.before.as_ref().map(|r| restorable(&table, r)),
            });
        }
        out.table = Some(table);
    }
    // The index last, as every repair writes it.
    out.kv.sort_by_key(|k| k.role == "index");
    Ok(out)
}

/// What the read-back after an undo found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UndoVerified {
    pub kv_expected: usize,
    /// KV keys read back exactly as before the run (bytes, metadata, expiration) or absent.
    pub kv_matching: usize,
    pub rows_expected: usize,
    pub rows_matching: usize,
}

impl Verification for UndoVerified {
    fn ok(&self) -> bool {
        self.kv_expected == self.kv_matching && self.rows_expected == self.rows_matching
    }
    fn describe(&self) -> String {
        format!(
            "read-back differs from the run's backup ({}/{} keys, {}/{} rows as before)",
            self.kv_matching, self.kv_expected, self.rows_matching, self.rows_expected
        )
    }
}

/// Rows and KV writes per batch.
const ROWS_PER_BATCH: usize = 500;
const KV_PER_BATCH: usize = 10_000;

/// An undo plan as a repair for `flow::run`: durable rows first, then KV values, the index last.
pub struct UndoRepair<'a> {
    pub store: &'a Store,
    pub db: &'a DurableDb,
    pub plan: &'a UndoPlan,
    run_id: String,
}

impl<'a> UndoRepair<'a> {
    pub fn new(store: &'a Store, db: &'a DurableDb, plan: &'a UndoPlan) -> Self {
        UndoRepair {
            store,
            db,
            plan,
            run_id: String::new(),
        }
    }

    fn kv_batches(&self) -> Vec<(String, Vec<&KvUndo>)> {
        let mut out = Vec::new();
        for (step, pick) in [
            (
                "kv",
                &(|k: &&KvUndo| k.role != "index") as &dyn Fn(&&KvUndo) -> bool,
            ),
            ("index", &|k: &&KvUndo| k.role == "index"),
        ] {
            let items: Vec<&KvUndo> = self.plan.kv.iter().filter(pick).collect();
            for chunk in items.chunks(KV_PER_BATCH) {
                out.push((step.to_string(), chunk.to_vec()));
            }
        }
        out
    }
}

#[async_trait]
impl Repair for UndoRepair<'_> {
    type Verified = UndoVerified;

    fn command(&self) -> &str {
        COMMAND
    }
    fn options(&self) -> Value {
        json!({"run": self.plan.run_id, "force": self.plan.force})
    }
    fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }
    fn guards(&self) -> anyhow::Result<()> {
        if self.plan.changed.is_empty() || self.plan.force {
            return Ok(());
        }
        let n = self.plan.changed.len();
        let shown: Vec<&str> = self
            .plan
            .changed
            .iter()
            .take(10)
            .map(String::as_str)
            .collect();
        let more = if n > 10 {
            format!(" and {} more", n - 10)
        } else {
            String::new()
        };
        Err(Failure::refused(format!(
            "{n} of the keys run {} wrote changed after it: {}{more}; nothing was written — see `mkt runs show {}`, or pass --force to put the run's backup back over them too",
            self.plan.run_id,
            shown.join(", "),
            self.plan.run_id
        )))
    }
    fn question(&self) -> String {
        let (kv_put, kv_del, rows_put, rows_del) = self.plan.counts();
        format!(
            "Undo run {}: put back {kv_put} KV values, delete {kv_del} KV keys, put back {rows_put} rows, delete {rows_del} rows",
            self.plan.run_id
        )
    }
    fn begin(&mut self, run_id: &str) {
        self.run_id = run_id.to_string();
    }
    fn target(&self) -> Option<String> {
        Some(run_backup::target_name(self.store).to_string())
    }
    /// The undo's own exact backup: what is there now, and what the undo writes.
    async fn backup(&mut self, state_dir: &Path) -> anyhow::Result<Vec<String>> {
        let table = self.plan.table.as_deref();
        let header = run_backup::header(
            self.store,
            &self.run_id,
            COMMAND,
            table
                .filter(|_| !self.plan.rows.is_empty())
                .map(|t| (self.db, t)),
        );
        let mut w = run_backup::Writer::open(state_dir, &header)?;
        for r in &self.plan.rows {
            w.row(RowLine {
                key: r.key.clone(),
                existed: r.current.is_some(),
                before: r.current.clone(),
                after: r.restore.clone(),
            })?;
        }
        for k in &self.plan.kv {
            w.kv(KvLine {
                key: k.key.clone(),
                role: k.role.clone(),
                existed: k.current.is_some(),
                before: k.current.as_ref().map(Stored::of),
                after: k
                    .restore
                    .as_ref()
                    .map(|e| Written::of_put(&KvPut::entry(&k.key, e))),
            })?;
        }
        Ok(vec![w.finish()?.display().to_string()])
    }
    fn batches(&self) -> Vec<Batch> {
        let mut out = Vec::new();
        for (i, chunk) in self.plan.rows.chunks(ROWS_PER_BATCH).enumerate() {
            out.push(Batch {
                step: "durable".into(),
                number: i + 1,
                keys: chunk.iter().map(|r| r.key.clone()).collect(),
            });
        }
        let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
        for (step, chunk) in self.kv_batches() {
            let n = numbers.entry(step.clone()).or_default();
            *n += 1;
            out.push(Batch {
                step,
                number: *n,
                keys: chunk.iter().map(|k| k.key.clone()).collect(),
            });
        }
        out
    }
    async fn apply(&mut self, batch: &Batch) -> anyhow::Result<usize> {
        if batch.step == "durable" {
            let table = self.plan.table.as_deref().expect("a table for rows");
            let chunk = &self.plan.rows[(batch.number - 1) * ROWS_PER_BATCH..][..batch.keys.len()];
            let puts: Vec<Row> = chunk.iter().filter_map(|r| r.restore.clone()).collect();
            let deletes: Vec<String> = chunk
                .iter()
                .filter(|r| r.restore.is_none())
                .map(|r| r.key.clone())
                .collect();
            let mut stmts: Vec<crate::store::Statement> = sql::upserts(table, &puts)
                .into_iter()
                .map(|u| u.stmt)
                .collect();
            stmts.extend(sql::deletes(table, &deletes));
            durable::write(self.db, &stmts).await?;
            return Ok(chunk.len());
        }
        let chunk = self
            .kv_batches()
            .into_iter()
            .filter(|(s, _)| *s == batch.step)
            .nth(batch.number - 1)
            .map(|(_, c)| c)
            .expect("a planned KV batch");
        let puts: Vec<KvPut> = chunk
            .iter()
            .filter_map(|k| k.restore.as_ref().map(|e| KvPut::entry(&k.key, e)))
            .collect();
        let deletes: Vec<String> = chunk
            .iter()
            .filter(|k| k.restore.is_none())
            .map(|k| k.key.clone())
            .collect();
        let mut done = 0;
        if !puts.is_empty() {
            let r = self.store.kv.put_many(&puts).await?;
            if !r.failed.is_empty() {
                anyhow::bail!("{} keys not written after retries", r.failed.len());
            }
            done += r.succeeded;
        }
        if !deletes.is_empty() {
            let r = self.store.kv.delete_many(&deletes).await?;
            if !r.failed.is_empty() {
                anyhow::bail!("{} keys not deleted after retries", r.failed.len());
            }
            done += r.succeeded;
        }
        Ok(done)
    }
    async fn verify(&mut self) -> anyhow::Result<UndoVerified> {
        let mut v = UndoVerified {
            kv_expected: self.plan.kv.len(),
            rows_expected: self.plan.rows.len(),
            ..Default::default()
        };
        if !self.plan.kv.is_empty() {
            let keys: Vec<String> = self.plan.kv.iter().map(|k| k.key.clone()).collect();
            let back = crate::store::read_entries(self.store.kv.as_ref(), &keys).await?;
            for k in &self.plan.kv {
                let got = back.get(&k.key).cloned().flatten();
                // An expiration put back nearer than KV takes was moved to the nearest it takes.
                let want = k
                    .restore
                    .as_ref()
                    .map(|e| KvPut::entry(&k.key, e))
                    .map(|p| KvEntry {
                        bytes: p.value_bytes(),
                        metadata: p.metadata,
                        expiration: p.expiration,
                        complete: true,
                    });
                let near = |a: Option<i64>, b: Option<i64>| match (a, b) {
                    (Some(a), Some(b)) => (a - b).abs() <= 5,
                    (a, b) => a == b,
                };
                let ok = match (&want, &got) {
                    (None, None) => true,
                    (Some(w), Some(g)) => {
                        w.bytes == g.bytes
                            && w.metadata == g.metadata
                            && near(w.expiration, g.expiration)
                    }
                    _ => false,
                };
                if ok {
                    v.kv_matching += 1;
                }
            }
        }
        if let Some(table) = self
            .plan
            .table
            .as_deref()
            .filter(|_| !self.plan.rows.is_empty())
        {
            let keys: Vec<String> = self.plan.rows.iter().map(|r| r.key.clone()).collect();
            let back = durable::read_full_rows(self.db, table, &keys, 100).await?;
            for r in &self.plan.rows {
                if same_row(table, r.restore.as_ref(), back.get(&r.key)) {
                    v.rows_matching += 1;
                }
            }
        }
        Ok(v)
    }
}
