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
