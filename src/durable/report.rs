//! What `mkt db schema` shows: the durable table as discovered — every column with its type,
//! nullability, default and the record field it holds; record fields with no column; columns mkt
//! does not know; what mkt fills itself as the app would; why a repair would refuse to write.

use serde::Serialize;

use crate::schema::table::{MappedBy, Role};
use crate::schema::SkillTable;

#[derive(Clone, Debug, Serialize)]
pub struct SchemaColumn {
    pub name: String,
    #[serde(rename = "type")]
    pub sql_type: String,
    pub nullable: bool,
    pub default: Option<String>,
    pub primary_key: bool,
    /// `key`, `field`, `created_at`, `updated_at`, `generated_id` or `unknown`.
    pub role: &'static str,
    /// The record field it holds.
    pub field: Option<String>,
    /// How the field found it: `field` (same name), `snake_case`, `profile`.
    pub mapped_by: Option<MappedBy>,
    /// When the field is compared and written: `always` (seed 001's fields and the profile's
    /// mappings: a record without it stands for the column's default) or `where_held` (only
    /// where a record holds the field; elsewhere the column is left as it is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared: Option<&'static str>,
    /// A PostgreSQL enum's values: a record value outside them is refused before any write.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<String>>,
}

/// A column mkt fills itself, the way the app's client would.
#[derive(Clone, Debug, Serialize)]
pub struct ClientFilled {
    pub column: String,
    pub how: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SchemaReport {
    pub schema_version: &'static str,
    /// `local`, `cloudflare`, `postgresql`, …: where the table was read.
    pub store: String,
    pub store_description: String,
    pub dialect: &'static str,
    pub table: String,
    pub schema: Option<String>,
    /// `table` or `view` (read, never written).
    pub kind: &'static str,
    /// Set when a fallback name was used (Prisma's `Skill`).
    pub note: Option<String>,
    pub key: String,
    pub key_unique: bool,
    /// The unique key rows are upserted on (`[key]`, or a composite such as
    /// `ownerSlug, repoSlug, skillSlug`); empty when there is none.
    pub unique_key: Vec<String>,
    pub columns: Vec<SchemaColumn>,
    /// Record fields the table has no column for — seed 001's, and those the sampled KV records
    /// hold: never compared, never written, never changed.
    pub fields_without_column: Vec<String>,
    /// KV records whose fields were sampled for `fields_without_column`.
    pub records_sampled: usize,
    /// Columns that hold no record field (surrogate ids, columns the database fills itself):
    /// left as they are on update, their defaults on insert.
    pub unknown_columns: Vec<String>,
    pub client_filled: Vec<ClientFilled>,
    /// Why a repair that writes rows would refuse (exit 5), if it would.
    pub write_refusal: Option<String>,
    pub requests: u64,
}

impl SchemaReport {
    pub fn new(
        t: &SkillTable,
        store: &str,
        description: &str,
        note: Option<String>,
        requests: u64,
    ) -> Self {
        let columns = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let held = t.fields.iter().find(|f| f.column == c.name);
                let (role, mapped_by) = match &t.roles[i] {
                    Role::Key => ("key", None),
                    Role::Field { .. } => ("field", held.map(|f| f.mapped_by)),
                    Role::CreatedAt => ("created_at", None),
                    Role::UpdatedAt => ("updated_at", None),
                    Role::GeneratedId => ("generated_id", None),
                    Role::KeyPart { .. } => ("key_part", None),
                    Role::Fill { .. } => ("filled_from_record", None),
                    Role::Unknown => ("unknown", None),
                };
                let compared = held.map(|f| if f.always { "always" } else { "where_held" });
                SchemaColumn {
                    name: c.name.clone(),
                    sql_type: c.sql_type.clone(),
                    nullable: c.nullable,
                    default: c.default.clone(),
                    primary_key: c.primary_key,
                    role,
                    field: t.field_of(i),
                    mapped_by,
                    compared,
                    enum_values: c.enum_values.clone(),
                }
            })
            .collect();
        let mut client_filled = Vec::new();
        if let Some(c) = &t.created {
            client_filled.push(ClientFilled {
                column: c.clone(),
                how: "on insert: the record's createdAt, else now; never changed after".into(),
            });
        }
        if let Some(c) = &t.updated {
            client_filled.push(ClientFilled {
                column: c.clone(),
                how: "on every write: the record's updatedAt, else now (Prisma @updatedAt)".into(),
            });
        }
        for (i, c) in t.columns.iter().enumerate() {
            match &t.roles[i] {
                Role::KeyPart { field, position } => client_filled.push(ClientFilled {
                    column: c.name.clone(),
                    how: format!(
                        "on insert: the record's {field}, else part {} of the slug (a/b/c); part of the unique key, never changed after",
                        position + 1
                    ),
                }),
                Role::Fill { field } => client_filled.push(ClientFilled {
                    column: c.name.clone(),
                    how: format!(
                        "NOT NULL without a default: the record's {field}; a new row without it is refused"
                    ),
                }),
                _ => {}
            }
        }
        if let Some(c) = &t.generated_id {
            client_filled.push(ClientFilled {
                column: c.clone(),
                how: "on insert: a new collision-free cuid (Prisma @default(cuid())); an existing row keeps its id".into(),
            });
        }
        SchemaReport {
            schema_version: crate::output::SCHEMA_VERSION,
            store: store.into(),
            store_description: description.into(),
            dialect: t.dialect.as_str(),
            table: t.table.clone(),
            schema: t.schema.clone(),
            kind: if t.view { "view" } else { "table" },
            note,
            key: t.key.clone(),
            key_unique: t.key_unique,
            unique_key: t.conflict.clone(),
            columns,
            fields_without_column: t.unmapped_fields.clone(),
            records_sampled: 0,
            unknown_columns: t.unknown_columns(),
            client_filled,
            write_refusal: t.write_refusal(),
            requests,
        }
    }
}

