//! Discovery: the durable table's columns as the database reports them — SQLite and D1 through
//! `PRAGMA table_info` / `index_list` / `index_info`, PostgreSQL through
//! `information_schema.columns` and `pg_index` — turned into a [`SkillTable`].

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::table::{postgres_type, sqlite_type, Column, MappingError, SkillTable};
use super::Dialect;
use crate::store::{Row, SqlStore, SqlValue, Statement, StoreError};

/// Prisma's default table name for `model Skill`, tried when the default `skills` is absent.
pub const PRISMA_TABLE: &str = "Skill";
pub const DEFAULT_TABLE: &str = "skills";

#[derive(Clone, Debug, thiserror::Error)]
pub enum DiscoverError {
    /// The table does not exist: the durable source is incomplete and repairs refuse.
    #[error("{0}")]
    MissingTable(String),
    /// The table exists but cannot be used as the mapping says.
    #[error("{0}")]
    Unusable(String),
    /// Reading the catalog failed; `crate::error` maps it as the store error it is.
    #[error("{0}")]
    Store(Arc<StoreError>),
}

impl From<StoreError> for DiscoverError {
    fn from(e: StoreError) -> Self {
        DiscoverError::Store(Arc::new(e))
    }
}

impl From<MappingError> for DiscoverError {
    fn from(e: MappingError) -> Self {
        DiscoverError::Unusable(e.0)
    }
}

fn text(row: &Row, col: &str) -> Option<String> {
    match row.get(col) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn int(row: &Row, col: &str) -> i64 {
    match row.get(col) {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        Some(Value::Bool(b)) => *b as i64,
        _ => 0,
    }
}

fn opt_int(row: &Row, col: &str) -> Option<i64> {
    match row.get(col) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
}

/// The values of the enum columns among `columns` (`rows`: their information_schema rows), so a
/// record value outside them is refused before anything is written.
async fn enum_values(
    sql: &dyn SqlStore,
    columns: &mut [Column],
    rows: &[&Row],
) -> Result<(), DiscoverError> {
    let types: Vec<(usize, String, String)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| text(r, "data_type").as_deref() == Some("USER-DEFINED"))
        .filter_map(|(i, r)| Some((i, text(r, "udt_schema")?, text(r, "udt_name")?)))
        .collect();
    if types.is_empty() {
        return Ok(());
    }
    let names: Vec<Value> = types
        .iter()
        .map(|(_, _, t)| Value::String(t.clone()))
        .collect();
    let out = sql
        .query(&Statement::with(
            "SELECT n.nspname::text AS udt_schema, t.typname::text AS udt_name, e.enumlabel::text AS label \
             FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace \
             WHERE t.typname = ANY($1::text::text[]) ORDER BY n.nspname, t.typname, e.enumsortorder",
            vec![SqlValue::from(super::value::pg_array_literal(&names))],
        ))
        .await?;
    for (i, schema, name) in types {
        let labels: Vec<String> = out
            .rows
            .iter()
            .filter(|r| {
                text(r, "udt_schema").as_deref() == Some(schema.as_str())
                    && text(r, "udt_name").as_deref() == Some(name.as_str())
            })
            .filter_map(|r| text(r, "label"))
            .collect();
        if !labels.is_empty() {
            columns[i].enum_values = Some(labels);
        }
    }
    Ok(())
}

fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// What was found, and a note when a fallback name was used.
pub struct Discovered {
    pub table: SkillTable,
    pub note: Option<String>,
}

/// Discovers `table` (or Prisma's `Skill` when `table` is the default `skills` and only that
/// exists) and maps its columns.
pub async fn discover(
    sql: &dyn SqlStore,
    dialect: Dialect,
    table: &str,
    schema: Option<&str>,
    mapping: &BTreeMap<String, String>,
) -> Result<Discovered, DiscoverError> {
    let fallback = (table == DEFAULT_TABLE).then_some(PRISMA_TABLE);
    let found = match dialect {
        Dialect::Sqlite => match sqlite_columns(sql, table).await? {
            Some(c) => Some((table, c)),
            None => match fallback {
                Some(f) => sqlite_columns(sql, f).await?.map(|c| (f, c)),
                None => None,
            },
        },
        Dialect::Postgres => postgres_columns(sql, table, fallback, schema).await?,
    };
    let Some((name, (columns, unique, composite, schema, view))) = found else {
        let also = fallback
            .map(|f| format!(" (nor Prisma's {f:?})"))
            .unwrap_or_default();
        return Err(DiscoverError::MissingTable(match dialect {
            Dialect::Sqlite => format!(
                "the durable table {table}{also} does not exist; create it with `mkt db migrate`"
            ),
            Dialect::Postgres => format!(
                "the durable table {table}{also} does not exist in the PostgreSQL database; its schema belongs to the app's migrations (e.g. `prisma migrate deploy`), or name the table with --durable-table"
            ),
        }));
    };
    let note = (name != table).then(|| {
        format!("durable table: {name:?} (Prisma's default name; there is no table {table})")
    });
    let mut t = SkillTable::build(name, schema, dialect, columns, mapping, &unique)?;
    t.adopt_unique_key(&composite);
    t.view = view;
    Ok(Discovered { table: t, note })
}

