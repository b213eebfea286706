//! Servers that misbehave on purpose (issue 20): a loopback front before the fake Cloudflare API
//! and the fake Worker echoes the credentials it was sent in every error shape, redirects to
//! another host, sends oversized and endless bodies and over-long pages. Each case asserts the
//! exit code, that no secret nor any 6-character piece of one reaches stdout, stderr or a file
//! under the sandbox (`.mkt/`, the cache and config directories), and mkt's peak memory.

#[path = "support/fake_worker.rs"]
mod fake_worker;
mod support;

#[path = "hostile/cloudflare.rs"]
mod cloudflare;
#[path = "hostile/front.rs"]
mod front;
#[path = "hostile/run.rs"]
mod run;
#[path = "hostile/worker.rs"]
mod worker;
