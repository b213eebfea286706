//! The one builder of durable-table SQL: keyset pages, key IN-lists and multi-row upserts, in
//! either dialect and within its limits (D1: ≤ 100 bound parameters and ≤ 100 KB per statement;
//! PostgreSQL: ≤ 65,535 parameters). Only columns the table has are named.

use serde_json::Value;

use super::table::{ColumnType, Role, SkillTable};
use super::value::pg_array_literal;
use super::Dialect;
use crate::store::{Row, SqlValue, Statement};

/// PostgreSQL types the PostgreSQL store decodes itself; other columns are read as text.
const PG_NATIVE: &[&str] = &[
    "text",
    "character varying",
    "character",
    "double precision",
    "real",
    "integer",
    "bigint",
    "smallint",
    "boolean",
    "json",
    "jsonb",
    "text[]",
    "character varying[]",
    "timestamp without time zone",
    "timestamp with time zone",
    "date",
];

/// One multi-row upsert and the keys it writes (for the journal).
#[derive(Clone, Debug, PartialEq)]
pub struct Upsert {
    pub stmt: Statement,
    pub keys: Vec<String>,
}

/// A bound parameter as SQL: `?`, or `$n::text::TYPE` on PostgreSQL, where every parameter is
/// sent as text and cast to the column's type (so `text[]`, `jsonb`, enums and timestamps work).
fn placeholder(t: &SkillTable, n: usize, column: &str) -> String {
    match t.dialect {
        Dialect::Sqlite => "?".into(),
        Dialect::Postgres => {
            let cast = t.column(column).map(|c| c.cast.as_str()).unwrap_or("text");
            format!("${n}::text::{cast}")
        }
    }
}

/// A column in a SELECT list: bare, or `"col"::text AS "col"` for PostgreSQL types the store does
/// not decode (numeric, uuid, enums).
fn select_item(t: &SkillTable, column: &str) -> String {
    let q = t.dialect.quote(column);
    match (t.dialect, t.column(column)) {
        (Dialect::Postgres, Some(c)) if !PG_NATIVE.contains(&c.cast.as_str()) => {
            format!("{q}::text AS {q}")
        }
        _ => q,
    }
}

/// The columns a read needs: the key, every mapped field and the timestamps.
pub fn read_columns(t: &SkillTable) -> Vec<String> {
    t.columns
        .iter()
        .zip(&t.roles)
        .filter(|(_, r)| !matches!(r, Role::Unknown | Role::GeneratedId))
        .map(|(c, _)| c.name.clone())
        .collect()
}

fn select_list(t: &SkillTable, whole_rows: bool) -> String {
    if whole_rows {
        read_columns(t)
            .iter()
            .map(|c| select_item(t, c))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        select_item(t, &t.key)
    }
}

/// One keyset page: rows with a key after `after`, in key order. `prefix` limits the keys.
pub fn page(
    t: &SkillTable,
    whole_rows: bool,
    after: &str,
    prefix: &str,
    limit: usize,
) -> Statement {
    let key = t.dialect.quote(&t.key);
    let mut params = vec![SqlValue::from(after)];
    let mut filter = format!("{key} > {}", param_text(t.dialect, 1));
    if !prefix.is_empty() {
        filter.push_str(&format!(
            " AND substr({key}, 1, length({})) = {}",
            param_text(t.dialect, 2),
            param_text(t.dialect, 3)
        ));
        params.push(prefix.into());
        params.push(prefix.into());
    }
    Statement::with(
        format!(
            "SELECT {} FROM {} WHERE {filter} ORDER BY {key} LIMIT {limit}",
            select_list(t, whole_rows),
            t.qualified()
        ),
        params,
    )
}

fn param_text(d: Dialect, n: usize) -> String {
    match d {
        Dialect::Sqlite => "?".into(),
        Dialect::Postgres => format!("${n}::text"),
    }
}

/// `SELECT` of every column (mapped or not) `WHERE key IN (…)` for `keys`: whole rows, for a
/// run's backup and its undo.
pub fn select_full(t: &SkillTable, keys: &[String]) -> Vec<Statement> {
    let all = t
        .columns
        .iter()
        .map(|c| select_item(t, &c.name))
        .collect::<Vec<_>>()
        .join(", ");
    select_in(t, &all, keys)
}

/// `SELECT … WHERE key IN (…)` for `keys`, as many statements as the parameter limit needs.
pub fn select_keys(t: &SkillTable, keys: &[String]) -> Vec<Statement> {
    select_in(t, &select_list(t, true), keys)
}

