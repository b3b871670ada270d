//! Sentence splitting: a document as a sequence of sentence spans.
//!
//! The rules never look across a sentence, so this is where the scope of
//! every relation is decided. A sentence ends at `.`, `!`, `?` or `…` (and
//! runs of them), optionally followed by closing quotes or brackets, when
//! whitespace and a sentence start (an upper-case letter, a digit, or an
//! opening quote or bracket) follow. A line break always ends a sentence:
//! news text has headlines, bylines and captions without full stops.
//!
//! Not an end: a title or month abbreviation before a capital ("Mr. Putin",
//! "Gen. Munir", "Feb. 3"), a single-letter initial ("George W. Bush"), a
//! dotted acronym before a capitalised word ("U.S. President", "the U.N.
//! Security Council"; at the end of a line or text it does end the sentence),
//! a decimal or a domain ("3.5", "example.com"), and a mark followed by a
//! lower-case word (`"Why?" he asked`).
//!
//! Spans are trimmed of surrounding whitespace, non-empty, in order and
//! non-overlapping, on character boundaries, and together cover every
//! non-whitespace character. One pass, no allocation: linear in the text.

use crate::span::Span;

/// Iterator over the sentences of `text`, in order.
///
/// ```
/// let text = "Mr. Putin met U.S. envoys. They talked.\nHeadline without stop";
/// let got: Vec<&str> = chancery::sentence::sentences(text).map(|s| &text[s.range()]).collect();
/// assert_eq!(got, ["Mr. Putin met U.S. envoys.", "They talked.", "Headline without stop"]);
/// ```
pub fn sentences(text: &str) -> Sentences<'_> {
    Sentences { text, pos: 0 }
}

/// The iterator [`sentences`] returns.
#[derive(Debug, Clone)]
pub struct Sentences<'t> {
    text: &'t str,
    pos: usize,
}

/// Abbreviations that do not end a sentence before a capitalised word.
const ABBREVIATIONS: &[&str] = &[
    "adm", "amb", "apr", "approx", "aug", "capt", "cdr", "cmdr", "co", "col", "corp", "cpl",
    "dec", "dr", "e.g", "feb", "gen", "gov", "hon", "i.e", "inc", "jan", "jr", "lt", "ltd",
    "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "no", "nos", "nov", "oct", "pres", "prof",
    "rep", "rev", "sen", "sep", "sept", "sgt", "sr", "st", "v", "vol", "vs",
];

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}' | '\u{bb}')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}' | '\u{ab}')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{2026}')
}

impl<'t> Iterator for Sentences<'t> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let text = self.text;
        // Skip leading whitespace.
        let rest = &text[self.pos..];
        let start = self.pos + (rest.len() - rest.trim_start().len());
        if start >= text.len() {
            self.pos = text.len();
            return None;
        }
        let bytes = text.as_bytes();
        let mut i = start;
        while i < text.len() {
            let b = bytes[i];
            if b == b'\n' {
                return Some(self.finish(start, i, i + 1));
            }
            if b.is_ascii() && !matches!(b, b'.' | b'!' | b'?') {
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            if !is_terminal(c) {
                i += c.len_utf8();
                continue;
            }
            // A run of terminal marks, then closing quotes or brackets.
            let mark_start = i;
            let mut end = i;
            for ch in text[i..].chars() {
                if is_terminal(ch) {
                    end += ch.len_utf8();
                } else {
                    break;
                }
            }
            for ch in text[end..].chars() {
                if is_closing(ch) {
                    end += ch.len_utf8();
                } else {
                    break;
                }
            }
            if self.ends_here(start, mark_start, end) {
                return Some(self.finish(start, end, end));
            }
            i = end.max(mark_start + 1);
        }
        Some(self.finish(start, text.len(), text.len()))
    }
}

