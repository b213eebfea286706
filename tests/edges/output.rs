//! stdout that cannot be written, tables on odd terminals, piped rows and numbers.

use std::process::{Command, Stdio};

use super::support::{stderr_of, stdout_of, Sandbox};
use super::{seeded, state_files};

fn to_dev_full(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("mkt"));
    cmd.env_clear()
        .current_dir(sb.path())
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .env("NO_COLOR", "1")
        .args(args)
        .stdout(full);
    cmd.output().unwrap()
}

#[test]
fn a_full_disk_on_stdout_fails_with_one_line() {
    let sb = seeded("30");
    let before = state_files(&sb);
    for args in [
        &["health", "--format", "prometheus", "--no-fail-on-drift"][..],
        &["config", "show"][..],
        &["health", "--json"][..],
        &["skills", "list"][..],
    ] {
        let out = to_dev_full(&sb, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{args:?}: one error line: {err}");
        assert!(
            errors[0].contains("cannot write the result to stdout")
                && errors[0].contains("No space left"),
            "{err}"
        );
    }
    // Reads, so nothing changed; `config show` wrote no config either.
    assert_eq!(state_files(&sb), before);
    assert!(!sb.path().join("config").exists() && !sb.path().join("mkt.toml").exists());
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let sb = seeded("300");
    let bin = assert_cmd::cargo::cargo_bin("mkt");
    // `mkt skills list | head -1`: the reader leaves after one line.
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' skills list --limit 300 | head -1; echo \"mkt exit ${{PIPESTATUS[0]}}\" >&2",
            bin.display()
        ))
        .current_dir(sb.path())
        .env_clear()
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(stdout_of(&out).lines().count(), 1);
    let err = stderr_of(&out);
    assert!(!err.contains("error"), "{err}");
    assert!(
        err.contains("mkt exit 0"),
        "a closed pipe is not a failure: {err}"
    );
}

/// Runs mkt on a pseudo-terminal made by util-linux `script`; with no terminal around it,
/// the pseudo-terminal reports 0 columns, as in the issue.
fn on_zero_width_terminal(sb: &Sandbox, args: &str, columns: Option<&str>) -> String {
    on_terminal(sb, args, columns).1
}

/// As [`on_zero_width_terminal`], with mkt's exit code (`script -e` passes it on).
fn on_terminal(sb: &Sandbox, args: &str, columns: Option<&str>) -> (Option<i32>, String) {
    let bin = assert_cmd::cargo::cargo_bin("mkt");
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env_clear()
        .current_dir(sb.path())
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(c) = columns {
        cmd.env("COLUMNS", c);
    }
    let out = cmd.output().expect("util-linux `script`");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).replace('\r', ""),
    )
}

/// The widest table line (tables wrap to the width; the summary line does not).
fn widest(screen: &str) -> usize {
    screen
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '├', '└']))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn a_terminal_without_width_gets_120_columns_and_columns_is_honoured() {
    let sb = seeded("40");
    let (code, screen) = on_terminal(&sb, "health --all", None);
    assert_eq!(code, Some(3), "drift, as when piped: {screen}");
    let table_lines = screen.lines().filter(|l| l.starts_with('│')).count();
    assert!(
        widest(&screen) > 60,
        "tables use the fallback width: {screen}"
    );
    assert!(widest(&screen) <= 120, "{screen}");
    assert!(
        table_lines < 200,
        "not one character per line: {table_lines} lines"
    );
    // COLUMNS wins over what the terminal says, and 0 falls back to 120 too.
    let narrow = on_zero_width_terminal(&sb, "health --all", Some("70"));
    assert!(widest(&narrow) <= 70, "{narrow}");
    let zero = on_zero_width_terminal(&sb, "health --all", Some("0"));
    assert!(widest(&zero) <= 120 && widest(&zero) > 60, "{zero}");
}

#[test]
fn piped_tables_keep_a_header_and_plain_numbers() {
    // 1,200 skills: counts past a thousand.
    let sb = seeded("1200");
    let out = sb.run(["health"]);
    assert_eq!(out.status.code(), Some(3));
    let text = stdout_of(&out);
    assert!(
        text.lines().any(|l| l == "SOURCE\tSTATUS\tCOUNT\tNOTE"),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l == "KIND\tCOUNT\tFAILS RUN"),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("kv_keys\tok\t1200\t")),
        "{text}"
    );
    assert!(!text.contains("1,2"), "no separators for machines: {text}");
    // --no-headers drops the header lines; a terminal gets separators.
    let out = sb.run(["--no-headers", "health"]);
    assert!(!stdout_of(&out).contains("SOURCE\t"));
    let out = sb
        .mkt()
        .env("MKT_FORCE_TTY", "1")
        .arg("health")
        .output()
        .unwrap();
    assert!(stdout_of(&out).contains("1,200"), "{}", stdout_of(&out));
}

#[test]
fn health_explains_its_exit_code_on_stderr() {
    let sb = seeded("20");
    let before = state_files(&sb);
    let out = sb.run(["health"]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("exit 3: drift that fails the run (missing_from_index"),
        "{err}"
    );
    assert!(last.contains("--fail-on"), "{last}");
    let out = sb.run(["health", "--no-fail-on-drift"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr_of(&out)
        .lines()
        .last()
        .unwrap()
        .contains("--no-fail-on-drift keeps the run green"));
    assert!(
        !stdout_of(&out).contains("exit 0"),
        "the note is not part of the result"
    );
    assert_eq!(state_files(&sb), before);
}

#[test]
fn seed_shows_a_progress_bar_from_the_start_on_a_terminal() {
    let sb = Sandbox::new();
    let (code, screen) = on_terminal(&sb, "seed --skills 20000 --reviews 0", Some("100"));
    assert_eq!(code, Some(0), "{screen}");
    let rows: i64 = rusqlite::Connection::open(sb.local_db())
        .unwrap()
        .query_row("SELECT COUNT(*) FROM skills", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 20_000, "every row written");
    // 2 × 20,000 rows and values + the index: the bar's length is known before anything is written.
    assert!(screen.contains("/40001"), "{screen}");
    assert!(
        screen.contains("seeding [") || screen.contains("preparing ["),
        "{screen}"
    );
    // Piped, there is no bar.
    let out = sb.run(["seed", "--skills", "50", "--reviews", "0"]);
    assert!(!stderr_of(&out).contains("/101"), "{}", stderr_of(&out));
}
