//! `mkt help [TOPIC | COMMAND…]`: the reference tables printed from the code's own tables (the
//! exit-code contract, the settings table, the clap flags), or a command's help as `--help`
//! prints it. docs/ holds the Markdown form of each topic (`--format markdown`); a test keeps
//! them equal.

use clap::{Args, CommandFactory};

use super::PlanFormat;
use crate::cli::Cli;
use crate::config::settings::{Default, Kind, Setting, OTHER_ENVIRONMENT, SETTINGS};
use crate::exit::{ExitStatus, Failure};
use crate::output::{Printer, Table, SCHEMA_VERSION};

#[derive(Clone, Debug, Args)]
pub struct HelpArgs {
    /// A topic (exit-codes, environment, config, flags) or a command (`mkt help index rebuild`)
    #[arg(value_name = "TOPIC|COMMAND")]
    pub topic: Vec<String>,
    /// A topic's tables as tables and lines (default) or as GitHub-flavoured Markdown (what docs/ holds)
    #[arg(long, value_enum)]
    pub format: Option<PlanFormat>,
}

/// The reference topics, with what each shows.
pub const TOPICS: [(&str, &str); 4] = [
    ("exit-codes", "what each exit status means"),
    ("environment", "every environment variable mkt reads"),
    (
        "config",
        "every setting: its flag, variables, profile key and default",
    ),
    ("flags", "the global flags every command takes"),
];

pub fn run(printer: &Printer, args: &HelpArgs) -> anyhow::Result<ExitStatus> {
    let Some(first) = args.topic.first() else {
        return command_help(&[]);
    };
    let markdown = args.format == Some(PlanFormat::Markdown);
    let (intro, table) = match first.as_str() {
        "exit-codes" => (
            "The exit status is a contract: scripts and CI branch on it.",
            exit_codes(),
        ),
        "environment" => (
            "An empty variable counts as unset. A flag wins over a variable, a variable over the profile.",
            environment(markdown),
        ),
        "config" => (
            "Each setting is resolved flag > environment variable > profile (`[profiles.NAME]` in mkt.toml) > default; `mkt config show` prints what resolved and where from. Secrets are read from the environment only, never from a profile.",
            config(markdown),
        ),
        "flags" => ("Every command takes these flags.", flags(markdown)),
        _ => return command_help(&args.topic),
    };
    if args.topic.len() > 1 {
        return Err(Failure::usage(format!(
            "mkt help {first} takes no more words: {:?}",
            args.topic[1..].join(" ")
        )));
    }
    if markdown {
        if printer.is_json() {
            return Err(Failure::usage(
                "--json/--ndjson and --format markdown ask for different outputs: pick one",
            ));
        }
        printer.set_markdown_authored();
    }
    if printer.is_json() {
        printer.json(&serde_json::json!({
            "schema_version": SCHEMA_VERSION,
            "topic": first,
            "rows": rows_as_json(&table),
        }));
    } else {
        printer.line(intro);
        printer.table(&table);
    }
    Ok(ExitStatus::Success)
}

/// A command's help, exactly as `mkt COMMAND --help` prints it (`mkt help` alone: `mkt --help`).
fn command_help(words: &[String]) -> anyhow::Result<ExitStatus> {
    let cli = Cli::command();
    if let Some(first) = words.first() {
        let known = cli
            .get_subcommands()
            .any(|c| c.get_name() == first || c.get_all_aliases().any(|a| a == first));
        if !known {
            let topics: Vec<&str> = TOPICS.iter().map(|(t, _)| *t).collect();
            let commands: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
            return Err(Failure::usage(format!(
                "no help topic or command {first:?}: topics are {}; commands are {}",
                topics.join(", "),
                commands.join(", ")
            )));
        }
    }
    let argv = std::iter::once("mkt")
        .chain(words.iter().map(String::as_str))
        .chain(std::iter::once("--help"));
    match cli.try_get_matches_from(argv) {
        Ok(_) => Ok(ExitStatus::Success),
        Err(e) => {
            let _ = e.print();
            Ok(if e.use_stderr() {
                ExitStatus::Usage
            } else {
                ExitStatus::Success
            })
        }
    }
}

