//! Errors: everything that can go wrong happens while an extractor is built.
//!
//! Extraction itself is infallible (any `&str` is valid input), so every error
//! here names the data that caused it: the file, the line and the reason.

use std::fmt;
use std::path::{Path, PathBuf};

/// Anything that can stop an [`Extractor`](crate::Extractor) from being built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A gazetteer file has a bad line or clashes with another entry.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// A rule file has a bad line.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// A file could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The file that could not be read.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file is not UTF-8 text (a binary file given as data).
    #[error("{}:{line}: not UTF-8 text: invalid byte 0x{byte:02x} at byte offset {offset}", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// Byte offset of the first invalid byte in the file.
        offset: usize,
        /// That byte.
        byte: u8,
    },
    /// The matcher could not be built (too many aliases: over 2 GB of them).
    #[error("cannot compile the gazetteer automaton: {0}")]
    Automaton(String),
    /// A reference data file (`src/reference_words.tsv`, `src/reference_sets.tsv`) has a bad row.
    #[error("{file}:{line}: {message}")]
    Reference {
        /// The file.
        file: &'static str,
        /// 1-based line number.
        line: usize,
        /// What is wrong, in lower case.
        message: String,
    },
    /// The CAMEO / PLOVER crosswalk table (`src/crosswalk.tsv`) has a bad row.
    #[error("src/crosswalk.tsv:{line}: {message}")]
    Crosswalk {
        /// 1-based line number.
        line: usize,
        /// What is wrong, in lower case.
        message: String,
    },
}

/// A bad line in a gazetteer file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {kind}")]
pub struct GazetteerError {
    /// The file, as it was given (embedded files are named `gazetteers/NAME`).
    pub path: String,
    /// 1-based line number (0 when the problem concerns the whole file).
    pub line: usize,
    /// What is wrong.
    pub kind: GazetteerErrorKind,
}

/// What is wrong with a gazetteer line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GazetteerErrorKind {
    /// The file has no header row.
    MissingHeader,
    /// The header lacks a required column.
    MissingColumn(&'static str),
    /// A row has a different number of fields from the header.
    FieldCount {
        /// Fields the header has.
        expected: usize,
        /// Fields the row has.
        found: usize,
    },
    /// The file's entity kind cannot be told from a `kind` column or its name.
    UnknownKind(String),
    /// An id is not in the contract's form.
    BadId(String),
    /// A required field is empty.
    EmptyField(&'static str),
    /// An id appears twice in the same file.
    DuplicateId {
        /// The id.
        id: String,
        /// Line of its first appearance.
        first_line: usize,
    },
    /// An alias is claimed by two entries and neither (or both) says it wins.
    AliasClash {
        /// The surface form.
        alias: String,
        /// The entry on this line.
        id: String,
        /// The entry that already claims it.
        other: String,
        /// Where the other entry is (`path:line`).
        other_at: String,
    },
    /// An `offices` item is not `ROLE@HOLDER:FROM-TO`.
    BadOffice(String),
    /// A surface (name, alias, demonym, ...) has no letter or digit, so it
    /// would match bare punctuation (`.` would tag every full stop).
    NoWordInSurface(String),
    /// A surface begins with a combining mark, which belongs to the
    /// character before it in a text.
    MarkFirst(String),
}

impl fmt::Display for GazetteerErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use GazetteerErrorKind::*;
        match self {
            MissingHeader => write!(f, "no header row (expected id, name, aliases, ...)"),
            MissingColumn(c) => write!(f, "header has no {c:?} column"),
            FieldCount { expected, found } => {
                write!(f, "expected {expected} tab-separated fields, found {found}")
            }
            UnknownKind(k) => write!(
                f,
                "unknown entity kind {k:?}: add a `kind` column (country, organisation, person) \
                 or name the file countries.tsv, organisations.tsv or people.tsv"
            ),
            BadId(id) => write!(
                f,
                "id {id:?} is not in the contract's form (ISO alpha-3 like RUS, or lower-case-hyphenated like united-nations)"
            ),
            EmptyField(c) => write!(f, "the {c:?} field is empty"),
            DuplicateId { id, first_line } => {
                write!(f, "id {id:?} already appears on line {first_line}")
            }
            AliasClash {
                alias,
                id,
                other,
                other_at,
            } => write!(
                f,
                "alias {alias:?} for {id} already belongs to {other} ({other_at}); \
                 prefix it with '!' on the entry that should win"
            ),
            BadOffice(item) => write!(
                f,
                "office {item:?} is not ROLE@HOLDER:FROM-TO (e.g. head_of_state@RUS:2012-)"
            ),
            MarkFirst(surface) => write!(
                f,
                "surface {surface:?} begins with a combining mark (U+{:04X})",
                surface.chars().next().map_or(0, u32::from)
            ),
            NoWordInSurface(surface) => write!(
                f,
                "surface {surface:?} has no letter or digit: it would match punctuation"
            ),
        }
    }
}

/// Reads a data file as text: [`Error::Io`] if it cannot be read,
/// [`Error::NotText`] with the line and offset of the first byte that is not
/// UTF-8.
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        Error::NotText {
            path: path.to_path_buf(),
            line: 1 + memchr::memchr_iter(b'\n', &bytes[..offset]).count(),
            offset,
            byte: bytes[offset],
        }
    })
}

/// A bad line in a rule file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct RuleError {
    /// The file, as it was given (embedded files are named `src/rules/NAME`, their path in the repository).
    pub path: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong, in lower case.
    pub message: String,
}
