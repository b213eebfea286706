//! The exit-code contract over the real binary, table-driven.

mod support;

use std::io::Read;
use std::process::Stdio;

use support::{stderr_of, stdout_of, Sandbox};

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
    /// Files written into the sandbox first: (path, contents).
    files: &'static [(&'static str, &'static str)],
    /// Create an empty local store first (`mkt db migrate`): reads refuse a missing one.
    store: bool,
    code: i32,
    /// Text stderr must contain.
    stderr_has: &'static str,
    /// stderr is exactly one line.
    one_line: bool,
}

const CF_TOKEN: (&str, &str) = ("CLOUDFLARE_API_TOKEN", "token-for-tests");
const CF_ACCOUNT: (&str, &str) = ("CLOUDFLARE_ACCOUNT_ID", "acc");

const CASES: &[Case] = &[
    Case {
        name: "version",
        args: &["--version"],
        env: &[],
        files: &[],
        store: false,
        code: 0,
        stderr_has: "",
        one_line: false,
    },
    Case {
        name: "no subcommand",
        args: &[],
        env: &[],
        files: &[],
        store: false,
        code: 2,
        stderr_has: "Usage",
        one_line: false,
    },
    Case {
        name: "unknown flag",
        args: &["--bogus"],
        env: &[],
        files: &[],
        store: false,
        code: 2,
        stderr_has: "--bogus",
        one_line: false,
    },
    Case {
        name: "unknown subcommand flag",
        args: &["skills", "list", "--colour"],
        env: &[],
        files: &[],
        store: false,
        code: 2,
        stderr_has: "--colour",
        one_line: false,
    },
    Case {
        name: "bad flag value",
        args: &["skills", "list", "--source", "nowhere"],
        env: &[],
        files: &[],
        store: false,
        code: 2,
        stderr_has: "nowhere",
        one_line: false,
    },
    Case {
        name: "json and ndjson together",
        args: &["skills", "list", "--json", "--ndjson"],
        env: &[],
        files: &[],
        store: false,
        code: 2,
        stderr_has: "--ndjson",
        one_line: false,
    },
    Case {
        name: "unknown profile",
        args: &["--profile", "nope", "skills", "list"],
        env: &[],
        files: &[("mkt.toml", "[profiles.dev]\ntarget = \"local\"\n")],
        store: false,
        code: 2,
        stderr_has: "unknown profile \"nope\"",
        one_line: true,
    },
    Case {
        name: "unknown profile from env",
        args: &["config", "show"],
        env: &[("MKT_PROFILE", "nope")],
        files: &[],
        store: false,
        code: 2,
        stderr_has: "nope",
        one_line: true,
    },
    Case {
        name: "malformed mkt.toml",
        args: &["skills", "list"],
        env: &[],
        files: &[("mkt.toml", "[profiles.dev\ntarget = \"local\"\n")],
        store: false,
        code: 2,
        stderr_has: "mkt.toml",
        one_line: true,
    },
    Case {
        name: "unknown key in mkt.toml",
        args: &["config", "show"],
        env: &[],
        files: &[("mkt.toml", "[profiles.default]\nnamespace = \"x\"\n")],
        store: false,
        code: 2,
        stderr_has: "mkt.toml",
        one_line: true,
    },
    Case {
        name: "cloudflare target without ids",
        args: &["skills", "list"],
        env: &[CF_TOKEN, CF_ACCOUNT],
        files: &[],
        store: false,
        code: 2,
        stderr_has: "KV namespace id",
        one_line: true,
    },
    Case {
        name: "cloudflare target named without a token",
        args: &["--target", "cloudflare", "db", "migrate"],
        env: &[],
        files: &[],
        store: false,
        code: 2,
        stderr_has: "CLOUDFLARE_API_TOKEN",
        one_line: true,
    },
    Case {
        name: "missing slug",
        args: &["skills", "get", "nothing-here"],
        env: &[],
        files: &[],
        store: true,
        code: 1,
        stderr_has: "mkt skills list --source kv",
        one_line: false,
    },
    Case {
        name: "a read of a local store that does not exist",
        args: &["skills", "get", "nothing-here"],
        env: &[],
        files: &[],
        store: false,
        code: 4,
        stderr_has: "does not exist",
        one_line: true,
    },
    Case {
        name: "seed refused on a production profile",
        args: &["--profile", "prod", "seed", "--yes"],
        env: &[],
        files: &[("mkt.toml", "[profiles.prod]\nproduction = true\n")],
        store: false,
        code: 5,
        stderr_has: "production",
        one_line: true,
    },
    Case {
        name: "seed through the Worker API",
        args: &[
            "--target",
            "api",
            "--api-url",
            "http://127.0.0.1:9",
            "seed",
            "--yes",
        ],
        env: &[],
        files: &[],
        store: false,
        code: 2,
        stderr_has: "--target local",
        one_line: true,
    },
];

