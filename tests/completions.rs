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

/// Regenerates `man/` from the clap definitions (what the staleness message tells you to run).
const REGENERATE_MAN: &str = "MKT_REGENERATE_MAN=1 cargo test --test completions man_pages";

/// The manual pages `clap_mangen` makes now: `mkt.1` and one `mkt-<command>.1` per command.
fn generated_man_pages() -> std::collections::BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    clap_mangen::generate_to(
        <mkt::cli::Cli as clap::CommandFactory>::command(),
        dir.path(),
    )
    .unwrap();
    read_pages(dir.path())
}

fn read_pages(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Default::default();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "1"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn committed_man_pages_are_up_to_date() {
    let man = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let generated = generated_man_pages();
    if std::env::var_os("MKT_REGENERATE_MAN").is_some() {
        std::fs::create_dir_all(&man).unwrap();
        for old in read_pages(&man).keys() {
            std::fs::remove_file(man.join(old)).unwrap();
        }
        for (name, page) in &generated {
            std::fs::write(man.join(name), page).unwrap();
        }
        return;
    }
    let committed = read_pages(&man);
    let names =
        |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&generated),
        "man/ does not have one page per command; regenerate it with:\n  {REGENERATE_MAN}"
    );
    for (name, page) in &generated {
        assert!(
            committed[name] == *page,
            "man/{name} is out of date with the CLI flags; regenerate man/ with:\n  {REGENERATE_MAN}"
        );
    }
    // The top page documents the global flags and points at the commands.
    let top = String::from_utf8_lossy(&generated["mkt.1"]);
    for word in ["\\-\\-target", "health", "seed", "backfill"] {
        assert!(top.contains(word), "mkt.1 lacks {word}");
    }
}
