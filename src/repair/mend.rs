//! Mend, don't replace: a KV value that is a JSON object is repaired by editing its text in
//! place — only the members a repair owns are replaced or added; every other byte (other fields,
//! their order, spacing, escapes, number spelling such as `82.10` or `1e3`) stays as it was.
//! Re-serializing would keep the values but not the bytes (`82.10` → `82.1`), so the text is
//! edited instead of being rebuilt.

use serde_json::{Map, Value};

/// One top-level member of an object's text: its key and where its value's text lies.
#[derive(Debug)]
struct Member {
    key: String,
    /// Byte offset of the key's opening quote.
    key_start: usize,
    /// Byte offset just after the key's closing quote.
    key_end: usize,
    value_start: usize,
    value_end: usize,
}

/// The members of a JSON object's text and the offsets of its braces; `None` when the text is
/// not one JSON object.
fn members(text: &str) -> Option<(usize, usize, Vec<Member>)> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let open = i;
    i += 1;
    let mut out = Vec::new();
    loop {
        i = skip_ws(b, i);
        match b.get(i)? {
            b'}' if out.is_empty() => break,
            b'"' => {}
            _ => return None,
        }
        let key_start = i;
        let key_end = skip_string(b, i)?;
        let key: String = serde_json::from_str(&text[key_start..key_end]).ok()?;
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let value_start = skip_ws(b, i + 1);
        let value_end = skip_value(b, value_start)?;
        out.push(Member {
            key,
            key_start,
            key_end,
            value_start,
            value_end,
        });
        i = skip_ws(b, value_end);
        match b.get(i)? {
            b',' => i += 1,
            b'}' => break,
            _ => return None,
        }
    }
    let close = i;
    // Only whitespace may follow the object.
    (skip_ws(b, close + 1) == b.len()).then_some((open, close, out))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The offset just after the string starting at `i` (a `"`).
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The offset just after the value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// `text` (a JSON object) with each `(field, value)` of `changes` set: an existing member's value
/// text is replaced (the last one, the one a reader keeps, when a key repeats); a new member is
/// added after the last one, spaced like the first. `None` when `text` is not a JSON object.
pub fn set_members(text: &str, changes: &[(String, Value)]) -> Option<String> {
    let (open, _close, members) = members(text)?;
    let mut replacements: Vec<(usize, usize, String)> = Vec::new();
    let mut added: Vec<String> = Vec::new();
    // How the object spaces its members: the text before the first key, and around its colon.
    let (mut indent, colon) = match members.first() {
        Some(m) => (
            text[open + 1..m.key_start].to_string(),
            text[m.key_end..m.value_start].to_string(),
        ),
        None => (String::new(), ":".to_string()),
    };
    // Between two members: the text after the first comma (`{"a": 1, "b": 2}` spaces by one).
    if let [first, second, ..] = members.as_slice() {
        let comma = skip_ws(text.as_bytes(), first.value_end);
        indent = text[comma + 1..second.key_start].to_string();
    }
    for (field, value) in changes {
        let v = serde_json::to_string(value).ok()?;
        match members.iter().rev().find(|m| m.key == *field) {
            Some(m) => replacements.push((m.value_start, m.value_end, v)),
            None => added.push(format!("{}{colon}{v}", serde_json::to_string(field).ok()?)),
        }
    }
    let mut out = text.to_string();
    if !added.is_empty() {
        let (at, lead) = match members.last() {
            Some(m) => (m.value_end, format!(",{indent}")),
            None => (open + 1, String::new()),
        };
        let sep = format!(",{indent}");
        let insert = format!("{lead}{}", added.join(&sep));
        replacements.push((at, at, insert));
    }
    replacements.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (start, end, with) in replacements {
        out.replace_range(start..end, &with);
    }
    Some(out)
}

/// The fields of `new` that differ from `old` (or that `old` lacks), in `new`'s order: what a
/// mend writes.
pub fn changes(old: &Map<String, Value>, new: &Map<String, Value>) -> Vec<(String, Value)> {
    new.iter()
        .filter(|(k, v)| old.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// `old_text` (whose parse is `old`) mended into `new`: only the fields that differ are edited,
/// the rest of the bytes are kept. Falls back to `new` serialized (key order kept) if the edit
/// would not read back as `new` — never a value that says something else.
pub fn mend(old_text: &str, old: &Map<String, Value>, new: &Map<String, Value>) -> String {
    let edits = changes(old, new);
    if edits.is_empty() && new.len() == old.len() {
        return old_text.to_string();
    }
    match set_members(old_text, &edits) {
        Some(text)
            if serde_json::from_str::<Map<String, Value>>(&text)
                .ok()
                .as_ref()
                == Some(new) =>
        {
            text
        }
        _ => serde_json::to_string(new).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn an_added_field_keeps_every_other_byte() {
        let old = r#"{"displayName":"Git Scanner","certScore":82.10,"n":1e3,"s":"caf\u00e9"}"#;
        let out = set_members(old, &[("name".into(), json!("git-scanner"))]).unwrap();
        assert_eq!(
            out,
            r#"{"displayName":"Git Scanner","certScore":82.10,"n":1e3,"s":"caf\u00e9","name":"git-scanner"}"#
        );
    }

    #[test]
    fn pretty_text_stays_pretty_and_a_replaced_value_is_only_that_value() {
        let old = "{\n  \"name\": \"a\",\n  \"trustTier\": \"T1\",\n  \"x\": [1, 2]\n}\n";
        let out = set_members(
            old,
            &[
                ("trustTier".into(), json!("T0")),
                ("certTier".into(), json!("SCANNED")),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "{\n  \"name\": \"a\",\n  \"trustTier\": \"T0\",\n  \"x\": [1, 2],\n  \"certTier\": \"SCANNED\"\n}\n"
        );
    }

    #[test]
    fn empty_objects_nested_values_and_repeated_keys() {
        assert_eq!(
            set_members("{ }", &[("name".into(), json!("a"))]).unwrap(),
            r#"{"name":"a" }"#
        );
        let old = r#"{"a":{"b":"}"},"name":"x","c":[{"d":"]"}],"name":"y"}"#;
        let out = set_members(old, &[("name".into(), json!("z"))]).unwrap();
        assert_eq!(
            out,
            r#"{"a":{"b":"}"},"name":"x","c":[{"d":"]"}],"name":"z"}"#
        );
        assert!(set_members("[1]", &[]).is_none());
        assert!(set_members(r#""s""#, &[]).is_none());
    }

    #[test]
    fn mend_reads_back_as_the_new_record() {
        let text = r#"{"b": 1.50, "a": true}"#;
        let old = map(serde_json::from_str(text).unwrap());
        let mut new = old.clone();
        new.insert("name".into(), json!("s"));
        new.insert("a".into(), json!(false));
        let out = mend(text, &old, &new);
        assert_eq!(out, r#"{"b": 1.50, "a": false, "name": "s"}"#);
        assert_eq!(mend(text, &old, &old), text);
    }
}
