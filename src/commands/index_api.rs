//! `mkt index rebuild --via api`: seed 001's `POST /api/v1/admin/rebuild-index`, under the same
//! confirmation rules as a direct rebuild (nothing is sent without `--apply`; a prompt on a
//! terminal, `--yes` without one).

use serde::Serialize;

use super::index::RebuildArgs;
use super::Ctx;
use crate::exit::{ExitStatus, Failure};
use crate::output::{Table, SCHEMA_VERSION};
use crate::worker::ADMIN_REBUILD;

#[derive(Serialize)]
struct Rebuilt<'a> {
    schema_version: &'static str,
    via: &'static str,
    api_url: &'a str,
    applied: bool,
    ok: Option<bool>,
    rebuilt: Option<u64>,
    errors: Option<u64>,
    #[serde(rename = "orphanedAliases")]
    orphaned_aliases: Option<u64>,
    #[serde(rename = "prismaBackfilled")]
    prisma_backfilled: Option<u64>,
    not_provided: &'a [&'static str],
    requests: u64,
}

/// Without `--apply`: what would be sent (the Worker reports no plan beforehand).
#[derive(Serialize)]
struct NotSent<'a> {
    schema_version: &'static str,
    via: &'static str,
    api_url: &'a str,
    applied: bool,
    request: String,
    requests: u64,
}

/// Options a direct rebuild plans with; the Worker's endpoint takes none.
fn refuse_direct_flags(args: &RebuildArgs) -> anyhow::Result<()> {
    let given: Vec<&str> = [
        ("--prune", args.prune),
        ("--max-delete", args.max_delete > 0),
        ("--fix-aliases", args.fix_aliases),
        ("--read-values", args.read_values),
        ("--keys-only", args.keys_only),
        ("--out", args.out.is_some()),
        ("--check", args.check),
    ]
    .into_iter()
    .filter_map(|(f, on)| on.then_some(f))
    .collect();
    if given.is_empty() {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "{} cannot go through the Worker: POST {ADMIN_REBUILD} takes no options and reports no plan; use --target local|cloudflare for them",
        given.join(", ")
    )))
}

pub async fn rebuild(ctx: &Ctx, args: &RebuildArgs) -> anyhow::Result<ExitStatus> {
    refuse_direct_flags(args)?;
    let client = ctx.target.worker()?;
    let url = client.base_url().to_string();
    ctx.printer
        .status(format!("target: marketplace Worker API {url}"));
    let index_key = &ctx.settings.layout.index_key;
    if !args.apply {
        let note = format!(
            "plan: POST {ADMIN_REBUILD} on {url} rebuilds {index_key} from the Worker's KV keys and backfills its durable table (the Worker reports no plan beforehand); nothing was sent — run with --apply to ask it"
        );
        if ctx.printer.is_json() {
            ctx.printer.json(&NotSent {
                schema_version: SCHEMA_VERSION,
                via: "api",
                api_url: &url,
                applied: false,
                request: format!("POST {ADMIN_REBUILD}"),
                requests: 0,
            });
        } else {
            ctx.printer.line(note);
        }
        ctx.printer.status("requests: 0");
        return Ok(ExitStatus::Success);
    }
    super::repair::confirm(
        ctx,
        args.yes,
        &format!("Ask the Worker at {url} to rebuild {index_key}"),
    )?;
    let r = client.rebuild_index().await?;
    let doc = Rebuilt {
        schema_version: SCHEMA_VERSION,
        via: "api",
        api_url: &url,
        applied: true,
        ok: r.ok,
        rebuilt: r.rebuilt,
        errors: r.errors,
        orphaned_aliases: r.orphaned_aliases,
        prisma_backfilled: r.prisma_backfilled,
        not_provided: &r.missing,
        requests: client.requests(),
    };
    if ctx.printer.is_json() {
        ctx.printer.json(&doc);
    } else {
        let cell = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
        let mut t = Table::new(["count", "value"]);
        t.row(["rebuilt".to_string(), cell(r.rebuilt)]);
        t.row(["errors".to_string(), cell(r.errors)]);
        t.row(["orphanedAliases".to_string(), cell(r.orphaned_aliases)]);
        t.row(["prismaBackfilled".to_string(), cell(r.prisma_backfilled)]);
        ctx.printer.line(format!("the Worker rebuilt {index_key}:"));
        ctx.printer.table(&t);
        if !r.missing.is_empty() {
            ctx.printer.status(format!(
                "note: the Worker's answer does not provide {}",
                r.missing.join(", ")
            ));
        }
        if r.orphaned_aliases.unwrap_or(0) > 0 {
            ctx.printer.status(
                "note: the Worker reports orphaned aliases; `mkt index rebuild --fix-aliases --apply` (direct) removes them",
            );
        }
    }
    ctx.printer
        .status(format!("requests: {}", client.requests()));
    if let Some(n) = r.errors.filter(|n| *n > 0) {
        return Err(Failure::partial(format!(
            "the Worker reported {n} error(s) while rebuilding; check its logs (wrangler tail), fix the records, and run again — the rebuild is a union, so a rerun converges"
        )));
    }
    Ok(ExitStatus::Success)
}
