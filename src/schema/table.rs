//! `SkillTable`: the durable skills table as it was found — its columns with types, nullability
//! and defaults, the key column, and which record field each column holds. Built by `discover`
//! from what the database says; pure, so it is tested without a database.
//!
//! A record field maps to a column named like the field (`displayName`, Prisma's naming), like its
//! snake_case form (`display_name`, `mkt db migrate`'s naming), or as the profile's
//! `[profiles.NAME.durable_columns]` says (`certScore = "score"`). Only mapped fields are compared
//! or written; columns mkt does not know are never written (they keep their values on update and
//! get their defaults on insert).

use std::collections::BTreeMap;

use serde::Serialize;

use super::dialect::Dialect;

/// What a column's declared type stores, as far as comparing and writing values goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    #[default]
    Text,
    Real,
    Integer,
    Boolean,
    /// PostgreSQL `json`/`jsonb` (SQLite `JSON` is text).
    Json,
    /// PostgreSQL `text[]` (and other arrays of text).
    TextArray,
    /// A typed timestamp or date (PostgreSQL `timestamp(3)`, `timestamptz`; SQLite `DATETIME`).
    Timestamp,
    /// Anything else (blobs, uuid, enums): compared and written as text.
    Other,
}

/// What a record field means, so values compare by meaning, not by spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    Text,
    Number,
    /// A JSON array (labels): a KV array equals JSON text, `text[]` or `jsonb` holding it.
    List,
    Json,
    /// A point in time: equal when both denote the same instant (to the millisecond).
    Instant,
    Bool,
}

/// The record fields of seed 001's skill model mkt knows, with what each means.
pub const KNOWN_FIELDS: &[(&str, Meaning)] = &[
    ("displayName", Meaning::Text),
    ("description", Meaning::Text),
    ("author", Meaning::Text),
    ("repoUrl", Meaning::Text),
    ("category", Meaning::Text),
    ("currentVersion", Meaning::Text),
    ("certTier", Meaning::Text),
    ("certMethod", Meaning::Text),
    ("certScore", Meaning::Number),
    ("certifiedAt", Meaning::Instant),
    ("labels", Meaning::List),
    ("trendingScore7d", Meaning::Number),
    ("trendingScore30d", Meaning::Number),
];

/// The record field that is the key (the slug).
pub const KEY_FIELD: &str = "name";
/// Bookkeeping fields: kept by the writer, never compared.
pub const CREATED_FIELD: &str = "createdAt";
pub const UPDATED_FIELD: &str = "updatedAt";

/// One column as the database describes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Column {
    pub name: String,
    /// The declared type as the database spells it (`TEXT`, `double precision`, `text[]`).
    pub sql_type: String,
    #[serde(rename = "kind")]
    pub ty: ColumnType,
    pub nullable: bool,
    /// The default expression, as the database spells it.
    pub default: Option<String>,
    pub primary_key: bool,
    /// The database fills it itself (SQLite `INTEGER PRIMARY KEY`, identity, serial, generated).
    pub auto: bool,
    /// PostgreSQL: the type a text parameter is cast to when writing it (`double precision`).
    #[serde(skip)]
    pub cast: String,
    /// PostgreSQL `character varying(n)` / `character(n)`: the most characters it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<usize>,
    /// PostgreSQL enum: the values it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<String>>,
    /// How the rows already there spell this column's values, when not as mkt would (read from
    /// the rows, not the schema): writes keep that spelling so the app still reads them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spelling: Option<Spelling>,
}

/// A spelling of values other software uses in an SQLite column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Spelling {
    /// A list as comma-separated text (`a,b`), not JSON text.
    CommaList,
    /// A time as epoch milliseconds (Prisma's SQLite `DateTime`), not ISO text.
    EpochMillis,
    /// A time as epoch seconds (`DEFAULT (unixepoch())`, `strftime('%s')`), not ISO text.
    EpochSeconds,
    /// A time as SQLite's `CURRENT_TIMESTAMP` / `datetime('now')` text, `2026-01-01 01:50:00`
    /// (UTC), so the app's text comparisons and `ORDER BY` still sort it among its own.
    SqlDatetime,
}

impl Column {
    /// `v` (in mkt's form for this column) in the spelling the column's rows use.
    pub fn respell(&self, v: serde_json::Value) -> serde_json::Value {
        match self.spelling {
            Some(Spelling::CommaList) => super::value::comma_text(&v)
                .map(serde_json::Value::String)
                .unwrap_or(v),
            Some(Spelling::EpochMillis) => super::value::instant_of(&v)
                .map(|t| serde_json::Value::from(t.timestamp_millis()))
                .unwrap_or(v),
            Some(Spelling::EpochSeconds) => super::value::instant_of(&v)
                .map(|t| serde_json::Value::from(t.timestamp()))
                .unwrap_or(v),
            Some(Spelling::SqlDatetime) => super::value::instant_of(&v)
                .map(|t| serde_json::Value::String(super::value::sql_datetime(t)))
                .unwrap_or(v),
            None => v,
        }
    }

