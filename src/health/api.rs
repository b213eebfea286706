//! `mkt health --via api`: seed 001's `GET /api/v1/admin/health/skills` in the report's shape.
//! The Worker's body holds the contract counts and its own drift list; everything mkt's report
//! carries beyond that (aliases, per-slug presence, kinds the Worker did not name) is `null` and
//! listed in `not_provided`, never filled with guesses.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::drift::DriftKind;
use crate::exit::ExitStatus;
use crate::output::Table;
use crate::sources::SourceName;
use crate::worker::{WorkerDrift, WorkerHealth};

use super::render::thousands;
use super::HealthOptions;

/// The Worker's report, in `mkt health`'s terms.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiHealthReport {
    pub schema_version: &'static str,
    /// Always `api`: the counts are the Worker's, not read from the stores.
    pub via: &'static str,
    pub api_url: String,
    pub complete: bool,
    pub drift_detected: Option<bool>,
    pub status: &'static str,
    pub kv_index_count: Option<u64>,
    pub kv_enumerated_count: Option<u64>,
    /// The seed's `prisma_count`.
    pub durable_count: Option<u64>,
    pub seed_count: Option<u64>,
    pub alias_count: Option<u64>,
    pub drifted_slugs: Option<u64>,
    pub fail_on: Vec<DriftKind>,
    pub sources: Vec<ApiSource>,
    /// Per kind; `null` for kinds the Worker did not report on.
    pub counts: BTreeMap<DriftKind, Option<u64>>,
    pub drifts: Vec<ApiFinding>,
    pub recommendations: Vec<ApiRecommendation>,
    /// Fields of mkt's report (and of seed 001's contract) the Worker's answer does not give.
    pub not_provided: Vec<String>,
    pub requests: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiSource {
    pub name: SourceName,
    /// `ok` (the Worker gave a count) or `not_provided`.
    pub status: &'static str,
    pub count: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiFinding {
    /// The slug, when the Worker names one.
    pub slug: Option<String>,
    /// mkt's kind, when the Worker's name maps to one.
    pub kind: Option<DriftKind>,
    /// The Worker's own name for it.
    pub worker_kind: Option<String>,
    /// How many findings this entry stands for (its count, else one).
    pub count: u64,
    pub detail: Option<String>,
    pub command: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiRecommendation {
    /// An mkt command, when one repairs it; `null` for the Worker's own advice.
    pub command: Option<String>,
    pub reason: String,
}

/// The Worker's name for a kind, mapped onto mkt's: the exact name, or a common spelling of it.
pub fn kind_of(worker_kind: &str) -> Option<DriftKind> {
    let k = crate::worker::decode::snake_case(worker_kind)
        .to_ascii_lowercase()
        .replace(['-', ' '], "_");
    // Plurals too: `orphaned_aliases`, `stale_index_entries`.
    let found = [Some(k.as_str()), k.strip_suffix("es"), k.strip_suffix('s')]
        .into_iter()
        .flatten()
        .find_map(synonym);
    found
}

fn synonym(k: &str) -> Option<DriftKind> {
    if let Some(d) = DriftKind::parse(k) {
        return Some(d);
    }
    Some(match k {
        "index_missing" | "missing_in_index" | "not_in_index" | "index_missing_skill" => {
            DriftKind::MissingFromIndex
        }
        "stale_index_entry" | "stale_index_entries" | "stale" | "index_stale" => {
            DriftKind::StaleInIndex
        }
        "missing_in_prisma" | "prisma_missing" | "missing_in_db" | "not_in_prisma"
        | "durable_missing" => DriftKind::MissingInDurable,
        "kv_missing" | "missing_in_kv" => DriftKind::MissingKvValue,
        "orphan_alias" | "alias_orphaned" => DriftKind::OrphanedAlias,
        "index_duplicate" | "duplicate" => DriftKind::DuplicateInIndex,
        "malformed" => DriftKind::MalformedValue,
        _ => return None,
    })
}

/// What repairs a kind through the Worker (its rebuild endpoint backfills and rebuilds), else
/// directly.
fn command_for(kind: DriftKind) -> Option<&'static str> {
    use DriftKind::*;
    match kind {
        MissingFromIndex | StaleInIndex | DuplicateInIndex | MissingInDurable => {
            Some("mkt index rebuild --via api --apply")
        }
        MissingKvValue => Some("mkt backfill skills --to kv --apply"),
        FieldMismatch => Some("mkt backfill skills --authority durable --apply"),
        OrphanedAlias | AliasCycle => Some("mkt index rebuild --fix-aliases --apply"),
        MalformedValue | SeedShadowed => None,
    }
}

/// Per-kind counts the Worker's drift list gives: only entries that name a kind mkt knows.
pub fn worker_counts(drifts: &[WorkerDrift]) -> BTreeMap<DriftKind, u64> {
    let mut out = BTreeMap::new();
    for d in drifts {
        if let Some(k) = d.kind.as_deref().and_then(kind_of) {
            *out.entry(k).or_insert(0) += d.size();
        }
    }
    out
}

pub fn build(
    h: &WorkerHealth,
    api_url: &str,
    opts: &HealthOptions,
    requests: u64,
) -> ApiHealthReport {
    let mut not_provided: Vec<String> = h.missing.iter().map(|s| s.to_string()).collect();
    let structured = h.drifts.iter().any(|d| d.kind.is_some());
    let reported = worker_counts(&h.drifts);
    let counts: BTreeMap<DriftKind, Option<u64>> = DriftKind::ALL
        .into_iter()
        .map(|k| (k, reported.get(&k).copied()))
        .collect();
    let mut drifts = Vec::new();
    let mut slugs = BTreeSet::new();
    for d in &h.drifts {
        let kind = d.kind.as_deref().and_then(kind_of);
        let command = kind.and_then(command_for).map(str::to_string);
        let detail = d.message.clone();
        if d.slugs.is_empty() {
            drifts.push(ApiFinding {
                slug: None,
                kind,
                worker_kind: d.kind.clone(),
                count: d.size(),
                detail,
                command,
            });
        } else {
            for s in &d.slugs {
                slugs.insert(s.clone());
                drifts.push(ApiFinding {
                    slug: Some(s.clone()),
                    kind,
                    worker_kind: d.kind.clone(),
                    count: 1,
                    detail: detail.clone(),
                    command: command.clone(),
                });
            }
        }
    }
    let any_slugs = h.drifts.iter().any(|d| !d.slugs.is_empty());
    let drifted_slugs = (any_slugs || h.drifts.is_empty()).then_some(slugs.len() as u64);
    let drift_detected = h
        .drift_detected
        .or_else(|| (!h.missing.contains(&"drifts")).then_some(!h.drifts.is_empty()));
    let complete = drift_detected.is_some();
    let status = match drift_detected {
        None => "incomplete",
        Some(true) => "drift",
        Some(false) => "in_sync",
    };
    for f in ["alias_count", "presence", "total_slugs"] {
        not_provided.push(f.into());
    }
    if drifted_slugs.is_none() {
        not_provided.push("drifted_slugs".into());
    }
    if !structured {
        not_provided.push("counts".into());
    } else {
        let missing: Vec<&str> = DriftKind::ALL
            .into_iter()
            .filter(|k| !reported.contains_key(k))
            .map(DriftKind::as_str)
            .collect();
        if !missing.is_empty() {
            not_provided.push(format!("counts.{{{}}}", missing.join(",")));
        }
    }
    let source = |name: SourceName, count: Option<u64>| ApiSource {
        name,
        status: if count.is_some() {
            "ok"
        } else {
            "not_provided"
        },
        count,
    };
    let mut recommendations: Vec<ApiRecommendation> = Vec::new();
    let mut seen = BTreeSet::new();
    for f in &drifts {
        if let (Some(c), Some(k)) = (&f.command, f.kind) {
            if seen.insert(c.clone()) {
                recommendations.push(ApiRecommendation {
                    command: Some(c.clone()),
                    reason: format!("repairs {} (as reported by the Worker)", k.as_str()),
                });
            }
        }
    }
    for r in &h.recommendations {
        recommendations.push(ApiRecommendation {
            command: None,
            reason: format!("the Worker advises: {r}"),
        });
    }
    ApiHealthReport {
        schema_version: crate::output::SCHEMA_VERSION,
        via: "api",
        api_url: api_url.to_string(),
        complete,
        drift_detected,
        status,
        kv_index_count: h.kv_index_count,
        kv_enumerated_count: h.kv_enumerated_count,
        durable_count: h.durable_count,
        seed_count: h.seed_count,
        alias_count: None,
        drifted_slugs,
        fail_on: opts.fail_on.iter().copied().collect(),
        sources: vec![
            source(SourceName::Index, h.kv_index_count),
            source(SourceName::KvKeys, h.kv_enumerated_count),
            source(SourceName::Durable, h.durable_count),
            source(SourceName::Seed, h.seed_count),
            source(SourceName::Aliases, None),
        ],
        counts,
        drifts,
        recommendations,
        not_provided,
        requests,
    }
}

impl ApiHealthReport {
    /// 4 when the Worker's answer does not say whether there is drift; 3 when a `fail_on` kind
    /// was reported, or drift the Worker does not name by kind (with the default `--fail-on`).
    pub fn exit_status(&self, opts: &HealthOptions) -> ExitStatus {
        if !self.complete {
            return ExitStatus::Incomplete;
        }
        let default = opts.fail_on == HealthOptions::default_fail_on();
        let failing =
            self.drifts.iter().any(|f| match f.kind {
                Some(k) => opts.fail_on.contains(&k),
                None => default,
            }) || (self.drift_detected == Some(true) && self.drifts.is_empty() && default);
        if failing && !opts.no_fail_on_drift {
            ExitStatus::Drift
        } else {
            ExitStatus::Success
        }
    }
}

fn cell(v: Option<u64>) -> String {
    v.map(thousands).unwrap_or_else(|| "—".into())
}

pub fn summary_line(r: &ApiHealthReport) -> String {
    let requests = format!(
        "{} request{}",
        thousands(r.requests),
        if r.requests == 1 { "" } else { "s" }
    );
    let kinds: Vec<String> = r
        .counts
        .iter()
        .filter_map(|(k, n)| {
            n.filter(|n| *n > 0)
                .map(|n| format!("{} {}", k.as_str(), thousands(n)))
        })
        .collect();
    let what = match r.drift_detected {
        Some(true) if kinds.is_empty() => "drift (the Worker names no kinds mkt knows)".to_string(),
        Some(true) => format!("drift — {}", kinds.join(", ")),
        Some(false) => "in sync".to_string(),
        None => "unknown: the Worker's answer does not say whether there is drift".to_string(),
    };
    format!(
        "{what} · as the Worker at {} sees it · {requests}",
        r.api_url
    )
}

pub fn sources_table(r: &ApiHealthReport) -> Table {
    let mut t = Table::new(["source", "status", "count", "note"]);
    for s in &r.sources {
        let note = match (s.name, s.count) {
            (SourceName::Durable, Some(_)) => "prisma_count".to_string(),
            (_, None) => "the Worker does not report it".to_string(),
            _ => String::new(),
        };
        t.row([
            s.name.as_str().to_string(),
            s.status.to_string(),
            cell(s.count),
            note,
        ]);
    }
    t
}

pub fn kinds_table(r: &ApiHealthReport) -> Table {
    let mut t = Table::new(["kind", "count", "fails run"]);
    for (k, n) in &r.counts {
        let fails = if r.fail_on.contains(k) { "yes" } else { "no" };
        t.row([k.as_str().to_string(), cell(*n), fails.to_string()]);
    }
    t
}

pub fn drifts_table(r: &ApiHealthReport, all: bool) -> (Table, usize) {
    let mut t = Table::new(["slug", "kind", "detail", "repair"]);
    let limit = if all {
        usize::MAX
    } else {
        super::render::SHOWN_DRIFTS
    };
    for f in r.drifts.iter().take(limit) {
        t.row([
            f.slug.clone().unwrap_or_else(|| "—".into()),
            f.kind
                .map(|k| k.as_str().to_string())
                .or_else(|| f.worker_kind.clone())
                .unwrap_or_else(|| "—".into()),
            f.detail.clone().unwrap_or_default(),
            f.command.clone().unwrap_or_default(),
        ]);
    }
    (t, r.drifts.len().saturating_sub(limit))
}

pub fn recommendation_lines(r: &ApiHealthReport) -> Vec<String> {
    r.recommendations
        .iter()
        .enumerate()
        .map(|(i, rec)| match &rec.command {
            Some(c) => format!("  {}. {c}   # {}", i + 1, rec.reason),
            None => format!("  {}. {}", i + 1, rec.reason),
        })
        .collect()
}
