//! Drift scenarios for the health tests, written through the library's storage interface so the
//! same data lands on the local target and on the fake Cloudflare server.
#![allow(dead_code)]

use std::path::PathBuf;

use mkt::store::{KvPut, SqlValue, Statement, Store};
use serde_json::{json, Value};

/// A four-source state (plus aliases) to write into a store.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Raw text of `skills:published-index`; `None` = key absent.
    pub index: Option<String>,
    /// `skill:{slug}` → raw value text.
    pub kv: Vec<(String, String)>,
    /// Durable rows: (name, display_name, category).
    pub durable: Vec<(String, String, String)>,
    /// `skill-alias:{name}` → raw value text.
    pub aliases: Vec<(String, String)>,
    /// Seed catalog slugs; `Some` writes `seed.json` and configures it.
    pub seed: Option<Vec<String>>,
}

pub fn record(slug: &str, display: &str, category: &str) -> String {
    json!({"name": slug, "displayName": display, "category": category, "labels": [], "trendingScore7d": 0, "trendingScore30d": 0}).to_string()
}

impl State {
    /// The same slugs everywhere, values agreeing: in sync.
    pub fn in_sync(slugs: &[&str]) -> State {
        State {
            index: Some(Value::from(slugs.to_vec()).to_string()),
            kv: slugs
                .iter()
                .map(|s| (s.to_string(), record(s, &title(s), "tools")))
                .collect(),
            durable: slugs
                .iter()
                .map(|s| (s.to_string(), title(s), "tools".into()))
                .collect(),
            aliases: Vec::new(),
            seed: None,
        }
    }
    pub fn index_of(mut self, entries: Value) -> Self {
        self.index = Some(entries.to_string());
        self
    }
    pub fn without_kv(mut self, slug: &str) -> Self {
        self.kv.retain(|(s, _)| s != slug);
        self
    }
    pub fn without_durable(mut self, slug: &str) -> Self {
        self.durable.retain(|(s, _, _)| s != slug);
        self
    }
    pub fn kv_value(mut self, slug: &str, value: &str) -> Self {
        self.kv.retain(|(s, _)| s != slug);
        self.kv.push((slug.into(), value.into()));
        self
    }
    pub fn alias(mut self, name: &str, value: &str) -> Self {
        self.aliases.push((name.into(), value.into()));
        self
    }
    pub fn seeded(mut self, slugs: &[&str]) -> Self {
        self.seed = Some(slugs.iter().map(|s| s.to_string()).collect());
        self
    }

    /// Writes the state: durable rows, then KV values, aliases and the index.
    pub async fn write(&self, store: &Store) {
        let stmts: Vec<Statement> = self
            .durable
            .iter()
            .map(|(name, display, category)| {
                Statement::with(
                    "INSERT INTO skills (name, display_name, category, labels, created_at, updated_at) VALUES (?1, ?2, ?3, '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                    vec![SqlValue::from(name.as_str()), display.as_str().into(), category.as_str().into()],
                )
            })
            .collect();
        for chunk in stmts.chunks(50) {
            store.sql.batch(chunk).await.expect("insert durable rows");
        }
        let mut puts: Vec<KvPut> = self
            .kv
            .iter()
            .map(|(s, v)| KvPut::new(format!("skill:{s}"), v.clone()))
            .collect();
        puts.extend(
            self.aliases
                .iter()
                .map(|(a, v)| KvPut::new(format!("skill-alias:{a}"), v.clone())),
        );
        if let Some(ix) = &self.index {
            puts.push(KvPut::new("skills:published-index", ix.clone()));
        }
        if !puts.is_empty() {
            let r = store.kv.put_many(&puts).await.expect("put KV values");
            assert!(r.failed.is_empty(), "KV writes failed: {:?}", r.failed);
        }
    }

    /// The seed catalog file contents, when the state has one.
    pub fn seed_json(&self) -> Option<String> {
        self.seed
            .as_ref()
            .map(|s| json!(s.iter().map(|x| json!({"name": x})).collect::<Vec<_>>()).to_string())
    }
}

