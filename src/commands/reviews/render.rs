//! Rendering of review results: tables (or tab-separated rows when piped) and JSON documents, both
//! from the same typed values.

use serde::Serialize;

use super::Ctx;
use crate::commands::repair::{listing, PlanShown, Shown};
use crate::output::{Format, Table, SCHEMA_VERSION};
use crate::repair::flow::FlowOutcome;
use crate::reviews::recompute::{RecomputePlan, RecomputeVerified};
use crate::reviews::verify::{Mismatch, VerifyReport};
use crate::reviews::{ListQuery, Review, ReviewPage, Summary, TargetRef, WriteOutcome};
use crate::target::Reviews;

pub(super) use crate::commands::TABLE_ROWS;

/// A JSON result: `schema_version`, the result's fields, and the requests used.
#[derive(Serialize)]
pub(super) struct Doc<'a, T: Serialize> {
    pub schema_version: &'static str,
    #[serde(flatten)]
    pub result: &'a T,
    pub requests: u64,
}

pub(super) fn doc<'a, T: Serialize>(r: &Reviews, result: &'a T) -> Doc<'a, T> {
    Doc {
        schema_version: SCHEMA_VERSION,
        result,
        requests: r.requests(),
    }
}

pub(super) fn report_requests(ctx: &Ctx, r: &Reviews) {
    ctx.printer.status(format!("requests: {}", r.requests()));
}

fn avg(x: f64) -> String {
    format!("{x:.4}")
}

#[derive(Serialize)]
struct ListResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a TargetRef>,
    /// `null` when the target cannot tell without reading every page.
    total: Option<u64>,
    count: usize,
    limit: usize,
    offset: usize,
    reviews: &'a [Review],
}

pub(super) fn list(ctx: &Ctx, r: &Reviews, q: &ListQuery, page: &ReviewPage) {
    let p = &ctx.printer;
    match p.format() {
        Format::Ndjson => page.reviews.iter().for_each(|rv| p.ndjson(rv)),
        Format::Json => p.json(&doc(
            r,
            &ListResult {
                target: q.target.as_ref(),
                total: page.total,
                count: page.reviews.len(),
                limit: q.limit,
                offset: q.offset,
                reviews: &page.reviews,
            },
        )),
        Format::Human => {
            let mut t = Table::new([
                "id",
                "target",
                "rating",
                "display name",
                "title",
                "updated",
                "deleted",
            ]);
            for rv in &page.reviews {
                t.row([
                    rv.id.clone(),
                    rv.target().to_string(),
                    rv.rating.to_string(),
                    rv.display_name.clone(),
                    rv.title.clone(),
                    rv.updated_at.clone(),
                    rv.deleted_at.clone().unwrap_or_default(),
                ]);
            }
            if !page.reviews.is_empty() {
                p.table(&t);
            }
            let shown = page.reviews.len();
            let end = q.offset.saturating_add(shown);
            let range = if shown == 0 {
                "0".to_string()
            } else {
                format!("{}-{end}", q.offset.saturating_add(1))
            };
            let next = end;
            p.status(match page.total {
                Some(total) if shown > 0 && total > next as u64 => {
                    format!("{range} of {total} reviews (--offset {next} for more)")
                }
                Some(total) => format!("{range} of {total} reviews"),
                // Only a full page leaves the total unknown.
                None => format!(
                    "{range} reviews (the total is not known without reading every page; --offset {next} for the next page)"
                ),
            });
        }
    }
    report_requests(ctx, r);
}

fn review_table(rv: &Review) -> Table {
    let mut t = Table::new(["field", "value"]);
    for (k, v) in [
        ("id", rv.id.clone()),
        ("target_type", rv.target_type.to_string()),
        ("target_id", rv.target_id.clone()),
        ("display_name", rv.display_name.clone()),
        ("rating", rv.rating.to_string()),
        ("title", rv.title.clone()),
        ("body", rv.body.clone()),
        ("source", rv.source.clone()),
        ("created_at", rv.created_at.clone()),
        ("updated_at", rv.updated_at.clone()),
        ("deleted_at", rv.deleted_at.clone().unwrap_or_default()),
    ] {
        t.row([k.to_string(), v]);
    }
    t
}

