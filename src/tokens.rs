//! Tokens: one sentence as words, punctuation and mentions, for the rules
//! and the reference stage (which reads the same tokens).
//!
//! Only sentences that hold both a mention and a rule cue are tokenised. A
//! mention is one token whatever its length; a trailing possessive (`'s`,
//! `’s`) is a token of its own; hyphens and other punctuation are tokens;
//! apostrophes inside words stay (`didn't`). Words carry their id in the rule
//! vocabulary, so matching compares integers, never strings.

use crate::matcher::{is_mark, is_word_char};
use crate::resolve::Mention;
use crate::span::Span;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A word; `vocab` is its id in the rule vocabulary, if the rules know it.
    Word { vocab: Option<u32> },
    /// One punctuation character.
    Punct(char),
    /// A mention, by its index in the document's mention list.
    Mention(u32),
}

/// One token of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// The words the rules know, lower-cased, with `’` folded to `'`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocabulary {
    /// Keyed by the word's bytes, so a lookup needs no UTF-8 check.
    ids: HashMap<Box<[u8]>, u32, BuildHasherDefault<WordHasher>>,
    /// The same for words of at most eight bytes (most), keyed by their bytes
    /// as one zero-padded integer: one multiply to hash, no slice compare.
    short: ShortTable<u64>,
    /// The same for words of nine to sixteen bytes, as two such integers.
    medium: ShortTable<(u64, u64)>,
    words: Vec<Box<str>>,
}

/// A word of one to eight bytes, none of them zero, as one integer (so
/// distinct words are distinct keys).
fn pack(word: &[u8]) -> Option<u64> {
    let mut buf = [0u8; 8];
    buf.get_mut(..word.len())?.copy_from_slice(word);
    (!word.is_empty() && !word.contains(&0)).then(|| u64::from_le_bytes(buf))
}

/// A word of nine to sixteen bytes, none of them zero, as two integers: its
/// first eight bytes and the rest, each as [`pack`] packs them.
fn pack_medium(word: &[u8]) -> Option<(u64, u64)> {
    let (head, tail) = word.split_at_checked(8)?;
    Some((pack(head)?, pack(tail)?))
}

impl Vocabulary {
    /// The id of `word` (already normalised), adding it if new.
    pub fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word.as_bytes()) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.into());
        self.ids.insert(word.as_bytes().into(), id);
        if let Some(key) = pack(word.as_bytes()) {
            self.short.insert(key, id);
        }
        if let Some(key) = pack_medium(word.as_bytes()) {
            self.medium.insert(key, id);
        }
        id
    }

    /// The id of a surface word from a text, normalising it on a small stack buffer.
    #[inline]
    pub fn lookup(&self, surface: &str) -> Option<u32> {
        match short_ascii_key(surface.as_bytes()) {
            // The most common case: a short ASCII word (as `pack` would pack
            // it lower-cased), looked up without the general path's frame.
            Some(key) => self.short.get(key),
            None => self.lookup_long(surface),
        }
    }

    /// [`Vocabulary::lookup`] for a word that is not short ASCII.
    #[inline(never)]
    fn lookup_long(&self, surface: &str) -> Option<u32> {
        match medium_ascii_key(surface.as_bytes()) {
            Some(key) => self.medium.get(key),
            None => self.lookup_other(surface),
        }
    }

    /// [`Vocabulary::lookup`] for a word over sixteen bytes or not ASCII,
    /// the rarer case: out of [`Vocabulary::lookup_long`], whose code it
    /// was seven eighths of (3.7 KB).
    #[cold]
    #[inline(never)]
    fn lookup_other(&self, surface: &str) -> Option<u32> {
        let bytes = surface.as_bytes();
        let mut buf = [0u8; 48];
        if bytes.is_ascii() {
            // Lower-case byte by byte.
            let buf = buf.get_mut(..bytes.len())?;
            for (d, &b) in buf.iter_mut().zip(bytes) {
                *d = b.to_ascii_lowercase();
            }
            return self.ids.get(&*buf).copied();
        }
        let mut len = 0;
        for c in surface.chars() {
            let c = if c == '\u{2019}' { '\'' } else { c };
            for l in c.to_lowercase() {
                if len + l.len_utf8() > buf.len() {
                    return None;
                }
                l.encode_utf8(&mut buf[len..]);
                len += l.len_utf8();
            }
        }
        self.ids.get(&buf[..len]).copied()
    }

    /// The word with this id.
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// Every word, by id.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| &**w)
    }
}

