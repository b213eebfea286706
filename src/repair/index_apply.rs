//! Applying an index plan: re-read the index just before writing (recomputing the union if another
//! writer changed it, or refusing a saved plan), back up the blob, delete orphaned aliases, write the
//! index last, then read it back and verify. Every step is journaled.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Value};

use super::backup::{self, Backup};
use super::index_plan::{self, IndexPlan};
use super::journal::{Event, Journal};
use super::plan_file::sha256_hex;
use crate::config::Layout;
use crate::exit::Failure;
use crate::model;
use crate::sources::Snapshot;
use crate::store::{KvPut, Store};

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

/// Applies `plan` (made from `snap`). Guards are checked again on whatever is finally written.
pub async fn apply(
    store: &Store,
    layout: &Layout,
    state_dir: &Path,
    snap: &Snapshot,
    mut plan: IndexPlan,
    max_delete: usize,
    mode: Mode,
) -> anyhow::Result<Applied> {
    // The last read before writing: another writer may have changed the index since the plan.
    let current = super::reader::read_index(store, layout)
        .await
        .map_err(|e| {
            Failure::incomplete(format!(
                "could not re-read the index before writing ({e}); nothing was written"
            ))
        })?;
    let planned_sha = snap
        .index
        .as_ref()
        .map(|i| i.sha256.clone())
        .unwrap_or_default();
    let mut recomputed = false;
    let mut snap_now = snap.clone();
    if current.sha256 != planned_sha {
        match mode {
            Mode::Saved => {
                return Err(Failure::refused(
                    "stale plan: the index changed since the plan was made; nothing was written — plan again",
                ))
            }
            Mode::Live => {
                snap_now.index = Some(current.clone());
                plan = index_plan::plan(&snap_now, layout, plan.options);
                super::check_index_guards(&plan, max_delete)?;
                recomputed = true;
            }
        }
    }

    let options = json!({"prune": plan.options.prune, "fix_aliases": plan.options.fix_aliases, "max_delete": max_delete});
    let mut journal = Journal::create(state_dir, "index-rebuild", options)?;
    let partial = |j: &Journal, what: &str, e: anyhow::Error| {
        Failure::partial(format!(
            "{what} failed ({}); the journal is {} — run the same command again to converge",
            crate::exit::one_line(&e),
            j.path.display()
        ))
    };

    let mut backup_made = None;
    let mut aliases_backup = None;
    let mut aliases_deleted = 0;
    if !plan.is_empty() {
        if current.exists && plan.writes_index() {
            journal.record(&Event::Planned {
                step: "backup".into(),
                batch: 1,
                keys: vec![layout.index_key.clone()],
            })?;
            let b = backup::backup_index(store, layout, state_dir, &current.raw)
                .await
                .map_err(|e| partial(&journal, "backing up the index", e))?;
            journal.record(&Event::Done {
                step: "backup".into(),
                batch: 1,
                items: 1,
            })?;
            backup_made = Some(b);
        }
        if !plan.alias_deletes.is_empty() {
            // The raw values, exactly as stored, so a deleted alias can be put back by hand.
            let raw = store
                .kv
                .get_many(&plan.alias_deletes)
                .await
                .map_err(|e| partial(&journal, "reading the aliases to back up", e.into()))?;
            let values: serde_json::Map<String, Value> = raw
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, Value::String(v))))
                .collect();
            aliases_backup = Some(
                backup::backup_values(state_dir, "aliases", &Value::Object(values))?
                    .display()
                    .to_string(),
            );
            journal.record(&Event::Planned {
                step: "alias_delete".into(),
                batch: 1,
                keys: plan.alias_deletes.clone(),
            })?;
            let report = store
                .kv
                .delete_many(&plan.alias_deletes)
                .await
                .map_err(|e| partial(&journal, "deleting aliases", e.into()))?;
            if !report.failed.is_empty() {
                journal.record(&Event::Failed {
                    step: "alias_delete".into(),
                    batch: 1,
                    error: format!("{} keys failed", report.failed.len()),
                })?;
                return Err(partial(
                    &journal,
                    "deleting aliases",
                    anyhow::anyhow!("{} keys not deleted", report.failed.len()),
                ));
            }
            aliases_deleted = report.succeeded;
            journal.record(&Event::Done {
                step: "alias_delete".into(),
                batch: 1,
                items: report.succeeded,
            })?;
        }
        if plan.writes_index() {
            super::failpoint("before_index_write", 1);
            let text = String::from_utf8(plan.new_index_bytes()).unwrap_or_default();
            journal.record(&Event::Planned {
                step: "index".into(),
                batch: 1,
                keys: vec![layout.index_key.clone()],
            })?;
            let report = store
                .kv
                .put_many(&[KvPut::new(layout.index_key.clone(), text)])
                .await
                .map_err(|e| partial(&journal, "writing the index", e.into()))?;
            if !report.failed.is_empty() {
                return Err(partial(
                    &journal,
                    "writing the index",
                    anyhow::anyhow!("the write was not acknowledged"),
                ));
            }
            journal.record(&Event::Done {
                step: "index".into(),
                batch: 1,
                items: 1,
            })?;
            super::failpoint("after_index_write", 1);
        }
    }

    let verified = verify(store, layout, &plan, &snap_now)
        .await
        .map_err(|e| partial(&journal, "verifying the written index", e))?;
    journal.record(&Event::Finished {
        at: super::timestamp(),
        ok: verified.ok(),
        verified: serde_json::to_value(&verified)?,
    })?;
    if !verified.ok() {
        return Err(Failure::partial(format!(
            "the index read back does not match what was written ({} of {} live slugs present); the journal is {} — run the command again",
            verified.live_slugs_present,
            verified.live_slugs_expected,
            journal.path.display()
        )));
    }
    Ok(Applied {
        plan,
        backup: backup_made,
        aliases_deleted,
        aliases_backup,
        verified,
        recomputed,
        run_id: journal.run_id.clone(),
        journal: journal.path.display().to_string(),
    })
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
        n += 1 + u64::from(plan.index_exists); // the write, and the backup key
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
    let text = String::from_utf8_lossy(bytes).into_owned();
    let report = store
        .kv
        .put_many(&[KvPut::new(layout.index_key.clone(), text)])
        .await?;
    if !report.failed.is_empty() {
        return Err(Failure::partial(
            "the index write was not acknowledged; run the restore again",
        ));
    }
    let back = super::reader::read_index(store, layout).await?;
    Ok((backup, back.sha256 == sha256_hex(bytes)))
}