/// Columns, single-column unique indexes, multi-column unique keys (each in index order), the
/// schema, and whether it is a view.
type Found = (
    Vec<Column>,
    Vec<String>,
    Vec<Vec<String>>,
    Option<String>,
    bool,
);

async fn sqlite_columns(sql: &dyn SqlStore, table: &str) -> Result<Option<Found>, DiscoverError> {
    let t = quote_literal(table);
    let outs = sql
        .batch_idempotent(&[
            Statement::new(format!("PRAGMA table_info({t})")),
            Statement::new(format!("PRAGMA index_list({t})")),
            Statement::with(
                "SELECT type FROM sqlite_master WHERE name = ? COLLATE NOCASE AND type IN ('table', 'view')",
                vec![SqlValue::from(table)],
            ),
        ])
        .await?;
    let (info, indexes, kind) = match outs.as_slice() {
        [a, b, c] => (&a.rows, &b.rows, &c.rows),
        _ => return Err(StoreError::Decode("PRAGMA table_info returned no result".into()).into()),
    };
    if info.is_empty() {
        return Ok(None);
    }
    let pk_count = info.iter().filter(|r| int(r, "pk") > 0).count();
    let columns: Vec<Column> = info
        .iter()
        .map(|r| {
            let decl = text(r, "type").unwrap_or_default();
            let pk = int(r, "pk") > 0;
            Column {
                name: text(r, "name").unwrap_or_default(),
                ty: sqlite_type(&decl),
                // `INTEGER PRIMARY KEY` is the rowid: SQLite fills it.
                auto: pk && pk_count == 1 && decl.eq_ignore_ascii_case("INTEGER"),
                nullable: int(r, "notnull") == 0,
                default: text(r, "dflt_value"),
                primary_key: pk,
                sql_type: decl,
                ..Default::default()
            }
        })
        .collect();
    let unique: Vec<String> = indexes
        .iter()
        // A primary key's own index (origin `pk`) is known from table_info already.
        .filter(|r| int(r, "unique") == 1 && int(r, "partial") == 0)
        .filter(|r| text(r, "origin").as_deref() != Some("pk"))
        .filter_map(|r| text(r, "name"))
        .collect();
    let mut unique_columns = Vec::new();
    let mut composite: Vec<Vec<String>> = Vec::new();
    // A composite primary key is a unique key too (in key order).
    let mut pk: Vec<(i64, String)> = info
        .iter()
        .filter(|r| int(r, "pk") > 0)
        .filter_map(|r| Some((int(r, "pk"), text(r, "name")?)))
        .collect();
    pk.sort();
    if pk.len() > 1 {
        composite.push(pk.into_iter().map(|(_, n)| n).collect());
    }
    if !unique.is_empty() {
        let stmts: Vec<Statement> = unique
            .iter()
            .map(|i| Statement::new(format!("PRAGMA index_info({})", quote_literal(i))))
            .collect();
        for out in sql.batch_idempotent(&stmts).await? {
            let mut cols: Vec<(i64, Option<String>)> = out
                .rows
                .iter()
                .map(|r| (int(r, "seqno"), text(r, "name")))
                .collect();
            cols.sort_by_key(|(seq, _)| *seq);
            // An expression column has no name: such an index is no key of columns.
            let Some(cols) = cols.into_iter().map(|(_, n)| n).collect::<Option<Vec<_>>>() else {
                continue;
            };
            match cols.as_slice() {
                [only] => unique_columns.push(only.clone()),
                [] => {}
                _ => composite.push(cols),
            }
        }
    }
    let view = kind
        .iter()
        .any(|r| text(r, "type").as_deref() == Some("view"));
    Ok(Some((columns, unique_columns, composite, None, view)))
}

