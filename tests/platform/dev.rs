//! A platform store on a real `wrangler dev` (its KV namespace and D1 database, workerd's own
//! semantics), set up and read back through mkt's wrangler-dev store as another program would
//! through the Local Explorer API; the commands under test run as `mkt --target wrangler-dev`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::MutexGuard;

use mkt::store::{KvPut, Statement};
use serde_json::{Map, Value};

use crate::server::WranglerDev;
use crate::support::Sandbox;

pub struct Dev {
    sb: Sandbox,
    server: &'static WranglerDev,
    target: mkt::target::Target,
    rt: tokio::runtime::Runtime,
    _turn: MutexGuard<'static, ()>,
}

impl Dev {
    /// The binary's wrangler dev, emptied; `None` where it cannot run (outside CI only).
    pub fn start() -> Option<Dev> {
        let (turn, server) = crate::server::shared()?;
        let sb = Sandbox::new();
        let env = mkt::config::Env::from_pairs([
            ("MKT_TARGET", "wrangler-dev"),
            ("MKT_DEV_URL", server.url.as_str()),
            ("HOME", sb.path().to_str().unwrap()),
        ]);
        let settings =
            mkt::config::resolve(&Default::default(), &env, sb.path()).expect("settings");
        let target = mkt::target::Target::new(&settings, None, mkt::store::local::Access::Adopt);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        Some(Dev {
            sb,
            server,
            target,
            rt,
            _turn: turn,
        })
    }

    pub fn sandbox(&self) -> &Sandbox {
        &self.sb
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        self.sb
            .mkt()
            .args(["--target", "wrangler-dev", "--dev-url", &self.server.url])
            .args(args)
            .output()
            .unwrap()
    }

    fn store(&self) -> &mkt::store::Store {
        self.rt
            .block_on(self.target.kv_sql())
            .expect("open wrangler dev")
    }

    /// Runs `;`-terminated statements, one by one.
    pub fn exec(&self, sql: &str) {
        let stmts: Vec<Statement> = sql
            .split(";\n")
            .map(|s| s.trim().trim_end_matches(';').trim())
            .filter(|s| !s.is_empty())
            .map(Statement::new)
            .collect();
        let store = self.store();
        self.rt.block_on(store.sql.batch(&stmts)).expect(sql);
    }

    pub fn query(&self, sql: &str) -> Vec<Map<String, Value>> {
        let store = self.store();
        self.rt
            .block_on(store.sql.query(&Statement::new(sql)))
            .expect(sql)
            .rows
    }

    pub fn kv_put_many(&self, pairs: &[(String, String)]) {
        let puts: Vec<KvPut> = pairs
            .iter()
            .map(|(k, v)| KvPut::new(k.clone(), v.clone()))
            .collect();
        let store = self.store();
        let report = self.rt.block_on(store.kv.put_many(&puts)).unwrap();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
    }

    pub fn kv_delete(&self, key: &str) {
        let store = self.store();
        let report = self
            .rt
            .block_on(store.kv.delete_many(&[key.to_string()]))
            .unwrap();
        assert!(report.failed.is_empty());
    }

    /// Every KV key and value.
    pub fn kv(&self) -> BTreeMap<String, String> {
        let store = self.store();
        self.rt.block_on(async {
            let keys: Vec<String> = mkt::store::list_all(store.kv.as_ref(), "")
                .await
                .unwrap()
                .into_iter()
                .map(|k| k.name)
                .collect();
            store
                .kv
                .get_many(&keys)
                .await
                .unwrap()
                .into_iter()
                .filter_map(|(k, v)| Some((k, v?)))
                .collect()
        })
    }
}
