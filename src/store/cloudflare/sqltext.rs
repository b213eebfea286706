//! Small SQL text helpers for D1: what is code (not a string or comment), CRLF normalization,
//! NULL inlining, and the idempotency classifier that decides what may be retried.

use crate::store::SqlValue;

/// For every byte: true when it is SQL code, false inside quotes, identifiers quoted with
/// `"`/`` ` ``/`[]`, and comments.
fn code_mask(sql: &str) -> Vec<bool> {
    mask(sql, true)
}

/// Like `code_mask`, but comments count as code (false only inside quotes).
fn unquoted_mask(sql: &str) -> Vec<bool> {
    mask(sql, false)
}

fn mask(sql: &str, comments_are_not_code: bool) -> Vec<bool> {
    let b = sql.as_bytes();
    let mut mask = vec![true; b.len()];
    let mut i = 0;
    while i < b.len() {
        let close: Option<&[u8]> = match b[i] {
            b'\'' => Some(b"'"),
            b'"' => Some(b"\""),
            b'`' => Some(b"`"),
            b'[' => Some(b"]"),
            b'-' if b.get(i + 1) == Some(&b'-') => Some(b"\n"),
            b'/' if b.get(i + 1) == Some(&b'*') => Some(b"*/"),
            _ => None,
        };
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let start = i;
        let mut j = i + 1;
        loop {
            if j >= b.len() {
                break;
            }
            if b[j..].starts_with(close) {
                // A doubled quote inside a string is an escaped quote, not the end.
                if close.len() == 1
                    && close[0] != b'\n'
                    && close[0] != b']'
                    && b.get(j + 1) == Some(&close[0])
                {
                    j += 2;
                    continue;
                }
                j += close.len();
                break;
            }
            j += 1;
        }
        let end = j.min(b.len());
        let is_comment = matches!(b[start], b'-' | b'/');
        if comments_are_not_code || !is_comment {
            mask[start..end].iter_mut().for_each(|m| *m = false);
        }
        i = end;
    }
    mask
}

/// CRLF → LF outside quoted strings and identifiers, comments included, as wrangler does before
/// sending (D1 mishandles CRLF inside compound statements; `d1/execute.ts`, issue #14991).
pub fn normalize_crlf(sql: &str) -> String {
    if !sql.contains('\r') {
        return sql.to_string();
    }
    let mask = unquoted_mask(sql);
    let b = sql.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    for (i, &c) in b.iter().enumerate() {
        if c == b'\r' && mask[i] && b.get(i + 1) == Some(&b'\n') {
            continue;
        }
        out.push(c);
    }
    String::from_utf8(out).expect("only ASCII CR removed")
}

/// Replaces each `?`/`?NNN` bound to `SqlValue::Null` with the literal `NULL`, so no null is sent
/// (D1 declares params as strings). Returns the SQL and the remaining params in placeholder order.
/// SQL whose placeholders do not match `params` is returned unchanged for D1 to reject.
pub fn inline_nulls(sql: &str, params: &[SqlValue]) -> (String, Vec<SqlValue>) {
    if !params.iter().any(|p| matches!(p, SqlValue::Null)) {
        return (sql.to_string(), params.to_vec());
    }
    let mask = code_mask(sql);
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 16);
    let mut kept = Vec::with_capacity(params.len());
    let mut largest = 0usize;
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'?' || !mask[i] {
            i += 1;
            continue;
        }
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        // SQLite numbering: `?NNN` is NNN; a bare `?` is one more than the largest so far.
        let n = if digits > 0 {
            sql[i + 1..i + 1 + digits].parse::<usize>().unwrap_or(0)
        } else {
            largest + 1
        };
        largest = largest.max(n);
        let Some(value) = n.checked_sub(1).and_then(|idx| params.get(idx)) else {
            return (sql.to_string(), params.to_vec());
        };
        out.push_str(&sql[copied..i]);
        if matches!(value, SqlValue::Null) {
            out.push_str("NULL");
        } else {
            out.push('?');
            kept.push(value.clone());
        }
        i += 1 + digits;
        copied = i;
    }
    out.push_str(&sql[copied..]);
    (out, kept)
}

