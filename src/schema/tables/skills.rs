//! The `skills` table `mkt db migrate` creates: seed 001's Prisma `Skill` model in snake_case.
//! Discovery reads whatever table is deployed (`schema::discover`); this is the one mkt makes.

use super::{ColumnDef, TableDef};

const fn col(name: &'static str, ty: &'static str) -> ColumnDef {
    ColumnDef::new(name, ty)
}

const COLUMNS: [ColumnDef; 16] = [
    col("name", "TEXT").primary_key(),
    col("display_name", "TEXT"),
    col("description", "TEXT"),
    col("author", "TEXT"),
    col("repo_url", "TEXT"),
    col("category", "TEXT"),
    col("current_version", "TEXT"),
    col("cert_tier", "TEXT"),
    col("cert_method", "TEXT"),
    col("cert_score", "REAL"),
    col("certified_at", "TEXT"),
    col("labels", "TEXT").not_null().default("'[]'"),
    col("trending_score_7d", "REAL").not_null().default("0"),
    col("trending_score_30d", "REAL").not_null().default("0"),
    col("created_at", "TEXT").not_null(),
    col("updated_at", "TEXT").not_null(),
];

pub const SKILLS: TableDef = TableDef {
    columns: &COLUMNS,
    primary_key: &[],
};

#[cfg(test)]
mod tests {
    #[test]
    fn the_migration_is_seed_001s_model_in_snake_case() {
        assert_eq!(
            super::SKILLS.create_sql("skills"),
            "CREATE TABLE IF NOT EXISTS skills (
  name TEXT PRIMARY KEY,
  display_name TEXT,
  description TEXT,
  author TEXT,
  repo_url TEXT,
  category TEXT,
  current_version TEXT,
  cert_tier TEXT,
  cert_method TEXT,
  cert_score REAL,
  certified_at TEXT,
  labels TEXT NOT NULL DEFAULT '[]',
  trending_score_7d REAL NOT NULL DEFAULT 0,
  trending_score_30d REAL NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)"
        );
    }
}
