//! Keeping what is derived from the documents' texts in step with them.
//!
//! Shared passages (and any later view computed from the texts as a whole)
//! are made for one set of texts. This is the one place that notices when
//! that set changes — a document added, removed (or brought back by undo),
//! read again after a change on disk, located, or re-imported — and drops
//! or recomputes what was made for the old set. Retrieval, the matrix, the
//! notes list and search are keyed by the project generation already, and
//! every change of a text bumps it.

use std::hash::{Hash, Hasher};

use super::{App, DocText};
use crate::model::DocId;

/// The texts the derived views were made from, checked once per change of
/// the project generation (not every frame).
#[derive(Default)]
pub(super) struct CorpusWatch {
    /// Generation last looked at.
    generation: Option<u64>,
    /// Signature of the documents in the project with a text to read: their
    /// ids and content hashes.
    signature: u64,
    /// Content hashes of the texts Compare was last started on.
    pub(super) compared: Option<(String, String)>,
}

impl App {
    /// The signature of the texts now in the project (ids and hashes of the
    /// documents whose text is loaded).
    pub(super) fn corpus_signature(&self) -> u64 {
        let mut h = rustc_hash::FxHasher::default();
        for d in self.project.documents() {
            if let Some(DocText::Ready(l)) = self.texts.get(&d.id) {
                d.id.hash(&mut h);
                l.hash.hash(&mut h);
            }
        }
        h.finish()
    }

    /// After the project changed: when the set of texts is not the one the
    /// shared passages were found in, drop them (and the run under way) and
    /// find them again for the texts there are now — when they had been
    /// asked for, or when the user wants them found by themselves — once
    /// no document is still loading (a hundred files opened at once are
    /// compared once, not a hundred times).
    pub(super) fn refresh_corpus(&mut self) {
        if self.corpus.generation != Some(self.generation) {
            self.corpus.generation = Some(self.generation);
            let signature = self.corpus_signature();
            if signature != self.corpus.signature {
                self.corpus.signature = signature;
                if self.shared.corpus.is_some_and(|s| s != signature) {
                    self.shared.cancel();
                    self.shared.corpus = None;
                    if self.shared.result.take().is_some() {
                        self.shared.serial += 1;
                        self.shared_wanted = true;
                    }
                }
                if self.settings.shared.auto {
                    self.shared_wanted = true;
                }
                self.refresh_compare();
            }
        }
        if self.shared_wanted && self.busy == 0 {
            self.shared_wanted = false;
            let ready =
                self.project.documents().filter(|d| matches!(self.texts.get(&d.id), Some(DocText::Ready(_)))).count();
            if ready >= 2 {
                self.find_shared();
            }
        }
    }

    /// Compare shows two texts: closed when one of its documents left the
    /// project, compared again when either text is now another.
    fn refresh_compare(&mut self) {
        let Some((a, b)) = self.compare.as_ref().map(|v| (v.a, v.b)) else { return };
        if self.project.document(a).is_none() || self.project.document(b).is_none() {
            self.compare = None;
            self.messages.push("Compare closed: one of its documents was removed.".into());
            return;
        }
        let texts = self.compare_texts(a, b);
        if texts.is_some() && texts != self.corpus.compared {
            self.start_compare(a, b);
        }
    }

    /// Content hashes of the two compared texts, when both are loaded.
    pub(super) fn compare_texts(&self, a: DocId, b: DocId) -> Option<(String, String)> {
        match (self.texts.get(&a), self.texts.get(&b)) {
            (Some(DocText::Ready(x)), Some(DocText::Ready(y))) => Some((x.hash.clone(), y.hash.clone())),
            _ => None,
        }
    }
}
