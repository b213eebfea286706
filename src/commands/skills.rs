//! `mkt skills list|get`.

use clap::{Args, Subcommand};

use super::Ctx;
use crate::exit::ExitStatus;

#[derive(Debug, Subcommand)]
pub enum SkillsCommand {
    /// List skills from one source
    List(ListArgs),
    /// Show one skill from one source
    Get(GetArgs),
}

#[derive(Clone, Debug, Args)]
pub struct ListArgs {}

#[derive(Clone, Debug, Args)]
pub struct GetArgs {
    pub slug: String,
}

pub async fn run(_ctx: &Ctx, _cmd: SkillsCommand) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("mkt skills is not built yet")
}
