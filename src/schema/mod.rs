//! The durable schema. `tables` defines each table mkt creates, once (its columns and the SQL
//! that writes it); `ddl` holds the migrations `mkt db migrate` runs from them; the rest is about
//! the durable skills table as it is deployed, which mkt discovers instead of assuming: `discover`
//! reads its columns, `table` maps them to record fields, `value` compares and converts values by meaning, `sql` builds the
//! statements, in the `dialect` of the database holding it.

pub mod ddl;
pub mod dialect;
pub mod discover;
pub mod sql;
pub mod table;
pub mod tables;
pub mod value;

pub use ddl::*;
pub use dialect::Dialect;
pub use discover::{discover, DiscoverError, Discovered};
pub use table::{Column, ColumnType, FieldColumn, Meaning, Role, SkillTable, Spelling};
