//! The durable schema. `ddl` holds the migrations `mkt db migrate` runs (seed 001's `skills` in
//! snake_case and seed 000's review tables); the rest is about the durable skills table as it is
//! deployed, which mkt discovers instead of assuming: `discover` reads its columns, `table` maps
//! them to record fields, `value` compares and converts values by meaning, `sql` builds the
//! statements, in the `dialect` of the database holding it.

pub mod ddl;
pub mod dialect;
pub mod discover;
pub mod sql;
pub mod table;
pub mod value;

pub use ddl::*;
pub use dialect::Dialect;
pub use discover::{discover, DiscoverError, Discovered};
pub use table::{Column, ColumnType, FieldColumn, Meaning, Role, SkillTable, Spelling};
