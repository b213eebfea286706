//! The request budget every `mkt` process of the user shares, so a cron `health` and a rebuild
//! on one token stay together under Cloudflare's 1,200 requests per 5 minutes (past it the token
//! is blocked for five minutes), and what the API itself says about the token's remaining
//! requests (`Ratelimit`, `Ratelimit-Policy`; other clients may be using the same token).
//!
//! The state is a small JSON file per token and API base URL in the user cache directory (named
//! by a hash of the two, never the token), read and rewritten under an exclusive file lock for
//! every request: the start times of the requests of the last window, and the server's latest
//! word. Without a directory (library use, or one that cannot be written) the same state lives in
//! memory, so the headers still count.
//!
//! The budget heals: what the server said is capped to what the API can mean (a reset within its
//! 5-minute window, at most 1,200 requests), a learned policy lasts one window unless repeated,
//! and a file holding more than that (an older mkt's, or a hostile answer's) is read capped.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::http::retry_at;
use crate::store::StoreResult;

/// Cloudflare's window (reference/cloudflare-api.md §4).
pub const WINDOW: Duration = Duration::from_secs(300);
/// The most requests the API allows a token in a window (reference/cloudflare-api.md §4).
pub const API_LIMIT: u32 = 1200;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct State {
    /// Epoch milliseconds of the requests started within the window, oldest first.
    starts: Vec<u64>,
    /// The server's latest `Ratelimit`: requests it still allows, and until when (epoch ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    server: Option<ServerWord>,
    /// The server's `Ratelimit-Policy`, scaled to the window: requests it allows per window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    policy: Option<u32>,
    /// When the policy was last said (epoch ms): it lasts one window unless said again.
    #[serde(default)]
    policy_at: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
struct ServerWord {
    remaining: u32,
    until: u64,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl State {
    /// Takes one request at `now` if the window, the policy and the server allow it; else how
    /// long to wait before asking again, and whether it is the server that said so.
    /// `in_flight`: this process's requests the server's last word may not have counted yet.
    fn take(&mut self, now: u64, limit: u32, in_flight: u32) -> Option<(Duration, bool)> {
        self.heal(now);
        let window = WINDOW.as_millis() as u64;
        if let Some(s) = self.server.filter(|s| s.remaining <= in_flight) {
            return Some((Duration::from_millis(s.until - now), true));
        }
        let limit = self.policy.map_or(limit, |p| p.min(limit)).max(1) as usize;
        if self.starts.len() >= limit {
            let oldest = self.starts[self.starts.len() - limit];
            let wait = (oldest + window).saturating_sub(now).max(1);
            return Some((Duration::from_millis(wait), false));
        }
        self.starts.push(now);
        if let Some(s) = &mut self.server {
            s.remaining = s.remaining.saturating_sub(1);
        }
        None
    }

    /// Requests that may still start in the window: the least of what the limit, the policy
    /// and the server allow (`take` has healed the state).
    fn left(&self, now: u64, limit: u32, in_flight: u32) -> u32 {
        let limit = self.policy.map_or(limit, |p| p.min(limit)).max(1);
        let own = limit.saturating_sub(self.starts.len() as u32);
        match self.server.filter(|s| s.until > now) {
            Some(s) => own.min(s.remaining.saturating_sub(in_flight)),
            None => own,
        }
    }

    /// Forgets what no longer holds and caps what the API cannot mean, whoever wrote it: a
    /// start in the future, a reset beyond one window from now, more requests than the API
    /// allows, a policy not repeated within a window.
    fn heal(&mut self, now: u64) {
        let window = WINDOW.as_millis() as u64;
        self.starts.retain(|t| now < t + window && *t <= now);
        match &mut self.server {
            Some(s) if s.until <= now => self.server = None,
            Some(s) => {
                s.until = s.until.min(now + window);
                s.remaining = s.remaining.min(API_LIMIT);
            }
            None => {}
        }
        if self.policy.is_some() && (self.policy_at > now || now - self.policy_at >= window) {
            self.policy = None;
        }
    }

    /// Records what the server said about the token (capped to what the API can mean).
    fn observe(&mut self, now: u64, word: &RateWord) {
        if let Some((remaining, reset)) = word.remaining {
            let remaining = remaining.min(API_LIMIT);
            let until = now + reset.min(WINDOW).as_millis() as u64;
            // Answers arrive out of order: within one count the lowest remaining is the latest.
            let remaining = match self.server {
                Some(old) if old.until > now && until <= old.until + 1000 => {
                    remaining.min(old.remaining)
                }
                _ => remaining,
            };
            self.server = Some(ServerWord { remaining, until });
        }
        if let Some(q) = word.policy {
            self.policy = Some(q.min(API_LIMIT));
            self.policy_at = now;
        }
    }
}

/// What a response's rate-limit headers say.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RateWord {
    /// Requests left and when the count resets (`Ratelimit: "default";r=50;t=30`).
    pub remaining: Option<(u32, Duration)>,
    /// Requests allowed per 5 minutes (`Ratelimit-Policy: "default";q=1200;w=300`, scaled).
    pub policy: Option<u32>,
}

/// Reads `Ratelimit` / `Ratelimit-Policy` (structured-field lists: the most constraining item
/// counts) and the older `X-RateLimit-Remaining` / `-Reset` / `-Limit`.
pub fn rate_word(headers: &HeaderMap) -> RateWord {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let params = |item: &str| -> Vec<(String, u64)> {
        item.split(';')
            .skip(1)
            .filter_map(|p| {
                let (k, v) = p.trim().split_once('=')?;
                Some((k.trim().to_ascii_lowercase(), v.trim().parse().ok()?))
            })
            .collect()
    };
    let get = |ps: &[(String, u64)], k: &str| ps.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
    let mut word = RateWord::default();
    if let Some(v) = text("ratelimit") {
        for item in v.split(',') {
            let ps = params(item);
            if let (Some(r), Some(t)) = (get(&ps, "r"), get(&ps, "t")) {
                let r = r.min(u32::MAX as u64) as u32;
                if word.remaining.is_none_or(|(old, _)| r < old) {
                    word.remaining = Some((r, Duration::from_secs(t)));
                }
            }
        }
    } else if let (Some(r), Some(t)) = (
        text("x-ratelimit-remaining").and_then(|v| v.trim().parse::<u32>().ok()),
        text("x-ratelimit-reset").and_then(|v| v.trim().parse::<u64>().ok()),
    ) {
        // `reset` is seconds from now, or an epoch time in seconds.
        let now = now_ms() / 1000;
        let t = if t > now { t - now } else { t };
        word.remaining = Some((r, Duration::from_secs(t)));
    }
    if let Some(v) = text("ratelimit-policy") {
        for item in v.split(',') {
            let ps = params(item);
            if let (Some(q), Some(w)) = (get(&ps, "q"), get(&ps, "w")) {
                // A policy over another window, as requests per 5 minutes (a longer window
                // allows no more than its quota in any 5 minutes of it).
                let per_window = if w >= WINDOW.as_secs() {
                    q
                } else {
                    q * WINDOW.as_secs() / w.max(1)
                };
                let q = per_window.min(u32::MAX as u64) as u32;
                word.policy = Some(word.policy.map_or(q, |old| old.min(q)));
            }
        }
    } else if let Some(q) = text("x-ratelimit-limit").and_then(|v| v.trim().parse::<u32>().ok()) {
        word.policy = Some(q);
    }
    word
}

/// The shared budget of one token: at most `limit` requests in any 5 minutes across every
/// process using the same file, and never past what the server said remains.
pub struct Budget {
    limit: u32,
    /// The longest wait the server may impose before the command fails as rate limited.
    max_wait: Duration,
    /// This process's requests started and not yet answered.
    in_flight: std::sync::Arc<std::sync::atomic::AtomicU32>,
    /// The file other processes share; `None`: this process only.
    file: Option<PathBuf>,
    /// The state when there is no file, or the file cannot be used right now.
    memory: Mutex<State>,
}

/// A wait for the budget, as it is reported.
#[derive(Clone, Debug)]
pub struct BudgetWait {
    pub wait: Duration,
    /// The API said the token has nothing left (else this budget's own limit is spent).
    pub api_said: bool,
    /// Requests left in the window (of `limit`, or what the API said).
    pub remaining: u32,
    pub limit: u32,
    /// Where the budget is kept ([`Budget::place`]).
    pub place: String,
}

/// One request counted as in flight until it is dropped (answered or failed).
pub struct Ticket(std::sync::Arc<std::sync::atomic::AtomicU32>);

impl Drop for Ticket {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// The budget file of a token on the API at `base_url`, in `dir`: named by a hash prefix of the
/// two, never the token. Another base URL (a staging API, a test server) is another budget: its
/// answers never slow this one.
pub fn file_for(dir: &Path, token: &str, base_url: &str) -> PathBuf {
    let mut hash = Sha256::new();
    hash.update(token.as_bytes());
    hash.update(b"\n");
    hash.update(base_url.trim_end_matches('/').as_bytes());
    let digest = hex::encode(hash.finalize());
    dir.join(format!("budget-{}.json", &digest[..16]))
}

impl Budget {
    /// A budget shared through `file` (created with its directory when missing); in memory when
    /// there is no file, or it cannot be made.
    pub fn new(limit: u32, max_wait: Duration, file: Option<PathBuf>) -> Self {
        Budget {
            limit,
            max_wait,
            in_flight: Default::default(),
            file: file.filter(|path| prepare(path).is_ok()),
            memory: Mutex::new(State::default()),
        }
    }

    /// Whether the budget is shared with other processes through a file.
    pub fn shared(&self) -> bool {
        self.file.is_some()
    }

    /// Where the budget is kept, for every message about it: the file to look at (or delete).
    pub fn place(&self) -> String {
        match &self.file {
            Some(path) => format!("budget file {}", path.display()),
            None => "this process's own budget: no usable cache directory".into(),
        }
    }

    /// Waits until one more request fits (interrupted by Ctrl-C), then counts it; the ticket
    /// marks it answered when dropped. A wait longer than `max_wait` fails at once, naming when
    /// to run again and the budget's file. Each wait is reported to `waiting` before it starts.
    pub async fn acquire(&self, waiting: &(dyn Fn(BudgetWait) + Sync)) -> StoreResult<Ticket> {
        use std::sync::atomic::Ordering;
        loop {
            let in_flight = self.in_flight.load(Ordering::SeqCst);
            let blocked = self.with_state(|s| {
                // Read under the lock: a time taken before it could be older than a start
                // another process recorded meanwhile, which healing would drop as a future one.
                let now = now_ms();
                let wait = s.take(now, self.limit, in_flight)?;
                Some((wait, s.left(now, self.limit, in_flight)))
            });
            let Some(((wait, api_said), remaining)) = blocked else {
                self.in_flight.fetch_add(1, Ordering::SeqCst);
                return Ok(Ticket(self.in_flight.clone()));
            };
            if wait > self.max_wait {
                return Err(crate::store::StoreError::RateLimited(
                    self.too_long(wait, api_said),
                ));
            }
            waiting(BudgetWait {
                wait,
                api_said,
                remaining,
                limit: self.limit,
                place: self.place(),
            });
            // Look again now and then: another process may have given up its share.
            crate::interrupt::sleep(wait.min(Duration::from_secs(5))).await?;
        }
    }

    /// The one line for a wait longer than `max_wait`: why, for how long, when to run again.
    fn too_long(&self, wait: Duration, api_said: bool) -> String {
        let why = if api_said {
            format!(
                "the API says this token has no requests left for another {} s (it went over, or another client is using it)",
                wait.as_secs().max(1)
            )
        } else {
            format!(
                "the request budget of {} requests per 5 minutes, shared by every mkt process on this token, is spent for another {} s",
                crate::output::grouped(self.limit.into()),
                wait.as_secs().max(1)
            )
        };
        format!(
            "{why}, longer than the {} mkt waits (max_wait: --max-wait, MKT_MAX_WAIT); run the command again after {} ({})",
            crate::output::spoken(self.max_wait),
            retry_at(wait),
            self.place()
        )
    }

    /// Requests the API last said the token has left (until its count resets), if it said.
    pub fn api_remaining(&self) -> Option<u32> {
        let now = now_ms();
        self.with_state(|s| {
            s.heal(now);
            s.server.map(|s| s.remaining)
        })
    }

    /// Records the rate-limit headers of a response, if it has any.
    pub fn observe(&self, headers: &HeaderMap) {
        let word = rate_word(headers);
        if word != RateWord::default() {
            self.with_state(|s| s.observe(now_ms(), &word));
        }
    }

    /// Runs `f` on the state: the file's, under its lock (held for microseconds), else memory's.
    fn with_state<T>(&self, mut f: impl FnMut(&mut State) -> T) -> T {
        if let Some(path) = &self.file {
            if let Ok(v) = locked(path, &mut f) {
                return v;
            }
        }
        f(&mut self.memory.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

fn prepare(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        crate::owner_only::private_dir(dir)?;
    }
    crate::owner_only::options()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .map(|_| ())
}

/// Runs `f` on the file's state under an exclusive lock, writing it back.
fn locked<T>(path: &Path, f: &mut impl FnMut(&mut State) -> T) -> std::io::Result<T> {
    let mut file: File = crate::owner_only::options()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)?;
    file.lock()?;
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    // A torn or foreign file is an empty budget, not an error.
    let mut state: State = serde_json::from_str(&text).unwrap_or_default();
    let out = f(&mut state);
    let new = serde_json::to_vec(&state).map_err(std::io::Error::other)?;
    file.seek(SeekFrom::Start(0))?;
    file.set_len(0)?;
    file.write_all(&new)?;
    file.unlock()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn at_most_limit_requests_start_in_any_window() {
        let mut s = State::default();
        let t0 = 1_000_000;
        for i in 0..10 {
            assert_eq!(s.take(t0 + i, 10, 0), None);
        }
        let wait = s.take(t0 + 10, 10, 0).unwrap();
        assert_eq!(
            wait,
            (Duration::from_millis(300_000 - 10), false),
            "until the oldest leaves"
        );
        assert_eq!(s.take(t0 + 300_000, 10, 0), None, "the oldest left");
        assert_eq!(s.starts.len(), 10);
    }

    #[test]
    fn the_servers_word_lowers_the_budget() {
        let mut s = State::default();
        let now = 5_000_000;
        s.observe(
            now,
            &RateWord {
                remaining: Some((2, Duration::from_secs(30))),
                policy: Some(600),
            },
        );
        assert_eq!(s.take(now, 1100, 0), None);
        assert_eq!(s.take(now, 1100, 0), None);
        assert_eq!(
            s.take(now + 5, 1100, 0),
            Some((Duration::from_millis(29_995), true))
        );
        assert_eq!(
            s.take(now + 30_000, 1100, 0),
            None,
            "the server's count reset"
        );
        assert_eq!(s.policy, Some(600));
        // A later answer with more left but the same reset does not raise the count.
        s.observe(
            now + 30_000,
            &RateWord {
                remaining: Some((5, Duration::from_secs(30))),
                policy: None,
            },
        );
        s.observe(
            now + 30_001,
            &RateWord {
                remaining: Some((9, Duration::from_secs(30))),
                policy: None,
            },
        );
        assert_eq!(s.server.unwrap().remaining, 5);
        // Requests in flight count against what the server last said was left.
        assert!(s.take(now + 30_002, 1100, 5).is_some());
    }

    #[test]
    fn what_the_api_cannot_mean_is_capped_and_heals() {
        let now = 9_000_000;
        let window = WINDOW.as_millis() as u64;
        let mut s = State::default();
        // `Ratelimit: "default";r=0;t=1000000000`: blocked for one window at most.
        s.observe(
            now,
            &RateWord {
                remaining: Some((0, Duration::from_secs(1_000_000_000))),
                policy: Some(1),
            },
        );
        assert_eq!(s.take(now, 1100, 0), Some((WINDOW, true)));
        assert_eq!(
            s.take(now + window, 1100, 0),
            None,
            "healed after the window"
        );
        assert_eq!(s.policy, None, "a policy not repeated lasts one window");
        // A file written with more than that (an older mkt's) is read capped.
        let mut old: State = serde_json::from_str(&format!(
            r#"{{"starts":[{}],"server":{{"remaining":0,"until":{}}},"policy":1}}"#,
            now + 10 * window,
            now + 1_000_000_000_000
        ))
        .unwrap();
        assert_eq!(old.take(now, 1100, 0), Some((WINDOW, true)));
        assert!(old.starts.is_empty(), "a start in the future is dropped");
        assert_eq!(old.policy, None, "a policy of unknown age is dropped");
        // More remaining than the API allows counts as its limit.
        let mut s = State::default();
        s.observe(
            now,
            &RateWord {
                remaining: Some((u32::MAX, Duration::from_secs(30))),
                policy: None,
            },
        );
        assert_eq!(s.server.unwrap().remaining, API_LIMIT);
    }

    #[test]
    fn reads_the_headers_cloudflare_sends() {
        let mut h = HeaderMap::new();
        h.insert(
            "ratelimit",
            HeaderValue::from_static("\"default\";r=50;t=30"),
        );
        h.insert(
            "ratelimit-policy",
            HeaderValue::from_static("\"burst\";q=100;w=60, \"default\";q=1200;w=300"),
        );
        let w = rate_word(&h);
        assert_eq!(w.remaining, Some((50, Duration::from_secs(30))));
        assert_eq!(w.policy, Some(500), "100 per minute is 500 per 5 minutes");
        let mut old = HeaderMap::new();
        old.insert("x-ratelimit-remaining", HeaderValue::from_static("7"));
        old.insert("x-ratelimit-reset", HeaderValue::from_static("12"));
        old.insert("x-ratelimit-limit", HeaderValue::from_static("1200"));
        let w = rate_word(&old);
        assert_eq!(w.remaining, Some((7, Duration::from_secs(12))));
        assert_eq!(w.policy, Some(1200));
        assert_eq!(rate_word(&HeaderMap::new()), RateWord::default());
    }

    #[test]
    fn processes_share_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = file_for(
            dir.path(),
            "secret-token",
            "https://api.cloudflare.com/client/v4",
        );
        assert_ne!(
            path,
            file_for(dir.path(), "secret-token", "http://127.0.0.1:9/client/v4"),
            "another API, another budget"
        );
        assert!(!path.display().to_string().contains("secret-token"));
        let now = now_ms();
        let budgets: Vec<Budget> = (0..3)
            .map(|_| Budget::new(3, Duration::from_secs(60), Some(path.clone())))
            .collect();
        assert!(budgets.iter().all(Budget::shared));
        for b in &budgets {
            assert_eq!(b.with_state(|s| s.take(now, 3, 0)), None);
        }
        assert!(
            budgets[0].with_state(|s| s.take(now, 3, 0)).is_some(),
            "a fourth waits, whoever asks"
        );
    }
}
