//! The pure part of the split listing: which keys a walk owns, how a walk splits after a full
//! page, and a rough guess of how many keys are still ahead of it.
//!
//! KV lists keys by prefix only, sorted by UTF-8 bytes, and a cursor is bound to the prefix it
//! came from; a walk can start at the beginning of a prefix and nowhere else. So a walk standing
//! at key `L` of prefix `P` (next character `c`) can hand the rest of `P` over as one new walk per
//! declared character above `c` (each `P + d` starts at its own beginning) and keep only `P + c`.
//! Nothing behind `L` is listed again. What no walk covers any more is `P` followed by a character
//! outside the declared alphabet (there is no prefix for "every other character"): why a split
//! listing runs only on a declared alphabet, and is exact only as far as the declaration holds.

use crate::config::Alphabet;

/// The keys one walk answers for: those starting with `prefix` whose next character is below
/// `below` (any next character when `None`), from wherever the walk stands onwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub prefix: String,
    /// The region ends where keys continue with this character or anything above.
    pub below: Option<char>,
}

impl Region {
    pub fn whole(prefix: impl Into<String>) -> Self {
        Region {
            prefix: prefix.into(),
            below: None,
        }
    }

    /// Whether `key`, which sorts at or after the region's start, is still inside it. Keys come
    /// sorted (UTF-8 byte order is code point order), so the first key outside means the walk has
    /// passed its region.
    pub fn owns(&self, key: &str) -> bool {
        match key.strip_prefix(self.prefix.as_str()) {
            None => false,
            Some(rest) => match (self.below, rest.chars().next()) {
                (Some(below), Some(next)) => next < below,
                _ => true,
            },
        }
    }
}

/// A walk's region after a split, and the new walks that take the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub keep: Region,
    pub siblings: Vec<Region>,
}

/// First character slugs are mostly made of: below it sit digits, `-`, upper case and
/// punctuation, sparse in real catalogs.
const DENSE_FROM: char = 'a';

/// How `region` splits after a full page whose last key is `last`, under `alphabet`.
///
/// With `c` the character after the prefix in `last`: one sibling per declared character from
/// the one after `c` to the region's end, and the walk keeps `prefix + c`. When `c` is below `a`
/// (and `a` is declared), the characters between `c` and `a` stay with the walk (one sibling each
/// would cost a request apiece for keys that are rarely there) and the siblings start at `a`.
/// `None` when there is nothing to hand over (`c` is the region's last declared character, is
/// not declared, or `last` is the prefix itself).
pub fn split(region: &Region, last: &str, alphabet: &Alphabet) -> Option<Split> {
    let rest = last.strip_prefix(region.prefix.as_str())?;
    let c = rest.chars().next()?;
    if !alphabet.contains(c) {
        return None;
    }
    let inside = |d: &char| region.below.is_none_or(|b| *d < b);
    let next = alphabet.after(c).next().filter(inside)?;
    let first_sibling = if c < DENSE_FROM && alphabet.contains(DENSE_FROM) && inside(&DENSE_FROM) {
        DENSE_FROM
    } else {
        next
    };
    let keep = if first_sibling == next {
        Region::whole(format!("{}{c}", region.prefix))
    } else {
        Region {
            prefix: region.prefix.clone(),
            below: Some(first_sibling),
        }
    };
    let siblings = alphabet
        .after(c)
        .skip_while(|d| *d < first_sibling)
        .take_while(inside)
        .map(|d| Region::whole(format!("{}{d}", region.prefix)))
        .collect();
    Some(Split { keep, siblings })
}

/// How often English words start with `c`, in percent (0 for anything else): which new walks to
/// start first when there are more than requests in flight, so the big ones (s, c, p, …) are
/// not the ones kept waiting. Only the order depends on it, never what is listed.
pub fn letter_weight(c: char) -> f64 {
    const PERCENT: [f64; 26] = [
        5.9, 5.8, 9.4, 6.2, 4.2, 4.3, 3.3, 3.7, 3.9, 0.9, 0.9, 3.3, 5.6, // a..m
        2.1, 2.6, 8.0, 0.5, 5.1, 11.0, 5.3, 2.3, 1.7, 2.7, 0.1, 0.4, 0.3, // n..z
    ];
    match c {
        'a'..='z' => PERCENT[(c as usize) - ('a' as usize)],
        _ => 0.0,
    }
}

