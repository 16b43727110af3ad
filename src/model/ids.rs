//! Stable identifiers for everything a project holds.
//!
//! Ids are random UUIDs (v4), written as strings, so that two coders working
//! on copies of one project never mint the same id and a git merge of their
//! files keeps both sets of items.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh random id.
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }

            /// A fixed id, for tests, fixtures and generated data.
            pub const fn from_u128(v: u128) -> Self {
                Self(Uuid::from_u128(v))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// Identifies a document (source text) within a project.
    DocId
);
id_type!(
    /// Identifies a tag of the codebook.
    TagId
);
id_type!(
    /// Identifies an annotation (a tagged or noted passage).
    AnnotationId
);
id_type!(
    /// Identifies a project memo.
    MemoId
);
id_type!(
    /// Identifies a link between two annotations.
    LinkId
);
id_type!(
    /// Identifies a document set.
    SetId
);
id_type!(
    /// Identifies a choice the user made about the synopsis' rows.
    ChoiceId
);
