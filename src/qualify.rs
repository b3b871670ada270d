//! Qualifiers: negation, modality and year for one matched relation.
//!
//! Scopes, in tokens of the sentence:
//! - **inner**: the match's own words outside its slots and anchor ("Russia
//!   *has not formally* recognised", "*plans to* appoint"). Negation and
//!   modality cues count here.
//! - **before**: from the start of the clause (after `;`, `:` or a contrastive
//!   "but"/"while"/"although") up to the match, at most [`BEFORE_WINDOW`]
//!   tokens. Modality cues count here ("*If* Russia recognises", "officials
//!   *may* ..."), and negation only right before a nominal anchor ("*no*
//!   recognition").
//! - **after**: the rest of the clause. Only conditions ("... *if* Iran
//!   refuses") and "unlikely" count.
//!
//! Precedence follows the contract: a condition or speculation (`possible`)
//! beats a plan (`intended`), which beats `asserted`; "would no longer" is a
//! negated plan, "unlikely" a negated possibility.

use crate::document::Modality;
use crate::span::Span;
use crate::tokens::{Token, TokenKind};

/// Tokens before a match that may still qualify it.
pub const BEFORE_WINDOW: usize = 12;

/// Tokens after a match that may still qualify it: the after scope is the rest
/// of the clause, but at most this many tokens, so that a sentence with
/// thousands of matches and no `;` costs linear, not quadratic, time.
pub const AFTER_WINDOW: usize = 40;

const NEGATION: &[&str] = &[
    "aren't",
    "can't",
    "cannot",
    "couldn't",
    "declined",
    "declines",
    "declining",
    "denied",
    "denies",
    "didn't",
    "doesn't",
    "don't",
    "failed",
    "fails",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "neither",
    "never",
    "no",
    "non",
    "nor",
    "not",
    "refusal",
    "refuse",
    "refused",
    "refuses",
    "refusing",
    "rejected",
    "rejects",
    "shouldn't",
    "wasn't",
    "weren't",
    "without",
    "won't",
    "wouldn't",
];

const POSSIBLE: &[&str] = &[
    "considering",
    "consider",
    "considers",
    "could",
    "couldn't",
    "if",
    "likely",
    "may",
    "might",
    "mulling",
    "perhaps",
    "possible",
    "possibility",
    "possibly",
    "potential",
    "potentially",
    "should",
    "unless",
    "unlikely",
    "weighing",
    "whether",
    "would",
    "wouldn't",
];

const INTENDED: &[&str] = &[
    "agree",
    "agreed",
    "agrees",
    "aim",
    "aiming",
    "aims",
    "decided",
    "decides",
    "voted",
    "votes",
    "expected",
    "going",
    "intend",
    "intended",
    "intends",
    "intention",
    "nominee",
    "pending",
    "plan",
    "planned",
    "planning",
    "plans",
    "pledge",
    "pledged",
    "pledges",
    "prepared",
    "prepares",
    "preparing",
    "process",
    "promise",
    "promised",
    "promises",
    "proposed",
    "ready",
    "seek",
    "seeking",
    "seeks",
    "set",
    "shall",
    "soon",
    "vow",
    "vowed",
    "vows",
    "want",
    "wanted",
    "wants",
    "will",
    "won't",
    "'ll",
];

const CONDITIONS: &[&str] = &["if", "unless", "whether"];

const CLAUSE_BREAKS: &[&str] = &["although", "but", "though", "whereas", "while"];

const MONTHS: &[&str] = &[
    "april",
    "aug",
    "august",
    "dec",
    "december",
    "feb",
    "february",
    "jan",
    "january",
    "july",
    "june",
    "march",
    "may",
    "nov",
    "november",
    "oct",
    "october",
    "sept",
    "september",
];

const YEAR_PREPOSITIONS: &[&str] = &[
    "as",
    "by",
    "during",
    "early",
    "from",
    "in",
    "late",
    "mid",
    "of",
    "since",
    "summer",
    "throughout",
    "until",
    "winter",
    "spring",
    "autumn",
];

