//! Enumerating the `skill:` keys by name.
//!
//! The first page of the whole prefix is always fetched; without a cursor the listing is
//! complete in one request. Small listings (fewer than [`super::PARALLEL_MIN_KEYS`] expected
//! from the other sources), the local target and `Listing::Serial` continue that one cursor
//! chain: exact for any key. Otherwise the listing is split at a letter `s` chosen so that
//! about a third of the expected keys sort below it ([`split_point`]):
//! - the serial chain continues from the first page until it passes the first key at or above `s`;
//!   it sees every key below `s`, whatever its characters (digits, `-`, `_`, upper case, …);
//! - concurrently, one chain per prefix `skill:<c>` for every letter `c` from `s` to `z`, every
//!   ASCII character above `z` (`{ | } ~ DEL`) and every non-ASCII first character any source
//!   names ([`partition_alphabet`]).
//!
//! Listing is sorted by UTF-8 bytes, so together they are exact for every key whose first slug
//! character is ASCII. The one gap: a key whose first character is non-ASCII and that no other
//! source mentions; `mkt health --serial-list` closes it at the cost of a serial walk.
//!
//! Cost: ⌈N/1000⌉ plus about one partly filled page per partition (≤ 31 partitions).

use std::collections::{BTreeMap, BTreeSet};

use futures::stream::{self, StreamExt};

use crate::model::slug_from_key;
use crate::store::{KvStore, LIST_PAGE_MAX};

/// Partition list requests in flight at once: below the Cloudflare client's default concurrency (8),
/// so the serial chain, the longest path, never queues behind partitions.
const LIST_CONCURRENCY: usize = 6;

/// Walks a cursor chain to its end (or past the first key whose first character is at least
/// `stop_at`), appending slugs to `slugs` (in listing order: sorted).
pub(super) async fn walk(
    kv: &dyn KvStore,
    prefix: &str,
    list_prefix: &str,
    mut cursor: Option<String>,
    stop_at: Option<char>,
    slugs: &mut Vec<String>,
) -> Result<(), String> {
    let mut pages = 0usize;
    loop {
        let page = kv
            .list_page(list_prefix, cursor.as_deref(), LIST_PAGE_MAX)
            .await
            .map_err(|e| format!("listing {list_prefix:?} failed after {pages} pages: {e}"))?;
        pages += 1;
        for k in page.keys {
            if let Some(s) = slug_from_key(&k.name, prefix) {
                slugs.push(s.to_string());
            }
        }
        let done = stop_at.is_some_and(|c| {
            slugs
                .last()
                .and_then(|s| s.chars().next())
                .is_some_and(|f| f >= c)
        });
        match page.cursor.filter(|c| !c.is_empty() && !done) {
            Some(c) => cursor = Some(c),
            None => return Ok(()),
        }
    }
}

pub(super) fn tally<'a>(hints: &mut BTreeMap<char, usize>, slugs: impl Iterator<Item = &'a str>) {
    for c in slugs.filter_map(|s| s.chars().next()) {
        *hints.entry(c).or_default() += 1;
    }
}

pub(super) async fn continue_serial(
    kv: &dyn KvStore,
    prefix: &str,
    cursor: String,
    mut slugs: Vec<String>,
) -> Result<BTreeSet<String>, String> {
    walk(kv, prefix, prefix, Some(cursor), None, &mut slugs).await?;
    // Sorted input: collecting bulk-builds the set in linear time.
    Ok(slugs.into_iter().collect())
}

/// The letter where the serial walk hands over to partitions: the smallest one with about a
/// third of the expected keys below it, so the serial chain and the partitions finish together.
/// `None` (walk serially) when the keys do not spread over letters.
pub fn split_point(hints: &BTreeMap<char, usize>) -> Option<char> {
    let total: usize = hints.values().sum();
    let mut below: usize = hints.range(..'a').map(|(_, n)| n).sum();
    for c in 'a'..='z' {
        if below * 3 >= total {
            return Some(c);
        }
        below += hints.get(&c).copied().unwrap_or(0);
    }
    None
}

/// The partitions above the split: every letter from `split` to `z`, every ASCII character
/// above `z`, and every hinted non-ASCII first character.
pub fn partition_alphabet(split: char, hints: &BTreeMap<char, usize>) -> BTreeSet<char> {
    let mut a: BTreeSet<char> = (split..='z').chain('{'..='\u{7f}').collect();
    a.extend(hints.keys().copied().filter(|c| *c > '\u{7f}'));
    a
}

/// Lists `prefix` as one serial chain from the start up to `split`, concurrently with one chain
/// per partition character from `split` up. Below `split` the serial chain sees every key, so
/// the listing is exact for every key whose first character is ASCII (and for hinted ones).
pub(super) async fn list_split(
    kv: &dyn KvStore,
    prefix: &str,
    first: Vec<String>,
    cursor: String,
    split: char,
    hints: &BTreeMap<char, usize>,
) -> Result<BTreeSet<String>, String> {
    let reached = |v: &[String]| {
        v.last()
            .and_then(|s| s.chars().next())
            .is_some_and(|c| c >= split)
    };
    let serial = async {
        let mut slugs = first;
        if !reached(&slugs) {
            walk(kv, prefix, prefix, Some(cursor), Some(split), &mut slugs).await?;
        }
        Ok::<_, String>(slugs)
    };
    let parts: Vec<String> = partition_alphabet(split, hints)
        .into_iter()
        .map(|c| format!("{prefix}{c}"))
        .collect();
    let partitioned = stream::iter(parts)
        .map(|p| async move {
            let mut part = Vec::new();
            walk(kv, prefix, &p, None, None, &mut part)
                .await
                .map(|_| part)
        })
        .buffer_unordered(LIST_CONCURRENCY)
        .collect::<Vec<Result<Vec<String>, String>>>();
    let (serial, results) = tokio::join!(serial, partitioned);
    let mut all = serial?;
    for r in results {
        all.extend(r?);
    }
    // Collecting sorts and removes the overlap of the serial chain's last page with a partition.
    Ok(all.into_iter().collect())
}
