//! Spans into the original document text: the one span type of the crate.
//!
//! Every byte offset chancery reports is a half-open byte range into the UTF-8
//! text the caller passed in, never into a normalised copy, so that
//! `&text[span.range()]` is always the surface string the span names.
//! [`Entity::span`](crate::Entity::span) and [`Relation::span`](crate::Relation::span)
//! give the flat `start`/`end` fields of the output as one.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `start..end` into a document's UTF-8 text. In JSON: `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `start <= end` is the caller's promise.
    #[inline]
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The span as a `Range`, for slicing.
    #[inline]
    pub const fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies wholly inside this span.
    #[inline]
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text the span covers, or `""` if it does not fit `text` or splits a character.
    #[inline]
    pub fn slice(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(d)?;
        Ok(Span { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_on_char_boundaries_only() {
        let text = "Türkiye said";
        assert_eq!(Span::new(0, 8).slice(text), "Türkiye");
        assert_eq!(Span::new(0, 2).slice(text), "", "splits the ü");
        assert_eq!(Span::new(0, 99).slice(text), "");
        assert!(Span::new(0, 8).contains(Span::new(1, 3)));
        assert_eq!(Span::new(3, 3).len(), 0);
        assert!(Span::new(3, 3).is_empty());
    }
}
