//! `mkt db migrate`.

use clap::{Args, Subcommand};
use serde_json::json;

use super::Ctx;
use crate::exit::ExitStatus;
use crate::output::{Table, SCHEMA_VERSION};
use crate::schema::migration_statements;
use crate::seed::db;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the skills table and the review tables (idempotent)
    Migrate(MigrateArgs),
}

#[derive(Clone, Debug, Args)]
pub struct MigrateArgs {
    /// Print the SQL instead of running it
    #[arg(long)]
    pub dry_run: bool,
}

/// One machine-readable document: pretty JSON under `--json`, a single line under `--ndjson`.
pub(crate) fn print_document(ctx: &Ctx, doc: &serde_json::Value) {
    if ctx.printer.format() == crate::output::Format::Ndjson {
        ctx.printer.ndjson(doc);
    } else {
        ctx.printer.json(doc);
    }
}

pub async fn run(ctx: &Ctx, cmd: DbCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        DbCommand::Migrate(args) => migrate(ctx, args).await,
    }
}

async fn migrate(ctx: &Ctx, args: MigrateArgs) -> anyhow::Result<ExitStatus> {
    let layout = &ctx.settings.layout;
    if args.dry_run {
        // No store is opened: a dry run must not even create the local SQLite file.
        if ctx.printer.is_json() {
            let stmts: Vec<String> = migration_statements(layout)
                .iter()
                .map(|s| format!("{s};"))
                .collect();
            print_document(
                ctx,
                &json!({
                    "schema_version": SCHEMA_VERSION,
                    "dry_run": true,
                    "statements": stmts,
                    "requests": 0,
                }),
            );
        } else {
            ctx.printer.raw(db::migration_script(layout));
        }
        return Ok(ExitStatus::Success);
    }
    let store = ctx.open_store().await?;
    db::migrate(store.sql.as_ref(), layout).await?;
    let tables = db::table_presence(store.sql.as_ref(), layout).await?;
    if ctx.printer.is_json() {
        print_document(
            ctx,
            &json!({
                "schema_version": SCHEMA_VERSION,
                "dry_run": false,
                "target": store.target.as_str(),
                "statements": migration_statements(layout).len(),
                "tables": tables,
                "requests": store.requests(),
            }),
        );
    } else {
        let mut t = Table::new(["table", "exists"]);
        for p in &tables {
            t.row([
                p.table.clone(),
                if p.exists { "yes" } else { "no" }.to_string(),
            ]);
        }
        ctx.printer.table(&t);
    }
    ctx.report_requests(&store);
    Ok(if tables.iter().all(|t| t.exists) {
        ExitStatus::Success
    } else {
        ctx.printer
            .error("migrations ran but some tables are still missing");
        ExitStatus::Error
    })
}