impl Sentences<'_> {
    fn finish(&mut self, start: usize, end: usize, next: usize) -> Span {
        self.pos = next;
        let trimmed = self.text[start..end].trim_end();
        Span::new(start, start + trimmed.len())
    }

    /// Whether the marks at `mark..end` end the sentence that began at `start`.
    fn ends_here(&self, start: usize, mark: usize, end: usize) -> bool {
        let text = self.text;
        let after = &text[end..];
        // End of text or of line: always an end.
        let ws = after.len() - after.trim_start_matches([' ', '\t', '\u{a0}']).len();
        let next = after[ws..].chars().next();
        match next {
            None | Some('\n') | Some('\r') => return true,
            _ if ws == 0 => return false, // "3.5", "example.com", "U.S.-backed"
            _ => {}
        }
        let mut following = after[ws..].chars();
        let first = following.next().unwrap_or(' ');
        let starts_sentence = first.is_uppercase()
            || first.is_ascii_digit()
            || (is_opening(first) && following.next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()));
        if !starts_sentence {
            return false;
        }
        if &text[mark..end] != "." {
            return true;
        }
        // A single full stop: look at the word before it.
        let head = &text[start..mark];
        let word_start = head
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
            .last()
            .map_or(head.len(), |(i, _)| i);
        let word = &head[word_start..];
        if word.is_empty() {
            return true;
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        // "W." in "George W. Bush": a single initial.
        if letters == 1 && word.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        // "U.S.", "U.N.", "e.g.": dotted acronyms before a capitalised word.
        if word.contains('.') {
            return false;
        }
        !ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn splits_at_marks_before_sentence_starts() {
        assert_eq!(split("Russia acted. China waited! Did Iran?  Yes."), ["Russia acted.", "China waited!", "Did Iran?", "Yes."]);
        assert_eq!(split("He said: \"We agree.\" Then he left."), ["He said: \"We agree.\"", "Then he left."]);
        assert_eq!(split("“We agree.” Talks ended."), ["“We agree.”", "Talks ended."]);
        assert_eq!(split("It rose 3.5 percent. In 2024 it fell."), ["It rose 3.5 percent.", "In 2024 it fell."]);
        assert_eq!(split("Wait... what? No."), ["Wait... what?", "No."]);
    }

    #[test]
    fn abbreviations_initials_and_acronyms_do_not_split() {
        assert_eq!(split("Mr. Putin met Gen. Asim Munir on Feb. 3 in Moscow."), ["Mr. Putin met Gen. Asim Munir on Feb. 3 in Moscow."]);
        assert_eq!(split("George W. Bush spoke."), ["George W. Bush spoke."]);
        assert_eq!(split("The U.S. President and the U.N. Security Council met."), ["The U.S. President and the U.N. Security Council met."]);
        assert_eq!(split("Sanctions hit the U.S.\nNext line"), ["Sanctions hit the U.S.", "Next line"]);
        assert_eq!(split("See example.com for more. Done."), ["See example.com for more.", "Done."]);
        assert_eq!(split("\"Why?\" he asked."), ["\"Why?\" he asked."]);
    }

    #[test]
    fn line_breaks_end_sentences() {
        assert_eq!(
            split("Headline without a stop\n\nDOHA, March 3 - Qatar spoke.\r\nAnother line"),
            ["Headline without a stop", "DOHA, March 3 - Qatar spoke.", "Another line"]
        );
    }

    #[test]
    fn guarantees_hold_on_generated_text() {
        let palette = ["é", "’", "“", "…", ".", "?", "\n", " ", "U", "S", "a", "Mr", "3", "\"", " A", "\r\n"];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..500 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(palette[(seed % palette.len() as u64) as usize]);
            }
            let spans: Vec<Span> = sentences(&text).collect();
            let mut last = 0;
            for s in &spans {
                assert!(s.start >= last && s.start < s.end, "{text:?}: {spans:?}");
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                let t = &text[s.range()];
                assert_eq!(t, t.trim(), "{text:?}");
                last = s.end;
            }
            let covered: usize = spans.iter().map(|s| text[s.range()].chars().filter(|c| !c.is_whitespace()).count()).sum();
            assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count(), "{text:?}");
        }
    }
}
