//! Matching: one byte trie finds every gazetteer surface and
//! every rule cue word in a single pass over the text.
//!
//! The trie (`trie.rs`) holds the lower-cased surfaces and is walked anchored
//! at each word start on the ASCII-lower-cased text (so ASCII
//! case-insensitive); a hit is kept
//! only on word boundaries and when its capitals fit the surface's case rule:
//! a surface with no lower-case letter is an acronym and must match exactly
//! (`US`, never `us`); any other surface needs the capital letter of each of
//! its capitalised words (`Turkey` and `TURKEY`, never `turkey`). Cue words
//! (the rules' anchors) match in any case. A rejected hit does not hide a
//! shorter surface at the same start ("US army" still finds `US` when `US
//! Army` fails the case rule) nor one starting later inside it.
//! A combining mark (`marks.rs`) belongs to the character it is written on:
//! a hit never ends before one, and a mark after a letter continues its word.
//!
//! Typographic apostrophes are handled by compiling a `’` variant of every
//! surface that contains `'`. Offsets always index the original text.

mod marks;
mod trie;

use crate::document::Via;
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::span::Span;
pub(crate) use marks::is_mark;
use trie::Trie;

/// What one automaton pattern may stand for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    /// The surface with its capitals (for the case rule): its byte range in
    /// [`Matcher::surfaces`].
    surface: (u32, u32),
    pub target: Target,
    pub trap: bool,
    /// Whether the surface starts with a word character (then it must not
    /// continue a word of the text).
    first_is_word: bool,
    /// Whether it ends with one, looking through combining marks ("Russia\u{301}").
    last_is_word: bool,
    /// Whether it is the last of its pattern's candidates (they are
    /// neighbours in [`Matcher::candidates`]).
    last_of_pattern: bool,
    /// Its case rule, worked out once.
    case: CaseRule,
}

/// The case rule of one surface (see [`case_fits`]), in the form a match
/// checks quickly, in one word (so a [`Candidate`] is 32 bytes, two to a
/// cache line): bit `i` set, byte `i` of the text must be an upper-case
/// letter, for a surface of at most 63 bytes; bit 63 set, the surface is
/// an acronym ([`CaseRule::EXACT`]: the text must be the surface exactly)
/// or longer ([`CaseRule::LONG`]: [`case_fits`] itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CaseRule(u64);

impl CaseRule {
    /// The mark of the two rules that are no capitals' mask.
    const OTHER: u64 = 1 << 63;
    const EXACT: CaseRule = CaseRule(Self::OTHER);
    const LONG: CaseRule = CaseRule(Self::OTHER | 1);

    fn of(surface: &str) -> CaseRule {
        let s = surface.as_bytes();
        let has_lower = s.iter().any(u8::is_ascii_lowercase);
        let has_upper = s.iter().any(u8::is_ascii_uppercase);
        if has_upper && !has_lower {
            return CaseRule::EXACT;
        }
        if s.len() > 63 {
            return CaseRule::LONG;
        }
        let mut capitals = 0u64;
        for (i, &b) in s.iter().enumerate() {
            let word_start = i == 0 || !s[i - 1].is_ascii_alphanumeric();
            if b.is_ascii_uppercase() && word_start {
                capitals |= 1 << i;
            }
        }
        CaseRule(capitals)
    }

    /// [`case_fits`]`(surface, found)`, for the surface this rule is of (as
    /// bytes: no character boundaries to check).
    fn fits(self, surface: &[u8], found: &[u8]) -> bool {
        if surface.len() != found.len() {
            return false;
        }
        let CaseRule(mut capitals) = self;
        if capitals & Self::OTHER != 0 {
            return match self {
                CaseRule::EXACT => surface == found,
                _ => case_fits_bytes(surface, found),
            };
        }
        while capitals != 0 {
            let i = capitals.trailing_zeros() as usize;
            if !found.get(i).is_some_and(u8::is_ascii_uppercase) {
                return false;
            }
            capitals &= capitals - 1;
        }
        true
    }
}

/// What a candidate names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A gazetteer entry, through one of its columns.
    Entry { entry: u32, via: Via },
    /// A listed non-actor: consumes the text, names nothing.
    NonActor,
    /// A rule cue word, by its vocabulary id.
    Cue(u32),
}

/// A surface found in the text, before context rules decide whether it is an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub span: Span,
    /// Index into [`Matcher::candidates`]: the first accepted candidate.
    pub candidate: u32,
    /// Further accepted candidates for the same surface (surnames shared by several people).
    pub more: u32,
}

/// A cue word found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CueHit {
    pub span: Span,
    pub word: u32,
}

