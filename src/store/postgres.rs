//! PostgreSQL as a `SqlStore`, for the durable skills table (`--durable-url`; seed 001's real
//! source of truth). tokio-postgres over TCP, TLS through rustls (`sslmode` as libpq means it).
//! The connection is made on first use, so a server that cannot be reached makes the durable
//! source incomplete while every other source is still read. A batch is one transaction.
//! Messages never hold the password.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;
use tokio::sync::{Mutex, OnceCell};
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, GenericClient, Row as PgRow};

use crate::config::{PostgresSettings, SslMode};
use crate::store::{
    QueryOutput, RequestCounter, Row, SqlLimits, SqlStore, SqlValue, Statement, StoreError,
    StoreResult,
};

pub struct PostgresStore {
    settings: PostgresSettings,
    client: OnceCell<Result<Mutex<Client>, (u8, String)>>,
    /// Round trips to the server (statements and transaction control), for `requests`-style reports.
    pub queries: RequestCounter,
}

impl PostgresStore {
    pub fn new(settings: PostgresSettings) -> Self {
        PostgresStore {
            settings,
            client: OnceCell::new(),
            queries: RequestCounter::default(),
        }
    }

    fn password(&self) -> Option<&str> {
        self.settings.password.as_ref().map(|p| p.expose())
    }

    fn where_(&self) -> String {
        format!(
            "PostgreSQL at {}:{} (database {}, user {})",
            self.settings.host, self.settings.port, self.settings.dbname, self.settings.user
        )
    }

    async fn client(&self) -> StoreResult<&Mutex<Client>> {
        let got = self
            .client
            .get_or_init(|| async {
                connect(&self.settings, &self.where_())
                    .await
                    .map(Mutex::new)
            })
            .await;
        match got {
            Ok(c) => Ok(c),
            Err((kind, msg)) => Err(rebuild(*kind, msg.clone())),
        }
    }
}

const AUTH: u8 = 0;
const MISSING: u8 = 1;
const TRANSPORT: u8 = 2;
const SQL: u8 = 3;
const INVALID: u8 = 4;

fn rebuild(kind: u8, msg: String) -> StoreError {
    match kind {
        AUTH => StoreError::Auth(msg),
        MISSING => StoreError::MissingResource(msg),
        TRANSPORT => StoreError::Transport(msg),
        INVALID => StoreError::Invalid(msg),
        _ => StoreError::Sql(msg),
    }
}

/// Text from the server (or an error built around it) without the password or any other secret
/// mkt holds: a server that echoes what it was sent never puts it on the screen — neither whole
/// nor any piece of 6 or more characters (a truncated echo).
fn scrub(text: String, password: Option<&str>) -> String {
    let mut this = crate::redact::Secrets::default();
    if let Some(pw) = password {
        this.add(pw);
    }
    // The one scrub step too: a URL's password, tokens and keys mkt holds.
    crate::redact::scrub(&this.scrub(&text))
}

/// An error as (kind, one line), without the password. `connecting` says whether the
/// connection was being made.
fn classify(
    e: &tokio_postgres::Error,
    where_: &str,
    connecting: bool,
    password: Option<&str>,
) -> (u8, String) {
    let (kind, msg) = classify_raw(e, where_, connecting);
    (kind, scrub(msg, password))
}

fn classify_raw(e: &tokio_postgres::Error, where_: &str, connecting: bool) -> (u8, String) {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        let msg = db.message().replace('\n', " ");
        return match code {
            "28P01" | "28000" => (
                AUTH,
                format!("{where_} rejected the login ({msg}); check the user and PGPASSWORD or ~/.pgpass"),
            ),
            "3D000" => (MISSING, format!("{where_}: {msg}; check the database name in the durable URL")),
            _ if connecting => (TRANSPORT, format!("{where_}: {msg} (SQLSTATE {code})")),
            _ => (SQL, format!("{msg} (SQLSTATE {code})")),
        };
    }
    if connecting || e.is_closed() {
        let mut detail = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            detail = format!("{detail}: {s}");
            source = s.source();
        }
        return (
            TRANSPORT,
            format!("cannot reach {where_}: {}", detail.replace('\n', " ")),
        );
    }
    (SQL, e.to_string().replace('\n', " "))
}

