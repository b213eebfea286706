//! The split `skill:` listing (on a declared key alphabet) against the fake Cloudflare server
//! (cursors bound to their prefix, an empty page mid-walk, list limits): every key listed exactly
//! once on skewed, uniform, single-prefix and one-huge-prefix catalogs with 429s mixed in; the
//! report says how it listed and which alphabet it assumed; requests stay within
//! 1.1 × ⌈N/1000⌉ + 40; `--concurrency` caps requests in flight.

use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use mkt::config::Layout;
use mkt::durable::DurableDb;
use mkt::sources::{read_with, Listing, ListingMode, ReadOptions, SourceName};
use mkt::store::{KeyPage, KvPut, KvStore, KvValue, StoreResult, WriteReport};

use std::time::Duration;

use mkt::config::CloudflareSettings;
use mkt::store::cloudflare::{open_with, ClientOptions};
use mkt::store::Store;

use super::health;
use super::support::catalog;
use super::support::fake_cf::{FakeCloudflare, Fault, FaultHandle};
use super::support::{stderr_of, stdout_of, Sandbox};

/// Keys no letter walk would see if the split only knew letters: odd first characters, odd
/// second characters under busy letters, and characters around `a`/`z` at depth.
const ODD: &[&str] = &[
    "0digit",
    "9lives",
    "Zebra-upper",
    "_under",
    "-dash",
    "~tilde",
    "{brace",
    "|pipe",
    "}close",
    "\u{7f}del",
    "s~tilde",
    "sZ-upper",
    "s0-digit",
    "c_under",
    "c{brace",
    "code-~x",
    "code-Z",
    "acme-~x",
    "acme-0",
    "zz",
    "s",
];

/// Delegates to the Cloudflare client; every `every`-th list request first scripts a 429 on
/// the fake, so the real client meets it and retries mid-listing.
struct With429s {
    inner: Arc<dyn KvStore>,
    faults: FaultHandle,
    calls: AtomicUsize,
    every: usize,
}

#[async_trait]
impl KvStore for With429s {
    fn max_in_flight(&self) -> usize {
        self.inner.max_in_flight()
    }
    async fn list_page(
        &self,
        prefix: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> StoreResult<KeyPage> {
        if (self.calls.fetch_add(1, Ordering::SeqCst) + 1).is_multiple_of(self.every) {
            self.faults.inject("GET", "/keys", 1, Fault::status(429));
        }
        self.inner.list_page(prefix, cursor, limit).await
    }
    async fn get(&self, key: &str) -> StoreResult<Option<KvValue>> {
        self.inner.get(key).await
    }
    async fn get_many(
        &self,
        keys: &[String],
    ) -> StoreResult<std::collections::BTreeMap<String, Option<String>>> {
        self.inner.get_many(keys).await
    }
    async fn put_many(&self, puts: &[KvPut]) -> StoreResult<WriteReport> {
        self.inner.put_many(puts).await
    }
    async fn delete_many(&self, keys: &[String]) -> StoreResult<WriteReport> {
        self.inner.delete_many(keys).await
    }
}

/// A fake holding `slugs` (plus [`ODD`]) as `skill:` keys, the index naming only `slugs`.
fn fake_holding(slugs: &[String]) -> FakeCloudflare {
    let fake = FakeCloudflare::start();
    fake.d1_exec(&mkt::schema::skills_table_sql("skills"));
    fake.kv_put_many(
        slugs
            .iter()
            .map(String::as_str)
            .chain(ODD.iter().copied())
            .map(|s| (format!("skill:{s}"), "{}".to_string())),
    );
    fake.kv_put(
        "skills:published-index",
        &serde_json::to_string(slugs).unwrap(),
    );
    fake
}

/// The library's store on the fake, with retries enough for the scripted 429s and short backoff.
fn patient_store(fake: &FakeCloudflare, rt: &tokio::runtime::Runtime) -> Store {
    let settings = CloudflareSettings {
        max_retries: 6,
        ..fake.settings()
    };
    let fast = ClientOptions {
        min_backoff: Duration::from_millis(2),
        max_backoff: Duration::from_millis(10),
        ..Default::default()
    };
    rt.block_on(open_with(&settings, fast)).expect("open store")
}

fn expected(slugs: &[String]) -> BTreeSet<String> {
    slugs
        .iter()
        .cloned()
        .chain(ODD.iter().map(|s| s.to_string()))
        .collect()
}

#[test]
fn every_key_is_listed_exactly_once_on_every_catalog_shape() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for name in ["skewed", "uniform", "single-prefix", "one-huge-prefix"] {
        let slugs = catalog::by_name(name, 12_000).unwrap();
        let fake = fake_holding(&slugs);
        let mut store = patient_store(&fake, &rt);
        store.kv = Arc::new(With429s {
            inner: store.kv.clone(),
            faults: fake.faults(),
            calls: AtomicUsize::new(0),
            every: 7,
        });
        let opts = ReadOptions {
            sources: [SourceName::KvKeys, SourceName::Index]
                .into_iter()
                .collect(),
            kv_values: false,
            durable_rows: false,
            checks_only: false,
        };
        let layout = Layout {
            key_alphabet: mkt::config::Alphabet::parse("ascii").unwrap(),
            ..Layout::default()
        };
        let db = DurableDb::new(store.sql.clone());
        let snap = rt.block_on(read_with(&store, &db, &layout, &opts, Listing::Auto));
        assert!(snap.complete(), "{name}: {:?}", snap.statuses);
        let listed = snap.kv_slugs.as_ref().unwrap();
        let want = expected(&slugs);
        let missing: Vec<_> = want.difference(listed).take(5).collect();
        let extra: Vec<_> = listed.difference(&want).take(5).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: missing {missing:?}, extra {extra:?}"
        );
        assert_eq!(snap.status(SourceName::KvKeys).unwrap().count, want.len());
        let report = snap.listing.as_ref().unwrap();
        assert_eq!(report.mode, ListingMode::Split, "{name}: {report:?}");
        assert_eq!(report.alphabet.as_ref().unwrap().spec(), "ascii");

