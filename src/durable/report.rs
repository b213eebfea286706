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
    /// Known record fields the table has no column for: never compared, never written.
    pub fields_without_column: Vec<String>,
    /// Columns mkt does not know: left as they are on update, their defaults on insert.
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
                let (role, mapped_by) = match &t.roles[i] {
                    Role::Key => ("key", None),
                    Role::Field { .. } => (
                        "field",
                        t.fields
                            .iter()
                            .find(|f| f.column == c.name)
                            .map(|f| f.mapped_by),
                    ),
                    Role::CreatedAt => ("created_at", None),
                    Role::UpdatedAt => ("updated_at", None),
                    Role::GeneratedId => ("generated_id", None),
                    Role::KeyPart { .. } => ("key_part", None),
                    Role::Fill { .. } => ("filled_from_record", None),
                    Role::Unknown => ("unknown", None),
                };
                SchemaColumn {
                    name: c.name.clone(),
                    sql_type: c.sql_type.clone(),
                    nullable: c.nullable,
                    default: c.default.clone(),
                    primary_key: c.primary_key,
                    role,
                    field: t.field_of(i),
                    mapped_by,
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
            unknown_columns: t.unknown_columns(),
            client_filled,
            write_refusal: t.write_refusal(),
            requests,
        }
    }
}