/// The compiled automaton and what each of its patterns stands for.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    /// The lower-cased patterns, walked anchored at each possible start.
    trie: Trie,
    /// No pattern is empty, so an accepted hit can only begin at a word
    /// start or at one of `odd_starts`.
    word_starts: bool,
    /// The patterns' first words: a word start whose word is none of them
    /// is passed without a walk of the trie.
    heads: Heads,
    /// The first characters of the patterns that do not start with a word
    /// character (a name written `'Matšepo`): the scan tries these too.
    odd_starts: Vec<char>,
    /// [`BYTE_CLASS`], with the ASCII `odd_starts` moved to [`OTHER`] so
    /// that the scan's runs stop at them.
    byte_class: [u8; 256],
    /// Each pattern's candidates, one after the other; the trie reports a
    /// pattern as its first candidate's index.
    candidates: Vec<Candidate>,
    /// Every candidate's surface, one after the other.
    surfaces: Box<str>,
}

/// The order of `keys` sorted, equal keys in their order in `keys` (what a
/// stable sort gives). Sorts (first eight bytes read as one number, index)
/// pairs as plain numbers, then sorts each run of equal first bytes by the
/// keys: most keys differ there, and a slice comparison costs several times
/// a number's.
fn key_order(keys: &[&[u8]]) -> Vec<u32> {
    let prefix = |key: &[u8]| {
        let mut bytes = [0u8; 8];
        let n = key.len().min(8);
        bytes[..n].copy_from_slice(&key[..n]);
        u64::from_be_bytes(bytes)
    };
    let mut order: Vec<(u64, u32)> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| (prefix(key), i as u32))
        .collect();
    // By prefix, then index: numbers only, no closure.
    order.sort_unstable();
    // A run of equal prefixes is in index order: a stable sort by the keys
    // puts equal keys in index order.
    let mut start = 0;
    while start < order.len() {
        let prefix = order[start].0;
        let len = order[start..].iter().take_while(|o| o.0 == prefix).count();
        if len > 1 {
            order[start..start + len].sort_by(|a, b| keys[a.1 as usize].cmp(keys[b.1 as usize]));
        }
        start += len;
    }
    order.into_iter().map(|(_, i)| i).collect()
}

impl Matcher {
    /// Compiles every resolved surface of `gazetteer` and every cue word into one automaton.
    pub fn build(gazetteer: &Gazetteer, cue_words: &[&str]) -> Result<Matcher, Error> {
        let resolved = gazetteer.resolved_surfaces()?;
        // Every surface as written, one after the other in load order, each
        // with what it stands for; its pattern is the same bytes
        // ASCII-lower-cased (the same offsets).
        let bytes: usize = resolved.iter().map(|s| s.text.len()).sum::<usize>()
            + cue_words.iter().map(|w| w.len()).sum::<usize>();
        let mut texts = String::with_capacity(bytes + bytes / 64);
        // A surface with an apostrophe is added twice (with a curly one
        // too): room for those (150 of the shipped 10,000) as in `texts`.
        let surfaces = resolved.len() + cue_words.len();
        let mut pending: Vec<Candidate> = Vec::with_capacity(surfaces + surfaces / 64);
        let mut add = |text: &str, target: Target, trap: bool| {
            let start = texts.len() as u32;
            texts.push_str(text);
            pending.push(Candidate {
                surface: (start, texts.len() as u32),
                target,
                trap,
                first_is_word: match text.as_bytes().first() {
                    Some(&b) if b.is_ascii() => BYTE_CLASS[usize::from(b)] == ASCII_WORD,
                    _ => text.chars().next().is_some_and(is_word_char),
                },
                last_is_word: match text.as_bytes().last() {
                    Some(&b) if b.is_ascii() => BYTE_CLASS[usize::from(b)] == ASCII_WORD,
                    // "Russia\u{301}" ends in a word character: the "a" under its accent.
                    _ => text
                        .chars()
                        .rev()
                        .find(|&c| c.is_ascii() || !is_mark(c))
                        .is_some_and(is_word_char),
                },
                case: CaseRule::of(text),
                last_of_pattern: true,
            });
        };
        for s in &resolved {
            let target = match s.entry {
                Some(entry) => Target::Entry { entry, via: s.via },
                None => Target::NonActor,
            };
            add(s.text, target, s.trap);
            if s.text.contains('\'') {
                add(&s.text.replace('\'', "\u{2019}"), target, s.trap);
            }
        }
        for (id, word) in cue_words.iter().enumerate() {
            add(word, Target::Cue(id as u32), false);
        }
        if texts.len() > trie::MAX_PATTERN_BYTES {
            return Err(Error::Automaton(format!(
                "{} bytes of surfaces and cue words; the matcher holds at most {}",
                texts.len(),
                trie::MAX_PATTERN_BYTES
            )));
        }
        // The resolved surfaces are all in `texts` and `pending` now: freed
        // here, their memory takes the tables below instead of new pages.
        drop(resolved);
        let folded = texts.to_ascii_lowercase();
        let key = |c: &Candidate| &folded[c.surface.0 as usize..c.surface.1 as usize];
        let order = key_order(
            &pending
                .iter()
                .map(|c| key(c).as_bytes())
                .collect::<Vec<_>>(),
        );
        // One pattern per folded text, patterns in text order, each
        // pattern's candidates in load order.
        let mut candidates: Vec<Candidate> = order.iter().map(|&i| pending[i as usize]).collect();
        drop((order, pending));
        let mut keys: Vec<&[u8]> = Vec::with_capacity(candidates.len());
        // Each candidate's key: the trie reports the first of equal keys.
        let mut candidate_keys: Vec<&[u8]> = Vec::with_capacity(candidates.len());
        for i in 0..candidates.len() {
            let key = key(&candidates[i]).as_bytes();
            if keys.last() == Some(&key) {
                candidates[i - 1].last_of_pattern = false;
            } else {
                keys.push(key);
            }
            candidate_keys.push(key);
        }
        // The trie holds the lower-cased keys and `scan` lower-cases the
        // text as it reads it: the same matches and offsets as an
        // ASCII-case-insensitive automaton, at about half its size.
        //
        // It is only ever walked anchored: `scan` tries it at each position
        // where a hit may start (each word start, in the usual case), a few
        // bytes per word. Such a walk needs no failure links, which were two
        // thirds of the build of the Aho-Corasick automaton used before.
        let trie = Trie::new(&candidate_keys);
        let word_starts = keys.iter().all(|k| !k.is_empty());
        let heads = Heads::of(&keys);
        // Each key is a whole surface of `folded`, so valid UTF-8.
        let mut odd_starts: Vec<char> = keys
            .iter()
            .filter_map(|k| std::str::from_utf8(k).ok()?.chars().next())
            .filter(|&c| !is_word_char(c))
            .collect();
        odd_starts.sort_unstable();
        odd_starts.dedup();
        let mut byte_class = BYTE_CLASS;
        for &c in &odd_starts {
            if c.is_ascii() {
                byte_class[c as usize] = OTHER;
            }
        }
        Ok(Matcher {
            trie,
            word_starts,
            heads,
            odd_starts,
            byte_class,
            candidates,
            surfaces: texts.into_boxed_str(),
        })
    }

