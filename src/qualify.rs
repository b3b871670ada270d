//! Qualifiers: negation, modality and year for one matched relation.
//!
//! Scopes, in tokens of the sentence:
//! - **inner**: the match's own words outside its slots and anchor ("Russia
//!   *has not formally* recognised", "*plans to* appoint"), less a comma
//!   clause right after a slot ("Russia, *which has never recognised
//!   Kosovo,* recognised ..."). Negation and modality cues count here.
//! - **before**: from the start of the clause (after `;`, `:` or a contrastive
//!   "but"/"while"/"although") up to the match, at most [`BEFORE_WINDOW`]
//!   tokens. Modality cues count here ("*If* Russia recognises", "officials
//!   *may* ..."), and negation only right before a nominal anchor ("*no*
//!   recognition").
//! - **after**: the rest of the clause. Only conditions ("... *if* Iran
//!   refuses") and "unlikely" count, and after a nominal match the plan words
//!   of its predicate ("talks between Iran and Iraq *are planned*").
//!
//! Precedence follows the contract: a condition or speculation (`possible`)
//! beats a plan (`intended`), which beats `asserted`; "would no longer" is a
//! negated plan, "unlikely" a negated possibility.

use crate::document::Modality;
use crate::span::Span;
use crate::tokens::{Token, TokenKind};
use std::cell::Cell;

/// Tokens after a nominal match ("talks between A and B ...") in which its
/// predicate's plan words ("are planned", "will resume") still count.
const NOMINAL_PREDICATE: usize = 4;

/// Tokens before a match that may still qualify it.
pub const BEFORE_WINDOW: usize = 12;

/// Tokens after a match that may still qualify it: the after scope is the rest
/// of the clause, but at most this many tokens, so that a sentence with
/// thousands of matches and no `;` costs linear, not quadratic, time.
pub const AFTER_WINDOW: usize = 40;

/// Bits for the word classes of `src/rules/clause.rules`, looked up once per
/// token through the rule vocabulary (see [`Lex`]).
mod bit {
    pub const NEGATION: u32 = 1;
    pub const POSSIBLE: u32 = 1 << 1;
    pub const INTENDED: u32 = 1 << 2;
    pub const CONDITION: u32 = 1 << 3;
    pub const CLAUSE_BREAK: u32 = 1 << 4;
    pub const MONTH: u32 = 1 << 5;
    pub const YEAR_PREPOSITION: u32 = 1 << 6;
    /// "no", "non", "not", "never", "without": negation before a nominal anchor.
    pub const NOMINAL_NEGATION: u32 = 1 << 7;
    /// "will", "'ll", "shall": a plan, even before the clause.
    pub const WILL: u32 = 1 << 8;
    pub const NOT: u32 = 1 << 9;
    pub const ONLY: u32 = 1 << 10;
    pub const NO: u32 = 1 << 11;
    pub const LONGER: u32 = 1 << 12;
    pub const RULED: u32 = 1 << 13;
    pub const OUT: u32 = 1 << 14;
    pub const YET: u32 = 1 << 15;
    pub const TO: u32 = 1 << 16;
    pub const UNLIKELY: u32 = 1 << 17;
    pub const NEITHER: u32 = 1 << 18;
    pub const STOP: u32 = 1 << 19;
    pub const SHORT: u32 = 1 << 20;
    pub const NON: u32 = 1 << 21;
    pub const GRATA: u32 = 1 << 22;
    /// "not", "n't", "never": before "rule out".
    pub const NOT_LIKE: u32 = 1 << 23;
    pub const ON: u32 = 1 << 24;
    pub const ABOUT: u32 = 1 << 25;
    /// "would": the future of reported speech ("said it would"), else a hedge.
    pub const WOULD: u32 = 1 << 26;
    /// "said", "announced", "told": the sentence reports speech.
    pub const REPORTING: u32 = 1 << 27;
    /// "moving" in "is moving to": a plan only before "to".
    pub const MOVING: u32 = 1 << 28;
    /// "cancelled", "postponed": the act named next, or before, will not happen.
    pub const CANCELLED: u32 = 1 << 29;
    /// "was", "were", "been": before a participle, the passive ("was cancelled").
    pub const PASSIVE_AUX: u32 = 1 << 30;
}

