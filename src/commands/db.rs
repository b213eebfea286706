//! `mkt db migrate` and `mkt db schema`.

use clap::{Args, Subcommand};
use serde_json::json;

use super::Ctx;
use crate::durable::{self, report::SchemaReport};
use crate::exit::{ExitStatus, Failure};
use crate::output::{Table, SCHEMA_VERSION};
use crate::schema::migration_statements;
use crate::seed::db;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the skills table and the review tables (idempotent)
    Migrate(MigrateArgs),
    /// Show the durable skills table as discovered: columns, types, the field each holds
    Schema,
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
        DbCommand::Schema => schema(ctx).await,
    }
}

async fn migrate(ctx: &Ctx, args: MigrateArgs) -> anyhow::Result<ExitStatus> {
    let layout = &ctx.settings.layout;
    if let Some(pg) = &ctx.settings.durable_postgres {
        return Err(Failure::refused(format!(
            "mkt db migrate does not touch the PostgreSQL durable store {}: its schema belongs to the app's own (Prisma) migrations; nothing was changed",
            pg.display
        )));
    }
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
    let store = ctx.store().await?;
    db::migrate(store.sql.as_ref(), layout).await?;
    let tables = db::table_presence(store.sql.as_ref(), layout).await?;
    if ctx.printer.is_json() {
        print_document(
            ctx,
            &json!({
                "schema_version": SCHEMA_VERSION,
                "dry_run": false,
                "target": ctx.target.kind().as_str(),
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
    ctx.report_requests();
    Ok(if tables.iter().all(|t| t.exists) {
        ExitStatus::Success
    } else {
        ctx.printer
            .error("migrations ran but some tables are still missing");
        ExitStatus::Error
    })
}

async fn schema(ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let (store, db) = (ctx.store().await?, ctx.durable().await?);
    let layout = &ctx.settings.layout;
    let table = durable::table(db, layout)
        .await
        .map_err(|e| crate::error::failure(&e))?;
    let (kind, description) = match db.description() {
        Some(d) => (db.dialect().as_str().to_string(), d.to_string()),
        None => (
            ctx.target.kind().as_str().to_string(),
            store.description.clone(),
        ),
    };
    let mut report = SchemaReport::new(&table, &kind, &description, db.note(), store.requests());
    // The fields the store's records hold that have no column: from a sample of records. A KV
    // side that cannot be read leaves the list at seed 001's fields, said on stderr.
    match crate::durable::report::sample_records(store, layout, 100).await {
        Ok(records) => report.add_record_fields(&table, records.iter()),
        Err(e) => ctx.printer.warn(format!(
            "could not sample KV records for fields without a column ({e}); only seed 001's fields are listed"
        )),
    }
    if ctx.printer.is_json() {
        print_document(ctx, &serde_json::to_value(&report)?);
    } else {
        render_schema(ctx, &report);
    }
    ctx.report_requests();
    Ok(ExitStatus::Success)
}

fn render_schema(ctx: &Ctx, r: &SchemaReport) {
    let p = &ctx.printer;
    let name = match &r.schema {
        Some(s) => format!("{s}.{}", r.table),
        None => r.table.clone(),
    };
    p.line(format!(
        "durable table {name} on {} ({}), key {}",
        r.store, r.store_description, r.key
    ));
    let mut t = Table::new(["column", "type", "null", "default", "field", "role"]);
    for c in &r.columns {
        let field = match (&c.field, c.mapped_by) {
            (Some(f), Some(crate::schema::table::MappedBy::Profile)) => format!("{f} (profile)"),
            (Some(f), _) if c.compared == Some("where_held") => format!("{f} (where held)"),
            (Some(f), _) => f.clone(),
            (None, _) => "-".into(),
        };
        t.row([
            c.name.clone(),
            c.sql_type.clone(),
            if c.nullable { "yes" } else { "no" }.to_string(),
            c.default.clone().unwrap_or_default(),
            field,
            c.role.to_string(),
        ]);
    }
    p.table(&t);
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    p.line(format!(
        "record fields with no column (never compared, written or changed; {} records sampled): {}",
        r.records_sampled,
        list(&r.fields_without_column)
    ));
    p.line(format!(
        "columns holding no record field (left as they are; defaults on insert): {}",
        list(&r.unknown_columns)
    ));
    p.line(
        "fields marked (where held) are compared and written only where a record holds them; the others always",
    );
    for f in &r.client_filled {
        p.line(format!(
            "filled by mkt as the app would: {} — {}",
            f.column, f.how
        ));
    }
    if let Some(why) = &r.write_refusal {
        p.warn(format!("repairs that write rows would refuse: {why}"));
    }
}
