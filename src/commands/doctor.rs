//! `mkt doctor`: one row per check of the setup, with its status and fix. Exit 0 when every
//! check passes (skipped ones do not apply), 1 otherwise.

use clap::Args;

use super::Ctx;
use crate::config::Overrides;
use crate::doctor::{self, Check, DoctorReport, Inputs, Status};
use crate::exit::ExitStatus;
use crate::output::Printer;

#[derive(Clone, Debug, Args)]
pub struct DoctorArgs {}

fn config_row(ctx: &Ctx) -> Check {
    let s = &ctx.settings;
    let profile = match &s.profile {
        Some(p) => format!("profile {p}"),
        None => "no profile".to_string(),
    };
    Check {
        name: "config",
        status: Status::Ok,
        detail: format!("{profile}, target {}", s.target.as_str()),
        fix: None,
    }
}

fn render(printer: &Printer, report: &DoctorReport) -> ExitStatus {
    if printer.is_json() {
        printer.json(report);
    } else {
        printer.table(&report.table());
        printer.line(report.summary_line());
    }
    printer.status(format!("requests: {}", report.requests));
    if report.ok {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    }
}

pub async fn run(
    ctx: &Ctx,
    _args: DoctorArgs,
    overrides: &Overrides,
) -> anyhow::Result<ExitStatus> {
    let s = &ctx.settings;
    // Cloudflare is checked when it is the target, or when a token says it is meant to be used.
    let cloudflare = doctor::cloudflare_input(s, overrides, &ctx.env, &ctx.cwd);
    let mut report = doctor::run(Inputs {
        settings: s,
        cloudflare,
        options: crate::store::cloudflare::ClientOptions {
            allow_insecure_http: s.allow_insecure_http,
            ..Default::default()
        },
        worker_options: crate::worker::WorkerOptions {
            log: ctx.log(),
            allow_insecure_http: s.allow_insecure_http,
            max_retry_after: s.max_wait,
            ..Default::default()
        },
    })
    .await;
    report.checks.insert(0, config_row(ctx));
    Ok(render(&ctx.printer, &report))
}

/// The configuration could not be read at all: that is the one failing row.
pub fn unreadable_config(printer: &Printer, err: &anyhow::Error) -> ExitStatus {
    render(
        printer,
        &DoctorReport::unreadable_config(crate::exit::one_line(err)),
    )
}
