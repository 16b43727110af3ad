//! `synoptic install-desktop`: the desktop entry and icon for this user.

use super::EXIT_OK;
use std::io::Write;

pub(super) fn install_desktop(out: &mut dyn Write) -> anyhow::Result<i32> {
    let data = crate::desktop::data_home().ok_or_else(|| anyhow::anyhow!("neither XDG_DATA_HOME nor HOME is set"))?;
    let exe = std::env::current_exe()?;
    crate::desktop::install(&data, &exe, out)?;
    writeln!(out, "Synoptic is in your applications menu; double-click a .synoptic.ron file to open it.")?;
    Ok(EXIT_OK)
}