async fn connect(s: &PostgresSettings, where_: &str) -> Result<Client, (u8, String)> {
    let password = s.password.as_ref().map(|p| p.expose());
    let failed = |e: tokio_postgres::Error| classify(&e, where_, true, password);
    let mut cfg = tokio_postgres::Config::new();
    cfg.host(&s.host)
        .port(s.port)
        .user(&s.user)
        .dbname(&s.dbname)
        .application_name(s.application_name.as_deref().unwrap_or("mkt"))
        .connect_timeout(Duration::from_secs(s.connect_timeout.unwrap_or(10).max(1)));
    if let Some(p) = &s.password {
        cfg.password(p.expose());
    }
    if let Some(o) = &s.options {
        cfg.options(o);
    }
    cfg.channel_binding(match s.channel_binding.as_deref() {
        Some("disable") => tokio_postgres::config::ChannelBinding::Disable,
        Some("require") => tokio_postgres::config::ChannelBinding::Require,
        _ => tokio_postgres::config::ChannelBinding::Prefer,
    });
    let ssl = match s.sslmode {
        SslMode::Disable => tokio_postgres::config::SslMode::Disable,
        SslMode::Allow | SslMode::Prefer => tokio_postgres::config::SslMode::Prefer,
        _ => tokio_postgres::config::SslMode::Require,
    };
    cfg.ssl_mode(ssl);
    if s.sslmode == SslMode::Disable {
        let (client, conn) = cfg.connect(tokio_postgres::NoTls).await.map_err(failed)?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        return Ok(client);
    }
    // Built before anything is sent: a root file that cannot be used ends here, so no password
    // ever goes to a server that could not be checked.
    let tls = tls::client_config(s).map_err(|e| (INVALID, format!("{where_}: {e}")))?;
    let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls);
    let (client, conn) = cfg.connect(tls).await.map_err(failed)?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(client)
}

mod tls {
    //! `sslmode` exactly as libpq means it. The root file is `sslrootcert`/`PGSSLROOTCERT`, else
    //! `~/.postgresql/root.crt`; `system` means the public web roots (verify-full only).
    //! - `require`: encrypted; when the root file exists, the chain is checked as `verify-ca`.
    //! - `verify-ca`: the chain is checked against the root file; the host name is not.
    //! - `verify-full`: the chain and the host name.
    //! - A root file that does not exist is an error under `verify-ca`/`verify-full` (under
    //!   `require` nothing is checked, as libpq does); one that exists but cannot be read or
    //!   holds no certificate is an error in every mode. Never a fallback to other roots.
    //! - `prefer`/`allow` encrypt when the server offers TLS and check nothing (libpq checks
    //!   with a root file but then retries in the clear when the check fails, so a check there
    //!   protects nothing).
    use std::path::Path;
    use std::sync::Arc;

    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

    use crate::config::{PostgresSettings, SslMode, SYSTEM_ROOTS};

    fn provider() -> Arc<rustls::crypto::CryptoProvider> {
        Arc::new(rustls::crypto::ring::default_provider())
    }

    #[derive(Debug)]
    struct Verifier {
        /// The chain's verifier; `None`: nothing is checked (require/prefer without a root file).
        inner: Option<Arc<rustls::client::WebPkiServerVerifier>>,
        check_name: bool,
    }

