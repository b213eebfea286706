//! Applying an index plan: re-read the index just before writing (recomputing the union if another
//! writer changed it, or refusing a saved plan), back up the blob, delete orphaned aliases, write the
//! index last, then read it back and verify. Every step is journaled.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Value};

use super::backup::{self, Backup};
use super::flow::{Batch, FlowOutcome, Repair, Verification};
use super::index_plan::{self, IndexPlan};
use super::plan_file::sha256_hex;
use crate::config::Layout;
use crate::exit::Failure;
use crate::model;
use crate::sources::Snapshot;
use crate::store::{KvPut, Store};
use async_trait::async_trait;

/// What the read-back after writing checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Verified {
    /// The index read back has exactly the bytes written.
    pub index_sha256_matches: bool,
    /// Entries in the index read back.
    pub index_entries: usize,
    /// Live slugs the plan put in the index, and how many of them the read-back holds.
    pub live_slugs_expected: usize,
    pub live_slugs_present: usize,
    /// Deleted alias keys confirmed absent.
    pub aliases_deleted_absent: usize,
}

impl Verified {
    pub fn ok(&self) -> bool {
        self.index_sha256_matches && self.live_slugs_present == self.live_slugs_expected
    }
}

/// How the plan being applied was made.
pub enum Mode {
    /// Planned in this run: if the index changed meanwhile, the union is recomputed.
    Live,
    /// From a plan file: any change since is a stale plan (exit 5).
    Saved,
}

pub struct Applied {
    /// The run's exact backup (`mkt runs undo` puts it back).
    pub run_backup: Option<String>,
    pub plan: IndexPlan,
    pub backup: Option<Backup>,
    pub aliases_deleted: usize,
    pub aliases_backup: Option<String>,
    pub verified: Verified,
    /// The union was recomputed because another writer changed the index after the plan.
    pub recomputed: bool,
    pub run_id: String,
    pub journal: String,
}

/// An index plan (made from `snap`) as a repair for `flow::run`. Just before writing it re-reads the
/// index: another writer's change makes a live plan recompute the union (guards checked again) and
/// a saved plan refuse. Then: back up the blob (file and KV key), delete orphaned aliases (their
/// values saved first), write the index last, read it back.
pub struct IndexRepair<'a> {
    store: &'a Store,
    layout: &'a Layout,
    snap: Snapshot,
    pub plan: IndexPlan,
    max_delete: usize,
    mode: Mode,
    current: Option<crate::sources::IndexSnapshot>,
    pub backup: Option<Backup>,
    pub aliases_backup: Option<String>,
    pub aliases_deleted: usize,
    pub recomputed: bool,
    state_dir: std::path::PathBuf,
    /// The run's id, and its exact backup once written.
    run_id: String,
    pub run_backup: Option<String>,
}

impl<'a> IndexRepair<'a> {
    pub fn new(
        store: &'a Store,
        layout: &'a Layout,
        state_dir: &Path,
        snap: &Snapshot,
        plan: IndexPlan,
        max_delete: usize,
        mode: Mode,
    ) -> Self {
        IndexRepair {
            store,
            layout,
            snap: snap.clone(),
            plan,
            max_delete,
            mode,
            current: None,
            backup: None,
            aliases_backup: None,
            aliases_deleted: 0,
            recomputed: false,
            state_dir: state_dir.to_path_buf(),
            run_id: String::new(),
            run_backup: None,
        }
    }

    /// The index write: the new blob, carrying the metadata and expiration of the one there.
    fn index_put(&self) -> KvPut {
        let text = String::from_utf8(self.plan.new_index_bytes()).unwrap_or_default();
        let put = KvPut::new(self.layout.index_key.clone(), text);
        match self.current.as_ref().filter(|c| c.exists) {
            Some(c) => put.carrying(&crate::store::KvEntry {
                metadata: c.metadata.clone(),
                expiration: c.expiration,
                ..Default::default()
            }),
            None => put,
        }
    }

