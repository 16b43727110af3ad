//! Pure data and invariants: documents, codebook, annotations, memos, the
//! project, edits and undo history. Nothing here knows about the UI.

pub mod anchor;
pub mod annotation;
pub mod choice;
pub mod document;
pub mod edit;
pub mod history;
pub mod ids;
pub mod limits;
pub mod link;
pub mod offset;
pub mod project;
pub mod set;
pub mod tag;
pub mod text;

pub use anchor::{Anchor, AnchorStatus};
pub use annotation::{Annotation, Memo};
pub use choice::{ChoiceKind, Place, RowChoice};
pub use document::{Document, DocumentMeta, Origin};
pub use edit::{Edit, EditError};
pub use history::History;
pub use ids::{AnnotationId, ChoiceId, DocId, LinkId, MemoId, SetId, TagId};
pub use link::Link;
pub use offset::{ByteIdx, CharIdx, CharRange};
pub use project::{Layout, PaneState, Project};
pub use set::{DocSet, Scope};
pub use tag::{Codebook, Rgb, Tag};
pub use text::SourceText;