/// Every word class the qualifier reads, with its bit. The words are data,
/// in `src/rules/clause.rules`, which the patterns' verb group reads too.
pub(crate) const CLASSES: &[(&str, u32)] = &[
    ("negation", bit::NEGATION),
    ("hedge", bit::POSSIBLE),
    ("plan", bit::INTENDED),
    ("condition", bit::CONDITION),
    ("clause_break", bit::CLAUSE_BREAK),
    ("month", bit::MONTH),
    ("date_preposition", bit::YEAR_PREPOSITION),
    ("day_preposition", bit::ON),
    ("nominal_negation", bit::NOMINAL_NEGATION),
    ("future", bit::WILL),
    ("q_not", bit::NOT),
    ("q_only", bit::ONLY),
    ("q_no", bit::NO),
    ("q_longer", bit::LONGER),
    ("q_rule", bit::RULED),
    ("q_out", bit::OUT),
    ("q_yet", bit::YET),
    ("q_to", bit::TO),
    ("q_unlikely", bit::UNLIKELY),
    ("q_neither", bit::NEITHER),
    ("q_stop", bit::STOP),
    ("q_short", bit::SHORT),
    ("q_non", bit::NON),
    ("q_grata", bit::GRATA),
    ("q_not_like", bit::NOT_LIKE),
    ("q_about", bit::ABOUT),
    ("reported_future", bit::WOULD),
    ("reporting", bit::REPORTING),
    ("q_moving", bit::MOVING),
    ("cancelled", bit::CANCELLED),
    ("passive_aux", bit::PASSIVE_AUX),
];

/// The qualifier bits of every vocabulary word, from the members of the
/// classes in [`CLASSES`] (`members` looks a class up by name); built once
/// when the rules compile. A class no rule file declares contributes nothing.
pub(crate) fn qualifier_bits<'a>(members: impl Fn(&str) -> Option<&'a [u32]>) -> Vec<u32> {
    let mut bits: Vec<u32> = Vec::new();
    for &(class, b) in CLASSES {
        for &id in members(class).unwrap_or(&[]) {
            let id = id as usize;
            if bits.len() <= id {
                bits.resize(id + 1, 0);
            }
            bits[id] |= b;
        }
    }
    bits
}

/// A text with the qualifier bits of its words: a token's word lists come
/// from its vocabulary id, with no string comparison.
#[derive(Clone, Copy)]
pub(crate) struct Lex<'a> {
    pub text: &'a str,
    pub bits: &'a [u32],
}

impl Lex<'_> {
    /// The class bits of a word token (0 for other tokens): the vocabulary
    /// id says which classes hold the word, with no string comparison.
    fn class(&self, t: &Token) -> u32 {
        let TokenKind::Word { vocab: Some(id) } = t.kind else {
            return 0;
        };
        self.bits.get(id as usize).copied().unwrap_or(0)
    }

    fn is(&self, t: &Token, bits: u32) -> bool {
        self.class(t) & bits != 0
    }
}

/// How one relation is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Qualifiers {
    pub negated: bool,
    pub modality: Modality,
    /// The word that made it negated, if any.
    pub negation_cue: Option<Span>,
    /// The word that set a modality other than asserted, if any.
    pub modality_cue: Option<Span>,
}

/// Where a match lies in its sentence's tokens.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Extent<'a> {
    /// First and last token of the match.
    pub lo: usize,
    pub hi: usize,
    /// First and last token of the anchor.
    pub anchor: (usize, usize),
    /// Token ranges of the slots (inclusive), excluded from the inner scope.
    pub slots: &'a [(usize, usize)],
}

