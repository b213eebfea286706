//! Reading the Worker's bodies tolerantly. The seeds fix paths, not shapes, so every shape real
//! Workers commonly send is understood (the README lists them):
//! - a list: a bare array, or an array under `reviews`, `data`, `items` or `results` (also one
//!   level down, as in `{"data": {"items": [...]}}`), with an optional total under `total`,
//!   `total_count` or `totalCount` beside it or in `meta`/`pagination`;
//! - one object: bare, or under `review` or `data`;
//! - field names in snake_case or camelCase (`targetType` reads as `target_type`).

use serde_json::{Map, Value};

/// Keys a list may sit under, in the order they are tried.
pub const LIST_KEYS: [&str; 4] = ["reviews", "data", "items", "results"];
/// Keys one object may sit under.
pub const OBJECT_KEYS: [&str; 2] = ["review", "data"];

/// One page of a list: its items and the total, when the Worker gives one.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPage {
    pub items: Vec<Value>,
    pub total: Option<u64>,
}

/// `targetType` → `target_type`; snake_case passes through unchanged.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower_or_digit = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower_or_digit {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower_or_digit = false;
        } else {
            prev_lower_or_digit = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c);
        }
    }
    out
}

/// `target_type` → `targetType`; camelCase passes through unchanged.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut up = false;
    for c in name.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// An object with every key in snake_case (nested objects too). On a clash the snake_case
/// spelling the Worker sent wins.
pub fn snake_keys(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, val) in m {
                let key = snake_case(k);
                if &key != k && m.contains_key(&key) {
                    continue;
                }
                out.insert(key, snake_keys(val));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(snake_keys).collect()),
        other => other.clone(),
    }
}

fn total_in(m: &Map<String, Value>) -> Option<u64> {
    // Not `count`: beside a list it is as often the page's length as the total.
    let direct = ["total", "total_count", "totalCount"]
        .iter()
        .find_map(|k| m.get(*k).and_then(as_u64));
    direct.or_else(|| {
        ["meta", "pagination", "page_info", "pageInfo", "result_info"]
            .iter()
            .filter_map(|k| m.get(*k).and_then(Value::as_object))
            .find_map(|inner| {
                ["total", "total_count", "totalCount"]
                    .iter()
                    .find_map(|k| inner.get(*k).and_then(as_u64))
            })
    })
}

/// A non-negative whole number, also when sent as a string or as `12.0`.
pub fn as_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A list from any understood shape, or `None` when the body holds no list.
pub fn list(body: &Value) -> Option<ListPage> {
    match body {
        Value::Array(items) => Some(ListPage {
            items: items.clone(),
            total: None,
        }),
        Value::Object(m) => {
            for key in LIST_KEYS {
                match m.get(key) {
                    Some(Value::Array(items)) => {
                        return Some(ListPage {
                            items: items.clone(),
                            total: total_in(m),
                        })
                    }
                    // `{"data": {"items": [...], "total": 3}}`
                    Some(inner @ Value::Object(_)) => {
                        if let Some(mut page) = list(inner) {
                            page.total = page.total.or_else(|| total_in(m));
                            return Some(page);
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        _ => None,
    }
}

/// One object from any understood shape: under `review` or `data` when those hold an object,
/// else the body itself. `None` when the body is not an object.
pub fn object(body: &Value) -> Option<Map<String, Value>> {
    let m = body.as_object()?;
    for key in OBJECT_KEYS {
        if let Some(Value::Object(inner)) = m.get(key) {
            return Some(inner.clone());
        }
    }
    Some(m.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn snake_case_converts_camel_only() {
        assert_eq!(snake_case("targetType"), "target_type");
        assert_eq!(snake_case("target_type"), "target_type");
        assert_eq!(snake_case("trendingScore7d"), "trending_score7d");
        assert_eq!(snake_case("prismaBackfilled"), "prisma_backfilled");
        assert_eq!(snake_case("kvIndexCount"), "kv_index_count");
        assert_eq!(snake_case("id"), "id");
        assert_eq!(camel_case("target_type"), "targetType");
        assert_eq!(camel_case("trending_score_7d"), "trendingScore7d");
    }

    #[test]
    fn lists_in_every_understood_shape() {
        let items = json!([{"id": "a"}, {"id": "b"}]);
        let bare = list(&items).unwrap();
        assert_eq!((bare.items.len(), bare.total), (2, None));
        for key in LIST_KEYS {
            let page = list(&json!({ key: items.clone(), "total": 7 })).unwrap();
            assert_eq!((page.items.len(), page.total), (2, Some(7)), "{key}");
        }
        let nested =
            list(&json!({"data": {"items": items.clone()}, "meta": {"total": "9"}})).unwrap();
        assert_eq!((nested.items.len(), nested.total), (2, Some(9)));
        let camel = list(&json!({"results": items, "totalCount": 4})).unwrap();
        assert_eq!(camel.total, Some(4));
        assert!(list(&json!({"ok": true})).is_none());
    }

    #[test]
    fn objects_bare_or_wrapped() {
        let r = json!({"id": "a", "targetType": "skill"});
        assert_eq!(object(&r).unwrap()["id"], "a");
        assert_eq!(object(&json!({"review": r.clone()})).unwrap()["id"], "a");
        assert_eq!(
            object(&json!({"success": true, "data": r})).unwrap()["id"],
            "a"
        );
        assert_eq!(
            snake_keys(&json!({"targetType": "skill", "target_type": "mcp"})),
            json!({"target_type": "mcp"})
        );
    }
}
