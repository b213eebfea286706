//! Enumerating the `skill:` keys by name, split by where the keys actually are.
//!
//! Every listing starts as one cursor walk over the whole prefix. When a walk's page comes back
//! full and splitting pays (a good many keys are estimated to lie ahead), the rest of its prefix
//! is handed to new walks, one per ASCII character above the page's last key at that position
//! ([`region::split`]); the walk keeps its current character and goes on from its cursor, so
//! nothing already listed is listed again. New walks split the same way, recursively, as long
//! as the command stays within its request budget (1.1 per 1,000 keys plus 40, counting every
//! source's requests; see [`within_budget`]). Walks run concurrently, at most
//! [`KvStore::max_in_flight`] requests at once, the walk with the most keys ahead first.
//!
//! Exactness: a walk never drops a key it was given; each key belongs to exactly one walk's
//! region, and keys a walk sees past its region (the overlap of its last page) are kept too and
//! merged. The one gap of a split listing is a key whose character right after a split prefix is
//! not ASCII; [`list_blind_spots`] walks those named by another source, and `--serial-list`
//! (one walk, never split) is exact for any key. Small catalogs, the local target and
//! `--serial-list` stay serial: one request per 1,000 keys.

use std::collections::BTreeSet;

use futures::stream::{FuturesUnordered, StreamExt};
use serde::Serialize;

use crate::model::slug_from_key;
use crate::store::{KvStore, LIST_PAGE_MAX};

mod region;
use region::{estimated_remaining, letter_weight, split, Region};

/// Split only when about this many keys are still ahead of the walk: below it a few more serial
/// pages cost less than the new walks' requests.
const SPLIT_MIN_KEYS: f64 = 4_000.0;
/// A page counts as full (worth deciding a split on) with at least this many keys.
const FULL_PAGE: usize = LIST_PAGE_MAX / 2;

/// How the keys were listed (part of the health report).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListingMode {
    /// One cursor walk: exact for any key.
    Serial,
    /// Concurrent walks over disjoint prefixes: exact for every key whose character right after
    /// each split prefix is ASCII, and for any key another source names.
    Split,
}

/// What the listing did, for the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListingReport {
    pub mode: ListingMode,
    /// Cursor walks used.
    pub walks: usize,
    /// Prefixes the listing was split below (empty when serial): a key continuing one of them
    /// with a non-ASCII character is found only if another source names it.
    pub split_prefixes: Vec<String>,
    /// What a split listing may miss and how to list everything (`null` when serial).
    pub caveat: Option<&'static str>,
}

/// The one blind spot of a split listing, said wherever the listing is reported.
pub const SPLIT_CAVEAT: &str = "exact for keys whose character after each split prefix is ASCII and for keys another source names; `mkt health --serial-list` lists any key";

impl ListingReport {
    fn new(walks: usize, split_prefixes: Vec<String>) -> Self {
        let split = !split_prefixes.is_empty();
        ListingReport {
            mode: if split {
                ListingMode::Split
            } else {
                ListingMode::Serial
            },
            walks,
            split_prefixes,
            caveat: split.then_some(SPLIT_CAVEAT),
        }
    }
}

/// Slugs listed, and how.
#[derive(Clone, Debug)]
pub struct Listed {
    pub slugs: BTreeSet<String>,
    pub report: ListingReport,
}

/// One cursor walk.
struct Walk {
    /// Sent with every request of this walk (its cursors are bound to it).
    list_prefix: String,
    region: Region,
    cursor: Option<String>,
    pages: usize,
    /// Slugs in `region`, in listing order.
    owned: Vec<String>,
    /// Estimated keys ahead: who goes first. Before its first page a walk ranks above every
    /// started one (it must be started anyway, and may be the longest), likelier letters first.
    ahead: f64,
}

/// Ranks walks that have not started above any estimate a started walk can have.
const UNSTARTED: f64 = 1e15;

