//! A standalone fake Cloudflare API (KV + D1) for benchmarks and manual runs.
//!
//! `cargo run --example fake_cloudflare -- [--port N] [--latency-ms N] [--cost-ms N [--capacity N]] [--no-empty-pages]
//! [--seed N [--catalog skewed|uniform|single-prefix|one-huge-prefix]]`
//! fills the store first when `--seed` is given (N in-sync skills: index blob, `skill:` values,
//! durable rows, slugs shaped by `--catalog`, default skewed), then prints `export …` lines for
//! mkt on stdout and serves until killed. `--latency-ms` delays every answer (the network);
//! `--cost-ms` is server time per request, served at most `--capacity` (default 4) at once, so
//! requests beyond that queue: parallel walks gain up to `capacity` times, not `concurrency`
//! times. `GET /__fake/requests` answers the number of requests served so far (not counted).

#[path = "../tests/support/catalog.rs"]
mod catalog;
#[path = "../tests/support/fake_cf.rs"]
mod fake_cf;

use std::time::Duration;

const USAGE: &str = "usage: fake_cloudflare [--port N] [--latency-ms N] [--cost-ms N [--capacity N]] [--no-empty-pages] [--rate-limit N (requests per 5 minutes per token; 0: none)] [--seed N [--catalog skewed|uniform|single-prefix|one-huge-prefix]]";

fn main() {
    let mut port = 0u16;
    let mut latency_ms = 0u64;
    let (mut cost_ms, mut capacity) = (0u64, 4usize);
    let mut empty_pages = true;
    let mut seed = 0usize;
    let mut rate_limit: Option<usize> = None;
    let mut catalog_name = "skewed".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> String {
            args.next().unwrap_or_else(|| {
                eprintln!("{name} needs a value; {USAGE}");
                std::process::exit(2)
            })
        };
        let number = |name: &str, v: String| -> u64 {
            v.parse().unwrap_or_else(|_| {
                eprintln!("{name} takes a number, not {v:?}");
                std::process::exit(2)
            })
        };
        match arg.as_str() {
            "--port" => port = number("--port", value("--port")) as u16,
            "--latency-ms" => latency_ms = number("--latency-ms", value("--latency-ms")),
            "--cost-ms" => cost_ms = number("--cost-ms", value("--cost-ms")),
            "--capacity" => capacity = number("--capacity", value("--capacity")) as usize,
            "--no-empty-pages" => empty_pages = false,
            "--rate-limit" => {
                rate_limit = Some(number("--rate-limit", value("--rate-limit")) as usize)
            }
            "--seed" => seed = number("--seed", value("--seed")) as usize,
            "--catalog" => catalog_name = value("--catalog"),
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => {
                eprintln!("unknown argument {other:?}; {USAGE}");
                std::process::exit(2);
            }
        }
    }
    let Some(slugs) = catalog::by_name(&catalog_name, seed) else {
        eprintln!("unknown catalog {catalog_name:?}; {USAGE}");
        std::process::exit(2);
    };
    let fake = fake_cf::FakeCloudflare::start_on(port);
    if seed > 0 {
        fake.fill_in_sync(&slugs);
    }
    fake.set_latency(Duration::from_millis(latency_ms));
    fake.set_server_cost(Duration::from_millis(cost_ms), capacity);
    fake.set_empty_page_before_end(empty_pages);
    // Benches measure what mkt asks for, not the wait Cloudflare's per-token limit would impose.
    match rate_limit {
        Some(0) => {
            fake.set_rate_limit(usize::MAX, Duration::from_secs(300), Duration::ZERO);
            fake.set_ratelimit_headers(false);
        }
        Some(n) => fake.set_rate_limit(n, Duration::from_secs(300), Duration::from_secs(300)),
        None => {}
    }
    for (k, v) in fake.env() {
        println!("export {k}={v}");
    }
    eprintln!(
        "fake cloudflare listening on {} with {seed} {catalog_name} skills (Ctrl-C to stop)",
        fake.base_url()
    );
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
