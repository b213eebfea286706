//! The one printer. Results go to stdout; status, warnings, progress and prompts go to stderr.
//! Tables (a terminal), tab-separated rows (a pipe) and JSON all render from the same values.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

/// The `schema_version` every JSON document carries. Minor changes only add fields.
pub const SCHEMA_VERSION: &str = "1.0";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A table on a terminal, tab-separated rows when piped.
    Human,
    /// One JSON document on stdout.
    Json,
    /// One JSON object per line on stdout.
    Ndjson,
}

/// Plain tabular data: headers plus rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A cell as it may reach a terminal or a line-based pipe: data from other people (review
/// titles, display names) may hold escape sequences that would drive the operator's terminal,
/// so control characters are shown escaped (`\u{1b}`); tabs become spaces, and newlines too
/// unless the cell may span lines (a table on a terminal).
fn visible(cell: &str, multiline: bool) -> String {
    if !cell.chars().any(char::is_control) {
        return cell.to_string();
    }
    let mut out = String::with_capacity(cell.len());
    for c in cell.chars() {
        match c {
            '\n' if multiline => out.push('\n'),
            '\t' | '\n' => out.push(' '),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

impl Table {
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// The table as GitHub-flavoured Markdown (header, delimiter row, one line per row).
    pub fn markdown(&self) -> String {
        // A `|` would end the cell and a newline the row.
        let cell = |c: &str| c.replace('|', "\\|").replace('\n', "<br>");
        let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
        let mut s = line(self.headers.iter().map(|h| cell(h)).collect());
        s.push_str(&line(
            self.headers.iter().map(|_| "---".to_string()).collect(),
        ));
        for row in &self.rows {
            s.push_str(&line(row.iter().map(|c| cell(c)).collect()));
        }
        s
    }
}

#[derive(Clone)]
pub struct Printer {
    inner: Arc<Inner>,
}

struct Inner {
    format: Format,
    stdout_tty: bool,
    stderr_tty: bool,
    stdin_tty: bool,
    color: bool,
    quiet: bool,
    verbose: bool,
    /// Piped tables print without their header line (`--no-headers`).
    no_headers: bool,
    /// Width for tables on a terminal: `COLUMNS`, else the terminal's, else 120.
    columns: Option<u16>,
    /// Set once stdout's reader went away; later results are dropped silently.
    stdout_closed: AtomicBool,
    /// The first failed write to stdout other than a closed pipe (a full disk, an I/O error):
    /// the result did not arrive, so the command must fail.
    stdout_error: Mutex<Option<String>>,
    /// Results render as GitHub-flavoured Markdown (`--format markdown`): tables as pipe
    /// tables, lines as paragraphs, headings shown.
    markdown: AtomicBool,
}

/// Table width when the terminal reports none (or 0 columns, as under `script`).
pub const FALLBACK_COLUMNS: u16 = 120;

/// What the printer needs to know about the terminal, read once from the environment.
#[derive(Clone, Copy, Debug)]
pub struct Terminal {
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    pub stdin_tty: bool,
    pub no_color: bool,
    /// `COLUMNS` from the environment, when it is a positive number.
    pub columns: Option<u16>,
}

impl Terminal {
    /// `MKT_FORCE_TTY=1` makes stdout and stderr count as terminals (tests, `script`);
    /// a non-empty `NO_COLOR` turns colour off.
    pub fn detect(force_tty: bool, no_color: bool, columns: Option<&str>) -> Self {
        Terminal {
            stdout_tty: force_tty || io::stdout().is_terminal(),
            stderr_tty: force_tty || io::stderr().is_terminal(),
            stdin_tty: io::stdin().is_terminal(),
            no_color,
            columns: columns
                .and_then(|c| c.trim().parse::<u16>().ok())
                .filter(|c| *c > 0),
        }
    }
}

impl Printer {
    pub fn new(format: Format, term: Terminal, quiet: bool, verbose: bool) -> Self {
        Printer {
            inner: Arc::new(Inner {
                format,
                stdout_tty: term.stdout_tty,
                stderr_tty: term.stderr_tty,
                stdin_tty: term.stdin_tty,
                color: !term.no_color && term.stderr_tty,
                quiet,
                verbose,
                no_headers: false,
                columns: term.columns,
                stdout_closed: AtomicBool::new(false),
                stdout_error: Mutex::new(None),
                markdown: AtomicBool::new(false),
            }),
        }
    }

    /// Piped tables without their header line (`--no-headers`); set it before the printer is cloned.
    pub fn without_headers(mut self) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.no_headers = true;
        }
        self
    }

    /// Why the result could not be written to stdout, if it could not (a closed pipe is not a failure).
    pub fn stdout_error(&self) -> Option<String> {
        self.inner
            .stdout_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// From here on, results render as Markdown (for `$GITHUB_STEP_SUMMARY`, a PR comment).
    pub fn set_markdown(&self) {
        self.inner.markdown.store(true, Ordering::Relaxed);
    }
    pub fn is_markdown(&self) -> bool {
        self.inner.markdown.load(Ordering::Relaxed)
    }

    /// A section heading: shown in Markdown only (the terminal report has its own layout).
    pub fn heading(&self, text: impl AsRef<str>) {
        if self.is_markdown() {
            self.write_stdout(&format!("### {}\n\n", text.as_ref()));
        }
    }

    /// A count for a person (`53,000`) on a terminal or in Markdown, plain digits (`53000`)
    /// for a pipe.
    pub fn count(&self, n: u64) -> String {
        if self.groups_numbers() {
            grouped(n)
        } else {
            n.to_string()
        }
    }

    /// Whether numbers on stdout carry thousands separators (on a terminal, in Markdown).
    pub fn groups_numbers(&self) -> bool {
        self.inner.stdout_tty || self.is_markdown()
    }

    pub fn format(&self) -> Format {
        self.inner.format
    }
    pub fn is_json(&self) -> bool {
        self.inner.format != Format::Human
    }
    pub fn stdout_is_tty(&self) -> bool {
        self.inner.stdout_tty
    }
    pub fn verbose(&self) -> bool {
        self.inner.verbose
    }
    pub fn quiet(&self) -> bool {
        self.inner.quiet
    }
    pub fn color(&self) -> bool {
        self.inner.color
    }

    /// Prompts are allowed only when a person can answer: stdin and stderr are terminals.
    pub fn can_prompt(&self) -> bool {
        self.inner.stdin_tty && self.inner.stderr_tty
    }

    fn write_stdout(&self, text: &str) {
        // After Ctrl-C nothing may look like a whole result: what was read is only part of it.
        if self.inner.stdout_closed.load(Ordering::Relaxed) || crate::interrupt::requested() {
            return;
        }
        let mut out = io::stdout().lock();
        let res = out.write_all(text.as_bytes()).and_then(|_| out.flush());
        if let Err(e) = res {
            // A closed pipe (`mkt … | head`) is not an error: stop writing, quietly. Anything
            // else (a full disk, an I/O error) lost the result: stop writing and remember why.
            self.inner.stdout_closed.store(true, Ordering::Relaxed);
            if e.kind() != io::ErrorKind::BrokenPipe {
                let mut slot = self
                    .inner
                    .stdout_error
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                slot.get_or_insert_with(|| format!("cannot write the result to stdout: {e}"));
            }
        }
    }

    /// Everything on stderr (errors, warnings, `-v` lines) passes the scrub step last: whatever
    /// path a server's words took, no secret mkt holds reaches the screen or a log.
    fn write_stderr(&self, text: &str) {
        let text = crate::redact::scrub(text);
        let mut err = io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        let _ = err.flush();
    }

    /// A result line on stdout.
    pub fn line(&self, text: impl AsRef<str>) {
        let text = text.as_ref();
        if self.is_markdown() {
            // Each line its own paragraph (blank lines are spacing only); an indented line is
            // an item of the list above it.
            let s = match text.trim_start() {
                "" => return,
                t if t.len() < text.len() => format!("- {t}\n\n"),
                t => format!("{t}\n\n"),
            };
            return self.write_stdout(&s);
        }
        let mut s = text.to_string();
        s.push('\n');
        self.write_stdout(&s);
    }

    /// Raw result text on stdout (completions, prometheus text), written as is.
    pub fn raw(&self, text: impl AsRef<str>) {
        self.write_stdout(text.as_ref());
    }

    /// One JSON document on stdout, newline-terminated: pretty-printed, or on one line under
    /// `--ndjson` so the stream stays one object per line.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) {
        if self.inner.format == Format::Ndjson {
            return self.ndjson(value);
        }
        match serde_json::to_string_pretty(value) {
            Ok(mut s) => {
                s.push('\n');
                self.write_stdout(&s);
            }
            Err(e) => self.warn(format!("could not encode JSON: {e}")),
        }
    }

    /// One compact JSON object per line on stdout (NDJSON).
    pub fn ndjson<T: Serialize + ?Sized>(&self, value: &T) {
        match serde_json::to_string(value) {
            Ok(mut s) => {
                s.push('\n');
                self.write_stdout(&s);
            }
            Err(e) => self.warn(format!("could not encode JSON: {e}")),
        }
    }

    /// A table: comfy-table with headers on a terminal; tab-separated rows when piped, after a
    /// header line of the column names (unless `--no-headers`, or there are no rows).
    pub fn table(&self, table: &Table) {
        self.write_stdout(&self.render_table(table));
    }

    pub fn render_table(&self, table: &Table) -> String {
        if self.is_markdown() {
            format!("{}\n", table.markdown())
        } else if self.inner.stdout_tty {
            let mut t = comfy_table::Table::new();
            t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            // `COLUMNS` wins; else measure the terminal before turning styling off (that hides
            // the terminal from comfy-table). Without one (MKT_FORCE_TTY in a pipe), or one that
            // reports 0 columns (`script`), wrap at a readable width.
            let width = self
                .inner
                .columns
                .or_else(|| t.width().filter(|w| *w > 0))
                .unwrap_or(FALLBACK_COLUMNS);
            if !self.inner.color {
                t.force_no_tty();
            }
            t.set_width(width);
            t.set_header(table.headers.iter().map(|h| h.to_uppercase()));
            for row in &table.rows {
                t.add_row(row.iter().map(|c| visible(c, true)));
            }
            format!("{t}\n")
        } else {
            let mut s = String::new();
            let clean = |c: &String| visible(c, false);
            // No rows, no header: an empty result stays empty for the next program in the pipe.
            if !self.inner.no_headers && !table.headers.is_empty() && !table.rows.is_empty() {
                let cells: Vec<String> = table
                    .headers
                    .iter()
                    .map(|h| clean(&h.to_uppercase()))
                    .collect();
                s.push_str(&cells.join("\t"));
                s.push('\n');
            }
            for row in &table.rows {
                let cells: Vec<String> = row.iter().map(clean).collect();
                s.push_str(&cells.join("\t"));
                s.push('\n');
            }
            s
        }
    }

    /// A status message on stderr (silenced by `-q`).
    pub fn status(&self, msg: impl AsRef<str>) {
        if !self.inner.quiet {
            self.write_stderr(&format!("{}\n", msg.as_ref()));
        }
    }

    /// A warning on stderr (never silenced).
    pub fn warn(&self, msg: impl AsRef<str>) {
        let prefix = if self.inner.color {
            "\x1b[33mwarning:\x1b[0m"
        } else {
            "warning:"
        };
        self.write_stderr(&format!("{prefix} {}\n", msg.as_ref()));
    }

    /// An error line on stderr.
    pub fn error(&self, msg: impl AsRef<str>) {
        let prefix = if self.inner.color {
            "\x1b[31merror:\x1b[0m"
        } else {
            "error:"
        };
        self.write_stderr(&format!("{prefix} {}\n", msg.as_ref()));
    }

    /// A debug line on stderr, only with `-v`.
    pub fn debug(&self, msg: impl AsRef<str>) {
        if self.inner.verbose {
            self.write_stderr(&format!("debug: {}\n", msg.as_ref()));
        }
    }

    /// A progress bar on stderr, hidden unless stderr is a terminal and no machine output or `-q`.
    pub fn progress(&self, len: u64, msg: &str) -> ProgressBar {
        let show = self.inner.stderr_tty && !self.inner.quiet && !self.inner.verbose;
        let bar = ProgressBar::with_draw_target(
            Some(len),
            if show {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(msg.to_string());
        bar
    }

    /// Asks a yes/no question on the terminal; default No.
    pub fn confirm(&self, prompt: &str) -> anyhow::Result<bool> {
        let answer = dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(false)
            .interact_on_opt(&dialoguer::console::Term::stderr())?;
        Ok(answer.unwrap_or(false))
    }
}

/// `4210` → `4,210`.
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
