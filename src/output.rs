//! The one printer. Results go to stdout; status, warnings, progress and prompts go to stderr.
//! Tables (a terminal), tab-separated rows (a pipe) and JSON all render from the same values.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

mod wait;
pub use wait::spoken;

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

/// Characters that would steer a terminal or disguise text when data from other people (key
/// names, review titles, server messages) is shown: control characters (C0, DEL, C1) and the
/// Unicode marks that reorder text or break lines (bidirectional overrides and isolates, line and
/// paragraph separators, the byte-order mark).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Text as it may reach a terminal, a line-based pipe or a log: every unsafe character shown
/// escaped (`\u{1b}`, `\n`, `\t`), so a value can neither drive the terminal nor start a line,
/// a table row or a column of its own.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text for a Markdown document (`$GITHUB_STEP_SUMMARY`, a PR comment): shown escaped as on a
/// terminal, and with what would make Markdown of it taken literally — `<` (HTML such as
/// `<img onerror=…>`), `[`/`]` (links and `![images](…)`), a backslash, a backtick — and no bare
/// `scheme://` left for the autolinker. In a table cell `|` is escaped too.
fn markdown_text(text: &str, cell: bool) -> String {
    let shown = visible(text);
    let mut out = String::with_capacity(shown.len() + 8);
    let mut rest = shown.as_ref();
    while let Some(c) = rest.chars().next() {
        match c {
            '\\' | '`' | '<' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '|' if cell => out.push_str("\\|"),
            ':' if rest.starts_with("://") => out.push_str("\\:"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A serialized JSON document with the characters serde_json leaves raw inside strings (DEL, C1,
/// the Unicode line separators and bidirectional marks) written as `\u` escapes: the same value
/// for a JSON reader, nothing that steers a terminal for a person paging through it. Outside its
/// strings a JSON text holds only ASCII, so every such character is inside a string.
fn escape_json_text(text: String) -> String {
    if !text
        .chars()
        .any(|c| is_unsafe(c) && !c.is_ascii_control() || c == '\u{7f}')
    {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if (is_unsafe(c) && !c.is_ascii_control()) || c == '\u{7f}' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
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
        // A `|` would end the cell and a newline the row; links, images and HTML stay text.
        self.markdown_with(|c| markdown_text(c, true))
    }

    /// The table as Markdown whose cells mkt wrote as Markdown itself (help topics: names in
    /// backticks): kept as written, with control characters escaped and `|` kept in its cell.
    pub fn markdown_authored(&self) -> String {
        self.markdown_with(|c| visible(c).replace('|', "\\|"))
    }

    fn markdown_with(&self, cell: impl Fn(&str) -> String) -> String {
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
    /// Every bar shown on stderr (progress, waits), drawn together; lines written to stderr
    /// meanwhile go above them.
    bars: MultiProgress,
    waits: wait::Waits,
    /// The Markdown results are text mkt wrote as Markdown itself (`mkt help TOPIC --format
    /// markdown`), not data from elsewhere: printed as written, control characters escaped.
    authored: AtomicBool,
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
                bars: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
                waits: Default::default(),
                authored: AtomicBool::new(false),
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
    /// From here on, results render as Markdown that mkt wrote itself (help topics), so its
    /// code spans and brackets are kept; never for data from a store, a server or a file.
    pub fn set_markdown_authored(&self) {
        self.inner.authored.store(true, Ordering::Relaxed);
        self.set_markdown();
    }
    fn is_authored(&self) -> bool {
        self.inner.authored.load(Ordering::Relaxed)
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
        self.inner.bars.suspend(|| {
            let mut err = io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        });
    }

    /// Whether bars are drawn: stderr is a terminal, and neither `-q` nor `-v` (whose lines
    /// would tear them) is given.
    fn shows_bars(&self) -> bool {
        self.inner.stderr_tty && !self.inner.quiet && !self.inner.verbose
    }

    /// A result line on stdout. It is one line: data inside it is shown escaped (a newline or an
    /// escape sequence in a key neither starts a line nor reaches the terminal); in Markdown the
    /// line's own emphasis and headings stay, while links, images and HTML in it are text.
    pub fn line(&self, text: impl AsRef<str>) {
        let text = text.as_ref();
        if self.is_markdown() {
            let text = &if self.is_authored() {
                visible(text).into_owned()
            } else {
                markdown_text(text, false)
            };
            // Each line its own paragraph (blank lines are spacing only); an indented line is
            // an item of the list above it.
            let s = match text.trim_start() {
                "" => return,
                t if t.len() < text.len() => format!("- {t}\n\n"),
                t => format!("{t}\n\n"),
            };
            return self.write_stdout(&s);
        }
        let mut s = visible(text).into_owned();
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
            Ok(s) => {
                let mut s = escape_json_text(s);
                s.push('\n');
                self.write_stdout(&s);
            }
            Err(e) => self.warn(format!("could not encode JSON: {e}")),
        }
    }

    /// One compact JSON object per line on stdout (NDJSON).
    pub fn ndjson<T: Serialize + ?Sized>(&self, value: &T) {
        match serde_json::to_string(value) {
            Ok(s) => {
                let mut s = escape_json_text(s);
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
            let md = if self.is_authored() {
                table.markdown_authored()
            } else {
                table.markdown()
            };
            format!("{md}\n")
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
                t.add_row(row.iter().map(|c| visible(c)));
            }
            format!("{t}\n")
        } else {
            let mut s = String::new();
            let clean = |c: &String| visible(c).into_owned();
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
            self.write_stderr(&format!("{}\n", visible(msg.as_ref())));
        }
    }

    /// A warning on stderr (never silenced).
    pub fn warn(&self, msg: impl AsRef<str>) {
        let prefix = if self.inner.color {
            "\x1b[33mwarning:\x1b[0m"
        } else {
            "warning:"
        };
        self.write_stderr(&format!("{prefix} {}\n", visible(msg.as_ref())));
    }

    /// An error line on stderr.
    pub fn error(&self, msg: impl AsRef<str>) {
        let prefix = if self.inner.color {
            "\x1b[31merror:\x1b[0m"
        } else {
            "error:"
        };
        self.write_stderr(&format!("{prefix} {}\n", visible(msg.as_ref())));
    }

    /// A debug line on stderr, only with `-v`.
    pub fn debug(&self, msg: impl AsRef<str>) {
        if self.inner.verbose {
            self.write_stderr(&format!("debug: {}\n", visible(msg.as_ref())));
        }
    }

    /// A progress bar on stderr, hidden unless stderr is a terminal and no machine output or `-q`.
    pub fn progress(&self, len: u64, msg: &str) -> ProgressBar {
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
        let bar = if self.shows_bars() {
            self.inner.bars.add(bar)
        } else {
            bar
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_escaped_and_plain_text_is_borrowed() {
        assert!(matches!(
            visible("skills/a-b ü"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            visible("a\u{1b}[2Jb\nc\td\u{9b}e\u{202e}f"),
            "a\\u{1b}[2Jb\\nc\\td\\u{9b}e\\u{202e}f"
        );
    }

    #[test]
    fn markdown_cells_keep_links_images_and_html_as_text() {
        assert_eq!(
            markdown_text("![x](https://e.example/p.png)<img onerror=a()>|`\\", true),
            "!\\[x\\](https\\://e.example/p.png)\\<img onerror=a()>\\|\\`\\\\"
        );
        // Outside a table a `|` is plain text.
        assert_eq!(markdown_text("a|b", false), "a|b");
    }

    #[test]
    fn json_text_escapes_c1_del_and_bidi_but_not_its_own_newlines() {
        let doc =
            serde_json::to_string_pretty(&serde_json::json!({"k": "a\u{9b}b\u{7f}c\u{2028}d"}))
                .unwrap();
        let out = escape_json_text(doc);
        assert_eq!(out, "{\n  \"k\": \"a\\u009bb\\u007fc\\u2028d\"\n}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["k"], "a\u{9b}b\u{7f}c\u{2028}d");
    }
}
