//! Watching the files a project names (its sources and the project file)
//! for changes made by other programs: an editor saving a source, a sync
//! folder or `git pull` replacing the project. The folders holding them are
//! watched (one watch per folder, not recursive), since editors often save
//! by writing a new file and renaming it over the old one.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

use notify::{EventKind, RecursiveMode, Watcher as _};

/// A watcher over the folders of some files; reports those of the files
/// that changed (other files in the folders are left out, and do not wake).
pub struct Watcher {
    inner: notify::RecommendedWatcher,
    dirs: BTreeSet<PathBuf>,
    files: Arc<Mutex<HashSet<PathBuf>>>,
    rx: Receiver<PathBuf>,
}

impl Watcher {
    /// A watcher that calls `wake` whenever something changed (to wake a
    /// window that paints only on input).
    pub fn new(wake: impl Fn() + Send + 'static) -> notify::Result<Self> {
        let (tx, rx) = channel();
        let files: Arc<Mutex<HashSet<PathBuf>>> = Arc::default();
        let wanted = files.clone();
        let inner = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if matches!(event.kind, EventKind::Access(_)) {
                return;
            }
            let Ok(wanted) = wanted.lock() else { return };
            let mut any = false;
            for p in event.paths.into_iter().filter(|p| wanted.contains(p)) {
                any = true;
                let _ = tx.send(p);
            }
            if any {
                wake();
            }
        })?;
        Ok(Self { inner, dirs: BTreeSet::new(), files, rx })
    }

    /// Watch the folders of `files` (and stop watching folders none of them
    /// is in any more). A folder that cannot be watched is skipped.
    pub fn watch<'a>(&mut self, files: impl IntoIterator<Item = &'a Path>) {
        let files: HashSet<PathBuf> = files.into_iter().map(Path::to_owned).collect();
        let want: BTreeSet<PathBuf> = files
            .iter()
            .filter_map(|f| f.parent().map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d }))
            .map(Path::to_owned)
            .collect();
        for gone in self.dirs.difference(&want) {
            let _ = self.inner.unwatch(gone);
        }
        let mut now = BTreeSet::new();
        for d in want {
            if self.dirs.contains(&d) || self.inner.watch(&d, RecursiveMode::NonRecursive).is_ok() {
                now.insert(d);
            }
        }
        self.dirs = now;
        if let Ok(mut f) = self.files.lock() {
            *f = files;
        }
    }

    /// The paths changed since the last call (each once).
    pub fn changed(&self) -> BTreeSet<PathBuf> {
        self.rx.try_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_file_written_or_renamed_over_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "one").expect("write");
        let mut w = Watcher::new(|| {}).expect("watcher");
        w.watch([a.as_path()]);
        std::fs::write(&a, "two").expect("write");
        let tmp = dir.path().join("a.txt.new");
        std::fs::write(&tmp, "three").expect("write");
        std::fs::rename(&tmp, &a).expect("rename");
        let start = Instant::now();
        let mut seen = BTreeSet::new();
        while !seen.contains(&a) {
            assert!(start.elapsed() < Duration::from_secs(10), "no event for a.txt: {seen:?}");
            std::thread::sleep(Duration::from_millis(20));
            seen.extend(w.changed());
        }
        // Watching nothing stops the reports.
        w.watch(std::iter::empty());
        std::thread::sleep(Duration::from_millis(100));
        let _ = w.changed();
        std::fs::write(&a, "four").expect("write");
        std::thread::sleep(Duration::from_millis(300));
        assert!(!w.changed().contains(&a), "no longer watched");
    }
}
