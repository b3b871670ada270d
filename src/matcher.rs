//! Matching: one Aho-Corasick automaton finds every gazetteer surface and
//! every rule cue word in a single pass over the text.
//!
//! The automaton is leftmost-longest over lower-cased surfaces, run on an
//! ASCII-lower-cased copy of the text (so ASCII case-insensitive); a hit is kept
//! only on word boundaries and when its capitals fit the surface's case rule:
//! a surface with no lower-case letter is an acronym and must match exactly
//! (`US`, never `us`); any other surface needs the capital letter of each of
//! its capitalised words (`Turkey` and `TURKEY`, never `turkey`). Cue words
//! (the rules' anchors) match in any case. A rejected hit does not hide a
//! shorter surface starting later inside it: the scan resumes one character on.
//!
//! Typographic apostrophes are handled by compiling a `’` variant of every
//! surface that contains `'`. Offsets always index the original text.

use crate::document::Via;
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::span::Span;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use std::collections::HashMap;

/// Above this many bytes of patterns the automaton is a contiguous NFA, not a
/// DFA: the embedded data is far below it, a 50,000-alias user gazetteer above
/// (as a DFA it would take seconds to build and hundreds of megabytes).
const DFA_MAX_PATTERN_BYTES: usize = 100_000;

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
    automaton: AhoCorasick,
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
        // runs it on an ASCII-lower-cased copy of the text: the same matches
        // and offsets as an ASCII-case-insensitive automaton, at about half
        // its size and build time. A DFA scans fastest, but its build time
        // and memory grow with the patterns: past `DFA_MAX_PATTERN_BYTES` (a
        // large user gazetteer) a contiguous NFA builds far sooner.
        let pattern_bytes: usize = keys.iter().map(String::len).sum();
        let build = |kind| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(kind))
                .build(&keys)
        };
        let automaton = if pattern_bytes > DFA_MAX_PATTERN_BYTES {
            build(AhoCorasickKind::ContiguousNFA)
        } else {
            // A DFA can exceed its size limit: fall back to an NFA.
            build(AhoCorasickKind::DFA).or_else(|_| build(AhoCorasickKind::ContiguousNFA))
        }
        .map_err(|e| Error::Automaton(e.to_string()))?;
        Ok(Matcher {
            automaton,
            pattern_candidates,
            candidates,
        })
    }

    /// The candidate at `index`.
    pub fn candidate(&self, index: u32) -> &Candidate {
        &self.candidates[index as usize]
    }

    /// Finds every surface and cue word in `text`, appending them in text order.
    #[cfg(test)]
    pub fn scan(&self, text: &str, hits: &mut Vec<Hit>, cues: &mut Vec<CueHit>) {
        self.scan_with(text, &mut Vec::new(), hits, cues);
    }

    /// Like `scan`, lower-casing the text into `haystack` (a reused buffer).
    pub fn scan_with(
        &self,
        text: &str,
        haystack: &mut Vec<u8>,
        hits: &mut Vec<Hit>,
        cues: &mut Vec<CueHit>,
    ) {
        // ASCII lower-casing keeps every byte offset.
        haystack.clear();
        haystack.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
        let haystack = &haystack[..];
        let mut pos = 0;
        while pos < text.len() {
            let input = Input::new(haystack).span(pos..text.len());
            let Some(m) = self.automaton.find(input) else {
                break;
            };
            let span = Span::new(m.start(), m.end());
            let found = &text[span.range()];
            let (lo, hi) = self.pattern_candidates[m.pattern().as_usize()];
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
                pos = span.end;
            } else if let Some(word) = cue {
                cues.push(CueHit { span, word });
                pos = span.end;
            } else {
                // Resume one character on, so a rejected hit hides nothing.
                let step = text[span.start..].chars().next().map_or(1, char::len_utf8);
                pos = span.start + step;
            }
        }
    }
}

/// Whether `c` continues a word.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A surface whose edge is a word character must not continue a word in the text.
fn on_word_boundaries(text: &str, span: Span, surface: &str) -> bool {
    let first_is_word = surface.chars().next().is_some_and(is_word_char);
    let last_is_word = surface.chars().next_back().is_some_and(is_word_char);
    (!first_is_word
        || !text[..span.start]
            .chars()
            .next_back()
            .is_some_and(is_word_char))
        && (!last_is_word || !text[span.end..].chars().next().is_some_and(is_word_char))
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
    fn large_gazetteers_use_an_nfa_with_the_same_results() {
        let (_, small) = matcher(GAZ, &["recognised"]);
        let mut g = Gazetteer::new();
        g.add_str("countries.tsv", GAZ).unwrap();
        let padding: String = (0..5000)
            .map(|i| format!("padding-{i}\tPadding Organisation Number {i:05}\t\n"))
            .collect();
        let organisations = format!("id\tname\taliases\n{padding}");
        g.add_str("organisations.tsv", &organisations).unwrap();
        let large = Matcher::build(&g, &["recognised"]).unwrap();
        assert_eq!(small.automaton.kind(), AhoCorasickKind::DFA);
        assert_eq!(large.automaton.kind(), AhoCorasickKind::ContiguousNFA);
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

    #[test]
    fn case_rule() {
        assert!(case_fits("al-Qaeda", "Al-Qaeda"));
        assert!(case_fits("Al-Qaeda", "AL-QAEDA"));
        assert!(!case_fits("Al-Qaeda", "al-qaeda"));
        assert!(case_fits("U.S.", "U.S."));
        assert!(!case_fits("U.S.", "u.s."));
    }
}