fn select_in(t: &SkillTable, list: &str, keys: &[String]) -> Vec<Statement> {
    let per = t.dialect.max_params().min(1000);
    keys.chunks(per)
        .map(|chunk| {
            let params: Vec<String> = (1..=chunk.len())
                .map(|n| param_text(t.dialect, n))
                .collect();
            Statement::with(
                format!(
                    "SELECT {list} FROM {} WHERE {} IN ({})",
                    t.qualified(),
                    t.dialect.quote(&t.key),
                    params.join(", ")
                ),
                chunk.iter().map(|k| SqlValue::from(k.as_str())).collect(),
            )
        })
        .collect()
}

/// A row value as a bound parameter for `column`.
fn param(t: &SkillTable, column: &str, v: &Value) -> SqlValue {
    let ty = t.column(column).map(|c| c.ty).unwrap_or(ColumnType::Text);
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => match t.dialect {
            Dialect::Sqlite => SqlValue::Integer(*b as i64),
            Dialect::Postgres => SqlValue::Text(b.to_string()),
        },
        Value::Number(n) => n
            .as_i64()
            .map(SqlValue::Integer)
            .unwrap_or_else(|| SqlValue::Real(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => SqlValue::Text(s.clone()),
        Value::Array(items) if t.dialect == Dialect::Postgres && ty == ColumnType::TextArray => {
            SqlValue::Text(pg_array_literal(items))
        }
        other => SqlValue::Text(other.to_string()),
    }
}

/// Multi-row `INSERT … ON CONFLICT(unique key) DO UPDATE` statements, on the table's real unique
/// key (the slug column, or a composite such as `ownerSlug, repoSlug, skillSlug`). A row holds the
/// columns to write; a column absent from a row is left out of its statement (its default on
/// insert, its value kept on update), so rows are grouped by the columns they hold. The key and
/// its parts, `createdAt` and a generated id are never changed on update. Each statement stays
/// within the dialect's limits.
pub fn upserts(t: &SkillTable, rows: &[Row]) -> Vec<Upsert> {
    let d = t.dialect;
    // Groups of rows with the same columns, in order of first appearance.
    let mut groups: Vec<(Vec<String>, Vec<&Row>)> = Vec::new();
    for row in rows {
        let cols: Vec<String> = t
            .columns
            .iter()
            .filter(|c| row.contains_key(&c.name))
            .map(|c| c.name.clone())
            .collect();
        match groups.iter_mut().find(|(c, _)| *c == cols) {
            Some((_, rs)) => rs.push(row),
            None => groups.push((cols, vec![row])),
        }
    }
    let budget = d.max_statement_bytes().saturating_sub(1_000);
    let mut out = Vec::new();
    for (cols, rows) in groups {
        let per_row = cols.len();
        let keep = |c: &String| {
            let role = t
                .columns
                .iter()
                .position(|x| x.name == *c)
                .map(|i| &t.roles[i]);
            !matches!(
                role,
                Some(Role::Key | Role::KeyPart { .. } | Role::CreatedAt | Role::GeneratedId)
            ) && !t.conflict.contains(c)
        };
        let updates: Vec<String> = cols
            .iter()
            .filter(|c| keep(c))
            .map(|c| {
                let q = d.quote(c);
                format!("{q} = excluded.{q}")
            })
            .collect();
        let head = format!(
            "INSERT INTO {} ({}) VALUES ",
            t.qualified(),
            cols.iter()
                .map(|c| d.quote(c))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let conflict = if t.conflict.is_empty() {
            std::slice::from_ref(&t.key)
        } else {
            t.conflict.as_slice()
        };
        let key = conflict
            .iter()
            .map(|c| d.quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let tail = if updates.is_empty() {
            format!(" ON CONFLICT({key}) DO NOTHING")
        } else {
            format!(" ON CONFLICT({key}) DO UPDATE SET {}", updates.join(", "))
        };
        let mut params: Vec<SqlValue> = Vec::new();
        let mut tuples: Vec<String> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut bytes = head.len() + tail.len();
        let flush = |params: &mut Vec<SqlValue>,
                     tuples: &mut Vec<String>,
                     keys: &mut Vec<String>,
                     out: &mut Vec<Upsert>| {
            if !tuples.is_empty() {
                out.push(Upsert {
                    stmt: Statement::with(
                        format!("{head}{}{tail}", tuples.join(", ")),
                        std::mem::take(params),
                    ),
                    keys: std::mem::take(keys),
                });
                tuples.clear();
            }
        };
        for row in rows {
            let vals: Vec<SqlValue> = cols
                .iter()
                .map(|c| param(t, c, row.get(c).unwrap_or(&Value::Null)))
                .collect();
            let row_bytes = 4 * per_row + 16 + vals.iter().map(SqlValue::size).sum::<usize>();
            if !tuples.is_empty()
                && (params.len() + per_row > d.max_params() || bytes + row_bytes > budget)
            {
                flush(&mut params, &mut tuples, &mut keys, &mut out);
                bytes = head.len() + tail.len();
            }
            let first = params.len();
            let tuple: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| placeholder(t, first + i + 1, c))
                .collect();
            tuples.push(format!("({})", tuple.join(", ")));
            bytes += row_bytes + tuples.last().map_or(0, String::len);
            params.extend(vals);
            keys.push(
                row.get(&t.key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        flush(&mut params, &mut tuples, &mut keys, &mut out);
    }
    out
}

/// `DELETE FROM table WHERE key IN (…)` in chunks within the parameter limit.
pub fn deletes(t: &SkillTable, keys: &[String]) -> Vec<Statement> {
    keys.chunks(t.dialect.max_params().min(1000))
        .map(|chunk| {
            let list: Vec<String> = (1..=chunk.len())
                .map(|n| param_text(t.dialect, n))
                .collect();
            Statement::with(
                format!(
                    "DELETE FROM {} WHERE {} IN ({})",
                    t.qualified(),
                    t.dialect.quote(&t.key),
                    list.join(", ")
                ),
                chunk.iter().map(|k| SqlValue::from(k.as_str())).collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqlLimits;
    const MAX_BOUND_PARAMS: usize = SqlLimits::D1.params;
    const MAX_STATEMENT_BYTES: usize = SqlLimits::D1.statement_bytes;
    use serde_json::json;

    fn row(name: &str, extra: &[(&str, Value)]) -> Row {
        let mut r = Row::new();
        r.insert("name".into(), json!(name));
        for (k, v) in extra {
            r.insert((*k).into(), v.clone());
        }
        r
    }

    #[test]
    fn upserts_group_by_columns_and_stay_within_d1_limits() {
        let t = SkillTable::migrated("skills");
        let mut rows: Vec<Row> = (0..300)
            .map(|i| {
                row(
                    &format!("s{i}"),
                    &[("display_name", json!("x")), ("created_at", json!("t"))],
                )
            })
            .collect();
        rows.push(row("odd", &[("labels", json!("[]"))]));
        let ups = upserts(&t, &rows);
        let keys: Vec<&String> = ups.iter().flat_map(|u| &u.keys).collect();
        assert_eq!(keys.len(), 301);
        for u in &ups {
            assert!(u.stmt.params.len() <= MAX_BOUND_PARAMS);
            assert!(u.stmt.sql.len() <= MAX_STATEMENT_BYTES);
            assert_eq!(u.stmt.sql.matches('?').count(), u.stmt.params.len());
            assert!(!u.stmt.sql.contains("created_at = excluded"));
        }
        assert!(ups
            .last()
            .unwrap()
            .stmt
            .sql
            .starts_with("INSERT INTO skills (name, labels)"));
    }

    #[test]
    fn postgres_upserts_use_numbered_casts_within_65535_parameters() {
        use crate::schema::table::{postgres_type, Column};
        let col = |name: &str, data_type: &str, cast: &str, nullable: bool| Column {
            name: name.into(),
            sql_type: data_type.into(),
            ty: postgres_type(data_type, if data_type == "ARRAY" { "_text" } else { "" }),
            nullable,
            default: None,
            primary_key: false,
            auto: false,
            cast: cast.into(),
            ..Default::default()
        };
        let cols = vec![
            col("id", "text", "text", false),
            col("name", "text", "text", false),
            col("displayName", "text", "text", true),
            col("labels", "ARRAY", "text[]", true),
            col("certScore", "double precision", "double precision", true),
            col(
                "updatedAt",
                "timestamp without time zone",
                "timestamp without time zone",
                false,
            ),
        ];
        let t = SkillTable::build(
            "Skill",
            Some("public".into()),
            Dialect::Postgres,
            cols,
            &Default::default(),
            &["name".into()],
        )
        .unwrap();
        let rows: Vec<Row> = (0..30_000)
            .map(|i| {
                row(
                    &format!("s{i}"),
                    &[
                        ("id", json!(format!("c{i}"))),
                        ("displayName", json!("x")),
                        ("labels", json!(["a", "b\"c"])),
                        ("certScore", json!(90.4)),
                        ("updatedAt", json!("2026-01-01T00:00:00.000Z")),
                    ],
                )
            })
            .collect();
        let ups = upserts(&t, &rows);
        assert_eq!(ups.iter().map(|u| u.keys.len()).sum::<usize>(), 30_000);
        assert!(ups.len() >= 3);
        for u in &ups {
            assert!(u.stmt.params.len() <= 65_535);
            assert!(u
                .stmt
                .sql
                .contains(&format!("${}::text::double precision", 5)));
            assert!(u.stmt.sql.contains(
                r#"ON CONFLICT(name) DO UPDATE SET "displayName" = excluded."displayName""#
            ));
            assert!(
                !u.stmt.sql.contains("id = excluded"),
                "an existing id is never changed"
            );
        }
        assert_eq!(
            ups[0].stmt.params[3],
            SqlValue::Text(r#"{"a","b\"c"}"#.into())
        );
    }
}
