//! `synoptic install-desktop`: register the app with a freedesktop.org
//! desktop (menu entry, icon, and the `*.synoptic.ron` file type) for the
//! current user, under `~/.local/share`.

use std::io::Write;
use std::path::{Path, PathBuf};

const DESKTOP: &str = include_str!("../assets/synoptic.desktop");
const MIME: &str = include_str!("../assets/synoptic-mime.xml");
const ICON: &[u8] = include_bytes!("../assets/synoptic.png");

/// Where the files go (normally `$XDG_DATA_HOME` or `~/.local/share`).
pub fn data_home() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
}

/// Install the desktop entry (pointing at `exe`), icon and MIME type under
/// `data`. Returns the files written.
pub fn install(data: &Path, exe: &Path, out: &mut dyn Write) -> std::io::Result<Vec<PathBuf>> {
    let files = [
        (data.join("applications/synoptic.desktop"), desktop_entry(exe).into_bytes()),
        (data.join("mime/packages/synoptic.xml"), MIME.as_bytes().to_vec()),
        (data.join("icons/hicolor/256x256/apps/synoptic.png"), ICON.to_vec()),
    ];
    let mut written = Vec::new();
    for (path, bytes) in files {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::io::atomic::write_atomic(&path, |w| w.write_all(&bytes))?;
        writeln!(out, "wrote {}", path.display())?;
        written.push(path);
    }
    // Refresh the desktop's caches when the tools are there; without them
    // the desktop picks the files up at next login.
    for (tool, arg) in
        [("update-mime-database", data.join("mime")), ("update-desktop-database", data.join("applications"))]
    {
        match std::process::Command::new(tool).arg(&arg).status() {
            Ok(s) if s.success() => writeln!(out, "ran {tool}")?,
            _ => writeln!(out, "note: {tool} not available; the desktop will notice the new files at next login")?,
        }
    }
    Ok(written)
}

/// The desktop entry with `Exec` pointing at this executable.
fn desktop_entry(exe: &Path) -> String {
    let exe = exe.to_string_lossy();
    let quoted = if exe.contains(' ') { format!("\"{exe}\"") } else { exe.into_owned() };
    DESKTOP.replace("Exec=synoptic %F", &format!("Exec={quoted} %F"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_entry_icon_and_mime_type() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut out = Vec::new();
        let files = install(dir.path(), Path::new("/opt/syn optic/synoptic"), &mut out).expect("install");
        assert_eq!(files.len(), 3, "three files");
        let entry = std::fs::read_to_string(dir.path().join("applications/synoptic.desktop")).expect("entry");
        assert!(entry.contains("Exec=\"/opt/syn optic/synoptic\" %F"), "exec points at the binary: {entry}");
        assert!(entry.contains("MimeType=application/x-synoptic-project;"), "opens project files");
        let mime = std::fs::read_to_string(dir.path().join("mime/packages/synoptic.xml")).expect("mime");
        assert!(mime.contains("*.synoptic.ron"), "glob");
        let icon = std::fs::read(dir.path().join("icons/hicolor/256x256/apps/synoptic.png")).expect("icon");
        assert!(icon.starts_with(b"\x89PNG"), "icon is a PNG");
    }
}