    pub fn applied(self, o: FlowOutcome<Verified>) -> Applied {
        Applied {
            run_backup: self.run_backup,
            plan: self.plan,
            backup: self.backup,
            aliases_deleted: self.aliases_deleted,
            aliases_backup: self.aliases_backup,
            verified: o.verified,
            recomputed: self.recomputed,
            run_id: o.run_id,
            journal: o.journal,
        }
    }
}

/// Applies an index plan that needs no (more) confirmation through the pipeline.
pub async fn apply(
    store: &Store,
    layout: &Layout,
    state_dir: &Path,
    snap: &Snapshot,
    plan: IndexPlan,
    max_delete: usize,
    mode: Mode,
) -> anyhow::Result<Applied> {
    let mut repair = IndexRepair::new(store, layout, state_dir, snap, plan, max_delete, mode);
    let outcome = super::flow::run(
        &mut repair,
        super::flow::FlowOptions {
            state_dir,
            confirm: &|_| Ok(()),
            progress: &indicatif::ProgressBar::hidden(),
            resume: None,
            rerun: &|_| "mkt index rebuild --apply --yes".to_string(),
        },
    )
    .await?;
    Ok(repair.applied(outcome))
}

impl Verification for Verified {
    fn ok(&self) -> bool {
        Verified::ok(self)
    }
    fn describe(&self) -> String {
        format!(
            "the index read back does not match what was written ({} of {} live slugs present)",
            self.live_slugs_present, self.live_slugs_expected
        )
    }
}

