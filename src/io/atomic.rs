//! Atomic file replacement with rotating backups.
//!
//! The new content goes to a temporary file in the target's folder, is
//! flushed to disk, and is then renamed over the target; finally the folder
//! itself is flushed so the rename survives a power cut. Until the rename the
//! old file is untouched, so a failure at any step leaves it as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Name of the backup folder created beside a project file.
pub const BACKUP_DIR: &str = ".synoptic-backups";

/// Backups kept per project file.
pub const BACKUPS_KEPT: usize = 5;

/// Replace `path` atomically with what `write` produces. On error the
/// previous file (if any) is unchanged and no temporary file is left behind.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = parent_dir(path);
    faults::check(faults::Step::Open, path)?;
    let mut tmp = tempfile::Builder::new().prefix(".synoptic-save-").suffix(".tmp").tempfile_in(dir)?;
    keep_permissions(path, tmp.as_file())?;
    {
        let mut buf = std::io::BufWriter::new(EarlySync { file: tmp.as_file_mut(), unsynced: 0 });
        faults::check(faults::Step::Write, path)?;
        write(&mut buf)?;
        buf.flush()?;
    }
    faults::check(faults::Step::Fsync, path)?;
    tmp.as_file().sync_all()?;
    faults::check(faults::Step::Rename, path)?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir, path)
}

/// Bytes written before they are flushed to disk on the way (see
/// [`EarlySync`]).
const SYNC_EVERY: usize = 64 << 20;

/// A file that is flushed to disk every [`SYNC_EVERY`] bytes as it is
/// written, so that the flush at the end of a big save has little left to
/// do: the disk works while the rest is being formatted (a 600 MB project
/// took 1.4 s to flush at the end).
struct EarlySync<'a> {
    file: &'a mut std::fs::File,
    unsynced: usize,
}

impl Write for EarlySync<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n;
        if self.unsynced >= SYNC_EVERY {
            self.unsynced = 0;
            self.file.sync_data()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// One seam for storage faults: every step of [`write_atomic`] asks here
/// first, so tests can make any of them fail as a full disk, an I/O error,
/// a refused permission or a read-only file system would (running as root,
/// the tests cannot get those from the file system itself). Nothing is
/// injected unless a test asks.
pub mod faults {
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    /// A step of an atomic write.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Step {
        /// Creating the temporary file.
        Open,
        /// Writing the content.
        Write,
        /// Flushing the file to disk.
        Fsync,
        /// Renaming it over the target.
        Rename,
        /// Flushing the folder (the rename has happened).
        DirSync,
    }

    /// Every step, in order.
    pub const STEPS: [Step; 5] = [Step::Open, Step::Write, Step::Fsync, Step::Rename, Step::DirSync];

    struct Fault {
        step: Step,
        errno: i32,
        target: Option<PathBuf>,
    }

    static FAULTS: Mutex<Vec<Fault>> = Mutex::new(Vec::new());

    /// Make `step` fail with OS error `errno` for writes to `target` (or to
    /// any file), until cleared.
    pub fn inject(step: Step, errno: i32, target: Option<&Path>) {
        if let Ok(mut f) = FAULTS.lock() {
            f.push(Fault { step, errno, target: target.map(Path::to_owned) });
        }
    }

    /// Remove the faults injected for `target` (`None`: those for any file).
    pub fn clear(target: Option<&Path>) {
        if let Ok(mut f) = FAULTS.lock() {
            f.retain(|x| x.target.as_deref() != target);
        }
    }

    pub(super) fn check(step: Step, path: &Path) -> std::io::Result<()> {
        let Ok(f) = FAULTS.lock() else { return Ok(()) };
        match f.iter().find(|x| x.step == step && x.target.as_deref().is_none_or(|t| t == path)) {
            Some(x) => Err(std::io::Error::from_raw_os_error(x.errno)),
            None => Ok(()),
        }
    }
}

/// Remove temporary files that a save killed half-way left in `dir` (older
/// than `min_age`, so a save under way in another window is never touched).
/// Returns how many were removed.
pub fn remove_stale_temps(dir: &Path, min_age: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let now = std::time::SystemTime::now();
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(".synoptic-save-") && name.ends_with(".tmp")
        })
        .filter(|e| {
            e.metadata().and_then(|m| m.modified()).is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age >= min_age))
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Keep the current `path` (if it exists) in the backup folder beside it
/// (hard-linked, else copied), keeping the newest [`BACKUPS_KEPT`]. Returns
/// the backup's path.
pub fn backup(path: &Path) -> std::io::Result<Option<PathBuf>> {
    if !path.exists() {
        return Ok(None);
    }
    let dir = parent_dir(path).join(BACKUP_DIR);
    std::fs::create_dir_all(&dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Sortable timestamp, then a counter in case two saves share a millisecond.
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let mut n = 0;
    let mut target = dir.join(format!("{name}.{stamp}-{n:03}.bak"));
    while target.exists() {
        n += 1;
        target = dir.join(format!("{name}.{stamp}-{n:03}.bak"));
    }
    // A hard link costs nothing however large the project (a copy of a
    // 585 MiB project took 2.3 s), and is safe: every save replaces the
    // project by renaming a new file over it, so the linked file is never
    // written again. Where links cannot be made (some file systems), a copy.
    if std::fs::hard_link(path, &target).is_err() {
        let bytes = std::fs::read(path)?;
        write_atomic(&target, |w| w.write_all(&bytes))?;
    }
    prune_backups(&dir, &name)?;
    Ok(Some(target))
}

/// Backups of the file called `name`, oldest first.
pub fn list_backups(dir: &Path, name: &str) -> std::io::Result<Vec<PathBuf>> {
    let prefix = format!("{name}.");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(&prefix)
                    && n.to_ascii_lowercase().ends_with(".bak")
                    && n[prefix.len()..].starts_with(|c: char| c.is_ascii_digit())
            })
        })
        .collect();
    v.sort();
    Ok(v)
}

