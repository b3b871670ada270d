//! Every conversion of a [`chancery::Document`] for Python, in one place:
//! [`dict`] for the output contract as Python dicts, [`arrow`] for columns.
//!
//! Both add character offsets beside the crate's byte offsets, so that
//! `text[char_start:char_end]` slices a Python `str` correctly; [`CharIndex`]
//! maps one to the other.

mod arrow;
mod dict;

pub use arrow::{ArrowBatch, arrow_batches};
pub use dict::{Prepared, json_loads};

/// Maps byte offsets of a UTF-8 text to character (code point) offsets,
/// which is how Python indexes a `str`.
pub struct CharIndex {
    /// For each character longer than one byte: the byte offset just past it,
    /// and the bytes beyond one per character up to there. Empty for ASCII.
    wide: Vec<(usize, usize)>,
}

impl CharIndex {
    /// O(n) in the text; O(1) memory for ASCII text.
    pub fn new(text: &str) -> CharIndex {
        if text.is_ascii() {
            return CharIndex { wide: Vec::new() };
        }
        let mut extra = 0;
        let wide = text
            .char_indices()
            .filter(|(_, c)| c.len_utf8() > 1)
            .map(|(at, c)| {
                extra += c.len_utf8() - 1;
                (at + c.len_utf8(), extra)
            })
            .collect();
        CharIndex { wide }
    }

    /// The character offset of `byte`, which lies on a character boundary.
    pub fn char_of(&self, byte: usize) -> usize {
        let before = self.wide.partition_point(|&(end, _)| end <= byte);
        match before {
            0 => byte,
            n => byte - self.wide[n - 1].1,
        }
    }

    /// A byte span as a character span.
    pub fn span(&self, [start, end]: [usize; 2]) -> [usize; 2] {
        [self.char_of(start), self.char_of(end)]
    }
}

#[cfg(test)]
mod tests {
    use super::CharIndex;

    #[test]
    fn char_offsets_slice_like_python() {
        let text = "“Côte d’Ivoire” — ok 🙂 done";
        let index = CharIndex::new(text);
        let chars: Vec<char> = text.chars().collect();
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let c = index.char_of(byte);
            assert_eq!(chars[..c].iter().collect::<String>(), text[..byte]);
        }
        assert_eq!(CharIndex::new("plain").char_of(3), 3);
    }
}
