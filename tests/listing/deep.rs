//! `health --deep` on a catalog larger than one page of durable rows: values and rows are
//! compared a group at a time (nothing held whole), and the findings are the same ones a whole
//! read finds — a changed field, a malformed value, a value without a row — within
//! ⌈N/100⌉ + ⌈N/1000⌉ + 40 requests, with no second read of the drifted records.

use super::health;
use super::support::catalog;
use super::support::fake_cf::FakeCloudflare;
use super::support::{stderr_of, Sandbox};

#[test]
fn deep_health_compares_group_by_group_and_finds_what_a_whole_read_finds() {
    let n = 12_000;
    let slugs = catalog::skewed(n);
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&slugs);
    let (changed, malformed, rowless) = (&slugs[7_000], &slugs[9_000], &slugs[11_000]);
    fake.d1_exec(&format!(
        "UPDATE skills SET display_name = 'Renamed' WHERE name = '{changed}'"
    ));
    fake.kv_put(&format!("skill:{malformed}"), "{not json");
    fake.d1_exec(&format!("DELETE FROM skills WHERE name = '{rowless}'"));
    fake.clear_log();

    let sb = Sandbox::new();
    let out = health(&fake, &sb, &["--json", "--deep"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["complete"], true);
    assert_eq!(doc["durable_count"], n - 1);
    let drifts = doc["drifts"].as_array().unwrap();
    let of = |kind: &str| -> Vec<&serde_json::Value> {
        drifts.iter().filter(|d| d["kind"] == kind).collect()
    };
    let mismatch = of("field_mismatch");
    assert_eq!(mismatch.len(), 1, "{drifts:?}");
    assert_eq!(mismatch[0]["slug"], changed.as_str());
    assert_eq!(
        mismatch[0]["differences"],
        serde_json::json!([{"field": "displayName", "kv": format!("Skill {changed}"), "durable": "Renamed"}])
    );
    let bad = of("malformed_value");
    assert_eq!(bad.len(), 1, "{drifts:?}");
    assert_eq!(bad[0]["slug"], malformed.as_str());
    let missing = of("missing_in_durable");
    assert_eq!(missing.len(), 1, "{drifts:?}");
    assert_eq!(missing[0]["slug"], rowless.as_str());
    assert_eq!(drifts.len(), 3, "{drifts:?}");

    let requests = fake.request_count();
    assert_eq!(doc["requests"].as_u64().unwrap() as usize, requests);
    assert!(
        requests <= n.div_ceil(100) + n.div_ceil(1000) + 40,
        "{requests} requests"
    );
    // The settle window found the changed and row-less records in what the comparison kept
    // (a malformed value is read again: it holds no timestamp to keep).
    let again = fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/bulk/get") && r.items.is_some_and(|i| i < 10))
        .filter(|r| {
            let body = String::from_utf8_lossy(&r.body);
            body.contains(&format!("\"skill:{changed}\""))
                || body.contains(&format!("\"skill:{rowless}\""))
        })
        .count();
    assert_eq!(again, 0, "drifted records were read again");
}
