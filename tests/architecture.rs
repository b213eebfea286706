//! The layering rules of src/ (DESIGN.md "The layout to grow into"), read from the code's own
//! `use crate::…` / `crate::…` paths the way /work/tools/imports.py reads them: a file imports the
//! longest module path that is a file; a trailing `#[cfg(test)] mod tests` is left out.
//!
//! - no set of files importing each other in a loop is larger than 4;
//! - `store` (plain storage) takes nothing from the layers above it;
//! - `exit.rs` (the exit-code contract) and `interrupt.rs` take nothing from store, reviews or worker;
//! - `config` takes nothing from store, schema or reviews;
//! - commands ask their target for a capability instead of naming target kinds;
//! - the README stays an operator's page (≤ 350 lines) with the reference in `docs/`, where
//!   docs/architecture.md (these rules in prose) is listed;
//! - `mkt help exit-codes` prints the exit-code contract's own table.
//!
//! These are issue 16's "How it is checked", all in one place; tests/docs.rs checks the docs more
//! closely (links, anchors, generated tables).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every `.rs` file under `src/` by module path (`store/cloudflare/mod.rs` is `store::cloudflare`).
fn modules(root: &Path) -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<Module, PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src/") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(root)
                    .expect("under src/")
                    .with_extension("");
                let mut parts: Module = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                if parts == ["lib"] || parts == ["main"] {
                    parts.clear();
                }
                out.insert(parts, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The `crate::a::b::C` paths in `src`, as segment lists.
fn crate_paths(src: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let len = after
            .find(|c: char| !(is_ident(c) || c == ':'))
            .unwrap_or(after.len());
        let path: Vec<String> = after[..len]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if !path.is_empty() {
            out.push(path);
        }
        rest = &after[len..];
    }
    out
}

/// The items of `use crate::base::{a, b::c, …};` groups, each as `base` + its first segment.
fn grouped_paths(src: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("use crate::") {
        let after = &rest[i + "use crate::".len()..];
        let Some(open) = after.find(|c: char| !(is_ident(c) || c == ':')) else {
            break;
        };
        let (base, tail) = after.split_at(open);
        if tail.starts_with('{') {
            if let Some(close) = tail.find("};") {
                let base: Vec<String> = base
                    .split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                for item in tail[1..close].split(',') {
                    let first: String = item.trim().chars().take_while(|c| is_ident(*c)).collect();
                    if !first.is_empty() {
                        let mut p = base.clone();
                        p.push(first);
                        out.push(p);
                    }
                }
            }
        }
        rest = &after[open..];
    }
    out
}

/// `text` up to its `#[cfg(test)] mod tests` (any whitespace between), which the rules leave out.
fn without_tests(text: &str) -> &str {
    let mut from = 0;
    while let Some(i) = text[from..].find("#[cfg(test)]") {
        let at = from + i;
        let after = text[at + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod tests") {
            return &text[..at];
        }
        from = at + 1;
    }
    text
}

/// The file-level import graph: module → modules it takes something from.
fn graph(root: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let files = modules(root);
    let resolve = |path: &[String]| -> Option<Module> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|m| files.contains_key(m))
    };
    let mut edges = BTreeMap::new();
    for (module, file) in &files {
        let text = std::fs::read_to_string(file).expect("read a source file");
        let code = without_tests(&text);
        let mut to = BTreeSet::new();
        for path in crate_paths(code).into_iter().chain(grouped_paths(code)) {
            if let Some(target) = resolve(&path) {
                if &target != module && !target.is_empty() {
                    to.insert(target);
                }
            }
        }
        edges.insert(module.clone(), to);
    }
    edges
}