    /// Why this column cannot hold `v` (a value already in the column's form), if it cannot:
    /// the checks PostgreSQL would fail a write on, made before anything is written.
    pub fn cannot_hold(&self, v: &serde_json::Value) -> Option<String> {
        let serde_json::Value::String(s) = v else {
            return None;
        };
        if let Some(n) = self.max_chars.filter(|n| s.chars().count() > *n) {
            return Some(format!(
                "{} characters long; the column holds at most {n}",
                s.chars().count()
            ));
        }
        match &self.enum_values {
            Some(values) if !values.contains(s) => Some(format!(
                "{v}, which is not one of the enum's values ({})",
                values.join(", ")
            )),
            _ => None,
        }
    }
}

/// How a field found its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MappedBy {
    /// The column has the field's own (camelCase) name.
    Field,
    /// The column has the field's snake_case name.
    SnakeCase,
    /// `[profiles.NAME.durable_columns]`.
    Profile,
}

/// What mkt does with a column.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "role")]
pub enum Role {
    /// The slug (`name`): the upsert key.
    Key,
    /// Holds a record field: compared and written.
    Field { field: String, meaning: Meaning },
    /// `createdAt`: written on insert (the record's, else now), never changed, never compared.
    CreatedAt,
    /// `updatedAt`: written with every row (the record's, else now), never compared.
    UpdatedAt,
    /// A text `id` the app fills in its client (Prisma `@default(cuid())`): a new id on insert,
    /// never changed on update.
    GeneratedId,
    /// A column of the table's unique key beside the slug (`ownerSlug` of `(ownerSlug, repoSlug,
    /// skillSlug)`): on insert the record's same-named `field`, else the slug's part in that
    /// position (`owner/repo/skill`); never changed on update, never compared (the slug is).
    KeyPart { field: String, position: usize },
    /// A `NOT NULL` column without a default that mkt knows nothing else about: written from the
    /// record's same-named `field` when it has one (a new row without it is refused, naming the
    /// column and the field); never compared.
    Fill { field: String },
    /// Not known to mkt: left alone.
    Unknown,
}

/// One mapped record field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldColumn {
    pub field: String,
    pub column: String,
    pub meaning: Meaning,
    pub ty: ColumnType,
    pub mapped_by: MappedBy,
    /// Compared and written even where a record leaves the field out (it then stands for the
    /// column's default): seed 001's fields and the profile's mappings. Any other field with a
    /// column is compared and written only where a record holds it.
    pub always: bool,
    /// How the store's KV records spell this field's values, learnt from them
    /// ([`SkillTable::with_record_spellings`]): a value rebuilt from a row is typed back so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spelled: Option<super::value::RecordSpelling>,
}

impl FieldColumn {
    /// The field's name and value in `rec`: under its own name, else under the column's name (a
    /// record spelling the field `trust_tier` for a column `trust_tier`).
    pub fn in_record<'r>(
        &self,
        rec: &'r serde_json::Map<String, serde_json::Value>,
    ) -> Option<(&'r str, &'r serde_json::Value)> {
        rec.get_key_value(&self.field)
            .or_else(|| rec.get_key_value(&self.column))
            .map(|(k, v)| (k.as_str(), v))
    }

    /// The name a record uses for this field: its own, unless the record spells it as the column.
    pub fn name_in<'a>(&'a self, rec: &serde_json::Map<String, serde_json::Value>) -> &'a str {
        if !rec.contains_key(&self.field) && rec.contains_key(&self.column) {
            &self.column
        } else {
            &self.field
        }
    }
}

/// The durable skills table as discovered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkillTable {
    /// The table name as found (`skills`, Prisma's `Skill`).
    pub table: String,
    /// PostgreSQL schema (`public`); none on SQLite.
    pub schema: Option<String>,
    pub dialect: Dialect,
    pub columns: Vec<Column>,
    /// Parallel to `columns`.
    pub roles: Vec<Role>,
    pub key: String,
    /// Rows can be upserted: the key column has a unique index, or `conflict` names a composite
    /// unique key.
    pub key_unique: bool,
    /// The unique key an upsert conflicts on: `[key]`, or the composite unique index that
    /// replaced it (`ownerSlug, repoSlug, skillSlug`). Empty when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflict: Vec<String>,
    /// It is a view, not a table: read, never written.
    pub view: bool,
    /// Compared and written fields, in column order.
    pub fields: Vec<FieldColumn>,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub generated_id: Option<String>,
    /// Known record fields this table has no column for: never compared, never written, never
    /// changed in a KV record.
    pub unmapped_fields: Vec<String>,
    /// `NOT NULL` columns without a default that mkt cannot fill: inserts refuse.
    pub unfillable: Vec<String>,
}

/// The snake_case form of a camelCase field: `trendingScore7d` → `trending_score_7d`.
pub fn snake_case(field: &str) -> String {
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in field.chars() {
        match prev {
            Some(p) if c.is_ascii_uppercase() && !p.is_ascii_uppercase() && p != '_' => {
                out.push('_')
            }
            Some(p) if c.is_ascii_digit() && p.is_ascii_alphabetic() => out.push('_'),
            _ => {}
        }
        out.push(c.to_ascii_lowercase());
        prev = Some(c);
    }
    out
}