fn word<'t>(text: &'t str, tok: &Token) -> Option<&'t str> {
    matches!(tok.kind, TokenKind::Word { .. }).then(|| &text[tok.span.range()])
}

/// Whether `w` is one of `list` (lower-case ASCII words), ignoring ASCII case
/// and reading `’` as `'`. The word is folded once on a small stack buffer:
/// this runs for every word near every match, and the lists are short.
fn is(w: &str, list: &[&str]) -> bool {
    let mut buf = [0u8; 16];
    fold(w, &mut buf).is_some_and(|f| in_list(f, list))
}

/// Whether a folded word is in `list`; the empty word never is.
fn in_list(folded: &[u8], list: &[&str]) -> bool {
    !folded.is_empty() && list.iter().any(|l| l.as_bytes() == folded)
}

/// `w` ASCII-lower-cased with `’` as `'`, or `None` when it holds any other
/// non-ASCII character or is too long for `buf` (no list word is either).
fn fold<'b>(w: &str, buf: &'b mut [u8; 16]) -> Option<&'b [u8]> {
    let mut len = 0;
    let mut bytes = w.as_bytes().iter();
    while let Some(&b) = bytes.next() {
        let b = if b.is_ascii() {
            b.to_ascii_lowercase()
        } else if b == 0xE2 && bytes.as_slice().starts_with(&[0x80, 0x99]) {
            // U+2019 RIGHT SINGLE QUOTATION MARK.
            bytes.nth(1);
            b'\''
        } else {
            return None;
        };
        *buf.get_mut(len)? = b;
        len += 1;
    }
    Some(&buf[..len])
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
pub(crate) fn qualify(text: &str, tokens: &[Token], ext: Extent<'_>) -> Qualifiers {
    let in_slot = |i: usize| ext.slots.iter().any(|&(a, b)| a <= i && i <= b);
    let inner = (ext.lo..=ext.hi.min(tokens.len().saturating_sub(1)))
        .filter(|&i| !(in_slot(i) || (ext.anchor.0 <= i && i <= ext.anchor.1)));
    let mut clause_start = ext.lo.saturating_sub(BEFORE_WINDOW);
    for i in (clause_start..ext.lo).rev() {
        let t = &tokens[i];
        let brk = match t.kind {
            TokenKind::Punct(c) => {
                matches!(c, ';' | ':' | '(' | ')' | '"' | '\u{201c}' | '\u{201d}')
            }
            TokenKind::Word { .. } => is(&text[t.span.range()], CLAUSE_BREAKS),
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

    let mut negated: Option<Span> = None;
    let mut possible: Option<Span> = None;
    let mut intended: Option<Span> = None;
    let mut no_longer: Option<Span> = None;
    // Each inner word with the word after it (both folded once, see `fold`).
    let mut inner_words = inner.filter_map(|i| word(text, &tokens[i]).map(|w| (i, w)));
    let mut bufs = [[0u8; 16]; 2];
    let mut current = inner_words.next();
    while let Some((i, w)) = current {
        current = inner_words.next();
        let [wb, nb] = &mut bufs;
        let f = fold(w, wb).unwrap_or(b"");
        let next = current.and_then(|(_, n)| fold(n, nb)).unwrap_or(b"");
        let span = tokens[i].span;
        if f == b"not" && next == b"only" {
            continue;
        }
        if f == b"no" && next == b"longer" {
            no_longer.get_or_insert(span);
        }
        if f == b"ruled" && next == b"out" {
            negated.get_or_insert(span);
        }
        if in_list(f, NEGATION) || (f == b"yet" && next == b"to") {
            negated.get_or_insert(span);
        }
        if in_list(f, POSSIBLE) {
            possible.get_or_insert(span);
        }
        if in_list(f, INTENDED) {
            intended.get_or_insert(span);
        }
    }
    // "no recognition", "non-recognition": a negation right before a nominal anchor.
    if ext.lo == ext.anchor.0 {
        for i in (ext.lo.saturating_sub(2)..ext.lo).rev() {
            if let Some(w) = word(text, &tokens[i]) {
                if is(w, &["no", "non", "not", "never", "without"]) {
                    negated.get_or_insert(tokens[i].span);
                }
            }
        }
    }
    for t in &tokens[clause_start..ext.lo] {
        if let Some(w) = word(text, t) {
            if is(w, POSSIBLE) {
                possible.get_or_insert(t.span);
            } else if is(w, &["will", "'ll", "shall"]) {
                intended.get_or_insert(t.span);
            }
        }
    }
    for t in &tokens[(ext.hi + 1).min(clause_end)..clause_end] {
        if let Some(w) = word(text, t) {
            if is(w, CONDITIONS) {
                possible.get_or_insert(t.span);
            }
            if w.eq_ignore_ascii_case("unlikely") {
                possible.get_or_insert(t.span);
                negated.get_or_insert(t.span);
            }
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
pub(crate) fn sentence_year(text: &str, tokens: &[Token]) -> Option<u16> {
    sentence_years(text, tokens).first().map(|&(_, y)| y)
}

/// The year one match is dated to: the nearest year before it, else one
/// inside it, else one after it in the same clause ("cut ties with Qatar in
/// 2017, accusing ..." is 2017; "restored ties, ending a rift that began in
/// 2017" is none).
pub(crate) fn match_year(
    text: &str,
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
        // "accepted an envoy, in 2024," dates the act; "which it closed in
        // 2012" does not: after one comma only the date phrase may follow.
        let trailing_date = between
            .first()
            .is_some_and(|t| matches!(t.kind, TokenKind::Punct(',')))
            && between[1..].iter().all(|t| {
                word(text, t).is_some_and(|w| {
                    is(w, MONTHS)
                        || is(w, YEAR_PREPOSITIONS)
                        || (w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
                })
            });
        (i <= hi || same_clause || trailing_date).then_some(y)
    })
}

/// Every year a sentence names as a date, with its token index.
pub(crate) fn sentence_years(text: &str, tokens: &[Token]) -> Vec<(usize, u16)> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Some(w) = word(text, t) else { continue };
        if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(year) = w.parse::<u16>() else { continue };
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
                    let pw = &text[prev.span.range()];
                    if pw.len() <= 2 && pw.bytes().all(|b| b.is_ascii_digit()) {
                        continue;
                    }
                    if is(pw, MONTHS) || is(pw, YEAR_PREPOSITIONS) {
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

    fn toks(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        tokenize(
            text,
            Span::new(0, text.len()),
            &[],
            0,
            &Vocabulary::default(),
            &mut out,
        );
        out
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
        let r = qualify(
            text,
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
    }

    #[test]
    fn conditions_beat_promises() {
        let text = "Russia will sanction Iran if talks fail";
        let t = toks(text);
        let r = qualify(
            text,
            &t,
            Extent {
                lo: 0,
                hi: 3,
                anchor: (2, 2),
                slots: &[(0, 0), (3, 3)],
            },
        );
        assert_eq!(r.modality, Modality::Possible);
    }

    #[test]
    fn word_lists_ignore_ascii_case_and_fold_curly_apostrophes() {
        let plain = |w: &str, list: &[&str]| {
            list.iter()
                .any(|l| w.replace('\u{2019}', "'").eq_ignore_ascii_case(l))
        };
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
            "\u{212a}",
            "Sept",
            "mAy",
        ] {
            for list in [NEGATION, POSSIBLE, INTENDED, MONTHS, YEAR_PREPOSITIONS] {
                assert_eq!(is(w, list), plain(w, list), "{w}");
            }
        }
    }

    #[test]
    fn years() {
        let y = |s: &str| sentence_year(s, &toks(s));
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
            match_year(s, &t, &sentence_years(s, &t), 0, 3)
        };
        assert_eq!(y("China accepted an envoy in 2024."), Some(2024));
        assert_eq!(y("China accepted an envoy, in 2024, and more."), Some(2024));
        assert_eq!(y("China accepted an envoy, in late 2024."), Some(2024));
        assert_eq!(
            y("China accepted an envoy, which it expelled in 2012."),
            None
        );
        assert_eq!(y("China accepted an envoy; talks began in 2012."), None);
    }
}