#[async_trait]
impl Repair for IndexRepair<'_> {
    type Verified = Verified;

    fn command(&self) -> &str {
        "index-rebuild"
    }
    fn options(&self) -> Value {
        json!({"prune": self.plan.options.prune, "fix_aliases": self.plan.options.fix_aliases, "max_delete": self.max_delete})
    }
    fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }
    fn guards(&self) -> anyhow::Result<()> {
        super::check_index_guards(&self.plan, self.max_delete)
    }
    fn question(&self) -> String {
        format!(
            "Write {}: {} entries ({} added, {} updated, {} pruned), {} aliases deleted",
            self.layout.index_key,
            self.plan.new_index.len(),
            self.plan.added,
            self.plan.updated,
            self.plan.pruned,
            self.plan.alias_deletes.len()
        )
    }
    async fn prepare(&mut self) -> anyhow::Result<()> {
        // The last read before writing: another writer may have changed the index since the plan.
        let current = super::reader::read_index(self.store, self.layout)
            .await
            .map_err(|e| {
                Failure::incomplete(format!(
                    "could not re-read the index before writing ({e}); nothing was written"
                ))
            })?;
        let planned_sha = self
            .snap
            .index
            .as_ref()
            .map(|i| i.sha256.clone())
            .unwrap_or_default();
        if current.sha256 != planned_sha {
            match self.mode {
                Mode::Saved => {
                    return Err(Failure::refused(
                        "stale plan: the index changed since the plan was made; nothing was written — plan again",
                    ))
                }
                Mode::Live => {
                    self.snap.index = Some(current.clone());
                    self.plan = index_plan::plan(&self.snap, self.layout, self.plan.options);
                    super::check_index_guards(&self.plan, self.max_delete)?;
                    self.recomputed = true;
                }
            }
        }
        let mut current = current;
        if current.exists && self.plan.writes_index() {
            // Metadata is part of the value: the rewrite carries it over.
            current.metadata = self
                .store
                .kv
                .get_metadata(&self.layout.index_key)
                .await
                .map_err(|e| {
                    Failure::incomplete(format!(
                        "could not read the index's metadata before writing ({e}); nothing was written"
                    ))
                })?;
        }
        self.current = Some(current);
        Ok(())
    }
    fn begin(&mut self, run_id: &str) {
        self.run_id = run_id.to_string();
    }
    fn target(&self) -> Option<String> {
        Some(super::run_backup::target_name(self.store).to_string())
    }
    /// The run's exact backup (the alias values it deletes and the index blob it overwrites, as
    /// stored, with what it writes), then the index blob's own backups (a file and a KV key, which
    /// `mkt index restore` takes).
    async fn backup(&mut self, state_dir: &Path) -> anyhow::Result<Vec<String>> {
        use super::run_backup::{self, KvLine, Stored, Written};
        let current = self.current.clone().expect("prepared");
        let header = run_backup::header(self.store, &self.run_id, self.command(), None);
        let mut w = run_backup::Writer::open(state_dir, &header)?;
        let mut out = Vec::new();
        if !self.plan.alias_deletes.is_empty() {
            let got = crate::store::read_entries(self.store.kv.as_ref(), &self.plan.alias_deletes)
                .await?;
            let mut legacy = serde_json::Map::new();
            for key in &self.plan.alias_deletes {
                let before = got.get(key).cloned().flatten();
                if let Some(text) = before.as_ref().and_then(|e| e.text()) {
                    legacy.insert(key.clone(), Value::String(text.to_string()));
                }
                w.kv(KvLine {
                    key: key.clone(),
                    role: "alias".into(),
                    existed: before.is_some(),
                    before: before.as_ref().map(Stored::of),
                    after: None,
                })?;
            }
            // The raw values, exactly as stored, so a deleted alias can also be put back by hand.
            self.aliases_backup = Some(
                backup::backup_values(&self.state_dir, "aliases", &Value::Object(legacy))?
                    .display()
                    .to_string(),
            );
        }
        if self.plan.writes_index() {
            let put = self.index_put();
            let before = current.exists.then(|| crate::store::KvEntry {
                bytes: current.raw.clone(),
                metadata: current.metadata.clone(),
                expiration: current.expiration,
                complete: true,
            });
            w.kv(KvLine {
                key: self.layout.index_key.clone(),
                role: "index".into(),
                existed: current.exists,
                before: before.as_ref().map(Stored::of),
                after: Some(Written::of_put(&put)),
            })?;
            if current.exists {
                let b =
                    backup::backup_index(self.store, self.layout, &self.state_dir, &current.raw)
                        .await?;
                w.kv(KvLine {
                    key: b.kv_key.clone(),
                    role: "index_backup".into(),
                    existed: false,
                    before: None,
                    after: Some(Written::of_entry(&crate::store::KvEntry {
                        bytes: current.raw.clone(),
                        ..Default::default()
                    })),
                })?;
                out.extend([b.file.clone(), b.kv_key.clone()]);
                self.backup = Some(b);
            }
        }
        let file = w.finish()?.display().to_string();
        self.run_backup = Some(file.clone());
        out.insert(0, file);
        Ok(out)
    }
    fn batches(&self) -> Vec<Batch> {
        let mut out = Vec::new();
        if !self.plan.alias_deletes.is_empty() {
            out.push(Batch {
                step: "alias_delete".into(),
                number: 1,
                keys: self.plan.alias_deletes.clone(),
            });
        }
        if self.plan.writes_index() {
            out.push(Batch {
                step: "index".into(),
                number: 1,
                keys: vec![self.layout.index_key.clone()],
            });
        }
        out
    }
    async fn apply(&mut self, batch: &Batch) -> anyhow::Result<usize> {
        if batch.step == "alias_delete" {
            let report = self.store.kv.delete_many(&self.plan.alias_deletes).await?;
            if !report.failed.is_empty() {
                anyhow::bail!("{} alias keys not deleted", report.failed.len());
            }
            self.aliases_deleted = report.succeeded;
            return Ok(report.succeeded);
        }
        let report = self.store.kv.put_many(&[self.index_put()]).await?;
        if !report.failed.is_empty() {
            anyhow::bail!("the index write was not acknowledged");
        }
        Ok(1)
    }
    async fn verify(&mut self) -> anyhow::Result<Verified> {
        verify(self.store, self.layout, &self.plan, &self.snap).await
    }
    fn failpoints(&self, batch: &Batch) -> (Option<String>, Option<String>) {
        match batch.step.as_str() {
            "index" => (
                Some("before_index_write".into()),
                Some("after_index_write".into()),
            ),
            _ => (None, None),
        }
    }
}

