//! Renderings of a [`HealthReport`]: the human report, the prometheus textfile, and the data of
//! its tables. JSON is the report itself (`serde`).

use std::fmt::Write as _;

use crate::drift::{DriftKind, Presence};
use crate::output::Table;
use crate::sources::{ListingMode, SourceName};

use super::HealthReport;

/// Slugs whose findings the human report lists without `--all`.
pub const SHOWN_DRIFTS: usize = 20;

/// `4210` → `4,210`.
pub use crate::output::grouped as thousands;

/// A count as the reader wants it: grouped for a person (`53,000`), plain for a pipe (`53000`).
fn num(n: u64, grouped: bool) -> String {
    if grouped {
        thousands(n)
    } else {
        n.to_string()
    }
}

fn plural(n: u64, one: &str, many: &str, grouped: bool) -> String {
    format!("{} {}", num(n, grouped), if n == 1 { one } else { many })
}

/// The one summary line. Never says "in sync" unless every source was read completely.
pub fn summary_line(r: &HealthReport, grouped: bool) -> String {
    let requests = plural(r.requests, "request", "requests", grouped);
    let sources = if r.complete {
        "sources complete".to_string()
    } else {
        let failed: Vec<&str> = r
            .sources
            .iter()
            .filter(|s| !s.complete)
            .map(|s| s.name.as_str())
            .collect();
        format!("sources INCOMPLETE ({}): result unknown", failed.join(", "))
    };
    let kinds: Vec<String> = r
        .counts
        .iter()
        .filter_map(|(k, n)| n.filter(|n| *n > 0 && !k.informational()).map(|n| (k, n)))
        .map(|(k, n)| format!("{} {}", k.as_str(), num(n as u64, grouped)))
        .collect();
    let total = num(r.total_slugs as u64, grouped);
    // What could not be said: kinds a skipped source leaves open, findings still settling.
    let mut open = String::new();
    if r.settling > 0 {
        open.push_str(&format!(
            " · {} settling (changed in the last {} s; not failing)",
            num(r.settling as u64, grouped),
            r.settle_seconds
        ));
    }
    if !r.unchecked.is_empty() {
        // A source `--sources` left out is absent from the list (or listed as skipped).
        let skipped: Vec<&str> = crate::sources::SourceName::ALL
            .into_iter()
            .filter(|n| {
                r.sources
                    .iter()
                    .find(|s| s.name == *n)
                    .is_none_or(|s| s.status == "skipped")
            })
            .map(|n| n.as_str())
            .collect();
        let kinds: Vec<&str> = r.unchecked.iter().map(|k| k.as_str()).collect();
        open.push_str(&format!(" · not checked: {}", kinds.join(", ")));
        if !skipped.is_empty() {
            open.push_str(&format!(" (--sources skipped {})", skipped.join(", ")));
        }
    }
    match r.status {
        "drift" => format!(
            "drift: {} of {total} slugs — {}{open} · {sources} · {requests}",
            num(r.drifted_slugs as u64, grouped),
            if kinds.is_empty() {
                "no failing kinds".to_string()
            } else {
                kinds.join(", ")
            }
        ),
        "in_sync" => format!("in sync: {total} slugs, no drift · {sources} · {requests}"),
        "settling" => format!(
            "settling: {} of {total} slugs — {}{open} · {sources} · {requests}",
            num(r.drifted_slugs as u64, grouped),
            kinds.join(", ")
        ),
        "partial" => {
            format!("no drift in what was checked ({total} slugs){open} · {sources} · {requests}")
        }
        _ => format!(
            "no drift found in what was read ({total} slugs){open} · {sources} · {requests}"
        ),
    }
}

/// Counts per source.
pub fn sources_table(r: &HealthReport, grouped: bool) -> Table {
    let mut t = Table::new(["source", "status", "count", "note"]);
    for s in &r.sources {
        let status = if s.complete {
            s.status.clone()
        } else {
            format!("{} (incomplete)", s.status)
        };
        let note = match (&s.error, &r.listing) {
            (Some(e), _) => e.clone(),
            (None, Some(l)) if s.name == SourceName::KvKeys => match l.mode {
                ListingMode::Serial => "serial listing".to_string(),
                ListingMode::Split => format!(
                    "split listing, {} walks, key alphabet {:?}",
                    thousands(l.walks as u64),
                    l.alphabet.as_ref().map_or("", |a| a.spec())
                ),
            },
            _ => String::new(),
        };
        t.row([
            s.name.as_str().to_string(),
            status,
            num(s.count as u64, grouped),
            note,
        ]);
    }
    t
}

