//! `mkt health`: the drift report.

use std::collections::BTreeSet;

use clap::{Args, ValueEnum};

use super::Ctx;
use crate::drift::{self, DriftKind, DriftOptions};
use crate::exit::{ExitStatus, Failure};
use crate::health::{self, render, HealthOptions};
use crate::output::Format;
use crate::sources::{self, Listing, ReadOptions, SourceName};
use crate::target::Service;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum HealthFormat {
    /// Summary line, tables, drifted slugs and recommendations
    Table,
    /// One JSON document (same as --json)
    Json,
    /// Gauges for a node-exporter textfile collector
    Prometheus,
    /// The table report as GitHub-flavoured Markdown ($GITHUB_STEP_SUMMARY, a PR comment)
    Markdown,
}

#[derive(Clone, Debug, Args)]
pub struct HealthArgs {
    /// Output format [default: table; json with --json]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<HealthFormat>,
    /// List every drifted slug (the human report shows the first 20)
    #[arg(long)]
    pub all: bool,
    /// Also compare KV values with durable rows (field_mismatch, malformed values); reads every value
    #[arg(long)]
    pub deep: bool,
    /// Kinds that fail the run with exit 3: comma-separated kinds, `all` or `none`
    /// [default: every kind except seed_shadowed]
    #[arg(long, value_name = "KINDS")]
    pub fail_on: Option<String>,
    /// Report drift but exit 0 (an incomplete read still exits 4)
    #[arg(long)]
    pub no_fail_on_drift: bool,
    /// Sources to read, comma-separated: index, kv_keys, durable, seed, aliases [default: all]
    #[arg(long, value_name = "SOURCES", value_delimiter = ',')]
    pub sources: Vec<String>,
    /// List `skill:` keys with one serial cursor walk even when a key alphabet is declared (the
    /// default without one: exact for any key name)
    #[arg(long)]
    pub serial_list: bool,
    /// Compare the direct check with the Worker's own health endpoint (needs --api-url); exit 3
    /// when they differ
    #[arg(long)]
    pub compare: bool,
    /// Findings whose record or row changed within this window (KV takes up to 60 s to agree
    /// everywhere) are reported as settling and do not fail the run; `0` turns it off
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_settle)]
    pub settle: std::time::Duration,
}

/// `60s`, `2m`, `1m30s` (humantime), or `0` for off.
fn parse_settle(text: &str) -> Result<std::time::Duration, String> {
    let t = text.trim();
    if t == "0" {
        return Ok(std::time::Duration::ZERO);
    }
    humantime::parse_duration(t).map_err(|e| {
        format!("{e}; give a duration with a unit such as 60s, 2m or 1m30s, or 0 to turn it off")
    })
}

fn parse_sources(names: &[String]) -> anyhow::Result<BTreeSet<SourceName>> {
    if names.is_empty() {
        return Ok(SourceName::ALL.into_iter().collect());
    }
    let mut set = BTreeSet::new();
    for n in names.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let name = SourceName::ALL.into_iter().find(|s| s.as_str() == n).ok_or_else(|| {
            Failure::usage(format!(
                "unknown source {n:?} for --sources; expected index, kv_keys, durable, seed or aliases"
            ))
        })?;
        set.insert(name);
    }
    Ok(set)
}

/// Reads the sources of `store` and computes the report (warning on stderr about sources that
/// could not be read completely).
pub(super) async fn direct_report(
    ctx: &Ctx,
    store: &crate::store::Store,
    db: &crate::durable::DurableDb,
    read_opts: &ReadOptions,
    listing: Listing,
    opts: &HealthOptions,
    settle: std::time::Duration,
) -> health::HealthReport {
    let started = std::time::Instant::now();
    let mut snap = sources::read_with(store, db, &ctx.settings.layout, read_opts, listing).await;
    for note in &snap.notes {
        ctx.printer.status(note);
    }
    if let Some(ix) = snap.index.as_mut() {
        // Health never writes the index: its raw bytes (for repair backups; 25 MB at 1,000,000
        // entries) need not be held while drift is computed. The fingerprint stays.
        ix.raw = Vec::new();
    }
    ctx.printer.debug(format!(
        "read sources in {} ms",
        started.elapsed().as_millis()
    ));
    for s in snap.statuses.iter().filter(|s| !s.complete) {
        ctx.printer.warn(format!(
            "{} could not be read completely: {}",
            s.name.as_str(),
            s.error.as_deref().unwrap_or("unknown reason")
        ));
    }
    let found = drift::compute(&snap, DriftOptions { deep: opts.deep });
    let mut report = health::build(&snap, found, opts, store.requests());
    if !settle.is_zero() {
        let now = chrono::Utc::now();
        let settled =
            health::settle::find(store, &ctx.settings.layout, &snap, &report, settle, now).await;
        if let Some(why) = &settled.skipped {
            ctx.printer
                .warn(format!("--settle not applied: {why}; every finding counts"));
        }
        report.mark_settling(&settled.slugs, settle.as_secs(), opts);
        report.requests = store.requests();
    }
    // Freeing a large snapshot (hundreds of thousands of small allocations) takes tens of
    // milliseconds the report does not need to wait for.
    std::thread::spawn(move || drop(snap));
    ctx.printer.debug(format!(
        "computed drift in {} ms",
        started.elapsed().as_millis()
    ));
    report
}