    /// The candidate at `index`.
    pub fn candidate(&self, index: u32) -> &Candidate {
        &self.candidates[index as usize]
    }

    /// The surface of `c`, with its capitals, as bytes.
    fn surface(&self, c: &Candidate) -> &[u8] {
        let bytes = self.surfaces.as_bytes();
        bytes
            .get(c.surface.0 as usize..c.surface.1 as usize)
            .unwrap_or_default()
    }

    /// Finds every surface and cue word in `text`, appending them in text order.
    ///
    /// This is the leftmost-longest scan: at each position, in order, the
    /// longest pattern starting there is accepted or rejected (then the scan
    /// moves one character on). Only word starts and the odd starts are
    /// tried: a pattern that starts with a word character can only be
    /// accepted at a word start (the word-boundary rule), and any other
    /// pattern starts with one of the odd starts.
    // Kept out of line: inlined into its caller, it was measured slower
    // (its loop then shares registers with the caller's).
    #[inline(never)]
    pub fn scan(&self, text: &str, hits: &mut Vec<Hit>, cues: &mut Vec<CueHit>) {
        let bytes = text.as_bytes();
        let class = &self.byte_class;
        let mut pos = 0;
        let mut after_word = false;
        while pos < bytes.len() {
            if self.word_starts {
                // The fast path, for ASCII: run through the rest of a word and
                // the ASCII non-word bytes after it, then try the word start
                // there. Other bytes (and odd starts) take the step below.
                if after_word {
                    // The ASCII word bytes are exactly `class`'s
                    // ASCII_WORD bytes (an odd start is never a word byte).
                    pos = crate::swar::word_run_end(bytes, pos);
                    after_word = !is_ascii_other(bytes, pos, class);
                }
                if !after_word {
                    pos = run_end(bytes, pos, class, ASCII_OTHER);
                }
                let Some(&b) = bytes.get(pos) else {
                    break;
                };
                // After the runs, an ASCII word byte starts a word.
                if class[usize::from(b)] == ASCII_WORD {
                    let (word_end, word) = crate::swar::word_run(bytes, pos);
                    if !self.heads.may_start(word) {
                        pos = word_end;
                        after_word = !is_ascii_other(bytes, pos, class);
                        continue;
                    }
                    match self.match_at(text, pos, hits, cues) {
                        Some(end) => {
                            pos = end;
                            after_word = ends_in_word(text, pos);
                        }
                        // No hit starts inside the word: on past it.
                        None => {
                            pos = word_end;
                            after_word = !is_ascii_other(bytes, pos, class);
                        }
                    }
                    continue;
                }
            }
            let b = bytes[pos];
            let (is_word, width, odd_start) = if b.is_ascii() {
                let is_word = b.is_ascii_alphanumeric() || b == b'_';
                (is_word, 1, class[usize::from(b)] == OTHER)
            } else {
                let c = text[pos..].chars().next().unwrap_or(' ');
                // A combining mark continues whatever it is written on.
                let is_word = is_word_char(c) || (after_word && is_mark(c));
                (is_word, c.len_utf8(), self.odd_starts.contains(&c))
            };
            if self.word_starts && (!is_word || after_word) && !odd_start {
                after_word = is_word;
                pos += width;
                continue;
            }
            if let Some(end) = self.match_at(text, pos, hits, cues) {
                pos = end;
                after_word = ends_in_word(text, pos);
                continue;
            }
            after_word = is_word;
            pos += width;
        }
    }