/// The record field a column of that name holds when mkt maps nothing to it: the column's own
/// name (Prisma's `legacySlug`), or the camelCase of a snake_case name (`legacy_slug`). `None`
/// for names no record field could have (spaces, a leading digit).
pub fn record_field_of(column: &str) -> Option<String> {
    let ok = column
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && column
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        return None;
    }
    if !column.contains('_') || column.chars().any(|c| c.is_ascii_uppercase()) {
        return Some(column.to_string());
    }
    let mut out = String::new();
    let mut upper = false;
    for c in column.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

fn known_meaning(field: &str) -> Option<Meaning> {
    KNOWN_FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, m)| *m)
}

/// What a field held in a column of this type means, when mkt does not know the field.
fn meaning_of_type(ty: ColumnType) -> Meaning {
    match ty {
        ColumnType::Real | ColumnType::Integer => Meaning::Number,
        ColumnType::Boolean => Meaning::Bool,
        ColumnType::Json => Meaning::Json,
        ColumnType::TextArray => Meaning::List,
        ColumnType::Timestamp => Meaning::Instant,
        ColumnType::Text | ColumnType::Other => Meaning::Text,
    }
}

/// A field's meaning in a column: the column's type decides for arrays and JSON, the field for the rest.
pub fn meaning(field: &str, ty: ColumnType) -> Meaning {
    match (ty, known_meaning(field)) {
        (ColumnType::TextArray, _) => Meaning::List,
        (ColumnType::Json, Some(Meaning::List)) => Meaning::List,
        (ColumnType::Json, _) => Meaning::Json,
        (_, Some(m)) => m,
        (ty, None) => meaning_of_type(ty),
    }
}

/// The column type of a SQLite declared type, by SQLite's affinity rules (plus dates and JSON).
pub fn sqlite_type(decl: &str) -> ColumnType {
    let t = decl.to_ascii_uppercase();
    if t.contains("INT") {
        ColumnType::Integer
    } else if t.contains("BOOL") {
        ColumnType::Boolean
    } else if t.contains("DATE") || t.contains("TIME") {
        ColumnType::Timestamp
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") || t.contains("JSON") {
        ColumnType::Text
    } else if t.contains("REAL")
        || t.contains("FLOA")
        || t.contains("DOUB")
        || t.contains("NUM")
        || t.contains("DEC")
    {
        ColumnType::Real
    } else {
        ColumnType::Other
    }
}

/// The column type of a PostgreSQL `information_schema.columns.data_type` (and `udt_name`).
pub fn postgres_type(data_type: &str, udt_name: &str) -> ColumnType {
    match data_type {
        "text" | "character varying" | "character" | "name" | "citext" => ColumnType::Text,
        "double precision" | "real" | "numeric" => ColumnType::Real,
        "integer" | "bigint" | "smallint" => ColumnType::Integer,
        "boolean" => ColumnType::Boolean,
        "json" | "jsonb" => ColumnType::Json,
        "ARRAY" if matches!(udt_name, "_text" | "_varchar" | "_bpchar" | "_citext") => {
            ColumnType::TextArray
        }
        d if d.starts_with("timestamp") || d == "date" => ColumnType::Timestamp,
        _ => ColumnType::Other,
    }
}

/// The problem with a mapping or a table, as one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingError(pub String);

