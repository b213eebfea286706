//! The two walks drift computation makes: the merge over sorted sources and alias chains.

use std::collections::{BTreeMap, BTreeSet};
use std::iter::Peekable;

use crate::model::IndexEntry;

/// Walks sorted, duplicate-free iterators together, yielding each value once with where it occurs.
pub(super) struct Merge<'a> {
    pub(super) heads: [Peekable<Box<dyn Iterator<Item = &'a str> + 'a>>; 5],
}

impl<'a> Merge<'a> {
    pub(super) fn next(&mut self) -> Option<(&'a str, [bool; 5])> {
        let min = self
            .heads
            .iter_mut()
            .filter_map(|h| h.peek().copied())
            .min()?;
        let mut hit = [false; 5];
        for (i, h) in self.heads.iter_mut().enumerate() {
            if h.peek() == Some(&min) {
                h.next();
                hit[i] = true;
            }
        }
        Some((min, hit))
    }
}

pub(super) enum AliasEnd {
    Live,
    /// The chain walked, ending at a slug that is not live.
    Dead(Vec<String>),
    /// The chain walked until it repeated.
    Cycle(Vec<String>),
}

/// Follows an alias chain: a live target ends it; an alias target continues it; anything else is dead.
pub(super) fn resolve_alias(
    aliases: &BTreeMap<String, Result<String, String>>,
    start: &str,
    live: &dyn Fn(&str) -> bool,
) -> AliasEnd {
    let mut path = vec![start.to_string()];
    let mut seen: BTreeSet<&str> = BTreeSet::from([start]);
    let mut cur = start;
    loop {
        let target = match aliases.get(cur) {
            Some(Ok(t)) => t.as_str(),
            // A malformed link is reported on its own alias; the chain just stops here.
            _ => return AliasEnd::Dead(path),
        };
        path.push(target.to_string());
        if live(target) {
            return AliasEnd::Live;
        }
        if !seen.insert(target) {
            return AliasEnd::Cycle(path);
        }
        if !aliases.contains_key(target) {
            return AliasEnd::Dead(path);
        }
        cur = target;
    }
}

/// Index entries that are valid slugs, for callers that need them in blob order.
pub fn index_slugs(entries: &[IndexEntry]) -> impl Iterator<Item = &str> {
    entries
        .iter()
        .filter_map(|e| e.slug())
        .filter(|s| !s.is_empty())
}