    /// The longest surface at `pos` that is accepted (pushed to `hits` or
    /// `cues`): its end.
    #[inline(always)]
    fn match_at(
        &self,
        text: &str,
        pos: usize,
        hits: &mut Vec<Hit>,
        cues: &mut Vec<CueHit>,
    ) -> Option<usize> {
        let (pattern, end) = self.trie.longest_at(text.as_bytes(), pos)?;
        if self.accept(text, Span::new(pos, end), pattern, hits, cues) {
            Some(end)
        } else {
            self.accept_shorter(text, pos, end, hits, cues)
        }
    }

    /// After the longest surface at `pos` (ending at `end`) was rejected,
    /// accepts the longest shorter one at the same start that passes ("US" in
    /// "US army" when `US Army` fails the case rule) and returns its end. A
    /// shorter surface ends on a word boundary inside the rejected one, so at
    /// or before its last non-word character: a single word ("Americans" for
    /// `America`) has none to try, and costs no second search.
    #[cold]
    #[inline(never)]
    fn accept_shorter(
        &self,
        text: &str,
        pos: usize,
        mut end: usize,
        hits: &mut Vec<Hit>,
        cues: &mut Vec<CueHit>,
    ) -> Option<usize> {
        let bytes = text.as_bytes();
        loop {
            let (at, c) = text[pos..end]
                .char_indices()
                .rev()
                .find(|&(_, c)| !is_word_char(c))?;
            // Keep the non-word character itself unless it ended the
            // rejected surface ("U.S." rejected: try up to "U.S").
            let limit = if pos + at + c.len_utf8() < end {
                pos + at + c.len_utf8()
            } else {
                pos + at
            };
            let (pattern, found) = self.trie.longest_at(&bytes[..limit], pos)?;
            if self.accept(text, Span::new(pos, found), pattern, hits, cues) {
                return Some(found);
            }
            end = found;
        }
    }

    /// Decides what the pattern found at `span` (by its first candidate,
    /// `first`) is: a hit (pushed to `hits`), a cue (pushed to `cues`), or
    /// nothing (`false`).
    fn accept(
        &self,
        text: &str,
        span: Span,
        first: usize,
        hits: &mut Vec<Hit>,
        cues: &mut Vec<CueHit>,
    ) -> bool {
        let found = text.as_bytes().get(span.range()).unwrap_or_default();
        // The word-boundary rule: a surface whose edge is a word character
        // must not continue a word in the text, and no surface ends before a
        // combining mark (in "Russia\u{301}n" the mark belongs to the "a"). A
        // mark before the surface counts as the character it is written on.
        let after = match text.as_bytes().get(span.end) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            _ => text[span.end..].chars().next(),
        };
        if after.is_some_and(|c| !c.is_ascii() && is_mark(c)) {
            return false;
        }
        let word_after = after.is_some_and(is_word_char);
        let word_before = word_char_before(text, span.start);
        let mut accepted: Option<u32> = None;
        let mut more = 0;
        let mut cue = None;
        for (ci, c) in (first as u32..).zip(self.candidates.get(first..).unwrap_or_default()) {
            let fits_boundaries =
                !((c.first_is_word && word_before) || (c.last_is_word && word_after));
            if fits_boundaries {
                match c.target {
                    Target::Cue(word) => cue = Some(word),
                    _ if c.case.fits(self.surface(c), found) => match accepted {
                        None => accepted = Some(ci),
                        Some(_) => more += 1,
                    },
                    _ => {}
                }
            }
            if c.last_of_pattern {
                break;
            }
        }
        if let Some(candidate) = accepted {
            hits.push(Hit {
                span,
                candidate,
                more,
            });
            true
        } else if let Some(word) = cue {
            cues.push(CueHit { span, word });
            true
        } else {
            false
        }
    }
}

