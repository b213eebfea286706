//! `mkt skills list|get`.

use clap::{Args, Subcommand, ValueEnum};
use serde_json::{json, Value};

use super::db::print_document;
use super::Ctx;
use crate::durable::DurableDb;
use crate::exit::ExitStatus;
use crate::output::{Format, Table, SCHEMA_VERSION};
use crate::skills::{self, ListQuery, SkillEntry, SkillSource};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum SkillsCommand {
    /// List skills from one source
    List(ListArgs),
    /// Show one skill from one source
    Get(GetArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SourceArg {
    /// `skill:{slug}` KV values
    Kv,
    /// The published-index blob
    Index,
    /// The durable skills table
    Durable,
    /// The seed catalog file
    Seed,
}

impl From<SourceArg> for SkillSource {
    fn from(s: SourceArg) -> Self {
        match s {
            SourceArg::Kv => SkillSource::Kv,
            SourceArg::Index => SkillSource::Index,
            SourceArg::Durable => SkillSource::Durable,
            SourceArg::Seed => SkillSource::Seed,
        }
    }
}

#[derive(Clone, Debug, Args)]
pub struct ListArgs {
    /// Where to read skills from
    #[arg(long, value_enum, default_value = "kv")]
    pub source: SourceArg,
    /// Only slugs starting with this prefix
    #[arg(long, value_name = "P")]
    pub prefix: Option<String>,
    /// Print at most N skills
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, Args)]
pub struct GetArgs {
    /// The skill's slug (its `name`)
    pub slug: String,
    /// Where to read the skill from
    #[arg(long, value_enum, default_value = "kv")]
    pub source: SourceArg,
}

pub async fn run(ctx: &Ctx, cmd: SkillsCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        SkillsCommand::List(args) => list(ctx, args).await,
        SkillsCommand::Get(args) => get(ctx, args).await,
    }
}

/// The seed catalog is a local file: reading it needs no store (and no requests).
async fn open_for(ctx: &Ctx, source: SkillSource) -> anyhow::Result<Option<(&Store, &DurableDb)>> {
    if source == SkillSource::Seed {
        Ok(None)
    } else {
        Ok(Some((ctx.store().await?, ctx.durable().await?)))
    }
}

fn row_of(e: &SkillEntry) -> Vec<String> {
    let display = match &e.record {
        Ok(_) => e.field("displayName"),
        Err(m) => format!("(malformed: {})", m.reason),
    };
    vec![
        e.slug.clone(),
        display,
        e.field("category"),
        e.field("currentVersion"),
        e.field("certTier"),
    ]
}

async fn list(ctx: &Ctx, args: ListArgs) -> anyhow::Result<ExitStatus> {
    let source: SkillSource = args.source.into();
    let store = open_for(ctx, source).await?;
    let q = ListQuery {
        prefix: args.prefix.unwrap_or_default(),
        limit: args.limit,
    };
    let (entries, note) = skills::list(store, &ctx.settings.layout, source, &q).await?;
    let requests = store.map(|(s, _)| s.requests()).unwrap_or(0);
    if let Some(note) = note {
        ctx.printer.warn(note);
    }
    let malformed = entries.iter().filter(|e| e.record.is_err()).count();
    match ctx.printer.format() {
        Format::Json => ctx.printer.json(&json!({
            "schema_version": SCHEMA_VERSION,
            "source": source.as_str(),
            "count": entries.len(),
            "skills": entries.iter().map(SkillEntry::to_json).collect::<Vec<Value>>(),
            "requests": requests,
        })),
        Format::Ndjson => {
            for e in &entries {
                ctx.printer.ndjson(&e.to_json());
            }
        }
        Format::Human => {
            let mut t = Table::new(["slug", "display name", "category", "version", "cert tier"]);
            for e in &entries {
                t.row(row_of(e));
            }
            if entries.is_empty() {
                ctx.printer
                    .status(format!("no skills in {}", source.as_str()));
            } else {
                ctx.printer.table(&t);
            }
        }
    }
    if malformed > 0 {
        ctx.printer.warn(format!(
            "{malformed} malformed value(s) in {}",
            source.as_str()
        ));
    }
    if store.is_some() {
        ctx.report_requests();
    }
    Ok(ExitStatus::Success)
}

