//! Seed 000's reviews API and ingest endpoint of the fake Worker, over the store's D1 tables.

use rusqlite::types::{Value as SqlV, ValueRef};
use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::{Reply, State};

/// Length limits the Worker enforces (seed 000: "Payload validation and title/body length limits").
pub const MAX_DISPLAY_NAME: usize = 100;
pub const MAX_TITLE: usize = 200;
pub const MAX_BODY: usize = 5000;

const COLUMNS: [&str; 11] = [
    "id",
    "target_type",
    "target_id",
    "display_name",
    "rating",
    "title",
    "body",
    "source",
    "created_at",
    "updated_at",
    "deleted_at",
];

pub(crate) fn rows(conn: &Connection, sql: &str, params: &[SqlV]) -> Vec<Map<String, Value>> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    let mut q = stmt
        .query(rusqlite::params_from_iter(params.iter()))
        .unwrap();
    while let Some(row) = q.next().unwrap() {
        let mut m = Map::new();
        for (i, n) in names.iter().enumerate() {
            let v = match row.get_ref(i).unwrap() {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(x) => json!(x),
                ValueRef::Real(x) => json!(x),
                ValueRef::Text(t) | ValueRef::Blob(t) => json!(String::from_utf8_lossy(t)),
            };
            m.insert(n.clone(), v);
        }
        out.push(m);
    }
    out
}

/// Now, as a JavaScript Worker writes it (`toISOString()`: milliseconds), strictly increasing so
/// "newer" is always decidable.
fn now(st: &mut State) -> String {
    let ms = chrono::Utc::now()
        .timestamp_millis()
        .max(st.clock as i64 + 1);
    st.clock = ms as u64;
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

use mkt::worker::decode::camel_case as camel;

/// A row in the shape's field naming.
pub(crate) fn render(st: &State, row: &Map<String, Value>) -> Value {
    let mut m = Map::new();
    for (k, v) in row {
        let key = if st.shape.camel { camel(k) } else { k.clone() };
        m.insert(key, v.clone());
    }
    Value::Object(m)
}

pub(crate) fn one(st: &State, status: u16, obj: Value) -> Reply {
    let body = match st.shape.object_key {
        Some(k) => json!({ "success": true, k: obj }),
        None => obj,
    };
    Reply::json(status, body)
}

fn find(st: &State, id: &str, include_deleted: bool) -> Option<Map<String, Value>> {
    let sql = format!(
        "SELECT {} FROM reviews WHERE id = ?1{}",
        COLUMNS.join(", "),
        if include_deleted {
            ""
        } else {
            " AND deleted_at IS NULL"
        }
    );
    rows(&st.conn, &sql, &[SqlV::Text(id.into())]).pop()
}

fn q<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn check_type(t: &str) -> Result<(), Reply> {
    if t == "skill" || t == "mcp" {
        Ok(())
    } else {
        Err(Reply::error(400, "type must be skill or mcp", Some("type")))
    }
}

pub(crate) fn list(st: &mut State, query: &[(String, String)]) -> Reply {
    let mut filters = vec!["deleted_at IS NULL".to_string()];
    let mut params = Vec::new();
    if let Some(t) = q(query, "type") {
        if let Err(r) = check_type(t) {
            return r;
        }
        params.push(SqlV::Text(t.into()));
        filters.push(format!("target_type = ?{}", params.len()));
    }
    if let Some(id) = q(query, "id") {
        params.push(SqlV::Text(id.into()));
        filters.push(format!("target_id = ?{}", params.len()));
    }
    let num = |name: &str, default: usize| match q(query, name) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| Reply::error(400, &format!("{name} must be a whole number"), Some(name))),
    };
    let limit = match num("limit", 20) {
        Ok(l) => l.clamp(1, st.max_page),
        Err(r) => return r,
    };
    let offset = match num("offset", 0) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let where_ = filters.join(" AND ");
    let total = rows(
        &st.conn,
        &format!("SELECT COUNT(*) AS n FROM reviews WHERE {where_}"),
        &params,
    )[0]["n"]
        .as_i64()
        .unwrap_or(0);
    let items: Vec<Value> = rows(
        &st.conn,
        &format!(
            "SELECT {} FROM reviews WHERE {where_} ORDER BY updated_at DESC, id LIMIT {limit} OFFSET {offset}",
            COLUMNS.join(", ")
        ),
        &params,
    )
    .iter()
    .map(|r| render(st, r))
    .collect();
    let body = match st.shape.list_key {
        None => Value::Array(items),
        Some(k) => {
            let mut m = Map::new();
            m.insert("success".into(), json!(true));
            m.insert(k.into(), Value::Array(items));
            if st.shape.total {
                let key = if st.shape.camel {
                    "totalCount"
                } else {
                    "total"
                };
                m.insert(key.into(), json!(total));
                m.insert("limit".into(), json!(limit));
                m.insert("offset".into(), json!(offset));
            }
            Value::Object(m)
        }
    };
    Reply::json(200, body)
}

