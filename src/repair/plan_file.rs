//! Saved plans (`--out plan.json`) and the fingerprints that bind them to what was read:
//! applying a plan whose sources changed since is refused as stale (exit 5).

use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::exit::Failure;
use crate::sources::Snapshot;

/// What a plan read, in a form cheap to compare.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprints {
    /// sha256 of the index blob's bytes ("" when the key did not exist).
    pub index_sha256: String,
    /// sha256 of the sorted `skill:` slugs, one per line.
    pub kv_keys_digest: String,
    pub kv_keys_count: usize,
    /// sha256 over the `skill:` values read, as parsed: every value with `--read-values`, else
    /// only those the summaries are made from (a strings index reads none, so the digest is of
    /// nothing and a changed value is not a stale plan: no entry is made from it).
    pub kv_values_digest: String,
    /// Which values the digest covers: `all` or `summaries` (absent in older plan files).
    #[serde(default)]
    pub kv_values_scope: String,
    /// How many values the digest covers.
    #[serde(default)]
    pub kv_values_count: usize,
    pub durable_count: usize,
    /// The latest `updated_at` of the durable rows (None when only names were read: a strings
    /// index is made from names, so a row's content is no part of the plan).
    pub durable_max_updated_at: Option<String>,
    /// sha256 of the sorted durable names (absent in older plan files, then not compared).
    #[serde(default)]
    pub durable_names_digest: String,
    /// sha256 of the sorted `alias → target` lines.
    pub aliases_digest: String,
}

fn sha_lines<'a>(lines: impl Iterator<Item = String> + 'a) -> String {
    let mut h = Sha256::new();
    for l in lines {
        h.update(l.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

impl Fingerprints {
    /// `all_values`: every `skill:` value was read (`--read-values`), not just the needed ones.
    pub fn of(snap: &Snapshot, all_values: bool) -> Self {
        let kv = snap.kv_slugs.clone().unwrap_or_default();
        let durable = snap.durable.clone().unwrap_or_default();
        Fingerprints {
            index_sha256: snap
                .index
                .as_ref()
                .map(|i| i.sha256.clone())
                .unwrap_or_default(),
            kv_keys_digest: sha_lines(kv.iter().cloned()),
            kv_keys_count: kv.len(),
            kv_values_digest: sha_lines(snap.kv_records.iter().map(|(slug, rec)| {
                let v = match rec {
                    Ok(m) => serde_json::to_string(m).unwrap_or_default(),
                    Err(e) => format!("!{e}"),
                };
                format!("{slug}\t{v}")
            })),
            kv_values_scope: if all_values { "all" } else { "summaries" }.into(),
            kv_values_count: snap.kv_records.len(),
            durable_count: durable.len(),
            durable_names_digest: sha_lines(durable.keys().cloned()),
            durable_max_updated_at: durable
                .values()
                .filter_map(|r| {
                    r.get("updated_at")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .max(),
            aliases_digest: sha_lines(snap.aliases.iter().flatten().map(|(a, t)| match t {
                Ok(t) => format!("{a}\t{t}"),
                Err(e) => format!("{a}\t!{e}"),
            })),
        }
    }

    /// Names of the fingerprints that differ, for the stale-plan message. Both sides read values
    /// the same way (the plan file's `keys_only`), so the value digests cover the same keys unless
    /// the index or the durable rows changed, which is reported anyway.
    pub fn differences(&self, now: &Fingerprints) -> Vec<&'static str> {
        let mut d = Vec::new();
        if self.index_sha256 != now.index_sha256 {
            d.push("index");
        }
        if self.kv_keys_digest != now.kv_keys_digest {
            d.push("skill keys");
        }
        if self.kv_values_digest != now.kv_values_digest {
            d.push("skill values");
        }
        let names_differ = !self.durable_names_digest.is_empty()
            && self.durable_names_digest != now.durable_names_digest;
        if self.durable_count != now.durable_count
            || self.durable_max_updated_at != now.durable_max_updated_at
            || names_differ
        {
            d.push("durable rows");
        }
        if self.aliases_digest != now.aliases_digest {
            d.push("aliases");
        }
        d
    }
}

pub const PLAN_KIND_INDEX: &str = "index-rebuild";

/// The file `mkt index rebuild --out FILE` writes and `mkt index apply FILE` reads.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanFile {
    pub schema_version: String,
    pub kind: String,
    pub created_at: String,
    /// Where it was planned (`local store …`, `cloudflare …`): applying elsewhere is refused.
    pub target: String,
    pub fingerprints: Fingerprints,
    pub prune: bool,
    pub fix_aliases: bool,
    /// Skill values were read only where summaries need them (the default); false: every value
    /// was read (`--read-values`, or a plan file from before that default). Applying reads the same way.
    #[serde(default)]
    pub keys_only: bool,
    pub max_delete: usize,
    /// The index as it will be written, and its sha256.
    pub new_index: Vec<Value>,
    pub new_index_sha256: String,
    pub alias_deletes: Vec<String>,
    /// The whole plan as rendered by `--json`, for review.
    pub plan: Value,
}

impl PlanFile {
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::owner_only::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        crate::owner_only::write(path, text + "\n")
            .with_context(|| format!("cannot write plan file {}", path.display()))
    }

    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::usage(format!("cannot read plan file {}: {e}", path.display()))
        })?;
        let not_a_plan = |what: String| {
            Failure::usage(format!(
                "{} is not an index plan (it is {what}); make one with mkt index rebuild --out FILE",
                path.display()
            ))
        };
        let value: Value =
            serde_json::from_str(&text).map_err(|e| not_a_plan(format!("not JSON: {e}")))?;
        let kind = value.get("kind").and_then(Value::as_str);
        if kind != Some(PLAN_KIND_INDEX) {
            return Err(match kind {
                Some(k) => Failure::usage(format!(
                    "{} is a {k} plan, not an index rebuild plan",
                    path.display()
                )),
                None => not_a_plan(describe_json(&value)),
            });
        }
        let plan: PlanFile = serde_json::from_value(value).map_err(|e| {
            Failure::usage(format!(
                "{} is an index plan that cannot be read ({e}); make a new one with mkt index rebuild --out FILE",
                path.display()
            ))
        })?;
        if !plan.schema_version.starts_with("1.") {
            return Err(Failure::usage(format!(
                "plan file schema_version {} is not supported by this mkt (1.x)",
                plan.schema_version
            )));
        }
        Ok(plan)
    }
}

/// What a JSON document that is not a plan looks like, so the user recognises the file.
fn describe_json(v: &Value) -> String {
    let has = |k: &str| v.get(k).is_some();
    match v {
        Value::Object(_) if has("drift_detected") && has("drifts") => "an mkt health report".into(),
        Value::Object(_) if has("written") && has("scenario") => "an mkt seed report".into(),
        Value::Object(_) if has("values") && has("local_path") => "mkt config show output".into(),
        Value::Object(m) if m.is_empty() => "an empty JSON object".into(),
        Value::Object(m) => {
            let keys: Vec<&str> = m.keys().take(5).map(String::as_str).collect();
            let more = if m.len() > 5 { ", …" } else { "" };
            format!("a JSON object with keys {}{more}", keys.join(", "))
        }
        Value::Array(a) => format!(
            "a JSON array of {} item{}",
            a.len(),
            if a.len() == 1 { "" } else { "s" }
        ),
        Value::String(_) => "a JSON string".into(),
        Value::Number(_) => "a JSON number".into(),
        Value::Bool(_) => "a JSON boolean".into(),
        Value::Null => "JSON null".into(),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
