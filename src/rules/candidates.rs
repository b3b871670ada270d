//! The candidate table the sentence matcher walks: for each anchor word,
//! the patterns anchored on it, each as a small record of what is checked
//! before a match is tried (the mentions and mention kinds each side of the
//! anchor needs, and the literal sets the sentence must contain).
//!
//! The table is laid out for the per-anchor loop: one offset pair per
//! vocabulary word, a contiguous run of 16-byte records per word, and each
//! pattern's literal sets as a run of
//! 2-byte bit indices into the sentence's [`Present`] set. The loop reads a
//! pattern itself only once all of these pass.

use super::{Elem, Lit, Pattern, Rule, fold_mark};
use crate::tokens::{Token, TokenKind};

/// What the candidate loop knows of one pattern without reading it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub rule: u32,
    pub pattern: u32,
    /// Where its literal sets start in [`Candidates::lits`].
    lits: u32,
    /// [`Pattern::mentions_needed`], each side at most `u8::MAX` (a pattern
    /// needing more is tried with fewer: the prefilter only saves attempts).
    mentions_needed: [u8; 2],
    /// [`Pattern::kinds_needed`].
    kinds_needed: [u8; 2],
}

/// Every anchor word's candidates, and what their checks read.
#[derive(Debug, Clone, Default)]
pub(super) struct Candidates {
    /// Vocabulary id `w` -> its candidates are `by_word[starts[w]..starts[w + 1]]`.
    starts: Vec<u32>,
    /// Each anchor word's candidates in rule order, then pattern order: a
    /// pattern anchored on several words is copied for each, so that a
    /// word's candidates are read in one run.
    by_word: Vec<Candidate>,
    /// Each pattern's literal sets, from its record's `lits` on: a set's
    /// literals as [`Present`] bit indices, its last one marked
    /// [`LAST_OF_SET`], the pattern's last set followed by [`NO_MORE_SETS`].
    lits: Vec<u16>,
    /// Each vocabulary word's required classes as [`Present`] class bits.
    word_classes: Vec<u64>,
}

/// Marks the last literal of a set in [`Candidates::lits`].
const LAST_OF_SET: u16 = 1 << 15;
/// Ends a pattern's sets in [`Candidates::lits`].
const NO_MORE_SETS: u16 = u16::MAX;
/// Hashed word and mark bits in [`Present`]: the rest are class bits.
const WORD_BITS: usize = 256;

/// The words, marks and required classes of one sentence, as a 320-bit
/// Bloom set on the stack: 256 bits for the hashed words and marks, 64 for
/// the classes some pattern requires (numbered densely, a class a bit, the
/// 65th sharing the first's). A false "present" only costs a match attempt.
#[derive(Default)]
pub(super) struct Present([u64; 5]);

impl Present {
    /// The set of `tokens`.
    pub(super) fn of(tokens: &[Token], candidates: &Candidates) -> Present {
        let mut p = Present::default();
        for t in tokens {
            let lit = match t.kind {
                TokenKind::Word { vocab: Some(w) } => {
                    p.0[4] |= candidates
                        .word_classes
                        .get(w as usize)
                        .copied()
                        .unwrap_or(0);
                    Lit::Word(w)
                }
                TokenKind::Punct(c) => Lit::Punct(fold_mark(c)),
                _ => continue,
            };
            p.set(word_bit(lit));
        }
        p
    }

