//! PostgreSQL TLS exactly as libpq (issue 20, items 3 and 5): each `sslmode` × root-file case
//! against a TLS stand-in that records whether the password arrived. A root file that is
//! missing (under verify-ca/verify-full), unreadable or holds no certificate refuses before
//! anything is sent; `require` with a root file checks the CA; `verify-ca` does not check the host
//! name; a `~/.pgpass` others can read is ignored with a warning; the server's error text never
//! carries the password back to the screen.

use crate::support::pg_tls::{put, Certs, Seen, StandIn};
use crate::support::{stderr_of, stdout_of, Sandbox};

const SECRET: &str = "pgSECRETpassw0rd-xyz";

/// How a case ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Refused before connecting (exit 2): the root file cannot be used.
    Refused,
    /// The TLS handshake was aborted by mkt: the certificate did not check out (exit 4).
    Rejected,
    /// The password went to the server (which then refused the login: exit 4).
    Sent,
}
use Outcome::*;

/// A sandbox with a local store (`db schema` reads the durable table beside it).
fn seeded() -> Sandbox {
    let sb = Sandbox::new();
    let out = sb.run(["-q", "seed", "--skills", "1", "--reviews", "0"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    sb
}

fn run(sb: &Sandbox, url: &str, extra: &[(&str, &str)]) -> std::process::Output {
    sb.mkt()
        .env("MKT_DURABLE_URL", url)
        .env("PGPASSWORD", SECRET)
        .envs(extra.iter().copied())
        .args(["db", "schema", "--json"])
        .output()
        .unwrap()
}

fn check(case: &str, out: &std::process::Output, server: &StandIn, want: Outcome) {
    let err = stderr_of(out);
    let seen = server.take();
    let sent = seen.iter().any(|s| matches!(s, Seen::Password(_)));
    assert_eq!(
        sent,
        want == Sent,
        "{case}: password sent? seen {seen:?}; {err}"
    );
    let code = out.status.code();
    match want {
        Refused => {
            assert_eq!(code, Some(2), "{case}: {err}");
            assert!(
                seen.is_empty(),
                "{case}: refused before connecting: {seen:?}"
            );
            assert!(err.contains("root certificate"), "{case}: {err}");
        }
        Rejected => {
            assert_eq!(code, Some(4), "{case}: {err}");
            assert_eq!(seen, [Seen::Tls(false)], "{case}");
            assert!(err.contains("certificate"), "{case}: {err}");
        }
        Sent => {
            assert_eq!(code, Some(4), "{case}: {err}");
            assert!(err.contains("rejected the login"), "{case}: {err}");
        }
    }
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{case}: one error line: {err}"
    );
    // The stand-in echoes the password (whole and its first 8 characters): never shown.
    let all = format!("{}{err}", stdout_of(out));
    assert!(
        !all.contains(&SECRET[..6]),
        "{case}: the password leaked: {all}"
    );
}

#[test]
fn every_sslmode_and_root_file_case_sends_the_password_only_as_libpq_would() {
    let Some(certs) = Certs::make() else { return };
    let good = StandIn::start(&certs, "localhost");
    let other_host = StandIn::start(&certs, "other-host");
    let ca = certs.path("ca.crt").display().to_string();
    let other_ca = certs.path("other-ca.crt").display().to_string();
    let sb = seeded();
    let home = sb.path().join("home");
    let default_root = home.join(".postgresql/root.crt");
    let empty = sb.write("certs/empty.crt", "");
    let garbage = sb.write(
        "certs/garbage.crt",
        "-----BEGIN PRIVATE KEY-----\nnot a certificate\n-----END PRIVATE KEY-----\n",
    );
    std::fs::create_dir_all(sb.path().join("certs/a-directory.crt")).unwrap();
    let missing = sb.path().join("certs/missing.crt").display().to_string();
    let unreadable = sb
        .path()
        .join("certs/a-directory.crt")
        .display()
        .to_string();
    let (empty, garbage) = (empty.display().to_string(), garbage.display().to_string());

    // (case, server, sslrootcert, default root file, [require, verify-ca, verify-full])
    let cases: Vec<(&str, &StandIn, Option<&str>, Option<&str>, [Outcome; 3])> = vec![
        ("no root file", &good, None, None, [Sent, Refused, Refused]),
        (
            "default root file, right CA",
            &good,
            None,
            Some(&ca),
            [Sent, Sent, Sent],
        ),
        (
            "default root file, wrong CA",
            &good,
            None,
            Some(&other_ca),
            [Rejected; 3],
        ),
        (
            "named file missing",
            &good,
            Some(&missing),
            None,
            [Sent, Refused, Refused],
        ),
        (
            "named file unreadable",
            &good,
            Some(&unreadable),
            None,
            [Refused; 3],
        ),
        ("named file empty", &good, Some(&empty), None, [Refused; 3]),
        (
            "named file without a certificate",
            &good,
            Some(&garbage),
            None,
            [Refused; 3],
        ),
        ("named right CA", &good, Some(&ca), None, [Sent; 3]),
        (
            "named wrong CA",
            &good,
            Some(&other_ca),
            None,
            [Rejected; 3],
        ),
        // The right CA, a certificate for another host name: only verify-full checks names.
        (
            "certificate for another host",
            &other_host,
            Some(&ca),
            None,
            [Sent, Sent, Rejected],
        ),
        // A named file replaces the default one: the default's wrong CA plays no part.
        (
            "named file missing beside a wrong default",
            &good,
            Some(&missing),
            Some(&other_ca),
            [Sent, Refused, Refused],
        ),
    ];
    for (case, server, named, default, outcomes) in cases {
        let _ = std::fs::remove_file(&default_root);
        if let Some(pem) = default {
            put(&default_root, &std::fs::read_to_string(pem).unwrap());
        }
        for (mode, want) in ["require", "verify-ca", "verify-full"]
            .into_iter()
            .zip(outcomes)
        {
            let mut url = format!(
                "postgres://mkt@localhost:{}/marketplace?sslmode={mode}",
                server.port
            );
            if let Some(p) = named {
                url.push_str(&format!("&sslrootcert={p}"));
            }
            let out = run(&sb, &url, &[]);
            check(&format!("{case}, {mode}"), &out, server, want);
        }
    }
    let _ = std::fs::remove_file(&default_root);

    // PGSSLROOTCERT names the file as sslrootcert does; PGSSLMODE the mode.
    let url = format!("postgres://mkt@localhost:{}/marketplace", good.port);
    let out = run(
        &sb,
        &url,
        &[("PGSSLMODE", "verify-ca"), ("PGSSLROOTCERT", &other_ca)],
    );
    check("PGSSLROOTCERT wrong CA", &out, &good, Rejected);
    let out = run(
        &sb,
        &url,
        &[("PGSSLMODE", "require"), ("PGSSLROOTCERT", &empty)],
    );
    check("PGSSLROOTCERT empty", &out, &good, Refused);

    // prefer encrypts when offered and checks nothing (libpq's check there would fall back to
    // plain text on failure); disable never starts TLS.
    let out = run(
        &sb,
        &format!("{url}?sslmode=prefer&sslrootcert={other_ca}"),
        &[],
    );
    check("prefer, wrong CA", &out, &good, Sent);
    let out = run(&sb, &format!("{url}?sslmode=disable"), &[]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    assert_eq!(good.take()[0], Seen::Plain);

    // sslrootcert=system: the public roots, and only with the host name checked.
    for mode in ["require", "verify-ca"] {
        let out = run(
            &sb,
            &format!("{url}?sslmode={mode}&sslrootcert=system"),
            &[],
        );
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "system + {mode}: {err}");
        assert!(err.contains("use sslmode=verify-full"), "{err}");
        assert!(good.take().is_empty());
    }
    // Its default is verify-full; the test CA is not a public root.
    let out = run(&sb, &format!("{url}?sslrootcert=system"), &[]);
    check("system roots", &out, &good, Rejected);
}

#[test]
fn a_pgpass_others_can_read_is_ignored_with_a_warning_as_libpq_does() {
    let Some(certs) = Certs::make() else { return };
    let server = StandIn::start(&certs, "localhost");
    let sb = seeded();
    let pgpass = sb.path().join("home/.pgpass");
    put(
        &pgpass,
        &format!("localhost:{}:marketplace:mkt:{SECRET}\n", server.port),
    );
    let url = format!(
        "postgres://mkt@localhost:{}/marketplace?sslmode=require",
        server.port
    );
    let run = |sb: &Sandbox| {
        sb.mkt()
            .env("MKT_DURABLE_URL", &url)
            .args(["db", "schema"])
            .output()
            .unwrap()
    };
    use std::os::unix::fs::PermissionsExt;
    for mode in [0o644, 0o640, 0o604, 0o660] {
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(mode)).unwrap();
        let out = run(&sb);
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(4), "{mode:o}: {err}");
        assert!(
            server.passwords().is_empty(),
            "{mode:o}: the password was used"
        );
        let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
        assert_eq!(warnings.len(), 1, "{err}");
        assert!(
            warnings[0].contains(&format!("password file {}", pgpass.display()))
                && warnings[0].contains("group or world access")
                && warnings[0].contains("chmod 0600"),
            "{err}"
        );
        assert!(!err.contains(&SECRET[..6]), "{err}");
    }
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run(&sb);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(!err.contains("warning:"), "{err}");
    assert_eq!(server.passwords(), [SECRET], "a private file is used");
    assert!(err.contains("rejected the login"), "{err}");
    assert!(
        !err.contains(&SECRET[..6]),
        "the echoed password is scrubbed: {err}"
    );
}
