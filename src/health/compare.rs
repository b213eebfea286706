//! `mkt health --compare`: the direct check beside the Worker's own health endpoint, count by
//! count and kind by kind — what an operator needs when they suspect the Worker itself (a stale
//! cache, a wrong binding, a deploy reading another namespace). Only what both sides hold is
//! compared; the rest is shown as not compared, with why.

use serde::Serialize;

use crate::drift::DriftKind;
use crate::exit::ExitStatus;
use crate::output::Table;
use crate::sources::SourceName;
use crate::worker::WorkerHealth;

use super::api::worker_counts;
use super::render::thousands;
use super::HealthReport;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Same,
    Differs,
    NotCompared,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::Differs => "DIFFERS",
            Verdict::NotCompared => "not compared",
        }
    }
}

/// One compared value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub name: String,
    pub direct: Option<serde_json::Value>,
    pub worker: Option<serde_json::Value>,
    pub verdict: Verdict,
    /// Why a value was not compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub schema_version: &'static str,
    /// `agree`, `differ` or `incomplete` (the direct read was incomplete).
    pub status: &'static str,
    pub direct_target: String,
    pub api_url: String,
    pub counts: Vec<Row>,
    pub kinds: Vec<Row>,
    /// Requests of the direct read plus the Worker's.
    pub requests: u64,
}

fn row<T: Serialize + PartialEq>(
    name: &str,
    direct: Option<T>,
    worker: Option<T>,
    unavailable: Option<String>,
) -> Row {
    let verdict = match (&direct, &worker, &unavailable) {
        (Some(d), Some(w), None) if d == w => Verdict::Same,
        (Some(_), Some(_), None) => Verdict::Differs,
        _ => Verdict::NotCompared,
    };
    let note = match (&direct, &worker) {
        _ if unavailable.is_some() => unavailable,
        (_, None) => Some("the Worker does not report it".into()),
        (None, _) => Some("not read directly".into()),
        _ => None,
    };
    let json = |v: Option<T>| v.map(|v| serde_json::to_value(v).unwrap_or_default());
    Row {
        name: name.to_string(),
        direct: json(direct),
        worker: json(worker),
        verdict,
        note,
    }
}

/// Compares the direct report with the Worker's answer.
pub fn compare(
    direct: &HealthReport,
    worker: &WorkerHealth,
    direct_target: &str,
    api_url: &str,
    requests: u64,
) -> Comparison {
    let complete = |name: SourceName| {
        direct
            .sources
            .iter()
            .find(|s| s.name == name)
            .filter(|s| s.complete && s.status != "skipped")
    };
    let count = |name: SourceName, v: usize| complete(name).map(|_| v as u64);
    let seed_note = match complete(SourceName::Seed) {
        Some(s) if s.status == "ok" => None,
        _ => Some("no seed catalog read here (set seed_catalog to compare it)".to_string()),
    };
    let counts = vec![
        row(
            "kv_index_count",
            count(SourceName::Index, direct.kv_index_count),
            worker.kv_index_count,
            None,
        ),
        row(
            "kv_enumerated_count",
            count(SourceName::KvKeys, direct.kv_enumerated_count),
            worker.kv_enumerated_count,
            None,
        ),
        row(
            "durable_count (prisma_count)",
            count(SourceName::Durable, direct.durable_count),
            worker.durable_count,
            None,
        ),
        row(
            "seed_count",
            count(SourceName::Seed, direct.seed_count),
            worker.seed_count,
            seed_note,
        ),
        row(
            "drift_detected",
            direct.drift_detected,
            worker.drift_detected,
            None,
        ),
    ];
    // Kinds: compared where the Worker names them, and as zeros when it reports no drift at all
    // (informational kinds only when it names them); the others say why not.
    let reported = worker_counts(&worker.drifts);
    let structured = worker.drifts.iter().any(|d| d.kind.is_some());
    let none_at_all = worker.drifts.is_empty() && worker.drift_detected == Some(false);
    let kinds = DriftKind::ALL
        .into_iter()
        .map(|k| {
            let d = direct.counts.get(&k).copied().flatten().map(|n| n as u64);
            match reported.get(&k) {
                Some(w) => row(k.as_str(), d, Some(*w), None),
                None if none_at_all && !k.informational() => row(k.as_str(), d, Some(0), None),
                None => {
                    let why = if structured || none_at_all {
                        "the Worker does not report this kind"
                    } else {
                        "the Worker's drifts name no kinds"
                    };
                    row(k.as_str(), d, None::<u64>, Some(why.into()))
                }
            }
        })
        .collect();
    let mut c = Comparison {
        schema_version: crate::output::SCHEMA_VERSION,
        status: "agree",
        direct_target: direct_target.to_string(),
        api_url: api_url.to_string(),
        counts,
        kinds,
        requests,
    };
    c.status = if !direct.complete {
        "incomplete"
    } else if c
        .counts
        .iter()
        .chain(&c.kinds)
        .any(|r| r.verdict == Verdict::Differs)
    {
        "differ"
    } else {
        "agree"
    };
    c
}

impl Comparison {
    pub fn exit_status(&self) -> ExitStatus {
        match self.status {
            "incomplete" => ExitStatus::Incomplete,
            "differ" => ExitStatus::Drift,
            _ => ExitStatus::Success,
        }
    }

    pub fn differences(&self) -> usize {
        self.counts
            .iter()
            .chain(&self.kinds)
            .filter(|r| r.verdict == Verdict::Differs)
            .count()
    }

    pub fn summary_line(&self) -> String {
        match self.status {
            "incomplete" => format!(
                "unknown: the direct read of {} was incomplete, so nothing is compared",
                self.direct_target
            ),
            "differ" => format!(
                "the Worker at {} DIFFERS from {} in {} value{} — a stale cache, another binding or namespace, or an old deploy",
                self.api_url,
                self.direct_target,
                self.differences(),
                if self.differences() == 1 { "" } else { "s" }
            ),
            _ => format!(
                "the Worker at {} agrees with {} on every value both report",
                self.api_url, self.direct_target
            ),
        }
    }

    pub fn table(rows: &[Row]) -> Table {
        let show = |v: &Option<serde_json::Value>| match v {
            None => "—".to_string(),
            Some(serde_json::Value::Number(n)) => {
                n.as_u64().map(thousands).unwrap_or_else(|| n.to_string())
            }
            Some(v) => v.to_string(),
        };
        let mut t = Table::new(["value", "direct", "worker", "verdict", "note"]);
        for r in rows {
            t.row([
                r.name.clone(),
                show(&r.direct),
                show(&r.worker),
                r.verdict.as_str().to_string(),
                r.note.clone().unwrap_or_default(),
            ]);
        }
        t
    }
}
