//! # chancery
//!
//! chancery reads English news and says, in data, who did what to whom in
//! international politics. Gazetteers of countries, organisations and people
//! feed one matcher (a byte trie, walked leftmost-longest at word starts);
//! rule patterns over each sentence then emit typed relations ("Russia
//! recognised the Taliban", "the UAE is appointing an ambassador to Kabul"),
//! each with its evidence, negation, modality and year.
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
//! ## Where to read on
//! - [`output_contract`]: the output contract, field by field (`docs/output.md`), and
//!   [`CONTRACT_VERSION`], the version this build writes.
//! - [`guide`]: the README: the command line, gazetteer files, the rule
//!   language reference, the CAMEO/PLOVER crosswalk, accuracy and performance.
//! - [`Extractor`]: build once, then [`extract`](Extractor::extract) texts,
//!   [`extract_jsonl`](Extractor::extract_jsonl) a JSON Lines reader (the
//!   command's own: bounded memory, input order, every core), or
//!   [`explain`](Extractor::explain) one.
//! - [`Document`]: what one text gives: [`write_json`](Document::write_json)
//!   and [`to_json`](Document::to_json) write the contract's JSON line,
//!   [`compact`](Document::compact) a one-line-per-finding rendering for
//!   snapshot tests; serde reads it back.
//!
//! | public module | owns |
//! |---|---|
//! | [`gazetteer`] | parsing and validating `gazetteers/*.tsv` into immutable entries |
//! | [`sentence`] | sentence spans, abbreviation-aware |
//! | [`rules`] | the rule language, its compiler and the anchored matcher |
//! | [`extractor`], [`document`], [`span`] | building the [`Document`] of the output contract |
//! | [`jsonl`] | JSON Lines input: records, ids kept exactly, context, dates |
//! | [`explain`] | why each mention and relation was (or was not) found |
//! | [`crosswalk`] | the CAMEO code and PLOVER category of each relation (`src/crosswalk.tsv`) |
//! | [`lint`] | every problem in gazetteers and rules, as `path:line: message` |
//! | [`html`] | one self-contained page: highlighted entities, relations linked to their evidence |
//!
//! Inside, one trie finds every gazetteer surface and cue word, a
//! resolution step decides which hits are actors, each sentence becomes
//! tokens, the rules match over them, and qualifiers set negation, modality
//! and year; those stages are private and may change.
//!
//! ## Offsets
//! Every `start`/`end` is a byte offset into the text passed to
//! [`Extractor::extract`], half-open, on character boundaries:
//! `&text[entity.start..entity.end] == entity.text` always holds.
//! `char_start`/`char_end` give the same positions in Unicode code points.
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
mod reference;
mod resolve;
pub mod rules;
pub mod sentence;
pub mod span;
mod swar;
mod tokens;

pub use document::{
    CONTRACT_VERSION, Context, DocDate, Document, Entity, EntityKind, Modality, ParseError,
    Relation, RelationType, Role, Via,
};
pub use error::{Error, GazetteerError, GazetteerErrorKind, RuleError};
pub use extractor::{ExtractStats, Extractor, ExtractorBuilder};
pub use gazetteer::Gazetteer;
pub use span::Span;

/// The output contract, version [`CONTRACT_VERSION`] (`docs/output.md` in the repository).
///
#[doc = include_str!("../docs/output.md")]
pub mod output_contract {}

/// The README: set-up, the library, the command line, gazetteer files, the
/// rule language reference, accuracy, CAMEO/PLOVER and performance. (Its
/// Rust examples run as doctests.)
///
// The README's snapshot example is a `#[test]` as a user writes it; tests/compact.rs runs it.
#[allow(clippy::test_attr_in_doctest)]
#[doc = include_str!("../README.md")]
pub mod guide {}

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