    impl ServerCertVerifier for Verifier {
        fn verify_server_cert(
            &self,
            end: &CertificateDer<'_>,
            intermediates: &[CertificateDer<'_>],
            name: &ServerName<'_>,
            ocsp: &[u8],
            now: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            let Some(v) = &self.inner else {
                return Ok(ServerCertVerified::assertion());
            };
            // webpki checks the chain first and the name last, so a name error means the chain
            // was good: that is all verify-ca asks.
            match v.verify_server_cert(end, intermediates, name, ocsp, now) {
                Err(rustls::Error::InvalidCertificate(
                    rustls::CertificateError::NotValidForName
                    | rustls::CertificateError::NotValidForNameContext { .. },
                )) if !self.check_name => Ok(ServerCertVerified::assertion()),
                other => other,
            }
        }
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(
                message,
                cert,
                dss,
                &provider().signature_verification_algorithms,
            )
        }
        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(
                message,
                cert,
                dss,
                &provider().signature_verification_algorithms,
            )
        }
        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            provider()
                .signature_verification_algorithms
                .supported_schemes()
        }
    }

    const FIX: &str = "name the server's CA file with sslrootcert=PATH (or PGSSLROOTCERT), use sslrootcert=system for the public web roots, or lower sslmode";

    /// The roots to check the server against, as libpq finds them (`None`: check nothing).
    fn roots(s: &PostgresSettings) -> Result<Option<RootCertStore>, String> {
        let verify = matches!(s.sslmode, SslMode::VerifyCa | SslMode::VerifyFull);
        let Some(path) = &s.root_cert else {
            return if verify {
                Err(format!(
                    "sslmode={} needs a root certificate file and there is no home directory to find ~/.postgresql/root.crt in: {FIX}",
                    s.sslmode.as_str()
                ))
            } else {
                Ok(None)
            };
        };
        if path.as_path() == Path::new(SYSTEM_ROOTS) {
            let mut roots = RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            return Ok(Some(roots));
        }
        let named = if s.root_cert_named {
            format!("root certificate file {}", path.display())
        } else {
            format!("root certificate file {} (libpq's default)", path.display())
        };
        if std::fs::metadata(path).is_err() {
            return if verify {
                Err(format!(
                    "sslmode={}: the {named} does not exist, so the server cannot be checked and nothing was sent: {FIX}",
                    s.sslmode.as_str()
                ))
            } else {
                Ok(None)
            };
        }
        let pem = std::fs::read(path).map_err(|e| {
            format!("cannot read the {named}: {e}; nothing was sent: fix the file or {FIX}")
        })?;
        let mut roots = RootCertStore::empty();
        let (added, _) = roots.add_parsable_certificates(pem_certs(&pem));
        if added == 0 {
            return Err(format!(
                "the {named} holds no usable certificate (PEM \"BEGIN CERTIFICATE\" blocks), so the server cannot be checked and nothing was sent: {FIX}"
            ));
        }
        Ok(Some(roots))
    }

    /// The certificates of a PEM file.
    fn pem_certs(pem: &[u8]) -> Vec<CertificateDer<'static>> {
        use rustls::pki_types::pem::PemObject;
        CertificateDer::pem_slice_iter(pem)
            .filter_map(Result::ok)
            .collect()
    }

    pub fn client_config(s: &PostgresSettings) -> Result<ClientConfig, String> {
        let inner = match s.sslmode {
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => match roots(s)? {
                Some(roots) => Some(
                    rustls::client::WebPkiServerVerifier::builder_with_provider(
                        Arc::new(roots),
                        provider(),
                    )
                    .build()
                    .map_err(|e| format!("cannot check certificates: {e}"))?,
                ),
                None => None,
            },
            _ => None,
        };
        let verifier = Verifier {
            inner,
            check_name: s.sslmode == SslMode::VerifyFull,
        };
        Ok(ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .expect("rustls protocol versions")
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth())
    }
}