/// Split prefixes named in the human note; the JSON has them all.
const SHOWN_PREFIXES: usize = 3;

/// For a split listing, the line that says what it assumed; for a declared alphabet that did not
/// hold, the key that showed it (`None` for a plain serial listing).
pub fn listing_note(r: &HealthReport) -> Option<String> {
    let l = r.listing.as_ref()?;
    if let Some(key) = &l.outside_alphabet {
        return Some(format!(
            "note: key {key:?} is outside the declared key alphabet (key_alphabet, MKT_KEY_ALPHABET, --key-alphabet), so kv_keys were listed in one serial walk instead (exact for any key); widen the declaration or drop it"
        ));
    }
    let caveat = l
        .caveat
        .as_deref()
        .filter(|_| l.mode == ListingMode::Split)?;
    let mut named: Vec<String> = l
        .split_prefixes
        .iter()
        .take(SHOWN_PREFIXES)
        .map(|p| format!("{p:?}"))
        .collect();
    if l.split_prefixes.len() > SHOWN_PREFIXES {
        named.push(format!("{} more", l.split_prefixes.len() - SHOWN_PREFIXES));
    }
    Some(format!(
        "note: kv_keys were listed in {} parallel walks split below {}: {caveat}",
        thousands(l.walks as u64),
        named.join(", ")
    ))
}

/// Counts per kind (every kind, zeros included, so the table's shape never changes).
pub fn kinds_table(r: &HealthReport, grouped: bool) -> Table {
    let mut t = Table::new(["kind", "count", "fails run"]);
    for (kind, n) in &r.counts {
        let fails = if r.fail_on.contains(kind) {
            "yes"
        } else {
            "no"
        };
        t.row([
            kind.as_str().to_string(),
            match n {
                None => "not checked".to_string(),
                Some(n) if r.unchecked.contains(kind) => {
                    format!("{} (partly checked)", num(*n as u64, grouped))
                }
                Some(n) => num(*n as u64, grouped),
            },
            fails.to_string(),
        ]);
    }
    t
}

/// `I K D S` letters for present, `-` for absent, `?` for not read.
pub fn presence_text(p: &Presence) -> String {
    let cell = |v: Option<bool>, c: char| match v {
        Some(true) => c,
        Some(false) => '-',
        None => '?',
    };
    [
        cell(p.index, 'I'),
        cell(p.kv, 'K'),
        cell(p.durable, 'D'),
        cell(p.seed, 'S'),
    ]
    .iter()
    .collect()
}

/// The findings of the first [`SHOWN_DRIFTS`] drifted slugs (every one with `all`), each with
/// its repair command, and how many slugs were left out.
pub fn drifts_table(r: &HealthReport, all: bool) -> (Table, usize) {
    let mut t = Table::new(["slug", "kind", "presence", "detail", "repair"]);
    // Findings are sorted by slug, so a slug's findings are adjacent.
    let (mut shown, mut shown_slugs, mut total_slugs) = (0usize, 0usize, 0usize);
    let mut last: Option<&str> = None;
    for f in &r.drifts {
        if last != Some(f.drift.slug.as_str()) {
            last = Some(f.drift.slug.as_str());
            total_slugs += 1;
            if all || shown_slugs < SHOWN_DRIFTS {
                shown_slugs += 1;
            }
        }
        if shown_slugs == total_slugs {
            shown += 1;
        }
    }
    for f in &r.drifts[..shown] {
        let d = &f.drift;
        let mut detail = d.detail.clone().unwrap_or_default();
        if !d.differences.is_empty() {
            let fields: Vec<String> = d
                .differences
                .iter()
                .map(|x| format!("{}: kv {} ≠ durable {}", x.field, x.kv, x.durable))
                .collect();
            detail = fields.join("; ");
        }
        let kind = if f.settling {
            format!("{} (settling)", d.kind.as_str())
        } else {
            d.kind.as_str().to_string()
        };
        t.row([
            d.slug.clone(),
            kind,
            presence_text(&d.presence),
            detail,
            f.command
                .clone()
                .unwrap_or_else(|| "(informational)".into()),
        ]);
    }
    (t, total_slugs - shown_slugs)
}

/// Numbered recommendation lines.
pub fn recommendation_lines(r: &HealthReport) -> Vec<String> {
    r.recommendations
        .iter()
        .enumerate()
        .map(|(i, rec)| {
            let kinds: Vec<&str> = rec.kinds.iter().map(|k| k.as_str()).collect();
            let what = if kinds.is_empty() {
                String::new()
            } else {
                format!(" [{} × {}]", kinds.join(", "), rec.count)
            };
            format!("  {}. {}   # {}{what}", i + 1, rec.command, rec.reason)
        })
        .collect()
}

