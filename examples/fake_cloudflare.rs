//! A standalone fake Cloudflare API (KV + D1) for benchmarks and manual runs.
//!
//! `cargo run --example fake_cloudflare -- [--port N] [--latency-ms N] [--no-empty-pages]`
//! prints `export …` lines for mkt on stdout, then serves until killed.

#[path = "../tests/support/fake_cf.rs"]
mod fake_cf;

use std::time::Duration;

fn main() {
    let mut port = 0u16;
    let mut latency_ms = 0u64;
    let mut empty_pages = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> String {
            args.next().unwrap_or_else(|| {
                eprintln!("{name} needs a value");
                std::process::exit(2)
            })
        };
        match arg.as_str() {
            "--port" => port = value("--port").parse().expect("--port takes a number"),
            "--latency-ms" => {
                latency_ms = value("--latency-ms")
                    .parse()
                    .expect("--latency-ms takes a number")
            }
            "--no-empty-pages" => empty_pages = false,
            "-h" | "--help" => {
                println!("usage: fake_cloudflare [--port N] [--latency-ms N] [--no-empty-pages]");
                return;
            }
            other => {
                eprintln!("unknown argument {other:?}; try --help");
                std::process::exit(2);
            }
        }
    }
    let fake = fake_cf::FakeCloudflare::start_on(port);
    fake.set_latency(Duration::from_millis(latency_ms));
    fake.set_empty_page_before_end(empty_pages);
    for (k, v) in fake.env() {
        println!("export {k}={v}");
    }
    eprintln!(
        "fake cloudflare listening on {} (Ctrl-C to stop)",
        fake.base_url()
    );
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