async fn verify(
    store: &Store,
    layout: &Layout,
    plan: &IndexPlan,
    snap: &Snapshot,
) -> anyhow::Result<Verified> {
    let live = index_plan::live_slugs(snap, plan.options.keys_only);
    let expected: BTreeSet<String> = plan
        .new_index
        .iter()
        .filter_map(|v| {
            model::IndexEntry::from_value(v.clone())
                .slug()
                .map(str::to_string)
        })
        .filter(|s| live.contains(s))
        .collect();
    let back = super::reader::read_index(store, layout).await?;
    let present: BTreeSet<String> = back
        .entries
        .iter()
        .filter_map(|e| e.slug().map(str::to_string))
        .collect();
    let index_sha256_matches = if plan.writes_index() {
        back.sha256 == sha256_hex(&plan.new_index_bytes())
    } else {
        back.sha256
            == snap
                .index
                .as_ref()
                .map(|i| i.sha256.clone())
                .unwrap_or_default()
    };
    let mut aliases_deleted_absent = 0;
    if !plan.alias_deletes.is_empty() {
        let got = store.kv.get_many(&plan.alias_deletes).await?;
        aliases_deleted_absent = got.values().filter(|v| v.is_none()).count();
    }
    Ok(Verified {
        index_sha256_matches,
        index_entries: back.entries.len(),
        live_slugs_expected: expected.len(),
        live_slugs_present: expected.iter().filter(|s| present.contains(*s)).count(),
        aliases_deleted_absent,
    })
}

/// Requests applying needs: the re-read, the backup, alias deletes, the write and the read-back.
pub fn requests_needed(plan: &IndexPlan) -> u64 {
    if plan.is_empty() {
        return 2;
    }
    let mut n = 2; // re-read before writing, read-back after
    if plan.writes_index() {
        // the write, and for an existing blob its metadata and the backup key
        n += 1 + 2 * u64::from(plan.index_exists);
    }
    if !plan.alias_deletes.is_empty() {
        // back up (bulk get), delete, read back
        let gets = plan.alias_deletes.len().div_ceil(100) as u64;
        n += 2 * gets + plan.alias_deletes.len().div_ceil(10_000) as u64;
    }
    n
}

/// Restores the index from backup bytes: the current blob is itself backed up first.
pub async fn restore(
    store: &Store,
    layout: &Layout,
    state_dir: &Path,
    bytes: &[u8],
) -> anyhow::Result<(Option<Backup>, bool)> {
    model::parse_index(bytes)
        .map_err(|e| Failure::usage(format!("the backup is not an index: {e}")))?;
    let current = super::reader::read_index(store, layout)
        .await
        .map_err(|e| {
            Failure::incomplete(format!(
                "could not read the current index ({e}); nothing was written"
            ))
        })?;
    let backup = if current.exists {
        Some(backup::backup_index(store, layout, state_dir, &current.raw).await?)
    } else {
        None
    };
    let mut put = KvPut::bytes(layout.index_key.clone(), bytes);
    if current.exists {
        // The blob's metadata and expiration stay as they are: only its bytes are restored.
        let metadata = store.kv.get_metadata(&layout.index_key).await?;
        put = put.carrying(&crate::store::KvEntry {
            metadata,
            expiration: current.expiration,
            ..Default::default()
        });
    }
    let report = store.kv.put_many(&[put]).await?;
    if !report.failed.is_empty() {
        return Err(Failure::partial(
            "the index write was not acknowledged; run the restore again",
        ));
    }
    let back = super::reader::read_index(store, layout).await?;
    Ok((backup, back.sha256 == sha256_hex(bytes)))
}