/// Negation and modality of one match in a tokenised sentence.
pub(crate) fn qualify(lex: Lex<'_>, tokens: &[Token], ext: Extent<'_>) -> Qualifiers {
    let in_slot = |i: usize| ext.slots.iter().any(|&(a, b)| a <= i && i <= b);
    // "Russia, which has never recognised Kosovo, recognised the Taliban":
    // a comma clause right after a slot and before the anchor is no part of it.
    let is_comma = |i: usize| matches!(tokens.get(i).map(|t| t.kind), Some(TokenKind::Punct(',')));
    let aside = ext
        .slots
        .iter()
        .filter(|&&(_, b)| b + 1 < ext.anchor.0 && is_comma(b + 1))
        .find_map(|&(_, b)| {
            (b + 2..ext.anchor.0)
                .find(|&q| is_comma(q))
                .map(|q| (b + 1, q))
        });
    let in_aside = |i: usize| aside.is_some_and(|(a, b)| a <= i && i <= b);
    let inner = (ext.lo..=ext.hi.min(tokens.len().saturating_sub(1)))
        .filter(|&i| !(in_slot(i) || in_aside(i) || (ext.anchor.0 <= i && i <= ext.anchor.1)));
    let mut clause_start = ext.lo.saturating_sub(BEFORE_WINDOW);
    for i in (clause_start..ext.lo).rev() {
        let t = &tokens[i];
        let brk = match t.kind {
            TokenKind::Punct(c) => {
                matches!(c, ';' | ':' | '(' | ')' | '"' | '\u{201c}' | '\u{201d}')
            }
            TokenKind::Word { .. } => lex.is(t, bit::CLAUSE_BREAK),
            TokenKind::Mention(_) => false,
        };
        if brk {
            clause_start = i + 1;
            break;
        }
    }
    let mut clause_end = tokens.len().min(ext.hi + 1 + AFTER_WINDOW);
    for (i, t) in tokens.iter().enumerate().take(clause_end).skip(ext.hi + 1) {
        if matches!(t.kind, TokenKind::Punct(';')) {
            clause_end = i;
            break;
        }
    }

    // Whether the sentence reports speech ("X said it would ..."); looked up
    // only when a "would" is met.
    let reported_cache = Cell::new(None);
    let reported = || {
        *reported_cache.get().get_or_insert_with(|| {
            let r = tokens.iter().any(|t| lex.is(t, bit::REPORTING));
            reported_cache.set(Some(r));
            r
        })
    };
    let mut negated: Option<Span> = None;
    let mut possible: Option<Span> = None;
    let mut intended: Option<Span> = None;
    let mut no_longer: Option<Span> = None;
    // The inner words with their list bits, each seen with the word before
    // it and the two after it (a window of three: each word is found once).
    let mut words = inner
        .filter(|&i| matches!(tokens[i].kind, TokenKind::Word { .. }))
        .map(|i| (i, lex.class(&tokens[i])));
    let mut window = [words.next(), words.next(), words.next()];
    let mut class_before = 0;
    while let Some((i, c)) = window[0] {
        let class = |w: Option<(usize, u32)>| w.map_or(0, |(_, c)| c);
        let (next, after_next) = (class(window[1]), class(window[2]));
        window = [window[1], window[2], words.next()];
        let prev = std::mem::replace(&mut class_before, c);
        let span = tokens[i].span;
        // "not only ... but also"; "persona non grata" is an expulsion.
        if (c & bit::NOT != 0 && next & bit::ONLY != 0)
            || (c & bit::NON != 0 && next & bit::GRATA != 0)
        {
            continue;
        }
        // "Russia, not China, recognised": the "not" denies China, not the act.
        if c & bit::NOT != 0
            && matches!(
                tokens.get(i + 1).map(|t| t.kind),
                Some(TokenKind::Mention(_))
            )
        {
            continue;
        }
        // "has not ruled out recognising": a possibility, not a denial.
        if c & bit::NOT_LIKE != 0 && next & bit::RULED != 0 && after_next & bit::OUT != 0 {
            possible.get_or_insert(span);
            continue;
        }
        if c & bit::RULED != 0 && next & bit::OUT != 0 && prev & bit::NOT_LIKE != 0 {
            continue;
        }
        // "stopped short of recognising".
        if c & bit::STOP != 0 && next & bit::SHORT != 0 {
            negated.get_or_insert(span);
        }
        if c & bit::NO != 0 && next & bit::LONGER != 0 {
            no_longer.get_or_insert(span);
        }
        if c & bit::RULED != 0 && next & bit::OUT != 0 {
            negated.get_or_insert(span);
        }
        // "is unlikely to recognise": a negated possibility, wherever it stands.
        if c & (bit::NEGATION | bit::UNLIKELY) != 0 || (c & bit::YET != 0 && next & bit::TO != 0) {
            negated.get_or_insert(span);
        }
        if c & bit::POSSIBLE != 0 && !(c & bit::WOULD != 0 && reported()) {
            possible.get_or_insert(span);
        }
        // "is about to recognise", "is moving to revoke": an imminent act is a
        // plan; "said it would recognise": the future of reported speech;
        // "Morocco to normalise ties" (a headline's subject, "to", the verb).
        if c & bit::INTENDED != 0
            || (c & (bit::ABOUT | bit::MOVING) != 0 && next & bit::TO != 0)
            || (c & bit::WOULD != 0 && reported())
            || (c & bit::TO != 0 && in_slot(i.wrapping_sub(1)) && i + 1 == ext.anchor.0)
        {
            intended.get_or_insert(span);
        }
    }
    // "Neither China nor Pakistan has recognised".
    if let Some(at) = ext.lo.checked_sub(1) {
        if lex.is(&tokens[at], bit::NEITHER) && ext.slots.iter().any(|&(a, _)| a == ext.lo) {
            negated.get_or_insert(tokens[at].span);
        }
    }
    // "no recognition", "non-recognition": a negation right before a nominal anchor.
    if ext.lo == ext.anchor.0 {
        for i in (ext.lo.saturating_sub(2)..ext.lo).rev() {
            if lex.is(&tokens[i], bit::NOMINAL_NEGATION) {
                negated.get_or_insert(tokens[i].span);
            }
        }
    }
    for t in &tokens[clause_start..ext.lo] {
        let c = lex.class(t);
        if c & bit::WOULD != 0 && reported() {
            intended.get_or_insert(t.span);
        } else if c & bit::POSSIBLE != 0 {
            possible.get_or_insert(t.span);
            if c & bit::UNLIKELY != 0 {
                negated.get_or_insert(t.span);
            }
        } else if c & bit::WILL != 0 {
            intended.get_or_insert(t.span);
        }
    }
    // A nominal match is the subject of what follows: "talks between Iran and
    // Iraq are planned", "a meeting ... will take place".
    let nominal = ext.lo == ext.anchor.0;
    // A match that ends with its trigger can be called off by what follows too:
    // "a planned Trump-Putin summit in Budapest was cancelled".
    let ends_at_anchor = nominal || ext.hi == ext.anchor.1;
    let after = (ext.hi + 1).min(clause_end);
    for (k, t) in tokens[after..clause_end].iter().enumerate() {
        let c = lex.class(t);
        if nominal && k < NOMINAL_PREDICATE && c & (bit::INTENDED | bit::WILL) != 0 {
            intended.get_or_insert(t.span);
        }
        // "a planned summit in Budapest was cancelled", "EU sanctions on
        // Russia were vetoed": a passive calls off any match before it.
        let passive = k > 0 && lex.class(&tokens[after + k - 1]) & bit::PASSIVE_AUX != 0;
        if (ends_at_anchor || passive) && k < NOMINAL_PREDICATE && c & bit::CANCELLED != 0 {
            negated.get_or_insert(t.span);
        }
        if c & bit::CONDITION != 0 {
            possible.get_or_insert(t.span);
        }
        if c & bit::UNLIKELY != 0 {
            possible.get_or_insert(t.span);
            negated.get_or_insert(t.span);
        }
    }
    let (modality, modality_cue) = match (no_longer, possible, intended) {
        // "would no longer recognise": a negated plan.
        (Some(_), Some(cue), _) | (Some(_), None, Some(cue)) => (Modality::Intended, Some(cue)),
        (_, Some(cue), _) => (Modality::Possible, Some(cue)),
        (_, None, Some(cue)) => (Modality::Intended, Some(cue)),
        _ => (Modality::Asserted, None),
    };
    let negation_cue = negated.or(no_longer);
    Qualifiers {
        negated: negation_cue.is_some(),
        modality,
        negation_cue,
        modality_cue,
    }
}