#[test]
fn exit_codes_follow_the_contract() {
    for case in CASES {
        let sb = Sandbox::new();
        for (path, contents) in case.files {
            sb.write(path, contents);
        }
        if case.store {
            assert_eq!(sb.run(["db", "migrate"]).status.code(), Some(0));
        }
        let out = sb
            .mkt()
            .envs(case.env.iter().copied())
            .args(case.args)
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(
            out.status.code(),
            Some(case.code),
            "{}: stderr: {err}",
            case.name
        );
        assert!(
            err.contains(case.stderr_has),
            "{}: stderr lacks {:?}: {err}",
            case.name,
            case.stderr_has
        );
        if case.one_line {
            assert_eq!(
                err.trim_end().lines().count(),
                1,
                "{}: not one line: {err}",
                case.name
            );
            assert!(
                stdout_of(&out).is_empty(),
                "{}: stdout must be empty",
                case.name
            );
        }
        assert!(
            !err.contains("token-for-tests"),
            "{}: secret leaked",
            case.name
        );
    }
}

#[test]
fn help_succeeds_and_shows_the_exit_code_table() {
    let sb = Sandbox::new();
    let out = sb.mkt().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = stdout_of(&out);
    assert!(help.contains("Exit codes:"), "{help}");
    for (code, word) in [
        (0, "done"),
        (1, "error"),
        (2, "usage"),
        (3, "drift"),
        (4, "incomplete"),
        (5, "refused"),
        (6, "partial"),
        (130, "interrupted"),
    ] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{code}  ")) && l.contains(word)),
            "exit code {code} ({word}) missing from --help:\n{help}"
        );
    }
    // Every subcommand's help succeeds too.
    for sub in [
        &["seed", "--help"][..],
        &["skills", "list", "--help"][..],
        &["db", "migrate", "--help"][..],
        &["config", "show", "--help"][..],
    ] {
        sb.mkt().args(sub).assert().success();
    }
}

/// Runs `mkt args` with stdout closed before the first read; returns (exit code, stderr).
fn run_into_closed_pipe(sb: &Sandbox, args: &[&str]) -> (Option<i32>, String) {
    // The same hermetic environment as `Sandbox::mkt`, on a plain Command so stdout can be closed.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mkt"))
        .env_clear()
        .current_dir(sb.path())
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let sb = Sandbox::new();
    sb.mkt()
        .args(["seed", "--skills", "2000", "--reviews", "0", "-q"])
        .assert()
        .success();
    for args in [
        &["skills", "list", "-q"][..],
        &["skills", "list", "--json", "-q"][..],
        &["skills", "list", "--ndjson", "-q"][..],
        &["completions", "bash"][..],
    ] {
        let (code, err) = run_into_closed_pipe(&sb, args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(
            err.is_empty(),
            "{args:?}: stderr must stay quiet, got: {err}"
        );
    }
}

/// `--ndjson` keeps stdout one JSON object per line, even for commands that print one document.
#[test]
fn ndjson_is_one_object_per_line_for_document_commands() {
    let sb = support::Sandbox::new();
    assert_eq!(
        sb.run(["-q", "seed", "--skills", "12"]).status.code(),
        Some(0)
    );
    for args in [
        vec!["health", "--ndjson"],
        vec!["config", "show", "--ndjson"],
        vec!["skills", "list", "--ndjson"],
    ] {
        let out = sb.run(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.is_empty(), "{args:?}");
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{args:?}: not one object per line ({e}): {line}"));
            assert!(v.is_object(), "{args:?}: {line}");
        }
    }
}

#[test]
fn conflicting_output_formats_are_a_usage_error() {
    let sb = support::Sandbox::new();
    assert_eq!(sb.run(["db", "migrate"]).status.code(), Some(0));
    let out = sb.run(["health", "--json", "--format", "prometheus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout_of(&out).is_empty());
    assert!(stderr_of(&out).contains("pick one"), "{}", stderr_of(&out));
    // --format json with --json agree.
    assert_eq!(
        sb.run(["health", "--json", "--format", "json"])
            .status
            .code(),
        Some(0)
    );
}
