//! Token verification and the namespace listing of the fake (reference/cloudflare-api.md §1, §2.1).
//!
//! `GET /user/tokens/verify` answers a user-owned token with `{id, status}`; an account-owned (or
//! unknown) token gets code 1000 "Invalid API Token", as the real API does, and is verified under
//! `GET /accounts/{id}/tokens/verify` instead.

use serde_json::json;

use super::server::Reply;
use super::State;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenOwner {
    User,
    Account,
}

fn verified(st: &State) -> Reply {
    Reply::ok(json!({"id": format!("tok-{}", &st.account_id[..8]), "status": st.token_status}))
}

/// Answers the two verify endpoints; `None` for every other path.
pub(crate) fn verify(st: &State, raw_path: &str, auth: &str) -> Option<Reply> {
    let mine = auth == format!("Bearer {}", st.token);
    let invalid = || Reply::error(401, 1000, "Invalid API Token");
    if raw_path == "/client/v4/user/tokens/verify" {
        return Some(if mine && st.token_owner == TokenOwner::User {
            verified(st)
        } else {
            invalid()
        });
    }
    let account = raw_path
        .strip_prefix("/client/v4/accounts/")?
        .strip_suffix("/tokens/verify")?;
    Some(if account != st.account_id {
        if mine {
            Reply::error(404, 7003, "No route for the URI")
        } else {
            invalid()
        }
    } else if mine && st.token_owner == TokenOwner::Account {
        verified(st)
    } else {
        invalid()
    })
}

/// `GET /accounts/{id}/storage/kv/namespaces` (page-based, `per_page` ≤ 100).
pub(crate) fn list_namespaces(st: &State, query: &[(String, String)]) -> Reply {
    let q = |n: &str| {
        query
            .iter()
            .find(|(k, _)| k == n)
            .and_then(|(_, v)| v.parse::<usize>().ok())
    };
    let per_page = q("per_page").unwrap_or(20).clamp(5, 100);
    let page = q("page").unwrap_or(1).max(1);
    let ids: Vec<&String> = st.namespaces.keys().collect();
    let items: Vec<_> = ids
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|id| json!({"id": id, "title": format!("fake-{id}"), "supports_url_encoding": true}))
        .collect();
    let mut reply = Reply::ok(json!(items));
    let body = json!({
        "success": true, "errors": [], "messages": [], "result": items,
        "result_info": {"page": page, "per_page": per_page, "count": items.len(), "total_count": ids.len(),
                        "total_pages": ids.len().div_ceil(per_page)}
    });
    reply.body = body.to_string().into_bytes();
    reply
}
