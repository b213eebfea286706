//! The declared key alphabet (`key_alphabet`, `MKT_KEY_ALPHABET`, `--key-alphabet`): the
//! characters the keys under the skill prefix are made of, which a split listing may assume.
//!
//! KV lists by prefix, cursor and limit only, so a listing split into parallel walks covers a
//! prefix's continuations character by character and cannot name "every other character" (see
//! docs/listing.md for why no parallel walk can be exact for an unknown alphabet). Without a
//! declaration the listing is serial and exact for any key; with one it splits into the declared
//! characters and says which alphabet it assumed.

use serde::{Serialize, Serializer};

/// More characters than this would make a split hand out more walks than the request budget
/// allows anyway; such a declaration is refused rather than silently not split.
const MAX_CHARS: usize = 1000;

/// A declared set of characters, as the operator wrote it and as sorted ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alphabet {
    spec: String,
    /// Disjoint, sorted, inclusive.
    ranges: Vec<(char, char)>,
}

impl Serialize for Alphabet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.spec)
    }
}

impl Alphabet {
    /// `ascii` (U+0000–U+007F), or characters and ranges written like a regex class without the
    /// brackets: `a-z0-9._/:-` (a `-` first or last is itself). `any` or an empty value declares
    /// nothing (`None`).
    pub fn parse(spec: &str) -> Result<Option<Alphabet>, String> {
        let spec = spec.trim();
        if spec.is_empty() || spec.eq_ignore_ascii_case("any") {
            return Ok(None);
        }
        let mut ranges: Vec<(char, char)> = Vec::new();
        if spec.eq_ignore_ascii_case("ascii") {
            ranges.push(('\0', '\u{7f}'));
        } else {
            let chars: Vec<char> = spec.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                let c = chars[i];
                if i + 2 < chars.len() && chars[i + 1] == '-' {
                    let end = chars[i + 2];
                    if end < c {
                        return Err(format!(
                            "invalid key alphabet {spec:?}: the range {c}-{end} runs backwards"
                        ));
                    }
                    ranges.push((c, end));
                    i += 3;
                } else {
                    ranges.push((c, c));
                    i += 1;
                }
            }
        }
        ranges.sort();
        let mut merged: Vec<(char, char)> = Vec::new();
        for (a, b) in ranges {
            match merged.last_mut() {
                Some((_, end)) if u32::from(a) <= u32::from(*end) + 1 => *end = (*end).max(b),
                _ => merged.push((a, b)),
            }
        }
        let alphabet = Alphabet {
            spec: spec.to_string(),
            ranges: merged,
        };
        let size: usize = alphabet.chars().count();
        if size > MAX_CHARS {
            return Err(format!(
                "invalid key alphabet {spec:?}: {size} characters; declare at most {MAX_CHARS} (or none: the listing is then serial and exact for any key)"
            ));
        }
        Ok(Some(alphabet))
    }

    /// As the operator wrote it.
    pub fn spec(&self) -> &str {
        &self.spec
    }

    pub fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b)
    }

    /// The first character of `s` outside the alphabet, if any.
    pub fn outside(&self, s: &str) -> Option<char> {
        s.chars().find(|&c| !self.contains(c))
    }

    /// Every declared character, in UTF-8 (= code point) order.
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.ranges.iter().flat_map(|&(a, b)| a..=b)
    }

    /// The declared characters above `c`, in order.
    pub fn after(&self, c: char) -> impl Iterator<Item = char> + '_ {
        self.chars().skip_while(move |&d| d <= c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keywords_classes_and_ranges() {
        assert_eq!(Alphabet::parse("any").unwrap(), None);
        assert_eq!(Alphabet::parse("  ").unwrap(), None);
        let ascii = Alphabet::parse("ascii").unwrap().unwrap();
        assert_eq!(ascii.chars().count(), 128);
        assert!(ascii.contains('\u{7f}') && !ascii.contains('é'));
        let slug = Alphabet::parse("a-z0-9._/:-").unwrap().unwrap();
        assert_eq!(slug.chars().count(), 26 + 10 + 5);
        assert!(slug.contains('-') && slug.contains('/') && !slug.contains('A'));
        assert_eq!(slug.outside("code-review/v2"), None);
        assert_eq!(slug.outside("café"), Some('é'));
        assert_eq!(slug.after('x').collect::<String>(), "yz");
        let mixed = Alphabet::parse("a-cäöü").unwrap().unwrap();
        assert_eq!(mixed.chars().collect::<String>(), "abcäöü");
        assert_eq!(mixed.spec(), "a-cäöü");
    }

    #[test]
    fn refuses_backward_ranges_and_huge_alphabets() {
        assert!(Alphabet::parse("z-a").unwrap_err().contains("backwards"));
        assert!(Alphabet::parse("\u{100}-\u{10000}")
            .unwrap_err()
            .contains("at most"));
    }
}
