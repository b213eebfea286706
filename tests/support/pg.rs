//! A real PostgreSQL server for tests: Debian's `postgresql` package (PostgreSQL 15), initdb'd on
//! a temporary data directory, listening on a free loopback port with password authentication
//! (scram-sha-256) and TLS (a self-signed certificate for localhost). PostgreSQL refuses to run as
//! root, so as root the server runs as the `postgres` user. Dropping the handle stops the server.
//! Without the package a test is skipped — except under `CI=true`, where it fails.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const USER: &str = "mkt";
pub const PASSWORD: &str = "Sup3r-Secret-pw";
pub const DB: &str = "marketplace";

pub struct PgServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
    as_postgres: bool,
}

fn find_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().or_else(|| {
        let out = Command::new("sh")
            .args(["-c", "command -v initdb"])
            .output()
            .ok()?;
        let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        p.parent()
            .map(Path::to_path_buf)
            .filter(|d| d.join("pg_ctl").exists())
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl PgServer {
    /// Starts a server, or `None` (skip) when PostgreSQL is not installed and this is not CI.
    pub fn start() -> Option<PgServer> {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        let Some(bin) = find_bin() else {
            assert!(!ci, "PostgreSQL is not installed (apt-get install postgresql); CI must run the PostgreSQL tests");
            eprintln!("skipping: PostgreSQL is not installed (apt-get install postgresql)");
            return None;
        };
        match Self::try_start(bin) {
            Ok(s) => Some(s),
            Err(e) if ci => panic!("cannot start PostgreSQL: {e}"),
            Err(e) => {
                eprintln!("skipping: cannot start PostgreSQL: {e}");
                None
            }
        }
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let path = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        let out = cmd
            .args(args)
            .output()
            .map_err(|e| format!("{program}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    fn try_start(bin: PathBuf) -> Result<PgServer, String> {
        let dir = tempfile::Builder::new()
            .prefix("mkt-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let as_postgres = is_root();
        let mut server = PgServer {
            dir,
            bin,
            port: 0,
            as_postgres,
        };
        let root = server.dir.path().to_path_buf();
        let pwfile = root.join("pw");
        std::fs::write(&pwfile, PASSWORD).map_err(|e| e.to_string())?;
        // A test CA and a certificate it signs for localhost and 127.0.0.1, so verify-full works.
        let (crt, key) = (root.join("server.crt"), root.join("server.key"));
        std::fs::write(
            root.join("ext.cnf"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
        )
        .map_err(|e| e.to_string())?;
        let openssl = |args: &str| {
            Command::new("openssl")
                .current_dir(&root)
                .args(args.split(' '))
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false)
        };
        let ok = openssl("req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=mkt-test-ca -keyout ca.key -out ca.crt")
            && openssl("req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server.key -out server.csr")
            && openssl("x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out server.crt -extfile ext.cnf");
        if !ok {
            return Err(
                "openssl could not make a test certificate (apt-get install openssl)".into(),
            );
        }
        if as_postgres {
            let uid = |flag: &str| {
                Command::new("id")
                    .args([flag, "postgres"])
                    .output()
                    .ok()
                    .and_then(|o| {
                        String::from_utf8_lossy(&o.stdout)
                            .trim()
                            .parse::<u32>()
                            .ok()
                    })
            };
            let (u, g) = (
                uid("-u").ok_or("no postgres user")?,
                uid("-g").ok_or("no postgres group")?,
            );
            for p in [&root, &pwfile, &crt, &key] {
                std::os::unix::fs::chown(p, Some(u), Some(g)).map_err(|e| e.to_string())?;
            }
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| e.to_string())?;
        let data = root.join("data");
        let s = |p: &Path| p.display().to_string();
        server.run(
            "initdb",
            &[
                "-D",
                &s(&data),
                "-U",
                USER,
                "--pwfile",
                &s(&pwfile),
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--no-locale",
                "-N",
            ],
        )?;
        let mut last = String::new();
        for _ in 0..5 {
            let port = free_port();
            let opts = format!(
                "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c ssl=on -c ssl_cert_file={} -c ssl_key_file={} -c fsync=off",
                s(&root),
                s(&crt),
                s(&key)
            );
            match server.run(
                "pg_ctl",
                &[
                    "-D",
                    &s(&data),
                    "-l",
                    &s(&root.join("log")),
                    "-o",
                    &opts,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
            ) {
                Ok(()) => {
                    server.port = port;
                    server.psql_setup()?;
                    return Ok(server);
                }
                Err(e) => last = e,
            }
        }
        Err(format!(
            "{last}\n{}",
            std::fs::read_to_string(root.join("log")).unwrap_or_default()
        ))
    }

    fn psql_setup(&self) -> Result<(), String> {
        self.sql_on("postgres", &format!("CREATE DATABASE {DB}"))
    }

    /// The test CA that signed the server's certificate, to trust under verify-full.
    pub fn cert(&self) -> PathBuf {
        self.dir.path().join("ca.crt")
    }

    /// `postgres://mkt@127.0.0.1:PORT/marketplace` (no password: tests pass PGPASSWORD).
    pub fn url(&self) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{DB}", self.port)
    }

    /// Runs SQL (several statements allowed) on the test database.
    pub fn sql(&self, sql: &str) {
        self.sql_on(DB, sql).unwrap_or_else(|e| panic!("{e}"))
    }

    fn client(
        &self,
        db: &str,
    ) -> Result<(tokio::runtime::Runtime, tokio_postgres::Client), String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let conn = format!(
            "host=127.0.0.1 port={} user={USER} password={PASSWORD} dbname={db} sslmode=disable",
            self.port
        );
        let client = rt.block_on(async {
            let (client, conn) = tokio_postgres::connect(&conn, tokio_postgres::NoTls)
                .await
                .map_err(|e| e.to_string())?;
            tokio::spawn(async move {
                let _ = conn.await;
            });
            Ok::<_, String>(client)
        })?;
        Ok((rt, client))
    }

    fn sql_on(&self, db: &str, sql: &str) -> Result<(), String> {
        let (rt, client) = self.client(db)?;
        rt.block_on(client.batch_execute(sql))
            .map_err(|e| format!("{sql}: {e}"))
    }

    /// Rows of a query, every column cast to text by the query itself where needed.
    pub fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        let (rt, client) = self.client(DB).unwrap();
        let rows = rt.block_on(client.simple_query(sql)).unwrap();
        rows.into_iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(r) => {
                    Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
                }
                _ => None,
            })
            .collect()
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let data = self.dir.path().join("data").display().to_string();
        let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
    }
}

/// Prisma's migration for `model Skill` (camelCase quoted columns, text[] labels, timestamp(3)).
pub const PRISMA_SKILL: &str = r#"
CREATE TABLE "Skill" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT,
    "author" TEXT,
    "repoUrl" TEXT,
    "category" TEXT,
    "currentVersion" TEXT,
    "certTier" TEXT,
    "certMethod" TEXT,
    "certScore" DOUBLE PRECISION,
    "certifiedAt" TIMESTAMP(3),
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "trendingScore7d" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "trendingScore30d" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Skill_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Skill_name_key" ON "Skill"("name");
"#;
