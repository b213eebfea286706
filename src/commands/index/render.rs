//! Rendering of index plans and results: a table plus summary lines, or one JSON document.

use serde::Serialize;
use serde_json::Value;

use std::time::Duration;

use super::Ctx;
use crate::commands::repair::{listing, PlanShown, Shown};
use crate::commands::TABLE_ROWS;
use crate::output::{Table, SCHEMA_VERSION};
use crate::repair;
use crate::repair::backfill;
use crate::repair::index_apply::Applied;
use crate::repair::index_plan::IndexPlan;
use crate::store::Store;

pub(super) fn confirm_question(ctx: &Ctx, plan: &IndexPlan) -> String {
    let warn = repair::production_note(ctx.settings.production);
    format!(
        "Write {}{warn}: {} entries ({} added, {} updated, {} pruned), {} aliases deleted?",
        ctx.settings.layout.index_key,
        plan.new_index.len(),
        plan.added,
        plan.updated,
        plan.pruned,
        plan.alias_deletes.len()
    )
}

/// The plan as `--json` and plan files show it: counts, every change, orphaned aliases and
/// malformed values.
#[derive(Serialize)]
pub struct PlanView<'a> {
    shape: &'a crate::model::IndexShape,
    entries_before: usize,
    entries_after: usize,
    live_before: usize,
    live_after: usize,
    added: usize,
    updated: usize,
    kept: usize,
    stale: usize,
    pruned: usize,
    duplicates_removed: usize,
    writes_index: bool,
    changes: &'a [crate::repair::index_plan::EntryChange],
    orphaned_aliases: &'a [crate::repair::index_plan::OrphanedAlias],
    alias_deletes: &'a [String],
    malformed: &'a [crate::repair::index_plan::MalformedValue],
    kv_values_read: &'static str,
    kv_values_read_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    shape_note: Option<&'a str>,
}

impl<'a> PlanView<'a> {
    pub fn of(plan: &'a IndexPlan) -> Self {
        PlanView {
            shape: &plan.shape,
            entries_before: plan.old_entries,
            entries_after: plan.new_index.len(),
            live_before: plan.old_live,
            live_after: plan.new_live,
            added: plan.added,
            updated: plan.updated,
            kept: plan.kept,
            stale: plan.stale,
            pruned: plan.pruned,
            duplicates_removed: plan.duplicates_removed,
            writes_index: plan.writes_index(),
            changes: &plan.changes,
            orphaned_aliases: &plan.orphaned_aliases,
            alias_deletes: &plan.alias_deletes,
            malformed: &plan.malformed,
            kv_values_read: if plan.options.keys_only {
                "needed"
            } else {
                "all"
            },
            kv_values_read_count: plan.kv_values_read,
            shape_note: plan.shape_note.as_deref(),
        }
    }
}

/// The plan as a JSON value (what a plan file stores).
pub fn plan_json(plan: &IndexPlan) -> Value {
    serde_json::to_value(PlanView::of(plan)).expect("a plan serializes")
}

/// An index plan as `mkt index rebuild` and `mkt index apply` show it.
pub(super) struct IndexPlanShown<'a> {
    pub plan: &'a IndexPlan,
    pub needed: u64,
    pub eta: Duration,
    pub max_delete: usize,
    /// `--backfill`: the durable rows written first.
    pub backfill: Option<&'a backfill::BackfillPlan>,
}

impl PlanShown for IndexPlanShown<'_> {
    fn view(&self) -> impl Serialize + '_ {
        PlanView::of(self.plan)
    }
    fn is_empty(&self) -> bool {
        self.plan.is_empty() && self.backfill.is_none_or(|b| b.is_empty())
    }
    fn requests_needed(&self) -> u64 {
        self.needed
    }
    fn eta(&self) -> Option<Duration> {
        Some(self.eta)
    }
    fn question(&self, ctx: &Ctx) -> Option<String> {
        Some(confirm_question(ctx, self.plan))
    }
    fn human(&self, ctx: &Ctx) {
        render_plan(ctx, self.plan, self.needed, self.eta, self.max_delete);
        if let Some(b) = self.backfill {
            ctx.printer.line(format!(
                "backfill first: {} durable rows and {} KV values to write",
                b.row_count(),
                b.kv_count()
            ));
        }
    }
}

