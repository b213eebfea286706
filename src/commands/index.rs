//! `mkt index …` and `mkt rebuild-index`.

use clap::{Args, Subcommand};

use super::Ctx;
use crate::exit::ExitStatus;

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Rebuild the published index as a union of every live source
    #[command(visible_alias = "rebuild-index")]
    Rebuild(RebuildArgs),
}

#[derive(Clone, Debug, Args)]
pub struct RebuildArgs {}

pub async fn run(ctx: &Ctx, cmd: IndexCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        IndexCommand::Rebuild(args) => rebuild(ctx, args).await,
    }
}

pub async fn rebuild(_ctx: &Ctx, _args: RebuildArgs) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("mkt index rebuild is not built yet")
}