        // Nothing was listed twice: no answered list request repeats a (prefix, cursor) pair.
        let log = fake.matching("GET", "/keys");
        let answered: Vec<_> = log.iter().filter(|r| r.status == 200).collect();
        let throttled = log.iter().filter(|r| r.status == 429).count();
        assert!(throttled > 0, "{name}: 429s were mixed in");
        let pairs: HashSet<(Option<&str>, Option<&str>)> = answered
            .iter()
            .map(|r| (r.query_value("prefix"), r.query_value("cursor")))
            .collect();
        assert_eq!(
            pairs.len(),
            answered.len(),
            "{name}: a page was listed twice"
        );
        // Within budget (the 429s' retries aside): 1 index + the list pages.
        let budget = 1.1 * want.len().div_ceil(1000) as f64 + 40.0;
        let used = fake.request_count() - throttled;
        assert!(
            used as f64 <= budget,
            "{name}: {used} requests, budget {budget}"
        );

        // The serial walk agrees, and is what an undeclared alphabet gets.
        let serial = rt.block_on(read_with(&store, &db, &layout, &opts, Listing::Serial));
        assert_eq!(
            serial.kv_slugs.as_ref(),
            Some(listed),
            "{name}: serial differs"
        );
        assert_eq!(serial.listing.unwrap().mode, ListingMode::Serial);
        let default = rt.block_on(read_with(
            &store,
            &db,
            &Layout::default(),
            &opts,
            Listing::Auto,
        ));
        assert_eq!(default.kv_slugs.as_ref(), Some(listed));
        assert_eq!(default.listing.unwrap().mode, ListingMode::Serial);
    }
}

#[test]
fn a_hundred_thousand_skewed_skills_stay_within_the_request_budget() {
    let slugs = catalog::skewed(100_000);
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&slugs);
    let sb = Sandbox::new();
    let out = health(&fake, &sb, &["--json", "--key-alphabet", "a-z0-9-"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["kv_enumerated_count"], 100_000);
    assert_eq!(doc["listing"]["mode"], "split");
    assert_eq!(doc["listing"]["alphabet"], "a-z0-9-");
    let n = fake.request_count();
    assert_eq!(doc["requests"].as_u64().unwrap() as usize, n);
    assert!(n as f64 <= 1.1 * 100.0 + 40.0, "{n} requests");
}