fn render_plan(ctx: &Ctx, plan: &IndexPlan, needed: u64, eta: Duration, max_delete: usize) {
    let p = &ctx.printer;
    listing(
        p,
        ["action", "entry", "source", "fields"],
        &plan.changes,
        |c| {
            [
                c.action.as_str().to_string(),
                c.slug.clone(),
                c.source.clone(),
                c.fields.join(","),
            ]
        },
        "",
    );
    p.line(format!(
        "plan: {} added, {} updated, {} kept, {} stale (only --prune removes), {} pruned, {} duplicates removed",
        plan.added, plan.updated, plan.kept, plan.stale, plan.pruned, plan.duplicates_removed
    ));
    if let Some(note) = &plan.shape_note {
        ctx.printer.warn(note);
    }
    p.line(format!(
        "index: {} entries ({} live) -> {} entries ({} live), shape {}",
        plan.old_entries,
        plan.old_live,
        plan.new_index.len(),
        plan.new_live,
        plan.shape.as_str()
    ));
    if !plan.orphaned_aliases.is_empty() {
        let verb = if plan.options.fix_aliases {
            "will be deleted"
        } else {
            "--fix-aliases removes them"
        };
        p.line(format!(
            "orphaned aliases: {} ({verb})",
            plan.orphaned_aliases.len()
        ));
        for a in plan.orphaned_aliases.iter().take(TABLE_ROWS) {
            p.line(format!("  {} -> {} ({})", a.key, a.target, a.reason));
        }
    }
    if !plan.malformed.is_empty() {
        p.line(format!(
            "malformed values: {} (indexed by slug; fix with `mkt backfill skills --apply` where a durable row exists)",
            plan.malformed.len()
        ));
        for m in plan.malformed.iter().take(TABLE_ROWS) {
            // The index blob itself is not indexed: it is backed up and replaced.
            let what = if m.key == ctx.settings.layout.index_key {
                " (backed up and replaced)"
            } else {
                ""
            };
            p.line(format!("  {}: {}{what}", m.key, m.reason));
        }
    }
    if plan.options.keys_only {
        if plan.kv_values_read == 0 {
            p.line(
                "KV values not read: malformed records are not checked; --read-values checks them",
            );
        } else {
            p.line(format!(
                "KV values read only for the {} summaries made from them: other malformed records are not checked; --read-values checks them",
                plan.kv_values_read
            ));
        }
    }
    if plan.pruned > max_delete {
        p.warn(format!(
            "--prune would remove {} entries; applying needs --max-delete {}",
            plan.pruned, plan.pruned
        ));
    }
    if plan.is_empty() {
        p.line("nothing to write: the index already holds every live skill");
    } else {
        p.line(format!(
            "apply needs about {needed} API requests (throttle: {})",
            repair::human_duration(eta)
        ));
        if ctx.settings.production {
            p.warn("this is a PRODUCTION profile: the live marketplace index will be rewritten");
        }
    }
}

/// What an applied rebuild did: the `--json` document, and the table's rows. Seed 001's rebuild
/// endpoint names some counts in camelCase (`orphanedAliases`, `durableBackfilled`); kept so.
#[derive(Serialize)]
pub(super) struct AppliedResult<'a> {
    schema_version: &'static str,
    ok: bool,
    applied: bool,
    rebuilt: usize,
    errors: usize,
    #[serde(rename = "orphanedAliases")]
    orphaned_aliases: usize,
    #[serde(rename = "durableBackfilled")]
    durable_backfilled: usize,
    added: usize,
    updated: usize,
    kept: usize,
    pruned: usize,
    stale: usize,
    duplicates_removed: usize,
    aliases_deleted: usize,
    aliases_backup: Option<&'a str>,
    /// The run's exact backup: what `mkt runs undo RUN_ID` puts back.
    run_backup: Option<&'a str>,
    undo_command: Option<String>,
    backup: Option<&'a crate::repair::backup::Backup>,
    restore_command: Option<String>,
    verified: &'a crate::repair::index_apply::Verified,
    recomputed: bool,
    run_id: &'a str,
    journal: &'a str,
    requests: u64,
}

impl Shown for AppliedResult<'_> {
    fn human(&self, ctx: &Ctx) {
        let p = &ctx.printer;
        if self.recomputed {
            p.warn("the index changed after the plan; the union was recomputed so nothing the other writer added is lost");
        }
        let mut t = Table::new(["result", "value"]);
        for (k, v) in [
            ("rebuilt", self.rebuilt),
            ("errors", self.errors),
            ("orphanedAliases", self.orphaned_aliases),
            ("durableBackfilled", self.durable_backfilled),
            ("added", self.added),
            ("updated", self.updated),
            ("kept", self.kept),
            ("pruned", self.pruned),
            ("stale", self.stale),
            ("aliases_deleted", self.aliases_deleted),
        ] {
            t.row([k.to_string(), v.to_string()]);
        }
        t.row(["requests".to_string(), self.requests.to_string()]);
        p.table(&t);
        match self.backup {
            Some(b) => {
                p.line(format!("backup: {} and KV key {}", b.file, b.kv_key));
                p.line(format!("restore with: {}", b.restore_command()));
            }
            None => p.line("backup: none (nothing was overwritten)"),
        }
        if let Some(b) = self.run_backup {
            p.line(format!(
                "run backup: {b} — undo with: mkt runs undo {}",
                self.run_id
            ));
        }
        let v = self.verified;
        p.line(format!(
            "verified: index read back {} ({} entries); {}/{} live slugs present; {} deleted aliases absent",
            if v.index_sha256_matches { "matches what was written" } else { "DIFFERS" },
            v.index_entries,
            v.live_slugs_present,
            v.live_slugs_expected,
            v.aliases_deleted_absent
        ));
    }
}

/// The result of an applied index plan (`durable_backfilled`: rows `--backfill` wrote first).
pub(super) fn applied_result<'a>(
    a: &'a Applied,
    durable_backfilled: usize,
    store: &Store,
) -> AppliedResult<'a> {
    let plan = &a.plan;
    AppliedResult {
        schema_version: SCHEMA_VERSION,
        ok: a.verified.ok(),
        applied: true,
        rebuilt: plan.new_index.len(),
        errors: plan.malformed.len(),
        orphaned_aliases: plan.orphaned_aliases.len(),
        durable_backfilled,
        added: plan.added,
        updated: plan.updated,
        kept: plan.kept,
        pruned: plan.pruned,
        stale: plan.stale,
        duplicates_removed: plan.duplicates_removed,
        aliases_deleted: a.aliases_deleted,
        aliases_backup: a.aliases_backup.as_deref(),
        run_backup: a.run_backup.as_deref(),
        undo_command: a
            .run_backup
            .as_ref()
            .map(|_| format!("mkt runs undo {}", a.run_id)),
        backup: a.backup.as_ref(),
        restore_command: a.backup.as_ref().map(|b| b.restore_command()),
        verified: &a.verified,
        recomputed: a.recomputed,
        run_id: &a.run_id,
        journal: &a.journal,
        requests: store.requests(),
    }
}