/// By id, soft-deleted reviews included (with their `deleted_at`): lists hide them, lookups do not.
pub(crate) fn get(st: &mut State, id: &str) -> Reply {
    match find(st, id, true) {
        Some(r) => {
            let v = render(st, &r);
            one(st, 200, v)
        }
        None => Reply::error(404, &format!("review {id} not found"), None),
    }
}

/// Field names as the client sent them: snake_case or camelCase.
fn field<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    body.get(name).or_else(|| body.get(&camel(name)))
}

fn text_field(
    body: &Map<String, Value>,
    name: &str,
    max: usize,
    required: bool,
) -> Result<Option<String>, Reply> {
    match field(body, name) {
        None | Some(Value::Null) if required => Err(Reply::error(
            400,
            &format!("{name} is required"),
            Some(name),
        )),
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(raw)) => {
            // Names are trimmed; titles and bodies are stored verbatim.
            let s = if name == "display_name" {
                raw.trim()
            } else {
                raw.as_str()
            };
            if s.trim().is_empty() {
                Err(Reply::error(
                    400,
                    &format!("{name} must not be empty"),
                    Some(name),
                ))
            } else if s.chars().count() > max {
                Err(Reply::error(
                    400,
                    &format!("{name} must be at most {max} characters"),
                    Some(name),
                ))
            } else {
                Ok(Some(s.to_string()))
            }
        }
        Some(_) => Err(Reply::error(
            400,
            &format!("{name} must be a string"),
            Some(name),
        )),
    }
}

fn rating_field(body: &Map<String, Value>, required: bool) -> Result<Option<i64>, Reply> {
    match field(body, "rating") {
        None | Some(Value::Null) if required => {
            Err(Reply::error(400, "rating is required", Some("rating")))
        }
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_i64() {
            Some(r) if (1..=5).contains(&r) => Ok(Some(r)),
            _ => Err(Reply::error(
                400,
                "rating must be an integer between 1 and 5",
                Some("rating"),
            )),
        },
    }
}

/// Every field of a new review, validated as the Worker does.
struct NewReview {
    id: Option<String>,
    target_type: String,
    target_id: String,
    display_name: String,
    rating: i64,
    title: String,
    body: String,
    source: String,
}

fn validate_new(body: &Map<String, Value>) -> Result<NewReview, Reply> {
    let target_type = text_field(body, "target_type", 16, true)?.unwrap();
    check_type(&target_type)
        .map_err(|_| Reply::error(400, "target_type must be skill or mcp", Some("target_type")))?;
    Ok(NewReview {
        id: text_field(body, "id", 200, false)?,
        target_type,
        target_id: text_field(body, "target_id", 200, true)?.unwrap(),
        display_name: text_field(body, "display_name", MAX_DISPLAY_NAME, true)?.unwrap(),
        rating: rating_field(body, true)?.unwrap(),
        title: text_field(body, "title", MAX_TITLE, true)?.unwrap(),
        body: text_field(body, "body", MAX_BODY, true)?.unwrap(),
        source: text_field(body, "source", 200, false)?.unwrap_or_else(|| "signet".into()),
    })
}

fn recompute(st: &mut State, target_type: &str, target_id: &str) {
    let at = now(st);
    st.conn
        .execute(
            "INSERT INTO review_aggregates (target_type, target_id, review_count, avg_rating, updated_at)
             SELECT ?1, ?2, COUNT(*), COALESCE(AVG(rating), 0), ?3 FROM reviews
              WHERE target_type = ?1 AND target_id = ?2 AND deleted_at IS NULL
             ON CONFLICT(target_type, target_id) DO UPDATE SET
               review_count = excluded.review_count, avg_rating = excluded.avg_rating, updated_at = excluded.updated_at",
            rusqlite::params![target_type, target_id, at],
        )
        .unwrap();
}

fn new_id(_st: &mut State) -> String {
    format!("rev_{:016x}", rand::random::<u64>())
}

pub(crate) fn create(st: &mut State, body: &Value) -> Reply {
    let Some(body) = body.as_object() else {
        return Reply::error(400, "body must be a JSON object", None);
    };
    let new = match validate_new(body) {
        Ok(n) => n,
        Err(r) => return r,
    };
    let id = match new.id.clone() {
        Some(id) => {
            if find(st, &id, true).is_some() {
                return Reply::error(409, &format!("review {id} already exists"), Some("id"));
            }
            id
        }
        None => new_id(st),
    };
    let at = now(st);
    st.conn
        .execute(
            "INSERT INTO reviews (id, target_type, target_id, display_name, rating, title, body, source, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            rusqlite::params![id, new.target_type, new.target_id, new.display_name, new.rating, new.title, new.body, new.source, at],
        )
        .unwrap();
    recompute(st, &new.target_type, &new.target_id);
    let row = find(st, &id, true).unwrap();
    let v = render(st, &row);
    one(st, 201, v)
}