/// Words and punctuation of the code, with each string/quoted part as one `'` token.
fn tokens(stmt: &str, mask: &[bool]) -> Vec<String> {
    let b = stmt.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !mask[i] {
            let quoted = b[i] != b'-' && b[i] != b'/';
            while i < b.len() && !mask[i] {
                i += 1;
            }
            if quoted {
                out.push("'".to_string());
            }
        } else if b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80 {
            let start = i;
            while i < b.len()
                && mask[i]
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80)
            {
                i += 1;
            }
            out.push(stmt[start..i].to_ascii_uppercase());
        } else {
            if !b[i].is_ascii_whitespace() {
                out.push((b[i] as char).to_string());
            }
            i += 1;
        }
    }
    out
}

/// Whether sending this SQL twice leaves the same state as sending it once, so a retry after a
/// 5xx or timeout (when the first attempt may have run) is harmless. Every `;`-separated statement
/// must be one of:
/// - read-only: `SELECT`, `WITH` (without INSERT/UPDATE/DELETE/REPLACE), `PRAGMA`, `EXPLAIN`, `VALUES`;
/// - `CREATE … IF NOT EXISTS`, `DROP … IF EXISTS`;
/// - `INSERT OR REPLACE`, `INSERT OR IGNORE`, `REPLACE INTO`;
/// - `INSERT … ON CONFLICT … DO NOTHING`, or `DO UPDATE SET` whose values do not read the old row
///   (`count = count + 1` is not idempotent; `name = excluded.name` is).
///
/// Everything else (plain INSERT, UPDATE, DELETE, ALTER, …) is not assumed safe; callers that know
/// a batch is safe to replay use `SqlStore::batch_idempotent`.
pub fn is_idempotent(sql: &str) -> bool {
    let mask = code_mask(sql);
    let mut start = 0;
    let mut pieces = Vec::new();
    for (i, c) in sql.bytes().enumerate() {
        if c == b';' && mask[i] {
            pieces.push((start, i));
            start = i + 1;
        }
    }
    pieces.push((start, sql.len()));
    pieces
        .into_iter()
        .all(|(s, e)| statement_is_idempotent(&tokens(&sql[s..e], &mask[s..e])))
}

fn statement_is_idempotent(t: &[String]) -> bool {
    let has = |w: &str| t.iter().any(|x| x == w);
    let seq = |words: &[&str]| {
        t.windows(words.len())
            .any(|w| w.iter().zip(words).all(|(a, b)| a == b))
    };
    match t.first().map(String::as_str) {
        None => true,
        Some("SELECT" | "PRAGMA" | "EXPLAIN" | "VALUES") => true,
        Some("WITH") => !(has("INSERT") || has("UPDATE") || has("DELETE") || has("REPLACE")),
        Some("CREATE") => seq(&["IF", "NOT", "EXISTS"]),
        Some("DROP") => seq(&["IF", "EXISTS"]),
        Some("REPLACE") => true,
        Some("INSERT") => {
            if t.get(1).map(String::as_str) == Some("OR") {
                return matches!(t.get(2).map(String::as_str), Some("REPLACE" | "IGNORE"));
            }
            if !seq(&["ON", "CONFLICT"]) {
                return false;
            }
            upserts_are_idempotent(t)
        }
        _ => false,
    }
}