    fn set(&mut self, bit: usize) {
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn has(&self, bit: usize) -> bool {
        self.0[bit / 64] >> (bit % 64) & 1 != 0
    }

    /// Whether every set of `lits` (a pattern's, to [`NO_MORE_SETS`]) has a
    /// literal in the set.
    fn admits(&self, lits: &[u16]) -> bool {
        // One branch per literal besides the loop's: a set's end without a
        // literal found.
        let mut met = false;
        for &lit in lits {
            if lit == NO_MORE_SETS {
                break;
            }
            met |= self.has(usize::from(lit & !LAST_OF_SET));
            let last = lit & LAST_OF_SET != 0;
            if last & !met {
                return false;
            }
            met &= !last;
        }
        true
    }
}

/// The [`Present`] bit of a word or mark.
fn word_bit(lit: Lit) -> usize {
    let key = match lit {
        Lit::Word(w) => u64::from(w),
        Lit::Punct(c) => u64::from(c as u32) | 1 << 40,
        Lit::Class(c) => u64::from(c) | 1 << 41,
    };
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
}

/// What one anchor's candidate loop has seen of its sentence.
#[derive(Debug, Clone, Copy)]
pub(super) struct Around {
    /// Mention tokens before and after the anchor.
    pub mentions: [u32; 2],
    /// The kind masks (see [`Pattern::kinds_needed`]) those mentions meet.
    pub kinds_met: [u8; 2],
}

impl Candidates {
    /// The table for `rules`; `class_members` holds each class's
    /// vocabulary ids, `title_starts` the first words of the titles (where
    /// a `{role}` anchor can be), `words` the vocabulary's size.
    pub(super) fn new(
        rules: &[Rule],
        class_members: &[Vec<u32>],
        title_starts: &[u32],
        words: usize,
    ) -> Candidates {
        let mut dense: Vec<Option<usize>> = vec![None; class_members.len()];
        let mut next_dense = 0;
        let mut records: Vec<Candidate> = Vec::new();
        let mut lits = Vec::new();
        let mut anchored: Vec<Vec<u32>> = vec![Vec::new(); words];
        for (ri, rule) in rules.iter().enumerate() {
            for (pi, p) in rule.patterns.iter().enumerate() {
                // A group without alternatives matches nothing.
                if p.required.iter().any(Vec::is_empty) {
                    continue;
                }
                let record = records.len() as u32;
                records.push(Candidate {
                    rule: ri as u32,
                    pattern: pi as u32,
                    lits: lits.len() as u32,
                    mentions_needed: p
                        .mentions_needed
                        .map(|n| u8::try_from(n).unwrap_or(u8::MAX)),
                    kinds_needed: p.kinds_needed,
                });
                for set in &p.required {
                    let start = lits.len();
                    for &lit in set {
                        let bit = match lit {
                            Lit::Class(c) => {
                                let d = *dense[c as usize].get_or_insert_with(|| {
                                    next_dense += 1;
                                    next_dense - 1
                                });
                                WORD_BITS + d % 64
                            }
                            _ => word_bit(lit),
                        };
                        lits.push(bit as u16);
                    }
                    if let Some(last) = lits.get_mut(start..).and_then(|s| s.last_mut()) {
                        *last |= LAST_OF_SET;
                    }
                }
                lits.push(NO_MORE_SETS);
                for &w in anchor_words(p, class_members, title_starts) {
                    let list = &mut anchored[w as usize];
                    if list.last() != Some(&record) {
                        list.push(record);
                    }
                }
            }
        }
        let mut word_classes = vec![0u64; words];
        for (c, d) in dense.iter().enumerate() {
            if let Some(d) = d {
                for &w in &class_members[c] {
                    word_classes[w as usize] |= 1 << (d % 64);
                }
            }
        }
        let mut starts = Vec::with_capacity(words + 1);
        let mut by_word = Vec::new();
        starts.push(0);
        for list in &anchored {
            by_word.extend(list.iter().map(|&r| records[r as usize]));
            starts.push(by_word.len() as u32);
        }
        Candidates {
            starts,
            by_word,
            lits,
            word_classes,
        }
    }

