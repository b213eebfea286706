//! Benchmark helper: writes N in-sync skills (index blob, `skill:` values, durable rows) through
//! the library, fast. Usage: `health_bench_seed local <local.sqlite> <N> [CATALOG]` or
//! `health_bench_seed cloudflare - <N> [CATALOG]` (ids and token from the CLOUDFLARE_* / MKT_*
//! environment, as `mkt` reads them); CATALOG is skewed (default), uniform, single-prefix or
//! one-huge-prefix (tests/support/catalog.rs). `mkt seed` writes realistic data; this writes much
//! data quickly. (The fake server seeds itself faster: `fake_cloudflare --seed N`.)

#[path = "../tests/support/catalog.rs"]
mod catalog;

use mkt::store::{KvPut, SqlValue, Statement};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: health_bench_seed local|cloudflare <local.sqlite|-> <N> [skewed|uniform|single-prefix|one-huge-prefix]";
    let (target, path, n, name): (&str, &str, usize, &str) = match args.as_slice() {
        [_, t, p, n] => (t.as_str(), p.as_str(), n.parse()?, "skewed"),
        [_, t, p, n, c] => (t.as_str(), p.as_str(), n.parse()?, c.as_str()),
        _ => anyhow::bail!("{usage}"),
    };
    let Some(slugs) = catalog::by_name(name, n) else {
        anyhow::bail!("unknown catalog {name:?}; {usage}");
    };
    let store = if target == "local" {
        mkt::target::local::open(std::path::Path::new(path), &mkt::config::Layout::default())?
    } else {
        let overrides = mkt::config::Overrides {
            target: Some(mkt::config::TargetKind::Cloudflare),
            ..Default::default()
        };
        let env = mkt::config::Env::from_process();
        let settings = mkt::config::resolve(&overrides, &env, &std::env::current_dir()?)?;
        let target = mkt::target::Target::new(&settings, None, mkt::store::local::Access::Adopt);
        let store = target.kv_sql().await?.clone();
        let schema: Vec<Statement> = mkt::schema::migration_statements(&settings.layout)
            .into_iter()
            .map(Statement::new)
            .collect();
        store.sql.batch(&schema).await?;
        store
    };
    // 4 params per row, D1's 100-parameter limit: 20 rows per statement (80).
    let mut stmts = Vec::new();
    let mut batches: Vec<Vec<Statement>> = Vec::new();
    for chunk in slugs.chunks(20) {
        let values = vec!["(?, ?, 'tools', '[]', ?, ?)"; chunk.len()].join(", ");
        let mut params = Vec::new();
        for s in chunk {
            params.extend([
                SqlValue::from(s.as_str()),
                SqlValue::from(format!("Skill {s}")),
                "2026-01-01T00:00:00Z".into(),
                "2026-01-01T00:00:00Z".into(),
            ]);
        }
        stmts.push(Statement::with(
            format!("INSERT OR REPLACE INTO skills (name, display_name, category, labels, created_at, updated_at) VALUES {values}"),
            params,
        ));
        if stmts.len() == 50 {
            batches.push(std::mem::take(&mut stmts));
        }
    }
    if !stmts.is_empty() {
        batches.push(stmts);
    }
    // Batches of 1,000 rows, a few in flight.
    use futures::stream::{self, TryStreamExt};
    stream::iter(batches.iter().map(Ok::<_, anyhow::Error>))
        .try_for_each_concurrent(8, |b| {
            let store = &store;
            async move {
                store.sql.batch(b).await?;
                Ok(())
            }
        })
        .await?;
    for chunk in slugs.chunks(10_000) {
        let puts: Vec<KvPut> = chunk
            .iter()
            .map(|s| KvPut::new(format!("skill:{s}"), format!(r#"{{"name":"{s}","displayName":"Skill {s}","category":"tools","labels":[],"trendingScore7d":0,"trendingScore30d":0}}"#)))
            .collect();
        store.kv.put_many(&puts).await?;
    }
    let index = serde_json::to_string(&slugs)?;
    store
        .kv
        .put_many(&[KvPut::new("skills:published-index", index)])
        .await?;
    Ok(())
}
