//! KV records that are JSON objects but not usable skill records: no string `name`, or a `name`
//! that is not the key's slug. Reported as `malformed_value` with the reason everywhere, and never
//! overwritten by a repair unless a durable row stands in.

use serde_json::{json, Value};

use crate::backend::{json_of, Backend};
use crate::support::stderr_of;

fn plant(b: &Backend) {
    b.exec(&mkt::schema::skills_table_sql("skills"));
    b.kv_put_many(&[
        (
            "skill:ok".into(),
            json!({"name": "ok", "displayName": "Ok"}).to_string(),
        ),
        (
            "skill:no-name".into(),
            json!({"displayName": "Nameless"}).to_string(),
        ),
        (
            "skill:wrong".into(),
            json!({"name": "other", "displayName": "Wrong"}).to_string(),
        ),
        (
            "skills:published-index".into(),
            json!(["ok", "no-name", "wrong"]).to_string(),
        ),
    ]);
    b.exec(
        "INSERT INTO skills (name, display_name, created_at, updated_at) VALUES \
         ('ok', 'Ok', 't', 't'), ('wrong', 'Wrong From D1', 't', 't')",
    );
}

#[test]
fn objects_without_their_name_are_malformed_everywhere() {
    let b = Backend::local();
    plant(&b);
    let out = b.run(&["health", "--deep", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let doc = json_of(&out);
    let malformed: Vec<(String, String)> = doc["drifts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "malformed_value")
        .map(|d| {
            (
                d["slug"].as_str().unwrap().into(),
                d["detail"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        malformed,
        [
            (
                "no-name".to_string(),
                "no slug field and no string name: nothing names key slug \"no-name\"".to_string()
            ),
            (
                "wrong".to_string(),
                "no slug field, and name \"other\" differs from key slug \"wrong\"".to_string()
            )
        ]
    );

    let out = b.run(&["skills", "list", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let list = json_of(&out);
    let reasons: Vec<Value> = list["skills"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["malformed"].clone())
        .collect();
    assert_eq!(
        reasons,
        [
            json!("no slug field and no string name: nothing names key slug \"no-name\""),
            Value::Null,
            json!("no slug field, and name \"other\" differs from key slug \"wrong\"")
        ]
    );

    let out = b.run(&["backfill", "skills", "--json"]);
    let plan = json_of(&out);
    assert_eq!(plan["plan"]["malformed_skipped"], json!(["skill:no-name"]));
    let items: Vec<(Value, Value)> = plan["plan"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["reason"] == "malformed_value")
        .map(|i| (i["slug"].clone(), i["reason"].clone()))
        .collect();
    assert_eq!(items, [(json!("wrong"), json!("malformed_value"))]);

    let before = b.kv();
    let out = b.run(&["backfill", "skills", "--apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let after = b.kv();
    assert_eq!(
        after["skill:no-name"], before["skill:no-name"],
        "no durable row: left alone"
    );
    let wrong: Value = serde_json::from_str(&after["skill:wrong"]).unwrap();
    assert_eq!(wrong["name"], "wrong");
    assert_eq!(wrong["displayName"], "Wrong From D1");
}
