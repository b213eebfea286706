//! Exactness of the listing, as properties over generated key sets: the default (serial) listing
//! returns exactly the keys under the prefix whatever their characters; a split listing on a
//! declared alphabet returns exactly them when the declaration holds, never a key that is not
//! there, every key made of the alphabet when it does not hold, and falls back to an exact
//! serial listing whenever it sees a key that breaks the declaration.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use proptest::prelude::*;

use super::*;
use crate::store::{KeyInfo, KeyPage, KvPut, KvValue, StoreResult, WriteReport};

#[test]
fn the_first_split_of_a_large_listing_fits_the_budget() {
    // Root page back (1,000 keys), index, aliases and durable sent: 30 new walks fit.
    assert!(within_budget(4, 1000, 1, 30));
    // Far past the constant with few keys seen: refused.
    assert!(!within_budget(40, 2000, 1, 30));
    // 1,000,000 keys leave room for more splits late in the listing.
    assert!(within_budget(960, 900_000, 10, 30));
}

/// KV's list semantics in memory: UTF-8 byte order, cursors bound to their prefix.
struct MemKv {
    keys: BTreeSet<String>,
    requests: AtomicU64,
}

#[async_trait]
impl KvStore for MemKv {
    fn max_in_flight(&self) -> usize {
        8
    }
    async fn list_page(
        &self,
        prefix: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> StoreResult<KeyPage> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let after = match cursor {
            Some(c) => {
                let (p, k) = c.split_once('\u{0}').expect("a cursor of this store");
                assert_eq!(p, prefix, "a cursor is bound to its prefix");
                Some(k.to_string())
            }
            None => None,
        };
        let from = after.clone().unwrap_or_else(|| prefix.to_string());
        let mut page: Vec<&String> = self
            .keys
            .range(from..)
            .filter(|k| Some(*k) != after.as_ref())
            .take_while(|k| k.starts_with(prefix))
            .take(limit + 1)
            .collect();
        let more = page.len() > limit;
        page.truncate(limit);
        Ok(KeyPage {
            cursor: more.then(|| format!("{prefix}\u{0}{}", page.last().unwrap())),
            keys: page
                .into_iter()
                .map(|k| KeyInfo {
                    name: k.clone(),
                    expiration: None,
                    metadata: None,
                })
                .collect(),
        })
    }
    async fn get(&self, _: &str) -> StoreResult<Option<KvValue>> {
        unreachable!()
    }
    async fn get_many(&self, _: &[String]) -> StoreResult<BTreeMap<String, Option<String>>> {
        unreachable!()
    }
    async fn put_many(&self, _: &[KvPut]) -> StoreResult<WriteReport> {
        unreachable!()
    }
    async fn delete_many(&self, _: &[String]) -> StoreResult<WriteReport> {
        unreachable!()
    }
}

/// Characters keys are drawn from: mostly slug letters, some ASCII punctuation, and every kind
/// of non-ASCII a key can hold (Latin-1, CJK, an emoji, a combining mark).
const POOL: &[char] = &[
    'a', 'b', 'c', 'e', 's', 't', 'o', 'd', 'r', '-', '0', '7', 'Z', '_', '~', '\u{7f}', 'é', 'ü',
    '中', '🚀', '\u{301}',
];

/// `n` keys under `skill:` (slug letters first, so walks split), some with non-ASCII characters
/// at any depth (about one in `rare`), plus keys beside the prefix.
fn keys(seed: u64, n: usize, rare: u64) -> BTreeSet<String> {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out: BTreeSet<String> = ["skilk", "skill;", "other", "skill"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    while out.len() < n + 4 {
        let len = 1 + (next() % 10) as usize;
        let slug: String = (0..len)
            .map(|_| {
                let r = next();
                if r % rare == 0 {
                    POOL[9 + (next() as usize) % (POOL.len() - 9)]
                } else {
                    POOL[(r as usize) % 9]
                }
            })
            .collect();
        out.insert(format!("skill:{slug}"));
    }
    out
}

fn under_prefix(keys: &BTreeSet<String>) -> BTreeSet<String> {
    keys.iter()
        .filter_map(|k| k.strip_prefix("skill:").map(str::to_string))
        .collect()
}

fn run(kv: &MemKv, alphabet: Option<&Alphabet>) -> Listed {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(list(kv, "skill:", alphabet, &|| {
        kv.requests.load(Ordering::SeqCst)
    }))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_default_listing_is_exact_for_any_key(seed in any::<u64>(), n in 0usize..12_000, rare in 2u64..400) {
        let kv = MemKv { keys: keys(seed, n, rare), requests: AtomicU64::new(0) };
        let listed = run(&kv, None);
        prop_assert_eq!(&listed.slugs, &under_prefix(&kv.keys));
        prop_assert_eq!(listed.report.mode, ListingMode::Serial);
        prop_assert!(listed.report.alphabet.is_none());
        // One request per 1,000 keys: nothing listed twice.
        let pages = under_prefix(&kv.keys).len().div_ceil(LIST_PAGE_MAX).max(1) as u64;
        prop_assert_eq!(kv.requests.load(Ordering::SeqCst), pages);
    }

    #[test]
    fn a_declared_alphabet_is_exact_when_it_holds_and_never_invents_keys(seed in any::<u64>(), n in 5_000usize..15_000, rare in prop_oneof![Just(u64::MAX), 50u64..100_000]) {
        let ascii = Alphabet::parse("ascii").unwrap().unwrap();
        let kv = MemKv { keys: keys(seed, n, rare), requests: AtomicU64::new(0) };
        let all = under_prefix(&kv.keys);
        let listed = run(&kv, Some(&ascii));
        let held: BTreeSet<String> = all.iter().filter(|s| s.is_ascii()).cloned().collect();
        prop_assert!(listed.slugs.is_subset(&all), "never a key that is not there");
        prop_assert!(held.is_subset(&listed.slugs), "every key made of the alphabet");
        match listed.report.mode {
            ListingMode::Split => {
                prop_assert!(listed.report.outside_alphabet.is_none());
                prop_assert_eq!(listed.report.alphabet.as_ref().map(Alphabet::spec), Some("ascii"));
            }
            ListingMode::Serial => {
                // Fallen back: a real key outside the alphabet was seen, and the result is exact.
                let key = listed.report.outside_alphabet.clone().expect("why it is serial");
                prop_assert!(kv.keys.contains(&key) && !key.is_ascii());
                prop_assert_eq!(&listed.slugs, &all);
            }
        }
        if all.iter().all(|s| s.is_ascii()) {
            prop_assert_eq!(&listed.slugs, &all);
            if all.len() > 8_000 {
                prop_assert_eq!(listed.report.mode, ListingMode::Split, "big enough to split");
            }
        }
    }
}
