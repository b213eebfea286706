//! Enumerating the `skill:` keys by name: exact by default, split when the operator declares
//! the key alphabet.
//!
//! **Exact by default.** KV's list call takes a prefix, a cursor and a limit, and a cursor is
//! bound to the prefix it came from, so a walk starts at the beginning of a prefix and nowhere
//! else. A key that continues a prefix `P` with a character nobody named can only be reached by a
//! walk over `P` (or shorter) that first pages through every key of `P` before it: for an
//! unknown alphabet no set of parallel walks lists `P` in fewer requests in a row than one
//! cursor walk does. So without a declared alphabet the listing is that walk: one request per
//! 1,000 keys, exact for any key (docs/listing.md has the argument).
//!
//! **Split on a declared alphabet** (`key_alphabet`). The listing starts as one cursor walk;
//! when a page comes back full and splitting pays (a good many keys are estimated to lie ahead),
//! the rest of its prefix is handed to new walks, one per declared character above the page's
//! last key at that position ([`region::split`]); the walk keeps its current character and goes
//! on from its cursor, so nothing already listed is listed again. New walks split the same way,
//! recursively, as long as the command stays within its request budget (1.1 per 1,000 keys plus
//! 40, counting every source's requests; see [`within_budget`]). Walks run concurrently, at most
//! [`KvStore::max_in_flight`] requests at once, the walk with the most keys ahead first. Every
//! key seen is checked against the declaration: one outside it proves the declaration wrong, and
//! the keys are then listed serially instead (exact), the report naming that key. Keys other
//! sources name are point-checked ([`list_blind_spots`]) whatever their characters.
//!
//! Every walk's pages are checked as they come ([`PageCheck`]): a cursor given twice, keys that do
//! not increase or an empty body end the listing as broken, never as complete.

use std::collections::BTreeSet;

use futures::stream::{FuturesUnordered, StreamExt};
use serde::Serialize;

use crate::config::Alphabet;
use crate::model::slug_from_key;
use crate::store::{KvStore, PageCheck, LIST_PAGE_MAX};

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
    /// Concurrent walks over disjoint prefixes: exact for every key made of the declared
    /// alphabet, and for any key another source names.
    Split,
}

/// What the listing did, for the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListingReport {
    pub mode: ListingMode,
    /// Cursor walks used.
    pub walks: usize,
    /// Prefixes the listing was split below (empty when serial): a key continuing one of them
    /// with a character outside the declared alphabet is found only if another source names it.
    pub split_prefixes: Vec<String>,
    /// The key alphabet the listing assumed (`null`: none, the listing is exact for any key).
    pub alphabet: Option<Alphabet>,
    /// A key found outside the declared alphabet: the declaration does not hold, and the keys
    /// were listed serially instead.
    pub outside_alphabet: Option<String>,
    /// What a split listing assumed and how to list without assuming (`null` when serial).
    pub caveat: Option<String>,
}

/// The one assumption of a split listing, said wherever the listing is reported.
pub fn split_caveat(alphabet: &Alphabet) -> String {
    format!(
        "exact if every key under the prefix is made of the declared key alphabet {:?} (key_alphabet), and for keys another source names; without key_alphabet (or with --serial-list) the listing is one serial walk, exact for any key",
        alphabet.spec()
    )
}

