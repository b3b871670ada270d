//! The candidate table the sentence matcher walks: for each anchor word,
//! the patterns anchored on it, each as a small record of what is checked
//! before a match is tried (the mentions and mention kinds each side of the
//! anchor needs, and the literal sets the sentence must contain).
//!
//! The table is laid out for the per-anchor loop: one offset pair per
//! vocabulary word, a contiguous run of 24-byte records per word, and each
//! pattern's literal sets as a run of 2-byte bit numbers, those of the part
//! before the anchor looked up among the sentence's tokens before it and
//! those of the part after among the tokens after it ([`Sides`]). Before
//! the sets are read, a record's 64-bit mask of the literals its sets of
//! one literal need is tested against the literals the whole sentence has
//! (a sentence lacking one is told for one AND). The loop reads a pattern
//! itself only once all of these pass.

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
    /// The [`Sides::present`] bits of the sets that hold one literal: a
    /// sentence lacking one of them cannot admit the pattern, told without
    /// reading its sets.
    needs: u64,
}

/// Every anchor word's candidates, and what their checks read.
#[derive(Debug, Clone, Default)]
pub(super) struct Candidates {
    /// By vocabulary id `w`, then one more: its candidates are
    /// `by_word[words[w].start..words[w + 1].start]`.
    words: Vec<Word>,
    /// Each anchor word's candidates in rule order, then pattern order: a
    /// pattern anchored on several words is copied for each, so that a
    /// word's candidates are read in one run.
    by_word: Vec<Candidate>,
    /// Each pattern's literal sets, from its record's `lits` on: a set's
    /// literals as [`Sides`] bit numbers, those of the part after the anchor
    /// marked [`AFTER_ANCHOR`], the last of a set [`LAST_OF_SET`]; the last
    /// set followed by [`NO_MORE_SETS`].
    lits: Vec<u16>,
}

/// What the candidate loop and [`Sides`] read of one vocabulary word, side
/// by side: both ask about most words of a sentence.
#[derive(Debug, Clone, Copy, Default)]
struct Word {
    /// Where its candidates start in [`Candidates::by_word`].
    start: u32,
    /// Its required classes as [`Sides`] class bits.
    classes: u32,
}

/// Marks the last literal of a set in [`Candidates::lits`].
const LAST_OF_SET: u16 = 1 << 15;
/// Ends a pattern's sets in [`Candidates::lits`].
const NO_MORE_SETS: u16 = u16::MAX;
/// Literal bit numbers: 256 for the hashed words and marks, then 32 for the
/// classes some pattern requires (numbered densely, a class a bit, the 33rd
/// sharing the first's). A false "present" only costs a match attempt.
const WORD_BITS: usize = 256;

/// Marks a literal of the part after the anchor in [`Candidates::lits`].
const AFTER_ANCHOR: u16 = 1 << 14;
/// The bit number of a literal in [`Candidates::lits`].
const BIT: u16 = AFTER_ANCHOR - 1;

/// The literals of one sentence on each side of its anchor tokens: for each
/// word and mark bit, the first and the last token that set it, and the
/// required classes of the whole sentence, found in one pass however many
/// anchors it has.
pub(super) struct Sides {
    /// Per word and mark bit, one more than the first token that sets it;
    /// 0 if none does.
    first: [u16; WORD_BITS],
    /// Per word and mark bit, one more than the last token that sets it;
    /// 0 if none does.
    last: [u16; WORD_BITS],
    /// The class bits of the sentence's words, on either side.
    classes: u32,
    /// A bit per word or mark bit modulo 64 and per class bit set anywhere
    /// in the sentence (see [`present_bit`]).
    present: u64,
    /// Whether the sentence has too many tokens for the positions: then
    /// every literal is taken to be on both sides of every anchor.
    long: bool,
}