/// `word` of one to eight ASCII bytes, none of them NUL, lower-cased and
/// packed as [`pack`] packs it; `None` for any other word. Reads the bytes
/// as two overlapping halves and lower-cases all eight lanes at once.
fn short_ascii_key(word: &[u8]) -> Option<u64> {
    use crate::swar::{HIGHS, ONES, load_short, zero_lanes};
    let n = word.len();
    let key = load_short(word)?;
    let used = if n == 8 { u64::MAX } else { (1 << (8 * n)) - 1 };
    // Below the first zero byte, the has-zero trick flags exactly the zero bytes.
    let nul = zero_lanes(key) & used;
    if key & HIGHS != 0 || nul != 0 {
        return None;
    }
    // Every lane is below 0x80, so no sum carries into the next lane.
    let at_least_a = key + ONES * u64::from(0x80 - b'A');
    let past_z = key + ONES * u64::from(0x80 - b'Z' - 1);
    let upper = at_least_a & !past_z & HIGHS;
    Some(key | upper >> 2)
}

/// `word` of nine to sixteen ASCII bytes, none of them NUL, lower-cased and
/// packed as [`pack_medium`] packs it; `None` for any other word.
fn medium_ascii_key(word: &[u8]) -> Option<(u64, u64)> {
    let (head, tail) = word.split_at_checked(8)?;
    Some((short_ascii_key(head)?, short_ascii_key(tail)?))
}

/// A key of a [`ShortTable`]: packed bytes, never [`TableKey::EMPTY`].
trait TableKey: Copy + Eq {
    /// The key of an empty slot.
    const EMPTY: Self;
    /// The key as one integer to hash.
    fn mix(self) -> u64;
}

impl TableKey for u64 {
    const EMPTY: u64 = 0;
    fn mix(self) -> u64 {
        self
    }
}

impl TableKey for (u64, u64) {
    const EMPTY: (u64, u64) = (0, 0);
    fn mix(self) -> u64 {
        self.0 ^ self.1.rotate_left(29)
    }
}

/// Packed words (see [`pack`] and [`pack_medium`]) to their ids: open
/// addressing with linear probing in a table at most half full, hashed by
/// one multiplication. A look-up is a few loads, against a general hash
/// map's group probing; it is done for every word of every tokenised sentence.
#[derive(Debug, Clone)]
struct ShortTable<K> {
    /// `(key, id)`, [`TableKey::EMPTY`] for an empty slot; the length is a power of two.
    slots: Vec<(K, u32)>,
    len: usize,
}

impl<K> Default for ShortTable<K> {
    fn default() -> Self {
        ShortTable {
            slots: Vec::new(),
            len: 0,
        }
    }
}

