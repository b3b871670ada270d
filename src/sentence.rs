//! Sentence splitting: a document as a sequence of sentence spans.
//!
//! This module owns one decision: where each sentence of a document begins and
//! ends. Every rule downstream works inside one sentence and never looks across
//! a sentence boundary, so this is where the scope of every relation is set.
//!
//! # Where a sentence ends
//!
//! - **At a line break**, always: news text has headlines, bylines, datelines
//!   and captions without full stops, one per line, so a sentence never spans a
//!   line break. The line breaks are Unicode's mandatory ones: `\n`, `\r`
//!   (so `\r\n` is one break), vertical tab, form feed, U+0085, U+2028 and
//!   U+2029. Blank and whitespace-only lines produce nothing.
//! - **At `.`, `!`, `?` or `…`**, or a run of them (`?!`, `...`), optionally
//!   followed by closing quotes or brackets (`"` `”` `’` `'` `)` `]` `»`),
//!   then whitespace, then a sentence start: an upper-case letter, a digit, or
//!   opening quotes or brackets followed by one. A lower-case word after the
//!   space is no sentence start (`"Why?" he asked`, `talks stalled... and`);
//!   nor is a mark without whitespace after it, which keeps numbers, domains and
//!   hyphenated forms whole ("3.5 percent", "1.2bn", "example.com",
//!   "Daily8.ai", "U.S.-backed").
//! - **At the end of the text.**
//! - **After [`MAX_SENTENCE_BYTES`]**, if no other end came first: the run-on
//!   is cut after the last comma or semicolon in the second half of that
//!   window, else at its last whitespace, else at the last character boundary.
//!
//! # Where a single full stop is not an end
//!
//! Before a sentence start on the same line, a lone `.` (no other marks, no
//! closing quote) does not end the sentence when the word it closes is
//!
//! - a title, month or other abbreviation in the list below, spelt as listed
//!   or in capitals ("Mr. Putin", "GEN. MUNIR", "Feb. 3", "No. 10",
//!   "Smith v. Jones", "e.g. Qatar", "Acme Inc. Chairman"); the match is
//!   exact, so "Mar." is an abbreviation but "Omar." and "mar." are not, and
//!   "etc." followed by a capital *is* an end;
//! - a single upper-case initial ("George W. Bush", "J. K. Rowling");
//! - a dotted upper-case acronym or run of initials ("U.S. President", "the
//!   U.N. Security Council", "U.K. Foreign Office", "J.D. Vance"), except the
//!   place abbreviations that usually close a clause, D.C., U.S.A. and
//!   U.S.S.R., which end a sentence before a capital like any other word.
//!
//! The acronym choice is deliberate and predictable rather than clever: "U.S."
//! before a capitalised word is never an end, so "...imposed by the U.S. The
//! Kremlin said..." stays one sentence. The same acronym at a line break or at
//! the end of the text does end the sentence, as every word does. Lower-case
//! dotted forms other than "e.g." and "i.e." ("a.m.", "p.m.") end a sentence
//! before a capital. A title before a capital is likewise never an end ("...
//! as was John Smith Jr. The talks..." stays one sentence).
//!
//! # Guarantees
//!
//! Spans are in text order, non-overlapping, non-empty, trimmed of surrounding
//! whitespace (`char::is_whitespace`), at most [`MAX_SENTENCE_BYTES`] long,
//! start and end on character boundaries, contain no line break, and together
//! cover every non-whitespace character of the text exactly once. Iteration
//! never allocates and never panics, whatever the `&str`. Work is linear in the
//! text: every look-behind is bounded by a constant and every byte is scanned a
//! bounded number of times (at most three, around a cut run-on).

use crate::span::Span;
use std::iter::FusedIterator;

/// The longest sentence [`sentences`] yields, in bytes; longer run-ons are cut.
///
/// News sentences are well under 1,000 bytes; the limit bounds the work of
/// every per-sentence stage on pathological input such as 2 MB without a
/// full stop.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Words ending in `.` that do not end a sentence before a capital, spelt as
/// they must appear (their all-capitals forms also match; so do capitalised
/// forms of the lower-case ones). Single letters are handled as initials.
const ABBREVIATIONS: [&[&str]; 3] = [TITLES, MONTHS, OTHER_ABBREVIATIONS];

/// Bytes in the longest of the [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = {
    let mut longest = 0;
    let mut l = 0;
    while l < ABBREVIATIONS.len() {
        let mut i = 0;
        while i < ABBREVIATIONS[l].len() {
            if ABBREVIATIONS[l][i].len() > longest {
                longest = ABBREVIATIONS[l][i].len();
            }
            i += 1;
        }
        l += 1;
    }
    longest
};

/// By length, the first letters (bit 0 for `a`, case folded) of the
/// [`ABBREVIATIONS`] of that length: one look-up rules out most words.
const ABBREVIATION_STARTS: [u32; LONGEST_ABBREVIATION + 1] = {
    let mut starts = [0u32; LONGEST_ABBREVIATION + 1];
    let mut l = 0;
    while l < ABBREVIATIONS.len() {
        let mut i = 0;
        while i < ABBREVIATIONS[l].len() {
            let form = ABBREVIATIONS[l][i].as_bytes();
            let first = form[0].to_ascii_lowercase();
            assert!(
                first.is_ascii_lowercase(),
                "an abbreviation starts with a letter"
            );
            starts[form.len()] |= 1 << (first - b'a');
            i += 1;
        }
        l += 1;
    }
    starts
};

/// Titles and ranks.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Cpl",
    "Pvt", "Brig", "Cmdr", "Cdr", "Adm", "Sen", "Rep", "Gov", "Pres", "Amb", "Rev", "Hon", "St",
    "Mt", "Sr", "Jr",
];

/// Months (May is never abbreviated; June and July rarely are).
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Numbering, comparison, Latin and company abbreviations.
const OTHER_ABBREVIATIONS: &[&str] = &[
    "No", "Nos", "vs", "v", "e.g", "i.e", "approx", "Inc", "Ltd", "Co", "Corp", "Dept",
];

