//! Thin adapters: parse → call the library → render. `dispatch` is the one place errors become exit codes.

use std::path::PathBuf;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::config::{self, Env, Overrides, Settings};
use crate::exit::{self, ExitStatus};
use crate::output::{Format, Printer, Terminal};
use crate::store::{self, Store};

pub mod backfill;
pub mod completions;
pub mod config_cmd;
pub mod db;
pub mod health;
pub mod index;
pub mod seed;
pub mod skills;

/// What every command runs with.
pub struct Ctx {
    pub printer: Printer,
    pub settings: Settings,
    pub env: Env,
    pub cwd: PathBuf,
}

impl Ctx {
    /// Opens the configured target and names it on stderr.
    pub async fn open_store(&self) -> anyhow::Result<Store> {
        let log: Option<store::Log> = if self.printer.verbose() {
            let printer = self.printer.clone();
            Some(std::sync::Arc::new(move |line: &str| printer.debug(line)))
        } else {
            None
        };
        let store = store::open_logged(&self.settings, log).await?;
        self.printer
            .status(format!("target: {}", store.description));
        Ok(store)
    }

    /// Reports the API requests a command used (`requests: N` on stderr).
    pub fn report_requests(&self, store: &Store) {
        self.printer
            .status(format!("requests: {}", store.requests()));
    }
}

pub fn printer_for(global: &GlobalArgs) -> Printer {
    let env = Env::from_process();
    let format = if global.json {
        Format::Json
    } else if global.ndjson {
        Format::Ndjson
    } else {
        Format::Human
    };
    let term = Terminal::detect(env.flag("MKT_FORCE_TTY"), env.get("NO_COLOR").is_some());
    Printer::new(format, term, global.quiet, global.verbose)
}

fn overrides(global: &GlobalArgs) -> Overrides {
    Overrides {
        profile: global.profile.clone(),
        target: global.target.map(Into::into),
        account_id: global.account_id.clone(),
        kv_namespace_id: global.namespace_id.clone(),
        d1_database_id: global.database_id.clone(),
        local_path: global.local_path.clone(),
        api_url: global.api_url.clone(),
        config_file: global.config.clone(),
        concurrency: global.concurrency.map(|n| n as usize),
    }
}

/// Runs a command and turns its outcome into an exit status, printing errors as one line.
pub async fn dispatch(cli: Cli) -> ExitStatus {
    let printer = printer_for(&cli.global);
    let result = run(cli, printer.clone()).await;
    match result {
        Ok(status) => status,
        Err(err) => {
            printer.error(exit::one_line(&err));
            exit::status_of(&err)
        }
    }
}

async fn run(cli: Cli, printer: Printer) -> anyhow::Result<ExitStatus> {
    // Completions need no configuration: a broken mkt.toml must not break the shell.
    if let Command::Completions(args) = &cli.command {
        return completions::run(&printer, args);
    }
    let env = Env::from_process();
    let cwd = std::env::current_dir()?;
    let settings = config::resolve(&overrides(&cli.global), &env, &cwd)?;
    let ctx = Ctx {
        printer,
        settings,
        env,
        cwd,
    };
    match cli.command {
        Command::Health(args) => health::run(&ctx, args).await,
        Command::Index(cmd) => index::run(&ctx, cmd).await,
        Command::RebuildIndex(args) => index::rebuild(&ctx, args).await,
        Command::Backfill(cmd) => backfill::run(&ctx, cmd).await,
        Command::Skills(cmd) => skills::run(&ctx, cmd).await,
        Command::Seed(args) => seed::run(&ctx, args).await,
        Command::Db(cmd) => db::run(&ctx, cmd).await,
        Command::Config(cmd) => config_cmd::run(&ctx, cmd).await,
        Command::Completions(_) => unreachable!("handled above"),
    }
}