/// The first words of a set of patterns, as a bit per hash ([`Heads::BITS`]
/// of them: 16 KB, a third of a core's first-level cache; at 8 KB more
/// words passed it by chance, and the walks they cost outweighed the
/// cache it saves).
///
/// A pattern that starts with an ASCII word byte is accepted at a word start
/// only if the word's run of ASCII word bytes is the pattern's own first run
/// (a longer run in the text continues the pattern's last word, which the
/// word-boundary rule rejects; a shorter one differs in a byte): so a word
/// whose run's bit is clear starts no hit, and the scan passes it without a
/// walk of the trie, whose steps mostly miss the cache. On 5 MB of news
/// this more than halves the walks (748,641 -> 340,328).
#[derive(Debug, Clone)]
struct Heads {
    bits: Vec<u64>,
}

impl Heads {
    const BITS: usize = 1 << 17;

    /// The first runs of the (lower-cased) `patterns`.
    fn of(patterns: &[&[u8]]) -> Heads {
        let mut bits = vec![0u64; Heads::BITS / 64];
        for p in patterns {
            let (run, hash) = crate::swar::word_run(p, 0);
            if run > 0 {
                let bit = Heads::bit(hash);
                bits[bit / 64] |= 1 << (bit % 64);
            }
        }
        Heads { bits }
    }

    /// The bit of a run's hash ([`crate::swar::word_run`]).
    #[inline]
    fn bit(hash: u64) -> usize {
        (hash >> (64 - Heads::BITS.trailing_zeros())) as usize
    }

    /// Whether a pattern may start with the run of hash `word`.
    #[inline]
    fn may_start(&self, word: u64) -> bool {
        let bit = Heads::bit(word);
        self.bits
            .get(bit / 64)
            .is_some_and(|b| b >> (bit % 64) & 1 == 1)
    }
}

/// [`BYTE_CLASS`] of an ASCII word character (letter, digit, `_`).
const ASCII_WORD: u8 = 1;
/// [`BYTE_CLASS`] of any other ASCII byte.
const ASCII_OTHER: u8 = 0;
/// [`BYTE_CLASS`] of a byte the scan looks at on its own: a byte of a
/// multi-byte character, or (in [`Matcher::byte_class`]) an odd start.
const OTHER: u8 = 2;

/// What a byte is for the word-start scan; bytes of multi-byte characters
/// are [`OTHER`] (their character decides).
const BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() || c == b'_' {
            ASCII_WORD
        } else {
            ASCII_OTHER
        };
        b += 1;
    }
    table
};

/// The end of the run of bytes of class `run` (in `class`) from `pos`.
#[inline(always)]
fn run_end(bytes: &[u8], pos: usize, class: &[u8; 256], run: u8) -> usize {
    let rest = bytes.get(pos..).unwrap_or(&[]);
    pos + rest
        .iter()
        .take_while(|&&b| class[usize::from(b)] == run)
        .count()
}

/// Whether the byte at `pos` is an ASCII non-word byte (in `class`: not an
/// odd start), where the scan's run of such bytes goes on.
#[inline(always)]
fn is_ascii_other(bytes: &[u8], pos: usize, class: &[u8; 256]) -> bool {
    bytes
        .get(pos)
        .is_some_and(|&b| class[usize::from(b)] == ASCII_OTHER)
}

/// Whether the character before `pos` is a word character.
#[inline(always)]
fn ends_in_word(text: &str, pos: usize) -> bool {
    match pos.checked_sub(1).map(|i| text.as_bytes()[i]) {
        None => false,
        Some(b) if b.is_ascii() => BYTE_CLASS[usize::from(b)] == ASCII_WORD,
        Some(_) => text[..pos].chars().next_back().is_some_and(is_word_char),
    }
}

/// Whether a word character ends `text[..at]` (`at` a boundary): an ASCII
/// byte read as it is, anything else decoded. Unlike the matcher's own
/// boundary test, a combining mark counts as itself.
pub(crate) fn ends_in_word_char(text: &str, at: usize) -> bool {
    match at.checked_sub(1).map(|i| text.as_bytes()[i]) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => (text[..at].chars().next_back()).is_some_and(is_word_char),
    }
}

/// Whether `c` continues a word.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric() || c == '_',
        // News's commonest letters beyond ASCII are no letters at all: curly
        // quotes, dashes, ellipses (General Punctuation holds no letter or
        // digit), and the no-break space; told without Unicode's tables.
        '\u{2000}'..='\u{206f}' | '\u{a0}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Whether the character before `at`, looking through combining marks to
