//! `mkt seed`: realistic test data.

use clap::Args;

use super::Ctx;
use crate::exit::ExitStatus;

#[derive(Clone, Debug, Args)]
pub struct SeedArgs {}

pub async fn run(_ctx: &Ctx, _args: SeedArgs) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("mkt seed is not built yet")
}