impl ListingReport {
    fn serial(walks: usize, outside_alphabet: Option<String>) -> Self {
        ListingReport {
            mode: ListingMode::Serial,
            walks,
            split_prefixes: Vec::new(),
            alphabet: None,
            outside_alphabet,
            caveat: None,
        }
    }
    fn split(walks: usize, split_prefixes: Vec<String>, alphabet: &Alphabet) -> Self {
        ListingReport {
            mode: ListingMode::Split,
            walks,
            split_prefixes,
            alphabet: Some(alphabet.clone()),
            outside_alphabet: None,
            caveat: Some(split_caveat(alphabet)),
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
    check: PageCheck,
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
        let last = region.prefix.chars().last().unwrap_or('\0');
        Walk {
            list_prefix: region.prefix.clone(),
            check: PageCheck::new(&region.prefix),
            ahead: UNSTARTED * (1.0 + letter_weight(last)),
            region,
            cursor: None,
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

/// Lists every key under `prefix`: serially, or split on `alphabet` when one is declared (and
/// serially after all when a key outside it turns up). `spent` reads how many requests the
/// command has sent so far (every source), for the budget.
pub(super) async fn list(
    kv: &dyn KvStore,
    prefix: &str,
    alphabet: Option<&Alphabet>,
    spent: &(dyn Fn() -> u64 + Sync),
) -> Result<Listed, String> {
    let mut walks = 0;
    let mut outside = None;
    if let Some(alphabet) = alphabet {
        let walked = walk_all(
            kv,
            prefix,
            vec![Region::whole(prefix)],
            Some(alphabet),
            spent,
        )
        .await?;
        match walked.outside {
            None => {
                return Ok(Listed {
                    slugs: walked.slugs,
                    report: ListingReport::split(walked.walks, walked.split_prefixes, alphabet),
                })
            }
            Some(key) => {
                walks = walked.walks;
                outside = Some(key);
            }
        }
    }
    serial(kv, prefix, walks, outside).await
}

/// One cursor walk over `prefix`, after `walks` other walks (a split that found a key outside
/// its alphabet, `outside`).
async fn serial(
    kv: &dyn KvStore,
    prefix: &str,
    walks: usize,
    outside: Option<String>,
) -> Result<Listed, String> {
    let walked = walk_all(kv, prefix, vec![Region::whole(prefix)], None, &|| 0).await?;
    Ok(Listed {
        slugs: walked.slugs,
        report: ListingReport::serial(walks + walked.walks, outside),
    })
}

/// What walking some regions found.
struct Walked {
    slugs: BTreeSet<String>,
    walks: usize,
    split_prefixes: Vec<String>,
    /// The first key seen outside the alphabet the walks split on (they stopped there).
    outside: Option<String>,
}

/// Walks `regions` (and the walks splits add, when `alphabet` allows splitting) to their ends;
/// slugs are keys minus `prefix`. With an alphabet, stops at the first key outside it.
async fn walk_all(
    kv: &dyn KvStore,
    prefix: &str,
    regions: Vec<Region>,
    alphabet: Option<&Alphabet>,
    spent: &(dyn Fn() -> u64 + Sync),
) -> Result<Walked, String> {
    let cap = kv.max_in_flight().max(1);
    let mut walks = regions.len();
    let mut waiting: Vec<Walk> = regions.into_iter().map(Walk::new).collect();
    let mut running = FuturesUnordered::new();
    let mut finished: Vec<Walk> = Vec::new();
    // Keys seen past a walk's region (its last page running into a sibling's).
    let mut overlap: Vec<String> = Vec::new();
    let mut split_prefixes: BTreeSet<String> = BTreeSet::new();
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
        let started = walk.cursor.is_some();
        let checked = page.and_then(|p| walk.check.next(kv, &p).map(|next| (p, next)));
        let (page, next) = checked.map_err(|e| match e {
            // The very first request: the error says it all (token, namespace, …).
            e if !started && walks == 1 => e.to_string(),
            e @ crate::store::StoreError::BrokenListing(_) => e.to_string(),
            e => format!("listing {:?} failed mid-walk: {e}", walk.list_prefix),
        })?;
        keys_seen += page.keys.len();
        if let Some(a) = alphabet {
            let stray = page.keys.iter().find(|k| {
                k.name
                    .strip_prefix(prefix)
                    .is_some_and(|rest| a.outside(rest).is_some())
            });
            if let Some(k) = stray {
                // The declaration does not hold: what the split walks have is not the whole.
                return Ok(Walked {
                    slugs: BTreeSet::new(),
                    walks,
                    split_prefixes: Vec::new(),
                    outside: Some(k.name.clone()),
                });
            }
        }
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
        let cursor = match next {
            Some(c) if !passed => c,
            _ => {
                finished.push(walk);
                continue;
            }
        };
        if let (Some(alphabet), true, Some(last), Some(mid)) =
            (alphabet, page_len >= FULL_PAGE, &last_owned, &mid)
        {
            // Every key of the page is the walk's (it has not passed its region).
            walk.ahead = estimated_remaining(&walk.region, mid, last, page_len - 1 - half);
            let open = running.len() + waiting.len() + 1;
            if let Some(s) = split(&walk.region, last, alphabet).filter(|s| {
                walk.ahead >= SPLIT_MIN_KEYS
                    && within_budget(spent(), keys_seen, open, s.siblings.len())
            }) {
                walks += s.siblings.len();
                waiting.extend(s.siblings.into_iter().map(Walk::new));
                split_prefixes.insert(walk.region.prefix.clone());
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
    Ok(Walked {
        slugs,
        walks,
        split_prefixes: split_prefixes.into_iter().collect(),
        outside: None,
    })
}

/// Walks the blind spots other sources point at: for each `named` slug the split listing did not
/// find whose key continues a split prefix with a character outside the declared alphabet, that
/// prefix plus the character, walked serially. Costs nothing when every named slug was found.
/// A key found there disproves the declaration: the whole prefix is then listed serially and
/// `listed` replaced. Returns the slugs added.
pub(super) async fn list_blind_spots<'a>(
    kv: &dyn KvStore,
    prefix: &str,
    listed: &mut Listed,
    named: impl Iterator<Item = &'a str>,
) -> Result<BTreeSet<String>, String> {
    let Some(alphabet) = listed.report.alphabet.clone() else {
        return Ok(BTreeSet::new());
    };
    let mut spots: BTreeSet<String> = BTreeSet::new();
    for slug in named.filter(|s| alphabet.outside(s).is_some() && !listed.slugs.contains(*s)) {
        let key = format!("{prefix}{slug}");
        for p in &listed.report.split_prefixes {
            if let Some(c) = key
                .strip_prefix(p.as_str())
                .and_then(|r| r.chars().next())
                .filter(|c| !alphabet.contains(*c))
            {
                spots.insert(format!("{p}{c}"));
            }
        }
    }
    if spots.is_empty() {
        return Ok(BTreeSet::new());
    }
    let regions = spots.into_iter().map(Region::whole).collect();
    let found = walk_all(kv, prefix, regions, None, &|| 0).await?;
    listed.report.walks += found.walks;
    let Some(first) = found.slugs.iter().next() else {
        return Ok(BTreeSet::new());
    };
    let outside = format!("{prefix}{first}");
    let exact = serial(kv, prefix, listed.report.walks, Some(outside)).await?;
    let new: BTreeSet<String> = exact.slugs.difference(&listed.slugs).cloned().collect();
    *listed = exact;
    Ok(new)
}

#[cfg(test)]
mod tests;
