//! The health report: the drift findings plus source statuses, counts, repair commands and the
//! exit status. Rendering (human, JSON, prometheus) lives in `render`, all from this one model.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::drift::{Drift, DriftKind, DriftReport};
use crate::exit::ExitStatus;
use crate::sources::{ListingReport, Snapshot, SourceName, SourceStatus};

pub mod api;
pub mod compare;
pub mod render;
pub mod settle;

/// How findings turn into an exit status.
#[derive(Clone, Debug)]
pub struct HealthOptions {
    /// Kinds that fail the run (exit 3).
    pub fail_on: BTreeSet<DriftKind>,
    /// Report drift but exit 0 (never hides exit 4).
    pub no_fail_on_drift: bool,
    pub deep: bool,
}

impl HealthOptions {
    /// `--fail-on` as it would be typed: `none`, `all`, or the kinds.
    pub fn fail_on_text(&self) -> String {
        if self.fail_on.is_empty() {
            "none".into()
        } else if self.fail_on.len() == DriftKind::ALL.len() {
            "all".into()
        } else {
            let kinds: Vec<&str> = self.fail_on.iter().map(|k| k.as_str()).collect();
            kinds.join(",")
        }
    }

    /// Every kind except the informational ones.
    pub fn default_fail_on() -> BTreeSet<DriftKind> {
        DriftKind::ALL
            .into_iter()
            .filter(|k| !k.informational())
            .collect()
    }
}

/// One finding with the command that repairs it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    #[serde(flatten)]
    pub drift: Drift,
    /// The exact repair command; `null` when only a person can decide (or nothing is wrong).
    pub command: Option<String>,
    /// Its record or row changed inside the `--settle` window: KV may not show the change
    /// everywhere yet, so the finding is reported but does not fail the run.
    pub settling: bool,
}

/// A repair to run, in the order that survives interruption (durable, KV values, index).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation {
    pub command: String,
    pub kinds: Vec<DriftKind>,
    pub count: usize,
    pub reason: String,
}

/// The `mkt health` document. No timestamps or other volatile fields: equal data, equal bytes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HealthReport {
    pub schema_version: &'static str,
    /// Every requested source was read completely. `false` makes the result unknown (exit 4).
    pub complete: bool,
    /// `null` when nothing was found but something could not be told: a source was incomplete,
    /// a kind went unchecked, or every finding is still settling.
    pub drift_detected: Option<bool>,
    /// `in_sync` (every kind checked, nothing found), `drift`, `settling` (only findings inside
    /// the settle window), `partial` (nothing found, but `unchecked` kinds were not looked at)
    /// or `incomplete` (a source could not be read).
    pub status: &'static str,
    pub kv_index_count: usize,
    pub kv_enumerated_count: usize,
    pub durable_count: usize,
    pub seed_count: usize,
    pub alias_count: usize,
    pub total_slugs: usize,
    pub drifted_slugs: usize,
    pub deep: bool,
    pub fail_on: Vec<DriftKind>,
    pub sources: Vec<SourceStatus>,
    /// How the `skill:` keys were listed: serial (exact for any key) or split (with its caveat);
    /// `null` when they were not listed.
    pub listing: Option<ListingReport>,
    /// Findings per kind; `null` for a kind that was not checked and found nothing.
    pub counts: BTreeMap<DriftKind, Option<usize>>,
    /// Kinds not (fully) checked because a source they need was skipped (`--sources`) or failed.
    pub unchecked: Vec<DriftKind>,
    /// The `--settle` window in seconds (0: off).
    pub settle_seconds: u64,
    /// Findings inside the window (reported, not failing).
    pub settling: usize,
    pub drifts: Vec<Finding>,
    pub recommendations: Vec<Recommendation>,
    pub requests: u64,
}

const INDEX_REBUILD: &str = "mkt index rebuild --apply";
const FIX_ALIASES: &str = "mkt index rebuild --fix-aliases --apply";
const BACKFILL: &str = "mkt backfill skills --apply";
const BACKFILL_TO_KV: &str = "mkt backfill skills --to kv --apply";
const BACKFILL_DURABLE_WINS: &str = "mkt backfill skills --authority durable --apply";

fn prune_command(max_delete: usize) -> String {
    format!("mkt index rebuild --prune --max-delete {max_delete} --apply")
}

/// Index entries a prune removes: stale slugs and invalid entries.
fn prune_count(drifts: &[Drift]) -> usize {
    drifts.iter().filter(|d| is_pruned(d)).count()
}

fn is_pruned(d: &Drift) -> bool {
    d.kind == DriftKind::StaleInIndex
        || (d.kind == DriftKind::MalformedValue
            && d.source == SourceName::Index
            && d.slug != crate::drift::INDEX_BLOB_SLUG)
}

