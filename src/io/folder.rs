//! Adding a folder: every file under it that might be a text (hidden files
//! and folders, symbolic links and the project's own files left out), in
//! path order, with what was skipped and why. Reading them (and refusing
//! binaries) is the importers' work.

use std::path::{Path, PathBuf};

/// Most files taken from one folder.
pub const MAX_FILES: usize = 20_000;

/// What a folder holds for a project.
#[derive(Debug, Default)]
pub struct Listing {
    /// Files to import, sorted by path.
    pub files: Vec<PathBuf>,
    /// Files or folders left out, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// The files under `dir`. Symbolic links are not followed (a link loop
/// cannot trap the walk, and nothing outside the folder is read).
pub fn list(dir: &Path) -> std::io::Result<Listing> {
    let meta = std::fs::metadata(dir)?;
    if !meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("{} is not a folder", dir.display()),
        ));
    }
    let mut out = Listing::default();
    let walk = walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(|e| e.depth() == 0 || !hidden(e.file_name())) {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map_or_else(|| dir.to_owned(), Path::to_owned);
                out.skipped.push((path, format!("cannot be read ({err})")));
                continue;
            }
        };
        let t = e.file_type();
        if t.is_dir() {
            continue;
        }
        if t.is_symlink() {
            out.skipped.push((e.path().to_owned(), "a symbolic link (not followed)".into()));
            continue;
        }
        let name = e.file_name().to_string_lossy();
        if name.ends_with(".synoptic.ron")
            || name.ends_with(".synoptic.ron.recovery")
            || name.contains(".synoptic.ron.")
        {
            out.skipped.push((e.path().to_owned(), "a Synoptic project file".into()));
            continue;
        }
        if e.path().components().any(|c| c.as_os_str().to_string_lossy().ends_with(".sources")) {
            out.skipped.push((e.path().to_owned(), "a project's stored texts".into()));
            continue;
        }
        if out.files.len() >= MAX_FILES {
            out.skipped.push((e.path().to_owned(), format!("more than {MAX_FILES} files in the folder")));
            continue;
        }
        out.files.push(e.path().to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_links_and_project_files_are_left_out() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/c")).expect("dirs");
        std::fs::create_dir_all(d.join(".git")).expect("dirs");
        std::fs::create_dir_all(d.join("p.sources")).expect("dirs");
        for f in ["a.txt", "b/c/d.html", ".hidden.txt", ".git/config", "p.synoptic.ron", "p.sources/x.txt"] {
            std::fs::write(d.join(f), "text").expect("write");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d, d.join("b/loop")).expect("symlink");
            std::os::unix::fs::symlink(d.join("a.txt"), d.join("link.txt")).expect("symlink");
        }
        let l = list(d).expect("list");
        let names: Vec<String> =
            l.files.iter().map(|p| p.strip_prefix(d).expect("inside").to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(names, ["a.txt", "b/c/d.html"]);
        let why: Vec<&str> = l.skipped.iter().map(|(_, w)| w.as_str()).collect();
        assert!(why.contains(&"a Synoptic project file"), "{why:?}");
        assert!(why.contains(&"a project's stored texts"), "{why:?}");
        #[cfg(unix)]
        assert_eq!(why.iter().filter(|w| w.contains("symbolic link")).count(), 2, "{why:?}");
        assert!(list(&d.join("a.txt")).is_err(), "a file is not a folder");
    }

    #[test]
    fn ten_thousand_files_are_listed_in_path_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        for i in 0..10_000 {
            let p = dir.path().join(format!("d{:02}/{i:05}.txt", i % 50));
            if i < 50 {
                std::fs::create_dir(p.parent().expect("parent")).expect("mkdir");
            }
            std::fs::write(p, "t").expect("write");
        }
        let l = list(dir.path()).expect("list");
        assert_eq!(l.files.len(), 10_000);
        assert!(l.skipped.is_empty());
        assert!(l.files.windows(2).all(|w| w[0] < w[1]), "sorted by path");
    }
}
