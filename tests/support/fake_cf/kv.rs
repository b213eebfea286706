//! The Workers KV endpoints of the fake (reference/cloudflare-api.md §2).

use std::collections::BTreeMap;
use std::ops::Bound;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, Method};
use serde_json::{json, Value};

use super::server::{base64_decode, decode, parse_multipart, Reply};
use super::Entry;

const MAX_BULK_ITEMS: usize = 10_000;
const MAX_BULK_BYTES: usize = 100_000_000;
const MAX_BULK_GET: usize = 100;
const MAX_VALUE_BYTES: usize = 25 * 1024 * 1024;

/// How listings and reads behave (set on the fake).
pub(crate) struct Options {
    /// One empty page (with a cursor) after the first page of a listing.
    pub empty_pages: bool,
    /// Empty pages anywhere: first, between every two pages, and last.
    pub empty_everywhere: bool,
    /// How long a write takes to show in reads and listings.
    pub lag: Duration,
}

/// Keys written less than the lag ago: what reads still see (`None`: absent) and until when.
pub(crate) type Lagging = BTreeMap<String, (Option<Entry>, Instant)>;

/// Before a write to `key` under lag: reads keep seeing the entry as it was until `lag` after
/// this (latest) write.
pub(crate) fn note_write(
    map: &BTreeMap<String, Entry>,
    lagging: &mut Lagging,
    lag: Duration,
    key: &str,
) {
    if lag.is_zero() {
        return;
    }
    let now = Instant::now();
    match lagging.get_mut(key) {
        Some((_, until)) if *until > now => *until = now + lag,
        _ => {
            lagging.insert(key.to_string(), (map.get(key).cloned(), now + lag));
        }
    }
}