impl<K: TableKey> ShortTable<K> {
    /// The slot where the probe for `key` starts.
    fn home(&self, key: K) -> usize {
        let bits = self.slots.len().trailing_zeros();
        // Fibonacci hashing: the product's high bits mix every byte of the key.
        (key.mix().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
    }

    fn get(&self, key: K) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let (k, id) = self.slots[i];
            // One branch on whether this slot decides (it mostly does: the
            // table is at most half full), then the answer without one:
            // whether a text's word is the rules' is not predictable, and
            // branching on it was a third of the tokenizer's mispredictions.
            let found = k == key;
            if found | (k == K::EMPTY) {
                return found.then_some(id);
            }
            i = (i + 1) & mask;
        }
    }

    /// Sets `key`'s id (`key` is not [`TableKey::EMPTY`]).
    fn insert(&mut self, key: K, id: u32) {
        if 2 * (self.len + 1) > self.slots.len() {
            let size = (2 * self.slots.len()).max(64);
            let old = std::mem::replace(&mut self.slots, vec![(K::EMPTY, 0); size]);
            self.len = 0;
            for (k, v) in old.into_iter().filter(|&(k, _)| k != K::EMPTY) {
                self.insert(k, v);
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while self.slots[i].0 != K::EMPTY && self.slots[i].0 != key {
            i = (i + 1) & mask;
        }
        if self.slots[i].0 == K::EMPTY {
            self.len += 1;
        }
        self.slots[i] = (key, id);
    }
}

/// A hash map keyed by words or other short strings, with [`WordHasher`].
pub(crate) type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// A fast hash for short words (FxHash's multiply-rotate), looked up once per
/// token. The keys are the rules' fixed words, so hash flooding cannot grow them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, mut bytes: &[u8]) {
        while let Some((head, rest)) = bytes.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*head));
            bytes = rest;
        }
        let mut last = 0u64;
        for (i, &b) in bytes.iter().enumerate() {
            last |= u64::from(b) << (8 * i);
        }
        self.add(last);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        // A product's low bits depend only on the factors' low bits (a word's
        // first bytes), and the table picks buckets by the low bits: fold the
        // well-mixed high half down.
        self.0 ^ (self.0 >> 32)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits `span` of `text` into tokens, appending them to `out`. `mentions` are
/// the document's mentions in text order; `first_mention` indexes the first
/// one that may lie in the span.
pub(crate) fn tokenize(
    text: &str,
    span: Span,
    mentions: &[Mention],
    first_mention: usize,
    vocab: &Vocabulary,
    out: &mut Vec<Token>,
) {
    let bytes = text.as_bytes();
    let mut next_mention = first_mention;
    // The start of `mentions[next_mention]`, and where it may be read as a
    // token: its start if it ends in the span, else never (a mention running
    // past the span's end, a sentence cut inside "Saudi Arabia", is read as
    // words: a token never leaves its sentence).
    let (mut upcoming, mut mention_start) = (usize::MAX, usize::MAX);
    let refresh = |next: usize, upcoming: &mut usize, mention_start: &mut usize| {
        let m = mentions.get(next);
        *upcoming = m.map_or(usize::MAX, |m| m.span.start);
        *mention_start = m
            .filter(|m| m.span.end <= span.end)
            .map_or(usize::MAX, |m| m.span.start);
    };
    refresh(next_mention, &mut upcoming, &mut mention_start);
    let mut i = span.start;
    while i < span.end {
        if upcoming < i {
            while next_mention < mentions.len() && mentions[next_mention].span.start < i {
                next_mention += 1;
            }
            refresh(next_mention, &mut upcoming, &mut mention_start);
        }
        if mention_start == i {
            let m = &mentions[next_mention];
            out.push(Token {
                span: m.span,
                kind: TokenKind::Mention(next_mention as u32),
            });
            i = m.span.end;
            next_mention += 1;
            refresh(next_mention, &mut upcoming, &mut mention_start);
            continue;
        }
        let stop = span.end.min(mention_start);
        // ASCII fast paths: spaces and plain words are most of the text.
        let c = match bytes.get(i) {
            Some(b' ' | b'\n') => {
                i += 1;
                continue;
            }
            Some(&b) if WORD_BYTE[usize::from(b)] => {
                let end = word_end(text, i, stop).max(i + 1);
                push_words(text, i, end, vocab, out);
                i = end;
                // The space after a word, in the same turn (no mention starts there).
                if bytes.get(i) == Some(&b' ') && upcoming != i {
                    i += 1;
                }
                continue;
            }
            Some(&b) if b.is_ascii() => char::from(b),
            Some(_) => match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            },
            None => break,
        };
        if c.is_whitespace() {
            i += c.len_utf8();
        } else if is_word_char(c) {
            let end = word_end(text, i, stop);
            push_words(text, i, end, vocab, out);
            i = end.max(i + c.len_utf8());
        } else if is_apostrophe(c)
            && text[i + c.len_utf8()..stop].starts_with(['s', 'S'])
            && !text[i + c.len_utf8() + 1..]
                .chars()
                .next()
                .is_some_and(is_word_char)
        {
            let end = i + c.len_utf8() + 1;
            push_word(text, Span::new(i, end), vocab, out);
            i = end;
        } else {
            out.push(Token {
                span: Span::new(i, i + c.len_utf8()),
                kind: TokenKind::Punct(c),
            });
            i += c.len_utf8();
        }
    }
}

