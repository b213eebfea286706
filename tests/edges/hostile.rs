//! Hostile data in key names (issue 20, item 5): escape sequences, BEL, NUL, CR, C1, a bidi
//! override, a newline, a Markdown image and link, HTML. None reaches a terminal raw, none
//! starts a row or a line of its own, none renders as a link, image or HTML in Markdown, and
//! JSON keeps the exact value with every such character as a `\u` escape.

use serde_json::Value;

use super::seeded;
use super::support::{stderr_of, stdout_of, Sandbox};

const SLUG: &str = "evil\u{1b}[31mRED\u{7}bell\u{0}nul\rcr\u{9b}c1\u{202e}flip\nfake|row![x](https://evil.example/p.png)<img src=x onerror=alert(1)>";

/// Characters that must never reach a terminal or a summary raw.
const RAW: &[char] = &['\u{1b}', '\u{7}', '\u{0}', '\r', '\u{9b}', '\u{202e}'];

/// A seeded local store plus one KV key with the hostile name and a value that is not JSON (so
/// it is missing from the index and the durable table, and malformed).
fn hostile_store() -> Sandbox {
    let sb = seeded("5");
    let db = rusqlite::Connection::open(sb.local_db()).unwrap();
    db.execute(
        "INSERT INTO _mkt_kv (key, value) VALUES (?1, ?2)",
        rusqlite::params![
            format!("skill:{SLUG}"),
            b"not json{\x1b]0;pwned\x07".to_vec()
        ],
    )
    .unwrap();
    sb
}

fn assert_no_raw(what: &str, text: &str) {
    for c in RAW {
        assert!(
            !text.contains(*c),
            "{what}: raw {:?} in the output:\n{}",
            c,
            text.escape_debug()
        );
    }
}

/// The lines that name the hostile key (by its first characters).
fn hostile_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.contains("evil")).collect()
}

#[test]
fn a_hostile_key_name_is_escaped_in_tables_on_a_pipe_and_a_terminal() {
    let sb = hostile_store();
    // Piped: tab-separated rows, one line per finding.
    let out = sb.run(["health", "--deep"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert_no_raw("health piped", &text);
    assert_no_raw("health piped stderr", &stderr_of(&out));
    let lines = hostile_lines(&text);
    assert_eq!(lines.len(), 3, "three findings, one row each: {text}");
    for l in &lines {
        assert!(
            l.contains("\\u{1b}[31mRED\\u{7}bell\\u{0}nul\\rcr\\u{9b}c1\\u{202e}flip\\nfake|row"),
            "{l}"
        );
        assert_eq!(l.split('\t').count(), 5, "the key keeps to its column: {l}");
    }
    assert!(!text.lines().any(|l| l.starts_with("fake")), "{text}");

    // On a terminal (a table with borders): the newline is shown, never a second row.
    let out = sb
        .mkt()
        .env("MKT_FORCE_TTY", "1")
        .env("COLUMNS", "400")
        .args(["skills", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert_no_raw("skills list on a terminal", &text);
    let lines = hostile_lines(&text);
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].contains("\\nfake|row"), "{}", lines[0]);
    assert!(!text
        .lines()
        .any(|l| l.contains("fake") && !l.contains("evil")));
    // The malformed count is a warning on stderr, escaped like the rest.
    assert_no_raw("skills list stderr", &stderr_of(&out));
}

#[test]
fn a_hostile_key_name_in_markdown_renders_no_link_image_html_or_row() {
    let sb = hostile_store();
    let out = sb.run(["health", "--deep", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let md = stdout_of(&out);
    assert_no_raw("markdown", &md);
    // Every `<`, `[` and `]` is escaped: no HTML, no image, no link.
    for c in ['<', '[', ']'] {
        let bare = md
            .match_indices(c)
            .filter(|(i, _)| !md[..*i].ends_with('\\'))
            .count();
        assert_eq!(bare, 0, "an unescaped {c:?}: {md}");
    }
    assert!(
        !md.contains("https://"),
        "no bare URL for the autolinker: {md}"
    );
    let rows = hostile_lines(&md);
    assert_eq!(rows.len(), 3, "{md}");
    for r in &rows {
        assert!(r.starts_with("| evil") && r.ends_with(" |"), "{r}");
        // `|` inside the key is escaped: the row keeps its five columns.
        assert_eq!(r.matches(" | ").count(), 4, "{r}");
        assert!(
            r.contains("\\|row!\\[x\\](https\\://evil.example/p.png)\\<img src=x"),
            "{r}"
        );
    }
    assert!(!md.lines().any(|l| l.starts_with("fake")), "{md}");
}

#[test]
fn a_hostile_key_name_in_json_is_the_exact_value_with_c1_as_unicode_escapes() {
    let sb = hostile_store();
    for args in [
        &["--json", "health", "--deep"][..],
        &["--ndjson", "skills", "list"][..],
    ] {
        let out = sb.run(args);
        let text = stdout_of(&out);
        assert_no_raw(&format!("{args:?}"), &text);
        assert!(
            text.contains("\\u009bc1\\u202eflip\\nfake"),
            "{args:?}: {}",
            text.escape_debug()
        );
        // A JSON reader gets the key exactly.
        let slugs: Vec<String> = text
            .lines()
            .filter(|l| args[0] == "--ndjson" && !l.is_empty())
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["name"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .chain(
                (args[0] == "--json")
                    .then(|| serde_json::from_str::<Value>(&text).unwrap())
                    .into_iter()
                    .flat_map(|doc| {
                        doc["drifts"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|d| d["slug"].as_str().unwrap().to_string())
                            .collect::<Vec<_>>()
                    }),
            )
            .collect();
        assert!(slugs.iter().any(|s| s == SLUG), "{args:?}: {slugs:?}");
    }
}

#[test]
fn a_hostile_key_name_in_a_stderr_warning_is_escaped() {
    let sb = hostile_store();
    // A command line cannot hold NUL: the same name without it.
    let slug = SLUG.replace('\0', "");
    rusqlite::Connection::open(sb.local_db())
        .unwrap()
        .execute(
            "INSERT INTO _mkt_kv (key, value) VALUES (?1, CAST('not json' AS BLOB))",
            [format!("skill:{slug}")],
        )
        .unwrap();
    let out = sb.run(["skills", "get", slug.split('\n').next().unwrap()]);
    // Not found under a prefix of the name: the error names the key, escaped.
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_no_raw("skills get error", &err);
    assert!(err.contains("evil\\u{1b}[31mRED"), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );

    let out = sb.run(["skills", "get", &slug]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_no_raw("skills get warning", &err);
    assert_no_raw("skills get stdout", &stdout_of(&out));
    let warning: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(
        warning.len(),
        1,
        "one warning line, the newline in the key escaped: {err}"
    );
    assert!(warning[0].contains("\\nfake|row"), "{err}");
}