async fn postgres_columns<'a>(
    sql: &dyn SqlStore,
    table: &'a str,
    fallback: Option<&'a str>,
    schema: Option<&str>,
) -> Result<Option<(&'a str, Found)>, DiscoverError> {
    let schema_param = schema.map(SqlValue::from).unwrap_or(SqlValue::Null);
    let out = sql
        .query(&Statement::with(
            "SELECT c.table_name::text AS table_name, c.table_schema::text AS table_schema, \
             c.column_name::text AS name, c.data_type::text AS data_type, \
             c.udt_schema::text AS udt_schema, c.udt_name::text AS udt_name, \
             c.is_nullable::text AS is_nullable, c.column_default::text AS column_default, \
             c.is_identity::text AS is_identity, c.is_generated::text AS is_generated, \
             c.datetime_precision::int8 AS datetime_precision, \
             c.character_maximum_length::int8 AS max_chars, \
             c.numeric_precision::int8 AS numeric_precision, c.numeric_scale::int8 AS numeric_scale, \
             (SELECT t.table_type::text FROM information_schema.tables t \
              WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name) AS table_type \
             FROM information_schema.columns c \
             WHERE c.table_schema = COALESCE($1::text, current_schema()) \
             AND c.table_name IN ($2::text, $3::text) \
             ORDER BY c.table_name, c.ordinal_position",
            vec![
                schema_param,
                SqlValue::from(table),
                SqlValue::from(fallback.unwrap_or(table)),
            ],
        ))
        .await?;
    let pick = if out
        .rows
        .iter()
        .any(|r| text(r, "table_name").as_deref() == Some(table))
    {
        table
    } else if let Some(f) = fallback.filter(|f| {
        out.rows
            .iter()
            .any(|r| text(r, "table_name").as_deref() == Some(*f))
    }) {
        f
    } else {
        return Ok(None);
    };
    let rows: Vec<&Row> = out
        .rows
        .iter()
        .filter(|r| text(r, "table_name").as_deref() == Some(pick))
        .collect();
    let found_schema = rows.first().and_then(|r| text(r, "table_schema"));
    let view = rows
        .first()
        .is_some_and(|r| text(r, "table_type").as_deref() == Some("VIEW"));
    let d = Dialect::Postgres;
    let mut columns: Vec<Column> = rows
        .iter()
        .map(|r| {
            let data_type = text(r, "data_type").unwrap_or_default();
            let udt = text(r, "udt_name").unwrap_or_default();
            let default = text(r, "column_default");
            let cast = match data_type.as_str() {
                "ARRAY" => {
                    let elem = udt.trim_start_matches('_');
                    match elem {
                        "text" => "text[]".to_string(),
                        "varchar" => "character varying[]".to_string(),
                        e => format!("{}[]", d.quote(e)),
                    }
                }
                "USER-DEFINED" => format!(
                    "{}.{}",
                    d.quote(&text(r, "udt_schema").unwrap_or_else(|| "public".into())),
                    d.quote(&udt)
                ),
                other => other.to_string(),
            };
            let sql_type = match (data_type.as_str(), int(r, "datetime_precision")) {
                (t, p) if t.starts_with("timestamp") && p != 6 => {
                    t.replacen("timestamp", &format!("timestamp({p})"), 1)
                }
                ("ARRAY" | "USER-DEFINED", _) => cast.clone(),
                ("character varying" | "character", _) => match opt_int(r, "max_chars") {
                    Some(n) => format!("{data_type}({n})"),
                    None => data_type.clone(),
                },
                ("numeric", _) => {
                    match (opt_int(r, "numeric_precision"), opt_int(r, "numeric_scale")) {
                        (Some(p), Some(s)) => format!("numeric({p},{s})"),
                        _ => data_type.clone(),
                    }
                }
                (t, _) => t.to_string(),
            };
            Column {
                name: text(r, "name").unwrap_or_default(),
                ty: if udt == "citext" {
                    postgres_type("citext", &udt)
                } else {
                    postgres_type(&data_type, &udt)
                },
                nullable: text(r, "is_nullable").as_deref() == Some("YES"),
                auto: text(r, "is_identity").as_deref() == Some("YES")
                    || text(r, "is_generated").as_deref() == Some("ALWAYS")
                    || default
                        .as_deref()
                        .is_some_and(|d| d.starts_with("nextval(")),
                default,
                primary_key: false,
                sql_type,
                cast,
                max_chars: opt_int(r, "max_chars").and_then(|n| usize::try_from(n).ok()),
                enum_values: None,
                spelling: None,
            }
        })
        .collect();
    enum_values(sql, &mut columns, rows.as_slice()).await?;
    let qualified = format!(
        "{}.{}",
        d.quote(found_schema.as_deref().unwrap_or("public")),
        // Always quoted here: to_regclass folds unquoted names to lower case.
        format_args!("\"{}\"", pick.replace('"', "\"\""))
    );
    // Every unique index without a predicate: its key columns in index order, as JSON text (an
    // expression column has no attribute, so such an index lists fewer names than keys).
    let idx = sql
        .query(&Statement::with(
            "SELECT i.indisprimary AS is_primary, i.indnkeyatts::int8 AS keys, \
             array_to_json(ARRAY(SELECT a.attname::text \
               FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
               WHERE k.ord <= i.indnkeyatts ORDER BY k.ord))::text AS columns \
             FROM pg_index i \
             WHERE i.indrelid = to_regclass($1::text) AND i.indisunique AND i.indpred IS NULL \
             ORDER BY i.indexrelid",
            vec![SqlValue::from(qualified)],
        ))
        .await?;
    let mut unique = Vec::new();
    let mut composite = Vec::new();
    for r in &idx.rows {
        let cols: Vec<String> = text(r, "columns")
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        if cols.is_empty() || cols.len() as i64 != int(r, "keys") {
            continue;
        }
        let primary = int(r, "is_primary") == 1;
        match cols.as_slice() {
            [name] => {
                if primary {
                    if let Some(c) = columns.iter_mut().find(|c| &c.name == name) {
                        c.primary_key = true;
                    }
                }
                unique.push(name.clone());
            }
            _ => composite.push(cols),
        }
    }
    Ok(Some((
        pick,
        (columns, unique, composite, found_schema, view),
    )))
}
