//! A real `wrangler dev` (wrangler 4.86.0 from node_modules, pinned by package-lock.json) serving
//! the minimal Worker in tests/wrangler_dev_worker on a loopback port, started by the tests.
//!
//! One server per test binary, shared: starting wrangler costs about a second and a lot of CPU, so
//! tests take turns on it (`shared()` holds a lock) and each begins by emptying its state.
//! It runs under tests/wrangler_dev_worker/supervise.mjs, which ends wrangler's whole process
//! group when this process ends, however it ends.
//! Without node_modules (run `npm ci`) the tests skip with a note, except under `CI=true`, where a
//! server that cannot start fails them.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{mpsc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use serde_json::Value;

/// Configured in tests/wrangler_dev_worker/wrangler.toml.
pub const KV_ID: &str = "0f2ac74b498b48028cb68387c421e279";
pub const D1_ID: &str = "9a8b7c6d-1111-4222-8333-444455556666";
/// How long wrangler may take to say it is ready (a cold start on a busy 2-core machine).
const STARTUP_DEADLINE: Duration = Duration::from_secs(180);

pub struct WranglerDev {
    /// `http://127.0.0.1:PORT`, as wrangler printed it.
    pub url: String,
    /// Holding it keeps the supervisor (and so wrangler) alive; dropping it ends them.
    stdin: Mutex<Option<ChildStdin>>,
    child: Mutex<Child>,
    /// What wrangler printed, for failure messages.
    output: std::sync::Arc<Mutex<String>>,
    dir: tempfile::TempDir,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn wrangler_js() -> PathBuf {
    repo().join("node_modules/wrangler/bin/wrangler.js")
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Whether the tests can run here; outside CI a missing install is a skip, said on stderr.
pub fn available() -> bool {
    let installed = wrangler_js().is_file();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if installed && node {
        return true;
    }
    let why = if node {
        "node_modules/wrangler is missing: run `npm ci` in the repository"
    } else {
        "node is not installed"
    };
    assert!(
        !in_ci(),
        "CI=true and the wrangler-dev tests cannot run: {why}"
    );
    eprintln!("skipping the wrangler-dev tests: {why}");
    false
}

impl WranglerDev {
    /// Starts wrangler dev on a free loopback port in a fresh copy of the Worker, with its
    /// state in a temporary directory. `explorer` sets `X_LOCAL_EXPLORER`.
    pub fn start(explorer: bool) -> WranglerDev {
        let dir = tempfile::tempdir().expect("tempdir");
        let worker = repo().join("tests/wrangler_dev_worker");
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        for file in ["wrangler.toml", "src/index.js"] {
            std::fs::copy(worker.join(file), dir.path().join(file)).unwrap();
        }
        let home = dir.path().join("home");
        let mut child = Command::new("node")
            .arg(worker.join("supervise.mjs"))
            .arg(wrangler_js())
            // Port 0 everywhere: wrangler's defaults (8787, inspector 9229) collide between runs.
            .args([
                "dev",
                "--ip",
                "127.0.0.1",
                "--port",
                "0",
                "--inspector-port",
                "0",
            ])
            .arg("--persist-to")
            .arg(dir.path().join("state"))
            .args([
                "--show-interactive-dev-session=false",
                "--log-level",
                "info",
            ])
            .current_dir(dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", &home)
            // Everything wrangler keeps (config, logs, dev registry) stays in the temp dir, and
            // it talks to nothing but loopback: no metrics, no update check, no `Request.cf` fetch.
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("WRANGLER_REGISTRY_PATH", dir.path().join("registry"))
            .env("WRANGLER_LOG_PATH", dir.path().join("logs"))
            .env("WRANGLER_SEND_METRICS", "false")
            .env("WRANGLER_HIDE_BANNER", "true")
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .env("CI", "true")
            .env("NO_COLOR", "1")
            .env("X_LOCAL_EXPLORER", if explorer { "true" } else { "false" })
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start node for wrangler dev: {e}"));
        let output = std::sync::Arc::new(Mutex::new(String::new()));
        let (ready_tx, ready_rx) = mpsc::channel::<String>();
        let stdout = child.stdout.take().unwrap();
        let log = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = ready_url(&line) {
                    let _ = ready_tx.send(url);
                }
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut stderr = child.stderr.take().unwrap();
        let log = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let stdin = child.stdin.take();
        let url = match ready_rx.recv_timeout(STARTUP_DEADLINE) {
            Ok(url) => url,
            Err(_) => {
                drop(stdin);
                let _ = child.wait();
                panic!(
                    "wrangler dev did not become ready within {} s; it printed:\n{}",
                    STARTUP_DEADLINE.as_secs(),
                    output.lock().unwrap()
                );
            }
        };
        WranglerDev {
            url,
            stdin: Mutex::new(stdin),
            child: Mutex::new(child),
            output,
            dir,
        }
    }

    /// The explorer API root.
    pub fn api(&self) -> String {
        format!("{}/cdn-cgi/explorer/api", self.url)
    }

    /// What wrangler printed so far.
    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// What the Worker itself reads: `GET /mkt/summary`.
    pub fn worker_summary(&self) -> Value {
        let (status, body) = http("GET", &format!("{}/mkt/summary", self.url), None);
        assert_eq!(status, 200, "the Worker answered {status}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// Empties the KV namespace and drops every table of the D1 database, through the explorer.
    pub fn reset(&self) {
        let ns = format!("{}/storage/kv/namespaces/{KV_ID}", self.api());
        let mut unavailable = 0;
        loop {
            let (status, body) = http("GET", &format!("{ns}/keys?limit=1000"), None);
            if status == 503 && unavailable < 200 {
                unavailable += 1;
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
            assert_eq!(status, 200, "{body}");
            let page: Value = serde_json::from_str(&body).unwrap();
            let keys: Vec<String> = page["result"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k["name"].as_str().unwrap().to_string())
                .collect();
            if keys.is_empty() {
                break;
            }
            block_on(async {
                use futures::StreamExt;
                let client = reqwest::Client::new();
                let deletes = keys.iter().map(|k| {
                    let url = format!("{ns}/values/{}", mkt::http::encode_component(k));
                    let client = client.clone();
                    async move { client.delete(url).send().await.unwrap().status() }
                });
                // A few at a time: a thousand at once overloads workerd (503).
                let statuses: Vec<_> = futures::stream::iter(deletes)
                    .buffer_unordered(8)
                    .collect()
                    .await;
                for status in statuses {
                    // workerd on a loaded machine sheds load with 503: the next listing still
                    // has those keys, and they are deleted again.
                    if status == reqwest::StatusCode::SERVICE_UNAVAILABLE {
                        unavailable += 1;
                        assert!(unavailable < 200, "DELETE answered 503 {unavailable} times");
                        std::thread::sleep(Duration::from_millis(100));
                        continue;
                    }
                    assert!(status.is_success(), "DELETE answered {status}");
                }
            });
        }
        let tables = self.sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
        );
        for row in tables {
            let name = row[0].as_str().unwrap().to_string();
            self.sql(&format!("DROP TABLE IF EXISTS \"{name}\""));
        }
    }

    /// Rows of one statement through the explorer's `/raw` (arrays of values).
    pub fn sql(&self, sql: &str) -> Vec<Vec<Value>> {
        let url = format!("{}/d1/database/{D1_ID}/raw", self.api());
        let body = serde_json::json!({ "sql": sql }).to_string();
        let (status, body) = http("POST", &url, Some(body));
        assert_eq!(status, 200, "{sql}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        v["result"][0]["results"]["rows"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.as_array().cloned().unwrap())
            .collect()
    }

    /// Number of keys under `prefix` in the KV namespace.
    pub fn kv_count(&self, prefix: &str) -> usize {
        let ns = format!("{}/storage/kv/namespaces/{KV_ID}", self.api());
        let mut count = 0;
        let mut cursor = String::new();
        loop {
            let mut url = format!(
                "{ns}/keys?limit=1000&prefix={}",
                mkt::http::encode_component(prefix)
            );
            if !cursor.is_empty() {
                url.push_str(&format!("&cursor={cursor}"));
            }
            let (_, body) = http("GET", &url, None);
            let page: Value = serde_json::from_str(&body).unwrap();
            count += page["result"].as_array().unwrap().len();
            cursor = page["result_info"]["cursor"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            if cursor.is_empty() {
                return count;
            }
        }
    }

    /// The directory wrangler dev runs in (holds its wrangler.toml).
    pub fn project_dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for WranglerDev {
    fn drop(&mut self) {
        // Closing stdin makes the supervisor end wrangler's process group.
        self.stdin.lock().unwrap().take();
        let _ = self.child.lock().unwrap().wait();
    }
}

/// `[wrangler:info] Ready on http://127.0.0.1:PORT` → the URL.
fn ready_url(line: &str) -> Option<String> {
    let at = line.find("Ready on http://")?;
    let url = line[at + "Ready on ".len()..].trim();
    Some(url.trim_end_matches('/').to_string())
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// One HTTP request: (status, body).
pub fn http(method: &str, url: &str, json: Option<String>) -> (u16, String) {
    block_on(async {
        let client = reqwest::Client::new();
        let mut req = client.request(method.parse().unwrap(), url);
        if let Some(body) = json {
            req = req.header("content-type", "application/json").body(body);
        }
        let resp = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = resp.status().as_u16();
        (status, resp.text().await.unwrap())
    })
}

static SHARED: OnceLock<WranglerDev> = OnceLock::new();
static TURN: Mutex<()> = Mutex::new(());

/// The binary's one wrangler dev, emptied, for this test alone until the guard drops; `None`
/// when the tests cannot run here (outside CI only).
pub fn shared() -> Option<(MutexGuard<'static, ()>, &'static WranglerDev)> {
    if !available() {
        return None;
    }
    // A failed test poisons the lock; the next one still gets its turn.
    let turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let dev = SHARED.get_or_init(|| WranglerDev::start(true));
    dev.reset();
    Some((turn, dev))
}
