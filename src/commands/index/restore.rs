//! `mkt index restore`: put a backed-up index back, the current one backed up first.

use serde::Serialize;

use super::{Ctx, RestoreArgs};
use crate::commands::repair::{confirm_noted, finish, Shown};
use crate::exit::ExitStatus;
use crate::output::SCHEMA_VERSION;
use crate::repair::{backup, index_apply};
use crate::target::Service;

pub(super) async fn run(ctx: &Ctx, args: RestoreArgs) -> anyhow::Result<ExitStatus> {
    let layout = &ctx.settings.layout;
    let store = ctx.store().await?;
    let (bytes, from) = backup::load_backup(store, layout, &ctx.cwd, &args.backup).await?;
    let entries = crate::model::parse_index(&bytes)
        .map(|e| e.len())
        .unwrap_or(0);
    confirm_noted(ctx, args.yes, |warn| {
        format!(
            "Replace {}{warn} with {from} ({entries} entries)?",
            layout.index_key
        )
    })?;
    let (previous, verified) =
        index_apply::restore(store, layout, &ctx.settings.state_dir, &bytes).await?;
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
    finish(ctx, &result, Service::KvSql);
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

impl Shown for Restored<'_> {
    fn human(&self, ctx: &Ctx) {
        let (key, from, entries) = (
            &ctx.settings.layout.index_key,
            self.restored_from,
            self.entries,
        );
        let verified = self.verified.index_sha256_matches;
        ctx.printer.line(format!(
            "restored {key} from {from} ({entries} entries); verified: {verified}"
        ));
        if let Some(b) = self.backup {
            ctx.printer.line(format!(
                "previous index backed up to {} and {}",
                b.file, b.kv_key
            ));
        }
    }
}

#[derive(Serialize)]
struct RestoreVerified {
    index_sha256_matches: bool,
}