fn prune_backups(dir: &Path, name: &str) -> std::io::Result<()> {
    let all = list_backups(dir, name)?;
    for old in &all[..all.len().saturating_sub(BACKUPS_KEPT)] {
        std::fs::remove_file(old)?;
    }
    Ok(())
}

/// Give the new file the permissions of the one it replaces (temporary files
/// are private, 0600; a shared project must not become unreadable to the
/// group after a save). A new file gets the usual 0644.
fn keep_permissions(path: &Path, file: &std::fs::File) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(m) => file.set_permissions(m.permissions()),
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                file.set_permissions(std::fs::Permissions::from_mode(0o644))
            }
            #[cfg(not(unix))]
            {
                Ok(())
            }
        }
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Flush a folder's entries to disk, so that the rename survives a power
/// cut. Where folders cannot be opened (Windows) or flushed there is
/// nothing to do; a flush that fails is reported: the new file is in place,
/// but may not be on disk yet.
fn sync_dir(dir: &Path, target: &Path) -> std::io::Result<()> {
    faults::check(faults::Step::DirSync, target)?;
    let Ok(f) = std::fs::File::open(dir) else { return Ok(()) };
    match f.sync_all() {
        // Some file systems (network shares) cannot flush a folder at all.
        Err(e) if matches!(e.kind(), std::io::ErrorKind::InvalidInput | std::io::ErrorKind::Unsupported) => Ok(()),
        r => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_old_file_and_no_litter() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("p.synoptic.ron");
        std::fs::write(&p, "old").expect("write");
        let err = write_atomic(&p, |w| {
            w.write_all(b"half of the new")?;
            Err(std::io::Error::other("disk full"))
        })
        .expect_err("injected failure");
        assert_eq!(err.to_string(), "disk full", "error passed through");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "old", "old file intact");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_survive_a_save() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("p.synoptic.ron");
        write_atomic(&p, |w| w.write_all(b"new")).expect("save");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&p), 0o644, "a new file is readable by others");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&p, |w| w.write_all(b"newer")).expect("save");
        assert_eq!(mode(&p), 0o640, "the old file's mode is kept");
    }

    #[test]
    fn missing_folder_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("no/such/folder/p.ron");
        assert!(write_atomic(&p, |w| w.write_all(b"x")).is_err(), "cannot save into a missing folder");
    }

    #[test]
    fn backups_rotate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("p.synoptic.ron");
        assert!(backup(&p).expect("no file yet").is_none(), "nothing to back up");
        for i in 0..8 {
            write_atomic(&p, |w| write!(w, "v{i}")).expect("save");
            backup(&p).expect("backup");
        }
        let kept = list_backups(&dir.path().join(BACKUP_DIR), "p.synoptic.ron").expect("list");
        assert_eq!(kept.len(), BACKUPS_KEPT, "rotated: {kept:?}");
        let newest = std::fs::read_to_string(kept.last().expect("one")).expect("read");
        assert_eq!(newest, "v7", "newest backup is the last version");
        let oldest = std::fs::read_to_string(&kept[0]).expect("read");
        assert_eq!(oldest, "v3", "oldest kept");
    }

    #[test]
    fn stale_temporary_files_are_removed_fresh_ones_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = dir.path().join(".synoptic-save-abc.tmp");
        let fresh = dir.path().join(".synoptic-save-def.tmp");
        let other = dir.path().join("notes.tmp");
        for p in [&old, &fresh, &other] {
            std::fs::write(p, "half").expect("write");
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_hours(1);
        std::fs::File::options().write(true).open(&old).expect("open").set_modified(hour_ago).expect("mtime");
        std::fs::File::options().write(true).open(&other).expect("open").set_modified(hour_ago).expect("mtime");
        assert_eq!(remove_stale_temps(dir.path(), std::time::Duration::from_mins(1)), 1);
        assert!(!old.exists() && fresh.exists() && other.exists(), "only old save leftovers go");
    }
}
