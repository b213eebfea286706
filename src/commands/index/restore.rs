//! `mkt index restore`: put a backed-up index back, the current one backed up first.

use serde::Serialize;

use super::{Ctx, RestoreArgs};
use crate::exit::ExitStatus;
use crate::output::SCHEMA_VERSION;
use crate::repair::{self, backup, index_apply};

pub(super) async fn run(ctx: &Ctx, args: RestoreArgs) -> anyhow::Result<ExitStatus> {
    let layout = &ctx.settings.layout;
    let store = ctx.store().await?;
    let (bytes, from) = backup::load_backup(&store, layout, &ctx.cwd, &args.backup).await?;
    let entries = crate::model::parse_index(&bytes)
        .map(|e| e.len())
        .unwrap_or(0);
    let warn = repair::production_note(ctx.settings.production);
    crate::commands::confirm_apply(
        &ctx.printer,
        args.yes,
        &format!(
            "Replace {}{warn} with {from} ({entries} entries)?",
            layout.index_key
        ),
    )?;
    let (previous, verified) =
        index_apply::restore(&store, layout, &ctx.settings.state_dir, &bytes).await?;
    let result = Restored {
        schema_version: SCHEMA_VERSION,
        ok: verified,
        restored_from: &from,
        entries,
        backup: previous.as_ref(),
        verified: RestoreVerified {
            index_sha256_matches: verified,
        },
        requests: store.requests(),
    };
    if ctx.printer.is_json() {
        ctx.printer.json(&result);
    } else {
        ctx.printer.line(format!(
            "restored {} from {from} ({entries} entries); verified: {verified}",
            layout.index_key
        ));
        if let Some(b) = result.backup {
            ctx.printer.line(format!(
                "previous index backed up to {} and {}",
                b.file, b.kv_key
            ));
        }
    }
    ctx.report_requests();
    Ok(if verified {
        ExitStatus::Success
    } else {
        ExitStatus::Partial
    })
}

/// What `mkt index restore` did.
#[derive(Serialize)]
struct Restored<'a> {
    schema_version: &'static str,
    ok: bool,
    restored_from: &'a str,
    entries: usize,
    backup: Option<&'a backup::Backup>,
    verified: RestoreVerified,
    requests: u64,
}

#[derive(Serialize)]
struct RestoreVerified {
    index_sha256_matches: bool,
}