/// The year a sentence dates its events to: a four-digit year after a
/// temporal preposition or a month ("In 2003,", "in December 2023", "July 3,
/// 2025"). "in March last year" names none.
pub(crate) fn sentence_year(lex: Lex<'_>, tokens: &[Token]) -> Option<u16> {
    sentence_years(lex, tokens).first().map(|&(_, y)| y)
}

/// The year one match is dated to: the nearest year before it, else one
/// inside it, else one after it in the same clause ("cut ties with Qatar in
/// 2017, accusing ..." is 2017; "restored ties, ending a rift that began in
/// 2017" is none).
pub(crate) fn match_year(
    lex: Lex<'_>,
    tokens: &[Token],
    years: &[(usize, u16)],
    lo: usize,
    hi: usize,
) -> Option<u16> {
    if let Some(&(_, y)) = years.iter().rev().find(|&&(i, _)| i < lo) {
        return Some(y);
    }
    years.iter().find(|&&(i, _)| i >= lo).and_then(|&(i, y)| {
        let between = tokens.get(hi + 1..i).unwrap_or(&[]);
        let is_break = |t: &Token| matches!(t.kind, TokenKind::Punct(',' | ';' | ':'));
        let same_clause = !between.iter().any(is_break);
        // "accepted an envoy, in 2024," and "on July 3, 2025" date the act;
        // "which it closed in 2012" does not: only a date phrase may stand
        // between the match and the year.
        let date_phrase = between.iter().all(|t| match t.kind {
            TokenKind::Punct(',') => true,
            TokenKind::Word { .. } => {
                lex.is(t, bit::MONTH | bit::YEAR_PREPOSITION | bit::ON)
                    || is_day(&lex.text[t.span.range()])
            }
            _ => false,
        });
        (i <= hi || same_clause || date_phrase).then_some(y)
    })
}