    /// The candidates anchored on vocabulary word `word`, in rule order.
    pub(super) fn of(&self, word: u32) -> impl Iterator<Item = &Candidate> {
        let w = word as usize;
        let range = match (self.starts.get(w), self.starts.get(w + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        };
        self.by_word[range].iter()
    }

    /// Whether vocabulary word `word` anchors any pattern.
    pub(super) fn anchors(&self, word: u32) -> bool {
        self.of(word).next().is_some()
    }

    /// Whether `c` may match with the mentions `around` its anchor: it has
    /// enough of them on each side, of the kinds it needs.
    pub(super) fn fits(c: &Candidate, around: &Around) -> bool {
        let [before, after] = around.mentions;
        let [met_before, met_after] = around.kinds_met;
        u32::from(c.mentions_needed[0]) <= before
            && u32::from(c.mentions_needed[1]) <= after
            && c.kinds_needed[0] & !met_before == 0
            && c.kinds_needed[1] & !met_after == 0
    }

    /// Whether the sentence `present` holds a literal of each of `c`'s sets.
    pub(super) fn admits(&self, c: &Candidate, present: &Present) -> bool {
        present.admits(self.lits.get(c.lits as usize..).unwrap_or(&[]))
    }
}

/// The vocabulary words pattern `p` can be anchored on.
fn anchor_words<'a>(
    p: &'a Pattern,
    class_members: &'a [Vec<u32>],
    title_starts: &'a [u32],
) -> &'a [u32] {
    match &p.anchor {
        Elem::Word(w) => std::slice::from_ref(w),
        Elem::Class(c) => &class_members[*c as usize],
        Elem::Role => title_starts,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::super::{RuleSet, RuleSources};
    use super::*;
    use crate::span::Span;

    fn compile(text: &str) -> RuleSet {
        let mut s = RuleSources::default();
        s.add_str("t.rules", text).unwrap();
        s.compile().unwrap()
    }

    /// Whether the first candidate anchored on `anchor` is admitted in `sentence`.
    fn admitted(set: &RuleSet, anchor: &str, sentence: &str) -> bool {
        let mut tokens = Vec::new();
        set.tokenize(sentence, Span::new(0, sentence.len()), &[], 0, &mut tokens);
        let present = Present::of(&tokens, &set.candidates);
        let word = set.vocab.lookup(anchor).unwrap();
        let c = set.candidates.of(word).next().unwrap();
        set.candidates.admits(c, &present)
    }

    #[test]
    fn a_candidate_is_admitted_only_where_each_required_set_has_a_literal() {
        let set = compile(
            "class meet = met\nclass talk = talks consultations\nrule m/x: meeting\n  pattern {subject} ^@meet {object} [for | on] @talk .\n",
        );
        assert!(admitted(&set, "met", "they met them for talks."));
        assert!(admitted(&set, "met", "they met them on consultations."));
        // No word of the class, no "for" or "on", or no full stop.
        assert!(!admitted(&set, "met", "they met them for lunch."));
        assert!(!admitted(&set, "met", "they met them about talks."));
        assert!(!admitted(&set, "met", "they met them for talks"));
    }

    #[test]
    fn a_candidate_fits_only_with_enough_mentions_of_its_kinds_each_side() {
        let set = compile(
            "class meet = met\nrule m/x: meeting\n  pattern {subject:person} ^@meet {object}\n",
        );
        let word = set.vocab.lookup("met").unwrap();
        let c = set.candidates.of(word).next().unwrap();
        let person = super::super::kinds_met(super::super::PERSON);
        let any = super::super::kinds_met(crate::rules::ANY_KIND);
        let around = |mentions, kinds_met| Around {
            mentions,
            kinds_met,
        };
        assert!(Candidates::fits(c, &around([1, 1], [person, any])));
        assert!(!Candidates::fits(c, &around([1, 0], [person, 0])));
        assert!(!Candidates::fits(c, &around([0, 1], [0, any])));
        // A mention before the anchor that is no person.
        let country =
            super::super::kinds_met(crate::rules::kind_bit(crate::document::EntityKind::Country));
        assert!(!Candidates::fits(c, &around([1, 1], [country, any])));
    }
}