impl Sides {
    /// The sides of the anchors of `tokens`.
    pub(super) fn new(tokens: &[Token], candidates: &Candidates) -> Sides {
        let mut sides = Sides {
            first: [0; WORD_BITS],
            last: [0; WORD_BITS],
            classes: 0,
            present: 0,
            long: tokens.len() >= usize::from(u16::MAX),
        };
        if sides.long {
            return sides;
        }
        for (i, t) in tokens.iter().enumerate() {
            let (bit, classes) = literal_bits(t, candidates);
            sides.classes |= classes;
            if let (Some(first), Some(last)) = (sides.first.get_mut(bit), sides.last.get_mut(bit)) {
                sides.present |= present_bit(bit);
                let at = (i + 1) as u16;
                if *first == 0 {
                    *first = at;
                }
                *last = at;
            }
        }
        sides.present |= u64::from(sides.classes);
        sides
    }

    /// Whether literal `lit` (see [`Candidates::lits`]) is set on its side
    /// of the anchor token `at` (a class on either side).
    fn has(&self, lit: u16, at: usize) -> bool {
        let bit = usize::from(lit & BIT);
        if bit >= WORD_BITS {
            return (self.classes.checked_shr((bit - WORD_BITS) as u32))
                .is_some_and(|c| c & 1 != 0);
        }
        let (found, least, most) = if lit & AFTER_ANCHOR != 0 {
            (self.last.get(bit), at + 2, usize::MAX)
        } else {
            (self.first.get(bit), 1, at)
        };
        found.is_some_and(|&t| (least..=most).contains(&usize::from(t)))
    }

    /// Whether every set of `lits` (a pattern's, to [`NO_MORE_SETS`]) has a
    /// literal on its side of the anchor token `at`; first, whether the
    /// sentence has all the `needs` bits of its sets of one literal.
    fn admits(&self, needs: u64, lits: &[u16], at: usize) -> bool {
        if self.long {
            return true;
        }
        if needs & !self.present != 0 {
            return false;
        }
        // One branch per literal besides the loop's: a set's end without a
        // literal found.
        let mut met = false;
        for &lit in lits {
            if lit == NO_MORE_SETS {
                break;
            }
            met |= self.has(lit, at);
            let last = lit & LAST_OF_SET != 0;
            if last & !met {
                return false;
            }
            met &= !last;
        }
        true
    }
}

/// The bit of token `t`'s word or mark and its required classes' bits; a
/// bit past the word bits for a token of neither.
fn literal_bits(t: &Token, candidates: &Candidates) -> (usize, u32) {
    match t.kind {
        TokenKind::Word { vocab: Some(w) } => (
            word_bit(Lit::Word(w)),
            candidates.words.get(w as usize).map_or(0, |w| w.classes),
        ),
        TokenKind::Punct(c) => (word_bit(Lit::Punct(fold_mark(c))), 0),
        _ => (usize::MAX, 0),
    }
}

/// The [`Sides::present`] bit of a literal's bit number: the number
/// modulo 64, so that class `d`'s (`WORD_BITS + d`) is bit `d` and a
/// sentence's class bits are its low 32 (they share them with words: a
/// false "present" only costs a look at the sets).
fn present_bit(bit: usize) -> u64 {
    1 << (bit % 64)
}