/// One or two digits: a day of the month.
fn is_day(w: &str) -> bool {
    w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit())
}

/// Every year a sentence names as a date, with its token index.
pub(crate) fn sentence_years(lex: Lex<'_>, tokens: &[Token]) -> Vec<(usize, u16)> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        // Four bytes long first: most words are not, and need no slicing.
        if !matches!(t.kind, TokenKind::Word { .. }) || t.span.end - t.span.start != 4 {
            continue;
        }
        let w = &lex.text.as_bytes()[t.span.range()];
        if !w.iter().all(u8::is_ascii_digit) {
            continue;
        }
        let year = w
            .iter()
            .fold(0u16, |year, &d| year * 10 + u16::from(d - b'0'));
        if !(1800..=2100).contains(&year) {
            continue;
        }
        // Walk back over "3", ",", a month name.
        let mut j = i;
        while j > 0 {
            j -= 1;
            let prev = &tokens[j];
            match prev.kind {
                TokenKind::Punct(',') => continue,
                TokenKind::Word { .. } => {
                    if is_day(&lex.text[prev.span.range()]) {
                        continue;
                    }
                    if lex.is(prev, bit::MONTH | bit::YEAR_PREPOSITION) {
                        out.push((i, year));
                    }
                    break;
                }
                _ => break,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::{Vocabulary, tokenize};

    /// The embedded rules, compiled once: their vocabulary and qualifier bits.
    fn rules() -> &'static crate::rules::RuleSet {
        static SET: std::sync::OnceLock<crate::rules::RuleSet> = std::sync::OnceLock::new();
        SET.get_or_init(|| {
            crate::rules::RuleSources::embedded()
                .and_then(|s| s.compile().map_err(Into::into))
                .expect("embedded rules compile")
        })
    }

    fn vocab() -> (&'static Vocabulary, &'static [u32]) {
        (rules().vocabulary(), rules().qualifier_bits())
    }

    fn toks(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &[], 0, vocab().0, &mut out);
        out
    }

    fn lex<'a>(text: &'a str, bits: &'a [u32]) -> Lex<'a> {
        Lex { text, bits }
    }

    /// Qualifies a match from the first token to the last, anchored at `anchor`,
    /// with one-token slots at the first and last tokens.
    fn q(text: &str, anchor: &str) -> (bool, Modality) {
        let t = toks(text);
        let a = t
            .iter()
            .position(|t| &text[t.span.range()] == anchor)
            .unwrap();
        let slots = [(0, 0), (t.len() - 1, t.len() - 1)];
        let bits = vocab().1;
        let r = qualify(
            lex(text, bits),
            &t,
            Extent {
                lo: 0,
                hi: t.len() - 1,
                anchor: (a, a),
                slots: &slots,
            },
        );
        (r.negated, r.modality)
    }

    #[test]
    fn negation_and_modality_cues() {
        use Modality::*;
        assert_eq!(
            q("Russia recognised Taliban", "recognised"),
            (false, Asserted)
        );
        assert_eq!(
            q("Russia has not recognised Taliban", "recognised"),
            (true, Asserted)
        );
        assert_eq!(
            q("Russia never formally recognised Taliban", "recognised"),
            (true, Asserted)
        );
        assert_eq!(
            q("Russia refused to recognise Taliban", "recognise"),
            (true, Asserted)
        );
        assert_eq!(
            q("Russia is unlikely to recognise Kosovo", "recognise"),
            (true, Possible)
        );
        assert_eq!(
            q("China has not ruled out recognising Taliban", "recognising"),
            (false, Possible)
        );
        assert_eq!(
            q("Iran stopped short of recognising Taliban", "recognising"),
            (true, Asserted)
        );
        assert_eq!(
            q("Russia has yet to recognise Taliban", "recognise"),
            (true, Asserted)
        );
        assert_eq!(
            q("Russia will recognise Taliban", "recognise"),
            (false, Intended)
        );
        assert_eq!(
            q("Russia is in the process to recognise Taliban", "recognise"),
            (false, Intended)
        );
        assert_eq!(
            q("Russia may recognise Taliban", "recognise"),
            (false, Possible)
        );
        assert_eq!(
            q("Russia would no longer recognise Taliban", "recognise"),
            (true, Intended)
        );
        assert_eq!(
            q("Russia not only recognised Taliban", "recognised"),
            (false, Asserted)
        );
        assert_eq!(
            q("Russia is about to recognise Taliban", "recognise"),
            (false, Intended)
        );
        assert_eq!(
            q("Russia is poised to recognise Taliban", "recognise"),
            (false, Intended)
        );
        assert_eq!(
            q("Russia will possibly recognise Taliban", "recognise"),
            (false, Possible)
        );
        // "would" is a hedge, but the future of reported speech is a plan.
        assert_eq!(
            q("Russia would recognise Taliban", "recognise"),
            (false, Possible)
        );
        assert_eq!(
            q("Russia said it would recognise Taliban", "recognise"),
            (false, Intended)
        );
        assert_eq!(
            q("Russia is moving to recognise Taliban", "recognise"),
            (false, Intended)
        );
        // A headline: the subject, "to", the verb.
        assert_eq!(
            q("Russia to recognise Taliban", "recognise"),
            (false, Intended)
        );
    }

    #[test]
    fn conditions_beat_promises() {
        let text = "Russia will sanction Iran if talks fail";
        let t = toks(text);
        let bits = vocab().1;
        let r = qualify(
            lex(text, bits),
            &t,
            Extent {
                lo: 0,
                hi: 3,
                anchor: (2, 2),
                slots: &[(0, 0), (3, 3)],
            },
        );
        assert_eq!(r.modality, Modality::Possible);
        // Reported speech too: "said it would ... if" is a condition.
        let text = "Russia said it would sanction Iran if talks fail";
        let t = toks(text);
        let r = qualify(
            lex(text, bits),
            &t,
            Extent {
                lo: 0,
                hi: 5,
                anchor: (4, 4),
                slots: &[(0, 0), (5, 5)],
            },
        );
        assert_eq!(r.modality, Modality::Possible);
    }

    #[test]
    fn classes_ignore_case_and_fold_curly_apostrophes() {
        let plain = |w: &str, class: &str| {
            let members = rules().class(class).unwrap_or(&[]);
            members.iter().any(|&id| {
                w.replace('\u{2019}', "'")
                    .eq_ignore_ascii_case(rules().vocabulary().word(id))
            })
        };
        let (vocab, bits) = vocab();
        for w in [
            "NOT",
            "didn’t",
            "Didn't",
            "WON’T",
            "’ll",
            "'LL",
            "nöt",
            "x",
            "",
            "’",
            "didn’’t",
            "potentially",
            "POTENTIALLYPOTENTIALLY",
            "Sept",
            "mAy",
        ] {
            let token = Token {
                span: Span::new(0, w.len()),
                kind: TokenKind::Word {
                    vocab: vocab.lookup(w),
                },
            };
            for &(class, bit) in CLASSES {
                assert_eq!(lex(w, bits).is(&token, bit), plain(w, class), "{w}");
            }
        }
    }

    #[test]
    fn years() {
        let bits = vocab().1;
        let y = |s: &str| sentence_year(lex(s, bits), &toks(s));
        assert_eq!(y("In 2003, Russia listed the group."), Some(2003));
        assert_eq!(y("In December 2023, China accepted an envoy."), Some(2023));
        assert_eq!(y("on July 3, 2025 the two met"), Some(2025));
        assert_eq!(y("in March last year"), None);
        assert_eq!(y("the 2021 takeover"), None);
    }

    #[test]
    fn year_after_the_match_only_when_it_dates_it() {
        // The match is "China accepted an envoy": tokens 0..=3.
        let y = |s: &str| {
            let t = toks(s);
            let bits = vocab().1;
            match_year(lex(s, bits), &t, &sentence_years(lex(s, bits), &t), 0, 3)
        };
        assert_eq!(y("China accepted an envoy in 2024."), Some(2024));
        assert_eq!(y("China accepted an envoy, in 2024, and more."), Some(2024));
        assert_eq!(y("China accepted an envoy, in late 2024."), Some(2024));
        assert_eq!(y("China accepted an envoy on July 3, 2024."), Some(2024));
        assert_eq!(
            y("China accepted an envoy, which it expelled in 2012."),
            None
        );
        assert_eq!(y("China accepted an envoy; talks began in 2012."), None);
    }
}
