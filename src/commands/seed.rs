//! `mkt seed`: realistic test data.

use clap::{Args, ValueEnum};
use serde_json::{json, Value};

use super::db::print_document;
use super::Ctx;
use crate::config::Layout;
use crate::exit::{ExitStatus, Failure};
use crate::output::{Table, SCHEMA_VERSION};
use crate::seed::{self, gen::SkillLoss, IndexStyle, Scenario, SeedOptions, SeedReport};
use crate::target::Service;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScenarioArg {
    /// Consistent data in every store
    Clean,
    /// Seed 001's incident: index keeps 3 entries, ~10% of durable rows missing, an orphaned alias, a malformed value
    SkillLoss,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum IndexShapeArg {
    /// Index entries are slug strings
    Strings,
    /// Index entries are summary objects {name, displayName, category, currentVersion, certTier}
    Objects,
}

#[derive(Clone, Debug, Args)]
pub struct SeedArgs {
    /// Number of skills to write
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub skills: usize,
    /// Number of reviews to write (spread over the skills)
    #[arg(long, value_name = "M", default_value_t = 250)]
    pub reviews: usize,
    /// Data to plant
    #[arg(long, value_enum, default_value = "clean")]
    pub scenario: ScenarioArg,
    /// Seed for the random generator; the same seed and counts always write the same data
    #[arg(long, value_name = "S", default_value_t = seed::DEFAULT_RNG_SEED)]
    pub rng_seed: u64,
    /// Shape of the published-index entries
    #[arg(long, value_enum, default_value = "strings")]
    pub index_shape: IndexShapeArg,
    /// Write to a remote target without asking
    #[arg(long, short = 'y')]
    pub yes: bool,
}

impl SeedArgs {
    fn options(&self) -> SeedOptions {
        SeedOptions {
            skills: self.skills,
            reviews: self.reviews,
            scenario: match self.scenario {
                ScenarioArg::Clean => Scenario::Clean,
                ScenarioArg::SkillLoss => Scenario::SkillLoss,
            },
            rng_seed: self.rng_seed,
            index_style: match self.index_shape {
                IndexShapeArg::Strings => IndexStyle::Strings,
                IndexShapeArg::Objects => IndexStyle::Objects,
            },
        }
    }
}

/// Every guard runs before the store is opened, so a refusal makes no request at all.
fn check_safety(ctx: &Ctx, args: &SeedArgs) -> anyhow::Result<()> {
    let s = &ctx.settings;
    if !ctx.target.serves(Service::KvSql) {
        return Err(Failure::usage(
            "mkt seed writes KV and D1 directly: use --target local, cloudflare or wrangler-dev",
        ));
    }
    if s.production {
        return Err(Failure::refused(format!(
            "refusing to seed profile {:?}: it is marked production = true; seed a local or staging profile instead",
            s.profile.as_deref().unwrap_or_default()
        )));
    }
    if ctx.target.is_remote() && !args.yes {
        if !ctx.printer.can_prompt() {
            return Err(Failure::refused(format!(
                "seeding the remote {} target overwrites data there; pass --yes to confirm (no terminal to ask on)",
                s.target.as_str()
            )));
        }
        let question = format!(
            "Write {} skills and {} reviews to the {} target?",
            args.skills,
            args.reviews,
            s.target.as_str()
        );
        if !ctx.printer.confirm(&question)? {
            return Err(Failure::refused("seeding cancelled; nothing was written"));
        }
    }
    Ok(())
}

fn planted_json(loss: &SkillLoss) -> Value {
    json!({
        "index_kept": loss.index_kept,
        "missing_from_index": loss.missing_from_index,
        "missing_in_durable": loss.missing_in_durable,
        "orphaned_alias": loss.orphaned_alias.iter().map(|(k, t)| json!({"key": k, "target": t})).collect::<Vec<_>>(),
        "malformed_value": loss.malformed_value,
        "stale_aggregates": loss.stale_aggregates,
    })
}

fn shorten(items: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut s = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        s.push_str(&format!(
            ", … {} more (--json lists all)",
            items.len() - SHOWN
        ));
    }
    s
}