/// A parameter as the type the server expects (the durable SQL sends text and casts it).
fn param(v: &SqlValue, ty: &Type) -> Result<Box<dyn ToSql + Sync + Send>, StoreError> {
    let text = || match v {
        SqlValue::Null => None,
        SqlValue::Integer(i) => Some(i.to_string()),
        SqlValue::Real(f) => Some(f.to_string()),
        SqlValue::Text(s) => Some(s.clone()),
    };
    let bad = || StoreError::Invalid(format!("parameter {v:?} cannot be sent as {ty}"));
    Ok(match *ty {
        Type::INT8 => Box::new(match v {
            SqlValue::Null => None,
            SqlValue::Integer(i) => Some(*i),
            _ => Some(text().and_then(|t| t.parse::<i64>().ok()).ok_or_else(bad)?),
        }),
        Type::INT4 => Box::new(match v {
            SqlValue::Null => None,
            _ => Some(text().and_then(|t| t.parse::<i32>().ok()).ok_or_else(bad)?),
        }),
        Type::FLOAT8 => Box::new(match v {
            SqlValue::Null => None,
            SqlValue::Real(f) => Some(*f),
            _ => Some(text().and_then(|t| t.parse::<f64>().ok()).ok_or_else(bad)?),
        }),
        Type::BOOL => Box::new(match v {
            SqlValue::Null => None,
            _ => Some(matches!(text().as_deref(), Some("true" | "t" | "1"))),
        }),
        _ => Box::new(text()),
    })
}

fn decode(row: &PgRow, i: usize) -> Result<Value, tokio_postgres::Error> {
    let ty = row.columns()[i].type_().clone();
    Ok(match ty {
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map(Value::Bool)
            .unwrap_or(Value::Null),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map(Value::from)
            .unwrap_or(Value::Null),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map(Value::from)
            .unwrap_or(Value::Null),
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)?
            .map(Value::from)
            .unwrap_or(Value::Null),
        // Through its shortest decimal form: `real` 90.4 is 90.4, not 90.40000152587891.
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map(|f| super::js_number(f.to_string().parse::<f64>().unwrap_or(f as f64)))
            .unwrap_or(Value::Null),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(i)?
            .map(super::js_number)
            .unwrap_or(Value::Null),
        Type::JSON | Type::JSONB => row.try_get::<_, Option<Value>>(i)?.unwrap_or(Value::Null),
        Type::TEXT_ARRAY | Type::VARCHAR_ARRAY | Type::BPCHAR_ARRAY | Type::NAME_ARRAY => row
            .try_get::<_, Option<Vec<Option<String>>>>(i)?
            .map(|items| {
                Value::Array(
                    items
                        .into_iter()
                        .map(|s| s.map(Value::String).unwrap_or(Value::Null))
                        .collect(),
                )
            })
            .unwrap_or(Value::Null),
        Type::TIMESTAMP => row
            .try_get::<_, Option<chrono::NaiveDateTime>>(i)?
            .map(|t| Value::String(t.format("%Y-%m-%d %H:%M:%S%.3f").to_string()))
            .unwrap_or(Value::Null),
        Type::TIMESTAMPTZ => row
            .try_get::<_, Option<chrono::DateTime<chrono::Utc>>>(i)?
            .map(|t| Value::String(t.format("%Y-%m-%d %H:%M:%S%.3f+00").to_string()))
            .unwrap_or(Value::Null),
        Type::DATE => row
            .try_get::<_, Option<chrono::NaiveDate>>(i)?
            .map(|d| Value::String(d.to_string()))
            .unwrap_or(Value::Null),
        _ => row
            .try_get::<_, Option<String>>(i)?
            .map(Value::String)
            .unwrap_or(Value::Null),
    })
}