impl SkillTable {
    /// Maps record fields to `columns`. `mapping` is the profile's field → column table;
    /// `key_unique` whether the key column has a unique index.
    pub fn build(
        table: &str,
        schema: Option<String>,
        dialect: Dialect,
        columns: Vec<Column>,
        mapping: &BTreeMap<String, String>,
        unique_columns: &[String],
    ) -> Result<SkillTable, MappingError> {
        let mut roles: Vec<Option<Role>> = vec![None; columns.len()];
        let mut by: Vec<Option<MappedBy>> = vec![None; columns.len()];
        let find = |name: &str| {
            columns.iter().position(|c| c.name == name).or_else(|| {
                // A name differing only in case: SQLite names are case-insensitive, and PostgreSQL
                // folds unquoted ones (`displayName` created unquoted is `displayname`). Only when
                // one column matches, since quoted PostgreSQL names may differ just in case.
                let mut hits = columns
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.name.eq_ignore_ascii_case(name));
                match (hits.next(), hits.next()) {
                    (Some((i, _)), None) => Some(i),
                    _ => None,
                }
            })
        };
        let role_of = |field: &str, ty: ColumnType| match field {
            KEY_FIELD => Role::Key,
            CREATED_FIELD => Role::CreatedAt,
            UPDATED_FIELD => Role::UpdatedAt,
            f => Role::Field {
                field: f.to_string(),
                meaning: meaning(f, ty),
            },
        };
        // Explicit mappings first: they claim their columns.
        for (field, column) in mapping {
            let Some(i) = find(column) else {
                return Err(MappingError(format!(
                    "durable_columns maps {field} to column {column:?}, which table {table} does not have (its columns: {})",
                    columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
                )));
            };
            if roles[i].is_some() {
                return Err(MappingError(format!(
                    "durable_columns maps two fields to column {column:?}"
                )));
            }
            roles[i] = Some(role_of(field, columns[i].ty));
            by[i] = Some(MappedBy::Profile);
        }
        let mut unmapped_fields = Vec::new();
        let wanted = std::iter::once(KEY_FIELD)
            .chain(KNOWN_FIELDS.iter().map(|(f, _)| *f))
            .chain([CREATED_FIELD, UPDATED_FIELD]);
        for field in wanted {
            if mapping.contains_key(field) {
                continue;
            }
            let snake = snake_case(field);
            let hit = [
                (field, MappedBy::Field),
                (snake.as_str(), MappedBy::SnakeCase),
            ]
            .into_iter()
            .find_map(|(name, how)| find(name).filter(|i| roles[*i].is_none()).map(|i| (i, how)));
            match hit {
                Some((i, how)) => {
                    roles[i] = Some(role_of(field, columns[i].ty));
                    by[i] = Some(how);
                }
                None if field == KEY_FIELD => {
                    return Err(MappingError(format!(
                        "table {table} has no column for the skill's name (the key); map one in mkt.toml: [profiles.NAME.durable_columns] name = \"COLUMN\""
                    )))
                }
                None if field == CREATED_FIELD || field == UPDATED_FIELD => {}
                None => unmapped_fields.push(field.to_string()),
            }
        }
        // Every other column holds the record field of its own name, or the camelCase twin of a
        // snake_case name, whatever the field (`trustTier`, `trust_tier` → `trustTier`): compared
        // and written where a record holds it. Surrogate keys (`id`, another primary key) and
        // columns the database fills itself hold no field. A column named exactly like the field
        // claims it before its snake_case twin.
        let mut taken: std::collections::HashSet<String> = roles
            .iter()
            .flatten()
            .filter_map(|r| match r {
                Role::Field { field, .. } => Some(field.clone()),
                _ => None,
            })
            .chain([KEY_FIELD, CREATED_FIELD, UPDATED_FIELD].map(str::to_string))
            .collect();
        let mut extra: Vec<(usize, String, MappedBy)> = columns
            .iter()
            .enumerate()
            .filter(|(i, c)| roles[*i].is_none() && !c.auto && !c.primary_key && c.name != "id")
            .filter_map(|(i, c)| {
                // A name no record field could have (a space, a leading digit) holds none.
                let field = record_field_of(&c.name)?;
                let how = if field == c.name {
                    MappedBy::Field
                } else {
                    MappedBy::SnakeCase
                };
                Some((i, field, how))
            })
            .collect();
        extra.sort_by_key(|(i, _, how)| (*how != MappedBy::Field, *i));
        let mut sometimes = vec![false; columns.len()];
        for (i, field, how) in extra {
            if taken.insert(field.clone()) {
                roles[i] = Some(role_of(&field, columns[i].ty));
                by[i] = Some(how);
                sometimes[i] = true;
            }
        }
        let mut unfillable = Vec::new();
        let mut generated_id = None;
        let roles: Vec<Role> = roles
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let c = &columns[i];
                let must_fill = !c.nullable && c.default.is_none() && !c.auto;
                match r {
                    Some(r) => r,
                    None if c.name == "id"
                        && must_fill
                        && matches!(c.ty, ColumnType::Text | ColumnType::Other)
                        && generated_id.is_none() =>
                    {
                        generated_id = Some(c.name.clone());
                        Role::GeneratedId
                    }
                    None if must_fill => match record_field_of(&c.name) {
                        Some(field) => Role::Fill { field },
                        None => {
                            unfillable.push(c.name.clone());
                            Role::Unknown
                        }
                    },
                    None => Role::Unknown,
                }
            })
            .collect();
        let col_of = |pred: &dyn Fn(&Role) -> bool| {
            roles.iter().position(pred).map(|i| columns[i].name.clone())
        };
        let key = col_of(&|r| *r == Role::Key).expect("the key is mapped above");
        let fields = roles
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r {
                Role::Field { field, meaning } => Some(FieldColumn {
                    field: field.clone(),
                    column: columns[i].name.clone(),
                    meaning: *meaning,
                    ty: columns[i].ty,
                    mapped_by: by[i].unwrap_or(MappedBy::Field),
                    always: !sometimes[i],
                    spelled: None,
                }),
                _ => None,
            })
            .collect();
        let key_col = columns.iter().find(|c| c.name == key).expect("key column");
        let key_unique = key_col.primary_key
            && columns.iter().filter(|c| c.primary_key).count() == 1
            || unique_columns.contains(&key);
        let conflict = if key_unique {
            vec![key.clone()]
        } else {
            Vec::new()
        };
        Ok(SkillTable {
            conflict,
            table: table.to_string(),
            schema,
            dialect,
            created: col_of(&|r| *r == Role::CreatedAt),
            updated: col_of(&|r| *r == Role::UpdatedAt),
            generated_id,
            columns,
            roles,
            key,
            key_unique,
            view: false,
            fields,
            unmapped_fields,
            unfillable,
        })
    }

    /// The table `mkt db migrate` creates (`tables::skills::SKILLS`), as discovery would find it.
    pub fn migrated(table: &str) -> SkillTable {
        let columns = super::tables::skills::SKILLS
            .columns
            .iter()
            .map(|c| Column {
                name: c.name.into(),
                sql_type: c.ty.into(),
                ty: sqlite_type(c.ty),
                nullable: !c.not_null,
                default: c.default.map(str::to_string),
                primary_key: c.primary_key,
                auto: false,
                cast: String::new(),
                ..Default::default()
            })
            .collect();
        SkillTable::build(table, None, Dialect::Sqlite, columns, &BTreeMap::new(), &[])
            .expect("the migrated table maps")
    }

    /// Takes a composite unique key when the key column has no unique index of its own: among
    /// `keys` (each a unique index's columns, in index order), the first of two or more columns
    /// that are all `NOT NULL` text, hold no mapped field and do not include the key or a
    /// generated id — the platform's `(ownerSlug, repoSlug, skillSlug)`. Its columns become
    /// [`Role::KeyPart`]s (the slug's parts, in index order), and rows are upserted on it.
    pub fn adopt_unique_key(&mut self, keys: &[Vec<String>]) {
        if self.key_unique {
            return;
        }
        let usable = |cols: &Vec<String>| {
            cols.len() >= 2
                && cols.iter().all(|name| {
                    let Some(i) = self.columns.iter().position(|c| &c.name == name) else {
                        return false;
                    };
                    let c = &self.columns[i];
                    !c.nullable
                        && matches!(c.ty, ColumnType::Text | ColumnType::Other)
                        && self.may_be_key_part(i)
                })
        };
        let Some(cols) = keys.iter().find(|k| usable(k)) else {
            return;
        };
        for (position, name) in cols.iter().enumerate() {
            let i = self
                .columns
                .iter()
                .position(|c| &c.name == name)
                .expect("a usable key's column");
            let field = match &self.roles[i] {
                Role::Field { field, .. } | Role::Fill { field } => field.clone(),
                _ => record_field_of(name).unwrap_or_else(|| name.clone()),
            };
            self.roles[i] = Role::KeyPart { field, position };
            self.unfillable.retain(|u| u != name);
            // A key part is never compared or updated: the slug is the identity, and changing a
            // part in an upsert on the key would insert a second row for the skill.
            self.fields.retain(|f| &f.column != name);
        }
        self.conflict = cols.clone();
        self.key_unique = true;
    }

    /// Whether column `i` may be taken as part of a composite key: one mkt fills only because
    /// it is there (unknown, filled from a same-named field), not a seed 001 field or a mapping
    /// the profile made.
    fn may_be_key_part(&self, i: usize) -> bool {
        match &self.roles[i] {
            Role::Unknown | Role::Fill { .. } => true,
            Role::Field { field, .. } => {
                known_meaning(field).is_none()
                    && self
                        .fields
                        .iter()
                        .any(|f| &f.field == field && f.mapped_by != MappedBy::Profile)
            }
            _ => false,
        }
    }

    /// The record field a [`Role::KeyPart`] or [`Role::Fill`] column is filled from.
    pub fn fill_field(&self, column: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| c.name == column)?;
        match &self.roles[i] {
            Role::KeyPart { field, .. } | Role::Fill { field } => Some(field),
            _ => None,
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The field a column holds, for `db schema`.
    pub fn field_of(&self, i: usize) -> Option<String> {
        match &self.roles[i] {
            Role::Key => Some(KEY_FIELD.into()),
            Role::Field { field, .. } => Some(field.clone()),
            Role::CreatedAt => Some(CREATED_FIELD.into()),
            Role::UpdatedAt => Some(UPDATED_FIELD.into()),
            Role::KeyPart { field, .. } | Role::Fill { field } => Some(field.clone()),
            Role::GeneratedId | Role::Unknown => None,
        }
    }

    /// Columns mkt does not know (left alone).
    pub fn unknown_columns(&self) -> Vec<String> {
        self.columns
            .iter()
            .zip(&self.roles)
            .filter(|(_, r)| **r == Role::Unknown)
            .map(|(c, _)| c.name.clone())
            .collect()
    }

    /// The mapped field of a record field name, if it has a column here.
    pub fn field(&self, field: &str) -> Option<&FieldColumn> {
        self.fields.iter().find(|f| f.field == field)
    }

    /// The table as SQL (`skills`, `"public"."Skill"`).
    pub fn qualified(&self) -> String {
        match &self.schema {
            Some(s) => format!(
                "{}.{}",
                self.dialect.quote(s),
                self.dialect.quote(&self.table)
            ),
            None => self.dialect.quote(&self.table),
        }
    }

    /// This table with the spellings its rows use (see [`Column::spelling`]), or `None` when
    /// they are mkt's own: labels as comma-separated text, times as epoch numbers (a number
    /// column with no rows yet spells times as its default does: `unixepoch()` is seconds).
    pub fn with_spellings<'r>(
        &self,
        rows: impl Iterator<Item = &'r crate::store::Row> + Clone,
    ) -> Option<SkillTable> {
        let mut out = self.clone();
        let mut changed = false;
        for (i, c) in self.columns.iter().enumerate() {
            let meaning = match &self.roles[i] {
                Role::Field { meaning, .. } => *meaning,
                Role::CreatedAt | Role::UpdatedAt => Meaning::Instant,
                _ => continue,
            };
            let values = rows
                .clone()
                .filter_map(|r| r.get(&c.name))
                .filter(|v| !v.is_null());
            let spelling = match meaning {
                Meaning::List if matches!(c.ty, ColumnType::Text | ColumnType::Other) => {
                    let mut texts = values
                        .filter_map(|v| v.as_str())
                        .filter(|s| !s.trim().is_empty())
                        .peekable();
                    let some = texts.peek().is_some();
                    let json = |s: &str| {
                        serde_json::from_str::<serde_json::Value>(s).is_ok_and(|v| v.is_array())
                            || super::value::parse_pg_array(s).is_some()
                    };
                    (some && !texts.any(json)).then_some(Spelling::CommaList)
                }
                Meaning::Instant => {
                    let mut vals = values.peekable();
                    let some = vals.peek().is_some();
                    let numbers: Option<Vec<f64>> = vals.map(serde_json::Value::as_f64).collect();
                    let epoch_default = || {
                        let d = c.default.as_deref().unwrap_or("").to_ascii_lowercase();
                        d.contains("unixepoch") || d.contains("'%s'")
                    };
                    let texts: Option<Vec<&str>> = rows
                        .clone()
                        .filter_map(|r| r.get(&c.name))
                        .filter(|v| !v.is_null())
                        .map(serde_json::Value::as_str)
                        .collect();
                    let sql_text = self.dialect == Dialect::Sqlite
                        && matches!(
                            c.ty,
                            ColumnType::Text | ColumnType::Timestamp | ColumnType::Other
                        );
                    let current_default = || {
                        let d = c.default.as_deref().unwrap_or("").to_ascii_lowercase();
                        d.contains("current_timestamp") || d.contains("datetime('now'")
                    };
                    match numbers {
                        Some(ns) if some && ns.iter().all(|n| n.abs() >= 100_000_000_000.0) => {
                            Some(Spelling::EpochMillis)
                        }
                        Some(_) if some => Some(Spelling::EpochSeconds),
                        _ if !some
                            && matches!(c.ty, ColumnType::Integer | ColumnType::Real)
                            && epoch_default() =>
                        {
                            Some(Spelling::EpochSeconds)
                        }
                        _ if sql_text
                            && some
                            && texts.is_some_and(|ts| {
                                ts.iter().all(|t| super::value::is_sql_datetime(t))
                            }) =>
                        {
                            Some(Spelling::SqlDatetime)
                        }
                        _ if sql_text && !some && current_default() => Some(Spelling::SqlDatetime),
                        _ => None,
                    }
                }
                _ => None,
            };
            if spelling.is_some() {
                out.columns[i].spelling = spelling;
                changed = true;
            }
        }
        // A number time column with nothing to learn from spells times as the table's other
        // time columns do (a `certified_at` beside `updated_at … DEFAULT (unixepoch())`).
        self.spread_time_spelling(&mut out, rows.clone(), true);
        self.spread_time_spelling(&mut out, rows, false);
        changed |= out.columns != self.columns;
        changed.then_some(out)
    }

    /// Gives the unlearnt time columns of one kind (number columns with `numbers`, else SQLite
    /// text columns) the one spelling the learnt time columns of that kind agree on.
    fn spread_time_spelling<'r>(
        &self,
        out: &mut SkillTable,
        rows: impl Iterator<Item = &'r crate::store::Row> + Clone,
        numbers: bool,
    ) {
        let kind = |s: &Spelling| match s {
            Spelling::EpochMillis | Spelling::EpochSeconds => numbers,
            Spelling::SqlDatetime => !numbers,
            Spelling::CommaList => false,
        };
        let fits = |c: &Column| {
            if numbers {
                matches!(c.ty, ColumnType::Integer | ColumnType::Real)
            } else {
                self.dialect == Dialect::Sqlite
                    && matches!(
                        c.ty,
                        ColumnType::Text | ColumnType::Timestamp | ColumnType::Other
                    )
            }
        };
        let epochs: Vec<Spelling> = out
            .columns
            .iter()
            .filter_map(|c| c.spelling)
            .filter(kind)
            .collect();
        if let Some(&first) = epochs.first().filter(|f| epochs.iter().all(|s| s == *f)) {
            for (i, c) in out.columns.iter_mut().enumerate() {
                let instant = match &self.roles[i] {
                    Role::Field { meaning, .. } => *meaning == Meaning::Instant,
                    Role::CreatedAt | Role::UpdatedAt => true,
                    _ => false,
                };
                let unlearnt = rows
                    .clone()
                    .filter_map(|r| r.get(&c.name))
                    .all(serde_json::Value::is_null);
                if instant && c.spelling.is_none() && fits(c) && unlearnt {
                    c.spelling = Some(first);
                }
            }
        }
    }

    /// This table with how the store's KV records spell each mapped field (the most common
    /// spelling among the first `RECORDS_SAMPLED` records that hold it), so a record rebuilt
    /// from a row is typed back the way the records are.
    pub fn with_record_spellings<'r>(
        &self,
        records: impl Iterator<Item = &'r serde_json::Map<String, serde_json::Value>>,
    ) -> SkillTable {
        const RECORDS_SAMPLED: usize = 2_000;
        use std::collections::HashMap;
        let mut counts: Vec<HashMap<super::value::RecordSpelling, usize>> =
            vec![HashMap::new(); self.fields.len()];
        for rec in records.take(RECORDS_SAMPLED) {
            for (i, f) in self.fields.iter().enumerate() {
                if let Some(how) = f
                    .in_record(rec)
                    .and_then(|(_, v)| super::value::spelling_of(v))
                {
                    *counts[i].entry(how).or_default() += 1;
                }
            }
        }
        let mut out = self.clone();
        for (f, c) in out.fields.iter_mut().zip(counts) {
            f.spelled = c
                .into_iter()
                .max_by_key(|(how, n)| (*n, std::cmp::Reverse(*how as u8)))
                .map(|(how, _)| how);
        }
        out
    }

    /// Why a repair may not write rows here, if it may not (exit 5, before any write).
    pub fn write_refusal(&self) -> Option<String> {
        if self.view {
            return Some(format!(
                "the durable table {} is a view, and mkt writes rows only to a table; nothing was written — point --durable-table (or durable_table in mkt.toml) at the table the view reads",
                self.table
            ));
        }
        if let Some(col) = self.unfillable.first() {
            return Some(format!(
                "column {col} of table {} is NOT NULL without a default and mkt has no value for it; nothing was written — give it a default, or map a record field to it in mkt.toml: [profiles.NAME.durable_columns] FIELD = \"{col}\"",
                self.table
            ));
        }
        if !self.key_unique {
            return Some(format!(
                "column {} of table {} has no unique index, and no composite unique index of NOT NULL text columns stands in for it, so rows cannot be upserted; nothing was written — add one (CREATE UNIQUE INDEX … ON {}({}))",
                self.key, self.table, self.table, self.key
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, decl: &str, nullable: bool, default: Option<&str>) -> Column {
        Column {
            name: name.into(),
            sql_type: decl.into(),
            ty: sqlite_type(decl),
            nullable,
            default: default.map(str::to_string),
            primary_key: name == "name",
            auto: false,
            cast: String::new(),
            ..Default::default()
        }
    }

    #[test]
    fn snake_case_of_seed_fields() {
        assert_eq!(snake_case("trendingScore7d"), "trending_score_7d");
        assert_eq!(snake_case("trendingScore30d"), "trending_score_30d");
        assert_eq!(snake_case("repoUrl"), "repo_url");
        assert_eq!(snake_case("name"), "name");
    }

    #[test]
    fn the_migrated_table_maps_every_known_field() {
        let t = SkillTable::migrated("skills");
        assert_eq!(t.fields.len(), KNOWN_FIELDS.len());
        assert!(t.unmapped_fields.is_empty() && t.unfillable.is_empty());
        assert_eq!(t.created.as_deref(), Some("created_at"));
        assert_eq!(t.field("labels").unwrap().meaning, Meaning::List);
        assert!(t.key_unique);
    }

    #[test]
    fn a_smaller_table_leaves_fields_unmapped_and_keeps_unknown_columns() {
        let cols = vec![
            col("name", "TEXT", true, None),
            col("display_name", "TEXT", true, None),
            col("cert_tier", "TEXT", true, None),
            col("labels", "TEXT", true, None),
            col("owner_id", "TEXT", false, None),
            col("notes", "TEXT", true, None),
            col("score", "REAL", true, None),
        ];
        let mapping = BTreeMap::from([("certScore".to_string(), "score".to_string())]);
        let t = SkillTable::build("skills", None, Dialect::Sqlite, cols, &mapping, &[]).unwrap();
        assert_eq!(t.field("certScore").unwrap().column, "score");
        assert_eq!(t.field("certScore").unwrap().mapped_by, MappedBy::Profile);
        assert!(t.unmapped_fields.contains(&"certMethod".to_string()));
        // Every other column holds the record field of its name (or its camelCase twin),
        // whatever the field: compared and written where a record holds it. `owner_id` is NOT
        // NULL without a default: an insert of a record without `ownerId` is refused per record.
        let owner = t.field("ownerId").unwrap();
        assert_eq!((owner.column.as_str(), owner.always), ("owner_id", false));
        assert_eq!(t.field("notes").unwrap().column, "notes");
        assert!(t.unknown_columns().is_empty() && t.unfillable.is_empty());
        assert!(t.write_refusal().is_none());
        let rec = serde_json::json!({"name": "a"});
        let why = crate::durable::rows::row_from_record(
            &t,
            "a",
            rec.as_object().unwrap(),
            None,
            "2026-01-01T00:00:00Z",
        )
        .unwrap_err();
        assert!(why.contains("column owner_id"), "{why}");
        // One no record field can be named like stays unfillable.
        let cols = vec![
            col("name", "TEXT", true, None),
            col("owner id", "TEXT", false, None),
        ];
        let t =
            SkillTable::build("skills", None, Dialect::Sqlite, cols, &mapping_none(), &[]).unwrap();
        assert_eq!(t.unfillable, ["owner id"]);
        assert!(t.write_refusal().unwrap().contains("column owner id"));
    }

    #[test]
    fn every_column_holds_the_field_of_its_name_or_camel_case_twin() {
        let cols = vec![
            col("name", "TEXT", false, None),
            col("trustTier", "TEXT", false, Some("'T1'")),
            col("trust_tier", "TEXT", true, None),
            col("provenance_verified", "INTEGER", false, Some("0")),
            col("distTags", "TEXT", true, None),
        ];
        let t = SkillTable::build("skills", None, Dialect::Sqlite, cols, &BTreeMap::new(), &[])
            .unwrap();
        assert_eq!(t.field("trustTier").unwrap().column, "trustTier");
        assert_eq!(t.field("trustTier").unwrap().mapped_by, MappedBy::Field);
        let pv = t.field("provenanceVerified").unwrap();
        assert_eq!(
            (pv.column.as_str(), pv.mapped_by),
            ("provenance_verified", MappedBy::SnakeCase)
        );
        assert_eq!(
            t.unknown_columns(),
            ["trust_tier"],
            "the exact name claims the field first"
        );
        assert_eq!(
            record_field_of("trending_score_7d").as_deref(),
            Some("trendingScore7d")
        );
    }

    fn mapping_none() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    #[test]
    fn record_fields_of_columns() {
        assert_eq!(record_field_of("legacySlug").as_deref(), Some("legacySlug"));
        assert_eq!(
            record_field_of("legacy_slug").as_deref(),
            Some("legacySlug")
        );
        assert_eq!(record_field_of("owner").as_deref(), Some("owner"));
        assert_eq!(record_field_of("_x").as_deref(), Some("x"));
        assert_eq!(record_field_of("a b"), None);
        assert_eq!(record_field_of("1x"), None);
    }

    #[test]
    fn a_composite_unique_key_stands_in_for_the_name() {
        let text = |n: &str| Column {
            name: n.into(),
            sql_type: "text".into(),
            ty: ColumnType::Text,
            nullable: false,
            ..Default::default()
        };
        let mut id = text("id");
        id.primary_key = true;
        let cols = vec![
            id,
            text("name"),
            text("ownerSlug"),
            text("repoSlug"),
            text("skillSlug"),
            text("legacySlug"),
        ];
        let mut t = SkillTable::build(
            "Skill",
            Some("public".into()),
            Dialect::Postgres,
            cols,
            &mapping_none(),
            &["id".into()],
        )
        .unwrap();
        assert!(!t.key_unique);
        assert!(t.write_refusal().unwrap().contains("no unique index"));
        let key: Vec<String> = ["ownerSlug", "repoSlug", "skillSlug"]
            .map(String::from)
            .into();
        // A key holding the slug column or a nullable column is no stand-in.
        t.adopt_unique_key(&[vec!["name".into(), "ownerSlug".into()], key.clone()]);
        assert!(t.key_unique && t.write_refusal().is_none());
        assert_eq!(t.conflict, key);
        assert_eq!(t.fill_field("repoSlug"), Some("repoSlug"));
        // `legacySlug` holds the record field of its name, compared and written where held.
        assert_eq!(t.field("legacySlug").unwrap().column, "legacySlug");
        assert!(matches!(t.roles[3], Role::KeyPart { position: 1, .. }));
    }

    #[test]
    fn postgres_names_folded_to_lower_case_still_map() {
        let cols = vec![
            col("name", "text", false, None),
            col("displayname", "text", true, None),
            col("Category", "text", true, None),
            col("category", "text", true, None),
        ];
        let t = SkillTable::build(
            "skills",
            None,
            Dialect::Postgres,
            cols,
            &BTreeMap::new(),
            &["name".into()],
        )
        .unwrap();
        assert_eq!(t.field("displayName").unwrap().column, "displayname");
        assert_eq!(
            t.field("category").unwrap().column,
            "category",
            "the exact name wins"
        );
    }

    #[test]
    fn a_view_is_never_written_and_limits_are_checked() {
        let mut t = SkillTable::migrated("skills");
        t.view = true;
        assert!(t.write_refusal().unwrap().contains("is a view"));
        let c = Column {
            max_chars: Some(3),
            enum_values: Some(vec!["ab".into(), "abcd".into()]),
            ..Default::default()
        };
        assert!(c
            .cannot_hold(&serde_json::json!("abcd"))
            .unwrap()
            .contains("at most 3"));
        assert!(c
            .cannot_hold(&serde_json::json!("x"))
            .unwrap()
            .contains("(ab, abcd)"));
        assert_eq!(c.cannot_hold(&serde_json::json!("ab")), None);
    }

    #[test]
    fn prisma_names_map_by_field_and_id_is_generated() {
        let mut id = col("id", "text", false, None);
        id.primary_key = true;
        let mut name = col("name", "text", false, None);
        name.primary_key = false;
        let cols = vec![
            id,
            name,
            col("displayName", "text", true, None),
            col("updatedAt", "timestamp(3) without time zone", false, None),
        ];
        let t = SkillTable::build(
            "Skill",
            Some("public".into()),
            Dialect::Postgres,
            cols,
            &BTreeMap::new(),
            &["name".into()],
        )
        .unwrap();
        assert_eq!(t.generated_id.as_deref(), Some("id"));
        assert_eq!(t.updated.as_deref(), Some("updatedAt"));
        assert!(t.key_unique && t.unfillable.is_empty());
        assert_eq!(t.qualified(), "public.\"Skill\"");
    }
}