/// Dotted place abbreviations that usually close a clause: unlike other dotted
/// acronyms, they end a sentence before a capital.
const CLAUSE_FINAL_ACRONYMS: &[&str] = &["D.C", "U.S.A", "U.S.S.R"];

/// Longest word, in characters, checked against the abbreviations and
/// acronyms: longer words are ordinary words, which bounds the look-behind.
const MAX_WORD_CHARS: usize = 16;

/// Most opening quotes and brackets looked through for a sentence start.
const MAX_OPENERS: usize = 3;

/// Bytes that may begin a line break or sentence mark: ASCII breaks and marks,
/// and the lead bytes of U+0085 (`C2 85`) and of U+2026, U+2028, U+2029
/// (`E2 80 xx`). Continuation bytes are never in the set, so a hit is always at
/// a character boundary.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = [b'\n', 0x0b, 0x0c, b'\r', b'.', b'!', b'?', 0xc2, 0xe2];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// The top bit of the lanes of eight bytes (little-endian) that may be
/// [`SPECIAL`]: a control byte (line breaks are), `.`, `!`, `?`, or a
/// non-ASCII byte (the lead bytes of the special characters are). Exact up
/// to the first flagged lane (the has-zero-byte trick), the only one read;
/// 0 for a plain eight, the usual case.
#[inline]
fn stop_lanes(word: u64) -> u64 {
    use crate::swar::{HIGHS, lanes_equal, zero_lanes};
    let control = zero_lanes(word & 0xf0f0_f0f0_f0f0_f0f0);
    let stops = lanes_equal(word, b'.') | lanes_equal(word, b'!') | lanes_equal(word, b'?');
    control | stops | (word & HIGHS)
}

/// The first position at or after `i` (before `end`) whose byte may be
/// [`SPECIAL`] (see [`stop_lanes`]), or the position where fewer than
/// eight bytes are left, which the caller reads one by one. Sixteen bytes
/// a step, with one branch for both halves: the loop's own work is then
/// shared by twice the text.
#[inline]
fn skip_plain(bytes: &[u8], mut i: usize, end: usize) -> usize {
    let lanes = |stops: u64| (stops.trailing_zeros() / 8) as usize;
    while let Some(chunk) = bytes.get(i..end).and_then(<[u8]>::first_chunk::<16>) {
        let (lo, hi) = chunk.split_at(8);
        let half = |h: &[u8]| h.try_into().map_or(0, u64::from_le_bytes);
        let (lo, hi) = (stop_lanes(half(lo)), stop_lanes(half(hi)));
        if lo | hi != 0 {
            return i + if lo != 0 { lanes(lo) } else { 8 + lanes(hi) };
        }
        i += 16;
    }
    if let Some(chunk) = bytes.get(i..end).and_then(<[u8]>::first_chunk::<8>) {
        return i + lanes(stop_lanes(u64::from_le_bytes(*chunk)));
    }
    i
}

/// Iterator over the sentences of `text`, in order.
///
/// ```
/// use chancery::sentence::sentences;
///
/// let text = "TALIBAN ENVOY IN MOSCOW\n\nMr. Lavrov met U.S. officials on Feb. 3. \
///             \"Will Russia act?\" he asked. It did.";
/// let got: Vec<&str> = sentences(text).map(|s| &text[s.range()]).collect();
/// assert_eq!(got, [
///     "TALIBAN ENVOY IN MOSCOW",
///     "Mr. Lavrov met U.S. officials on Feb. 3.",
///     "\"Will Russia act?\" he asked.",
///     "It did.",
/// ]);
/// ```
pub fn sentences(text: &str) -> Sentences<'_> {
    Sentences { text, pos: 0 }
}

/// The iterator [`sentences`] returns: yields one [`Span`] per sentence.
#[derive(Debug, Clone)]
pub struct Sentences<'t> {
    text: &'t str,
    /// Where the next sentence is looked for: a character boundary.
    pos: usize,
}

impl Iterator for Sentences<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let text = self.text;
        let start = skip_whitespace(text, self.pos);
        if start >= text.len() {
            self.pos = text.len();
            return None;
        }
        let (end, next) = self.find_end(start);
        self.pos = next;
        let trimmed = text[start..end].trim_end().len();
        Some(Span::new(start, start + trimmed))
    }
}

impl FusedIterator for Sentences<'_> {}

