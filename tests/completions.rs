//! The committed completion scripts match what `mkt completions <shell>` prints now.

mod support;

use support::{stdout_of, Sandbox};

/// (shell, committed file).
const SCRIPTS: &[(&str, &str)] = &[
    ("bash", "completions/mkt.bash"),
    ("zsh", "completions/_mkt"),
    ("fish", "completions/mkt.fish"),
];

const REGENERATE_ALL: &str = "cargo run -q -- completions bash > completions/mkt.bash && \
cargo run -q -- completions zsh > completions/_mkt && cargo run -q -- completions fish > completions/mkt.fish";

#[test]
fn committed_completions_are_up_to_date() {
    let sb = Sandbox::new();
    for (shell, file) in SCRIPTS {
        let out = sb.run(["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let generated = stdout_of(&out);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            generated == committed,
            "{file} is out of date with the CLI flags; regenerate it with:\n  \
             cargo run -q -- completions {shell} > {file}\n(or all three: {REGENERATE_ALL})"
        );
    }
}

#[test]
fn completions_cover_the_commands_and_need_no_config() {
    let sb = Sandbox::new();
    // A broken mkt.toml must not break the shell.
    sb.write("mkt.toml", "[profiles.x\n");
    let out = sb.run(["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let script = stdout_of(&out);
    for word in [
        "seed",
        "skills",
        "migrate",
        "completions",
        "--rng-seed",
        "--scenario",
        "--source",
        "--dry-run",
    ] {
        assert!(script.contains(word), "bash completions lack {word}");
    }
}
