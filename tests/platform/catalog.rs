//! Seed 001's skills platform as it really keeps its data (reference/real-systems.md), in its two
//! eras: flat slugs, and the later `owner/repo/skillSlug` slugs.
//!
//! - KV `skill:{slug}` records carry `slug` (the key's slug) and `name` (the base name, which
//!   differs for collision-suffixed and not-yet-migrated slugs), and many more fields than seed 001
//!   lists (trust, versioning, publish times, install counts…).
//! - Aliases live under the skill prefix, `skill:alias:{oldSlug}`, as plain text naming the new slug.
//! - `skills:published-index` is an array of `{slug, name, displayName, repoUrl, publishedAt}`.
//! - The durable rows hold the same skills, as the app's ORM wrote them.
#![allow(dead_code)]

use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Era {
    /// Flat slugs (`sw-frontend`); the durable table is unique on `name`.
    Flat,
    /// `owner/repo/skillSlug`; the durable table is unique on `(ownerSlug, repoSlug, skillSlug)`.
    Hierarchical,
}

#[derive(Clone, Debug)]
pub struct Skill {
    pub slug: String,
    pub record: Map<String, Value>,
}

impl Skill {
    pub fn base_name(&self) -> &str {
        self.record["name"].as_str().unwrap()
    }
    pub fn get(&self, field: &str) -> &Value {
        self.record.get(field).unwrap_or(&Value::Null)
    }
}

#[derive(Clone, Debug)]
pub struct Platform {
    pub era: Era,
    pub skills: Vec<Skill>,
    /// (old slug, new slug): `skill:alias:{old}` → `new` as plain text.
    pub aliases: Vec<(String, String)>,
}

const WORDS: [&str; 10] = [
    "sw-frontend",
    "pdf-spark",
    "code-review",
    "db-tuner",
    "test-writer",
    "api-docs",
    "git-helper",
    "k8s-deploy",
    "data-clean",
    "log-reader",
];
const OWNERS: [&str; 4] = ["anthropics", "anton-abyzov", "acme", "zoë-labs"];