fn display_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The one line said when `skills get` meets an alias instead of a skill.
fn alias_message(slug: &str, hit: &skills::AliasHit) -> String {
    match &hit.target {
        Some(t) => format!(
            "skill {slug:?} not found in kv: it is an alias, key {} points to {t:?}; see that skill with `mkt skills get {}`",
            hit.key,
            shell_word(t)
        ),
        None => format!(
            "skill {slug:?} not found in kv: key {} is an alias whose value names no slug; `mkt health` reports it",
            hit.key
        ),
    }
}

/// A slug as one shell word: as it is when plain, else single-quoted.
fn shell_word(s: &str) -> String {
    // Letters and digits of any script are plain to a shell.
    let plain = |c: char| c.is_alphanumeric() || "-_./:@+".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

async fn get(ctx: &Ctx, args: GetArgs) -> anyhow::Result<ExitStatus> {
    let source: SkillSource = args.source.into();
    let store = open_for(ctx, source).await?;
    let layout = &ctx.settings.layout;
    let found = skills::get(store, layout, source, &args.slug).await?;
    let requests = store.map(|(s, _)| s.requests()).unwrap_or(0);
    if store.is_some() {
        ctx.report_requests();
    }
    let Some(entry) = found else {
        if let (SkillSource::Kv, Some((s, _))) = (source, store) {
            if let Some(hit) = skills::alias_of(s, layout, &args.slug).await? {
                anyhow::bail!("{}", alias_message(&args.slug, &hit));
            }
        }
        anyhow::bail!(
            "skill {:?} not found in {} ({}); see what exists with `mkt skills list --source {}`",
            args.slug,
            source.as_str(),
            skills::location(layout, source, &args.slug),
            source.as_str()
        );
    };
    match ctx.printer.format() {
        Format::Json | Format::Ndjson => {
            let mut doc = json!({
                "schema_version": SCHEMA_VERSION,
                "source": source.as_str(),
                "slug": entry.slug,
                "skill": entry.to_json(),
                "requests": requests,
            });
            // A KV value's metadata and expiration are part of it (null when it has none).
            if source == SkillSource::Kv {
                doc["metadata"] = entry.metadata.clone().unwrap_or(Value::Null);
                doc["expiration"] = entry.expiration.map_or(Value::Null, Value::from);
            }
            print_document(ctx, &doc);
        }
        Format::Human => {
            let mut t = Table::new(["field", "value"]);
            match &entry.record {
                Ok(r) => {
                    for (k, v) in r {
                        t.row([k.clone(), display_value(v)]);
                    }
                }
                Err(m) => {
                    t.row(["name".to_string(), entry.slug.clone()]);
                    t.row(["malformed".to_string(), m.reason.clone()]);
                    t.row(["raw".to_string(), m.raw.clone()]);
                }
            }
            if source == SkillSource::Kv {
                // Bracketed: a record may have fields of these names.
                if let Some(m) = &entry.metadata {
                    t.row(["[metadata]".to_string(), m.to_string()]);
                }
                if let Some(x) = entry.expiration {
                    let when = chrono::DateTime::from_timestamp(x, 0)
                        .map(crate::schema::value::iso)
                        .unwrap_or_default();
                    t.row(["[expiration]".to_string(), format!("{x} ({when})")]);
                }
            }
            ctx.printer.table(&t);
        }
    }
    if let Err(m) = &entry.record {
        ctx.printer.warn(format!(
            "the value at {} is malformed: {}",
            skills::location(layout, source, &entry.slug),
            m.reason
        ));
    }
    Ok(ExitStatus::Success)
}
