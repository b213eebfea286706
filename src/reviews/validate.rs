//! Validation before anything is written (seed 000's payload rules). Every rule fails with one line
//! saying what was wrong and how to fix it; the caller turns it into exit 2.

use chrono::{DateTime, SecondsFormat, Utc};

use super::model::{NewReview, Review, ReviewPatch, TargetType, DEFAULT_SOURCE};
use super::store::ReviewError;

/// Length limits in Unicode characters (not bytes), as configured (`crate::config` resolves them).
pub use crate::config::ReviewLimits as Limits;

/// Longest review id, target id and source accepted (well inside D1's 2 MB row).
const ID_MAX: usize = 200;

fn invalid(msg: impl Into<String>) -> ReviewError {
    ReviewError::Invalid(msg.into())
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Now, as mkt writes timestamps: RFC 3339, UTC, milliseconds (`2026-01-01T00:00:00.000Z`).
pub fn now() -> String {
    format_instant(Utc::now())
}

pub fn format_instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A timestamp as an instant: RFC 3339 with any offset, and the forms other programs write into
/// D1 — SQLite's `2026-01-01 00:00:00` or an ISO time without an offset, which SQLite's date
/// functions (and so the upsert's `julianday` guard) read as UTC — the same reader as the durable
/// table's (`schema::value::parse_instant`), so both sides of a comparison agree.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    crate::schema::value::parse_instant(s)
}

/// A timestamp in mkt's spelling (UTC, milliseconds); `None` when it names no instant.
pub fn canonical_instant(s: &str) -> Option<String> {
    parse_instant(s).map(format_instant)
}