/// Every 28th skill from the 7th on is collision-suffixed (the loser of a name clash with the
/// skill before it: slug `{owner}-{name}`, name `{name}`, the winner's slug), every 28th from the
/// 21st a not-yet-migrated org slug (slug `anton-abyzov-specweave-{name}`, name `{name}`): 14 of
/// 200 records whose `name` is not their slug. Every 22nd skill has an alias from its old slug: 9 of 200.
pub fn platform(era: Era, n: usize) -> Platform {
    let mut skills = Vec::with_capacity(n);
    let mut aliases = Vec::new();
    for i in 0..n {
        let word = WORDS[i % WORDS.len()];
        let base = format!("{word}-{i:03}");
        let owner = OWNERS[i % OWNERS.len()];
        let repo = format!("{}-skills", WORDS[(i / 3) % WORDS.len()]);
        let (slug, name) = match era {
            // The loser of a clash with the skill before it (another repository's skill of the
            // same name, whose slug is that name).
            Era::Flat if i % 28 == 7 => {
                let winner = format!("{}-{:03}", WORDS[(i - 1) % WORDS.len()], i - 1);
                (format!("{owner}-{winner}"), winner)
            }
            Era::Flat if i % 28 == 21 => (format!("anton-abyzov-specweave-{base}"), base.clone()),
            Era::Flat => (base.clone(), base.clone()),
            Era::Hierarchical => (format!("{owner}/{repo}/{base}"), base.clone()),
        };
        let mut r = Map::new();
        r.insert("slug".into(), json!(slug));
        r.insert("name".into(), json!(name));
        r.insert("displayName".into(), json!(format!("{} {i}", title(word))));
        r.insert(
            "description".into(),
            json!(format!("Does {word} things — ünïcode, quotes ' \" and all")),
        );
        r.insert("author".into(), json!(owner));
        r.insert(
            "repoUrl".into(),
            json!(format!("https://github.com/{owner}/{repo}")),
        );
        r.insert("category".into(), json!(["dev", "docs", "ops"][i % 3]));
        r.insert("currentVersion".into(), json!(format!("1.{}.0", i % 7)));
        r.insert("certTier".into(), json!("SCANNED"));
        r.insert("certMethod".into(), json!("AUTOMATED_SCAN"));
        r.insert("certScore".into(), json!(60 + (i % 40)));
        r.insert(
            "certifiedAt".into(),
            json!(format!("2026-01-{:02}T03:04:05.678Z", 1 + i % 28)),
        );
        let second = ["a", "b c"][i % 2];
        r.insert("labels".into(), json!([word, second]));
        r.insert("trendingScore7d".into(), json!((i % 9) as f64 + 0.5));
        r.insert("trendingScore30d".into(), json!(i % 11));
        r.insert("skillPath".into(), json!(format!("skills/{base}/SKILL.md")));
        r.insert("submissionId".into(), json!(format!("sub_{i:05}")));
        r.insert(
            "publishedAt".into(),
            json!(format!("2026-02-{:02}T10:00:00.000Z", 1 + i % 28)),
        );
        r.insert("installCount".into(), json!(i * 3));
        r.insert("trustTier".into(), json!(["T1", "T2", "T3"][i % 3]));
        r.insert("trustScore".into(), json!(i % 100));
        r.insert("provenanceVerified".into(), json!(i % 2 == 0));
        r.insert("versioningMode".into(), json!("auto"));
        r.insert(
            "distTags".into(),
            json!({"latest": format!("1.{}.0", i % 7)}),
        );
        r.insert("privacy".into(), json!("PUBLIC"));
        if era == Era::Hierarchical {
            r.insert("ownerSlug".into(), json!(owner));
            r.insert("repoSlug".into(), json!(repo));
            r.insert("skillSlug".into(), json!(base));
            r.insert("legacySlug".into(), json!(format!("{owner}-{repo}-{base}")));
        }
        r.insert("createdAt".into(), json!("2026-01-01T00:00:00.000Z"));
        r.insert(
            "updatedAt".into(),
            json!(format!("2026-03-{:02}T00:00:00.000Z", 1 + i % 28)),
        );
        if i % 22 == 11 {
            let old = match era {
                Era::Flat => format!("anton-abyzov-specweave-old-{base}"),
                Era::Hierarchical => format!("{owner}-{repo}-{base}"),
            };
            aliases.push((old, slug.clone()));
        }
        skills.push(Skill { slug, record: r });
    }
    Platform {
        era,
        skills,
        aliases,
    }
}

fn title(word: &str) -> String {
    word.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The index fields the platform's entries carry, in its order.
pub const INDEX_FIELDS: [&str; 5] = ["slug", "name", "displayName", "repoUrl", "publishedAt"];

impl Platform {
    pub fn skill(&self, slug: &str) -> &Skill {
        self.skills.iter().find(|s| s.slug == slug).unwrap()
    }

    /// Skills whose `name` is not their slug.
    pub fn renamed(&self) -> Vec<&Skill> {
        self.skills
            .iter()
            .filter(|s| s.base_name() != s.slug)
            .collect()
    }

    pub fn index_entry(s: &Skill) -> Value {
        Value::Object(
            INDEX_FIELDS
                .iter()
                .map(|f| (f.to_string(), s.get(f).clone()))
                .collect(),
        )
    }

    /// The published index: one entry per skill, in the platform's shape.
    pub fn index(&self) -> Value {
        Value::Array(self.skills.iter().map(Self::index_entry).collect())
    }

    /// Every KV pair: records, aliases (plain text) and the index.
    pub fn kv_pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .skills
            .iter()
            .map(|s| {
                (
                    format!("skill:{}", s.slug),
                    Value::Object(s.record.clone()).to_string(),
                )
            })
            .collect();
        for (old, new) in &self.aliases {
            out.push((format!("skill:alias:{old}"), new.clone()));
        }
        out.push(("skills:published-index".into(), self.index().to_string()));
        out
    }
}

impl Platform {
    /// The hierarchical era as the migration left it: every skill also reachable by its flat
    /// legacy slug, `skill:alias:{legacySlug}` → the hierarchical slug.
    pub fn with_an_alias_per_skill(mut self) -> Platform {
        for s in &self.skills {
            let legacy = s.get("legacySlug").as_str().unwrap().to_string();
            if !self.aliases.iter().any(|(old, _)| *old == legacy) {
                self.aliases.push((legacy, s.slug.clone()));
            }
        }
        self
    }
}
