//! One window per project: a lock file beside the project
//! (`NAME.synoptic.ron.lock`, holding the process id and host name) tells
//! a second window that the project is open elsewhere, so it opens
//! read-only instead of two windows saving over each other. A lock left by
//! a process that is gone (a crash) is recognised and taken over.

use std::path::{Path, PathBuf};

/// Who holds a lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// Process id.
    pub pid: u32,
    /// Host name.
    pub host: String,
}

/// A held lock; dropping it removes the lock file (when it is still ours).
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    me: Holder,
}

/// The lock file of a project.
pub fn lock_path(project: &Path) -> PathBuf {
    let mut name = project.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".lock");
    project.with_file_name(name)
}

/// This process.
pub fn me() -> Holder {
    Holder { pid: std::process::id(), host: host_name() }
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this computer".to_owned())
}

/// Whether a process of this host is still running (Linux: `/proc/PID`,
/// and not a zombie: a killed window whose parent has not reaped it yet
/// holds nothing; elsewhere it is taken to be).
fn alive(pid: u32) -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // "PID (name) STATE …": the state follows the name's closing parenthesis.
        Ok(stat) => stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()) != Some("Z"),
        Err(_) => Path::new(&format!("/proc/{pid}")).exists(),
    }
}

fn read(path: &Path) -> Option<Holder> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut parts = text.split_whitespace();
    let pid = parts.next()?.parse().ok()?;
    let host = parts.collect::<Vec<_>>().join(" ");
    Some(Holder { pid, host })
}

impl Lock {
    /// Take the lock of `project`, unless another live process holds it
    /// (then `Err` names it). A stale lock is taken over. A lock that
    /// cannot be written (a read-only folder) is no reason to refuse: the
    /// project opens, unlocked.
    pub fn acquire(project: &Path) -> Result<Option<Lock>, Holder> {
        let path = lock_path(project);
        let me = me();
        if let Some(h) = read(&path)
            && h != me
            && (h.host != me.host || alive(h.pid))
        {
            return Err(h);
        }
        Ok(Self::write(path, me))
    }

    /// Take the lock whoever holds it (the user chose to edit here anyway).
    pub fn take_over(project: &Path) -> Option<Lock> {
        Self::write(lock_path(project), me())
    }

    fn write(path: PathBuf, me: Holder) -> Option<Lock> {
        std::fs::write(&path, format!("{} {}\n", me.pid, me.host)).ok()?;
        Some(Lock { path, me })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if read(&self.path).as_ref() == Some(&self.me) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_open_is_refused_and_stale_locks_are_taken_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = dir.path().join("p.synoptic.ron");
        let lock = Lock::acquire(&project).expect("free").expect("written");
        assert!(lock_path(&project).exists());
        // The same process opening again is not a second window of another.
        assert!(Lock::acquire(&project).is_ok());
        drop(lock);
        // Another live process on this host (pid 1 always runs on Linux).
        std::fs::write(lock_path(&project), format!("1 {}\n", me().host)).expect("write");
        if cfg!(target_os = "linux") {
            let held = Lock::acquire(&project).expect_err("held by pid 1");
            assert_eq!(held.pid, 1);
        }
        // Another host: held, whatever its pid.
        std::fs::write(lock_path(&project), "4242 elsewhere\n").expect("write");
        assert_eq!(Lock::acquire(&project).expect_err("held").host, "elsewhere");
        // A killed process its parent has not reaped yet (a zombie) holds nothing.
        if cfg!(target_os = "linux") {
            let mut child = std::process::Command::new("true").spawn().expect("spawn");
            let pid = child.id();
            // Wait for it to exit without reaping it.
            let stat = format!("/proc/{pid}/stat");
            let began = std::time::Instant::now();
            while std::fs::read_to_string(&stat).is_ok_and(|s| !s.contains(") Z")) {
                assert!(began.elapsed() < std::time::Duration::from_secs(10), "child never exited");
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            std::fs::write(lock_path(&project), format!("{pid} {}\n", me().host)).expect("write");
            let l = Lock::acquire(&project).expect("a zombie's lock is stale").expect("written");
            drop(l);
            child.wait().expect("reaped");
        }
        // A process that is gone: stale, taken over.
        if cfg!(target_os = "linux") {
            std::fs::write(lock_path(&project), format!("4000000000 {}\n", me().host)).expect("write");
            let l = Lock::acquire(&project).expect("stale lock taken over").expect("written");
            assert_eq!(read(&lock_path(&project)), Some(me()));
            drop(l);
            assert!(!lock_path(&project).exists(), "removed when dropped");
        }
    }
}