impl Sentences<'_> {
    /// The end of the sentence starting at the non-whitespace `start`, and
    /// where to resume: `(end, next)`, with `start < end <= next`.
    fn find_end(&self, start: usize) -> (usize, usize) {
        let text = self.text;
        let bytes = text.as_bytes();
        let limit = start.saturating_add(MAX_SENTENCE_BYTES);
        let scan_end = text.len().min(limit);
        let mut i = start;
        while i < scan_end {
            // Past the plain bytes (most of the text), many at a time.
            i = skip_plain(bytes, i, scan_end);
            let Some(&b) = bytes[..scan_end].get(i) else {
                break;
            };
            if !SPECIAL[usize::from(b)] {
                i += 1;
                continue;
            }
            match b {
                b'\n' | 0x0b | 0x0c | b'\r' => return (i, i + 1),
                b'.' | b'!' | b'?' => {}
                // U+0085 NEXT LINE.
                0xc2 if bytes.get(i + 1) == Some(&0x85) => return (i, i + 2),
                // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR.
                0xe2 if bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)) =>
                {
                    return (i, i + 3);
                }
                // U+2026 HORIZONTAL ELLIPSIS.
                0xe2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xa6) => {}
                _ => {
                    i += 1;
                    continue;
                }
            }
            let (run_end, close_end) = match lone_ascii_mark(bytes, i) {
                Some(after) => (after, after),
                None => {
                    let run_end = skip_chars(text, i, scan_end, is_mark);
                    (run_end, skip_chars(text, run_end, scan_end, is_closing))
                }
            };
            if close_end - start <= MAX_SENTENCE_BYTES
                && self.ends_here(start, i, run_end, close_end)
            {
                return (close_end, close_end);
            }
            i = close_end;
        }
        if scan_end == text.len() {
            return (text.len(), text.len());
        }
        let cut = self.cut(start);
        (cut, cut)
    }

    /// Whether the marks at `mark..run_end`, closed by quotes or brackets up
    /// to `after`, end the sentence that began at `start`.
    fn ends_here(&self, start: usize, mark: usize, run_end: usize, after: usize) -> bool {
        let text = self.text;
        let mut rest = text[after..].chars();
        match rest.next() {
            None => return true,
            Some(c) if is_line_break(c) => return true,
            Some(c) if !c.is_whitespace() => return false,
            Some(_) => {}
        }
        let mut rest = rest.skip_while(|&c| c.is_whitespace() && !is_line_break(c));
        match rest.next() {
            None => return true,
            Some(c) if is_line_break(c) => return true,
            Some(c) if !starts_sentence(c, rest) => return false,
            Some(_) => {}
        }
        // Before a sentence start: only a lone full stop can still be no end.
        if text.as_bytes()[mark] != b'.' || run_end != mark + 1 || after != run_end {
            return true;
        }
        !stop_continues(&text[start..mark])
    }

    /// Where to cut a run-on sentence starting at `start` that has no end in
    /// its first `MAX_SENTENCE_BYTES`: after the last comma or semicolon that
    /// whitespace follows in the second half of the window, else at the last
    /// whitespace there, else at the last character boundary in the window.
    /// Always past the middle of the window, so each cut makes progress.
    fn cut(&self, start: usize) -> usize {
        let text = self.text;
        let hi = floor_char_boundary(text, start + MAX_SENTENCE_BYTES);
        let lo = ceil_char_boundary(text, start + MAX_SENTENCE_BYTES / 2).min(hi);
        let mut following = text[hi..].chars().next();
        let mut space = None;
        for (idx, c) in text[lo..hi].char_indices().rev() {
            if matches!(c, ',' | ';') && following.is_some_and(char::is_whitespace) {
                return lo + idx + 1;
            }
            if space.is_none() && c.is_whitespace() {
                space = Some(lo + idx);
            }
            following = Some(c);
        }
        space.unwrap_or(hi)
    }
}

/// The position after the mark at `i` when it is an ASCII mark that no
/// other mark nor closing quote or bracket follows (the usual case: "said.
/// The", "3.5"), told from the next byte; `None` to read the runs of marks
/// and closings by characters.
fn lone_ascii_mark(bytes: &[u8], i: usize) -> Option<usize> {
    let ascii_mark = |b: &u8| matches!(b, b'.' | b'!' | b'?');
    let ends_the_runs =
        |b: &u8| b.is_ascii() && !ascii_mark(b) && !matches!(b, b'"' | b'\'' | b')' | b']');
    let lone = bytes.get(i).is_some_and(ascii_mark) && bytes.get(i + 1).is_none_or(ends_the_runs);
    lone.then_some(i + 1)
}

/// Sentence-ending marks.
fn is_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Closing quotes and brackets that may follow a sentence's final mark.
fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»')
}

/// Opening quotes and brackets that may precede a sentence's first word.
fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '(' | '[' | '“' | '‘' | '«')
}

/// Unicode's mandatory line breaks (UAX #14 classes BK, CR, LF, NL).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether `first`, then `rest`, begins a sentence: an upper-case letter or a
/// digit, possibly after a few opening quotes or brackets.
fn starts_sentence(first: char, mut rest: impl Iterator<Item = char>) -> bool {
    let mut c = first;
    for _ in 0..=MAX_OPENERS {
        if c.is_uppercase() || c.is_ascii_digit() {
            return true;
        }
        if !is_opening(c) {
            return false;
        }
        match rest.next() {
            Some(next) => c = next,
            None => return false,
        }
    }
    false
}

/// The word that ends `head`: its trailing run of letters, digits and dots,
/// without leading dots; `None` if longer than `MAX_WORD_CHARS`.
fn word_before(head: &str) -> Option<&str> {
    let bytes = head.as_bytes();
    let mut word_start = head.len();
    let mut n = 0;
    // ASCII a byte at a time; from the first other byte on, by characters.
    while let Some(&b) = word_start.checked_sub(1).and_then(|i| bytes.get(i)) {
        if !b.is_ascii() {
            break;
        }
        if !(b.is_ascii_alphanumeric() || b == b'.') {
            return Some(head[word_start..].trim_start_matches('.'));
        }
        if n >= MAX_WORD_CHARS {
            return None;
        }
        word_start -= 1;
        n += 1;
    }
    for (idx, c) in head[..word_start].char_indices().rev() {
        if !(c.is_alphanumeric() || c == '.') {
            break;
        }
        if n >= MAX_WORD_CHARS {
            return None;
        }
        word_start = idx;
        n += 1;
    }
    Some(head[word_start..].trim_start_matches('.'))
}

/// Whether a lone full stop after `head` leaves the sentence open: what
/// [`word_continues_sentence`] says of [`word_before`], told from the last
/// bytes alone when they end a plain ASCII word (most do): more than
/// [`LONGEST_ABBREVIATION`] letters or digits are no abbreviation, and a
/// word ending in them no dotted acronym nor initial.
fn stop_continues(head: &str) -> bool {
    let bytes = head.as_bytes();
    let mut n = 0;
    while n <= LONGEST_ABBREVIATION {
        match bytes.len().checked_sub(n + 1).map(|i| bytes[i]) {
            Some(b) if b.is_ascii_alphanumeric() => n += 1,
            // Dots or letters beyond ASCII: the general reading.
            Some(b) if b == b'.' || !b.is_ascii() => {
                return word_continues_sentence(word_before(head));
            }
            _ => return word_continues_sentence(Some(&head[bytes.len() - n..])),
        }
    }
    false
}

/// Whether a full stop after `word` (the word without its final dot) leaves the
/// sentence open before a capitalised word: an initial, a dotted acronym, or
/// an abbreviation.
fn word_continues_sentence(word: Option<&str>) -> bool {
    let Some(word) = word else { return false };
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (None, _) => false,
        (Some(c), None) => c.is_uppercase() || is_abbreviation(word),
        _ if is_dotted_acronym(word) => !CLAUSE_FINAL_ACRONYMS.contains(&word),
        _ => is_abbreviation(word),
    }
}

