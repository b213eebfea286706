//! The docs against the code: the reference tables in README.md and docs/ are exactly what
//! `mkt help TOPIC --format markdown` prints (`MKT_REGENERATE_DOCS=1` rewrites them), every
//! environment variable the code reads is declared, links resolve, docs/README.md lists every
//! file, the README stays short and `.ci/run` runs its test command.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TOPICS: [&str; 4] = ["exit-codes", "flags", "config", "environment"];

fn root() -> &'static Path {
    Path::new(ROOT)
}

/// README.md and every Markdown file under docs/.
fn doc_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// `mkt help TOPIC --format markdown`, run the way a user would, with no config around.
fn generated(topic: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("mkt"))
        .env_clear()
        .env("HOME", dir.path())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .current_dir(dir.path())
        .args(["help", topic, "--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "mkt help {topic}");
    String::from_utf8(out.stdout).unwrap()
}

fn begin_marker(topic: &str) -> String {
    format!("<!-- generated: `mkt help {topic} --format markdown` (MKT_REGENERATE_DOCS=1 cargo test --test docs rewrites it) -->\n")
}

fn end_marker(topic: &str) -> String {
    format!("<!-- end of generated {topic} -->\n")
}

/// Replaces what stands between each topic's markers with what the code prints; returns the
/// new text and the topics found.
fn regenerate(text: &str) -> (String, Vec<&'static str>) {
    let mut text = text.to_string();
    let mut found = Vec::new();
    for topic in TOPICS {
        let (begin, end) = (begin_marker(topic), end_marker(topic));
        let mut from = 0;
        while let Some(i) = text[from..].find(&begin).map(|i| i + from) {
            let body = i + begin.len();
            let j = text[body..]
                .find(&end)
                .map(|j| j + body)
                .unwrap_or_else(|| panic!("no end marker for {topic}"));
            let fresh = format!("\n{}", generated(topic));
            text.replace_range(body..j, &fresh);
            from = body + fresh.len() + end.len();
            found.push(topic);
        }
    }
    (text, found)
}

#[test]
fn reference_tables_are_what_the_code_prints() {
    let rewrite = std::env::var_os("MKT_REGENERATE_DOCS").is_some();
    let mut covered = BTreeSet::new();
    for file in doc_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let (fresh, found) = regenerate(&text);
        covered.extend(found);
        if fresh != text {
            if rewrite {
                std::fs::write(&file, fresh).unwrap();
            } else {
                panic!(
                    "{} holds reference tables that differ from what the code prints; regenerate them with:\n  MKT_REGENERATE_DOCS=1 cargo test --test docs",
                    file.display()
                );
            }
        }
    }
    let all: BTreeSet<&str> = TOPICS.into_iter().collect();
    assert_eq!(covered, all, "every topic is in the docs");
    // docs/configuration.md holds the whole configuration reference.
    let config = std::fs::read_to_string(root().join("docs/configuration.md")).unwrap();
    for topic in ["flags", "config", "environment"] {
        assert!(config.contains(&begin_marker(topic)), "{topic}");
    }
}

/// Every `"MKT_…"`, `"CLOUDFLARE_…"`, `"CF_…"` or `"PG…"` string the code holds (the names it
/// reads from the environment) is in `mkt help environment`.
#[test]
fn every_environment_variable_the_code_reads_is_declared() {
    let documented = generated("environment");
    let mut stack = vec![root().join("src")];
    let mut names = BTreeSet::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices('"') {
                    let rest = &text[i + 1..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                        .collect();
                    let quoted = rest[name.len()..].starts_with('"');
                    let env_like = ["MKT_", "CLOUDFLARE_", "CF_", "PG"]
                        .iter()
                        .any(|p| name.starts_with(p));
                    if quoted && env_like && name.len() > 3 {
                        names.insert((name, path.clone()));
                    }
                }
            }
        }
    }
    assert!(names.len() > 30, "found {}", names.len());
    for (name, path) in names {
        assert!(
            documented.contains(&format!("`{name}`")),
            "{} reads {name}, which `mkt help environment` does not list: declare it in src/config/settings/table.rs",
            path.display()
        );
    }
}

