//! The user interface (egui). Panels read the project and return actions;
//! `App` applies them after the frame.

pub mod codebook;
pub mod compare;
pub mod dialogs;
pub mod documents;
pub mod export;
pub mod links;
pub mod matrix;
pub mod notes;
pub mod reader;
pub mod retrieve;
pub mod search;
pub mod sets;
pub mod shared;
pub mod theme;
pub mod writings;
