//! `mkt reviews …`: thin adapters over `crate::reviews` (parse → call the review service → render).
//! Every command works on whatever target `ctx.reviews()` opens.

use clap::{Args, Subcommand};

use super::Ctx;
use crate::exit::{ExitStatus, Failure};
use crate::reviews::{self, validate, ListQuery, NewReview, ReviewError, ReviewPatch, TargetRef};

pub mod backfill;
mod render;

#[derive(Debug, Subcommand)]
pub enum ReviewsCommand {
    /// List reviews: one target's (newest first), or across targets filtered by name, time, rating
    List(ListArgs),
    /// Show one review (deleted ones too)
    Get(IdArg),
    /// Add a review; prints its id
    Add(AddArgs),
    /// Change a review's rating, title, body or display name
    Edit(EditArgs),
    /// Soft-delete a review (sets deleted_at; asks on a terminal, --yes otherwise)
    Delete(DeleteArgs),
    /// Undo a soft delete
    Restore(IdArg),
    /// A target's count and average from reviews beside its stored aggregate, and whether they agree
    Summary(TargetArgs),
    /// Compare every target's aggregate row with its reviews (exit 3 on mismatches)
    Verify,
    /// Recompute mismatched aggregate rows from reviews (plan by default)
    Recompute(RecomputeArgs),
}

#[derive(Clone, Debug, Args)]
pub struct TargetArgs {
    /// Target type: skill or mcp
    #[arg(long = "type", value_name = "TYPE")]
    pub target_type: String,
    /// Target id: the skill slug or MCP server id
    #[arg(long = "id", value_name = "TARGET")]
    pub target_id: String,
}

#[derive(Clone, Debug, Args)]
pub struct ListArgs {
    /// Target type: skill or mcp (with --id)
    #[arg(long = "type", value_name = "TYPE", requires = "target_id")]
    pub target_type: Option<String>,
    /// Target id (with --type)
    #[arg(long = "id", value_name = "TARGET", requires = "target_type")]
    pub target_id: Option<String>,
    /// Reviews per page
    #[arg(long, value_name = "N", default_value_t = reviews::DEFAULT_LIST_LIMIT)]
    pub limit: usize,
    /// Reviews to skip
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Include soft-deleted reviews
    #[arg(long)]
    pub include_deleted: bool,
    /// Only reviews by this display name (exact, after trimming)
    #[arg(long, value_name = "NAME")]
    pub display_name: Option<String>,
    /// Only reviews written (created or edited) since this RFC 3339 time, or this long ago (90m, 1h, 2d)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only reviews with this rating
    #[arg(long, value_name = "N")]
    pub rating: Option<String>,
}

#[derive(Clone, Debug, Args)]
pub struct IdArg {
    /// Review id
    pub id: String,
}

#[derive(Clone, Debug, Args)]
pub struct AddArgs {
    /// Target type: skill or mcp
    #[arg(long = "type", value_name = "TYPE")]
    pub target_type: String,
    /// Target id: the skill slug or MCP server id
    #[arg(long = "id", value_name = "TARGET")]
    pub target_id: String,
    /// Rating, a whole number from 1 to 5
    #[arg(long, value_name = "N")]
    pub rating: String,
    /// Title (1 to 200 characters)
    #[arg(long)]
    pub title: String,
    /// Body (1 to 5,000 characters)
    #[arg(long)]
    pub body: String,
    /// Author's display name (1 to 100 characters after trimming)
    #[arg(long, value_name = "NAME")]
    pub display_name: String,
    /// Where the review came from
    #[arg(long, default_value = reviews::DEFAULT_SOURCE)]
    pub source: String,
    /// Use this review id instead of a generated UUID v4
    #[arg(long, value_name = "ID")]
    pub review_id: Option<String>,
}

#[derive(Clone, Debug, Args)]
pub struct EditArgs {
    /// Review id
    pub id: String,
    /// New rating, a whole number from 1 to 5
    #[arg(long, value_name = "N")]
    pub rating: Option<String>,
    /// New title
    #[arg(long)]
    pub title: Option<String>,
    /// New body
    #[arg(long)]
    pub body: Option<String>,
    /// New display name
    #[arg(long, value_name = "NAME")]
    pub display_name: Option<String>,
}