/// The [`Sides`] bit of a word or mark.
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
                if p.required.iter().flatten().any(Vec::is_empty) {
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
                    needs: 0,
                });
                for (side, sets) in p.required.iter().enumerate() {
                    let side = if side == 1 { AFTER_ANCHOR } else { 0 };
                    for set in sets {
                        let start = lits.len();
                        for &lit in set {
                            let bit = match lit {
                                Lit::Class(c) => {
                                    let d = *dense[c as usize].get_or_insert_with(|| {
                                        next_dense += 1;
                                        next_dense - 1
                                    });
                                    WORD_BITS + d % 32
                                }
                                _ => word_bit(lit),
                            };
                            lits.push(bit as u16 | side);
                        }
                        if let Some(last) = lits.get_mut(start..).and_then(|s| s.last_mut()) {
                            *last |= LAST_OF_SET;
                        }
                        if let [one] = lits[start..] {
                            records[record as usize].needs |= present_bit(usize::from(one & BIT));
                        }
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
        let mut by_word = Vec::new();
        let mut words: Vec<Word> = (anchored.iter())
            .map(|list| {
                let start = by_word.len() as u32;
                by_word.extend(list.iter().map(|&r| records[r as usize]));
                Word { start, classes: 0 }
            })
            .collect();
        words.push(Word {
            start: by_word.len() as u32,
            classes: 0,
        });
        for (c, d) in dense.iter().enumerate() {
            if let Some(d) = d {
                for &w in &class_members[c] {
                    words[w as usize].classes |= 1 << (d % 32);
                }
            }
        }
        Candidates {
            words,
            by_word,
            lits,
        }
    }

    /// The candidates anchored on vocabulary word `word`, in rule order.
    pub(super) fn of(&self, word: u32) -> impl Iterator<Item = &Candidate> {
        let w = word as usize;
        let range = match self.words.get(w..w + 2) {
            Some(&[a, b]) => a.start as usize..b.start as usize,
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
        // Four tests and one branch: which test fails is hard to predict.
        (u32::from(c.mentions_needed[0]) <= before)
            & (u32::from(c.mentions_needed[1]) <= after)
            & (c.kinds_needed[0] & !met_before == 0)
            & (c.kinds_needed[1] & !met_after == 0)
    }

    /// Whether the `sides` of its anchor token `at` hold a literal of each
    /// of `c`'s sets.
    pub(super) fn admits(&self, c: &Candidate, sides: &Sides, at: usize) -> bool {
        let lits = self.lits.get(c.lits as usize..).unwrap_or(&[]);
        sides.admits(c.needs, lits, at)
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

    /// Whether the first candidate anchored on `anchor` is admitted in
    /// `sentence` at its first `anchor`.
    fn admitted(set: &RuleSet, anchor: &str, sentence: &str) -> bool {
        let mut tokens = Vec::new();
        set.tokenize(sentence, Span::new(0, sentence.len()), &[], 0, &mut tokens);
        let word = set.vocab.lookup(anchor).unwrap();
        let at = (tokens.iter())
            .position(|t| matches!(t.kind, TokenKind::Word { vocab: Some(w) } if w == word))
            .unwrap();
        let c = set.candidates.of(word).next().unwrap();
        set.candidates
            .admits(c, &Sides::new(&tokens, &set.candidates), at)
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
        // The literals after the anchor only count after it.
        assert!(!admitted(&set, "met", "for talks. they met them"));
    }

    #[test]
    fn the_needs_mask_asks_for_each_lone_literal_anywhere_in_the_sentence() {
        let set = compile(
            "class meet = met\nclass talk = talks consultations\nrule m/x: meeting\n  pattern {subject} ^@meet {object} [for | on] @talk .\n",
        );
        let word = set.vocab.lookup("met").unwrap();
        let c = set.candidates.of(word).next().unwrap();
        let passes = |sentence: &str| {
            let mut tokens = Vec::new();
            set.tokenize(sentence, Span::new(0, sentence.len()), &[], 0, &mut tokens);
            c.needs & !Sides::new(&tokens, &set.candidates).present == 0
        };
        assert!(passes("they met them for talks."));
        // A set of two literals ("for" or "on") and the sides of the anchor
        // are left to the sets.
        assert!(passes("they met them about consultations."));
        assert!(passes(". talks they met them"));
        // No word of the class, or no full stop.
        assert!(!passes("they met them for lunch."));
        assert!(!passes("they met them for talks"));
    }

    #[test]
    fn a_sentence_too_long_for_the_positions_admits_every_candidate() {
        let set = compile(
            "class meet = met\nclass talk = talks\nrule m/x: meeting\n  pattern {subject} ^@meet {object} for @talk\n",
        );
        assert!(!admitted(&set, "met", "they met them."));
        let long = format!("they met them{}", " ,".repeat(usize::from(u16::MAX)));
        assert!(admitted(&set, "met", &long));
    }

    #[test]
    fn literals_before_the_anchor_count_only_before_it() {
        let set = compile(
            "class sign = signed\nrule a/x: agreement\n  pattern {subject} , after talks , ^@sign with {object}\n",
        );
        assert!(admitted(
            &set,
            "signed",
            ", after talks , they signed with them"
        ));
        assert!(!admitted(
            &set,
            "signed",
            "they signed with them , after talks ,"
        ));
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
