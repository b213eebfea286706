//! Where a platform store lives in a test: the local store, the fake Cloudflare server (KV + D1),
//! or the local store's KV beside a real PostgreSQL durable table (`--durable-url`), with the
//! durable table as the app's migrations made it in that era.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::backend::Backend;
use crate::catalog::{Era, Platform, Skill};
use crate::dev::Dev;
use crate::pg::{PgServer, PASSWORD};

pub enum Place {
    Sqlite(Backend),
    Postgres { kv: Backend, pg: PgServer },
    WranglerDev(Dev),
}

/// A record field, its column in each dialect's table, and how the column stores it.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Real,
    Int,
    Bool,
    Json,
    List,
    Time,
    Enum,
}

const COLUMNS: [(&str, &str, Kind); 21] = [
    ("displayName", "display_name", Kind::Text),
    ("description", "description", Kind::Text),
    ("author", "author", Kind::Text),
    ("repoUrl", "repo_url", Kind::Text),
    ("category", "category", Kind::Text),
    ("currentVersion", "current_version", Kind::Text),
    ("certTier", "cert_tier", Kind::Text),
    ("certMethod", "cert_method", Kind::Text),
    ("certScore", "cert_score", Kind::Real),
    ("certifiedAt", "certified_at", Kind::Time),
    ("labels", "labels", Kind::List),
    ("trendingScore7d", "trending_score_7d", Kind::Real),
    ("trendingScore30d", "trending_score_30d", Kind::Real),
    ("trustTier", "trust_tier", Kind::Text),
    ("trustScore", "trust_score", Kind::Int),
    ("provenanceVerified", "provenance_verified", Kind::Bool),
    ("versioningMode", "versioning_mode", Kind::Text),
    ("distTags", "dist_tags", Kind::Json),
    ("privacy", "privacy", Kind::Enum),
    ("createdAt", "created_at", Kind::Time),
    ("updatedAt", "updated_at", Kind::Time),
];

const KEY_PARTS: [(&str, &str); 4] = [
    ("ownerSlug", "owner_slug"),
    ("repoSlug", "repo_slug"),
    ("skillSlug", "skill_slug"),
    ("legacySlug", "legacy_slug"),
];

/// The platform's D1 table (its own migration, snake_case, a client-filled text id).
fn sqlite_ddl(era: Era) -> String {
    let parts = match era {
        Era::Flat => String::new(),
        Era::Hierarchical => "  owner_slug TEXT NOT NULL,\n  repo_slug TEXT NOT NULL,\n  skill_slug TEXT NOT NULL,\n  legacy_slug TEXT NOT NULL,\n".into(),
    };
    let unique = match era {
        Era::Flat => "CREATE UNIQUE INDEX skills_name_key ON skills(name);",
        Era::Hierarchical => "CREATE UNIQUE INDEX skills_owner_slug_repo_slug_skill_slug_key ON skills(owner_slug, repo_slug, skill_slug);",
    };
    format!(
        "CREATE TABLE skills (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  display_name TEXT NOT NULL,
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
  trust_tier TEXT NOT NULL DEFAULT 'T1',
  trust_score INTEGER NOT NULL DEFAULT 0,
  provenance_verified INTEGER NOT NULL DEFAULT 0,
  versioning_mode TEXT NOT NULL DEFAULT 'auto',
  dist_tags TEXT NOT NULL DEFAULT '{{}}',
  privacy TEXT NOT NULL DEFAULT 'PUBLIC' CHECK (privacy IN ('PUBLIC', 'PRIVATE', 'UNLISTED')),
  tenant_id TEXT,
  resolution_attempts INTEGER NOT NULL DEFAULT 0,
  last_checked_at TEXT,
{parts}  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
{unique}"
    )
}