#[derive(Clone, Debug, Args)]
pub struct DeleteArgs {
    /// Review id
    pub id: String,
    /// Delete without asking
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Clone, Debug, Args)]
pub struct RecomputeArgs {
    /// Write the recomputed rows (asks on a terminal; needs --yes without one)
    #[arg(long)]
    pub apply: bool,
    /// Apply without asking
    #[arg(short, long)]
    pub yes: bool,
    /// Exit 3 when the plan has changes (for CI)
    #[arg(long, conflicts_with = "apply")]
    pub check: bool,
}

pub async fn run(ctx: &Ctx, cmd: ReviewsCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        ReviewsCommand::List(a) => list(ctx, a).await,
        ReviewsCommand::Get(a) => get(ctx, a).await,
        ReviewsCommand::Add(a) => add(ctx, a).await,
        ReviewsCommand::Edit(a) => edit(ctx, a).await,
        ReviewsCommand::Delete(a) => delete(ctx, a).await,
        ReviewsCommand::Restore(a) => restore(ctx, a).await,
        ReviewsCommand::Summary(a) => summary(ctx, a).await,
        ReviewsCommand::Verify => verify(ctx).await,
        ReviewsCommand::Recompute(a) => recompute(ctx, a).await,
    }
}

fn target(target_type: &str, target_id: &str) -> Result<TargetRef, ReviewError> {
    let t = validate::target_type(target_type)?;
    validate::target_id(target_id)?;
    Ok(TargetRef::new(t, target_id))
}

/// `--since`: an RFC 3339 time, or a duration back from now (`90s`, `15m`, `1h`, `2d`, `1w`).
fn since(s: &str) -> Result<String, ReviewError> {
    if let Some(t) = validate::canonical_instant(s) {
        return Ok(t);
    }
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let unit_secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 604_800,
        _ => 0,
    };
    let invalid = || {
        ReviewError::Invalid(format!(
            "invalid --since {s:?}: use an RFC 3339 time (2026-01-01T00:00:00Z) or a duration such as 90m, 1h, 2d"
        ))
    };
    if unit_secs == 0 {
        return Err(invalid());
    }
    if num.is_empty() {
        return Err(invalid());
    }
    // All digits: a number too big for i64 is only a longer "since the beginning".
    let n: i64 = num.parse().unwrap_or(i64::MAX);
    // Checked all the way: a duration longer than the calendar means "since the beginning"
    // (0001-01-01, the first instant SQLite's julianday reads), never an overflow.
    let first = chrono::DateTime::<chrono::Utc>::from_timestamp(-62_135_596_800, 0)
        .expect("0001-01-01 is a valid instant");
    let back = n
        .checked_mul(unit_secs)
        .and_then(chrono::Duration::try_seconds)
        .and_then(|d| chrono::Utc::now().checked_sub_signed(d))
        .map_or(first, |t| t.max(first));
    Ok(validate::format_instant(back))
}

async fn list(ctx: &Ctx, a: ListArgs) -> anyhow::Result<ExitStatus> {
    let target = match (&a.target_type, &a.target_id) {
        (Some(t), Some(i)) => Some(target(t, i)?),
        _ => None,
    };
    if a.limit == 0 || a.limit > reviews::MAX_LIST_LIMIT {
        return Err(Failure::usage(format!(
            "invalid --limit {}: use 1 to {}",
            a.limit,
            reviews::MAX_LIST_LIMIT
        )));
    }
    let query = ListQuery {
        target,
        display_name: match &a.display_name {
            Some(d) => Some(validate::display_name(d, &ctx.settings.review_limits)?),
            None => None,
        },
        since: a.since.as_deref().map(since).transpose()?,
        rating: a
            .rating
            .as_deref()
            .map(validate::parse_rating)
            .transpose()?,
        include_deleted: a.include_deleted,
        limit: a.limit,
        offset: a.offset,
    };
    let r = ctx.reviews().await?;
    let page = r.service.list(&query).await?;
    render::list(ctx, r, &query, &page);
    Ok(ExitStatus::Success)
}

async fn get(ctx: &Ctx, a: IdArg) -> anyhow::Result<ExitStatus> {
    let r = ctx.reviews().await?;
    let review = r
        .service
        .get(&a.id)
        .await?
        .ok_or_else(|| ReviewError::NotFound(a.id.clone()))?;
    render::review(ctx, r, &review);
    Ok(ExitStatus::Success)
}