/// Strongly connected components (Tarjan), largest first.
fn loops(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct State<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on: BTreeSet<&'a Module>,
        next: usize,
        out: Vec<Vec<Module>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on.insert(v);
        for w in &s.edges[v] {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            s.out.push(comp);
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out.sort_by_key(|c| std::cmp::Reverse(c.len()));
    s.out
}

fn src() -> PathBuf {
    root().join("src")
}

fn shown(m: &Module) -> String {
    m.join("/")
}

/// The imports from files under `from` (a top-level module) into any of `forbidden`.
fn wrong_way(
    edges: &BTreeMap<Module, BTreeSet<Module>>,
    from: &str,
    forbidden: &[&str],
) -> Vec<String> {
    edges
        .iter()
        .filter(|(m, _)| m.first().is_some_and(|f| f == from))
        .flat_map(|(m, to)| {
            to.iter()
                .filter(|t| t.first().is_some_and(|f| forbidden.contains(&f.as_str())))
                .map(move |t| format!("{} -> {}", shown(m), shown(t)))
        })
        .collect()
}

#[test]
fn no_import_loop_is_larger_than_four_files() {
    let edges = graph(&src());
    let big: Vec<String> = loops(&edges)
        .into_iter()
        .filter(|c| c.len() > 4)
        .map(|c| c.iter().map(shown).collect::<Vec<_>>().join(" "))
        .collect();
    assert!(big.is_empty(), "import loops over 4 files: {big:#?}");
}

#[test]
fn store_takes_nothing_from_the_layers_above_it() {
    let edges = graph(&src());
    let above = [
        "schema", "durable", "reviews", "target", "worker", "repair", "health", "sync", "commands",
        "error",
    ];
    let bad = wrong_way(&edges, "store", &above);
    assert!(bad.is_empty(), "store imports from above: {bad:#?}");
}

#[test]
fn the_exit_contract_and_interrupt_take_nothing_from_store_reviews_or_worker() {
    let edges = graph(&src());
    let mut bad = wrong_way(&edges, "exit", &["store", "reviews", "worker", "error"]);
    bad.extend(wrong_way(
        &edges,
        "interrupt",
        &["store", "reviews", "worker", "error"],
    ));
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn config_takes_nothing_from_store_schema_or_reviews() {
    let edges = graph(&src());
    let bad = wrong_way(&edges, "config", &["store", "schema", "reviews", "target"]);
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn commands_ask_for_capabilities_instead_of_naming_target_kinds() {
    let mut named = Vec::new();
    for (module, file) in modules(&src()) {
        if module.first().is_some_and(|f| f == "commands") {
            let text = std::fs::read_to_string(&file).expect("read a command");
            for (n, line) in text.lines().enumerate() {
                if line.contains("TargetKind::") {
                    named.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        named.len() <= 2,
        "commands match on the target kind (ask `ctx.target` for a capability): {named:#?}"
    );
}

/// The reader agrees with the tool on a known shape, so the rules above read what they say.
#[test]
fn the_reader_sees_use_groups_and_inline_paths() {
    let code =
        "use crate::store::{self, local::Access, Store};\nfn f() { crate::exit::one_line(x); }";
    let mut got: Vec<String> = crate_paths(code)
        .into_iter()
        .chain(grouped_paths(code))
        .map(|p| p.join("::"))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "exit::one_line",
            "store",
            "store::Store",
            "store::local",
            "store::self"
        ]
    );
    assert_eq!(
        without_tests("use crate::a;\n#[cfg(test)]\n\nmod tests {\n use crate::b;\n}"),
        "use crate::a;\n"
    );
    assert_eq!(
        without_tests("#[cfg(test)]\nfn helper() {}"),
        "#[cfg(test)]\nfn helper() {}"
    );
    let edges = graph(&src());
    assert!(
        edges[&vec!["commands".to_string()]].contains(&vec!["target".to_string()]),
        "commands/mod.rs takes its Target from src/target/"
    );
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_readme_is_an_operators_page_and_the_reference_is_in_docs() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let lines = readme.lines().count();
    assert!(
        lines <= 350,
        "README.md has {lines} lines (at most 350): the reference belongs in docs/"
    );
    assert!(
        readme.contains("](docs/README.md)"),
        "README.md links the reference index docs/README.md"
    );
    let index = std::fs::read_to_string(root().join("docs/README.md")).expect("docs/README.md");
    assert!(
        index.contains("](architecture.md)"),
        "docs/README.md lists architecture.md"
    );
    let layers =
        std::fs::read_to_string(root().join("docs/architecture.md")).expect("docs/architecture.md");
    assert!(
        layers.contains("tests/architecture.rs"),
        "docs/architecture.md names the test that keeps its rules"
    );
}

#[test]
fn help_exit_codes_prints_the_contracts_table() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("mkt"))
        .env_clear()
        .env("HOME", dir.path())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .current_dir(dir.path())
        .args(["help", "exit-codes"])
        .output()
        .expect("run mkt");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    for status in mkt::exit::ExitStatus::ALL {
        let row = format!("{}\t{}", status.code(), status.meaning());
        assert!(text.lines().any(|l| l == row), "{row:?} in:\n{text}");
    }
}