impl Walk {
    fn new(region: Region) -> Self {
        let last = region.prefix.as_bytes().last().copied().unwrap_or(0);
        Walk {
            list_prefix: region.prefix.clone(),
            ahead: UNSTARTED * (1.0 + letter_weight(last)),
            region,
            cursor: None,
            pages: 0,
            owned: Vec::new(),
        }
    }
}

/// Whether `new_walks` more walks keep the command within 1.1 requests per 1,000 keys plus 40,
/// with `keys_seen` (a lower bound of the total) standing in for the total. `spent` is every
/// request the command has sent so far (all sources). Every open or new walk is charged one more
/// request than its keys need (its partly filled last page), and a small reserve is kept for
/// requests other sources have yet to send (durable names come 50,000 per request).
fn within_budget(spent: u64, keys_seen: usize, open_walks: usize, new_walks: usize) -> bool {
    let pages = keys_seen as f64 / LIST_PAGE_MAX as f64;
    let extra_so_far = spent as f64 - pages;
    let reserve = 2.0 + pages * 0.02;
    let allowed = 0.1 * pages.ceil() + 40.0;
    extra_so_far + (open_walks + new_walks) as f64 + reserve <= allowed
}

/// Lists every key under `prefix`; `split` allows splitting. `spent` reads how many requests the
/// command has sent so far (every source), for the budget.
pub(super) async fn list(
    kv: &dyn KvStore,
    prefix: &str,
    split_allowed: bool,
    spent: &(dyn Fn() -> u64 + Sync),
) -> Result<Listed, String> {
    walk_all(
        kv,
        prefix,
        vec![Region::whole(prefix)],
        split_allowed,
        spent,
    )
    .await
}

/// Walks `regions` (and the walks splits add) to their ends; slugs are keys minus `prefix`.
async fn walk_all(
    kv: &dyn KvStore,
    prefix: &str,
    regions: Vec<Region>,
    split_allowed: bool,
    spent: &(dyn Fn() -> u64 + Sync),
) -> Result<Listed, String> {
    let cap = kv.max_in_flight().max(1);
    let mut walks = regions.len();
    let mut waiting: Vec<Walk> = regions.into_iter().map(Walk::new).collect();
    let mut running = FuturesUnordered::new();
    let mut finished: Vec<Walk> = Vec::new();
    // Keys seen past a walk's region (its last page running into a sibling's).
    let mut overlap: Vec<String> = Vec::new();
    let mut split_prefixes: Vec<String> = Vec::new();
    let mut keys_seen = 0usize;
    loop {
        while running.len() < cap && !waiting.is_empty() {
            let next = (0..waiting.len())
                .max_by(|&a, &b| waiting[a].ahead.total_cmp(&waiting[b].ahead))
                .expect("not empty");
            let walk = waiting.swap_remove(next);
            running.push(async move {
                let page = kv
                    .list_page(&walk.list_prefix, walk.cursor.as_deref(), LIST_PAGE_MAX)
                    .await;
                (walk, page)
            });
        }
        let Some((mut walk, page)) = running.next().await else {
            break;
        };
        let page = page.map_err(|e| match walk.pages {
            // The very first request: the error says it all (token, namespace, …).
            0 if walks == 1 => e.to_string(),
            n => format!("listing {:?} failed after {n} pages: {e}", walk.list_prefix),
        })?;
        walk.pages += 1;
        keys_seen += page.keys.len();
        let page_len = page.keys.len();
        let mut passed = false;
        let mut last_owned: Option<String> = None;
        let mut mid: Option<String> = None;
        let half = page_len / 2;
        for (i, k) in page.keys.into_iter().enumerate() {
            passed = passed || !walk.region.owns(&k.name);
            if i == half {
                mid = Some(k.name.clone());
            }
            let Some(slug) = slug_from_key(&k.name, prefix) else {
                continue;
            };
            if passed {
                overlap.push(slug.to_string());
            } else {
                walk.owned.push(slug.to_string());
                last_owned = Some(k.name);
            }
        }
        let cursor = match page.cursor.filter(|c| !c.is_empty()) {
            Some(c) if Some(&c) == walk.cursor.as_ref() => {
                return Err(format!(
                    "listing {:?} returned the same cursor twice; the listing cannot be completed",
                    walk.list_prefix
                ))
            }
            Some(c) if !passed => c,
            _ => {
                finished.push(walk);
                continue;
            }
        };
        if let (true, Some(last), Some(mid)) = (page_len >= FULL_PAGE, &last_owned, &mid) {
            // Every key of the page is the walk's (it has not passed its region).
            walk.ahead = estimated_remaining(&walk.region, mid, last, page_len - 1 - half);
            let open = running.len() + waiting.len() + 1;
            if let Some(s) = split(&walk.region, last).filter(|s| {
                split_allowed
                    && walk.ahead >= SPLIT_MIN_KEYS
                    && within_budget(spent(), keys_seen, open, s.siblings.len())
            }) {
                walks += s.siblings.len();
                waiting.extend(s.siblings.into_iter().map(Walk::new));
                split_prefixes.extend(s.blind);
                walk.region = s.keep;
            }
        }
        walk.cursor = Some(cursor);
        waiting.push(walk);
    }
    // Regions are disjoint and each walk's keys are sorted: ordered by region, the concatenation
    // is sorted and collecting it is linear.
    finished.sort_by(|a, b| a.region.prefix.cmp(&b.region.prefix));
    let mut slugs: BTreeSet<String> = if finished.len() == 1 {
        // A serial listing (the local target's) collects its one vector in place: flattening it
        // would copy 1,000,000 keys into a second vector while the first is still held.
        finished
            .pop()
            .expect("one walk")
            .owned
            .into_iter()
            .collect()
    } else {
        finished.into_iter().flat_map(|w| w.owned).collect()
    };
    slugs.extend(overlap);
    Ok(Listed {
        slugs,
        report: ListingReport::new(walks, split_prefixes),
    })
}