/// Prisma's migration SQL for `model Skill` as the platform grew it.
fn postgres_ddl(era: Era) -> String {
    let parts = match era {
        Era::Flat => String::new(),
        Era::Hierarchical => "    \"ownerSlug\" TEXT NOT NULL,\n    \"repoSlug\" TEXT NOT NULL,\n    \"skillSlug\" TEXT NOT NULL,\n    \"legacySlug\" TEXT NOT NULL,\n".into(),
    };
    let unique = match era {
        Era::Flat => r#"CREATE UNIQUE INDEX "Skill_name_key" ON "Skill"("name");"#,
        Era::Hierarchical => {
            r#"CREATE UNIQUE INDEX "Skill_ownerSlug_repoSlug_skillSlug_key" ON "Skill"("ownerSlug", "repoSlug", "skillSlug");"#
        }
    };
    format!(
        r#"CREATE TYPE "SkillPrivacy" AS ENUM ('PUBLIC', 'PRIVATE', 'UNLISTED');
CREATE TABLE "Skill" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT,
    "author" TEXT,
    "repoUrl" TEXT,
    "category" TEXT,
    "currentVersion" TEXT,
    "certTier" TEXT,
    "certMethod" TEXT,
    "certScore" DOUBLE PRECISION,
    "certifiedAt" TIMESTAMP(3),
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "trendingScore7d" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "trendingScore30d" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "trustTier" TEXT NOT NULL DEFAULT 'T1',
    "trustScore" INTEGER NOT NULL DEFAULT 0,
    "provenanceVerified" BOOLEAN NOT NULL DEFAULT false,
    "versioningMode" TEXT NOT NULL DEFAULT 'auto',
    "distTags" JSONB NOT NULL DEFAULT '{{}}',
    "privacy" "SkillPrivacy" NOT NULL DEFAULT 'PUBLIC',
    "tenantId" TEXT,
    "resolutionAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastCheckedAt" TIMESTAMP(3),
{parts}    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Skill_pkey" PRIMARY KEY ("id")
);
{unique}"#
    )
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn pg_time(iso: &str) -> String {
    // TIMESTAMP(3) without a zone holds UTC as the app writes it.
    quote(&iso.trim_end_matches('Z').replace('T', " "))
}

impl Place {
    pub fn local() -> Place {
        Place::Sqlite(Backend::local())
    }
    pub fn fake() -> Place {
        Place::Sqlite(Backend::fake())
    }
    pub fn postgres() -> Option<Place> {
        let pg = PgServer::start()?;
        Some(Place::Postgres {
            kv: Backend::local(),
            pg,
        })
    }

    /// A real `wrangler dev`; `None` where it cannot run (outside CI only).
    pub fn wrangler_dev() -> Option<Place> {
        Dev::start().map(Place::WranglerDev)
    }