pub(crate) fn update(st: &mut State, id: &str, body: &Value) -> Reply {
    let Some(body) = body.as_object() else {
        return Reply::error(400, "body must be a JSON object", None);
    };
    let Some(current) = find(st, id, false) else {
        return Reply::error(404, &format!("review {id} not found"), None);
    };
    const EDITABLE: [&str; 4] = ["display_name", "rating", "title", "body"];
    for k in body.keys() {
        let snake = mkt::worker::decode::snake_case(k);
        if !EDITABLE.contains(&snake.as_str()) {
            return Reply::error(
                400,
                &format!("{k} cannot be changed; editable fields are display_name, rating, title and body"),
                Some(k),
            );
        }
    }
    let mut sets: Vec<(String, SqlV)> = Vec::new();
    for (name, max) in [
        ("display_name", MAX_DISPLAY_NAME),
        ("title", MAX_TITLE),
        ("body", MAX_BODY),
    ] {
        match text_field(body, name, max, false) {
            Ok(Some(v)) => sets.push((name.into(), SqlV::Text(v))),
            Ok(None) => {}
            Err(r) => return r,
        }
    }
    match rating_field(body, false) {
        Ok(Some(r)) => sets.push(("rating".into(), SqlV::Integer(r))),
        Ok(None) => {}
        Err(r) => return r,
    }
    if sets.is_empty() {
        return Reply::error(400, "nothing to change", None);
    }
    let at = now(st);
    sets.push(("updated_at".into(), SqlV::Text(at)));
    let assign: Vec<String> = sets
        .iter()
        .enumerate()
        .map(|(i, (n, _))| format!("{n} = ?{}", i + 2))
        .collect();
    let mut params = vec![SqlV::Text(id.into())];
    params.extend(sets.into_iter().map(|(_, v)| v));
    st.conn
        .execute(
            &format!("UPDATE reviews SET {} WHERE id = ?1", assign.join(", ")),
            rusqlite::params_from_iter(params.iter()),
        )
        .unwrap();
    let (t, tid) = (
        current["target_type"].as_str().unwrap().to_string(),
        current["target_id"].as_str().unwrap().to_string(),
    );
    recompute(st, &t, &tid);
    let row = find(st, id, true).unwrap();
    let v = render(st, &row);
    one(st, 200, v)
}

pub(crate) fn delete(st: &mut State, id: &str) -> Reply {
    let Some(current) = find(st, id, true) else {
        return Reply::error(404, &format!("review {id} not found"), None);
    };
    // Soft delete only (seed 000); deleting twice is not an error.
    if current["deleted_at"].is_null() {
        let at = now(st);
        st.conn
            .execute(
                "UPDATE reviews SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                rusqlite::params![id, at],
            )
            .unwrap();
        let (t, tid) = (
            current["target_type"].as_str().unwrap().to_string(),
            current["target_id"].as_str().unwrap().to_string(),
        );
        recompute(st, &t, &tid);
    }
    Reply::json(200, json!({ "success": true, "id": id, "deleted": true }))
}

pub(crate) fn summary(st: &mut State, query: &[(String, String)]) -> Reply {
    let (Some(t), Some(id)) = (q(query, "type"), q(query, "id")) else {
        return Reply::error(
            400,
            "type and id are required",
            Some(if q(query, "type").is_none() {
                "type"
            } else {
                "id"
            }),
        );
    };
    if let Err(r) = check_type(t) {
        return r;
    }
    let agg = rows(
        &st.conn,
        "SELECT COUNT(*) AS review_count, COALESCE(AVG(rating), 0) AS avg_rating FROM reviews
          WHERE target_type = ?1 AND target_id = ?2 AND deleted_at IS NULL",
        &[SqlV::Text(t.into()), SqlV::Text(id.into())],
    )
    .pop()
    .unwrap();
    let stored_at = rows(
        &st.conn,
        "SELECT updated_at FROM review_aggregates WHERE target_type = ?1 AND target_id = ?2",
        &[SqlV::Text(t.into()), SqlV::Text(id.into())],
    )
    .pop()
    .map(|r| r["updated_at"].clone());
    let mut row = Map::new();
    row.insert("target_type".into(), json!(t));
    row.insert("target_id".into(), json!(id));
    row.insert("review_count".into(), agg["review_count"].clone());
    row.insert(
        "avg_rating".into(),
        json!(agg["avg_rating"].as_f64().unwrap_or(0.0)),
    );
    if let Some(at) = stored_at {
        row.insert("updated_at".into(), at);
    }
    let v = render(st, &row);
    let body = match st.shape.object_key {
        Some(_) => json!({ "success": true, "summary": v }),
        None => v,
    };
    Reply::json(200, body)
}

