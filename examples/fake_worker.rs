//! A standalone fake marketplace Worker (seed 000's reviews API and ingest, seed 001's admin
//! endpoints) over a local store file, for benchmarks and manual runs — the same server the tests
//! use.
//!
//! `cargo run --example fake_worker -- --store PATH [--shape bare|wrapped|data-camel|items-camel|results]
//! [--latency-ms N] [--max-page N]` prints `export …` lines for mkt on stdout and serves until killed.

#[path = "../tests/support/fake_worker.rs"]
mod fake_worker;

use std::time::Duration;

use fake_worker::{FakeWorker, Shape, INTERNAL_KEY};

const USAGE: &str = "usage: fake_worker --store PATH [--shape bare|wrapped|data-camel|items-camel|results] [--latency-ms N] [--max-page N]";

fn main() {
    let mut store = None;
    let mut shape = Shape::WRAPPED;
    let mut latency_ms = 0u64;
    let mut max_page = 50usize;
    let mut args = std::env::args().skip(1);
    let fail = |msg: String| -> ! {
        eprintln!("{msg}; {USAGE}");
        std::process::exit(2)
    };
    while let Some(arg) = args.next() {
        let value = args
            .next()
            .unwrap_or_else(|| fail(format!("{arg} needs a value")));
        let number = |v: &str| {
            v.parse::<u64>()
                .unwrap_or_else(|_| fail(format!("{arg} takes a number, not {v:?}")))
        };
        match arg.as_str() {
            "--store" => store = Some(std::path::PathBuf::from(value)),
            "--shape" => {
                shape = match value.as_str() {
                    "bare" => Shape::BARE,
                    "wrapped" => Shape::WRAPPED,
                    "data-camel" => Shape::DATA_CAMEL,
                    "items-camel" => Shape::ITEMS_CAMEL,
                    "results" => Shape::RESULTS,
                    other => fail(format!("unknown shape {other:?}")),
                }
            }
            "--latency-ms" => latency_ms = number(&value),
            "--max-page" => max_page = number(&value) as usize,
            other => fail(format!("unknown argument {other:?}")),
        }
    }
    let store = store.unwrap_or_else(|| fail("--store is required".into()));
    let worker = FakeWorker::start(&store, shape);
    worker.set_latency(Duration::from_millis(latency_ms));
    worker.set_max_page(max_page.max(1));
    println!("export MKT_API_URL={}", worker.url());
    println!("export MKT_INTERNAL_KEY={INTERNAL_KEY}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
