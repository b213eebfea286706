//! Files only their owner can read: what mkt keeps under `.mkt/` and the cache directory holds
//! whole KV values, review rows and per-token state, so directories are made 0700 and files are
//! created 0600 — with that mode from the start (a file chmod'ed after creation is readable by
//! anyone for a moment).

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` and its missing parents as 0700.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// A directory of mkt's own (`.mkt/backups`, `.mkt/runs`, the cache directory): created as
/// 0700, and one this user made readable by others before (an older mkt) made private again.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let m = std::fs::metadata(dir)?;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if m.uid() == me && m.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Open options that create a file as 0600 (an existing file keeps its mode).
pub fn options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o
}

/// `File::create` with mode 0600 for a new file.
pub fn create(path: &Path) -> io::Result<File> {
    options().write(true).create(true).truncate(true).open(path)
}

/// `fs::write` with mode 0600 for a new file.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) -> io::Result<()> {
    use std::io::Write;
    create(path)?.write_all(bytes.as_ref())
}

/// `fs::copy` into a new 0600 file (the copy does not take the source's mode).
pub fn copy(from: &Path, to: &Path) -> io::Result<u64> {
    let mut src = File::open(from)?;
    let mut dst = options().write(true).create_new(true).open(to)?;
    let n = io::copy(&mut src, &mut dst)?;
    dst.sync_all()?;
    Ok(n)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_the_owners_only() {
        let base = std::env::temp_dir().join(format!("mkt-owner-only-{}", std::process::id()));
        let dir = base.join("a/b");
        create_dir_all(&dir).unwrap();
        assert_eq!(mode(&base.join("a")), 0o700);
        assert_eq!(mode(&dir), 0o700);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&dir).unwrap();
        assert_eq!(
            mode(&dir),
            0o700,
            "an older, open directory is made private"
        );
        write(&dir.join("f"), "x").unwrap();
        assert_eq!(mode(&dir.join("f")), 0o600);
        copy(&dir.join("f"), &dir.join("g")).unwrap();
        assert_eq!(mode(&dir.join("g")), 0o600);
        let _ = std::fs::remove_dir_all(base);
    }
}
