//! Matching: one Aho-Corasick automaton finds every gazetteer surface and
//! every rule cue word in a single pass over the text.
//!
//! The automaton is leftmost-longest over lower-cased surfaces, run anchored
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

use crate::document::Via;
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::span::Span;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
pub(crate) use marks::is_mark;
use std::collections::HashMap;

/// What one automaton pattern may stand for.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// The surface with its capitals (for the case rule).
    pub surface: Box<str>,
    pub target: Target,
    pub trap: bool,
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
    automaton: NFA,
    /// The automaton's first two anchored steps, read off it once.
    first_steps: FirstSteps,
    /// Every pattern starts with a word character (true of all embedded
    /// surfaces and cues), so only word starts can begin an accepted hit.
    word_starts: bool,
    /// Per pattern: the range of its candidates in `candidates`.
    pattern_candidates: Vec<(u32, u32)>,
    candidates: Vec<Candidate>,
}

impl Matcher {
    /// Compiles every resolved surface of `gazetteer` and every cue word into one automaton.
    pub fn build(gazetteer: &Gazetteer, cue_words: &[&str]) -> Result<Matcher, Error> {
        let surfaces = gazetteer.resolved_surfaces()?;
        // Folded pattern text -> candidates, in a stable order.
        let mut by_key: HashMap<String, Vec<Candidate>> = HashMap::new();
        let mut keys: Vec<String> = Vec::new();
        let mut push = |text: &str, candidate: Candidate| {
            let key = text.to_ascii_lowercase();
            by_key
                .entry(key.clone())
                .or_insert_with(|| {
                    keys.push(key);
                    Vec::new()
                })
                .push(candidate);
        };
        for s in &surfaces {
            let target = match s.entry {
                Some(entry) => Target::Entry { entry, via: s.via },
                None => Target::NonActor,
            };
            let mut variants = vec![s.text.to_string()];
            if s.text.contains('\'') {
                variants.push(s.text.replace('\'', "\u{2019}"));
            }
            for v in variants {
                push(
                    &v,
                    Candidate {
                        surface: v.as_str().into(),
                        target,
                        trap: s.trap,
                    },
                );
            }
        }
        for (id, word) in cue_words.iter().enumerate() {
            push(
                word,
                Candidate {
                    surface: (*word).into(),
                    target: Target::Cue(id as u32),
                    trap: false,
                },
            );
        }
        let mut candidates = Vec::new();
        let mut pattern_candidates = Vec::with_capacity(keys.len());
        for key in &keys {
            let list = by_key.remove(key).unwrap_or_default();
            let start = candidates.len() as u32;
            candidates.extend(list);
            pattern_candidates.push((start, candidates.len() as u32));
        }
        // The automaton is case-sensitive over the lower-cased keys and `scan`
        // lower-cases the text as it reads it: the same matches and offsets
        // as an ASCII-case-insensitive automaton, at about half its size.
        //
        // It is only ever run anchored: `scan` tries it at each position
        // where a hit may start (each word start, in the usual case), walking
        // a few bytes per word. That only ever visits the states near the
        // root, so the compact contiguous NFA beats a DFA (11 MB for the
        // embedded data, and five times the build time): measured 0.57 vs
        // 0.62 s on 20 MB. Its first two steps are read off once into
        // `FirstSteps`; after them the contiguous NFA's inline transitions
        // beat the noncontiguous NFA's linked ones (0.49 vs 0.51 s).
        //
        // An anchored search never consults a prefilter, so none is built.
        let automaton = NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(&keys)
            .map_err(|e| Error::Automaton(e.to_string()))?;
        let word_starts = keys
            .iter()
            .all(|k| k.chars().next().is_some_and(is_word_char));
        let first_steps = FirstSteps::new(&automaton)?;
        Ok(Matcher {
            automaton,
            first_steps,
            word_starts,
            pattern_candidates,
            candidates,
        })
    }

    /// The candidate at `index`.
    pub fn candidate(&self, index: u32) -> &Candidate {
        &self.candidates[index as usize]
    }