pub async fn run(ctx: &Ctx, args: HealthArgs) -> anyhow::Result<ExitStatus> {
    let format = match (args.format, ctx.printer.format()) {
        (Some(f), Format::Json | Format::Ndjson) if f != HealthFormat::Json => {
            return Err(Failure::usage(
                "--json/--ndjson and --format table|prometheus|markdown ask for different outputs: pick one",
            ))
        }
        (Some(f), _) => f,
        (None, Format::Json | Format::Ndjson) => HealthFormat::Json,
        (None, Format::Human) => HealthFormat::Table,
    };
    if format == HealthFormat::Markdown {
        // The same report, lines and tables; the printer renders them as Markdown.
        ctx.printer.set_markdown();
    }
    let fail_on: BTreeSet<DriftKind> = match &args.fail_on {
        Some(text) => {
            render::parse_kinds(text).map_err(|e| Failure::usage(format!("--fail-on: {e}")))?
        }
        None => HealthOptions::default_fail_on(),
    };
    let opts = HealthOptions {
        fail_on,
        no_fail_on_drift: args.no_fail_on_drift,
        deep: args.deep,
    };
    let read_opts = ReadOptions {
        sources: parse_sources(&args.sources)?,
        kv_values: args.deep,
        // Each value is compared with its row as both arrive; neither is held (memory).
        durable_rows: false,
        checks_only: args.deep,
    };
    let listing = if args.serial_list {
        Listing::Serial
    } else {
        Listing::Auto
    };

    if args.compare {
        return super::health_api::compare(ctx, &args, &opts, &read_opts, listing, format).await;
    }
    // A target without KV and SQL of its own (the Worker) reports its health through its API.
    if !ctx.target.serves(Service::KvSql) {
        return super::health_api::via_api(ctx, &args, &opts, format).await;
    }
    let (store, db) = (ctx.store().await?, ctx.durable().await?);
    let report = direct_report(ctx, store, db, &read_opts, listing, &opts, args.settle).await;

    match format {
        HealthFormat::Json => ctx.printer.json(&report),
        HealthFormat::Prometheus => ctx.printer.raw(render::prometheus(&report)),
        HealthFormat::Table | HealthFormat::Markdown => {
            let p = &ctx.printer;
            let grouped = p.groups_numbers();
            if p.is_markdown() {
                p.line(format!(
                    "## mkt health: {}",
                    report.status.replace('_', " ")
                ));
                p.line(format!("**{}**", render::summary_line(&report, grouped)));
            } else {
                p.line(render::summary_line(&report, grouped));
            }
            p.line("");
            p.heading("Sources");
            p.table(&render::sources_table(&report, grouped));
            if let Some(note) = render::listing_note(&report) {
                p.line(note);
            }
            p.line("");
            p.heading("Drift by kind");
            p.table(&render::kinds_table(&report, grouped));
            if !report.drifts.is_empty() {
                p.line("");
                p.heading("Drifted slugs");
                let (table, hidden) = render::drifts_table(&report, args.all);
                p.table(&table);
                if hidden > 0 {
                    p.line(format!(
                        "… and {} more slugs (--all lists every one)",
                        p.count(hidden as u64)
                    ));
                }
            }
            if !report.recommendations.is_empty() {
                p.line("");
                if p.is_markdown() {
                    p.heading("Recommendations");
                    p.raw(render::recommendations_markdown(&report));
                } else {
                    p.line("recommendations:");
                    for l in render::recommendation_lines(&report) {
                        p.line(l);
                    }
                }
            }
        }
    }
    if !args.deep && matches!(format, HealthFormat::Table | HealthFormat::Markdown) {
        ctx.printer.status(
            "note: KV values were not read; --deep also checks field_mismatch and malformed records",
        );
    }
    ctx.report_requests();
    ctx.printer.status(report.exit_note(&opts));
    Ok(report.exit_status(&opts))
}
