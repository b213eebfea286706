//! Reviews of skills and MCP servers (seed 000): the model, validation before any write, the
//! review-level interface (`ReviewStore`) every target implements, the SQL implementation over
//! KV+SQL targets, `verify`/`recompute` of `review_aggregates`, and the staging-file reader.
//!
//! Commands talk to a `dyn ReviewStore`, never to SQL, so the Worker API target (src/worker/)
//! serves the same commands with the same output by implementing the trait.

pub mod backfill;
pub mod model;
pub mod recompute;
pub mod sql;
pub mod staging;
pub mod store;
pub mod validate;
pub mod verify;

pub use model::*;
pub use store::{ReviewError, ReviewResult, ReviewStore};
pub use validate::Limits;