#[derive(Serialize)]
struct ReviewResult<'a> {
    review: &'a Review,
}

pub(super) fn review(ctx: &Ctx, r: &Reviews, rv: &Review) {
    if ctx.printer.is_json() {
        ctx.printer.json(&doc(r, &ReviewResult { review: rv }));
    } else {
        ctx.printer.table(&review_table(rv));
    }
    report_requests(ctx, r);
}

#[derive(Serialize)]
struct Written<'a> {
    action: &'a str,
    #[serde(flatten)]
    outcome: &'a WriteOutcome,
}

/// After add/edit/delete/restore: the id on stdout (so `ID=$(mkt reviews add …)` works), the
/// target's aggregate after the write on stderr.
pub(super) fn written(ctx: &Ctx, r: &Reviews, action: &str, out: &WriteOutcome) {
    let p = &ctx.printer;
    if p.is_json() {
        p.json(&doc(
            r,
            &Written {
                action,
                outcome: out,
            },
        ));
    } else {
        p.line(&out.review.id);
        let what = if out.changed {
            format!("{action} review {}", out.review.id)
        } else {
            let state = match action {
                "edited" => "already has these values",
                "restored" => "is not deleted",
                "added" => "already exists with these values",
                _ => "was already deleted",
            };
            format!("review {} {state}; nothing changed", out.review.id)
        };
        let agg = match &out.aggregate {
            Some(a) => format!(
                "{} live review{}, average {}",
                a.review_count,
                if a.review_count == 1 { "" } else { "s" },
                avg(a.avg_rating)
            ),
            None => "no live reviews".to_string(),
        };
        p.status(format!("{what} ({}: {agg})", out.review.target()));
    }
    report_requests(ctx, r);
}

pub(super) fn summary(ctx: &Ctx, r: &Reviews, s: &Summary) {
    let p = &ctx.printer;
    if p.is_json() {
        p.json(&doc(r, s));
    } else {
        let mut t = Table::new(["", "review_count", "avg_rating", "updated_at"]);
        t.row([
            "reviews (live)".to_string(),
            s.review_count.to_string(),
            avg(s.avg_rating),
            String::new(),
        ]);
        match &s.stored {
            Some(a) => t.row([
                "review_aggregates".to_string(),
                a.review_count.to_string(),
                avg(a.avg_rating),
                a.updated_at.clone(),
            ]),
            None => t.row([
                "review_aggregates".to_string(),
                "(no row)".into(),
                String::new(),
                String::new(),
            ]),
        }
        p.table(&t);
        p.line(format!(
            "{}/{}: {}",
            s.target_type,
            s.target_id,
            if s.agrees {
                "the stored aggregate agrees"
            } else {
                "the stored aggregate DISAGREES; `mkt reviews recompute --apply` repairs it"
            }
        ));
    }
    report_requests(ctx, r);
}

#[derive(Serialize)]
struct VerifyResult<'a> {
    ok: bool,
    #[serde(flatten)]
    report: &'a VerifyReport,
    counts: std::collections::BTreeMap<&'static str, usize>,
}

const MISMATCH_HEADERS: [&str; 6] = ["target", "kind", "reviews", "stored", "avg", "stored avg"];

fn mismatch_row(m: &Mismatch) -> [String; 6] {
    [
        format!("{}/{}", m.target_type, m.target_id),
        m.kind.as_str().to_string(),
        m.review_count.to_string(),
        m.stored_count
            .map(|c| c.to_string())
            .unwrap_or_else(|| "-".into()),
        avg(m.avg_rating),
        m.stored_avg.map(avg).unwrap_or_else(|| "-".into()),
    ]
}