/// ASCII letters, digits and `_`: the bytes that are word characters on their own.
const WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

/// The word `start..end` as one token, or two when it ends in a possessive:
/// "group's" -> "group" + "'s".
#[inline(always)]
fn push_words(text: &str, start: usize, end: usize, vocab: &Vocabulary, out: &mut Vec<Token>) {
    let word = &text[start..end];
    // Whether the word ends in `'s` or in the last byte of `’` and `s`, as
    // one test: branching on a final `s` alone mispredicts (plurals).
    let ends_like_possessive = word.as_bytes().last_chunk::<2>().is_some_and(|&t| {
        let t = u16::from_le_bytes(t);
        (t == u16::from_le_bytes(*b"'s")) | (t == u16::from_le_bytes([0x99, b's']))
    });
    let split = if ends_like_possessive {
        ["'s", "\u{2019}s"].iter().find_map(|p| {
            word.strip_suffix(p)
                .filter(|stem| !stem.is_empty() && !stem.ends_with(is_apostrophe))
                .map(|stem| start + stem.len())
        })
    } else {
        None
    };
    match split {
        Some(mid) => {
            push_word(text, Span::new(start, mid), vocab, out);
            push_word(text, Span::new(mid, end), vocab, out);
        }
        None => push_word(text, Span::new(start, end), vocab, out),
    }
}

/// The end of the word starting at `start` (a word character), at most
/// `stop`: word characters and combining marks, and apostrophes followed by
/// a word character (`didn't`).
#[inline(always)]
fn word_end(text: &str, start: usize, stop: usize) -> usize {
    let bytes = &text.as_bytes()[..stop];
    let mut end = start;
    let mut j = start;
    loop {
        let run = crate::swar::word_run_end(bytes, j);
        if run > j {
            j = run;
            end = j;
        }
        let Some(&b) = bytes.get(j) else {
            break;
        };
        // Any other ASCII byte but an apostrophe ends the word (a combining
        // mark is never ASCII).
        if b.is_ascii() && b != b'\'' {
            break;
        }
        let Some(ch) = text[j..stop].chars().next() else {
            break;
        };
        let next = j + ch.len_utf8();
        // A combining mark belongs to the letter before it ("Russia\u{301}n").
        if is_word_char(ch) || is_mark(ch) {
            j = next;
            end = j;
        } else if is_apostrophe(ch) && text[next..stop].chars().next().is_some_and(is_word_char) {
            j = next;
        } else {
            break;
        }
    }
    end
}