/// GitHub's anchor for a heading.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == ' ' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(text: &str) -> BTreeSet<String> {
    let mut in_code = false;
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            out.insert(anchor(line.trim_start_matches('#')));
        }
    }
    out
}

/// `[text](target)` links outside code blocks.
fn links(text: &str) -> Vec<String> {
    let mut in_code = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            match after.find(')') {
                Some(j) => {
                    out.push(after[..j].to_string());
                    rest = &after[j..];
                }
                None => break,
            }
        }
    }
    out
}

#[test]
fn links_in_the_docs_resolve() {
    for file in doc_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for link in links(&text) {
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                file.clone()
            } else {
                file.parent().unwrap().join(path)
            };
            assert!(
                target.exists(),
                "{}: link {link:?} points at nothing",
                file.display()
            );
            if let Some(fragment) = fragment {
                let target_text = std::fs::read_to_string(&target).unwrap();
                assert!(
                    anchors(&target_text).contains(fragment),
                    "{}: link {link:?}: no heading #{fragment} in {}",
                    file.display(),
                    target.display()
                );
            }
        }
    }
}

#[test]
fn the_docs_index_lists_every_file() {
    let index = std::fs::read_to_string(root().join("docs/README.md")).unwrap();
    let listed: BTreeSet<String> = links(&index).into_iter().collect();
    for file in doc_files().into_iter().skip(1) {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        if name != "README.md" {
            assert!(
                listed.contains(&name),
                "docs/README.md does not link {name}"
            );
        }
    }
}

#[test]
fn the_readme_is_short_and_ci_runs_its_test_command() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= 350,
        "README.md has {lines} lines: the reference belongs in docs/"
    );
    let section = readme
        .split("## Two commands on a fresh machine")
        .nth(1)
        .expect("README has the two commands");
    let test_command = section
        .lines()
        .find(|l| l.starts_with("cargo test"))
        .expect("README names the test command");
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    let last = ci
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .trim();
    assert_eq!(last, test_command, ".ci/run runs the README's test command");
    for first in ["mkt doctor", "mkt health", "--apply"] {
        assert!(readme.contains(first), "README shows {first}");
    }
}

fn mkt(args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    std::process::Command::new(assert_cmd::cargo::cargo_bin("mkt"))
        .env_clear()
        .env("HOME", dir.path())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .current_dir(dir.path())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn help_prints_topics_and_commands() {
    let out = mkt(&["help", "exit-codes"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
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
            text.lines()
                .any(|l| l.starts_with(&format!("{code}\t")) && l.contains(word)),
            "{code}: {text}"
        );
    }
    // Every setting's environment variable, e.g. the token, with its setting.
    let env = String::from_utf8(mkt(&["help", "environment"]).stdout).unwrap();
    assert!(env
        .lines()
        .any(|l| l.starts_with("CLOUDFLARE_API_TOKEN\tapi_token\t")));
    let json: serde_json::Value =
        serde_json::from_slice(&mkt(&["--json", "help", "config"]).stdout).unwrap();
    assert_eq!(json["topic"], "config");
    assert!(json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["setting"] == "rate_limit" && r["environment"] == "MKT_RATE_LIMIT"));
    // `mkt help COMMAND…` is that command's --help; `mkt help` alone is `mkt --help`.
    assert_eq!(
        mkt(&["help", "index", "rebuild"]).stdout,
        mkt(&["index", "rebuild", "--help"]).stdout
    );
    assert_eq!(mkt(&["help"]).stdout, mkt(&["--help"]).stdout);
    let out = mkt(&["help", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("exit-codes") && err.contains("health"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}
