//! Waiting for the request budget: the budget is kept per token and API base URL, heals from
//! what the API cannot mean, names its file in every message, and no `Retry-After` value panics.

use super::support::fake_cf::{FakeCloudflare, Fault};
use super::support::{stderr_of, Sandbox};

/// An ordinary empty listing page carrying `header`.
fn empty_page_with(header: (&str, &str)) -> Fault {
    Fault::status(200)
        .body(r#"{"success":true,"errors":[],"messages":[],"result":[],"result_info":{"count":0,"cursor":""}}"#)
        .header(header.0, header.1)
}

fn run(sb: &Sandbox, fake: &FakeCloudflare, args: &[&str]) -> std::process::Output {
    sb.mkt()
        .envs(fake.env())
        .args(["--target", "cloudflare"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_poisoned_ratelimit_from_one_api_does_not_slow_another_and_names_its_file() {
    let poisoned = FakeCloudflare::start();
    let other = FakeCloudflare::start();
    other.set_token(&poisoned.token());
    for fake in [&poisoned, &other] {
        fake.fill_in_sync(&["alpha".to_string()]);
    }
    let sb = Sandbox::new();
    poisoned.inject(
        "GET",
        "/keys",
        1,
        empty_page_with(("ratelimit", "\"default\";r=0;t=1000000000")),
    );
    let out = run(&sb, &poisoned, &["skills", "list", "--source", "kv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));

    // The same token on another API: its own budget, not slowed.
    let out = run(&sb, &other, &["health"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("waiting"), "{}", stderr_of(&out));

    // The poisoned one: blocked for one window at most (not 31 years), the file named.
    poisoned.clear_log();
    let out = run(&sb, &poisoned, &["health"]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("no requests left for another 300 s")
            || err.contains("no requests left for another 299 s"),
        "capped to the 5-minute window: {err}"
    );
    assert!(
        err.contains("budget file ") && err.contains("budget-"),
        "{err}"
    );
    assert!(err.contains("run the command again after"), "{err}");
    assert_eq!(poisoned.request_count(), 0, "nothing sent into the block");
    let files: Vec<_> = std::fs::read_dir(sb.path().join("home/.cache/mkt"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("budget-"))
        .collect();
    assert_eq!(files.len(), 2, "one budget per API base URL");
    for f in files {
        let text = std::fs::read_to_string(f.path()).unwrap();
        assert!(!text.contains(&poisoned.token()), "never the token");
    }
}

#[test]
fn any_retry_after_is_a_wait_never_a_panic() {
    for (name, value) in [
        ("retry-after-ms", "1e30"),
        ("retry-after-ms", "1e300"),
        ("retry-after", "1e30"),
        ("retry-after", "99999999999999999999999"),
    ] {
        let fake = FakeCloudflare::start();
        fake.fill_in_sync(&["alpha".to_string()]);
        fake.inject_always("GET", "/keys", Fault::status(429).header(name, value));
        let sb = Sandbox::new();
        let out = run(&sb, &fake, &["health"]);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(4), "{name}: {value}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("rate limited"), "{name}: {value}: {err}");
    }
}

/// The budget file of the fake's token, filled as if another run had just spent the whole
/// default budget (1,100 requests per 5 minutes) a few seconds ago.
fn spend_the_budget(sb: &Sandbox, fake: &FakeCloudflare) -> std::path::PathBuf {
    let dir = sb.path().join("home/.cache/mkt");
    std::fs::create_dir_all(&dir).unwrap();
    let path = mkt::store::cloudflare::budget::file_for(&dir, &fake.token(), &fake.base_url());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let starts: Vec<u64> = (0..1100).map(|i| now - 5_000 + i).collect();
    std::fs::write(&path, serde_json::json!({ "starts": starts }).to_string()).unwrap();
    path
}

/// `mkt ARGS` on the fake, running, and its stderr lines as they come.
fn spawn_reading_stderr(
    sb: &Sandbox,
    fake: &FakeCloudflare,
    args: &[&str],
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    // `Sandbox::mkt`'s environment, on a std Command that can be spawned with its pipes.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mkt"))
        .env_clear()
        .current_dir(sb.path())
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .env("NO_COLOR", "1")
        .envs(fake.env())
        .args(["--target", "cloudflare"])
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// `mkt ARGS` on the fake with stderr piped, and the first stderr line holding `what` (`None`
/// if stderr ended first, or nothing came for a minute: a machine under load, not a pass).
fn first_line_with(
    sb: &Sandbox,
    fake: &FakeCloudflare,
    args: &[&str],
    what: &str,
) -> (std::process::Child, Option<String>) {
    let (child, rx) = spawn_reading_stderr(sb, fake, args);
    let found = loop {
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(line) if line.contains(what) => break Some(line),
            Ok(_) => continue,
            Err(_) => break None,
        }
    };
    (child, found)
}

#[test]
fn a_spent_budget_says_why_it_waits_for_how_long_and_what_remains() {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&["alpha".to_string()]);
    let sb = Sandbox::new();
    let file = spend_the_budget(&sb, &fake);
    // Allowed to wait longer than the budget needs: it says so at once, then sits.
    let (mut child, line) =
        first_line_with(&sb, &fake, &["health", "--max-wait", "10m"], "waiting");
    child.kill().unwrap();
    child.wait().unwrap();
    let line = line.expect("a waiting line on stderr");
    assert!(line.starts_with("waiting 4 min "), "for how long: {line}");
    assert!(line.contains("for the request budget"), "why: {line}");
    assert!(
        line.contains("0 of 1,100 requests left in this 5-minute window"),
        "what remains: {line}"
    );
    assert!(
        line.contains(&format!("(budget file {})", file.display())),
        "where: {line}"
    );
    assert_eq!(fake.request_count(), 0, "nothing sent past the budget");
}

#[test]
fn a_wait_longer_than_max_wait_ends_the_command_naming_when_to_run_it_again() {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&["alpha".to_string()]);
    // No index: a rebuild that ran would write one.
    fake.kv_delete("skills:published-index");
    let sb = Sandbox::new();
    let file = spend_the_budget(&sb, &fake);
    let when = regex_lite_time();
    for (args, envs, limit) in [
        (vec!["health", "--max-wait", "10s"], vec![], "10 s"),
        (vec!["health"], vec![("MKT_MAX_WAIT", "90")], "1 min 30 s"),
        // A read's default is 2 minutes: shorter than the 5-minute window.
        (vec!["skills", "list", "--source", "kv"], vec![], "2 min"),
        (
            vec!["index", "rebuild", "--apply", "--yes", "--max-wait", "10s"],
            vec![],
            "10 s",
        ),
    ] {
        let out = sb
            .mkt()
            .envs(fake.env())
            .envs(envs)
            .args(["--target", "cloudflare"])
            .args(&args)
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert!(
            out.status.code() == Some(4),
            "{args:?}: {:?} {err}",
            out.status.code()
        );
        let line = err
            .lines()
            .find(|l| l.contains("run the command again after"))
            .unwrap_or_else(|| panic!("{args:?}: no line naming when to retry: {err}"));
        assert!(
            line.contains("request budget")
                && line.contains(&format!("longer than the {limit} mkt waits")),
            "{args:?}: {line}"
        );
        assert!(when(line), "{args:?}: names the time: {line}");
        assert!(
            line.contains(&format!("budget file {}", file.display())),
            "{args:?}: {line}"
        );
        assert!(!err.contains("waiting "), "{args:?}: did not wait: {err}");
    }
    assert_eq!(fake.request_count(), 0, "nothing was sent");
    assert_eq!(
        fake.kv_get("skills:published-index"),
        None,
        "nothing was written"
    );
}

/// Whether a line names a wall-clock time `HH:MM:SS UTC`.
fn regex_lite_time() -> impl Fn(&str) -> bool {
    |line: &str| {
        line.split(" UTC").next().is_some_and(|head| {
            let t = head.rsplit(' ').next().unwrap_or("");
            let parts: Vec<&str> = t.split(':').collect();
            parts.len() == 3
                && parts
                    .iter()
                    .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()))
        })
    }
}

#[test]
fn a_retry_after_longer_than_max_wait_ends_the_command_naming_when_to_run_it_again() {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&["alpha".to_string()]);
    fake.inject_always("GET", "/keys", Fault::status(429).retry_after(30));
    let sb = Sandbox::new();
    let out = run(&sb, &fake, &["health", "--max-wait", "10s"]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    let all = format!("{}{err}", super::support::stdout_of(&out));
    let line = all
        .lines()
        .find(|l| l.contains("run the command again after"))
        .unwrap_or_else(|| panic!("no line naming when to retry: {all}"));
    assert!(
        line.contains("asked to wait 30 s")
            && line.contains("Retry-After")
            && line.contains("longer than the 10 s mkt waits"),
        "{line}"
    );
    assert!(regex_lite_time()(line), "{line}");
    assert!(!err.contains("waiting "), "did not wait: {err}");
    // One listing request per prefix (skills, aliases), none retried.
    let sent = fake.matching("GET", "/keys");
    let mut queries: Vec<_> = sent.iter().map(|r| r.query.clone()).collect();
    queries.sort();
    queries.dedup();
    assert_eq!(queries.len(), sent.len(), "not retried");
}

#[test]
fn a_short_retry_after_is_waited_out_and_said() {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&["alpha".to_string()]);
    fake.inject("GET", "/keys", 1, Fault::status(429).retry_after(1));
    let sb = Sandbox::new();
    let out = run(&sb, &fake, &["health", "--max-wait", "10s"]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("waiting "))
        .unwrap_or_else(|| panic!("no waiting line: {err}"));
    assert!(
        line.contains("before retrying GET ") && line.contains("/keys"),
        "what waits: {line}"
    );
    assert!(
        line.contains("as the server asked after attempt 1 (Retry-After 1 s"),
        "why: {line}"
    );
    assert!(!line.contains(&fake.token()), "{line}");
}

/// On a terminal the wait is a countdown, redrawn in place: two different "waiting …" times
/// are drawn while the command waits (util-linux `script` gives it a pseudo-terminal).
#[test]
fn on_a_terminal_a_spent_budget_is_a_countdown() {
    use std::io::Read;
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&["alpha".to_string()]);
    let sb = Sandbox::new();
    spend_the_budget(&sb, &fake);
    let bin = assert_cmd::cargo::cargo_bin("mkt");
    let mut child = std::process::Command::new("script")
        .args([
            "-qec",
            &format!(
                "{} --target cloudflare health --max-wait 10m",
                bin.display()
            ),
            "/dev/null",
        ])
        .env_clear()
        .current_dir(sb.path())
        .env("HOME", sb.path().join("home"))
        .env("MKT_CONFIG_DIR", sb.path().join("config"))
        .env("TERM", "xterm")
        .env("COLUMNS", "200")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(fake.env())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("util-linux `script`");
    let mut out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    // The distinct countdown texts drawn so far ("waiting 4 min 52 s").
    let times = |screen: &str| -> std::collections::BTreeSet<String> {
        screen
            .split("waiting ")
            .skip(1)
            .filter_map(|rest| rest.split(" for the request budget").next())
            .filter(|t| t.ends_with(" s") && t.len() < 16)
            .map(str::to_string)
            .collect()
    };
    // The spinner redraws several times a second; lines without one come a minute apart.
    let mut screen = String::new();
    while times(&screen).len() < 2 {
        match rx.recv_timeout(std::time::Duration::from_secs(30)) {
            Ok(bytes) => screen.push_str(&String::from_utf8_lossy(&bytes)),
            Err(_) => break,
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let drawn = times(&screen);
    assert!(drawn.len() >= 2, "a countdown, not one line: {screen:?}");
    assert!(
        screen.contains("0 of 1,100 requests left in this 5-minute window"),
        "{screen:?}"
    );
    // Redrawn in place: the screen is not a list of "waiting" lines.
    assert!(
        screen.lines().filter(|l| l.starts_with("waiting ")).count() <= 1,
        "{screen:?}"
    );
    assert_eq!(fake.request_count(), 0, "nothing sent past the budget");
}

/// Without a terminal a long wait says so when it starts and once a minute after, never more:
/// the next line about it is "still waiting", with less time left and the same reason.
#[test]
fn without_a_terminal_a_long_wait_says_so_again_once_a_minute() {
    let fake = FakeCloudflare::start();
    fake.fill_in_sync(&["alpha".to_string()]);
    let sb = Sandbox::new();
    spend_the_budget(&sb, &fake);
    let (mut child, rx) = spawn_reading_stderr(&sb, &fake, &["health", "--max-wait", "10m"]);
    // Lines about the wait until the second one (a minute apart; three minutes allowed).
    let mut waits = Vec::new();
    while waits.len() < 2 {
        match rx.recv_timeout(std::time::Duration::from_secs(180)) {
            Ok(line) if line.contains("waiting") => waits.push(line),
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(waits.len(), 2, "{waits:?}");
    assert!(waits[0].starts_with("waiting 4 min "), "{waits:?}");
    assert!(waits[1].starts_with("still waiting 3 min "), "{waits:?}");
    let why = |l: &str| l.split_once(" for ").map(|(_, w)| w.to_string());
    assert_eq!(why(&waits[0]), why(&waits[1]), "the same reason: {waits:?}");
    assert_eq!(fake.request_count(), 0, "nothing sent past the budget");
}
