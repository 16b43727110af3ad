//! Limits on what a project may hold. A file beyond one (crafted, or
//! damaged) is refused with a message naming the limit, rather than
//! freezing the window or exhausting memory; the app never creates such a
//! project itself.

/// Deepest tag nesting: a tag at most this many levels below the top.
pub const MAX_TAG_DEPTH: usize = 100;

/// Longest note, memo, tag description or document note, in bytes of
/// UTF-8 (8 MiB: a few thousand pages).
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// Largest project file read, in bytes (1 GiB: well over a million
/// annotations).
pub const MAX_PROJECT_BYTES: u64 = 1024 * 1024 * 1024;

/// A size in bytes as every message shows it: in units of 1024, named KB,
/// MB, GB as most people know them ("812 bytes", "812 KB", "300 MB",
/// "1.5 GB"). Under ten units one decimal is shown (none when it is 0);
/// from ten up, whole units.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KB", "MB", "GB", "TB", "PB", "EB"];
    if bytes < 1024 {
        return if bytes == 1 { "1 byte".to_owned() } else { format!("{bytes} bytes") };
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    // 1023.7 KB would round to "1024 KB": that is 1 MB.
    while value.round() >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let shown = if value < 9.95 { format!("{value:.1}") } else { format!("{value:.0}") };
    let shown = shown.strip_suffix(".0").unwrap_or(&shown);
    format!("{shown} {}", UNITS[unit])
}

/// A size over a limit, for messages: "300 MB, over the limit of 256 MB";
/// only "over the limit of 256 MB" when the two would read the same.
pub fn human_over(size: u64, limit: u64) -> String {
    let (s, l) = (human_size(size), human_size(limit));
    if s == l { format!("over the limit of {l}") } else { format!("{s}, over the limit of {l}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_one_unit_convention() {
        const KB: u64 = 1024;
        const MB: u64 = 1024 * KB;
        const GB: u64 = 1024 * MB;
        for (bytes, shown) in [
            (0, "0 bytes"),
            (1, "1 byte"),
            (812, "812 bytes"),
            (1023, "1023 bytes"),
            (KB, "1 KB"),
            (KB + KB / 2, "1.5 KB"),
            (812 * KB, "812 KB"),
            (MB - 1, "1 MB"),
            (8 * MB, "8 MB"),
            (300 * MB, "300 MB"),
            (314_572_984, "300 MB"),
            (GB + GB / 2, "1.5 GB"),
            (GB, "1 GB"),
            (99 * MB + MB / 2, "100 MB"),
            (u64::MAX, "16 EB"),
        ] {
            assert_eq!(human_size(bytes), shown, "{bytes} bytes");
        }
        assert_eq!(human_over(314_572_984, 256 * MB), "300 MB, over the limit of 256 MB");
        assert_eq!(human_over(256 * MB + 10, 256 * MB), "over the limit of 256 MB", "not \"256 MB, over 256 MB\"");
    }

    #[test]
    fn limit_messages_give_sizes_in_that_convention() {
        let note = crate::model::EditError::TooLong("the note".into(), 9 * 1024 * 1024).to_string();
        assert_eq!(note, "the note is too long for Synoptic: 9 MB, over the limit of 8 MB");
    }
}
