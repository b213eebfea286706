//! The marketplace Worker API target against the fake Worker (tests/support/fake_worker*):
//! the client's shapes, errors and retries, and every command that runs over it.

mod support;
#[path = "support/fake_worker.rs"]
mod fake_worker;

#[path = "worker/client.rs"]
mod client;