/// The exact command that repairs one finding.
pub fn repair_command(d: &Drift, prune: usize) -> Option<String> {
    use DriftKind::*;
    match d.kind {
        MissingFromIndex | DuplicateInIndex => Some(INDEX_REBUILD.into()),
        StaleInIndex => Some(prune_command(prune)),
        MissingInDurable => Some(BACKFILL.into()),
        MissingKvValue => Some(BACKFILL_TO_KV.into()),
        FieldMismatch => Some(BACKFILL_DURABLE_WINS.into()),
        OrphanedAlias | AliasCycle => Some(FIX_ALIASES.into()),
        SeedShadowed => None,
        MalformedValue => match d.source {
            SourceName::Index if is_pruned(d) => Some(prune_command(prune)),
            SourceName::Index => Some(INDEX_REBUILD.into()),
            SourceName::Aliases => Some(FIX_ALIASES.into()),
            // A broken KV value is rewritten from its durable row; without one, a person decides.
            _ if d.presence.durable == Some(true) => Some(BACKFILL_DURABLE_WINS.into()),
            _ => None,
        },
    }
}

/// Why a repair command is recommended, per command.
fn reason_for(command: &str) -> &'static str {
    match command {
        BACKFILL => "copy KV records that have no durable row into the durable table",
        BACKFILL_DURABLE_WINS => "rewrite KV values that differ from (or cannot be parsed beside) their durable rows",
        BACKFILL_TO_KV => "write KV values for durable rows that have none",
        INDEX_REBUILD => "rebuild the index as the union of every live source (adds missing entries, drops duplicates)",
        FIX_ALIASES => "repoint or remove aliases whose chain is broken, loops or cannot be parsed",
        _ => "remove index entries that name no live skill or cannot be parsed",
    }
}

/// Order of repairs: durable rows, then KV values, then the index, then aliases.
fn command_rank(command: &str) -> u8 {
    match command {
        BACKFILL => 0,
        BACKFILL_DURABLE_WINS => 1,
        BACKFILL_TO_KV => 2,
        INDEX_REBUILD => 3,
        FIX_ALIASES => 5,
        _ => 4,
    }
}

/// Builds the report from what was read and what drift computation found.
pub fn build(
    snap: &Snapshot,
    drift: DriftReport,
    opts: &HealthOptions,
    requests: u64,
) -> HealthReport {
    let complete = snap.complete();
    let unchecked = drift.unchecked.clone();
    let counts = drift
        .counts()
        .into_iter()
        .map(|(k, n)| (k, (n > 0 || !unchecked.contains(&k)).then_some(n)))
        .collect();
    let drifted_slugs = drift.drifted_slugs();
    let prune = prune_count(&drift.drifts);

    let drifts: Vec<Finding> = drift
        .drifts
        .into_iter()
        .map(|d| {
            let command = repair_command(&d, prune);
            Finding {
                drift: d,
                command,
                settling: false,
            }
        })
        .collect();

    let mut recommendations = Vec::new();
    if !complete {
        let failed: Vec<&str> = snap
            .statuses
            .iter()
            .filter(|s| !s.complete)
            .map(|s| s.name.as_str())
            .collect();
        recommendations.push(Recommendation {
            command: "mkt health".into(),
            kinds: Vec::new(),
            count: failed.len(),
            reason: format!(
                "{} could not be read completely: fix that (see sources) and rerun; repairs refuse to write until every source reads completely",
                failed.join(", ")
            ),
        });
    }
    let mut by_command: BTreeMap<(u8, String), (BTreeSet<DriftKind>, usize)> = BTreeMap::new();
    for f in &drifts {
        if let Some(cmd) = &f.command {
            let e = by_command
                .entry((command_rank(cmd), cmd.clone()))
                .or_default();
            e.0.insert(f.drift.kind);
            e.1 += 1;
        }
    }
    for ((_, command), (kinds, count)) in by_command {
        let reason = reason_for(&command).to_string();
        recommendations.push(Recommendation {
            command,
            kinds: kinds.into_iter().collect(),
            count,
            reason,
        });
    }

    let count_of = |name: SourceName| snap.status(name).map(|s| s.count).unwrap_or(0);
    let mut report = HealthReport {
        schema_version: crate::output::SCHEMA_VERSION,
        complete,
        drift_detected: None,
        status: "",
        kv_index_count: count_of(SourceName::Index),
        kv_enumerated_count: count_of(SourceName::KvKeys),
        durable_count: count_of(SourceName::Durable),
        seed_count: count_of(SourceName::Seed),
        alias_count: count_of(SourceName::Aliases),
        total_slugs: drift.total_slugs,
        drifted_slugs,
        deep: opts.deep,
        fail_on: opts.fail_on.iter().copied().collect(),
        sources: snap.statuses.clone(),
        listing: snap.listing.clone(),
        counts,
        unchecked: unchecked.into_iter().collect(),
        settle_seconds: 0,
        settling: 0,
        drifts,
        recommendations,
        requests,
    };
    report.classify(opts);
    report
}

impl HealthReport {
    /// Marks the non-informational findings of `slugs` as settling (their record or row changed
    /// inside the `window_seconds` window) and re-derives the status.
    pub fn mark_settling(
        &mut self,
        slugs: &BTreeSet<String>,
        window_seconds: u64,
        opts: &HealthOptions,
    ) {
        self.settle_seconds = window_seconds;
        for f in &mut self.drifts {
            f.settling = !f.drift.kind.informational() && slugs.contains(&f.drift.slug);
        }
        self.settling = self.drifts.iter().filter(|f| f.settling).count();
        self.classify(opts);
    }

