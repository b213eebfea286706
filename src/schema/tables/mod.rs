//! Each table mkt creates, defined once: its columns as the migration declares them (what
//! `mkt db migrate` creates, what `mkt doctor` checks, what discovery finds in a migrated
//! database) and the SQL that writes it. Everything else reads the shape from here.

pub mod reviews;
pub mod skills;

/// One column as the migration declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: &'static str,
    /// The declared type (`TEXT`, `INTEGER`, `REAL`).
    pub ty: &'static str,
    pub primary_key: bool,
    pub not_null: bool,
    /// A `CHECK` expression.
    pub check: Option<&'static str>,
    /// A `DEFAULT` expression, as SQL.
    pub default: Option<&'static str>,
}

impl ColumnDef {
    pub const fn new(name: &'static str, ty: &'static str) -> Self {
        ColumnDef {
            name,
            ty,
            primary_key: false,
            not_null: false,
            check: None,
            default: None,
        }
    }
    pub const fn primary_key(mut self) -> Self {
        self.primary_key = true;
        self
    }
    pub const fn not_null(mut self) -> Self {
        self.not_null = true;
        self
    }
    pub const fn check(mut self, expr: &'static str) -> Self {
        self.check = Some(expr);
        self
    }
    pub const fn default(mut self, expr: &'static str) -> Self {
        self.default = Some(expr);
        self
    }

    /// The column's line in `CREATE TABLE`.
    fn declaration(&self) -> String {
        let mut out = format!("{} {}", self.name, self.ty);
        if self.primary_key {
            out.push_str(" PRIMARY KEY");
        }
        if self.not_null {
            out.push_str(" NOT NULL");
        }
        if let Some(c) = self.check {
            out.push_str(&format!(" CHECK ({c})"));
        }
        if let Some(d) = self.default {
            out.push_str(&format!(" DEFAULT {d}"));
        }
        out
    }
}

/// A table's shape: its columns in schema order and, when it spans columns, its primary key.
#[derive(Clone, Copy, Debug)]
pub struct TableDef {
    pub columns: &'static [ColumnDef],
    /// A primary key over several columns (a one-column key is the column's own).
    pub primary_key: &'static [&'static str],
}

impl TableDef {
    /// `CREATE TABLE IF NOT EXISTS` for this shape under the configured name (idempotent).
    pub fn create_sql(&self, table: &str) -> String {
        let mut lines: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("  {}", c.declaration()))
            .collect();
        if !self.primary_key.is_empty() {
            lines.push(format!("  PRIMARY KEY ({})", self.primary_key.join(", ")));
        }
        format!(
            "CREATE TABLE IF NOT EXISTS {table} (\n{}\n)",
            lines.join(",\n")
        )
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.columns.iter().map(|c| c.name)
    }
}

/// The column names of a shape, as an array (for constants sized by the column count).
pub const fn names<const N: usize>(columns: &[ColumnDef; N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = columns[i].name;
        i += 1;
    }
    out
}
