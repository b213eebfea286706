//! The two SQL dialects the durable table is spoken in: SQLite (the local store and D1) and
//! PostgreSQL (`--durable-url`). Identifier quoting, placeholders and per-statement limits.

use serde::Serialize;

use crate::store::SqlLimits;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// SQLite: the local store and D1 (≤ 100 bound parameters and ≤ 100 KB per statement).
    #[default]
    Sqlite,
    /// PostgreSQL (≤ 65,535 bound parameters per statement).
    Postgres,
}

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

    /// The limits of the databases spoken in this dialect (their stores' `limits()`).
    pub fn limits(self) -> SqlLimits {
        match self {
            Dialect::Sqlite => SqlLimits::D1,
            Dialect::Postgres => SqlLimits::POSTGRES,
        }
    }

    pub fn max_params(self) -> usize {
        self.limits().params
    }

    pub fn max_statement_bytes(self) -> usize {
        self.limits().statement_bytes
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