/// Whether `word` is one of the [`ABBREVIATIONS`].
fn is_abbreviation(word: &str) -> bool {
    // Most words are longer than any abbreviation, or start with a letter
    // no abbreviation of their length starts with: no need to try each.
    let starts_one = |&b: &u8| {
        b.is_ascii_alphabetic()
            && ABBREVIATION_STARTS
                .get(word.len())
                .is_some_and(|s| s & 1 << (b.to_ascii_lowercase() - b'a') != 0)
    };
    word.as_bytes().first().is_some_and(starts_one)
        && ABBREVIATIONS
            .iter()
            .flat_map(|list| list.iter())
            .any(|form| abbreviation_matches(word, form))
}

/// Upper-case letters separated by single dots, two letters or more: "U.S",
/// "J.D", "U.S.A" (the final dot is not part of the word).
fn is_dotted_acronym(word: &str) -> bool {
    let mut letters = 0;
    let mut expect_letter = true;
    for c in word.chars() {
        if expect_letter && c.is_uppercase() {
            letters += 1;
        } else if expect_letter || c != '.' {
            return false;
        }
        expect_letter = !expect_letter;
    }
    letters >= 2 && !expect_letter
}

/// Whether `word` spells the abbreviation `form`: exactly, in capitals, or
/// (for a lower-case form) capitalised.
#[inline(always)]
fn abbreviation_matches(word: &str, form: &str) -> bool {
    let (w, f) = (word.as_bytes(), form.as_bytes());
    // Most forms differ in length or first letter: no comparison of the rest.
    if w.len() != f.len() || !w[0].eq_ignore_ascii_case(&f[0]) {
        return false;
    }
    if w == f {
        return true;
    }
    if !word.eq_ignore_ascii_case(form) {
        return false;
    }
    let all_caps = !w.iter().any(u8::is_ascii_lowercase);
    let capitalised =
        f[0].is_ascii_lowercase() && w[0] == f[0].to_ascii_uppercase() && w[1..] == f[1..];
    all_caps || capitalised
}

/// The first non-whitespace character boundary at or after `pos`, or the
/// text's length.
fn skip_whitespace(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(pos) {
        if b.is_ascii() {
            if !char::from(b).is_whitespace() {
                break;
            }
            pos += 1;
        } else {
            match text[pos..].chars().next() {
                Some(c) if c.is_whitespace() => pos += c.len_utf8(),
                _ => break,
            }
        }
    }
    pos
}

/// The boundary after the run of characters satisfying `keep` from `pos`, or
/// the first boundary at or past `bound` if the run goes on that far (so that
/// a megabyte of dots is not rescanned for every cut).
fn skip_chars(text: &str, pos: usize, bound: usize, keep: fn(char) -> bool) -> usize {
    text[pos..]
        .char_indices()
        .find(|&(idx, c)| pos + idx >= bound || !keep(c))
        .map_or(text.len(), |(idx, _)| pos + idx)
}