pub fn title(slug: &str) -> String {
    slug.split('-')
        .map(|w| w[..1].to_uppercase() + &w[1..])
        .collect::<Vec<_>>()
        .join(" ")
}

/// One golden scenario: a state, the extra flags, and the exit code it must end with.
pub struct Scenario {
    pub name: &'static str,
    pub state: State,
    pub args: &'static [&'static str],
    pub exit: i32,
}

const BASE: &[&str] = &["alpha-tool", "beta-lint", "gamma-fmt"];

pub fn scenarios() -> Vec<Scenario> {
    let base = || State::in_sync(BASE);
    vec![
        Scenario { name: "in_sync", state: base(), args: &[], exit: 0 },
        Scenario {
            name: "missing_from_index",
            state: base().index_of(json!(["alpha-tool", "gamma-fmt"])),
            args: &[],
            exit: 3,
        },
        Scenario {
            name: "stale_in_index",
            state: base().index_of(json!(["alpha-tool", "beta-lint", "gamma-fmt", "zeta-gone"])),
            args: &[],
            exit: 3,
        },
        Scenario { name: "missing_in_durable", state: base().without_durable("beta-lint"), args: &[], exit: 3 },
        Scenario { name: "missing_kv_value", state: base().without_kv("gamma-fmt"), args: &[], exit: 3 },
        Scenario {
            name: "field_mismatch",
            state: base().kv_value("beta-lint", &record("beta-lint", "Beta Linter", "quality")),
            args: &["--deep"],
            exit: 3,
        },
        Scenario {
            name: "malformed_value",
            state: base()
                .index_of(json!(["alpha-tool", {"name": "beta-lint", "displayName": "Beta Lint"}, "gamma-fmt", 42]))
                .kv_value("gamma-fmt", "{not json")
                .alias("old-alpha", "[1,2]"),
            args: &["--deep"],
            exit: 3,
        },
        Scenario {
            name: "duplicate_in_index",
            state: base().index_of(json!(["alpha-tool", "beta-lint", "gamma-fmt", {"name": "beta-lint"}])),
            args: &[],
            exit: 3,
        },
        Scenario {
            name: "orphaned_alias",
            state: base().alias("old-alpha", r#"{"target":"alpha-tool"}"#).alias("old-delta", r#"{"target":"delta-gone"}"#),
            args: &[],
            exit: 3,
        },
        Scenario {
            name: "alias_cycle",
            state: base().alias("loop-a", "loop-b").alias("loop-b", r#""loop-a""#),
            args: &[],
            exit: 3,
        },
        Scenario { name: "seed_shadowed", state: base().seeded(&["alpha-tool", "seed-only"]), args: &[], exit: 0 },
        Scenario {
            name: "mixed",
            state: State::in_sync(&["alpha-tool", "beta-lint", "gamma-fmt", "delta-cli", "eps-docs"])
                .index_of(json!(["alpha-tool", "alpha-tool", "beta-lint", "ghost-one", {"name": "delta-cli"}]))
                .without_durable("delta-cli")
                .without_kv("eps-docs")
                .kv_value("beta-lint", &record("beta-lint", "Beta Lint", "misc"))
                .alias("old-gamma", "gamma-fmt")
                .alias("old-ghost", "ghost-two")
                .seeded(&["alpha-tool"]),
            args: &["--deep"],
            exit: 3,
        },
    ]
}

fn golden_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/health")
        .join(rel)
}

/// Compares `actual` with a golden file (or rewrites it under MKT_UPDATE_GOLDEN=1).
pub fn assert_golden(rel: &str, actual: &str) {
    let path = golden_path(rel);
    if std::env::var_os("MKT_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "missing golden {} ({e}); run with MKT_UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

pub fn validate_schema(doc: &str) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas/health-report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let instance: serde_json::Value =
        serde_json::from_str(doc).expect("stdout is one JSON document");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match the schema: {errors:#?}"
    );
}