/// The entry a read sees now: the one before a lagging write, else the stored one.
fn visible<'a>(
    map: &'a BTreeMap<String, Entry>,
    lagging: &'a Lagging,
    key: &str,
) -> Option<&'a Entry> {
    match lagging.get(key) {
        Some((old, until)) if *until > Instant::now() => old.as_ref(),
        _ => map.get(key),
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn handle(
    map: &mut BTreeMap<String, Entry>,
    method: &Method,
    tail: &[&str],
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
    opts: &Options,
    lagging: &mut Lagging,
    take_unsuccessful: &mut dyn FnMut(&str) -> bool,
    ns: &str,
) -> Reply {
    let now = chrono::Utc::now().timestamp();
    let live = |e: &Entry| e.expiration.is_none_or(|x| x > now);
    let instant = Instant::now();
    lagging.retain(|_, (_, until)| *until > instant);
    let q = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    match (method.as_str(), tail) {
        ("GET", []) => Reply::ok(
            json!({"id": ns, "title": format!("fake-{ns}"), "supports_url_encoding": true}),
        ),
        ("GET", ["keys"]) => {
            let prefix = q("prefix").unwrap_or("");
            if lagging.is_empty() {
                list(map, prefix, q("limit"), q("cursor"), opts, now)
            } else {
                // Under lag, list what reads see: recent writes not yet, recent deletes still.
                let mut view: BTreeMap<String, Entry> = map
                    .range(prefix.to_string()..)
                    .take_while(|(k, _)| k.starts_with(prefix))
                    .map(|(k, e)| (k.clone(), e.clone()))
                    .collect();
                for (k, (old, _)) in lagging.iter().filter(|(k, _)| k.starts_with(prefix)) {
                    match old {
                        Some(e) => view.insert(k.clone(), e.clone()),
                        None => view.remove(k),
                    };
                }
                list(&view, prefix, q("limit"), q("cursor"), opts, now)
            }
        }
        ("GET", ["values", key @ ..]) => {
            match visible(map, lagging, &decode(&key.join("/"))).filter(|e| live(e)) {
                None => Reply::error(404, 10009, "get: 'key not found'"),
                Some(e) => {
                    let mut headers = vec![(
                        "content-type".to_string(),
                        "application/octet-stream".to_string(),
                    )];
                    if let Some(x) = e.expiration {
                        headers.push(("expiration".into(), x.to_string()));
                    }
                    Reply {
                        status: 200,
                        headers,
                        body: e.value.clone(),
                    }
                }
            }
        }
        ("GET", ["metadata", key @ ..]) => {
            match visible(map, lagging, &decode(&key.join("/"))).filter(|e| live(e)) {
                None => Reply::error(404, 10009, "get: 'key not found'"),
                Some(e) => Reply::ok(e.metadata.clone().unwrap_or(Value::Null)),
            }
        }
        ("PUT", ["values", key @ ..]) => {
            let key = decode(&key.join("/"));
            let expiration = match expiration_of(
                q("expiration").map(str::to_string),
                q("expiration_ttl").map(str::to_string),
                now,
            ) {
                Ok(x) => x,
                Err(r) => return r,
            };
            let ctype = headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let (value, metadata) = if ctype.starts_with("multipart/form-data") {
                match parse_multipart(ctype, body) {
                    Some(parts) => {
                        let Some(value) = parts.get("value").cloned() else {
                            return Reply::error(400, 10026, "multipart body needs a 'value' part");
                        };
                        let metadata = match parts
                            .get("metadata")
                            .map(|m| serde_json::from_slice::<Value>(m))
                        {
                            None => None,
                            Some(Ok(v)) => Some(v),
                            Some(Err(_)) => {
                                return Reply::error(400, 10026, "metadata is not valid JSON")
                            }
                        };
                        (value, metadata)
                    }
                    None => return Reply::error(400, 10026, "malformed multipart body"),
                }
            } else {
                (body.to_vec(), None)
            };
            if let Err(r) = check_entry(&key, value.len(), metadata.as_ref()) {
                return r;
            }
            note_write(map, lagging, opts.lag, &key);
            map.insert(
                key,
                Entry {
                    value,
                    metadata,
                    expiration,
                },
            );
            Reply::ok(Value::Null)
        }
        ("DELETE", ["values", key @ ..]) => {
            let key = decode(&key.join("/"));
            note_write(map, lagging, opts.lag, &key);
            map.remove(&key);
            Reply::ok(Value::Null)
        }
        ("PUT", ["bulk"]) => bulk_write(map, body, take_unsuccessful, now, &mut |m, k| {
            note_write(m, lagging, opts.lag, k)
        }),
        ("POST", ["bulk", "delete"]) | ("DELETE", ["bulk"]) => {
            bulk_delete(map, body, take_unsuccessful, &mut |m, k| {
                note_write(m, lagging, opts.lag, k)
            })
        }
        ("POST", ["bulk", "get"]) => bulk_get(map, lagging, body, live),
        (
            _,
            ["keys"]
            | ["values", ..]
            | ["bulk"]
            | ["bulk", "get" | "delete"]
            | ["metadata", ..]
            | [],
        ) => Reply::error(405, 10405, "Method not allowed"),
        _ => Reply::error(404, 7003, "No route for the URI"),
    }
}

/// A page with no keys; `cursor` empty ends the listing.
fn empty_page(cursor: String) -> Reply {
    Reply::json(
        200,
        json!({"success": true, "errors": [], "messages": [], "result": [],
               "result_info": {"count": 0, "cursor": cursor}}),
    )
}

/// Cursors are opaque to clients: a tag, the hex of the prefix they were issued for, `.`, and
/// the hex of the last key returned. Tags: `k` resume after the key; `e` an empty page first,
/// then resume; `z` an empty last page. A cursor is tied to its prefix, as the API's are
/// ("the prefix argument must be provided in all subsequent calls").
fn cursor_for(tag: &str, prefix: &str, key: &str) -> String {
    format!(
        "{tag}{}.{}",
        hex::encode(prefix.as_bytes()),
        hex::encode(key.as_bytes())
    )
}

fn list(
    map: &BTreeMap<String, Entry>,
    prefix: &str,
    limit: Option<&str>,
    cursor: Option<&str>,
    opts: &Options,
    now: i64,
) -> Reply {
    let limit = match limit.map(str::parse::<usize>) {
        None => 1000,
        Some(Ok(n)) if (10..=1000).contains(&n) => n,
        _ => return Reply::error(400, 10003, "Invalid limit: must be between 10 and 1000"),
    };
    let text = |h: &str| hex::decode(h).ok().and_then(|b| String::from_utf8(b).ok());
    let after = match cursor.filter(|c| !c.is_empty()) {
        None if opts.empty_everywhere => {
            // A listing may open with an empty page.
            return empty_page(cursor_for("k", prefix, ""));
        }
        None => None,
        Some(c) => {
            let parsed = c.get(..1).zip(c.get(1..)).and_then(|(tag, rest)| {
                let (p, k) = rest.split_once('.')?;
                Some((tag, text(p)?, text(k)?))
            });
            match parsed {
                // Not 10011: that code is the API's "invalid namespace id", which clients map
                // to a missing namespace.
                None => return Reply::error(400, 10001, "cursor: invalid cursor"),
                Some((_, p, _)) if p != prefix => {
                    return Reply::error(
                        400,
                        10001,
                        "cursor: invalid cursor (it belongs to a listing with another prefix; send the same prefix on every page)",
                    )
                }
                Some(("e", _, k)) => return empty_page(cursor_for("k", prefix, &k)),
                Some(("z", _, _)) => return empty_page(String::new()),
                Some(("k", _, k)) if k.is_empty() => None,
                Some(("k", _, k)) => Some(k),
                Some(_) => return Reply::error(400, 10001, "cursor: invalid cursor"),
            }
        }
    };
    // Resume after the cursor's key, but never before the prefix's first key.
    let lower = match &after {
        Some(k) if k.as_str() >= prefix => Bound::Excluded(k.clone()),
        _ => Bound::Included(prefix.to_string()),
    };
    let mut page: Vec<(&String, &Entry)> = map
        .range((lower, Bound::Unbounded))
        .take_while(|(k, _)| k.starts_with(prefix))
        .filter(|(_, e)| e.expiration.is_none_or(|x| x > now))
        .take(limit + 1)
        .collect();
    let more = page.len() > limit;
    page.truncate(limit);
    let next = match page.last() {
        Some((k, _)) if more => {
            let tag = if opts.empty_everywhere || (opts.empty_pages && after.is_none()) {
                "e"
            } else {
                "k"
            };
            cursor_for(tag, prefix, k)
        }
        // The last page may be followed by an empty one that ends the listing.
        Some((k, _)) if opts.empty_everywhere => cursor_for("z", prefix, k),
        _ => String::new(),
    };
    let result: Vec<Value> = page
        .iter()
        .map(|(k, e)| {
            let mut o = serde_json::Map::new();
            o.insert("name".into(), json!(k));
            if let Some(x) = e.expiration {
                o.insert("expiration".into(), json!(x));
            }
            if let Some(m) = &e.metadata {
                o.insert("metadata".into(), m.clone());
            }
            Value::Object(o)
        })
        .collect();
    Reply::json(
        200,
        json!({"success": true, "errors": [], "messages": [], "result": result,
               "result_info": {"count": result.len(), "cursor": next}}),
    )
}

fn expiration_of(
    expiration: Option<String>,
    ttl: Option<String>,
    now: i64,
) -> Result<Option<i64>, Reply> {
    if let Some(ttl) = ttl {
        return match ttl.parse::<i64>() {
            Ok(t) if t >= 60 => Ok(Some(now + t)),
            _ => Err(Reply::error(
                400,
                10016,
                &format!("Invalid expiration_ttl of {ttl}. Expiration TTL must be at least 60."),
            )),
        };
    }
    match expiration {
        None => Ok(None),
        Some(x) => match x.parse::<i64>() {
            Ok(t) if t >= now + 60 => Ok(Some(t)),
            _ => Err(Reply::error(
                400,
                10015,
                &format!("Invalid expiration of {x}. Expiration times must be at least 60 seconds in the future."),
            )),
        },
    }
}

fn check_entry(key: &str, value_len: usize, metadata: Option<&Value>) -> Result<(), Reply> {
    if key.is_empty() || key == "." || key == ".." {
        return Err(Reply::error(
            400,
            10019,
            "Invalid key name: cannot be empty, \".\" or \"..\"",
        ));
    }
    if key.len() > 512 {
        return Err(Reply::error(
            414,
            10033,
            "key name is longer than 512 bytes",
        ));
    }
    if value_len > MAX_VALUE_BYTES {
        return Err(Reply::error(413, 10023, "value is larger than 25 MiB"));
    }
    if metadata.is_some_and(|m| m.to_string().len() > 1024) {
        return Err(Reply::error(
            413,
            10024,
            "metadata is larger than 1024 bytes",
        ));
    }
    Ok(())
}

fn bulk_write(
    map: &mut BTreeMap<String, Entry>,
    body: &[u8],
    take_unsuccessful: &mut dyn FnMut(&str) -> bool,
    now: i64,
    note: &mut dyn FnMut(&BTreeMap<String, Entry>, &str),
) -> Reply {
    if body.len() > MAX_BULK_BYTES {
        return Reply::error(413, 10006, "request body is larger than 100 MB");
    }
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(body) else {
        return Reply::error(
            400,
            10026,
            "bulk write body must be a JSON array of {key, value} objects",
        );
    };
    if items.len() > MAX_BULK_ITEMS {
        return Reply::error(400, 10026, "bulk write is limited to 10000 key-value pairs");
    }
    let mut parsed = Vec::with_capacity(items.len());
    for item in &items {
        let (Some(key), Some(value)) = (item["key"].as_str(), item["value"].as_str()) else {
            return Reply::error(
                400,
                10026,
                "every bulk item needs a string key and a string value",
            );
        };
        let value = if item["base64"].as_bool() == Some(true) {
            match base64_decode(value) {
                Some(v) => v,
                None => return Reply::error(400, 10026, "value is not valid base64"),
            }
        } else {
            value.as_bytes().to_vec()
        };
        let num = |f: &str| item.get(f).filter(|v| !v.is_null()).map(|v| v.to_string());
        let expiration = match expiration_of(num("expiration"), num("expiration_ttl"), now) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let metadata = item.get("metadata").filter(|m| !m.is_null()).cloned();
        // In a bulk write metadata is a JSON object, not its text (a single PUT sends the text).
        if metadata.as_ref().is_some_and(|m| !m.is_object()) {
            return Reply::error(
                400,
                10026,
                &format!("metadata of {key:?} must be a JSON object"),
            );
        }
        if let Err(r) = check_entry(key, value.len(), metadata.as_ref()) {
            return r;
        }
        parsed.push((
            key.to_string(),
            Entry {
                value,
                metadata,
                expiration,
            },
        ));
    }
    let mut unsuccessful = Vec::new();
    let mut ok = 0;
    for (key, entry) in parsed {
        if take_unsuccessful(&key) {
            unsuccessful.push(key);
        } else {
            note(map, &key);
            map.insert(key, entry);
            ok += 1;
        }
    }
    Reply::ok(json!({"successful_key_count": ok, "unsuccessful_keys": unsuccessful}))
}

fn bulk_delete(
    map: &mut BTreeMap<String, Entry>,
    body: &[u8],
    take_unsuccessful: &mut dyn FnMut(&str) -> bool,
    note: &mut dyn FnMut(&BTreeMap<String, Entry>, &str),
) -> Reply {
    let keys: Option<Vec<String>> = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Array(items)) => items
            .iter()
            .map(|k| k.as_str().map(str::to_string))
            .collect(),
        _ => None,
    };
    let Some(keys) = keys else {
        return Reply::error(
            400,
            10026,
            "bulk delete body must be a JSON array of key names",
        );
    };
    if keys.len() > MAX_BULK_ITEMS {
        return Reply::error(400, 10026, "bulk delete is limited to 10000 keys");
    }
    let mut unsuccessful = Vec::new();
    let mut ok = 0;
    for key in keys {
        if take_unsuccessful(&key) {
            unsuccessful.push(key);
        } else {
            note(map, &key);
            map.remove(&key);
            ok += 1;
        }
    }
    Reply::ok(json!({"successful_key_count": ok, "unsuccessful_keys": unsuccessful}))
}

