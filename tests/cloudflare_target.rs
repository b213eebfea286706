mod support;

use support::fake_cf::FakeCloudflare;

#[test]
fn fake_smoke() {
    let fake = FakeCloudflare::start();
    fake.kv_put("a", "1");
    assert_eq!(fake.kv_get("a").as_deref(), Some("1"));
    fake.d1_exec("CREATE TABLE t(a)");
}
