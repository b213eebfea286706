//! `mkt health --via api` and `mkt health --compare`: adapters over the Worker's health endpoint.

use super::health::{direct_report, HealthArgs, HealthFormat};
use super::Ctx;
use crate::exit::{ExitStatus, Failure};
use crate::health::{api, compare, HealthOptions};
use crate::sources::{Listing, ReadOptions, SourceName};
use crate::target::Service;

/// Flags that shape a direct read, which the Worker's endpoint does not take.
fn refuse_direct_flags(args: &HealthArgs) -> anyhow::Result<()> {
    let given: Vec<&str> = [
        ("--deep", args.deep),
        ("--sources", !args.sources.is_empty()),
        ("--serial-list", args.serial_list),
    ]
    .into_iter()
    .filter_map(|(f, on)| on.then_some(f))
    .collect();
    if given.is_empty() {
        Ok(())
    } else {
        Err(Failure::usage(format!(
            "{} shape(s) a direct read; the Worker's health endpoint takes no options: drop {0}, or use --target local|cloudflare (or --compare)",
            given.join(", ")
        )))
    }
}

fn worker(ctx: &Ctx) -> anyhow::Result<crate::worker::WorkerClient> {
    ctx.target.worker()
}

pub async fn via_api(
    ctx: &Ctx,
    args: &HealthArgs,
    opts: &HealthOptions,
    format: HealthFormat,
) -> anyhow::Result<ExitStatus> {
    refuse_direct_flags(args)?;
    if format == HealthFormat::Prometheus {
        return Err(Failure::usage(
            "--format prometheus reads the stores directly; use --target local|cloudflare for gauges",
        ));
    }
    let client = worker(ctx)?;
    ctx.printer.status(format!(
        "target: marketplace Worker API {}",
        client.base_url()
    ));
    let health = client.health_skills().await?;
    let report = api::build(&health, client.base_url(), opts, client.requests());
    if format == HealthFormat::Json {
        ctx.printer.json(&report);
    } else {
        let p = &ctx.printer;
        p.line(api::summary_line(&report));
        p.line("");
        p.table(&api::sources_table(&report));
        p.line("");
        p.table(&api::kinds_table(&report));
        if !report.drifts.is_empty() {
            p.line("");
            let (table, hidden) = api::drifts_table(&report, args.all);
            p.table(&table);
            if hidden > 0 {
                p.line(format!("… and {hidden} more (--all lists every one)"));
            }
        }
        if !report.recommendations.is_empty() {
            p.line("");
            p.line("recommendations:");
            for l in api::recommendation_lines(&report) {
                p.line(l);
            }
        }
        p.status(format!(
            "note: the Worker does not provide {}",
            report.not_provided.join(", ")
        ));
    }
    ctx.printer
        .status(format!("requests: {}", client.requests()));
    Ok(report.exit_status(opts))
}

pub async fn compare(
    ctx: &Ctx,
    args: &HealthArgs,
    opts: &HealthOptions,
    read_opts: &ReadOptions,
    listing: Listing,
    format: HealthFormat,
) -> anyhow::Result<ExitStatus> {
    if !ctx.target.serves(Service::KvSql) {
        return Err(Failure::usage(
            "--compare reads the stores directly and asks the Worker beside them: use --target local or cloudflare together with --api-url",
        ));
    }
    if format == HealthFormat::Prometheus {
        return Err(Failure::usage(
            "--compare prints a comparison table or --json, not gauges",
        ));
    }
    if read_opts.sources.len() < SourceName::ALL.len() {
        return Err(Failure::usage(
            "--compare needs every source read: drop --sources",
        ));
    }
    let _ = args;
    // Both halves before anything is printed: the Worker first, since it is the quick one.
    let client = worker(ctx)?;
    let (store, db) = (ctx.store().await?, ctx.durable().await?);
    ctx.printer.status(format!(
        "compared with: marketplace Worker API {}",
        client.base_url()
    ));
    let health = client.health_skills().await?;
    let direct = direct_report(ctx, store, db, read_opts, listing, opts, args.settle).await;
    let requests = store.requests() + client.requests();
    let c = compare::compare(
        &direct,
        &health,
        &store.description,
        client.base_url(),
        requests,
    );
    if format == HealthFormat::Json {
        ctx.printer.json(&c);
    } else {
        let p = &ctx.printer;
        p.line(c.summary_line());
        p.line("");
        p.table(&compare::Comparison::table(&c.counts));
        p.line("");
        p.table(&compare::Comparison::table(&c.kinds));
    }
    ctx.printer.status(format!("requests: {requests}"));
    Ok(c.exit_status())
}