    /// Finds every surface and cue word in `text`, appending them in text order.
    ///
    /// This is the leftmost-longest scan: at each position, in order, the
    /// longest pattern starting there is accepted or rejected (then the scan
    /// moves one character on). Positions inside a word are skipped when
    /// every pattern starts with a word character: the word-boundary rule
    /// would reject any hit starting there.
    pub fn scan(&self, text: &str, hits: &mut Vec<Hit>, cues: &mut Vec<CueHit>) {
        let bytes = text.as_bytes();
        let mut pos = 0;
        let mut after_word = false;
        while pos < bytes.len() {
            if self.word_starts {
                // Run through the rest of a word, or through ASCII non-word
                // bytes, a byte at a time; other bytes take the step below.
                let run = if after_word { ASCII_WORD } else { ASCII_OTHER };
                while bytes
                    .get(pos)
                    .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == run)
                {
                    pos += 1;
                }
                if pos == bytes.len() {
                    break;
                }
            }
            let b = bytes[pos];
            let (is_word, width) = if b.is_ascii() {
                (b.is_ascii_alphanumeric() || b == b'_', 1)
            } else {
                let c = text[pos..].chars().next().unwrap_or(' ');
                // A combining mark continues whatever it is written on.
                (is_word_char(c) || (after_word && is_mark(c)), c.len_utf8())
            };
            if self.word_starts && (!is_word || after_word) {
                after_word = is_word;
                pos += width;
                continue;
            }
            if let Some((pattern, end)) = longest_at(&self.automaton, &self.first_steps, bytes, pos)
            {
                let accepted = if self.accept(text, Span::new(pos, end), pattern, hits, cues) {
                    Some(end)
                } else {
                    self.accept_shorter(text, pos, end, hits, cues)
                };
                if let Some(end) = accepted {
                    pos = end;
                    after_word = text[..pos].chars().next_back().is_some_and(is_word_char);
                    continue;
                }
            }
            after_word = is_word;
            pos += width;
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
            let (pattern, found) =
                longest_at(&self.automaton, &self.first_steps, &bytes[..limit], pos)?;
            if self.accept(text, Span::new(pos, found), pattern, hits, cues) {
                return Some(found);
            }
            end = found;
        }
    }

    /// Decides what the pattern found at `span` is: a hit (pushed to `hits`),
    /// a cue (pushed to `cues`), or nothing (`false`).
    fn accept(
        &self,
        text: &str,
        span: Span,
        pattern: usize,
        hits: &mut Vec<Hit>,
        cues: &mut Vec<CueHit>,
    ) -> bool {
        let found = &text[span.range()];
        let (lo, hi) = self.pattern_candidates[pattern];
        let mut accepted: Option<u32> = None;
        let mut more = 0;
        let mut cue = None;
        for ci in lo..hi {
            let c = &self.candidates[ci as usize];
            if !on_word_boundaries(text, span, &c.surface) {
                continue;
            }
            match c.target {
                Target::Cue(word) => cue = Some(word),
                _ if case_fits(&c.surface, found) => match accepted {
                    None => accepted = Some(ci),
                    Some(_) => more += 1,
                },
                _ => {}
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

/// The anchored automaton's first two steps from its start state, as flat
/// tables: every word start begins a walk with them, and in the automaton
/// each step is two dependent loads (the state, then its transition table),
/// while here the second step's address depends on the text alone.
///
/// Bytes are first mapped to a class (0 for every byte that no pattern has
/// in its first two bytes, in either case); the states are the automaton's
/// own, as `next_state` gives them, so a walk goes on from them unchanged.
#[derive(Debug, Clone)]
struct FirstSteps {
    /// Byte (either case) -> class; class 0 leads to the dead state.
    class: [u8; 256],
    /// Number of classes, class 0 included.
    classes: usize,
    /// Class of the first byte -> state after it.
    one: Vec<StateID>,
    /// Classes of the first two bytes -> state after them.
    two: Vec<StateID>,
    /// The start state is a match (an empty pattern): walk byte by byte.
    start_matches: bool,
}

impl FirstSteps {
    fn new(a: &NFA) -> Result<FirstSteps, Error> {
        let start = a
            .start_state(Anchored::Yes)
            .map_err(|e| Error::Automaton(e.to_string()))?;
        let dead = a.next_state(Anchored::Yes, a.next_state(Anchored::Yes, start, 0), 0);
        // Lower-case bytes that move the automaton at the first or second step.
        let mut live = [false; 256];
        for b0 in 0..=255u8 {
            let s1 = a.next_state(Anchored::Yes, start, b0);
            if a.is_dead(s1) {
                continue;
            }
            live[usize::from(b0)] = true;
            for b1 in 0..=255u8 {
                if !a.is_dead(a.next_state(Anchored::Yes, s1, b1)) {
                    live[usize::from(b1)] = true;
                }
            }
        }
        let mut lower_class = [0u8; 256];
        let mut classes = 1;
        for (b, &is_live) in live.iter().enumerate() {
            // The walk reads the text lower-cased: an upper-case key byte never matches.
            if is_live && !(b as u8).is_ascii_uppercase() {
                lower_class[b] = u8::try_from(classes)
                    .map_err(|_| Error::Automaton("too many byte classes".into()))?;
                classes += 1;
            }
        }
        let mut class = [0u8; 256];
        let mut rep = vec![None; classes];
        for b in 0..=255u8 {
            let c = lower_class[usize::from(b.to_ascii_lowercase())];
            class[usize::from(b)] = c;
            if rep[usize::from(c)].is_none() && c != 0 {
                rep[usize::from(c)] = Some(b.to_ascii_lowercase());
            }
        }
        let step = |sid: StateID, c: usize| match rep[c] {
            Some(b) if !a.is_dead(sid) => a.next_state(Anchored::Yes, sid, b),
            _ => dead,
        };
        let one: Vec<StateID> = (0..classes).map(|c0| step(start, c0)).collect();
        let mut two = Vec::with_capacity(classes * classes);
        for &s1 in &one {
            two.extend((0..classes).map(|c1| step(s1, c1)));
        }
        Ok(FirstSteps {
            class,
            classes,
            one,
            two,
            start_matches: a.is_match(start),
        })
    }
}

/// The longest pattern starting at `pos` (its index and end), reading the
/// text ASCII-lower-cased (which keeps every byte offset): an anchored
/// leftmost-longest search, as `aho_corasick`'s own search loop runs it (a
/// match state may also carry a match that starts later, reached through a
/// failure link: it does not count). The first two steps come from `first`.
// Inlined into both callers: called from two places, the compiler kept it out
// of line, and the scan took 4% more instructions on the bench corpus.
#[inline(always)]
fn longest_at(a: &NFA, first: &FirstSteps, bytes: &[u8], pos: usize) -> Option<(usize, usize)> {
    let mut found = None;
    let mut check = |sid, end: usize| {
        let pid = a.match_pattern(sid, 0);
        if end - a.pattern_len(pid) == pos {
            found = Some((pid.as_usize(), end));
        }
    };
    let mut sid;
    let mut at = pos;
    if first.start_matches || bytes.len() - pos < 2 {
        sid = a.start_state(Anchored::Yes).ok()?;
        if a.is_match(sid) {
            check(sid, pos);
        }
    } else {
        let c0 = usize::from(first.class[usize::from(bytes[pos])]);
        let c1 = usize::from(first.class[usize::from(bytes[pos + 1])]);
        let s1 = first.one[c0];
        if a.is_dead(s1) {
            return None;
        }
        if a.is_match(s1) {
            check(s1, pos + 1);
        }
        sid = first.two[c0 * first.classes + c1];
        if a.is_dead(sid) {
            return found;
        }
        if a.is_match(sid) {
            check(sid, pos + 2);
        }
        at = pos + 2;
    }
    for (i, &b) in bytes[at..].iter().enumerate() {
        sid = a.next_state(Anchored::Yes, sid, b.to_ascii_lowercase());
        if a.is_special(sid) {
            if a.is_dead(sid) {
                break;
            }
            if a.is_match(sid) {
                check(sid, at + i + 1);
            }
        }
    }
    found
}

/// [`BYTE_CLASS`] of an ASCII word character (letter, digit, `_`).
const ASCII_WORD: u8 = 1;
/// [`BYTE_CLASS`] of any other ASCII byte.
const ASCII_OTHER: u8 = 0;

/// What a byte is for the word-start scan; bytes of multi-byte characters
/// are 2 (their character decides).
const BYTE_CLASS: [u8; 256] = {
    let mut table = [2u8; 256];
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

/// Whether `c` continues a word.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A surface whose edge is a word character must not continue a word in the
/// text, and no surface ends before a combining mark (in "Russia\u{301}n"
/// the mark belongs to the "a"). A mark before the surface counts as the
/// character it is written on.
fn on_word_boundaries(text: &str, span: Span, surface: &str) -> bool {
    let first_is_word = surface.chars().next().is_some_and(is_word_char);
    // "Russia\u{301}" ends in a word character: the "a" under its accent.
    let last_is_word = surface
        .chars()
        .rev()
        .find(|&c| c.is_ascii() || !is_mark(c))
        .is_some_and(is_word_char);
    let after = text[span.end..].chars().next();
    if after.is_some_and(|c| !c.is_ascii() && is_mark(c)) {
        return false;
    }
    (!first_is_word || !word_char_before(text, span.start))
        && (!last_is_word || !after.is_some_and(is_word_char))
}

/// Whether the character before `at`, looking through combining marks to
/// the character they are written on, is a word character.
fn word_char_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .rev()
        .find(|&c| c.is_ascii() || !is_mark(c))
        .is_some_and(is_word_char)
}

/// The case rule: acronyms exactly, other surfaces with their word-initial capitals.
pub(crate) fn case_fits(surface: &str, found: &str) -> bool {
    let s = surface.as_bytes();
    let f = found.as_bytes();
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
    use super::*;

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
        use aho_corasick::{AhoCorasick, Input, StartKind};
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(keys)
            .unwrap();
        let haystack = text.to_ascii_lowercase();
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
                if m.accept(text, span, h.pattern().as_usize(), &mut hits, &mut cues) {
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
        // The second gazetteer has a surface starting with punctuation, which
        // makes the scan try every position, not only word starts.
        let odd = format!("{GAZ}XXX\t(Quoted) Land\tUs Weekly|ates\n");
        for gaz in [GAZ, odd.as_str()] {
            let mut g = Gazetteer::new();
            g.add_str("countries.tsv", gaz).unwrap();
            let cues = ["recognised", "recognise", "us", "states", "land"];
            let m = Matcher::build(&g, &cues).unwrap();
            assert_eq!(m.word_starts, gaz == GAZ);
            let mut keys: Vec<String> = Vec::new();
            for s in g.resolved_surfaces().unwrap() {
                keys.push(s.text.to_ascii_lowercase());
                if s.text.contains('\'') {
                    keys.push(s.text.replace('\'', "\u{2019}").to_ascii_lowercase());
                }
            }
            keys.extend(cues.iter().map(|c| c.to_string()));
            keys.dedup();
            // The automaton's pattern order is the order keys were first seen.
            let mut seen = std::collections::HashSet::new();
            keys.retain(|k| seen.insert(k.clone()));
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
}