#[test]
fn the_report_says_how_it_listed_and_which_alphabet_it_assumed() {
    let slugs = catalog::skewed(20_000);
    let fake = fake_holding(&slugs);
    // Non-ASCII right after the split prefix, named by no other source.
    fake.kv_put("skill:ü-unnamed", "{}");
    let sb = Sandbox::new();
    let run = |args: &[&str]| {
        let mut all = vec!["--fail-on", "none"];
        all.extend(args);
        let out = health(&fake, &sb, &all);
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        out
    };
    let all_keys = expected(&slugs).len() + 1;
    // By default: one serial walk, nothing assumed, every key.
    let doc: serde_json::Value = serde_json::from_slice(&run(&["--json"]).stdout).unwrap();
    let listing = &doc["listing"];
    assert_eq!(listing["mode"], "serial");
    assert!(listing["alphabet"].is_null() && listing["caveat"].is_null());
    assert_eq!(doc["kv_enumerated_count"], all_keys);
    let human = stdout_of(&run(&[]));
    assert!(human.contains("serial listing"), "{human}");
    assert!(!human.contains("split below"), "{human}");

    // Declared: split, and the report says what it assumed (the one key outside the
    // declaration, at a split position and named by nothing, is what it assumed away).
    let doc: serde_json::Value =
        serde_json::from_slice(&run(&["--json", "--key-alphabet", "ascii"]).stdout).unwrap();
    let listing = &doc["listing"];
    assert_eq!(listing["mode"], "split");
    assert_eq!(listing["alphabet"], "ascii");
    assert!(listing["walks"].as_u64().unwrap() > 1);
    assert!(listing["split_prefixes"]
        .as_array()
        .unwrap()
        .contains(&"skill:".into()));
    let caveat = listing["caveat"].as_str().unwrap();
    assert!(
        caveat.contains("\"ascii\"") && caveat.contains("key_alphabet"),
        "{caveat}"
    );
    assert_eq!(doc["kv_enumerated_count"], all_keys - 1);
    let human = stdout_of(&run(&["--key-alphabet", "ascii"]));
    assert!(
        human.contains("split listing,") && human.contains("key alphabet \"ascii\""),
        "{human}"
    );
    assert!(human.contains("split below \"skill:\""), "{human}");
    // The profile setting and the environment declare it too; --serial-list overrides it.
    let out = sb
        .mkt()
        .envs(fake.env())
        .env("MKT_KEY_ALPHABET", "ascii")
        .args([
            "--target",
            "cloudflare",
            "health",
            "--json",
            "--fail-on",
            "none",
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["listing"]["alphabet"], "ascii");
    let doc: serde_json::Value = serde_json::from_slice(
        &run(&["--json", "--key-alphabet", "ascii", "--serial-list"]).stdout,
    )
    .unwrap();
    assert_eq!(doc["listing"]["mode"], "serial");
    assert_eq!(doc["kv_enumerated_count"], all_keys);
}

/// A declaration that does not hold is caught wherever a key shows it: seen in a page, or named
/// by another source and found at its blind spot. The keys are then listed serially (exact), and
/// the report names the key.
#[test]
fn a_key_outside_the_declared_alphabet_makes_the_listing_serial() {
    let mut slugs = catalog::skewed(20_000);
    // Named by the index, non-ASCII right after the prefix: only the point-check finds it.
    slugs.push("é-named".into());
    let fake = fake_holding(&slugs);
    fake.kv_put("skill:ü-unnamed", "{}");
    let sb = Sandbox::new();
    let out = health(
        &fake,
        &sb,
        &["--json", "--fail-on", "none", "--key-alphabet", "ascii"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["listing"]["mode"], "serial");
    assert_eq!(doc["listing"]["outside_alphabet"], "skill:é-named");
    assert_eq!(doc["kv_enumerated_count"], expected(&slugs).len() + 1);

    // Deeper, inside a walk's region: seen in a page.
    let slugs = catalog::skewed(20_000);
    let fake = fake_holding(&slugs);
    fake.kv_put("skill:code-ré", "{}");
    let out = health(
        &fake,
        &sb,
        &["--fail-on", "none", "--key-alphabet", "ascii"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let human = stdout_of(&out);
    assert!(
        human.contains("\"skill:code-ré\" is outside the declared key alphabet"),
        "{human}"
    );
    assert!(human.contains("serial listing"), "{human}");
}

#[test]
fn concurrency_caps_requests_in_flight() {
    let slugs = catalog::skewed(12_000);
    let fake = fake_holding(&slugs);
    fake.set_latency(Duration::from_millis(5));
    let sb = Sandbox::new();
    let in_flight = |flag: &[&str], env: &[(&str, &str)]| {
        fake.clear_log();
        let out = sb
            .mkt()
            .envs(fake.env())
            .env("MKT_KEY_ALPHABET", "ascii")
            .envs(env.iter().copied())
            .args(flag)
            .args([
                "--target",
                "cloudflare",
                "health",
                "--json",
                "--fail-on",
                "none",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["kv_enumerated_count"], expected(&slugs).len());
        fake.max_in_flight()
    };
    assert!(in_flight(&["--concurrency", "2"], &[]) <= 2);
    assert!(in_flight(&[], &[("MKT_CONCURRENCY", "3")]) <= 3);
    // The flag wins over the environment.
    assert!(in_flight(&["--concurrency", "1"], &[("MKT_CONCURRENCY", "8")]) <= 1);
    let default = in_flight(&[], &[]);
    assert!(
        (3..=16).contains(&default),
        "a split listing keeps several requests in flight, at most 16 by default: {default}"
    );
    let out = sb
        .mkt()
        .envs(fake.env())
        .args(["--concurrency", "0", "--target", "cloudflare", "health"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
}
