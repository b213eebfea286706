//! Reads KV namespace and D1 database ids by binding name from `wrangler.toml` / `wrangler.jsonc`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::exit::Failure;

pub struct WranglerConfig {
    pub path: PathBuf,
    root: Value,
    env: Option<String>,
}

/// A json5 error in one short line, where and why, never the source line it quotes: a
/// `wrangler.jsonc` is often one long line, `vars` (and their secrets) included.
fn json5_reason(e: &json5::Error) -> String {
    let json5::Error::Message { msg, location } = e;
    let why = msg
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .map(str::to_string)
        .unwrap_or_else(|| match location {
            Some(_) => "syntax error".into(),
            None => msg.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    let why = crate::redact::scrub(&why.chars().take(200).collect::<String>());
    match location {
        Some(l) => format!("line {}, column {}: {why}", l.line, l.column),
        None => why,
    }
}

impl WranglerConfig {
    pub fn load(path: &Path, env: Option<&str>) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::usage(format!(
                "cannot read wrangler config {}: {e}",
                path.display()
            ))
        })?;
        let is_toml = path.extension().and_then(|e| e.to_str()) == Some("toml");
        let root: Value = if is_toml {
            let t: toml::Value = toml::from_str(&text).map_err(|e| {
                Failure::usage(format!(
                    "malformed wrangler config {}: {}",
                    path.display(),
                    e.message().replace('\n', " ")
                ))
            })?;
            serde_json::to_value(t).map_err(|e| {
                Failure::usage(format!("malformed wrangler config {}: {e}", path.display()))
            })?
        } else {
            json5::from_str(&text).map_err(|e| {
                Failure::usage(format!(
                    "malformed wrangler config {}: {}",
                    path.display(),
                    json5_reason(&e)
                ))
            })?
        };
        Ok(WranglerConfig {
            path: path.to_path_buf(),
            root,
            env: env.map(String::from),
        })
    }

    /// The table bindings are read from: `env.<name>` when an environment is chosen, else the top level.
    fn scope(&self) -> anyhow::Result<&Value> {
        match &self.env {
            None => Ok(&self.root),
            Some(e) => self.root.get("env").and_then(|v| v.get(e)).ok_or_else(|| {
                Failure::usage(format!(
                    "wrangler config {} has no [env.{e}]",
                    self.path.display()
                ))
            }),
        }
    }

    /// The bindings of one list (`kv_namespaces`, `d1_databases`) in the chosen scope.
    fn bindings(&self, list: &str) -> Vec<&Value> {
        self.scope()
            .ok()
            .and_then(|s| s.get(list))
            .and_then(Value::as_array)
            .map(|items| items.iter().collect())
            .unwrap_or_default()
    }

    /// The binding name when the list holds exactly one binding.
    pub fn only_binding(&self, list: &str) -> Option<String> {
        match self.bindings(list).as_slice() {
            [one] => one.get("binding").and_then(Value::as_str).map(String::from),
            _ => None,
        }
    }

    /// The id of a binding, if it has one.
    pub fn binding_id(&self, list: &str, binding: &str, id_field: &str) -> Option<String> {
        self.bindings(list)
            .into_iter()
            .find(|b| b.get("binding").and_then(Value::as_str) == Some(binding))
            .and_then(|b| b.get(id_field))
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map(String::from)
    }

    fn find(&self, list: &str, binding: &str, id_field: &str) -> anyhow::Result<String> {
        let scope = self.scope()?;
        let items = scope.get(list).and_then(Value::as_array);
        let found = items
            .into_iter()
            .flatten()
            .find(|b| b.get("binding").and_then(Value::as_str) == Some(binding));
        match found.and_then(|b| b.get(id_field)).and_then(Value::as_str) {
            Some(id) if !id.is_empty() => Ok(id.to_string()),
            _ => Err(Failure::usage(format!(
                "wrangler config {} has no {list} binding {binding:?} with an {id_field}",
                self.path.display()
            ))),
        }
    }

    pub fn kv_namespace_id(&self, binding: &str) -> anyhow::Result<String> {
        self.find("kv_namespaces", binding, "id")
    }

    pub fn d1_database_id(&self, binding: &str) -> anyhow::Result<String> {
        self.find("d1_databases", binding, "database_id")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_jsonc_is_named_by_place_never_by_its_source_line() {
        let secret = "vArSeCrEtVaLuE0123456789";
        let line = format!(
            r#"{{"name": "app", "vars": {{"API_KEY": "{secret}"}}, "kv_namespaces": [{{"binding": "KV" "id": "x"}}]}}"#
        );
        let e = json5::from_str::<Value>(&line).unwrap_err();
        let why = json5_reason(&e);
        assert!(why.starts_with("line 1, column "), "{why}");
        assert!(!why.contains("vArSeC") && !why.contains("API_KEY"), "{why}");
        assert!(why.len() < 300, "{why}");
    }
}
