//! # chancery
//!
//! chancery reads English news and says, in data, who did what to whom in
//! international politics. Gazetteers of countries, organisations and people
//! feed one Aho-Corasick automaton; rule patterns over each sentence then emit
//! typed relations ("Russia recognised the Taliban", "the UAE is appointing an
//! ambassador to Kabul"), each with its evidence, negation, modality and year.
//!
//! ## Example: entities and relations
//! ```
//! use chancery::Extractor;
//!
//! let extractor = Extractor::new()?; // build once, reuse everywhere
//! let doc = extractor.extract(
//!     "Pakistan, Saudi Arabia and the UAE recognised the Taliban in 1997, \
//!      but China has not recognised it.",
//! );
//! let found: Vec<_> = doc.relations.iter()
//!     .map(|r| (r.subject.as_ref(), r.object.as_ref(), r.negated))
//!     .collect();
//! assert_eq!(found, [("PAK", "taliban", false), ("SAU", "taliban", false), ("ARE", "taliban", false)]);
//! assert_eq!(doc.relations[0].year, Some(1997));
//! # Ok::<(), chancery::Error>(())
//! ```
//!
//! ## Example: JSON in the output contract
//! ```
//! let extractor = chancery::Extractor::new()?;
//! let doc = extractor.extract("Moscow welcomed the decision.").with_id("doc-1");
//! let json = serde_json::to_string(&doc).unwrap();
//! assert!(json.starts_with(r#"{"id":"doc-1","date":null,"context":null,"entities":[{"id":"RUS","kind":"country","name":"Russia","text":"Moscow""#));
//! # Ok::<(), chancery::Error>(())
//! ```
//!
//! ## The pipeline, one module per stage
//! | stage | module | owns |
//! |---|---|---|
//! | gazetteer loading | [`gazetteer`] | parsing and validating `gazetteers/*.tsv` into immutable entries |
//! | matching | `matcher` | one automaton over every surface and cue word; case and word-boundary rules |
//! | resolution | `resolve` | which hits are actors (capitals, demonyms, traps) and coreference of surnames |
//! | sentence splitting | [`sentence`] | sentence spans, abbreviation-aware |
//! | tokens | `tokens` | one sentence as words, punctuation and mentions |
//! | rules | [`rules`] | the rule language, its compiler and the anchored matcher |
//! | qualifiers | `qualify` | negation, modality and year of a match |
//! | relations and output | [`extractor`], [`document`] | building the [`Document`] of the output contract |
//! | explanations | [`explain`] | why each mention and relation was (or was not) found |
//! | event codes | [`crosswalk`] | the CAMEO code and PLOVER category of each relation (`src/crosswalk.tsv`) |
//! | data checks | [`lint`] | every problem in gazetteers and rules, as `path:line: message` |
//! | HTML view | [`html`] | one self-contained page: highlighted entities, relations linked to their evidence |
//!
//! ## Offsets
//! Every `start`/`end` is a byte offset into the text passed to
//! [`Extractor::extract`], half-open, on character boundaries:
//! `&text[entity.start..entity.end] == entity.text` always holds.
//!
//! ## Errors
//! Everything that can fail, fails while building (bad gazetteer or rule
//! files, named by file and line, see [`Error`]); extraction accepts any
//! `&str` and never panics.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]
// Errors happen only while building an extractor, never per document: their
// size costs nothing measurable, and file/line/reason are worth carrying.
#![allow(clippy::result_large_err)]

pub mod crosswalk;
pub mod document;
pub mod error;
pub mod explain;
pub mod extractor;
pub mod gazetteer;
pub mod html;
mod json;
pub mod jsonl;
pub mod lint;
mod matcher;
mod qualify;
mod resolve;
pub mod rules;
pub mod sentence;
pub mod span;
mod tokens;

pub use document::{
    CONTRACT_VERSION, Context, DocDate, Document, Entity, EntityKind, Modality, ParseError,
    Relation, RelationType, Role, Via,
};
pub use error::{Error, GazetteerError, GazetteerErrorKind, RuleError};
pub use extractor::{ExtractStats, Extractor, ExtractorBuilder};
pub use gazetteer::Gazetteer;
pub use span::Span;

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{RefUnwindSafe, UnwindSafe};

    #[test]
    fn extractor_is_shareable_across_threads() {
        fn assert_all<T: Send + Sync + UnwindSafe + RefUnwindSafe + Clone>() {}
        assert_all::<Extractor>();
        assert_all::<Document>();
    }
}
