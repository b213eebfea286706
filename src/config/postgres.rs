//! The PostgreSQL durable store's settings: `--durable-url` / `MKT_DURABLE_URL` / profile
//! `durable_url`, with libpq's own conventions — `PGPASSWORD`, `~/.pgpass` (or `PGPASSFILE`),
//! `PGSSLMODE`, `PGSSLROOTCERT`, `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`. The password is a
//! secret: never printed, and refused inside a profile's URL (secrets stay out of files).

use std::path::{Path, PathBuf};

use super::resolve::Resolver;
use super::{Env, Origin, Secret};
use crate::exit::Failure;

/// libpq's `sslmode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    /// Try TLS, fall back to plain (libpq's default).
    Prefer,
    /// TLS, certificate not checked (as libpq does without a root certificate).
    Require,
    /// TLS, certificate chain checked.
    VerifyCa,
    /// TLS, chain and host name checked.
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Option<SslMode> {
        Some(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

#[derive(Clone, Debug)]
pub struct PostgresSettings {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub dbname: String,
    pub password: Option<Secret>,
    pub sslmode: SslMode,
    /// The root certificate file as libpq finds it: `sslrootcert` / `PGSSLROOTCERT`, else
    /// `~/.postgresql/root.crt` (which need not exist); `system` means the public web roots.
    pub root_cert: Option<PathBuf>,
    /// Whether `root_cert` was named (`sslrootcert`, `PGSSLROOTCERT`) rather than the default.
    pub root_cert_named: bool,
    pub connect_timeout: Option<u64>,
    pub application_name: Option<String>,
    /// The URL's `schema=` (Prisma's parameter): the durable table's schema.
    pub schema: Option<String>,
    /// libpq's `channel_binding`: `disable`, `prefer` (the default) or `require` (Neon's URLs).
    pub channel_binding: Option<String>,
    /// libpq's `options` (`-c search_path=app`), sent to the server at connection start.
    pub options: Option<String>,
    /// `postgres://user@host:port/db` — what is shown; never the password.
    pub display: String,
    /// What libpq would warn about while resolving (a password file others can read).
    pub warnings: Vec<String>,
}

/// `sslrootcert=system`: the public web roots (libpq: the system's trusted roots).
pub const SYSTEM_ROOTS: &str = "system";

/// Query parameters of Prisma's DATABASE_URL that concern its own client, not the server
/// (Prisma's `sslcert` is the server's CA, checked only with `sslaccept=strict`).
const PRISMA_ONLY: &[&str] = &[
    "connection_limit",
    "pool_timeout",
    "pgbouncer",
    "statement_cache_size",
    "socket_timeout",
    "sslaccept",
    "sslidentity",
    "sslpassword",
    "sslcert",
    "max_connection_lifetime",
    "max_idle_connection_lifetime",
];

/// libpq connection parameters that tune the connection without changing what mkt reads, as
/// hosted providers put them in their URLs: accepted and left to their defaults.
const LIBPQ_TUNING: &[&str] = &[
    "target_session_attrs",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "gssencmode",
    "sslkey",
    "sslcrl",
    "sslcompression",
    "sslsni",
    "sslnegotiation",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "krbsrvname",
    "requirepeer",
    "load_balance_hosts",
    "client_encoding",
    "fallback_application_name",
];

fn usage(msg: String) -> anyhow::Error {
    Failure::usage(msg)
}

/// Whether a password file may be used, as libpq decides: a plain file, with no group or other
/// permissions (else libpq warns and ignores it). `Err` holds the warning.
fn pgpass_usable(path: &Path) -> Result<bool, String> {
    let Ok(m) = std::fs::metadata(path) else {
        return Ok(false);
    };
    if !m.is_file() {
        return Err(format!(
            "password file {} is not a plain file, so it is not used",
            path.display()
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if m.permissions().mode() & 0o077 != 0 {
            return Err(format!(
                "password file {} has group or world access, so it is not used (as libpq does); make it private: chmod 0600 {}",
                path.display(),
                path.display()
            ));
        }
    }
    Ok(true)
}

/// The password for `host:port:db:user` from a pgpass file (`*` matches anything; `\` escapes).
fn pgpass_lookup(path: &Path, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        cur.push(n)
                    }
                }
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
                c => cur.push(c),
            }
        }
        fields.push(cur);
        if fields.len() != 5 {
            continue;
        }
        let port_s = port.to_string();
        let want = [host, port_s.as_str(), db, user];
        if fields[..4]
            .iter()
            .zip(want)
            .all(|(f, w)| f == "*" || f == w || (w == "localhost" && f == "127.0.0.1"))
        {
            return Some(fields[4].clone());
        }
    }
    None
}

