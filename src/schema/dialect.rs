//! The two SQL dialects the durable table is spoken in: SQLite (the local store and D1) and
//! PostgreSQL (`--durable-url`). Identifier quoting, placeholders and per-statement limits.

use serde::Serialize;

use crate::store::{MAX_BOUND_PARAMS, MAX_STATEMENT_BYTES};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// SQLite: the local store and D1 (≤ 100 bound parameters and ≤ 100 KB per statement).
    #[default]
    Sqlite,
    /// PostgreSQL (≤ 65,535 bound parameters per statement).
    Postgres,
}

/// PostgreSQL's limit: the wire protocol counts parameters in an Int16.
pub const POSTGRES_MAX_PARAMS: usize = 65_535;
/// A generous cap on one PostgreSQL statement's text plus parameters, to keep memory bounded.
pub const POSTGRES_MAX_STATEMENT_BYTES: usize = 32_000_000;

/// Words that must be quoted as identifiers in either dialect (the common reserved ones).
const RESERVED: &[&str] = &[
    "all",
    "and",
    "as",
    "asc",
    "between",
    "by",
    "case",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "default",
    "delete",
    "desc",
    "distinct",
    "drop",
    "else",
    "end",
    "except",
    "exists",
    "foreign",
    "from",
    "group",
    "having",
    "in",
    "index",
    "insert",
    "intersect",
    "into",
    "is",
    "join",
    "key",
    "like",
    "limit",
    "not",
    "null",
    "offset",
    "on",
    "or",
    "order",
    "primary",
    "references",
    "select",
    "set",
    "table",
    "then",
    "to",
    "union",
    "unique",
    "update",
    "user",
    "using",
    "values",
    "when",
    "where",
    "with",
];

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgresql",
        }
    }

    /// An identifier as SQL: bare when it is a plain lower-case word (so the SQL stays readable and
    /// PostgreSQL does not fold anything), double-quoted otherwise (`"displayName"`, `"Skill"`).
    pub fn quote(self, ident: &str) -> String {
        let plain = ident
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && ident
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !RESERVED.contains(&ident);
        if plain {
            ident.to_string()
        } else {
            format!("\"{}\"", ident.replace('"', "\"\""))
        }
    }

    /// The `n`-th (1-based) bound parameter.
    pub fn param(self, n: usize) -> String {
        match self {
            Dialect::Sqlite => "?".into(),
            Dialect::Postgres => format!("${n}"),
        }
    }

    pub fn max_params(self) -> usize {
        match self {
            Dialect::Sqlite => MAX_BOUND_PARAMS,
            Dialect::Postgres => POSTGRES_MAX_PARAMS,
        }
    }

    pub fn max_statement_bytes(self) -> usize {
        match self {
            Dialect::Sqlite => MAX_STATEMENT_BYTES,
            Dialect::Postgres => POSTGRES_MAX_STATEMENT_BYTES,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_leaves_plain_names_bare() {
        let d = Dialect::Postgres;
        assert_eq!(d.quote("display_name"), "display_name");
        assert_eq!(d.quote("displayName"), "\"displayName\"");
        assert_eq!(d.quote("Skill"), "\"Skill\"");
        assert_eq!(d.quote("order"), "\"order\"");
        assert_eq!(d.quote("we\"ird"), "\"we\"\"ird\"");
        assert_eq!(d.quote("7d"), "\"7d\"");
        assert_eq!(Dialect::Sqlite.param(3), "?");
        assert_eq!(d.param(3), "$3");
    }
}
