//! `mkt doctor`: one row per check of the setup, with its status and fix. Exit 0 when every
//! check passes (skipped ones do not apply), 1 otherwise.

use clap::Args;

use super::Ctx;
use crate::config::TargetKind;
use crate::config::{self, Overrides};
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
    let cloudflare = if s.target == TargetKind::Cloudflare {
        Some(s.cloudflare.clone().ok_or_else(|| s.missing.clone()))
    } else if ctx.env.get("CLOUDFLARE_API_TOKEN").is_some() {
        let as_cf = Overrides {
            target: Some(TargetKind::Cloudflare),
            ..overrides.clone()
        };
        match config::resolve_for_show(&as_cf, &ctx.env, &ctx.cwd) {
            Ok(cf) => Some(cf.cloudflare.clone().ok_or(cf.missing)),
            Err(e) => Some(Err(vec![config::Missing {
                key: "config".into(),
                message: crate::exit::one_line(&e),
            }])),
        }
    } else {
        None
    };
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
            ..Default::default()
        },
    })
    .await;
    report.checks.insert(0, config_row(ctx));
    Ok(render(&ctx.printer, &report))
}

/// The configuration could not be read at all: that is the one failing row.
pub fn unreadable_config(printer: &Printer, err: &anyhow::Error) -> ExitStatus {
    let report = DoctorReport {
        schema_version: crate::output::SCHEMA_VERSION,
        ok: false,
        target: TargetKind::Local,
        checks: vec![Check {
            name: "config",
            status: Status::Fail,
            detail: crate::exit::one_line(err),
            fix: Some("fix the file named above (`mkt config show` explains every key)".into()),
        }],
        requests: 0,
    };
    render(printer, &report)
}