/// The first rows of the mismatches (a recompute plan shows no "more" line under them).
fn mismatch_table(report: &VerifyReport) -> Table {
    let mut t = Table::new(MISMATCH_HEADERS);
    for m in report.mismatches.iter().take(TABLE_ROWS) {
        t.row(mismatch_row(m));
    }
    t
}

pub(super) fn verify(ctx: &Ctx, r: &Reviews, report: &VerifyReport) {
    let p = &ctx.printer;
    if p.is_json() {
        p.json(&doc(
            r,
            &VerifyResult {
                ok: report.ok(),
                report,
                counts: report.counts(),
            },
        ));
    } else {
        if !report.ok() {
            listing(p, MISMATCH_HEADERS, &report.mismatches, mismatch_row, "");
        }
        p.line(format!(
            "{}: {} targets, {} live reviews, {} aggregate rows{}",
            if report.ok() {
                "aggregates agree"
            } else {
                "aggregates disagree"
            },
            report.targets,
            report.live_reviews,
            report.aggregate_rows,
            if report.ok() {
                String::new()
            } else {
                let counts: Vec<String> = report
                    .counts()
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect();
                format!(
                    " — {}; repair with `mkt reviews recompute --apply`",
                    counts.join(", ")
                )
            }
        ));
    }
    report_requests(ctx, r);
}

/// A recompute plan as `mkt reviews recompute` shows it.
pub(super) struct RecomputePlanShown<'a> {
    pub plan: &'a RecomputePlan,
    pub needed: usize,
}

impl PlanShown for RecomputePlanShown<'_> {
    fn view(&self) -> impl Serialize + '_ {
        self.plan
    }
    fn is_empty(&self) -> bool {
        self.plan.is_empty()
    }
    fn requests_needed(&self) -> u64 {
        self.needed as u64
    }
    fn human(&self, ctx: &Ctx) {
        let (p, plan) = (&ctx.printer, self.plan);
        if !plan.report.ok() {
            p.table(&mismatch_table(&plan.report));
        }
        p.line(format!(
            "plan: {} aggregate rows to write, {} to delete{}",
            plan.upserts,
            plan.deletes,
            if plan.skipped.is_empty() {
                String::new()
            } else {
                format!(
                    ", {} left alone (target_type is not skill or mcp)",
                    plan.skipped.len()
                )
            }
        ));
        if plan.is_empty() {
            p.line("nothing to write: every aggregate agrees with its reviews");
        } else {
            p.line(format!("apply needs {} write requests", self.needed));
            if ctx.settings.production {
                p.warn("this is a PRODUCTION profile");
            }
        }
    }
}

/// What an applied recompute did.
#[derive(Serialize)]
pub(super) struct RecomputeApplied<'a> {
    schema_version: &'static str,
    ok: bool,
    applied: bool,
    upserts: usize,
    deletes: usize,
    #[serde(flatten)]
    outcome: &'a FlowOutcome<RecomputeVerified>,
    requests: u64,
}

pub(super) fn recompute_applied<'a>(
    r: &Reviews,
    plan: &RecomputePlan,
    outcome: &'a FlowOutcome<RecomputeVerified>,
) -> RecomputeApplied<'a> {
    RecomputeApplied {
        schema_version: SCHEMA_VERSION,
        ok: true,
        applied: true,
        upserts: plan.upserts,
        deletes: plan.deletes,
        outcome,
        requests: r.requests(),
    }
}

impl Shown for RecomputeApplied<'_> {
    fn human(&self, ctx: &Ctx) {
        let (p, o) = (&ctx.printer, self.outcome);
        p.line(format!(
            "recomputed {} aggregate rows ({} written, {} deleted) in {} requests",
            o.written, self.upserts, self.deletes, o.batches
        ));
        for b in &o.backups {
            p.line(format!("replaced rows backed up to {b}"));
        }
        let v = &o.verified;
        p.line(format!(
            "verified: {} targets, {} aggregate rows; {} mismatches left among those recomputed ({} anywhere)",
            v.targets, v.aggregate_rows, v.mismatches_left, v.mismatches_total
        ));
        p.line(format!("journal: {}", o.journal));
    }
}