/// the character they are written on, is a word character.
fn word_char_before(text: &str, at: usize) -> bool {
    match at.checked_sub(1).map(|i| text.as_bytes()[i]) {
        None => return false,
        Some(b) if b.is_ascii() => return BYTE_CLASS[usize::from(b)] == ASCII_WORD,
        Some(_) => {}
    }
    text[..at]
        .chars()
        .rev()
        .find(|&c| c.is_ascii() || !is_mark(c))
        .is_some_and(is_word_char)
}

/// The case rule: acronyms exactly, other surfaces with their word-initial capitals.
pub(crate) fn case_fits(surface: &str, found: &str) -> bool {
    case_fits_bytes(surface.as_bytes(), found.as_bytes())
}

/// [`case_fits`] on the texts' bytes.
fn case_fits_bytes(s: &[u8], f: &[u8]) -> bool {
    if s.len() != f.len() {
        return false;
    }
    let has_lower = s.iter().any(u8::is_ascii_lowercase);
    let has_upper = s.iter().any(u8::is_ascii_uppercase);
    if has_upper && !has_lower {
        return s == f;
    }
    s.iter().enumerate().all(|(i, &b)| {
        let word_start = i == 0 || !s[i - 1].is_ascii_alphanumeric();
        !(b.is_ascii_uppercase() && word_start) || f[i].is_ascii_uppercase()
    })
}