/// Walks the blind spots other sources point at: for each `named` slug the listing did not
/// find whose key continues a split prefix with a non-ASCII character, that prefix plus the
/// character, walked serially. Costs nothing when every named slug was found. Returns the slugs
/// it added.
pub(super) async fn list_blind_spots<'a>(
    kv: &dyn KvStore,
    prefix: &str,
    listed: &mut Listed,
    named: impl Iterator<Item = &'a str>,
) -> Result<BTreeSet<String>, String> {
    let mut spots: BTreeSet<String> = BTreeSet::new();
    // An all-ASCII slug is never in a blind spot: the cheap test first.
    for slug in named.filter(|s| !s.is_ascii() && !listed.slugs.contains(*s)) {
        let key = format!("{prefix}{slug}");
        for p in &listed.report.split_prefixes {
            if let Some(c) = key
                .strip_prefix(p.as_str())
                .and_then(|r| r.chars().next())
                .filter(|c| !c.is_ascii())
            {
                spots.insert(format!("{p}{c}"));
            }
        }
    }
    if spots.is_empty() {
        return Ok(BTreeSet::new());
    }
    let regions = spots.into_iter().map(Region::whole).collect();
    let found = walk_all(kv, prefix, regions, false, &|| 0).await?;
    listed.report.walks += found.report.walks;
    let new: BTreeSet<String> = found
        .slugs
        .into_iter()
        .filter(|s| !listed.slugs.contains(s))
        .collect();
    listed.slugs.extend(new.iter().cloned());
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_split_of_a_large_listing_fits_the_budget() {
        // Root page back (1,000 keys), index, aliases and durable sent: 30 new walks fit.
        assert!(within_budget(4, 1000, 1, 30));
        // Far past the constant with few keys seen: refused.
        assert!(!within_budget(40, 2000, 1, 30));
        // 1,000,000 keys leave room for more splits late in the listing.
        assert!(within_budget(960, 900_000, 10, 30));
    }
}
