//! Repairs that never lose a live skill: the index rebuild (a union of every live source) and the
//! skills backfill between KV values and durable rows. Plans are pure functions of a `Snapshot`;
//! applying writes durable rows first, then KV values, then the index last, journaled and verified.

use std::time::Duration;

use crate::exit::Failure;
use crate::sources::Snapshot;

pub mod backfill;
pub mod backfill_apply;
pub mod backup;
pub mod flow;
pub mod index_apply;
pub mod index_plan;
pub mod journal;
pub mod mend;
pub mod plan_file;
pub mod reader;
pub mod run_backup;
pub mod runs;
pub mod undo;

/// Test hook: `MKT_FAILPOINT=<name>[:<n>]` (read by `config`, armed by the command runner) aborts
/// the process at a named point (the n-th time it is reached, default the first), so crash tests
/// can interrupt an apply where it hurts most. Points: `durable_batch` (after durable batch n is
/// written), `kv_chunk` (after KV chunk n), `before_index_write`, `after_index_write` (before
/// verifying), and `<step>_batch` after batch n of any other repair step (`reviews`, `aggregates`).
static FAILPOINT: std::sync::OnceLock<Option<(String, usize)>> = std::sync::OnceLock::new();

/// Arms the failpoint named in the settings (`Settings::failpoint`); the first call wins.
pub fn arm_failpoint(spec: Option<&str>) {
    let parsed = spec.map(|spec| match spec.split_once(':') {
        Some((p, c)) => (p.to_string(), c.parse::<usize>().unwrap_or(1)),
        None => (spec.to_string(), 1),
    });
    let _ = FAILPOINT.set(parsed);
}

pub fn failpoint(name: &str, n: usize) {
    if let Some(Some((point, count))) = FAILPOINT.get() {
        if point == name && *count == n {
            std::process::abort();
        }
    }
}

/// How long the client-side throttle makes `requests` take at `rate_limit` requests per 300 s
/// (the Cloudflare target's own estimate); zero for the local target, which has no throttle.
pub fn estimated_duration(requests: u64, rate_limit: Option<u32>) -> Duration {
    match rate_limit {
        Some(limit) if limit > 0 => crate::store::cloudflare::estimated_duration(requests, limit),
        _ => Duration::ZERO,
    }
}

/// "2m 5s"-style duration for plans.
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0 => "under 1s".into(),
        1..=59 => format!("{s}s"),
        60..=3599 => format!("{}m {}s", s / 60, s % 60),
        _ => format!("{}h {}m", s / 3600, (s % 3600) / 60),
    }
}

/// A timestamp usable in file names and KV keys, unique per millisecond.
pub fn timestamp() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string()
}

/// Refuses to plan from a snapshot any source of which was not read completely (exit 4, no writes).
pub fn require_complete(snap: &Snapshot) -> anyhow::Result<()> {
    if let Some(s) = snap.statuses.iter().find(|s| !s.complete) {
        return Err(Failure::incomplete(format!(
            "source {} could not be read completely ({}); nothing was written — fix access and run again",
            s.name.as_str(),
            s.error.clone().unwrap_or_else(|| s.status.clone())
        )));
    }
    Ok(())
}

/// The safety guards of an index write (exit 5, before any write).
pub fn check_index_guards(plan: &index_plan::IndexPlan, max_delete: usize) -> anyhow::Result<()> {
    if plan.new_live < plan.old_live {
        return Err(Failure::refused(format!(
            "refusing to write an index with {} live skills where the current one has {}; nothing was written",
            plan.new_live, plan.old_live
        )));
    }
    if plan.pruned > max_delete {
        return Err(Failure::refused(format!(
            "--prune would remove {} entries but --max-delete allows {max_delete}; pass --max-delete {} to allow it",
            plan.pruned, plan.pruned
        )));
    }
    Ok(())
}

/// Added to confirmation questions when the profile is marked `production = true`.
pub fn production_note(production: bool) -> &'static str {
    if production {
        " on a PRODUCTION profile"
    } else {
        ""
    }
}
