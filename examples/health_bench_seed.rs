//! Benchmark helper: writes N in-sync skills (index blob, `skill:` values, durable rows) into a
//! local store through the library, fast. Usage: `health_bench_seed <local.sqlite> <N>`.
//! (`mkt seed` writes realistic data; this writes much data quickly, for `mkt health` figures.)

use mkt::store::{KvPut, SqlValue, Statement};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (path, n): (&str, usize) = match args.as_slice() {
        [_, p, n] => (p.as_str(), n.parse()?),
        _ => anyhow::bail!("usage: health_bench_seed <local.sqlite> <N>"),
    };
    let store =
        mkt::store::local::open(std::path::Path::new(path), &mkt::config::Layout::default())?;
    let slugs: Vec<String> = (0..n).map(slug).collect();
    // 4 params per row, D1's 100-parameter limit: 20 rows per statement (80).
    let mut stmts = Vec::new();
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
        if stmts.len() == 500 {
            store.sql.batch(&stmts).await?;
            stmts.clear();
        }
    }
    if !stmts.is_empty() {
        store.sql.batch(&stmts).await?;
    }
    for chunk in slugs.chunks(10_000) {
        let puts: Vec<KvPut> = chunk
            .iter()
            .map(|s| KvPut::new(format!("skill:{s}"), format!(r#"{{"name":"{s}","displayName":"Skill {s}","category":"tools","labels":[]}}"#)))
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

/// Slugs spread over every first character of [0-9a-z], like real ones.
fn slug(i: usize) -> String {
    const ALPHA: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let first = ALPHA[(h % 36) as usize] as char;
    format!(
        "{first}{}-skill-{i}",
        ALPHA[((h >> 8) % 26 + 10) as usize] as char
    )
}