fn render_human(ctx: &Ctx, l: &Layout, report: &SeedReport, loss: Option<&SkillLoss>) {
    let mut t = Table::new(["written", "count"]);
    t.row([
        format!("KV values ({}…)", l.skill_prefix),
        report.kv_values.to_string(),
    ]);
    if report.kv_aliases > 0 {
        t.row([
            format!("KV aliases ({}…)", l.alias_prefix),
            report.kv_aliases.to_string(),
        ]);
    }
    t.row([
        format!("index entries ({})", l.index_key),
        report.index_entries.to_string(),
    ]);
    t.row([
        format!("durable rows ({})", l.skills_table),
        report.durable_rows.to_string(),
    ]);
    if report.durable_removed > 0 {
        t.row([
            format!("durable rows removed ({})", l.skills_table),
            report.durable_removed.to_string(),
        ]);
    }
    t.row([
        format!("reviews ({})", l.reviews_table),
        report.reviews.to_string(),
    ]);
    t.row([
        format!("aggregates ({})", l.review_aggregates_table),
        report.aggregates.to_string(),
    ]);
    if let Some(p) = &report.seed_catalog {
        t.row([
            format!("seed catalog ({})", p.display()),
            report.seed_catalog_entries.to_string(),
        ]);
    }
    ctx.printer.table(&t);
    if let Some(loss) = loss {
        let mut p = Table::new(["planted", "count", "slugs"]);
        p.row([
            "index_kept".to_string(),
            loss.index_kept.len().to_string(),
            shorten(&loss.index_kept),
        ]);
        p.row([
            "missing_from_index".to_string(),
            loss.missing_from_index.len().to_string(),
            shorten(&loss.missing_from_index),
        ]);
        p.row([
            "missing_in_durable".to_string(),
            loss.missing_in_durable.len().to_string(),
            shorten(&loss.missing_in_durable),
        ]);
        let aliases: Vec<String> = loss
            .orphaned_alias
            .iter()
            .map(|(k, t)| format!("{k} -> {t}"))
            .collect();
        p.row([
            "orphaned_alias".to_string(),
            aliases.len().to_string(),
            aliases.join(", "),
        ]);
        p.row([
            "malformed_value".to_string(),
            loss.malformed_value.len().to_string(),
            shorten(&loss.malformed_value),
        ]);
        let stale: Vec<String> = loss
            .stale_aggregates
            .iter()
            .map(|s| format!("{}/{}", s.target_type, s.target_id))
            .collect();
        p.row([
            "stale_aggregates".to_string(),
            stale.len().to_string(),
            format!("{} (`mkt reviews verify` finds them)", stale.join(", ")),
        ]);
        ctx.printer.table(&p);
    }
}

pub async fn run(ctx: &Ctx, args: SeedArgs) -> anyhow::Result<ExitStatus> {
    let opts = args.options();
    seed::validate(&opts).map_err(Failure::usage)?;
    check_safety(ctx, &args)?;
    let (store, db) = (ctx.store().await?, ctx.durable().await?);
    // Only the skill-loss scenario writes an alias: where, and in the form the store's use.
    let (layout, alias_form) = if opts.scenario == Scenario::SkillLoss {
        let layout = ctx.layout(store, true).await?;
        let form = crate::keys::alias_form(store.kv.as_ref(), &layout).await?;
        (layout, form)
    } else {
        let layout = ctx.settings.layout.clone();
        let form = crate::keys::AliasForm::default_for(&layout);
        (layout, form)
    };
    let layout = &layout;
    // The bar shows from the start, while the slugs are generated, and ticks on its own.
    let bar = ctx.printer.progress(seed::work_units(&opts), "preparing");
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let mut plan = seed::plan_with(&opts, layout, alias_form);
    bar.set_message("seeding");
    let result = seed::apply(store, db, layout, &mut plan, &|n| bar.inc(n)).await;
    bar.finish_and_clear();
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            ctx.report_requests();
            return Err(e);
        }
    };
    if ctx.printer.is_json() {
        print_document(
            ctx,
            &json!({
                "schema_version": SCHEMA_VERSION,
                "target": ctx.target.kind().as_str(),
                "scenario": opts.scenario,
                "rng_seed": opts.rng_seed,
                "index_shape": opts.index_style,
                "written": report,
                "planted": plan.skill_loss.as_ref().map(planted_json),
                "requests": store.requests(),
            }),
        );
    } else {
        render_human(ctx, layout, &report, plan.skill_loss.as_ref());
    }
    ctx.report_requests();
    Ok(ExitStatus::Success)
}
