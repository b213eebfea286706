//! Deterministic generation of skill records, reviews and the skill-loss incident (pure, no I/O).
//! Each record draws from its own RNG stream keyed by (seed, kind, position), so seeding more
//! skills later keeps the first ones byte-identical.

use serde_json::{json, Map, Value};

use super::words::*;
use crate::reviews::model::{Review, TargetType, DEFAULT_SOURCE};

/// SplitMix64: tiny, fast and stable forever (unlike library RNGs whose streams may change),
/// which keeps `--rng-seed S` reproducible across releases.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// A stream for one item: the seed mixed with a kind tag and a position.
    pub fn stream(seed: u64, kind: u64, pos: u64) -> Self {
        let mut r = Rng(seed ^ kind.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= pos.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        r.next_u64();
        r
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const KIND_SKILL: u64 = 1;
const KIND_REVIEW: u64 = 2;
const KIND_SCENARIO: u64 = 3;

/// 2026-01-01T00:00:00Z: every generated timestamp is an offset from here, so reruns match.
const EPOCH_BASE: i64 = 1_767_225_600;

pub fn timestamp(offset_secs: u64) -> String {
    chrono::DateTime::from_timestamp(EPOCH_BASE + offset_secs as i64, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S.000Z").to_string())
        .unwrap_or_default()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn title_case(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `n` unique slugs (`adjective-topic-noun`, with a counter suffix once combinations repeat).
///
/// The k-th use of a combination is `base-k`: no vocabulary word ends in `-<digits>`, so a suffixed
/// slug never equals another combination, and counting uses per combination (at most
/// |adjectives| × |topics| × |nouns| entries) gives the same slugs as checking every slug made.
pub fn slugs(seed: u64, n: usize) -> Vec<String> {
    let mut uses: std::collections::HashMap<(usize, usize, usize), u32> = Default::default();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut r = Rng::stream(seed, KIND_SKILL, i as u64);
        let a = r.below(ADJECTIVES.len() as u64) as usize;
        let t = r.below(TOPICS.len() as u64) as usize;
        let w = r.below(NOUNS.len() as u64) as usize;
        let k = uses.entry((a, t, w)).or_insert(0);
        *k += 1;
        let base = format!("{}-{}-{}", ADJECTIVES[a], TOPICS[t], NOUNS[w]);
        out.push(if *k == 1 { base } else { format!("{base}-{k}") });
    }
    out
}

/// A full skill record as the app writes it to KV (seed 001 fields plus `installCount`,
/// a field the durable table does not know, to prove unknown fields survive rewrites).
pub fn skill_record(seed: u64, pos: usize, slug: &str) -> Map<String, Value> {
    let mut r = Rng::stream(seed, KIND_SKILL + 100, pos as u64);
    let category = *r.pick(CATEGORIES);
    let author = *r.pick(AUTHORS);
    let topic = slug.split('-').nth(1).unwrap_or("code");
    let mut labels: Vec<&str> = Vec::new();
    for _ in 0..r.range(0, 3) {
        let l = *r.pick(LABELS);
        if !labels.contains(&l) {
            labels.push(l);
        }
    }
    let certified = r.range(0, 300 * 86_400);
    let score = round2(60.0 + r.unit() * 40.0);
    let t30 = round2(r.unit() * 100.0);
    let t7 = round2(t30 * (0.2 + r.unit() * 0.6));
    let rec = json!({
        "name": slug,
        "displayName": title_case(slug),
        "description": format!(
            "A {category} skill that helps with {topic} work: it inspects your project, explains what it finds and applies safe fixes on request."
        ),
        "author": author,
        "repoUrl": format!("https://github.com/{}/{}", author.replace(['.', '_'], "-"), slug),
        "category": category,
        "currentVersion": format!("{}.{}.{}", r.range(0, 3), r.range(0, 12), r.range(0, 20)),
        "certTier": r.pick(TIERS),
        "certMethod": r.pick(METHODS),
        "certScore": score,
        "certifiedAt": timestamp(certified),
        "labels": labels,
        "trendingScore7d": t7,
        "trendingScore30d": t30,
        "installCount": r.range(0, 50_000),
    });
    match rec {
        Value::Object(m) => m,
        _ => unreachable!("json! object"),
    }
}

/// created_at/updated_at for a skill's durable row.
pub fn skill_times(seed: u64, pos: usize) -> (String, String) {
    let mut r = Rng::stream(seed, KIND_SKILL + 200, pos as u64);
    let created = r.range(0, 200 * 86_400);
    let updated = created + r.range(0, 100 * 86_400);
    (timestamp(created), timestamp(updated))
}

/// MCP servers reviewed beside the skills (about a quarter of the reviews).
pub const MCP_SERVERS: &[&str] = &[
    "server-github",
    "server-filesystem",
    "server-postgres",
    "server-slack",
    "server-brave-search",
    "server-puppeteer",
    "server-sqlite",
    "server-google-drive",
    "server-memory",
    "server-fetch",
    "server-git",
    "server-sentry",
];

/// Review `pos` over the given skills and `MCP_SERVERS`. Ratings lean positive, ~3% are
/// soft-deleted, ~20% were edited after they were written.
pub fn review(seed: u64, pos: usize, slugs: &[String]) -> Review {
    let mut r = Rng::stream(seed, KIND_REVIEW, pos as u64);
    // Popular skills collect more reviews: squaring the draw skews toward the front.
    let u = r.unit();
    let mut target = slugs[((u * u) * slugs.len() as f64) as usize % slugs.len()].clone();
    let rating = *r.pick(&[1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5]);
    let mut body = String::new();
    for _ in 0..r.range(1, 6) {
        if !body.is_empty() {
            body.push(' ');
        }
        let sentence: &&str = r.pick(SENTENCES);
        body.push_str(sentence);
    }
    let created = r.range(0, 300 * 86_400);
    let edited = if r.below(5) == 0 {
        r.range(60, 30 * 86_400)
    } else {
        0
    };
    let deleted = (r.below(33) == 0).then(|| timestamp(created + edited + 3_600));
    let display_name = r.pick(REVIEWERS).to_string();
    let opener = r.pick(TITLE_OPENERS).to_string();
    let mut target_type = TargetType::Skill;
    if r.below(4) == 0 {
        target_type = TargetType::Mcp;
        let v = r.unit();
        target = MCP_SERVERS[((v * v) * MCP_SERVERS.len() as f64) as usize % MCP_SERVERS.len()]
            .to_string();
    }
    Review {
        id: format!("rev-{seed:x}-{pos:06}"),
        target_type,
        title: format!("{opener} ({})", title_case(&target)),
        target_id: target,
        display_name,
        rating,
        body,
        source: DEFAULT_SOURCE.into(),
        created_at: timestamp(created),
        updated_at: timestamp(created + edited),
        deleted_at: deleted,
    }
}

/// An aggregate row planted out of date, with the values written.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StaleAggregate {
    pub target_type: String,
    pub target_id: String,
    pub review_count: i64,
    pub avg_rating: f64,
}

/// Live reviews per target: (count, sum of ratings), tallied as reviews are written.
pub type Tally = std::collections::BTreeMap<(String, String), (i64, i64)>;

/// Adds a review to the tally of live reviews.
pub fn tally(live: &mut Tally, r: &Review) {
    if r.deleted_at.is_none() {
        let e = live
            .entry((r.target_type.as_str().to_string(), r.target_id.clone()))
            .or_default();
        e.0 += 1;
        e.1 += r.rating;
    }
}

/// The skill-loss scenario's two stale aggregate rows, on the two most-reviewed targets: one
/// counts three reviews too many (deletes never counted), one has an average half a star off.
pub fn stale_aggregates(reviews: &[Review]) -> Vec<StaleAggregate> {
    let mut live = Tally::new();
    for r in reviews {
        tally(&mut live, r);
    }
    stale_from_tally(&live)
}

/// [`stale_aggregates`] from a tally of the live reviews.
pub fn stale_from_tally(live: &Tally) -> Vec<StaleAggregate> {
    let mut by_count: Vec<_> = live
        .iter()
        .map(|((tt, id), v)| ((tt.as_str(), id.as_str()), *v))
        .collect();
    by_count.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    by_count
        .into_iter()
        .take(2)
        .enumerate()
        .map(|(i, ((tt, id), (n, sum)))| {
            let avg = sum as f64 / n as f64;
            StaleAggregate {
                target_type: tt.into(),
                target_id: id.into(),
                review_count: if i == 0 { n + 3 } else { n },
                avg_rating: if i == 1 {
                    if avg > 3.0 {
                        avg - 0.5
                    } else {
                        avg + 0.5
                    }
                } else {
                    avg
                },
            }
        })
        .collect()
}

/// What `--scenario skill-loss` plants, by kind (seed 001's incident).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct SkillLoss {
    /// The only slugs left in the index blob.
    pub index_kept: Vec<String>,
    /// Skills with KV values but no entry in the index.
    pub missing_from_index: Vec<String>,
    /// Skills whose durable row is absent (~10%).
    pub missing_in_durable: Vec<String>,
    /// `alias key → target slug`; the target does not exist anywhere.
    pub orphaned_alias: Vec<(String, String)>,
    /// Skills whose `skill:` value is not JSON.
    pub malformed_value: Vec<String>,
    /// Aggregate rows written out of date, so `mkt reviews verify` has something to find.
    pub stale_aggregates: Vec<StaleAggregate>,
}

/// Chooses the damage for the skill-loss scenario; needs at least 5 skills.
pub fn skill_loss(seed: u64, slugs: &[String], alias_prefix: &str) -> SkillLoss {
    let mut r = Rng::stream(seed, KIND_SCENARIO, 0);
    let mut order: Vec<usize> = (0..slugs.len()).collect();
    // Fisher–Yates: a seeded shuffle decides who survives and who is damaged.
    for i in (1..order.len()).rev() {
        let j = r.below(i as u64 + 1) as usize;
        order.swap(i, j);
    }
    let kept_n = 3.min(slugs.len());
    let missing_n = ((slugs.len() as f64) * 0.1).round().max(1.0) as usize;
    let mut kept: Vec<usize> = order[..kept_n].to_vec();
    kept.sort_unstable();
    let mut missing: Vec<usize> = order[kept_n..kept_n + missing_n].to_vec();
    missing.sort_unstable();
    let malformed = order[kept_n + missing_n];
    let in_index: std::collections::BTreeSet<usize> = kept.iter().copied().collect();
    SkillLoss {
        index_kept: kept.iter().map(|&i| slugs[i].clone()).collect(),
        missing_from_index: (0..slugs.len())
            .filter(|i| !in_index.contains(i))
            .map(|i| slugs[i].clone())
            .collect(),
        missing_in_durable: missing.iter().map(|&i| slugs[i].clone()).collect(),
        // "old-x"/"new-x" never collide with generated slugs (three vocabulary words).
        orphaned_alias: vec![(format!("{alias_prefix}old-x"), "new-x".into())],
        malformed_value: vec![slugs[malformed].clone()],
        stale_aggregates: Vec::new(),
    }
}

/// The non-JSON value planted for a malformed record: a write cut off mid-way.
pub fn truncated_value(record: &Map<String, Value>) -> String {
    let full = Value::Object(record.clone()).to_string();
    let cut = full
        .char_indices()
        .nth(full.len() / 2)
        .map(|(i, _)| i)
        .unwrap_or(0);
    full[..cut].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_skills_keep_the_first_ones_identical() {
        let small = slugs(5, 20);
        let big = slugs(5, 200);
        assert_eq!(small[..], big[..20]);
        assert_eq!(
            big.iter().collect::<std::collections::BTreeSet<_>>().len(),
            200
        );
        assert_eq!(skill_record(5, 3, &small[3]), skill_record(5, 3, &big[3]));
    }

    #[test]
    fn skill_loss_damage_is_disjoint() {
        let s = slugs(1, 30);
        let loss = skill_loss(1, &s, "skill-alias:");
        assert_eq!(loss.index_kept.len(), 3);
        assert_eq!(loss.missing_in_durable.len(), 3);
        assert_eq!(loss.missing_from_index.len(), 27);
        for m in loss.missing_in_durable.iter().chain(&loss.malformed_value) {
            assert!(!loss.index_kept.contains(m));
        }
        assert!(!loss.missing_in_durable.contains(&loss.malformed_value[0]));
        assert!(!s.contains(&loss.orphaned_alias[0].1));
    }

    #[test]
    fn reviews_respect_the_schema() {
        let s = slugs(2, 10);
        for i in 0..200 {
            let r = review(2, i, &s);
            assert!((1..=5).contains(&r.rating));
            assert!(match r.target_type.as_str() {
                "skill" => s.contains(&r.target_id),
                _ => MCP_SERVERS.contains(&r.target_id.as_str()),
            });
            assert!(r.title.len() >= 10 && r.body.len() >= 40);
            assert!(r.updated_at >= r.created_at);
        }
    }
}