/// Whether two timestamps name the same instant (or, when either is not RFC 3339, are equal text).
pub fn same_instant(a: &str, b: &str) -> bool {
    match (parse_instant(a), parse_instant(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

pub fn target_type(s: &str) -> Result<TargetType, ReviewError> {
    TargetType::parse(s).ok_or_else(|| {
        invalid(format!(
            "invalid target type {s:?}: use skill or mcp (--type skill|mcp)"
        ))
    })
}

pub fn target_id(s: &str) -> Result<(), ReviewError> {
    if s.trim().is_empty() {
        return Err(invalid(
            "the target id is empty: pass --id SLUG (a skill slug or MCP server id)",
        ));
    }
    if chars(s) > ID_MAX {
        return Err(invalid(format!(
            "the target id is {} characters; the limit is {ID_MAX}",
            chars(s)
        )));
    }
    Ok(())
}

/// A rating as typed: a whole number from 1 to 5 (`4.5`, `0`, `six` are refused).
pub fn parse_rating(s: &str) -> Result<i64, ReviewError> {
    let r: i64 = s.trim().parse().map_err(|_| {
        invalid(format!(
            "invalid rating {s:?}: a rating is a whole number from 1 to 5"
        ))
    })?;
    rating(r)?;
    Ok(r)
}

pub fn rating(r: i64) -> Result<(), ReviewError> {
    if !(1..=5).contains(&r) {
        return Err(invalid(format!(
            "invalid rating {r}: a rating is a whole number from 1 to 5"
        )));
    }
    Ok(())
}

/// Title and body are stored verbatim (SQL, HTML and control characters included) and must hold
/// something besides whitespace.
fn text(what: &str, flag: &str, s: &str, max: usize) -> Result<(), ReviewError> {
    if s.trim().is_empty() {
        return Err(invalid(format!(
            "the {what} is empty: pass {flag} with 1 to {max} characters"
        )));
    }
    let n = chars(s);
    if n > max {
        return Err(invalid(format!(
            "the {what} is {n} characters; the limit is {max} (Unicode characters, set by review_{what}_max in the profile)"
        )));
    }
    Ok(())
}

pub fn title(s: &str, l: &Limits) -> Result<(), ReviewError> {
    text("title", "--title", s, l.title_max)
}

pub fn body(s: &str, l: &Limits) -> Result<(), ReviewError> {
    text("body", "--body", s, l.body_max)
}

/// The display name, trimmed: 1 to `display_name_max` characters after trimming.
pub fn display_name(s: &str, l: &Limits) -> Result<String, ReviewError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(invalid(format!(
            "the display name is empty: pass --display-name with 1 to {} characters",
            l.display_name_max
        )));
    }
    let n = chars(t);
    if n > l.display_name_max {
        return Err(invalid(format!(
            "the display name is {n} characters after trimming; the limit is {} (review_display_name_max in the profile)",
            l.display_name_max
        )));
    }
    Ok(t.to_string())
}

fn review_id(s: &str) -> Result<(), ReviewError> {
    if s.trim().is_empty() || s != s.trim() {
        return Err(invalid(format!(
            "invalid review id {s:?}: an id is non-empty with no surrounding spaces (leave --review-id out to generate a UUID)"
        )));
    }
    if chars(s) > ID_MAX {
        return Err(invalid(format!(
            "the review id is {} characters; the limit is {ID_MAX}",
            chars(s)
        )));
    }
    Ok(())
}

fn source(s: &str) -> Result<(), ReviewError> {
    if s.trim().is_empty() || chars(s) > ID_MAX {
        return Err(invalid(format!(
            "invalid source {s:?}: 1 to {ID_MAX} characters (default {DEFAULT_SOURCE})"
        )));
    }
    Ok(())
}

/// A new review as it will be stored: validated, the id generated (UUID v4) unless given, the
/// display name trimmed, `created_at = updated_at = now`.
pub fn new_review(n: &NewReview, limits: &Limits, now: &str) -> Result<Review, ReviewError> {
    let target_type = target_type(&n.target_type)?;
    target_id(&n.target_id)?;
    rating(n.rating)?;
    title(&n.title, limits)?;
    body(&n.body, limits)?;
    let display_name = display_name(&n.display_name, limits)?;
    let id = match &n.id {
        Some(id) => {
            review_id(id)?;
            id.clone()
        }
        None => uuid::Uuid::new_v4().to_string(),
    };
    let source = n.source.clone().unwrap_or_else(|| DEFAULT_SOURCE.into());
    self::source(&source)?;
    Ok(Review {
        id,
        target_type,
        target_id: n.target_id.clone(),
        display_name,
        rating: n.rating,
        title: n.title.clone(),
        body: n.body.clone(),
        source,
        created_at: now.to_string(),
        updated_at: now.to_string(),
        deleted_at: None,
    })
}

/// A patch with every given field validated (and the display name trimmed). An empty patch is a
/// usage error: there is nothing to edit.
pub fn patch(p: &ReviewPatch, limits: &Limits) -> Result<ReviewPatch, ReviewError> {
    if p.is_empty() {
        return Err(invalid(
            "nothing to edit: pass at least one of --rating, --title, --body, --display-name",
        ));
    }
    if let Some(r) = p.rating {
        rating(r)?;
    }
    if let Some(t) = &p.title {
        title(t, limits)?;
    }
    if let Some(b) = &p.body {
        body(b, limits)?;
    }
    let display_name = match &p.display_name {
        Some(d) => Some(display_name(d, limits)?),
        None => None,
    };
    Ok(ReviewPatch {
        display_name,
        ..p.clone()
    })
}

/// A stored or staged review checked against the same rules (backfill, staging files).
pub fn stored_review(r: &Review, limits: &Limits) -> Result<(), ReviewError> {
    review_id(&r.id)?;
    target_id(&r.target_id)?;
    rating(r.rating)?;
    title(&r.title, limits)?;
    body(&r.body, limits)?;
    if display_name(&r.display_name, limits)? != r.display_name {
        return Err(invalid("the display name has surrounding spaces"));
    }
    source(&r.source)?;
    for (what, t) in [
        ("created_at", Some(&r.created_at)),
        ("updated_at", Some(&r.updated_at)),
        ("deleted_at", r.deleted_at.as_ref()),
    ] {
        if let Some(t) = t {
            if parse_instant(t).is_none() {
                return Err(invalid(format!(
                    "{what} {t:?} is not an RFC 3339 timestamp"
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(title: &str, body: &str, name: &str, rating: i64, tt: &str) -> NewReview {
        NewReview {
            target_type: tt.into(),
            target_id: "alpha".into(),
            display_name: name.into(),
            rating,
            title: title.into(),
            body: body.into(),
            ..Default::default()
        }
    }

    #[test]
    fn limits_count_unicode_characters_not_bytes() {
        let l = Limits::default();
        let now = now();
        // 200 four-byte characters is 800 bytes and still a valid title.
        let t = "😀".repeat(200);
        assert!(new_review(&new(&t, "b", "n", 3, "skill"), &l, &now).is_ok());
        let t = "é".repeat(201);
        assert!(new_review(&new(&t, "b", "n", 3, "skill"), &l, &now).is_err());
        assert!(new_review(&new("t", &"ß".repeat(5000), "n", 3, "mcp"), &l, &now).is_ok());
        assert!(new_review(&new("t", &"ß".repeat(5001), "n", 3, "mcp"), &l, &now).is_err());
        let r = new_review(
            &new("t", "b", &format!("  {}  ", "名".repeat(100)), 3, "skill"),
            &l,
            &now,
        )
        .unwrap();
        assert_eq!(r.display_name, "名".repeat(100));
        assert!(new_review(&new("t", "b", &"名".repeat(101), 3, "skill"), &l, &now).is_err());
        assert!(new_review(&new("t", "b", "   ", 3, "skill"), &l, &now).is_err());
    }

    #[test]
    fn rules() {
        let l = Limits::default();
        let now = now();
        for bad in [
            new("t", "b", "n", 0, "skill"),
            new("t", "b", "n", 6, "skill"),
            new("", "b", "n", 1, "skill"),
            new("t", " \n", "n", 1, "skill"),
            new("t", "b", "n", 1, "Skill"),
        ] {
            assert!(new_review(&bad, &l, &now).is_err(), "{bad:?}");
        }
        assert!(parse_rating("4.5").is_err());
        assert!(parse_rating("five").is_err());
        assert_eq!(parse_rating(" 5 ").unwrap(), 5);
        let r = new_review(
            &new(
                "'; DROP TABLE reviews; --",
                "<script>\u{7}</script>",
                "n",
                5,
                "mcp",
            ),
            &l,
            &now,
        )
        .unwrap();
        assert_eq!(r.title, "'; DROP TABLE reviews; --");
        assert_eq!(uuid::Uuid::parse_str(&r.id).unwrap().get_version_num(), 4);
        assert!(patch(&ReviewPatch::default(), &l).is_err());
    }

    #[test]
    fn timestamps() {
        let n = now();
        assert!(n.ends_with('Z') && n.len() == 24, "{n}");
        assert!(same_instant(
            "2026-01-01T00:00:00Z",
            "2026-01-01T01:00:00.000+01:00"
        ));
        assert_eq!(
            canonical_instant("2026-01-01T01:00:00+01:00").unwrap(),
            "2026-01-01T00:00:00.000Z"
        );
    }
}
