//! `mkt completions <shell>`: shell completion scripts from the clap definition.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;
use crate::exit::ExitStatus;
use crate::output::Printer;

#[derive(Clone, Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate completions for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for one shell, as `completions/` holds it.
pub fn script(shell: Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "mkt", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn run(printer: &Printer, args: &CompletionsArgs) -> anyhow::Result<ExitStatus> {
    printer.raw(script(args.shell));
    Ok(ExitStatus::Success)
}
