//! The marketplace Worker API target against the fake Worker (tests/support/fake_worker*):
//! the client's shapes, errors and retries, and every command that runs over it.

#[path = "support/fake_worker.rs"]
mod fake_worker;
mod support;

#[path = "worker/client.rs"]
mod client;
#[path = "worker/daemon.rs"]
mod daemon;
#[path = "worker/doctor.rs"]
mod doctor;
#[path = "worker/health.rs"]
mod health;
#[path = "worker/operator.rs"]
mod operator;
#[path = "worker/reviews.rs"]
mod reviews;
#[path = "worker/sync.rs"]
mod sync;