impl SchemaReport {
    /// Adds the fields `records` hold that have no column (the identity and bookkeeping fields
    /// aside) to `fields_without_column`.
    pub fn add_record_fields<'r>(
        &mut self,
        t: &SkillTable,
        records: impl Iterator<Item = &'r serde_json::Map<String, serde_json::Value>>,
    ) {
        use crate::schema::table::{CREATED_FIELD, KEY_FIELD, UPDATED_FIELD};
        let mut seen: std::collections::BTreeSet<String> =
            self.fields_without_column.iter().cloned().collect();
        for rec in records {
            self.records_sampled += 1;
            for (k, _) in rec {
                let held = t.fields.iter().any(|f| f.field == *k || f.column == *k);
                let bookkeeping =
                    [KEY_FIELD, CREATED_FIELD, UPDATED_FIELD, "slug"].contains(&k.as_str());
                if !held && !bookkeeping {
                    seen.insert(k.clone());
                }
            }
        }
        self.fields_without_column = seen.into_iter().collect();
    }
}

/// Up to `n` KV records from the start of the skill prefix, for [`SchemaReport::add_record_fields`]
/// (one listing page and one bulk read).
pub async fn sample_records(
    store: &crate::store::Store,
    layout: &crate::config::Layout,
    n: usize,
) -> crate::store::StoreResult<Vec<serde_json::Map<String, serde_json::Value>>> {
    let page = store
        .kv
        .list_page(
            &layout.skill_prefix,
            None,
            n.clamp(10, crate::store::LIST_PAGE_MAX),
        )
        .await?;
    let keys: Vec<String> = page
        .keys
        .into_iter()
        .map(|k| k.name)
        .filter(|k| crate::model::slug_from_key(k, &layout.skill_prefix).is_some())
        .take(n)
        .collect();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    Ok(store
        .kv
        .get_many(&keys)
        .await?
        .into_values()
        .flatten()
        .filter_map(|t| crate::model::parse_record(t.as_bytes()).ok())
        .collect())
}
