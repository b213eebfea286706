//! `mkt health`: the drift report.

use clap::Args;

use super::Ctx;
use crate::exit::ExitStatus;

#[derive(Clone, Debug, Args)]
pub struct HealthArgs {}

pub async fn run(_ctx: &Ctx, _args: HealthArgs) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("mkt health is not built yet")
}
