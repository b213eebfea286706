//! The durable table as it is deployed: discovered columns, mapping, values compared by meaning,
//! malformed records, `mkt db schema`, and PostgreSQL as the durable store. Modules share one
//! test binary.

mod support;

#[path = "support/pg.rs"]
mod pg;

#[path = "durable/backend.rs"]
mod backend;
#[path = "durable/foreign.rs"]
mod foreign;
#[path = "durable/losses.rs"]
mod losses;
#[path = "durable/malformed.rs"]
mod malformed;
#[path = "durable/meaning.rs"]
mod meaning;
#[path = "durable/pg_foreign.rs"]
mod pg_foreign;
#[path = "durable/postgres.rs"]
mod postgres;
#[path = "durable/property.rs"]
mod property;
#[path = "durable/runs.rs"]
mod runs;
#[path = "durable/undo_property.rs"]
mod undo_property;
#[path = "durable/worker_table.rs"]
mod worker_table;