/// Where the text `s` sits in [0, 1): its first bytes read as base-128 digits (non-ASCII as the
/// highest digit).
fn position(s: &str) -> f64 {
    let mut p = 0.0;
    let mut scale = 1.0 / 128.0;
    for &b in s.as_bytes().iter().take(4) {
        p += f64::from(b.min(127)) * scale;
        scale /= 128.0;
    }
    p
}

/// Roughly how many keys of `region` lie after `last`, from the density between `from` and
/// `last` (`keys_between` keys apart), assuming nothing above `z`. Real catalogs are not uniform,
/// so only the order of magnitude means anything: it decides whether a split can pay for its
/// requests, and which walk goes first.
pub fn estimated_remaining(region: &Region, from: &str, last: &str, keys_between: usize) -> f64 {
    let rel = |k: &str| position(k.strip_prefix(region.prefix.as_str()).unwrap_or(""));
    let (a, b) = (rel(from), rel(last));
    let top = f64::from(u32::from(region.below.unwrap_or('{').min('{'))) / 128.0;
    let span = (b - a).max(1e-12);
    (top - b).max(0.0) / span * keys_between as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ascii() -> Alphabet {
        Alphabet::parse("ascii").unwrap().unwrap()
    }

    #[test]
    fn a_split_hands_every_declared_character_above_over_and_keeps_the_current_one() {
        let s = split(&Region::whole("skill:"), "skill:ab-x", &ascii()).unwrap();
        assert_eq!(s.keep, Region::whole("skill:a"));
        let firsts: Vec<String> = s.siblings.iter().map(|r| r.prefix.clone()).collect();
        assert_eq!(firsts.len(), 30, "b..=z and {{ | }} ~ DEL");
        assert_eq!(firsts[0], "skill:b");
        assert_eq!(firsts[29], "skill:\u{7f}");
        let slug = Alphabet::parse("a-z0-9-").unwrap().unwrap();
        let s = split(&Region::whole("skill:"), "skill:ab-x", &slug).unwrap();
        assert_eq!(s.siblings.len(), 25, "b..=z only");
    }

    #[test]
    fn sparse_characters_below_a_stay_with_the_walk() {
        let s = split(&Region::whole("skill:"), "skill:3d-print", &ascii()).unwrap();
        assert_eq!(
            s.keep,
            Region {
                prefix: "skill:".into(),
                below: Some('a')
            }
        );
        assert_eq!(s.siblings.len(), 31);
        assert!(s.keep.owns("skill:Zeta") && s.keep.owns("skill:_x") && !s.keep.owns("skill:a"));
        // Splitting that range again hands over what is left below `a`.
        let again = split(&s.keep, "skill:Q", &ascii()).unwrap();
        assert_eq!(again.keep, Region::whole("skill:Q"));
        assert_eq!(again.siblings.first().unwrap().prefix, "skill:R");
        assert_eq!(again.siblings.last().unwrap().prefix, "skill:`");
    }

    #[test]
    fn nothing_to_split_at_the_end_or_outside_the_alphabet() {
        assert_eq!(
            split(&Region::whole("skill:"), "skill:\u{7f}x", &ascii()),
            None
        );
        assert_eq!(split(&Region::whole("skill:"), "skill:é", &ascii()), None);
        assert_eq!(split(&Region::whole("skill:"), "skill:", &ascii()), None);
        let bounded = Region {
            prefix: "skill:".into(),
            below: Some('a'),
        };
        assert_eq!(split(&bounded, "skill:`z", &ascii()), None);
    }

    #[test]
    fn ownership_ends_where_the_region_ends() {
        let r = Region::whole("skill:c");
        assert!(r.owns("skill:c") && r.owns("skill:code") && r.owns("skill:cé"));
        assert!(!r.owns("skill:d"));
        let below = Region {
            prefix: "skill:".into(),
            below: Some('é'),
        };
        assert!(below.owns("skill:\u{7f}") && below.owns("skill:ä") && !below.owns("skill:中"));
    }

    #[test]
    fn the_estimate_tells_a_small_catalog_from_a_large_one() {
        let root = Region::whole("skill:");
        // 500 keys from `f` to `k` (uniform first letters, 2,500 keys): ~1,600 left.
        let small = estimated_remaining(&root, "skill:f-1", "skill:k-1", 500);
        assert!((1000.0..3000.0).contains(&small), "{small}");
        // 500 keys within `a` (100,000 keys): far more than a few pages left.
        let large = estimated_remaining(&root, "skill:aa-1", "skill:ab-1", 500);
        assert!(large > 50_000.0, "{large}");
        // Past `z`: nothing expected.
        assert_eq!(estimated_remaining(&root, "skill:z", "skill:~", 500), 0.0);
    }
}