impl PostgresStore {
    async fn run<C: GenericClient + Sync>(
        &self,
        client: &C,
        stmt: &Statement,
    ) -> StoreResult<QueryOutput> {
        let sql_err = |e: tokio_postgres::Error| {
            let (k, m) = classify(&e, &self.where_(), false, self.password());
            rebuild(k, m)
        };
        self.queries.incr();
        let prepared = client.prepare(&stmt.sql).await.map_err(sql_err)?;
        if prepared.params().len() != stmt.params.len() {
            return Err(StoreError::Sql(format!(
                "statement takes {} parameters, {} given",
                prepared.params().len(),
                stmt.params.len()
            )));
        }
        let boxed = stmt
            .params
            .iter()
            .zip(prepared.params())
            .map(|(v, ty)| param(v, ty))
            .collect::<StoreResult<Vec<_>>>()?;
        let refs: Vec<&(dyn ToSql + Sync)> = boxed
            .iter()
            .map(|b| b.as_ref() as &(dyn ToSql + Sync))
            .collect();
        if prepared.columns().is_empty() {
            let changes = client.execute(&prepared, &refs).await.map_err(sql_err)?;
            return Ok(QueryOutput {
                rows: Vec::new(),
                changes,
            });
        }
        let rows = client.query(&prepared, &refs).await.map_err(sql_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut m = Row::new();
            for (i, c) in r.columns().iter().enumerate() {
                m.insert(c.name().to_string(), decode(r, i).map_err(sql_err)?);
            }
            out.push(m);
        }
        Ok(QueryOutput {
            changes: out.len() as u64,
            rows: out,
        })
    }
}

#[async_trait]
impl SqlStore for PostgresStore {
    fn limits(&self) -> SqlLimits {
        SqlLimits::POSTGRES
    }

    async fn query(&self, stmt: &Statement) -> StoreResult<QueryOutput> {
        // After Ctrl-C no new statement starts (as on every target).
        crate::interrupt::check()?;
        let client = self.client().await?.lock().await;
        self.run(&*client, stmt).await
    }

    /// One transaction: every statement or none.
    async fn batch(&self, stmts: &[Statement]) -> StoreResult<Vec<QueryOutput>> {
        crate::interrupt::check()?;
        let mut client = self.client().await?.lock().await;
        let err = |e: tokio_postgres::Error| {
            let (k, m) = classify(&e, &self.where_(), false, self.password());
            rebuild(k, m)
        };
        self.queries.incr();
        let tx = client.transaction().await.map_err(err)?;
        let mut outs = Vec::with_capacity(stmts.len());
        for s in stmts {
            // Dropping `tx` on error rolls the whole batch back.
            outs.push(self.run(&tx, s).await?);
        }
        self.queries.incr();
        tx.commit().await.map_err(err)?;
        Ok(outs)
    }
}

/// Opens (lazily) the PostgreSQL durable store.
pub fn open(settings: &PostgresSettings) -> (Arc<PostgresStore>, String) {
    let store = Arc::new(PostgresStore::new(settings.clone()));
    let tls = match settings.sslmode {
        SslMode::Disable => "no TLS",
        SslMode::Allow | SslMode::Prefer => "TLS if offered",
        // libpq: require with a root file checks the CA, as verify-ca.
        SslMode::Require if settings.root_cert.as_ref().is_some_and(|p| p.exists()) => {
            "TLS, CA checked"
        }
        SslMode::Require => "TLS, certificate not checked",
        SslMode::VerifyCa => "TLS, CA checked",
        SslMode::VerifyFull => "TLS, CA and host checked",
    };
    (store, format!("PostgreSQL {} ({tls})", settings.display))
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn the_password_and_any_piece_of_six_characters_are_scrubbed() {
        let pw = Some("pgSECRETpassw0rd");
        assert_eq!(
            scrub(
                "you sent pgSECRETpassw0rd (starts pgSECRE) tail CRETpa".into(),
                pw
            ),
            "you sent <redacted> (starts <redacted>) tail <redacted>"
        );
        assert_eq!(
            scrub("pgSECR is 6, pgSEC is 5".into(), pw),
            "<redacted> is 6, pgSEC is 5"
        );
        assert_eq!(scrub("x pw1 y".into(), Some("pw1")), "x <redacted> y");
        assert_eq!(scrub("nothing".into(), None), "nothing");
    }
}