/// Resolves the PostgreSQL durable store, if one is configured (`durable_url`); shown as
/// `postgres://user@host:port/db`, with `<redacted>` for a password.
pub(super) fn resolve_postgres(
    r: &mut Resolver<'_>,
    env: &Env,
) -> anyhow::Result<Option<PostgresSettings>> {
    let Some(raw) = r.get("durable_url") else {
        return Ok(None);
    };
    let from_profile = matches!(r.origin_of("durable_url"), Some(Origin::Profile(_)));
    let url = url::Url::parse(&raw).map_err(|e| {
        usage(format!(
            "invalid durable URL ({e}): expected postgres://USER@HOST:PORT/DATABASE"
        ))
    })?;
    if !matches!(url.scheme(), "postgres" | "postgresql") {
        return Err(usage(format!(
            "durable URL scheme {:?} is not supported: use postgres://USER@HOST:PORT/DATABASE",
            url.scheme()
        )));
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let url_password = url.password().map(decode);
    if url_password.is_some() && from_profile {
        return Err(usage(
            "durable_url in the profile holds a password: remove it and set PGPASSWORD or a ~/.pgpass entry (secrets are never read from mkt.toml)".into(),
        ));
    }
    let mut host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .map(|h| h.trim_start_matches('[').trim_end_matches(']').to_string());
    let mut sslmode = None;
    let mut root_cert = None;
    let mut connect_timeout = None;
    let mut application_name = None;
    let mut schema = None;
    let mut channel_binding = None;
    let mut options = None;
    let (mut query_user, mut query_db, mut query_port) = (None, None, None);
    for (k, v) in url.query_pairs() {
        match k.as_ref() {
            "sslmode" => {
                sslmode = Some(SslMode::parse(&v).ok_or_else(|| {
                    usage(format!("invalid sslmode {v:?} in the durable URL: use disable, allow, prefer, require, verify-ca or verify-full"))
                })?)
            }
            "sslrootcert" => root_cert = Some(PathBuf::from(v.as_ref())),
            "connect_timeout" => connect_timeout = v.parse().ok(),
            "application_name" => application_name = Some(v.to_string()),
            "host" => host = Some(v.to_string()),
            "schema" => schema = Some(v.to_string()),
            "channel_binding" => match v.as_ref() {
                "disable" | "prefer" | "require" => channel_binding = Some(v.to_string()),
                _ => {
                    return Err(usage(format!(
                        "invalid channel_binding {v:?} in the durable URL: use disable, prefer or require"
                    )))
                }
            },
            "options" => options = Some(v.to_string()),
            "user" => query_user = Some(v.to_string()),
            "dbname" => query_db = Some(v.to_string()),
            "port" => {
                query_port = Some(v.parse::<u16>().map_err(|_| {
                    usage(format!("invalid port {v:?} in the durable URL"))
                })?)
            }
            k if LIBPQ_TUNING.contains(&k) => {}
            "password" => {
                return Err(usage(
                    "the durable URL has a password parameter: set PGPASSWORD or a ~/.pgpass entry instead".into(),
                ))
            }
            k if PRISMA_ONLY.contains(&k) => {}
            other => {
                return Err(usage(format!(
                    "unknown parameter {other:?} in the durable URL (known: sslmode, sslrootcert, connect_timeout, application_name, host, port, user, dbname, schema, channel_binding, options, and libpq's and Prisma's connection tuning)"
                )))
            }
        }
    }
    let host = host
        .or_else(|| env.get("PGHOST").map(str::to_string))
        .unwrap_or_else(|| "localhost".into());
    if host.starts_with('/') {
        return Err(usage(format!(
            "the durable URL names a Unix socket ({host}); mkt connects over TCP: use a host name or address"
        )));
    }
    let port = match url.port().or(query_port) {
        Some(p) => p,
        None => match env.get("PGPORT") {
            Some(p) => p
                .parse()
                .map_err(|_| usage(format!("invalid PGPORT {p:?}")))?,
            None => 5432,
        },
    };
    let user = Some(decode(url.username()))
        .filter(|u| !u.is_empty())
        .or(query_user)
        .or_else(|| env.get("PGUSER").map(str::to_string))
        .or_else(|| env.get("USER").map(str::to_string))
        .unwrap_or_else(|| "postgres".into());
    let dbname = Some(decode(url.path().trim_start_matches('/')))
        .filter(|d| !d.is_empty())
        .or(query_db)
        .or_else(|| env.get("PGDATABASE").map(str::to_string))
        .unwrap_or_else(|| user.clone());
    let root_cert = root_cert.or_else(|| env.get("PGSSLROOTCERT").map(PathBuf::from));
    let root_cert_named = root_cert.is_some();
    let system_roots = root_cert.as_deref() == Some(Path::new(SYSTEM_ROOTS));
    let sslmode = match sslmode {
        Some(m) => m,
        None => match env.get("PGSSLMODE") {
            Some(m) => {
                SslMode::parse(m).ok_or_else(|| usage(format!("invalid PGSSLMODE {m:?}")))?
            }
            // libpq: with the system's roots the default is verify-full.
            None if system_roots => SslMode::VerifyFull,
            None => SslMode::Prefer,
        },
    };
    if system_roots && sslmode != SslMode::VerifyFull {
        // Anyone can get a publicly trusted certificate for a host they control (libpq refuses too).
        return Err(usage(format!(
            "sslmode={} cannot be used with sslrootcert=system: use sslmode=verify-full (the public roots only mean something with the host name checked)",
            sslmode.as_str()
        )));
    }
    // libpq's default root file; whether it exists is looked at when connecting.
    let root_cert = root_cert.or_else(|| {
        env.get("HOME")
            .map(|h| Path::new(h).join(".postgresql").join("root.crt"))
    });
    let mut warnings = Vec::new();
    let password = url_password
        .or_else(|| env.get("PGPASSWORD").map(str::to_string))
        .or_else(|| {
            let file = env
                .get("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| env.get("HOME").map(|h| Path::new(h).join(".pgpass")))?;
            match pgpass_usable(&file) {
                Ok(true) => pgpass_lookup(&file, &host, port, &dbname, &user),
                Ok(false) => None,
                Err(warning) => {
                    warnings.push(warning);
                    None
                }
            }
        })
        .map(Secret::new);
    let host_shown = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.clone()
    };
    let display = format!("postgres://{user}@{host_shown}:{port}/{dbname}");
    let shown = match &password {
        Some(_) => format!("postgres://{user}:<redacted>@{host_shown}:{port}/{dbname}"),
        None => display.clone(),
    };
    r.show_as("durable_url", shown);
    Ok(Some(PostgresSettings {
        host,
        port,
        user,
        dbname,
        password,
        sslmode,
        root_cert,
        root_cert_named,
        connect_timeout,
        application_name,
        schema,
        channel_binding,
        options,
        display,
        warnings,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_matches_like_libpq() {
        let dir = std::env::temp_dir().join(format!("mkt-pgpass-{}", std::process::id()));
        std::fs::write(
            &dir,
            "# comment\nother:5432:*:*:no\nlocalhost:5433:app:mkt:s3cr\\:et\n*:*:*:*:fallback\n",
        )
        .unwrap();
        assert_eq!(
            pgpass_lookup(&dir, "localhost", 5433, "app", "mkt").as_deref(),
            Some("s3cr:et")
        );
        assert_eq!(
            pgpass_lookup(&dir, "db", 1, "x", "y").as_deref(),
            Some("fallback")
        );
        let _ = std::fs::remove_file(dir);
    }
}