    /// Findings that count: not informational (unless `--fail-on` names them) and not settling.
    fn counted(&self, opts: &HealthOptions) -> impl Iterator<Item = &Finding> + '_ {
        let fail_on = opts.fail_on.clone();
        self.drifts.iter().filter(move |f| {
            !f.settling && (!f.drift.kind.informational() || fail_on.contains(&f.drift.kind))
        })
    }

    /// Kinds `--fail-on` names that could not be checked.
    fn unchecked_failing(&self, opts: &HealthOptions) -> Vec<DriftKind> {
        self.unchecked
            .iter()
            .copied()
            .filter(|k| opts.fail_on.contains(k))
            .collect()
    }

    /// `status` and `drift_detected` from the findings, the sources and what was checked.
    fn classify(&mut self, opts: &HealthOptions) {
        let detected = self.counted(opts).next().is_some();
        let settling = self.settling > 0;
        let unchecked = !self.unchecked.is_empty();
        self.drift_detected = if detected {
            Some(true)
        } else if self.complete && !unchecked && !settling {
            Some(false)
        } else {
            None
        };
        self.status = if !self.complete {
            "incomplete"
        } else if detected {
            "drift"
        } else if settling {
            "settling"
        } else if unchecked {
            "partial"
        } else {
            "in_sync"
        };
    }

    /// One line for stderr saying what the exit code means, for whoever reads a CI log.
    pub fn exit_note(&self, opts: &HealthOptions) -> String {
        let status = self.exit_status(opts);
        let code = status.code();
        let names = |kinds: &mut dyn Iterator<Item = DriftKind>| {
            let v: Vec<&str> = kinds.map(DriftKind::as_str).collect();
            v.join(", ")
        };
        let mut failing_kinds: BTreeSet<DriftKind> = BTreeSet::new();
        for f in self.drifts.iter().filter(|f| !f.settling) {
            if opts.fail_on.contains(&f.drift.kind) {
                failing_kinds.insert(f.drift.kind);
            }
        }
        let failing = names(&mut failing_kinds.iter().copied());
        let settling = if self.settling > 0 {
            format!(
                "; {} finding{} still settling (changed in the last {} s) do not fail it",
                self.settling,
                if self.settling == 1 { "" } else { "s" },
                self.settle_seconds
            )
        } else {
            String::new()
        };
        let unchecked = self.unchecked_failing(opts);
        match status {
            ExitStatus::Incomplete if !self.complete => {
                let failed: Vec<&str> = self
                    .sources
                    .iter()
                    .filter(|s| !s.complete)
                    .map(|s| s.name.as_str())
                    .collect();
                format!(
                    "exit {code}: incomplete — {} could not be read completely, so the result is unknown (CI: treat as a failure to check, not as drift)",
                    failed.join(", ")
                )
            }
            ExitStatus::Incomplete => format!(
                "exit {code}: not checked — {} (named by --fail-on) need sources --sources skipped, so the gate could not be evaluated; read every source, or pass --fail-on with only the kinds you checked",
                names(&mut unchecked.iter().copied())
            ),
            ExitStatus::Drift => format!(
                "exit {code}: drift that fails the run ({failing}){settling}; repair it (see recommendations), or choose what fails with --fail-on KINDS / --no-fail-on-drift"
            ),
            _ if !failing_kinds.is_empty() => {
                format!("exit {code}: drift found ({failing}) but --no-fail-on-drift keeps the run green")
            }
            _ if self.settling > 0 => format!(
                "exit {code}: only settling findings ({} changed in the last {} s; KV may take up to 60 s to agree); rerun after the window to be sure",
                self.settling, self.settle_seconds
            ),
            _ if !self.unchecked.is_empty() => format!(
                "exit {code}: no failing drift in what was checked; not checked: {}",
                names(&mut self.unchecked.iter().copied())
            ),
            _ if self.drifts.is_empty() => format!("exit {code}: no drift"),
            _ if opts.fail_on.is_empty() => {
                format!("exit {code}: --fail-on none reports drift without failing the run")
            }
            _ => format!(
                "exit {code}: findings reported, none of a kind --fail-on names ({})",
                opts.fail_on_text()
            ),
        }
    }

    /// 4 when incomplete, or when a kind `--fail-on` names could not be checked (both win over
    /// 3: the gate could not be evaluated); 3 when a `fail_on` kind was found outside the settle
    /// window (unless `--no-fail-on-drift`); else 0.
    pub fn exit_status(&self, opts: &HealthOptions) -> ExitStatus {
        if !self.complete {
            return ExitStatus::Incomplete;
        }
        if opts.no_fail_on_drift {
            return ExitStatus::Success;
        }
        if !self.unchecked_failing(opts).is_empty() {
            return ExitStatus::Incomplete;
        }
        let failing = self
            .drifts
            .iter()
            .any(|f| !f.settling && opts.fail_on.contains(&f.drift.kind));
        if failing {
            ExitStatus::Drift
        } else {
            ExitStatus::Success
        }
    }
}