/// Every `DO UPDATE SET a = expr, …` must compute from `excluded.*`, params and constants only.
fn upserts_are_idempotent(t: &[String]) -> bool {
    let mut i = 0;
    while i + 2 < t.len() {
        if t[i] == "DO" && t[i + 1] == "UPDATE" && t[i + 2] == "SET" {
            let mut j = i + 3;
            let mut depth = 0i32;
            let mut column: Option<&str> = None;
            let mut expecting_column = true;
            while j < t.len() {
                let tok = t[j].as_str();
                if depth == 0 && matches!(tok, "WHERE" | "RETURNING" | "ON") {
                    break;
                }
                match tok {
                    "(" if expecting_column => return false, // row-value assignment: not analysed
                    "(" => depth += 1,
                    ")" => depth -= 1,
                    "," if depth == 0 => expecting_column = true,
                    "=" if column.is_some() && expecting_column => expecting_column = false,
                    _ if expecting_column => column = Some(tok),
                    word => {
                        let qualified = j >= 1 && t[j - 1] == ".";
                        let by_excluded = qualified && j >= 2 && t[j - 2] == "EXCLUDED";
                        let reads_old = if qualified {
                            !by_excluded
                        } else {
                            column == Some(word)
                        };
                        if reads_old {
                            return false;
                        }
                    }
                }
                j += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_becomes_lf_outside_strings_only() {
        assert_eq!(
            normalize_crlf("SELECT 1;\r\nSELECT 'a\r\nb';\r\n"),
            "SELECT 1;\nSELECT 'a\r\nb';\n"
        );
        assert_eq!(
            normalize_crlf("SELECT 1; -- it's\r\nSELECT \"a\r\nb\" /* x\r\n */;\r\n"),
            "SELECT 1; -- it's\nSELECT \"a\r\nb\" /* x\n */;\n"
        );
    }

    #[test]
    fn nulls_are_inlined_and_other_params_kept_in_order() {
        let (sql, params) = inline_nulls(
            "INSERT INTO t VALUES (?, ?, '?', ?) -- ?\n",
            &[
                SqlValue::Text("a".into()),
                SqlValue::Null,
                SqlValue::Integer(3),
            ],
        );
        assert_eq!(sql, "INSERT INTO t VALUES (?, NULL, '?', ?) -- ?\n");
        assert_eq!(
            params,
            vec![SqlValue::Text("a".into()), SqlValue::Integer(3)]
        );
        let (sql, params) =
            inline_nulls("SELECT ?2, ?1, ?2", &[SqlValue::Integer(1), SqlValue::Null]);
        assert_eq!(sql, "SELECT NULL, ?, NULL");
        assert_eq!(params, vec![SqlValue::Integer(1)]);
    }

    #[test]
    fn classifier() {
        for sql in [
            "SELECT * FROM skills WHERE name = ?",
            "  -- note\n select 1",
            "WITH x AS (SELECT 1) SELECT * FROM x",
            "PRAGMA table_info(skills)",
            "CREATE TABLE IF NOT EXISTS t (a); CREATE INDEX IF NOT EXISTS i ON t(a)",
            "INSERT OR REPLACE INTO t VALUES (1)",
            "INSERT OR IGNORE INTO t VALUES (1)",
            "INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT(a) DO UPDATE SET b = excluded.b, c = 'x'",
            "INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING",
            "DROP TABLE IF EXISTS t",
        ] {
            assert!(is_idempotent(sql), "{sql}");
        }
        for sql in [
            "INSERT INTO t VALUES (1)",
            "UPDATE t SET a = 1 WHERE b = 2",
            "DELETE FROM t WHERE a = 1",
            "CREATE TABLE t (a)",
            "SELECT 1; INSERT INTO t VALUES (1)",
            "WITH x AS (SELECT 1) DELETE FROM t",
            "INSERT INTO t (a, n) VALUES (?, 1) ON CONFLICT(a) DO UPDATE SET n = n + 1",
            "INSERT INTO t (a, n) VALUES (?, 1) ON CONFLICT(a) DO UPDATE SET n = t.n + excluded.n",
        ] {
            assert!(!is_idempotent(sql), "{sql}");
        }
    }
}