#[cfg(test)]
mod tests {
    /// The short cuts give Unicode's answer for every character.
    #[test]
    fn word_characters_are_unicode_s_letters_digits_and_underscore() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                super::is_word_char(c),
                c.is_alphanumeric() || c == '_',
                "{c:?}"
            );
        }
    }

    use super::*;

    #[test]
    fn key_order_is_a_stable_sort_by_key() {
        let keys = [
            "united states",
            "us",
            "united kingdom",
            "u",
            "",
            "us",
            "united states",
            "united\0",
            "united",
            "a\u{e9}",
            "ab",
            "us",
        ];
        let bytes: Vec<&[u8]> = keys.iter().map(|k| k.as_bytes()).collect();
        let mut expected: Vec<u32> = (0..keys.len() as u32).collect();
        expected.sort_by_key(|&i| keys[i as usize]);
        assert_eq!(key_order(&bytes), expected);
    }

    fn matcher(countries: &str, cues: &[&str]) -> (Gazetteer, Matcher) {
        let mut g = Gazetteer::new();
        g.add_str("countries.tsv", countries).unwrap();
        let m = Matcher::build(&g, cues).unwrap();
        (g, m)
    }

    fn found(m: &Matcher, text: &str) -> Vec<String> {
        let (mut hits, mut cues) = (Vec::new(), Vec::new());
        m.scan(text, &mut hits, &mut cues);
        let mut out: Vec<(usize, String)> = hits
            .iter()
            .map(|h| (h.span.start, text[h.span.range()].to_string()))
            .chain(
                cues.iter()
                    .map(|c| (c.span.start, format!("cue:{}", &text[c.span.range()]))),
            )
            .collect();
        out.sort();
        out.into_iter().map(|(_, s)| s).collect()
    }

    const GAZ: &str = "id\tname\taliases\nUSA\tUnited States\tUS|U.S.|America\nTUR\tTurkey\tTürkiye\nCIV\tIvory Coast\tCôte d'Ivoire\nGBR\tUnited Kingdom\tUK|Britain|Great Britain\n";

    #[test]
    fn acronyms_match_exactly_names_need_capitals() {
        let (_, m) = matcher(GAZ, &[]);
        assert_eq!(found(&m, "us and US and Us"), ["US"]);
        assert_eq!(
            found(&m, "turkey, Turkey, TURKEY and Türkiye"),
            ["Turkey", "TURKEY", "Türkiye"]
        );
        assert_eq!(found(&m, "united states"), Vec::<String>::new());
        assert_eq!(found(&m, "the U.S.-backed plan"), ["U.S."]);
    }

    #[test]
    fn word_boundaries_and_possessives() {
        let (_, m) = matcher(GAZ, &[]);
        assert_eq!(found(&m, "Americans and USB sticks"), Vec::<String>::new());
        assert_eq!(found(&m, "America's and Britain’s"), ["America", "Britain"]);
        assert_eq!(found(&m, "US-Turkey talks"), ["US", "Turkey"]);
    }

    #[test]
    fn longest_surface_wins_and_curly_apostrophes_match() {
        let (_, m) = matcher(GAZ, &[]);
        assert_eq!(found(&m, "Great Britain voted"), ["Great Britain"]);
        assert_eq!(
            found(&m, "Côte d’Ivoire and Côte d'Ivoire"),
            ["Côte d’Ivoire", "Côte d'Ivoire"]
        );
    }

    #[test]
    fn cue_words_match_in_any_case() {
        let (_, m) = matcher(GAZ, &["recognised", "recognise"]);
        assert_eq!(
            found(
                &m,
                "Recognised by the US, which recognised none; recognises nothing"
            ),
            ["cue:Recognised", "US", "cue:recognised"]
        );
    }

    #[test]
    fn a_rejected_hit_hides_nothing() {
        let (_, m) = matcher("id\tname\taliases\nUSA\tUnited States\tUS|Us Weekly\n", &[]);
        // "us weekly" fails the case rule; the scan resumes and finds nothing wrongly.
        assert_eq!(found(&m, "us weekly and US"), ["US"]);
    }

    #[test]
    fn a_rejected_longer_surface_falls_back_to_a_shorter_one_at_the_same_start() {
        let (_, m) = matcher(
            "id\tname\taliases\nUSA\tUnited States\tUS|US Army|US Army Corps\nGEO\tGeorgia\tGeorgia Republic\n",
            &[],
        );
        // "US army" fails the case rule of `US Army`; `US` at the same start still matches.
        assert_eq!(
            found(&m, "the US army and US Army Corps"),
            ["US", "US Army Corps"]
        );
        assert_eq!(found(&m, "US Army corps"), ["US Army"]);
        // "Georgia republican" fails the boundary of `Georgia Republic`.
        assert_eq!(found(&m, "Georgia republicans"), ["Georgia"]);
    }

    #[test]
    fn heads_hold_each_patterns_first_word_in_any_case() {
        let patterns: [&[u8]; 4] = [b"united states", b"us", b"u.s.", b"c\xc3\xb4te d'ivoire"];
        let heads = Heads::of(&patterns);
        for word in ["United", "UNITED", "us", "U", "C"] {
            let (end, hash) = crate::swar::word_run(word.as_bytes(), 0);
            assert_eq!(end, word.len());
            assert!(heads.may_start(hash), "{word}");
        }
    }

    #[test]
    fn large_gazetteers_give_the_same_results() {
        let (_, small) = matcher(GAZ, &["recognised"]);
        let mut g = Gazetteer::new();
        g.add_str("countries.tsv", GAZ).unwrap();
        let padding: String = (0..5000)
            .map(|i| format!("padding-{i}\tPadding Organisation Number {i:05}\t\n"))
            .collect();
        let organisations = format!("id\tname\taliases\n{padding}");
        g.add_str("organisations.tsv", &organisations).unwrap();
        let large = Matcher::build(&g, &["recognised"]).unwrap();
        for text in [
            "us and US and Us; turkey, Turkey, TURKEY and Türkiye; united states",
            "Americans and USB sticks, America's and Britain’s, US-Turkey talks",
            "Great Britain voted; Côte d’Ivoire and Côte d'Ivoire; RECOGNISED by the US",
            "ÉTATS-UNIS, the U.S.-backed plan, Padding Organisation Number 00042 said",
        ] {
            let mut in_large = found(&large, text);
            in_large.retain(|s| !s.starts_with("Padding"));
            assert_eq!(found(&small, text), in_large, "{text}");
        }
        let padding = found(&large, "Padding Organisation Number 00042 said");
        assert_eq!(padding, ["Padding Organisation Number 00042"]);
    }

    /// The scan as it was: an unanchored leftmost-longest automaton over an
    /// ASCII-lower-cased copy; after a rejected hit, the longest shorter one
    /// at the same start (an anchored search), else on one character.
    fn reference_scan(m: &Matcher, keys: &[String], text: &str) -> (Vec<Hit>, Vec<CueHit>) {
        use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(keys)
            .unwrap();
        let haystack = text.to_ascii_lowercase();
        // Each distinct key's first candidate, as the trie reports it.
        let firsts: Vec<usize> = (0..m.candidates.len())
            .filter(|&i| i == 0 || m.candidates[i - 1].last_of_pattern)
            .collect();
        assert_eq!(firsts.len(), keys.len());
        let (mut hits, mut cues) = (Vec::new(), Vec::new());
        let mut pos = 0;
        while pos < text.len() {
            let Some(h) = ac.find(Input::new(&haystack).span(pos..text.len())) else {
                break;
            };
            let mut found = Some(h);
            let mut accepted = None;
            while let Some(h) = found {
                let span = Span::new(h.start(), h.end());
                let first = firsts[h.pattern().as_usize()];
                if m.accept(text, span, first, &mut hits, &mut cues) {
                    accepted = Some(span.end);
                    break;
                }
                let shorter = Input::new(&haystack)
                    .span(h.start()..h.end() - 1)
                    .anchored(Anchored::Yes);
                found = ac.find(shorter);
            }
            pos = accepted.unwrap_or_else(|| {
                h.start() + text[h.start()..].chars().next().map_or(1, char::len_utf8)
            });
        }
        (hits, cues)
    }

    #[test]
    fn anchored_word_start_scan_equals_the_unanchored_scan() {
        // The second gazetteer has a surface starting with punctuation and
        // one starting with an apostrophe (so also with `’`): the scan tries
        // those characters too, not only word starts.
        let odd = format!("{GAZ}XXX\t(Quoted) Land\tUs Weekly|ates|'Apos Land\n");
        for gaz in [GAZ, odd.as_str()] {
            let mut g = Gazetteer::new();
            g.add_str("countries.tsv", gaz).unwrap();
            let cues = ["recognised", "recognise", "us", "states", "land"];
            let m = Matcher::build(&g, &cues).unwrap();
            assert!(m.word_starts);
            let odd: &[char] = if gaz == GAZ { &[] } else { &['\'', '(', '’'] };
            assert_eq!(m.odd_starts, odd);
            let mut keys: Vec<String> = Vec::new();
            for s in g.resolved_surfaces().unwrap() {
                keys.push(s.text.to_ascii_lowercase());
                if s.text.contains('\'') {
                    keys.push(s.text.replace('\'', "\u{2019}").to_ascii_lowercase());
                }
            }
            keys.extend(cues.iter().map(|c| c.to_ascii_lowercase()));
            // The patterns are the distinct keys in text order.
            keys.sort();
            keys.dedup();
            let pieces = [
                "US",
                "us",
                "Us",
                "United States",
                "united",
                "States",
                "ates",
                "USB",
                " ",
                ", ",
                "-",
                "(",
                "(Quoted) Land",
                "'Apos Land",
                "’Apos Land",
                "Apos",
                "Quoted",
                "Land",
                "Türkiye",
                "TURKEY",
                "É",
                "’",
                "'",
                "Côte d’Ivoire",
                "Côte d'Ivoire",
                "x",
                "_",
                "9",
                "Great Britain",
                "Britain",
                "Us Weekly",
                "recognised",
                "RECOGNISE",
                ".",
                "U.S.",
                "\n",
                // Words that continue, or stop short of, a first word.
                "Statesmen",
                "Unite",
                "USA9",
                "Britain_",
            ];
            let mut state = 0x2545_f491_4f6c_dd1du64;
            for _ in 0..3000 {
                let mut text = String::new();
                for _ in 0..12 {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    text.push_str(pieces[(state % pieces.len() as u64) as usize]);
                }
                let (mut hits, mut cue_hits) = (Vec::new(), Vec::new());
                m.scan(&text, &mut hits, &mut cue_hits);
                assert_eq!(
                    (hits, cue_hits),
                    reference_scan(&m, &keys, &text),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn case_rule() {
        assert!(case_fits("al-Qaeda", "Al-Qaeda"));
        assert!(case_fits("Al-Qaeda", "AL-QAEDA"));
        assert!(!case_fits("Al-Qaeda", "al-qaeda"));
        assert!(case_fits("U.S.", "U.S."));
        assert!(!case_fits("U.S.", "u.s."));
    }

    #[test]
    fn a_precomputed_case_rule_agrees_with_case_fits() {
        let long =
            "Democratic Republic of the Congo and the Very Long Named Organisation of States";
        // The longest surface with a capitals' mask, and the shortest without.
        let words = "Ab ".repeat(22);
        let (sixty_three, sixty_four) = (&words[..63], &words[..64]);
        let surfaces = [
            sixty_three,
            sixty_four,
            "al-Qaeda",
            "Al-Qaeda",
            "U.S.",
            "US",
            "Turkey",
            "Côte d'Ivoire",
            "iPhone",
            "x",
            "",
            "McDonald",
            "e.g.",
            long,
        ];
        for s in surfaces {
            let rule = CaseRule::of(s);
            for found in [
                s.to_string(),
                s.to_ascii_lowercase(),
                s.to_ascii_uppercase(),
                s.chars().rev().collect(),
                format!("{s}x"),
            ] {
                assert_eq!(
                    rule.fits(s.as_bytes(), found.as_bytes()),
                    case_fits(s, &found),
                    "{s:?} {found:?}"
                );
            }
        }
        assert_eq!(CaseRule::of(long), CaseRule::LONG);
        assert_eq!(CaseRule::of(sixty_four), CaseRule::LONG);
        assert_ne!(CaseRule::of(sixty_three), CaseRule::LONG);
        assert_eq!(std::mem::size_of::<Candidate>(), 32);
    }
}