/// The largest character boundary at or below `pos` (clamped to the text).
fn floor_char_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// The smallest character boundary at or above `pos` (clamped to the text).
fn ceil_char_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).map(|s| &text[s.range()]).collect()
    }

    /// Runs a table of `(input, expected sentences)` and reports every miss.
    fn check(cases: &[(&str, &[&str])]) {
        let mut failures = Vec::new();
        for &(text, want) in cases {
            let got = split(text);
            if got != want {
                failures.push(format!("input {text:?}\n  want {want:?}\n  got  {got:?}"));
            }
            if let Err(e) = guarantees(text) {
                failures.push(format!("input {text:?}: {e}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} case(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// Checks every guarantee of the module doc on one text.
    fn guarantees(text: &str) -> Result<(), String> {
        let spans: Vec<Span> = sentences(text).collect();
        let mut last = 0;
        let mut covered = 0;
        for &s in &spans {
            if s.start < last || s.start >= s.end || s.end > text.len() {
                return Err(format!(
                    "span {s:?} out of order, empty or out of range in {spans:?}"
                ));
            }
            if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
                return Err(format!("span {s:?} splits a character"));
            }
            let t = &text[s.range()];
            if t != t.trim() {
                return Err(format!("span {s:?} = {t:?} is not trimmed"));
            }
            if t.len() > MAX_SENTENCE_BYTES {
                return Err(format!("span {s:?} is over MAX_SENTENCE_BYTES"));
            }
            if t.chars().any(is_line_break) {
                return Err(format!("span {s:?} = {t:?} holds a line break"));
            }
            covered += t.chars().filter(|c| !c.is_whitespace()).count();
            last = s.end;
        }
        let total = text.chars().filter(|c| !c.is_whitespace()).count();
        if covered != total {
            return Err(format!(
                "spans cover {covered} of {total} non-whitespace chars: {spans:?}"
            ));
        }
        // Every gap between spans is whitespace only.
        let mut prev = 0;
        for s in &spans {
            if !text[prev..s.start].chars().all(char::is_whitespace) {
                return Err(format!("non-whitespace between spans before {s:?}"));
            }
            prev = s.end;
        }
        if !text[prev..].chars().all(char::is_whitespace) {
            return Err("non-whitespace after the last span".into());
        }
        let mut it = sentences(text);
        let again: Vec<Span> = it.clone().collect();
        if again != spans || it.by_ref().count() != spans.len() || it.next().is_some() {
            return Err("a clone or a second pass differs, or the iterator is not fused".into());
        }
        Ok(())
    }

    #[test]
    fn marks_before_a_sentence_start_end_sentences() {
        check(&[
            (
                "Russia acted. China waited.",
                &["Russia acted.", "China waited."],
            ),
            (
                "Kabul fell! Talks stopped.",
                &["Kabul fell!", "Talks stopped."],
            ),
            (
                "Will Tehran sign? Nobody knows.",
                &["Will Tehran sign?", "Nobody knows."],
            ),
            (
                "Seriously?! The envoy left.",
                &["Seriously?!", "The envoy left."],
            ),
            (
                "Talks dragged on... The envoy left.",
                &["Talks dragged on...", "The envoy left."],
            ),
            (
                "Talks dragged on… The envoy left.",
                &["Talks dragged on…", "The envoy left."],
            ),
            (
                "Rates rose. 2024 was worse.",
                &["Rates rose.", "2024 was worse."],
            ),
            (
                "Aid arrived.   Trucks crossed at dawn.",
                &["Aid arrived.", "Trucks crossed at dawn."],
            ),
            (
                "Aid arrived.\tTrucks crossed.",
                &["Aid arrived.", "Trucks crossed."],
            ),
            (
                "Aid arrived.\u{a0}Trucks crossed.",
                &["Aid arrived.", "Trucks crossed."],
            ),
            (
                "Élysée spoke. Österreich replied.",
                &["Élysée spoke.", "Österreich replied."],
            ),
            ("No full stop at the end", &["No full stop at the end"]),
            ("  Padded both sides.  ", &["Padded both sides."]),
        ]);
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_their_sentence() {
        check(&[
            (
                r#"He said: "We agree." Then he left."#,
                &[r#"He said: "We agree.""#, "Then he left."],
            ),
            ("“We agree.” Talks ended.", &["“We agree.”", "Talks ended."]),
            ("‘We agree.’ Talks ended.", &["‘We agree.’", "Talks ended."]),
            ("'We agree.' Talks ended.", &["'We agree.'", "Talks ended."]),
            (
                "(The vote was close.) Delegates left.",
                &["(The vote was close.)", "Delegates left."],
            ),
            (
                "[Updated at noon.] Troops withdrew.",
                &["[Updated at noon.]", "Troops withdrew."],
            ),
            (
                "He asked: “Why now?”) Silence followed.",
                &["He asked: “Why now?”)", "Silence followed."],
            ),
        ]);
    }

    #[test]
    fn opening_quotes_and_brackets_before_a_capital_start_sentences() {
        check(&[
            (
                r#"Talks ended. "We will return," he said."#,
                &["Talks ended.", r#""We will return," he said."#],
            ),
            (
                "Talks ended. “We will return,” he said.",
                &["Talks ended.", "“We will return,” he said."],
            ),
            (
                "Talks ended. (Reuters contributed.)",
                &["Talks ended.", "(Reuters contributed.)"],
            ),
            (
                "Talks ended. (“Never again,” he said.)",
                &["Talks ended.", "(“Never again,” he said.)"],
            ),
            (
                "Talks ended. ‘2025 is late.’",
                &["Talks ended.", "‘2025 is late.’"],
            ),
            // An opening quote before a lower-case word starts nothing.
            (
                r#"The word was "ceasefire." "and" came later."#,
                &[r#"The word was "ceasefire." "and" came later."#],
            ),
        ]);
    }

    #[test]
    fn lower_case_after_a_mark_continues_the_sentence() {
        check(&[
            ("\"Why?\" he asked.", &["\"Why?\" he asked."]),
            (
                "“Why now?” the minister asked. Nobody answered.",
                &["“Why now?” the minister asked.", "Nobody answered."],
            ),
            ("Stop! she shouted.", &["Stop! she shouted."]),
            (
                "The talks stalled... and then resumed.",
                &["The talks stalled... and then resumed."],
            ),
            (
                "The talks stalled… and then resumed.",
                &["The talks stalled… and then resumed."],
            ),
            (
                "Spaced . . . dots persist.",
                &["Spaced . . . dots persist."],
            ),
            ("Spaced . . . The end.", &["Spaced . . .", "The end."]),
        ]);
    }

    #[test]
    fn marks_without_following_whitespace_never_split() {
        check(&[
            (
                "Growth slowed to 3.5 percent in 2024.",
                &["Growth slowed to 3.5 percent in 2024."],
            ),
            (
                "Trade hit $1.2bn. Exports fell.",
                &["Trade hit $1.2bn.", "Exports fell."],
            ),
            ("It cost 1.2bn.Next", &["It cost 1.2bn.Next"]),
            (
                "See example.com for the text.",
                &["See example.com for the text."],
            ),
            (
                "Daily8.ai first reported it.",
                &["Daily8.ai first reported it."],
            ),
            (
                "Write to press@mfa.gov.example today.",
                &["Write to press@mfa.gov.example today."],
            ),
            (
                "Read https://www.un.org/en/about. Then vote.",
                &["Read https://www.un.org/en/about.", "Then vote."],
            ),
            (
                "It moved to example.com. The site is new.",
                &["It moved to example.com.", "The site is new."],
            ),
            (
                "The U.S.-backed force advanced.",
                &["The U.S.-backed force advanced."],
            ),
            ("Really?!Yes.", &["Really?!Yes."]),
        ]);
    }

    #[test]
    fn line_breaks_always_end_sentences() {
        check(&[
            (
                "IRAN AND QATAR SIGN GAS DEAL\nBy Staff Reporter\n\nDOHA - Qatar signed a deal.",
                &[
                    "IRAN AND QATAR SIGN GAS DEAL",
                    "By Staff Reporter",
                    "DOHA - Qatar signed a deal.",
                ],
            ),
            (
                "Headline\r\n\r\nBody text here.\r\n",
                &["Headline", "Body text here."],
            ),
            ("Old Mac line\rNext line", &["Old Mac line", "Next line"]),
            (
                "A caption ends here   \n  and this line is lower case",
                &["A caption ends here", "and this line is lower case"],
            ),
            (
                "Line one\u{2028}Line two\u{2029}Line three\u{85}Line four",
                &["Line one", "Line two", "Line three", "Line four"],
            ),
            (
                "Page one\u{c}Page two\u{b}Tab line",
                &["Page one", "Page two", "Tab line"],
            ),
            ("\n \n\t\n", &[]),
            ("Top\n \t \n\u{a0}\nBottom", &["Top", "Bottom"]),
            // A line break ends even an abbreviation's or acronym's sentence.
            (
                "Sanctions came from the U.S.\nMoscow replied.",
                &["Sanctions came from the U.S.", "Moscow replied."],
            ),
            (
                "Sanctions came from the U.S. \r\nMoscow replied.",
                &["Sanctions came from the U.S.", "Moscow replied."],
            ),
            ("Photo: Mr.\nSmith", &["Photo: Mr.", "Smith"]),
        ]);
    }

    #[test]
    fn the_word_before_a_mark_reads_ascii_and_other_text_alike() {
        fn by_chars(head: &str) -> Option<&str> {
            let mut word_start = head.len();
            for (n, (idx, c)) in head.char_indices().rev().enumerate() {
                if !(c.is_alphanumeric() || c == '.') {
                    break;
                }
                if n >= MAX_WORD_CHARS {
                    return None;
                }
                word_start = idx;
            }
            Some(head[word_start..].trim_start_matches('.'))
        }
        for head in [
            "",
            "Mr",
            "said Mr",
            "the U.S",
            "..U.S",
            "Türkiye",
            "in Türkiye",
            "x é.Ab",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "a abcdefghijklmnop",
            "ééééééééééééééééé",
            "x ééééééééééééééé",
            "日本",
            "a—b",
            "e.g",
        ] {
            assert_eq!(word_before(head), by_chars(head), "{head:?}");
        }
    }

    #[test]
    fn a_full_stop_s_word_is_read_from_its_bytes_as_in_general() {
        for head in [
            "",
            "said",
            "Mr",
            "said Mr",
            "MR",
            "v",
            "said v",
            "X",
            "x",
            "the U.S",
            "U.S.A",
            "D.C",
            "e.g",
            "approx",
            "Approx",
            "approxi",
            "talks",
            "Septembe",
            "Sept",
            "in 1990",
            "Türkiye",
            "x é.Ab",
            "É",
            "a É",
            "Inc",
            "(Inc",
            "\"Jr",
            "7",
            "seventeen letters",
            "abcdefghijklmnopq",
            "a—Mr",
            "No",
            "no",
        ] {
            let general = word_continues_sentence(word_before(head));
            assert_eq!(stop_continues(head), general, "{head:?}");
        }
    }

    #[test]
    fn a_lone_ascii_mark_ends_its_runs_as_the_general_reading_does() {
        let text =
            "said. The 3.5 end?! \"Go.\" (it.) U.S.] a.\u{2026} b.\u{201d} c.\u{a0}x d.\n e!";
        let bytes = text.as_bytes();
        let mut lone = 0;
        for (i, _) in text.char_indices().filter(|&(_, c)| is_mark(c)) {
            let run_end = skip_chars(text, i, text.len(), is_mark);
            let general = (run_end, skip_chars(text, run_end, text.len(), is_closing));
            if let Some(after) = lone_ascii_mark(bytes, i) {
                assert_eq!((after, after), general, "at {i}");
                lone += 1;
            }
        }
        // "said.", "3.5", the "!" of "end?!", the first dot of "U.S.]", "d.",
        // "e!"; not "?!", "Go.\"", "it.)", ".]", "a.…", "b.”", "c." before a
        // no-break space (a byte beyond ASCII).
        assert_eq!(lone, 6);
        assert_eq!(lone_ascii_mark(b"x.. Y", 1), None);
        assert_eq!(lone_ascii_mark(b"x. Y", 0), None);
    }

    #[test]
    fn plain_bytes_are_skipped_to_the_first_that_may_be_special() {
        let may_be_special = |b: u8| !(0x10..0x80).contains(&b) || matches!(b, b'.' | b'!' | b'?');
        let text = "Plain words, then a stop. And more words without one, \
                    long enough to need several steps!\nA line;\u{b}caf\u{e9} \u{2026} end? x";
        let bytes = text.as_bytes();
        for i in 0..=bytes.len() {
            for end in (i..=bytes.len()).step_by(3) {
                let j = skip_plain(bytes, i, end);
                assert!((i..=end).contains(&j), "{i}..{end}: {j}");
                // Never past a byte that may be special ...
                assert!(
                    !bytes[i..j].iter().any(|&b| may_be_special(b)),
                    "{i}..{end}: {j}"
                );
                // ... and only short of one with fewer than eight bytes left.
                let stopped = j == end || may_be_special(bytes[j]) || end - j < 8;
                assert!(stopped, "{i}..{end}: {j}");
            }
        }
    }

    #[test]
    fn titles_do_not_end_sentences() {
        let titles = [
            "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm",
            "Sen", "Rep", "Gov", "Pres", "Amb", "Rev", "St", "Sr", "Jr", "Hon",
        ];
        for title in titles {
            for spelt in [title.to_string(), title.to_ascii_uppercase()] {
                let text = format!("They met {spelt}. Haqqani in Doha. Talks followed.");
                let want = [
                    format!("They met {spelt}. Haqqani in Doha."),
                    "Talks followed.".to_string(),
                ];
                assert_eq!(split(&text), want, "{text:?}");
            }
        }
        check(&[
            (
                "Lt. Gen. Asim Munir met Mr. Wang.",
                &["Lt. Gen. Asim Munir met Mr. Wang."],
            ),
            (
                "The envoy visited St. Petersburg. He left.",
                &["The envoy visited St. Petersburg.", "He left."],
            ),
            (
                "Martin Luther King Jr. Day passed quietly.",
                &["Martin Luther King Jr. Day passed quietly."],
            ),
            // Lower case is no title; nor is a longer word ending in one.
            (
                "He asked for a dr. Nobody came.",
                &["He asked for a dr.", "Nobody came."],
            ),
            (
                "He trained as a medic at Gen. Hospital.",
                &["He trained as a medic at Gen. Hospital."],
            ),
            (
                "Aid went to the Allgen. Trucks followed.",
                &["Aid went to the Allgen.", "Trucks followed."],
            ),
        ]);
    }

    #[test]
    fn months_do_not_end_sentences() {
        let months = [
            "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
        ];
        for month in months {
            let text = format!("The summit opens {month}. 14 in Geneva. Delegates arrive early.");
            let want = [
                format!("The summit opens {month}. 14 in Geneva."),
                "Delegates arrive early.".to_string(),
            ];
            assert_eq!(split(&text), want, "{text:?}");
        }
        check(&[
            (
                "Voting began on Mar. 3 in Kyiv.",
                &["Voting began on Mar. 3 in Kyiv."],
            ),
            // "Mar." only: not a word that ends in "mar", not lower case.
            (
                "The talks were led by Omar. Doha hosted.",
                &["The talks were led by Omar.", "Doha hosted."],
            ),
            (
                "Troops entered Dhamar. Fighting stopped.",
                &["Troops entered Dhamar.", "Fighting stopped."],
            ),
            (
                "It ended in March. Fighting resumed in May.",
                &["It ended in March.", "Fighting resumed in May."],
            ),
            (
                "The date was mar. 3 in the draft.",
                &["The date was mar.", "3 in the draft."],
            ),
            (
                "The date was mar. The draft was wrong.",
                &["The date was mar.", "The draft was wrong."],
            ),
        ]);
    }

    #[test]
    fn other_abbreviations() {
        check(&[
            (
                "He met staff at No. 10 Downing Street.",
                &["He met staff at No. 10 Downing Street."],
            ),
            (
                "The answer was no. Moscow walked out.",
                &["The answer was no.", "Moscow walked out."],
            ),
            (
                "The case Ukraine v. Russia resumed.",
                &["The case Ukraine v. Russia resumed."],
            ),
            (
                "It was Iran vs. Israel again.",
                &["It was Iran vs. Israel again."],
            ),
            (
                "Gulf states, e.g. Qatar, mediated.",
                &["Gulf states, e.g. Qatar, mediated."],
            ),
            (
                "One state, i.e. Oman, abstained.",
                &["One state, i.e. Oman, abstained."],
            ),
            (
                "The fund holds approx. 300 tonnes.",
                &["The fund holds approx. 300 tonnes."],
            ),
            (
                "Acme Inc. Chairman Li resigned.",
                &["Acme Inc. Chairman Li resigned."],
            ),
            (
                "Gulf Shipping Ltd. Vessels were seized.",
                &["Gulf Shipping Ltd. Vessels were seized."],
            ),
            (
                "Tata Steel Co. Executives met.",
                &["Tata Steel Co. Executives met."],
            ),
            (
                "Rosneft Corp. Officials declined.",
                &["Rosneft Corp. Officials declined."],
            ),
            // "etc." before a capital ends the sentence; before lower case it does not.
            (
                "They sent food, fuel, etc. The convoy left.",
                &["They sent food, fuel, etc.", "The convoy left."],
            ),
            (
                "They sent food, fuel, etc. to Gaza.",
                &["They sent food, fuel, etc. to Gaza."],
            ),
        ]);
    }

    #[test]
    fn dotted_acronyms_before_a_capital_do_not_end_sentences() {
        check(&[
            (
                "The U.S. President spoke. Markets rose.",
                &["The U.S. President spoke.", "Markets rose."],
            ),
            (
                "The U.N. Security Council met.",
                &["The U.N. Security Council met."],
            ),
            (
                "The U.K. Foreign Office objected.",
                &["The U.K. Foreign Office objected."],
            ),
            (
                "The E.U. Commission fined it.",
                &["The E.U. Commission fined it."],
            ),
            ("Senator J.D. Vance spoke.", &["Senator J.D. Vance spoke."]),
            (
                "George H.W. Bush visited Kuwait.",
                &["George H.W. Bush visited Kuwait."],
            ),
            // The documented trade-off: "U.S." before a capital never ends a sentence.
            (
                "Sanctions were imposed by the U.S. The Kremlin objected.",
                &["Sanctions were imposed by the U.S. The Kremlin objected."],
            ),
            // Lower case after: no end either; end of text or line: an end.
            ("The U.S. delegation left.", &["The U.S. delegation left."]),
            (
                "Sanctions were imposed by the U.S.",
                &["Sanctions were imposed by the U.S."],
            ),
            (
                "Sanctions came from the U.S.  \nThe Kremlin objected.",
                &["Sanctions came from the U.S.", "The Kremlin objected."],
            ),
            // Clause-final place abbreviations end before a capital.
            (
                "He flew to Washington, D.C. The talks began.",
                &["He flew to Washington, D.C.", "The talks began."],
            ),
            (
                "She toured the U.S.A. Then she flew home.",
                &["She toured the U.S.A.", "Then she flew home."],
            ),
            (
                "It outlived the U.S.S.R. Few expected that.",
                &["It outlived the U.S.S.R.", "Few expected that."],
            ),
            // Lower-case dotted forms other than e.g. and i.e. are ordinary words.
            (
                "The vote closed at 9 a.m. Counting began.",
                &["The vote closed at 9 a.m.", "Counting began."],
            ),
            (
                "The vote closed at 9 a.m. local time.",
                &["The vote closed at 9 a.m. local time."],
            ),
        ]);
    }

    #[test]
    fn single_letter_initials_do_not_end_sentences() {
        check(&[
            (
                "George W. Bush visited Kabul. He left.",
                &["George W. Bush visited Kabul.", "He left."],
            ),
            (
                "J. K. Rowling wrote a letter.",
                &["J. K. Rowling wrote a letter."],
            ),
            (
                "The court cited John F. Kennedy. Judges agreed.",
                &["The court cited John F. Kennedy.", "Judges agreed."],
            ),
            (
                "The report named Ö. Yilmaz as envoy.",
                &["The report named Ö. Yilmaz as envoy."],
            ),
            // A lower-case single letter is an ordinary word.
            (
                "Annex b. The text follows.",
                &["Annex b.", "The text follows."],
            ),
        ]);
    }

    #[test]
    fn numbers_end_sentences_only_after_a_space_and_a_capital() {
        check(&[
            ("In 2024. Then 2025.", &["In 2024.", "Then 2025."]),
            (
                "It fell 3.5 percent. Oil rose 1.2 percent.",
                &["It fell 3.5 percent.", "Oil rose 1.2 percent."],
            ),
            (
                "Turnout was 61.5. 40.2 percent backed him.",
                &["Turnout was 61.5.", "40.2 percent backed him."],
            ),
            (
                "Resolution No. 2231 stands.",
                &["Resolution No. 2231 stands."],
            ),
            (
                "Version 2.0. The update shipped.",
                &["Version 2.0.", "The update shipped."],
            ),
        ]);
    }

    #[test]
    fn degenerate_texts() {
        check(&[
            ("", &[]),
            (" ", &[]),
            (".", &["."]),
            ("…", &["…"]),
            ("?!", &["?!"]),
            (". . .", &[". . ."]),
            (". A", &[".", "A"]),
            ("U.", &["U."]),
            ("Talks ended in the U.", &["Talks ended in the U."]),
            ("Talks ended in the U. ", &["Talks ended in the U."]),
            ("\r\n", &[]),
            ("é.É", &["é.É"]),
            ("é. É", &["é.", "É"]),
            ("’. “É", &["’.", "“É"]),
            ("“…” …", &["“…” …"]),
            ("…\u{2028}…", &["…", "…"]),
            ("\u{85}", &[]),
            ("a\u{85}b", &["a", "b"]),
            ("a©b. ©", &["a©b. ©"]),
            ("ⅰ. Ⅱ.", &["ⅰ.", "Ⅱ."]),
            ("Mr.", &["Mr."]),
            ("Mr. ", &["Mr."]),
            ("Mr. \"", &["Mr. \""]),
            ("End. \"", &["End. \""]),
            ("End. (((((A", &["End. (((((A"]),
            ("End. (((A", &["End.", "(((A"]),
        ]);
    }

    #[test]
    fn run_ons_are_cut_at_a_comma_then_a_space_then_anywhere() {
        // A comma in the second half of the window wins over a later space.
        let list = "Saudi Arabia, ".repeat(500) + "and Qatar signed.";
        let first = sentences(&list).next().unwrap();
        let piece = &list[first.range()];
        assert!(
            piece.ends_with(','),
            "cut after a comma: ...{:?}",
            &piece[piece.len() - 20..]
        );
        assert!(piece.len() > MAX_SENTENCE_BYTES / 2 && piece.len() <= MAX_SENTENCE_BYTES);
        guarantees(&list).unwrap();

        // No comma: the last space in the window.
        let words = "recognised ".repeat(1_000);
        let spans: Vec<Span> = sentences(&words).collect();
        assert!(spans.len() > 1);
        assert!(
            spans
                .iter()
                .all(|s| words[s.range()].ends_with("recognised"))
        );
        guarantees(&words).unwrap();

        // No space either: the last character boundary, never inside a character.
        for text in [
            "x".repeat(3 * MAX_SENTENCE_BYTES),
            "é".repeat(3 * MAX_SENTENCE_BYTES),
            "日本".repeat(MAX_SENTENCE_BYTES),
        ] {
            let spans: Vec<Span> = sentences(&text).collect();
            assert!(spans.len() >= 3, "{} spans", spans.len());
            assert!(
                spans
                    .iter()
                    .all(|s| s.len() + 3 >= MAX_SENTENCE_BYTES || s.end == text.len())
            );
            guarantees(&text).unwrap();
        }

        // A sentence of exactly the maximum is not cut; one byte more is.
        let exact = format!("{}.", "y".repeat(MAX_SENTENCE_BYTES - 1));
        assert_eq!(split(&exact), [exact.as_str()]);
        let over = format!("{}.", "y".repeat(MAX_SENTENCE_BYTES));
        assert_eq!(split(&over).len(), 2);

        // A mark run crossing the limit does not stretch the sentence.
        let marks = format!(
            "{}{} Next.",
            "z".repeat(MAX_SENTENCE_BYTES - 2),
            "?".repeat(10)
        );
        guarantees(&marks).unwrap();
        assert_eq!(split(&marks).last(), Some(&"Next."));
    }

    #[test]
    fn pathological_inputs_finish_in_linear_time() {
        let texts = [
            "word ".repeat(400_000),
            "a".repeat(2_000_000),
            ". ".repeat(500_000),
            ". A".repeat(400_000),
            "U.S. ".repeat(300_000),
            "Mr. X ".repeat(300_000),
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t. A".repeat(50_000),
            "\n".repeat(1_000_000) + "x",
            " ".repeat(1_000_000) + ". " + &" ".repeat(1_000_000) + "A",
            ".".repeat(1_000_000) + &")".repeat(1_000_000) + " A",
            "“".repeat(500_000),
            "é…’ ".repeat(200_000),
            "\r\n".repeat(500_000),
        ];
        for text in &texts {
            let started = std::time::Instant::now();
            guarantees(text).unwrap_or_else(|e| {
                panic!("{:?}...: {e}", &text.chars().take(20).collect::<String>())
            });
            // Quadratic work on 1-2 MB takes minutes; linear work takes milliseconds.
            let took = started.elapsed();
            assert!(
                took.as_secs() < 20,
                "{:?}... took {took:?}",
                text.chars().take(20).collect::<String>()
            );
        }
    }

    #[test]
    fn guarantees_hold_on_generated_text() {
        const PALETTE: &[&str] = &[
            "é", "’", "“", "”", "…", ".", "?", "!", "\n", " ", "U", "S", "a", "Mr", "e.g", "3",
            "\"", "(", ")", "\r\n", "\u{2028}", "\u{a0}", "\t", "日", "🇷🇺", "A", "D.C", ",",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut text = String::new();
        let mut sentences_seen = 0;
        for round in 0..600 {
            text.clear();
            let pieces = next() % if round % 50 == 0 { 3_000 } else { 60 };
            for _ in 0..pieces {
                text.push_str(PALETTE[(next() % PALETTE.len() as u64) as usize]);
            }
            if let Err(e) = guarantees(&text) {
                panic!("round {round}: {text:?}: {e}");
            }
            sentences_seen += sentences(&text).count();
        }
        assert!(
            sentences_seen > 1_000,
            "the generator exercises splitting: {sentences_seen}"
        );
    }

    #[test]
    fn iterator_is_clone_debug_and_fused() {
        let text = "One. Two.";
        let mut it = sentences(text);
        assert_eq!(it.next(), Some(Span::new(0, 4)));
        let rest = it.clone();
        assert!(format!("{rest:?}").contains("Sentences"));
        assert_eq!(it.next(), Some(Span::new(5, 9)));
        assert_eq!(it.next(), None);
        assert_eq!(it.next(), None);
        assert_eq!(rest.collect::<Vec<_>>(), [Span::new(5, 9)]);
    }
}