    pub fn name(&self) -> &'static str {
        match self {
            Place::Sqlite(b) => b.name(),
            Place::Postgres { .. } => "postgres",
            Place::WranglerDev(_) => "wrangler-dev",
        }
    }

    fn kv_backend(&self) -> Option<&Backend> {
        match self {
            Place::Sqlite(b) | Place::Postgres { kv: b, .. } => Some(b),
            Place::WranglerDev(_) => None,
        }
    }

    pub fn postgres_server(&self) -> Option<&PgServer> {
        match self {
            Place::Postgres { pg, .. } => Some(pg),
            Place::Sqlite(_) | Place::WranglerDev(_) => None,
        }
    }

    pub fn table(&self) -> &'static str {
        match self {
            Place::Sqlite(_) | Place::WranglerDev(_) => "skills",
            Place::Postgres { .. } => "\"Skill\"",
        }
    }

    /// Runs `mkt ARGS` against this place.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        match self {
            Place::Sqlite(b) => b.run(args),
            Place::Postgres { kv, pg } => kv
                .sandbox()
                .mkt()
                .env("MKT_DURABLE_URL", pg.url())
                .env("PGPASSWORD", PASSWORD)
                .args(args)
                .output()
                .unwrap(),
            Place::WranglerDev(d) => d.run(args),
        }
    }

    pub fn exec(&self, sql: &str) {
        match self {
            Place::Sqlite(b) => b.exec(sql),
            Place::Postgres { pg, .. } => pg.sql(sql),
            Place::WranglerDev(d) => d.exec(sql),
        }
    }

    /// Rows of a query on the SQLite-backed places (the local store, D1, wrangler dev's D1).
    fn query(&self, sql: &str) -> Vec<Map<String, Value>> {
        match self {
            Place::Sqlite(b) => b.query(sql),
            Place::WranglerDev(d) => d.query(sql),
            Place::Postgres { .. } => unreachable!("PostgreSQL rows come through row_to_json"),
        }
    }

    pub fn kv_put_many(&self, pairs: &[(String, String)]) {
        match self {
            Place::WranglerDev(d) => d.kv_put_many(pairs),
            _ => self.kv_backend().unwrap().kv_put_many(pairs),
        }
    }

    pub fn kv(&self) -> BTreeMap<String, String> {
        let all = match self {
            Place::WranglerDev(d) => d.kv(),
            _ => self.kv_backend().unwrap().kv(),
        };
        all.into_iter()
            .filter(|(k, _)| !k.starts_with("skills:published-index:backup:"))
            .collect()
    }

    pub fn kv_delete(&self, key: &str) {
        let Some(backend) = self.kv_backend() else {
            let Place::WranglerDev(d) = self else {
                unreachable!()
            };
            return d.kv_delete(key);
        };
        match backend {
            Backend::Local(sb) => {
                let c = rusqlite::Connection::open(sb.local_db()).unwrap();
                c.execute("DELETE FROM _mkt_kv WHERE key = ?1", [key])
                    .unwrap();
            }
            Backend::Fake(_, f) => f.kv_delete(key),
        }
    }

    /// Every durable row as JSON, by `name` (PostgreSQL's typed as `row_to_json` gives them).
    pub fn rows(&self) -> BTreeMap<String, Map<String, Value>> {
        match self {
            Place::Sqlite(_) | Place::WranglerDev(_) => self
                .query("SELECT * FROM skills")
                .into_iter()
                .map(|r| (r["name"].as_str().unwrap().to_string(), r))
                .collect(),
            Place::Postgres { pg, .. } => pg
                .rows(r#"SELECT row_to_json(s)::text FROM "Skill" s"#)
                .into_iter()
                .map(|r| {
                    let v: Value = serde_json::from_str(r[0].as_deref().unwrap()).unwrap();
                    let m = v.as_object().unwrap().clone();
                    (m["name"].as_str().unwrap().to_string(), m)
                })
                .collect(),
        }
    }

    /// Creates the era's durable table and writes the platform into it and KV, in sync.
    pub fn write(&self, p: &Platform) {
        match self {
            Place::Sqlite(_) | Place::WranglerDev(_) => self.exec(&sqlite_ddl(p.era)),
            Place::Postgres { pg, .. } => pg.sql(&postgres_ddl(p.era)),
        }
        self.kv_put_many(&p.kv_pairs());
        let rows: Vec<String> = p
            .skills
            .iter()
            .enumerate()
            .map(|(i, s)| self.insert(p.era, s, i))
            .collect();
        for chunk in rows.chunks(50) {
            self.exec(&chunk.join("\n"));
        }
    }

    /// The app's insert of one skill (its ORM fills `id` and `updatedAt`).
    pub fn insert(&self, era: Era, s: &Skill, i: usize) -> String {
        let pg = matches!(self, Place::Postgres { .. });
        let col = |camel: &str, snake: &str| {
            if pg {
                format!("\"{camel}\"")
            } else {
                snake.to_string()
            }
        };
        let mut cols = vec![col("id", "id"), col("name", "name")];
        let mut vals = vec![quote(&format!("cplatform{i:016}")), quote(&s.slug)];
        let mut fields: Vec<(&str, &str, Kind)> = COLUMNS.to_vec();
        if era == Era::Hierarchical {
            fields.extend(KEY_PARTS.iter().map(|(c, s)| (*c, *s, Kind::Text)));
        }
        for (field, snake, kind) in fields {
            let v = s.get(field);
            cols.push(col(field, snake));
            vals.push(match (kind, v, pg) {
                (_, Value::Null, _) => "NULL".into(),
                (Kind::Text | Kind::Enum, Value::String(t), _) => quote(t),
                (Kind::Real | Kind::Int, n, _) => n.to_string(),
                (Kind::Bool, Value::Bool(b), true) => b.to_string(),
                (Kind::Bool, Value::Bool(b), false) => (*b as i32).to_string(),
                (Kind::Json | Kind::List, v, false) => quote(&v.to_string()),
                (Kind::Json, v, true) => format!("{}::jsonb", quote(&v.to_string())),
                (Kind::List, Value::Array(items), true) => format!(
                    "ARRAY[{}]::TEXT[]",
                    items
                        .iter()
                        .map(|x| quote(x.as_str().unwrap()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                (Kind::Time, Value::String(t), true) => pg_time(t),
                (Kind::Time, Value::String(t), false) => quote(t),
                (_, other, _) => panic!("{field}: {other}"),
            });
        }
        format!(
            "INSERT INTO {} ({}) VALUES ({});",
            self.table(),
            cols.join(", "),
            vals.join(", ")
        )
    }

    /// Deletes one durable row by slug.
    pub fn delete_row(&self, slug: &str) {
        let name = if matches!(self, Place::Postgres { .. }) {
            "\"name\""
        } else {
            "name"
        };
        self.exec(&format!(
            "DELETE FROM {} WHERE {name} = {};",
            self.table(),
            quote(slug)
        ));
    }

    /// Changes one durable row's display name, as the app's editor would.
    pub fn rename_row(&self, slug: &str, display: &str) {
        let (col, name) = if matches!(self, Place::Postgres { .. }) {
            ("\"displayName\"", "\"name\"")
        } else {
            ("display_name", "name")
        };
        self.exec(&format!(
            "UPDATE {} SET {col} = {} WHERE {name} = {};",
            self.table(),
            quote(display),
            quote(slug)
        ));
    }

    /// Checks every row reads back as its column's type, as the app's reads need: valid enum
    /// values, JSON objects, arrays of text, timestamps, a cuid-shaped id. Returns the row count.
    pub fn rows_read_as_their_types(&self) -> usize {
        match self {
            Place::Postgres { pg, .. } => {
                let bad = pg.rows(
                    r#"SELECT name FROM "Skill" WHERE NOT (
                        "id" ~ '^c[0-9a-z]{16,}$'
                        AND jsonb_typeof("distTags") = 'object'
                        AND ("labels" IS NULL OR array_ndims("labels") IS NULL OR array_ndims("labels") = 1)
                        AND "privacy"::text IN ('PUBLIC', 'PRIVATE', 'UNLISTED')
                        AND "updatedAt" IS NOT NULL AND "createdAt" IS NOT NULL
                        AND pg_typeof("certifiedAt")::text = 'timestamp without time zone'
                        AND "name" NOT LIKE 'alias:%')"#,
                );
                assert!(bad.is_empty(), "rows the app cannot read: {bad:?}");
                pg.rows(r#"SELECT count(*)::text FROM "Skill""#)[0][0]
                    .as_deref()
                    .unwrap()
                    .parse()
                    .unwrap()
            }
            Place::Sqlite(_) | Place::WranglerDev(_) => {
                let bad = self.query(
                    "SELECT name FROM skills WHERE NOT (
                        typeof(id) = 'text' AND length(id) >= 17
                        AND json_valid(labels) AND json_type(labels) = 'array'
                        AND json_valid(dist_tags) AND json_type(dist_tags) = 'object'
                        AND typeof(cert_score) IN ('real', 'integer', 'null')
                        AND typeof(trending_score_7d) IN ('real', 'integer')
                        AND provenance_verified IN (0, 1)
                        AND privacy IN ('PUBLIC', 'PRIVATE', 'UNLISTED')
                        AND name NOT LIKE 'alias:%')",
                );
                assert!(bad.is_empty(), "rows the app cannot read: {bad:?}");
                self.query("SELECT count(*) AS n FROM skills")[0]["n"]
                    .as_u64()
                    .unwrap() as usize
            }
        }
    }
}
