//! Slug catalogs shaped like real ones, for tests and the health benchmark (deterministic).
//!
//! - `skewed`: `word-word-xxxx` from an English word list, so first letters follow English
//!   (a few letters — s, c, p, d, b, m, t, r, f — hold most slugs, q/x/y/z almost none);
//! - `uniform`: every character uniform over `[0-9a-z]` (the old benchmark's shape);
//! - `single_prefix`: every slug under one organisation prefix (`acme-…`);
//! - `one_huge_prefix`: half the catalog under one word (`code-…`), the rest skewed.
#![allow(dead_code)]

/// Common English words of the kind skill names are made of (first letters as in English).
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "access", "account", "action", "active", "adapter", "agent", "alert", "align", "analyze",
    "answer", "archive", "array", "asset", "audit", "auth", "auto", "backup", "badge", "balance",
    "banner", "base", "batch", "bench", "bill", "binary", "block", "board", "book", "boost",
    "bot", "bridge", "browser", "bucket", "budget", "buffer", "build", "bundle", "button",
    "cache", "calendar", "call", "camera", "canvas", "card", "cart", "case", "catalog", "cell",
    "chain", "change", "channel", "chart", "chat", "check", "chunk", "city", "class", "clean",
    "client", "clip", "clock", "cloud", "cluster", "code", "color", "column", "command", "comment",
    "commit", "compare", "compile", "config", "connect", "console", "contact", "content",
    "context", "convert", "copy", "core", "count", "course", "cover", "craft", "crawl", "create",
    "credit", "cron", "crypto", "csv", "cursor", "custom", "cycle", "daily", "dash", "data",
    "date", "debug", "deck", "deploy", "design", "detect", "device", "diff", "digest", "direct",
    "disk", "doc", "domain", "draft", "draw", "drive", "drop", "dump", "edge", "edit", "email",
    "embed", "encode", "engine", "entry", "event", "excel", "export", "extract", "factor",
    "feature", "feed", "fetch", "field", "figma", "file", "filter", "find", "fix", "flag",
    "flow", "folder", "font", "form", "format", "frame", "fuzz", "game", "gate", "gen", "git",
    "github", "global", "goal", "grade", "graph", "grid", "group", "guard", "guide", "hash",
    "header", "health", "helper", "history", "home", "hook", "host", "html", "icon", "image",
    "import", "index", "infra", "input", "insight", "inspect", "invoice", "issue", "job",
    "journal", "json", "kanban", "key", "label", "lambda", "layout", "learn", "legal", "lens",
    "library", "limit", "link", "lint", "list", "load", "local", "lock", "log", "logic", "loop",
    "mail", "manage", "map", "market", "match", "math", "media", "meeting", "memo", "memory",
    "merge", "mesh", "message", "meta", "metric", "migrate", "mirror", "mock", "model", "monitor",
    "music", "name", "native", "net", "news", "node", "note", "notify", "number", "office",
    "open", "order", "page", "pager", "pair", "panel", "parse", "patch", "path", "pay", "pdf",
    "people", "photo", "pipe", "pixel", "plan", "player", "plot", "plugin", "point", "policy",
    "poll", "pool", "port", "post", "power", "present", "preview", "price", "print", "privacy",
    "probe", "process", "profile", "project", "prompt", "proof", "proxy", "publish", "pull",
    "push", "python", "query", "queue", "quick", "quote", "rank", "rate", "react", "read",
    "record", "redact", "refactor", "release", "remote", "render", "repair", "report", "repo",
    "request", "research", "resume", "review", "route", "rule", "run", "safe", "sales", "sample",
    "scan", "schema", "score", "screen", "script", "search", "secret", "secure", "seed", "select",
    "send", "sense", "server", "service", "session", "setup", "shape", "share", "sheet", "shell",
    "shop", "sign", "site", "sketch", "skill", "slack", "slide", "smart", "snap", "social",
    "sort", "source", "space", "spec", "speech", "spell", "split", "sql", "stack", "stage",
    "start", "state", "static", "status", "store", "story", "stream", "study", "style", "summary",
    "support", "survey", "sync", "system", "table", "tag", "task", "team", "template", "term",
    "test", "text", "theme", "thread", "ticket", "time", "todo", "token", "tool", "trace",
    "track", "trade", "train", "transform", "translate", "travel", "tree", "trend", "triage",
    "tune", "tutor", "type", "unit", "update", "upload", "user", "util", "valid", "value",
    "vault", "vector", "verify", "video", "view", "vision", "voice", "watch", "weather", "web",
    "widget", "wiki", "word", "work", "write", "xml", "yaml", "zip", "zone",
];

/// splitmix64: a fixed, dependency-free sequence.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const BASE36: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// 36⁴: the four-character suffixes.
const SUFFIXES: u64 = 36 * 36 * 36 * 36;

/// A four-character suffix unique per `i` below 36⁴ (1,679,616): `i` times a number prime to
/// 36⁴, modulo 36⁴, is a bijection.
fn suffix(i: usize) -> String {
    let mut v = (i as u64 % SUFFIXES) * 1_000_003 % SUFFIXES;
    let mut out = [b'0'; 4];
    for c in out.iter_mut().rev() {
        *c = BASE36[(v % 36) as usize];
        v /= 36;
    }
    String::from_utf8(out.to_vec()).expect("ascii")
}

fn word(r: u64) -> &'static str {
    WORDS[(r % WORDS.len() as u64) as usize]
}

/// `word-word-xxxx`, unique for n ≤ 1,679,616.
pub fn skewed(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let r = mix(i as u64);
            format!("{}-{}-{}", word(r), word(r >> 32), suffix(i))
        })
        .collect()
}

/// Every character uniform over `[0-9a-z]`: `xxxxxx-xxxx`.
pub fn uniform(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let r = mix(i as u64 ^ 0x5555);
            let head: String = (0..6)
                .map(|k| BASE36[((r >> (k * 6)) % 36) as usize] as char)
                .collect();
            format!("{head}-{}", suffix(i))
        })
        .collect()
}

/// Every slug under one prefix, as an organisation's catalog is.
pub fn single_prefix(n: usize) -> Vec<String> {
    skewed(n).into_iter().map(|s| format!("acme-{s}")).collect()
}

/// Half the catalog under one word, the rest skewed.
pub fn one_huge_prefix(n: usize) -> Vec<String> {
    skewed(n)
        .into_iter()
        .enumerate()
        .map(|(i, s)| if i % 2 == 0 { format!("code-{s}") } else { s })
        .collect()
}

/// A catalog by name: `skewed`, `uniform`, `single-prefix` or `one-huge-prefix`.
pub fn by_name(name: &str, n: usize) -> Option<Vec<String>> {
    Some(match name {
        "skewed" => skewed(n),
        "uniform" => uniform(n),
        "single-prefix" => single_prefix(n),
        "one-huge-prefix" => one_huge_prefix(n),
        _ => return None,
    })
}
