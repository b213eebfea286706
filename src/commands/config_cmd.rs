//! `mkt config show`.

use clap::Subcommand;
use serde_json::json;

use super::db::print_document;
use super::Ctx;
use crate::config::{Origin, ShownValue};
use crate::exit::ExitStatus;
use crate::output::{Table, SCHEMA_VERSION};

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the resolved configuration and where each value came from (secrets redacted)
    Show,
}

pub async fn run(ctx: &Ctx, cmd: ConfigCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        ConfigCommand::Show => show(ctx),
    }
}

/// The values to show: the resolver's list (secrets already redacted) plus the profile in use
/// and the absolute local path, which the resolver records only in raw form.
fn shown_values(ctx: &Ctx) -> Vec<ShownValue> {
    let s = &ctx.settings;
    let mut values = Vec::new();
    if !s.shown.iter().any(|v| v.key == "profile") {
        let origin = match (&s.profile, ctx.env.get("MKT_PROFILE")) {
            (None, _) => Origin::Default,
            (Some(p), Some(e)) if p == e => Origin::Env("MKT_PROFILE".into()),
            (Some(p), _) => Origin::Profile(p.clone()),
        };
        values.push(ShownValue {
            key: "profile".into(),
            value: s.profile.clone().unwrap_or_else(|| "(none)".into()),
            origin,
        });
    }
    for v in &s.shown {
        let mut v = v.clone();
        if v.key == "local_path" {
            v.value = s.local_path.display().to_string();
        }
        values.push(v);
    }
    if !values.iter().any(|v| v.key == "local_path") {
        values.push(ShownValue {
            key: "local_path".into(),
            value: s.local_path.display().to_string(),
            origin: Origin::Default,
        });
    }
    values
}

fn show(ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let values = shown_values(ctx);
    if ctx.printer.is_json() {
        let rows: Vec<serde_json::Value> = values
            .iter()
            .map(|v| json!({ "key": v.key, "value": v.value, "origin": v.origin.to_string() }))
            .collect();
        print_document(
            ctx,
            &json!({
                "schema_version": SCHEMA_VERSION,
                "profile": ctx.settings.profile,
                "target": ctx.settings.target.as_str(),
                "production": ctx.settings.production,
                "local_path": ctx.settings.local_path.display().to_string(),
                "ready": ctx.settings.missing.is_empty(),
                "values": rows,
                "missing": ctx.settings.missing,
            }),
        );
    } else {
        let mut t = Table::new(["key", "value", "origin"]);
        for v in &values {
            t.row([v.key.clone(), v.value.clone(), v.origin.to_string()]);
        }
        ctx.printer.table(&t);
    }
    for m in &ctx.settings.missing {
        ctx.printer.warn(format!("{}: {}", m.key, m.message));
    }
    if !ctx.settings.missing.is_empty() {
        ctx.printer.status(format!(
            "the {} target cannot be used until the missing values above are set (commands that use it exit 2)",
            ctx.settings.target.as_str()
        ));
    }
    Ok(ExitStatus::Success)
}
