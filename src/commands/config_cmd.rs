//! `mkt config show`.

use clap::Subcommand;

use super::Ctx;
use crate::exit::ExitStatus;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the resolved configuration and where each value came from (secrets redacted)
    Show,
}

pub async fn run(_ctx: &Ctx, _cmd: ConfigCommand) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("mkt config show is not built yet")
}