fn bulk_get(
    map: &BTreeMap<String, Entry>,
    lagging: &Lagging,
    body: &[u8],
    live: impl Fn(&Entry) -> bool,
) -> Reply {
    let Ok(req) = serde_json::from_slice::<Value>(body) else {
        return Reply::error(400, 10026, "bulk get body must be JSON");
    };
    let Some(keys) = req["keys"]
        .as_array()
        .and_then(|ks| ks.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
    else {
        return Reply::error(400, 10026, "bulk get needs \"keys\": an array of key names");
    };
    if keys.len() > MAX_BULK_GET {
        return Reply::error(400, 10026, "bulk get accepts at most 100 keys");
    }
    let as_json = match req.get("type").and_then(Value::as_str) {
        None | Some("text") => false,
        Some("json") => true,
        Some(_) => return Reply::error(400, 10026, "type must be \"text\" or \"json\""),
    };
    let with_metadata = match req.get("withMetadata") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Reply::error(400, 10026, "withMetadata must be a boolean"),
    };
    let mut values = serde_json::Map::new();
    for key in keys {
        let v = match visible(map, lagging, key).filter(|e| live(e)) {
            None => Value::Null,
            Some(e) => {
                let text = String::from_utf8_lossy(&e.value).into_owned();
                let value = if as_json {
                    match serde_json::from_str::<Value>(&text) {
                        Ok(v) => v,
                        Err(_) => {
                            return Reply::error(
                                400,
                                10026,
                                &format!("value of {key:?} is not JSON"),
                            )
                        }
                    }
                } else {
                    Value::String(text)
                };
                if with_metadata {
                    let mut o = json!({"value": value, "metadata": e.metadata.clone().unwrap_or(Value::Null)});
                    if let Some(x) = e.expiration {
                        o["expiration"] = json!(x);
                    }
                    o
                } else {
                    value
                }
            }
        };
        values.insert(key.to_string(), v);
    }
    Reply::ok(json!({"values": values}))
}
