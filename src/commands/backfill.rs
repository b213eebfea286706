//! `mkt backfill skills`.

use clap::{Args, Subcommand};

use super::Ctx;
use crate::exit::ExitStatus;

#[derive(Debug, Subcommand)]
pub enum BackfillCommand {
    /// Copy skills between KV values and durable rows
    Skills(BackfillSkillsArgs),
}

#[derive(Clone, Debug, Args)]
pub struct BackfillSkillsArgs {}

pub async fn run(_ctx: &Ctx, _cmd: BackfillCommand) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("mkt backfill is not built yet")
}