fn rows_as_json(table: &Table) -> Vec<serde_json::Value> {
    table
        .rows
        .iter()
        .map(|row| {
            let fields = table
                .headers
                .iter()
                .zip(row)
                .map(|(h, c)| (h.replace(' ', "_"), serde_json::Value::String(c.clone())));
            serde_json::Value::Object(fields.collect())
        })
        .collect()
}

fn exit_codes() -> Table {
    let mut t = Table::new(["code", "meaning"]);
    for status in ExitStatus::ALL {
        t.row([status.code().to_string(), status.meaning().to_string()]);
    }
    t
}

/// What a setting is, with where it applies and whether it is secret.
fn meaning(s: &Setting) -> String {
    let mut m = s.about.to_string();
    if let Some(scope) = s.scope_text() {
        m.push_str(&format!(" ({scope})"));
    }
    if s.secret {
        m.push_str("; secret: never printed");
    }
    m
}

/// A name or value as code: in backticks in Markdown, bare elsewhere.
fn code(s: &str, markdown: bool) -> String {
    if markdown {
        format!("`{s}`")
    } else {
        s.to_string()
    }
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

fn environment(md: bool) -> Table {
    let mut t = Table::new(["variable", "setting", "default", "meaning"]);
    for s in SETTINGS {
        for (i, name) in s.env.iter().enumerate() {
            let about = if i == 0 {
                meaning(s)
            } else {
                format!("same as {}", s.env[0])
            };
            t.row([code(name, md), s.key.to_string(), default(s, md), about]);
        }
    }
    for v in OTHER_ENVIRONMENT {
        t.row([
            code(v.name, md),
            "—".into(),
            "—".into(),
            v.about.to_string(),
        ]);
    }
    t
}

fn config(md: bool) -> Table {
    let mut t = Table::new([
        "setting",
        "flag",
        "environment",
        "profile key",
        "default",
        "meaning",
    ]);
    let or_dash = |s: String| if s.is_empty() { "—".into() } else { s };
    for s in SETTINGS {
        let profile = if s.key == "profile" {
            // The profile is chosen by name, or by mkt.toml's top-level key.
            format!("{} (top level)", code("default_profile", md))
        } else {
            list(s.profile.iter().map(|k| code(k, md)))
        };
        t.row([
            s.key.to_string(),
            or_dash(list(s.flag.iter().map(|f| code(f.name, md)))),
            or_dash(list(s.env.iter().map(|e| code(e, md)))),
            or_dash(profile),
            default(s, md),
            with_kind(s, md),
        ]);
    }
    t
}

/// The meaning, with the words a choice takes.
fn with_kind(s: &Setting, md: bool) -> String {
    match s.kind {
        Kind::Choice(words) => format!(
            "{}; one of {}",
            meaning(s),
            list(words.iter().map(|w| code(w, md)))
        ),
        _ => meaning(s),
    }
}

/// The default: a value as code, a rule as words.
fn default(s: &Setting, md: bool) -> String {
    match s.default {
        Default::Value(v) => code(v, md),
        _ => s.default_text().unwrap_or("—").to_string(),
    }
}

/// The global flags as clap declares them, with the help `mkt --help` shows.
fn flags(md: bool) -> Table {
    let mut t = Table::new(["flag", "meaning"]);
    let mut cli = Cli::command();
    cli.build();
    for arg in cli.get_arguments().filter(|a| a.is_global_set()) {
        let mut names: Vec<String> = Vec::new();
        if let Some(short) = arg.get_short() {
            names.push(format!("-{short}"));
        }
        if let Some(long) = arg.get_long() {
            names.push(format!("--{long}"));
        }
        if let Some(aliases) = arg.get_visible_aliases() {
            names.extend(aliases.iter().map(|a| format!("--{a}")));
        }
        let value = arg
            .get_value_names()
            .filter(|_| arg.get_action().takes_values())
            .and_then(|v| v.first())
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
        let names: Vec<String> = names
            .iter()
            .map(|n| code(&format!("{n}{value}"), md))
            .collect();
        t.row([names.join(", "), help]);
    }
    t
}
