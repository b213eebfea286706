//! A PostgreSQL stand-in on loopback that speaks just enough of the protocol to learn whether a
//! client would hand over its password: the SSLRequest (answered `S`, then TLS through rustls
//! with a chosen certificate), the startup message, a cleartext-password request, and then an
//! authentication error that echoes what it was sent (so tests can check it is scrubbed).
//! Test certificates are made with the `openssl` command line.
#![allow(dead_code)]

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What one connection did, as the stand-in saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    /// The client asked for TLS; the handshake then completed (true) or was aborted (false).
    Tls(bool),
    /// A startup message arrived without TLS.
    Plain,
    /// A password arrived.
    Password(String),
}

/// Certificates for the stand-in and for clients to trust (or not).
pub struct Certs {
    pub dir: tempfile::TempDir,
}

impl Certs {
    /// A CA, another CA nobody should trust, a server certificate from the CA for localhost and
    /// 127.0.0.1, and one from the CA for another host name only. `None` without `openssl`.
    pub fn make() -> Option<Certs> {
        let dir = tempfile::tempdir().ok()?;
        let d = dir.path();
        std::fs::write(
            d.join("localhost.cnf"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
        )
        .ok()?;
        std::fs::write(
            d.join("other-host.cnf"),
            "subjectAltName=DNS:db.other.example\n",
        )
        .ok()?;
        let openssl = |args: &str| {
            Command::new("openssl")
                .args(args.split_whitespace())
                .current_dir(d)
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false)
        };
        let ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        let ok = openssl(&format!(
            "req -x509 {ec} -days 2 -subj /CN=mkt-test-ca -keyout ca.key -out ca.crt"
        )) && openssl(&format!(
            "req -x509 {ec} -days 2 -subj /CN=mkt-other-ca -keyout other-ca.key -out other-ca.crt"
        )) && ["localhost", "other-host"].iter().all(|name| {
            openssl(&format!(
                "req {ec} -subj /CN={name} -keyout {name}.key -out {name}.csr"
            )) && openssl(&format!(
                "x509 -req -in {name}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out {name}.crt -extfile {name}.cnf"
            ))
        });
        if !ok {
            assert!(
                std::env::var_os("CI").is_none(),
                "openssl could not make the test certificates (apt-get install openssl)"
            );
            return None;
        }
        Some(Certs { dir })
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub struct StandIn {
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// The peers accepted so far, and how many connections are still being served: what the
    /// client did is recorded once its connection is accepted and served to the end.
    accepted: Arc<Mutex<(HashSet<SocketAddr>, usize)>>,
}

impl StandIn {
    /// Listens on 127.0.0.1 with `name.crt`/`name.key` of `certs` as its certificate.
    pub fn start(certs: &Certs, name: &str) -> StandIn {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let chain: Vec<CertificateDer<'static>> =
            CertificateDer::pem_file_iter(certs.path(&format!("{name}.crt")))
                .unwrap()
                .map(Result::unwrap)
                .collect();
        let key = PrivateKeyDer::from_pem_file(certs.path(&format!("{name}.key"))).unwrap();
        let config = Arc::new(
            rustls::ServerConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let accepted = Arc::new(Mutex::new((HashSet::new(), 0usize)));
        let book = accepted.clone();
        std::thread::spawn(move || {
            for (stream, peer) in std::iter::from_fn(|| Some(listener.accept())).flatten() {
                book.lock().unwrap().0.insert(peer);
                book.lock().unwrap().1 += 1;
                let (config, log, book) = (config.clone(), log.clone(), book.clone());
                std::thread::spawn(move || {
                    serve(stream, config, log);
                    book.lock().unwrap().1 -= 1;
                });
            }
        });
        StandIn {
            port,
            seen,
            accepted,
        }
    }

    /// What the connections so far did, in order; clears the record. Connections are accepted
    /// in the order they arrived, so once a last one of its own is accepted every earlier one
    /// is too; then it waits for them to be served to the end (a client that went away has its
    /// connection recorded, not lost to a race with the test).
    pub fn take(&self) -> Vec<Seen> {
        let marker = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let me = marker.local_addr().unwrap();
        drop(marker);
        for _ in 0..3000 {
            let (peers, busy) = &*self.accepted.lock().unwrap();
            if peers.contains(&me) && *busy == 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        std::mem::take(&mut *self.seen.lock().unwrap())
    }

    /// The passwords that arrived so far (clears the record).
    pub fn passwords(&self) -> Vec<String> {
        self.take()
            .into_iter()
            .filter_map(|s| match s {
                Seen::Password(p) => Some(p),
                _ => None,
            })
            .collect()
    }
}

fn read_exact(s: &mut impl Read, n: usize) -> Option<Vec<u8>> {
    let mut buf = vec![0; n];
    s.read_exact(&mut buf).ok()?;
    Some(buf)
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// A length-prefixed message without a type byte (SSLRequest, StartupMessage): its code and body.
fn untyped(s: &mut impl Read) -> Option<(u32, Vec<u8>)> {
    let len = be32(&read_exact(s, 4)?) as usize;
    if !(8..=10_000).contains(&len) {
        return None;
    }
    let rest = read_exact(s, len - 4)?;
    Some((be32(&rest[..4]), rest[4..].to_vec()))
}

fn serve(mut tcp: TcpStream, config: Arc<rustls::ServerConfig>, log: Arc<Mutex<Vec<Seen>>>) {
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
    let Some((code, _)) = untyped(&mut tcp) else {
        return;
    };
    const SSL_REQUEST: u32 = 80877103;
    const PROTOCOL_3: u32 = 196608;
    if code == PROTOCOL_3 {
        log.lock().unwrap().push(Seen::Plain);
        return authenticate(&mut tcp, log);
    }
    if code != SSL_REQUEST || tcp.write_all(b"S").is_err() {
        return;
    }
    let conn = rustls::ServerConnection::new(config).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    // The handshake completes on the first read; a client that rejects the certificate aborts it.
    let Some((code, _)) = untyped(&mut tls) else {
        log.lock().unwrap().push(Seen::Tls(false));
        return;
    };
    log.lock().unwrap().push(Seen::Tls(true));
    if code == PROTOCOL_3 {
        authenticate(&mut tls, log);
    }
}

/// After the startup message: asks for the password in clear text, records it, and refuses the
/// login with a message that echoes it.
fn authenticate(s: &mut (impl Read + Write), log: Arc<Mutex<Vec<Seen>>>) {
    // AuthenticationCleartextPassword.
    let mut msg = vec![b'R'];
    msg.extend(8u32.to_be_bytes());
    msg.extend(3u32.to_be_bytes());
    if s.write_all(&msg).and_then(|_| s.flush()).is_err() {
        return;
    }
    let Some(head) = read_exact(s, 5) else {
        return;
    };
    if head[0] != b'p' {
        return;
    }
    let Some(body) = read_exact(s, be32(&head[1..]) as usize - 4) else {
        return;
    };
    let password = String::from_utf8_lossy(body.strip_suffix(&[0]).unwrap_or(&body)).into_owned();
    log.lock().unwrap().push(Seen::Password(password.clone()));
    let mut fields = Vec::new();
    for (tag, value) in [
        (b'S', "FATAL".to_string()),
        (b'V', "FATAL".to_string()),
        (b'C', "28P01".to_string()),
        (
            b'M',
            format!(
                "password authentication failed: you sent \"{password}\" (starts {})",
                &password[..password.len().min(8)]
            ),
        ),
    ] {
        fields.push(tag);
        fields.extend(value.as_bytes());
        fields.push(0);
    }
    fields.push(0);
    let mut msg = vec![b'E'];
    msg.extend((fields.len() as u32 + 4).to_be_bytes());
    msg.extend(fields);
    let _ = s.write_all(&msg).and_then(|_| s.flush());
}

/// Writes `text` to `path`, making its directory.
pub fn put(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}
