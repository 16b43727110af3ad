//! Files: reading sources, the project file, atomic saves. No UI here.

pub mod atomic;
pub mod export;
pub mod fetch;
pub mod folder;
pub mod import;
pub mod lock;
pub mod metadata_csv;
pub mod progress;
pub mod project_file;
mod ron_in;
mod ron_out;
pub mod snapshot;
pub mod watch;
pub mod workspace;