#[inline(always)]
fn push_word(text: &str, span: Span, vocab: &Vocabulary, out: &mut Vec<Token>) {
    out.push(Token {
        span,
        kind: TokenKind::Word {
            vocab: vocab.lookup(&text[span.range()]),
        },
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Via;

    fn show(text: &str, mentions: &[Mention]) -> Vec<String> {
        let mut vocab = Vocabulary::default();
        vocab.intern("'s");
        vocab.intern("didn't");
        let mut out = Vec::new();
        tokenize(
            text,
            Span::new(0, text.len()),
            mentions,
            0,
            &vocab,
            &mut out,
        );
        out.iter()
            .map(|t| match t.kind {
                TokenKind::Word { vocab: Some(id) } => {
                    format!("{}#{}", &text[t.span.range()], vocab.word(id))
                }
                TokenKind::Word { vocab: None } => text[t.span.range()].to_string(),
                TokenKind::Punct(c) => format!("<{c}>"),
                TokenKind::Mention(i) => format!("[{}]", i),
            })
            .collect()
    }

    #[test]
    fn splits_words_possessives_and_mentions() {
        let text = "Russia’s envoy didn't go, the group's Taliban-appointed man";
        let taliban = text.find("Taliban").unwrap();
        let mentions = [
            Mention {
                span: Span::new(0, 6),
                entry: 0,
                via: Via::Name,
            },
            Mention {
                span: Span::new(taliban, taliban + 7),
                entry: 1,
                via: Via::Name,
            },
        ];
        assert_eq!(
            show(text, &mentions),
            [
                "[0]",
                "’s#'s",
                "envoy",
                "didn't#didn't",
                "go",
                "<,>",
                "the",
                "group",
                "'s#'s",
                "[1]",
                "<->",
                "appointed",
                "man"
            ]
        );
    }

    #[test]
    fn the_short_table_finds_what_was_put_in() {
        let mut table = ShortTable::<u64>::default();
        assert_eq!(table.get(7), None);
        for k in 1..=1000u64 {
            table.insert(k * 0x0101, k as u32);
        }
        table.insert(0x0101, 42);
        for k in 2..=1000u64 {
            assert_eq!(table.get(k * 0x0101), Some(k as u32));
            assert_eq!(table.get(k * 0x0101 + 1), None);
        }
        assert_eq!(table.get(0x0101), Some(42));
        assert_eq!(table.len, 1000);
    }

    #[test]
    fn words_of_every_length_are_found_in_any_case() {
        let mut vocab = Vocabulary::default();
        let words = [
            "un",
            "abcdefgh",
            "abcdefghi",
            "government",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "caf\u{e9}-society",
            "abcdefgh\u{e9}",
        ];
        let ids: Vec<u32> = words.iter().map(|w| vocab.intern(w)).collect();
        for (w, id) in words.iter().zip(&ids) {
            assert_eq!(vocab.lookup(w), Some(*id), "{w}");
            assert_eq!(vocab.lookup(&w.to_uppercase()), Some(*id), "{w}");
        }
        for w in [
            "abcdefghij",
            "abcdefgh\0",
            "governments",
            "abcdefghijklmno",
            "GOVERNMEN",
        ] {
            assert_eq!(vocab.lookup(w), None, "{w}");
        }
    }

    #[test]
    fn short_keys_are_the_lower_cased_packed_words() {
        let words = [
            "a",
            "A",
            "ab",
            "aB",
            "abc",
            "ABCD",
            "Hello",
            "didn't",
            "ZzAa@[`{",
            "abcdefgh",
            "x_9",
            "",
            "abcdefghi",
            "caf\u{e9}",
            "a\0b",
            "\0",
            "\u{7f}",
        ];
        for w in words {
            let lower = w.to_ascii_lowercase();
            let expected = pack(lower.as_bytes()).filter(|_| w.is_ascii());
            assert_eq!(short_ascii_key(w.as_bytes()), expected, "{w:?}");
        }
    }

    #[test]
    fn combining_marks_stay_in_their_word() {
        assert_eq!(
            show("Russia\u{301}n caf\u{e9} cafe\u{301} \u{301}x", &[]),
            [
                "Russia\u{301}n",
                "caf\u{e9}",
                "cafe\u{301}",
                "<\u{301}>",
                "x"
            ]
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["'", "’s", "a'", "é’", "x's'", "''s", "\u{2019}\u{2019}"] {
            show(text, &[]);
        }
    }
}