async fn add(ctx: &Ctx, a: AddArgs) -> anyhow::Result<ExitStatus> {
    let new = NewReview {
        id: a.review_id,
        target_type: a.target_type,
        target_id: a.target_id,
        display_name: a.display_name,
        rating: validate::parse_rating(&a.rating)?,
        title: a.title,
        body: a.body,
        source: Some(a.source),
    };
    // Everything is checked before the target is opened: a refused review costs no request.
    let review = validate::new_review(&new, &ctx.settings.review_limits, &validate::now())?;
    let r = ctx.reviews().await?;
    let out = r.service.create(&review).await?;
    render::written(ctx, r, "added", &out);
    Ok(ExitStatus::Success)
}

async fn edit(ctx: &Ctx, a: EditArgs) -> anyhow::Result<ExitStatus> {
    let patch = ReviewPatch {
        rating: a
            .rating
            .as_deref()
            .map(validate::parse_rating)
            .transpose()?,
        title: a.title,
        body: a.body,
        display_name: a.display_name,
    };
    let patch = validate::patch(&patch, &ctx.settings.review_limits)?;
    let r = ctx.reviews().await?;
    let out = r.service.update(&a.id, &patch, &validate::now()).await?;
    render::written(ctx, r, "edited", &out);
    Ok(ExitStatus::Success)
}

async fn delete(ctx: &Ctx, a: DeleteArgs) -> anyhow::Result<ExitStatus> {
    if !a.yes && !ctx.printer.can_prompt() {
        return Err(Failure::refused(
            "no terminal to confirm on: pass --yes to delete without a prompt; nothing was written",
        ));
    }
    let r = ctx.reviews().await?;
    if !a.yes {
        let review = r
            .service
            .get(&a.id)
            .await?
            .ok_or_else(|| ReviewError::NotFound(a.id.clone()))?;
        crate::commands::repair::confirm(
            ctx,
            false,
            &format!(
                "Soft-delete review {} by {} on {} (\"{}\")",
                review.id,
                review.display_name,
                review.target(),
                review.title
            ),
        )?;
    }
    let out = r.service.delete(&a.id, &validate::now()).await?;
    render::written(ctx, r, "deleted", &out);
    Ok(ExitStatus::Success)
}

async fn restore(ctx: &Ctx, a: IdArg) -> anyhow::Result<ExitStatus> {
    let r = ctx.reviews().await?;
    let out = r.service.restore(&a.id, &validate::now()).await?;
    render::written(ctx, r, "restored", &out);
    Ok(ExitStatus::Success)
}

async fn summary(ctx: &Ctx, a: TargetArgs) -> anyhow::Result<ExitStatus> {
    let t = target(&a.target_type, &a.target_id)?;
    let r = ctx.reviews().await?;
    let s = r.service.summary(&t).await?;
    render::summary(ctx, r, &s);
    Ok(ExitStatus::Success)
}

async fn verify(ctx: &Ctx) -> anyhow::Result<ExitStatus> {
    let r = ctx.reviews().await?;
    let (report, _) = reviews::recompute::read_report(r.service.as_ref()).await?;
    render::verify(ctx, r, &report);
    Ok(if report.ok() {
        ExitStatus::Success
    } else {
        ExitStatus::Drift
    })
}

async fn recompute(ctx: &Ctx, a: RecomputeArgs) -> anyhow::Result<ExitStatus> {
    use crate::commands::repair::{finish, Flags, Ran, Step};
    use crate::target::Service;
    let r = ctx.reviews().await?;
    let plan = reviews::recompute::plan(r.service.as_ref()).await?;
    let repair = reviews::recompute::RecomputeRepair {
        service: r.service.as_ref(),
        plan: &plan,
        now: validate::now(),
    };
    let shown = render::RecomputePlanShown {
        plan: &plan,
        needed: repair.requests_needed(),
    };
    let mut step = Step::new(
        move || repair,
        |_| "mkt reviews recompute --apply --yes".to_string(),
    )
    .progress("recompute");
    let flags = Flags {
        apply: a.apply,
        yes: a.yes,
        check: a.check,
    };
    if let Ran::Planned(status) =
        crate::commands::repair::run(ctx, flags, &shown, Service::Reviews, &mut [&mut step]).await?
    {
        return Ok(status);
    }
    let result = render::recompute_applied(r, &plan, step.outcome());
    finish(ctx, &result, Service::Reviews);
    Ok(ExitStatus::Success)
}
