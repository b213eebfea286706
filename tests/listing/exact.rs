//! The default listing is exact whatever the keys' characters: keys whose next character is not
//! ASCII at every depth a split listing would split at (the first character, deeper, an emoji,
//! CJK, a combining mark), among 1,000, 10,000 and 100,000 skills, living only in KV and named by
//! no other source, are all listed by `mkt health` and put back into the index by
//! `mkt index rebuild --apply --yes`.

use super::health;
use super::support::catalog;
use super::support::fake_cf::FakeCloudflare;
use super::support::{stderr_of, Sandbox};

const ONLY_IN_KV: &[&str] = &[
    "ünïcödé",
    "中文技能",
    "🚀rocket",
    "\u{301}combining-first",
    "aé-deep",
    "code-中",
    "s🚀",
    "co\u{301}de",
    "zz-ü",
    "\u{10FFFF}last",
];

#[test]
fn keys_with_non_ascii_at_any_depth_are_listed_by_default() {
    for n in [1_000, 10_000, 100_000] {
        let slugs = catalog::skewed(n);
        let fake = FakeCloudflare::start();
        fake.fill_in_sync(&slugs);
        for s in ONLY_IN_KV {
            fake.kv_put(
                &format!("skill:{s}"),
                &serde_json::json!({"name": s}).to_string(),
            );
        }
        let sb = Sandbox::new();
        let out = health(&fake, &sb, &["--json", "--all"]);
        assert_eq!(out.status.code(), Some(3), "{n}: {}", stderr_of(&out));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["complete"], true);
        assert_eq!(doc["kv_enumerated_count"], n + ONLY_IN_KV.len(), "{n}");
        assert_eq!(doc["listing"]["mode"], "serial");
        assert!(doc["listing"]["alphabet"].is_null());
        let mut missing: Vec<&str> = doc["drifts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == "missing_from_index")
            .map(|d| d["slug"].as_str().unwrap())
            .collect();
        missing.sort();
        let mut want = ONLY_IN_KV.to_vec();
        want.sort();
        assert_eq!(missing, want, "{n}");
        // One request per 1,000 keys for the listing, in a row: nothing listed twice.
        let pages = fake
            .matching("GET", "/keys")
            .iter()
            .filter(|r| r.query_value("prefix") == Some("skill:"))
            .count();
        assert!(
            pages <= (n + ONLY_IN_KV.len()).div_ceil(1000) + 1,
            "{n}: {pages}"
        );

        if n == 10_000 {
            let out = sb
                .mkt()
                .envs(fake.env())
                .args([
                    "--target",
                    "cloudflare",
                    "index",
                    "rebuild",
                    "--apply",
                    "--yes",
                ])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
            let index = fake.kv_get("skills:published-index").unwrap();
            for s in ONLY_IN_KV {
                assert!(
                    index.contains(&serde_json::to_string(s).unwrap()[1..]),
                    "{s:?} is back in the index"
                );
            }
        }
    }
}