/// `POST /ingest/signet-reviews`: upsert by id, the newer `updated_at` wins; a review already
/// stored with the same `updated_at` is a duplicate and not written again.
pub(crate) fn ingest(st: &mut State, body: &Value) -> Reply {
    let items = match body {
        Value::Array(a) => a.clone(),
        Value::Object(m) => match m.get("reviews") {
            Some(Value::Array(a)) => a.clone(),
            _ => return Reply::error(400, "body must hold a reviews array", Some("reviews")),
        },
        _ => return Reply::error(400, "body must hold a reviews array", Some("reviews")),
    };
    let (mut accepted, mut duplicates, mut stale) = (0u64, 0u64, 0u64);
    let mut touched = std::collections::BTreeSet::new();
    // One batch, one transaction (a D1 batch is atomic too); a refused item rolls back the rest.
    st.conn.execute_batch("BEGIN").unwrap();
    let reply = ingest_items(
        st,
        &items,
        &mut accepted,
        &mut duplicates,
        &mut stale,
        &mut touched,
    );
    if let Some(r) = reply {
        st.conn.execute_batch("ROLLBACK").unwrap();
        return r;
    }
    for (t, id) in touched {
        recompute(st, &t, &id);
    }
    st.conn.execute_batch("COMMIT").unwrap();
    let mut reply = json!({ "success": true, "accepted": accepted });
    // The richer shapes say more; the seed's own contract is just {success, accepted}.
    if st.shape.list_key.is_some() {
        reply["duplicates"] = json!(duplicates);
        reply["stale"] = json!(stale);
    }
    Reply::json(200, reply)
}

/// The items of one ingest batch; `Some(reply)` refuses the whole batch.
fn ingest_items(
    st: &mut State,
    items: &[Value],
    accepted: &mut u64,
    duplicates: &mut u64,
    stale: &mut u64,
    touched: &mut std::collections::BTreeSet<(String, String)>,
) -> Option<Reply> {
    for (i, item) in items.iter().enumerate() {
        let Some(m) = item.as_object() else {
            return Some(Reply::error(
                400,
                &format!("reviews[{i}] must be an object"),
                Some("reviews"),
            ));
        };
        let new = match validate_new(m) {
            Ok(n) => n,
            Err(r) => return Some(r),
        };
        let Some(id) = new.id.clone() else {
            return Some(Reply::error(
                400,
                &format!("reviews[{i}].id is required for ingest"),
                Some("id"),
            ));
        };
        let ts = |name: &str| field(m, name).and_then(Value::as_str).map(str::to_string);
        let (Some(created_at), Some(updated_at)) = (ts("created_at"), ts("updated_at")) else {
            return Some(Reply::error(
                400,
                &format!("reviews[{i}] needs created_at and updated_at"),
                Some("updated_at"),
            ));
        };
        let deleted_at = ts("deleted_at");
        match find(st, &id, true) {
            Some(cur) => {
                let cur_at = cur["updated_at"].as_str().unwrap_or("").to_string();
                let ms = |s: &str| {
                    chrono::DateTime::parse_from_rfc3339(s)
                        .map(|t| t.timestamp_millis())
                        .unwrap_or(i64::MIN)
                };
                match ms(&updated_at).cmp(&ms(&cur_at)) {
                    std::cmp::Ordering::Equal => {
                        *duplicates += 1;
                        continue;
                    }
                    std::cmp::Ordering::Less => {
                        *stale += 1;
                        continue;
                    }
                    std::cmp::Ordering::Greater => {}
                }
                st.conn
                    .execute(
                        "UPDATE reviews SET target_type=?2, target_id=?3, display_name=?4, rating=?5, title=?6, body=?7, source=?8, created_at=?9, updated_at=?10, deleted_at=?11 WHERE id=?1",
                        rusqlite::params![id, new.target_type, new.target_id, new.display_name, new.rating, new.title, new.body, new.source, created_at, updated_at, deleted_at],
                    )
                    .unwrap();
            }
            None => {
                st.conn
                    .execute(
                        "INSERT INTO reviews (id, target_type, target_id, display_name, rating, title, body, source, created_at, updated_at, deleted_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                        rusqlite::params![id, new.target_type, new.target_id, new.display_name, new.rating, new.title, new.body, new.source, created_at, updated_at, deleted_at],
                    )
                    .unwrap();
            }
        }
        *accepted += 1;
        touched.insert((new.target_type, new.target_id));
    }
    None
}
