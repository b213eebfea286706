//! `mkt db migrate`.

use clap::{Args, Subcommand};

use super::Ctx;
use crate::exit::ExitStatus;

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

pub async fn run(_ctx: &Ctx, _cmd: DbCommand) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("mkt db migrate is not built yet")
}
