//! Synoptic: comparative reading and note-taking.
//!
//! - [`model`]: documents, codebook, annotations, edits and undo (pure data);
//! - [`analysis`]: algorithms on texts, such as re-anchoring;
//! - [`io`]: source import, the project file, atomic saves;
//! - [`cli`]: the headless command line.

pub mod analysis;
#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
#[cfg(feature = "gui")]
pub mod command;
pub mod crashtest;
pub mod desktop;
pub mod io;
pub mod model;
#[cfg(feature = "gui")]
pub mod ui;