/// The recommendations as a numbered Markdown list, each command as code.
pub fn recommendations_markdown(r: &HealthReport) -> String {
    let mut out = String::new();
    for (i, rec) in r.recommendations.iter().enumerate() {
        let kinds: Vec<&str> = rec.kinds.iter().map(|k| k.as_str()).collect();
        let what = if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({} × {})", kinds.join(", "), thousands(rec.count as u64))
        };
        let _ = writeln!(out, "{}. `{}` — {}{what}", i + 1, rec.command, rec.reason);
    }
    out.push('\n');
    out
}

fn gauge(out: &mut String, name: &str, help: &str, samples: &[(String, u64)]) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} gauge");
    for (labels, v) in samples {
        let _ = writeln!(out, "{name}{labels} {v}");
    }
}

/// Gauges for a node-exporter textfile collector.
pub fn prometheus(r: &HealthReport) -> String {
    let mut out = String::new();
    let b = |v: bool| v as u64;
    gauge(
        &mut out,
        "mkt_health_complete",
        "1 when every requested source was read completely.",
        &[(String::new(), b(r.complete))],
    );
    gauge(
        &mut out,
        "mkt_drift_detected",
        "1 when drift was found, 0 when none was found (with complete=0 the result is unknown).",
        &[(String::new(), b(r.drift_detected == Some(true)))],
    );
    let kinds: Vec<(String, u64)> = r
        .counts
        .iter()
        .filter_map(|(k, n)| n.map(|n| (format!("{{kind=\"{}\"}}", k.as_str()), n as u64)))
        .collect();
    gauge(
        &mut out,
        "mkt_drift_slugs",
        "Findings per drift kind.",
        &kinds,
    );
    gauge(
        &mut out,
        "mkt_drifted_slugs",
        "Slugs with at least one non-informational finding.",
        &[(String::new(), r.drifted_slugs as u64)],
    );
    gauge(
        &mut out,
        "mkt_total_slugs",
        "Slugs seen in any source.",
        &[(String::new(), r.total_slugs as u64)],
    );
    let label = |s: &crate::sources::SourceStatus| format!("{{source=\"{}\"}}", s.name.as_str());
    let counts: Vec<(String, u64)> = r
        .sources
        .iter()
        .map(|s| (label(s), s.count as u64))
        .collect();
    gauge(
        &mut out,
        "mkt_source_count",
        "Items read per source.",
        &counts,
    );
    let complete: Vec<(String, u64)> = r
        .sources
        .iter()
        .map(|s| (label(s), b(s.complete)))
        .collect();
    gauge(
        &mut out,
        "mkt_source_complete",
        "1 when the source was read completely.",
        &complete,
    );
    let checked: Vec<(String, u64)> = r
        .counts
        .keys()
        .map(|k| {
            (
                format!("{{kind=\"{}\"}}", k.as_str()),
                b(!r.unchecked.contains(k)),
            )
        })
        .collect();
    gauge(
        &mut out,
        "mkt_kind_checked",
        "1 when every source the kind needs was read (0: its count is absent or a lower bound).",
        &checked,
    );
    gauge(
        &mut out,
        "mkt_drift_settling",
        "Findings inside the --settle window (reported, not failing).",
        &[(String::new(), r.settling as u64)],
    );
    gauge(
        &mut out,
        "mkt_api_requests",
        "API requests the health run used.",
        &[(String::new(), r.requests)],
    );
    out
}

/// Parses `--fail-on`: comma-separated kinds, `all`, or `none`.
/// An empty list is an error, not "none": a CI gate must never be switched off by an empty variable.
pub fn parse_kinds(text: &str) -> Result<std::collections::BTreeSet<DriftKind>, String> {
    let mut set = std::collections::BTreeSet::new();
    let parts: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(format!(
            "{text:?} names no kind; pass kinds, `all`, or `none` to fail on nothing"
        ));
    }
    if parts.contains(&"none") && parts.len() > 1 {
        return Err(format!(
            "{text:?} mixes `none` with other kinds; pass `none` alone or only the kinds"
        ));
    }
    for part in parts {
        match part {
            "all" => set.extend(DriftKind::ALL),
            "none" => {}
            _ => {
                let k = DriftKind::parse(part).ok_or_else(|| {
                    let names: Vec<&str> = DriftKind::ALL.iter().map(|k| k.as_str()).collect();
                    format!(
                        "unknown drift kind {part:?}; expected all, none or one of {}",
                        names.join(", ")
                    )
                })?;
                set.insert(k);
            }
        }
    }
    Ok(set)
}
