//! Resolution: which surfaces the matcher found are actors, and which entity each names.
//!
//! The gazetteer says what a surface *can* name; the words around it say
//! whether it does, following the contract's annotation guidelines:
//!
//! - A **capital** stands for its state ("Moscow welcomed", "an ambassador to
//!   Kabul") but not as a place ("the takeover of Kabul", "a compound in
//!   Kabul") nor in an all-capitals dateline ("KABUL, July 4"). After a
//!   locative preposition it is a place unless a diplomatic noun precedes
//!   ("the government in Kabul", "embassies in Kabul").
//! - A **demonym** stands for its state only before a state noun ("the Russian
//!   decision", "Afghan Foreign Minister", "the Afghan Taliban government") or a
//!   hyphenated "-backed"/"-led" ("Russian-backed"); "Afghan refugees" and
//!   "Afghan soil" name no actor.
//! - A **trap** (`?Chad`) is rejected next to another capitalised word
//!   ("Chad Johnson", "Michael Jordan", "Atlanta, Georgia").
//! - A **surname** names the person most recently introduced in full with it
//!   ("Vladimir Putin ... Putin"); a distinctive surname only one person in
//!   the gazetteer has may also stand alone ("Muttaqi said").
//! - **"the group"**, "the movement", "the organisation" name the organisation
//!   mentioned last before them, within [`ANAPHOR_REACH`] bytes ("after the
//!   Taliban were ousted, Russia designated the group a terrorist movement").
//!
//! - A **title next to an unlisted name** ("Foreign Minister Jane Doe", "Jane
//!   Doe, the French ambassador,") makes it a person ([`find_titled_names`]),
//!   with an id derived from the name; later bare surnames refer back to it.
//!
//! The words these decisions read (`state_noun`, `place_noun`,
//! `body_members`, `not_a_name`, `name_particle`) are word classes of
//! `src/rules/office.rules`, shared with the rules' vocabulary; a word's
//! classes are bits by its vocabulary id ([`class`]), so every question about
//! a word costs one look-up.
//!
//! Everything here looks only at the few words around a hit: linear in the text.

use crate::document::{EntityKind, Role, Via};
use crate::gazetteer::Entry;
use crate::gazetteer::id_is_well_formed;
use crate::matcher::Matcher;
use crate::matcher::{Hit, Target, is_word_char};
use crate::rules::RuleSet;
use crate::span::Span;
use crate::tokens::{Token, TokenKind, Vocabulary};
use std::sync::Arc;

/// An accepted mention: a span of text naming one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    pub span: Span,
    pub entry: u32,
    pub via: Via,
}

/// Word classes (from the embedded rule files) the resolver reads:
/// `state_noun`, `body_members` and `place_noun` in `office.rules`, and the
/// words around a hit in `actors.rules`. Copied out of the compiled rules once
/// at build ([`ResolveClasses::of`]): a class is found by its name in a map,
/// too slow to do for every document.
#[derive(Debug, Clone)]
pub(crate) struct ResolveClasses {
    /// By rule vocabulary id, the bits ([`class`]) of the classes the word
    /// is in: one load answers every question about a word looked up once.
    bits: Box<[u16]>,
    /// What can be part of a name (see [`NameWords`]).
    pub names: NameWords,
}

/// The resolver's word classes, as bits of [`ResolveClasses`]'s table,
/// with the rule files' names for them.
pub(crate) mod class {
    pub const STATE_NOUN: u16 = 1;
    pub const MEMBER_NOUN: u16 = 1 << 1;
    pub const PLACE_NOUN: u16 = 1 << 2;
    pub const SURNAME_TITLE: u16 = 1 << 3;
    pub const STATE_SUFFIX: u16 = 1 << 4;
    pub const CITY_NOUN: u16 = 1 << 5;
    pub const TAKEOVER_VERB: u16 = 1 << 6;
    pub const LOCATIVE: u16 = 1 << 7;
    pub const PRESENCE_NOUN: u16 = 1 << 8;
    pub const FUNCTION_WORD: u16 = 1 << 9;
    pub const COMMON_SURNAME: u16 = 1 << 10;

    /// Each class's bit and its name in the rule files.
    pub const NAMES: [(u16, &str); 11] = [
        (STATE_NOUN, "state_noun"),
        (MEMBER_NOUN, "body_members"),
        (PLACE_NOUN, "place_noun"),
        (SURNAME_TITLE, "surname_title"),
        (STATE_SUFFIX, "state_suffix"),
        (CITY_NOUN, "city_noun"),
        (TAKEOVER_VERB, "takeover_verb"),
        (LOCATIVE, "locative"),
        (PRESENCE_NOUN, "presence_noun"),
        (FUNCTION_WORD, "function_word"),
        (COMMON_SURNAME, "common_surname"),
    ];
}

/// The members of class `name` (empty where no rule file declares it).
fn class_list(rules: &RuleSet, name: &str) -> Box<[u32]> {
    rules.class(name).unwrap_or(&[]).into()
}

/// By vocabulary id, the bits of the [`class`]es each word is in (as long
/// as the largest member's id needs).
fn class_bits(rules: &RuleSet) -> Box<[u16]> {
    let mut bits: Vec<u16> = Vec::new();
    for (bit, name) in class::NAMES {
        for &w in rules.class(name).unwrap_or(&[]) {
            let w = w as usize;
            if bits.len() <= w {
                bits.resize(w + 1, 0);
            }
            bits[w] |= bit;
        }
    }
    bits.into()
}

impl ResolveClasses {
    pub(crate) fn of(rules: &RuleSet) -> ResolveClasses {
        let list = |name: &str| class_list(rules, name);
        ResolveClasses {
            bits: class_bits(rules),
            names: NameWords {
                not_a_name: list("not_a_name"),
                particle: list("name_particle"),
                honorific: list("honorific"),
                then: list("then"),
                rank: list("rank"),
            },
        }
    }

    /// The classes with the vocabulary (the rule set's) their ids are from.
    pub(crate) fn words<'a>(&'a self, vocab: &'a Vocabulary) -> ResolveWords<'a> {
        ResolveWords {
            vocab,
            classes: self,
        }
    }
}

/// [`ResolveClasses`] with the vocabulary that reads a word's id.
pub(crate) struct ResolveWords<'a> {
    pub vocab: &'a Vocabulary,
    classes: &'a ResolveClasses,
}

impl std::ops::Deref for ResolveWords<'_> {
    type Target = ResolveClasses;
    fn deref(&self) -> &ResolveClasses {
        self.classes
    }
}

impl ResolveWords<'_> {
    /// The bits of the [`class`]es `word` is in (any case), 0 for none.
    pub(crate) fn classes(&self, word: &str) -> u16 {
        (self.vocab.lookup(word))
            .and_then(|v| self.bits.get(v as usize).copied())
            .unwrap_or(0)
    }

    /// Whether `word` is in `class` (a bit of [`class`]).
    pub(crate) fn is(&self, class: u16, word: &str) -> bool {
        self.classes(word) & class != 0
    }
}

fn lower_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The word ending at or before `pos`, skipping spaces only (not punctuation).
///
/// Byte by byte while the text is ASCII (the spaces are ' ', tab and the
/// no-break space, `C2 A0`); from a byte beyond ASCII on, by characters.
fn word_before(text: &str, pos: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let mut end = pos;
    loop {
        match end.checked_sub(1).map(|i| bytes[i]) {
            Some(b' ' | b'\t') => end -= 1,
            // `C2` is never a continuation byte: `C2 A0` is U+00A0.
            Some(0xa0) if end >= 2 && bytes[end - 2] == 0xc2 => end -= 2,
            _ => break,
        }
    }
    let mut start = end;
    while let Some(&b) = start.checked_sub(1).map(|i| &bytes[i]) {
        if b.is_ascii_alphanumeric() || b == b'_' {
            start -= 1;
        } else {
            if !b.is_ascii() {
                // `start` follows an ASCII byte or is `end`: a boundary.
                start = (text[..start].char_indices().rev())
                    .take_while(|&(_, c)| is_word_char(c))
                    .last()
                    .map_or(start, |(i, _)| i);
            }
            break;
        }
    }
    (start < end).then(|| Span::new(start, end))
}

/// The word starting at or after `pos`, skipping spaces only (not punctuation).
///
/// Byte by byte while the text is ASCII, as [`word_before`].
fn word_after(text: &str, pos: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let mut start = pos;
    loop {
        match bytes.get(start) {
            Some(b' ' | b'\t') => start += 1,
            Some(0xc2) if bytes.get(start + 1) == Some(&0xa0) => start += 2,
            _ => break,
        }
    }
    let mut end = crate::swar::word_run_end(bytes, start);
    if bytes.get(end).is_some_and(|b| !b.is_ascii()) {
        // `end` follows an ASCII byte or is `start`: a boundary.
        end += (text[end..].chars())
            .take_while(|&c| is_word_char(c))
            .map(char::len_utf8)
            .sum::<usize>();
    }
    (start < end).then(|| Span::new(start, end))
}

/// The position after a possessive `'s` (or `’s`) at `pos`, else `pos`.
fn past_possessive(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    if rest.starts_with("'s") {
        pos + 2
    } else if rest.starts_with("\u{2019}s") {
        pos + "\u{2019}s".len()
    } else {
        pos
    }
}

/// The state a head of state or government's "administration" or
/// "government" stands for ("the Trump administration", "Sharif's
/// government"): the one they led in year `when`, or without a year their
/// latest.
pub(crate) fn administration_of(
    text: &str,
    span: Span,
    entry: &Entry,
    when: Option<u16>,
) -> Option<Arc<str>> {
    if entry.kind != EntityKind::Person {
        return None;
    }
    let noun = word_after(text, past_possessive(text, span.end))?;
    if !lower_in(
        &text[noun.range()],
        &["administration", "government", "cabinet"],
    ) {
        return None;
    }
    let led = entry.offices.iter().filter(|o| {
        matches!(o.role, Role::HeadOfState | Role::HeadOfGovernment)
            && id_is_well_formed(EntityKind::Country, &o.holder)
    });
    match when {
        Some(y) => led
            .filter(|o| o.from.is_none_or(|f| f <= y) && o.to.is_none_or(|t| y <= t))
            .map(|o| o.holder.clone())
            .next(),
        None => led.max_by_key(|o| o.from).map(|o| o.holder.clone()),
    }
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Resolves the matcher's hits in `text` into mentions, in text order.
pub(crate) fn resolve(
    text: &str,
    matcher: &Matcher,
    entries: &[Entry],
    hits: &[Hit],
    words: &ResolveWords,
    out: &mut Vec<Mention>,
) {
    // People introduced in full so far, most recent last.
    let mut introduced: Vec<u32> = Vec::new();
    for (i, hit) in hits.iter().enumerate() {
        let candidate = matcher.candidate(hit.candidate);
        let Target::Entry { entry, via } = candidate.target else {
            continue;
        };
        let entry = if via == Via::Surname {
            let alternatives = hit.candidate..=hit.candidate + hit.more;
            let recent = introduced.iter().rev().find(|&&e| {
                alternatives.clone().any(|c| {
                    matches!(matcher.candidate(c).target,
                        Target::Entry { entry, via: Via::Surname } if entry == e)
                })
            });
            match recent {
                Some(&e) => e,
                // A distinctive surname only one person has may stand alone
                // ("Muttaqi said"); a common word or a shared name may not.
                None if hit.more == 0 && standalone_surname(text, hit.span, words) => entry,
                None => continue,
            }
        } else {
            entry
        };
        let accepted = match via {
            Via::Capital => capital_stands_for_state(text, hit.span, words),
            Via::Demonym => {
                demonym_stands_for_state(text, hit.span, hits.get(i + 1), matcher, entries, words)
            }
            // "EU countries", "NATO member states": the members, not the body.
            Via::Name | Via::Alias if entries[entry as usize].kind == EntityKind::Organisation => {
                !word_after(text, hit.span.end).is_some_and(|w| {
                    w.start > hit.span.end && words.is(class::MEMBER_NOUN, &text[w.range()])
                })
            }
            _ => true,
        } && !(candidate.trap && trap_is_part_of_a_name(text, hit.span, words));
        if !accepted {
            continue;
        }
        if entries[entry as usize].kind == EntityKind::Person && via != Via::Surname {
            introduced.retain(|&e| e != entry);
            introduced.push(entry);
        }
        out.push(Mention {
            span: hit.span,
            entry,
            via,
        });
    }
}

fn standalone_surname(text: &str, span: Span, words: &ResolveWords) -> bool {
    let surface = &text[span.range()];
    let bare = ["al-", "el-"]
        .iter()
        .find_map(|p| surface.strip_prefix(p))
        .unwrap_or(surface);
    let distinctive = surface.chars().count() >= 4
        && bare.chars().next().is_some_and(char::is_uppercase)
        && !words.is(class::COMMON_SURNAME, surface);
    // An honorific or a title before it is no first name: "Mr Rubio",
    // "President Ruto" (but "Mr Rubio Smith" is another name).
    let after_a_title = word_before(text, span.start)
        .is_some_and(|w| words.is(class::SURNAME_TITLE, &text[w.range()]))
        && !word_after(text, span.end)
            .is_some_and(|w| w.start > span.end && is_name_word(text, w, words));
    // "Laura Bush", "George Smith": another name's part. (A comma before
    // it is no sign: "In a call with Wang Yi, Rubio said".)
    distinctive && (after_a_title || !next_to_a_name_word(text, span, words))
}

/// How far back (bytes) "the group" looks for its organisation.
pub(crate) const ANAPHOR_REACH: usize = 400;

/// Noun phrases that refer back to an organisation.
const ANAPHORS: &[&str] = &[
    "the group",
    "the movement",
    "the organisation",
    "the organization",
    "the militant group",
];

/// Adds a mention for each "the group"-style phrase that refers back to an
/// organisation named shortly before it; keeps `out` in text order.
pub(crate) fn resolve_anaphors(text: &str, entries: &[Entry], out: &mut Vec<Mention>) {
    if !out
        .iter()
        .any(|m| entries[m.entry as usize].kind == EntityKind::Organisation)
    {
        return;
    }
    let mut added = Vec::new();
    // One pass for every phrase: each starts "the " ("the group", "The group").
    for at in memchr::memmem::find_iter(text.as_bytes(), b"he ") {
        let Some(tail) = ANAPHORS
            .iter()
            .map(|phrase| &phrase[1..])
            .find(|tail| text.as_bytes()[at..].starts_with(tail.as_bytes()))
        else {
            continue;
        };
        let Some(start) = at.checked_sub(1) else {
            continue;
        };
        if !matches!(text.as_bytes()[start], b't' | b'T') {
            continue;
        }
        let end = at + tail.len();
        let span = Span::new(start, end);
        let before_ok = !text[..start].chars().next_back().is_some_and(is_word_char);
        let after_ok = !text[end..].chars().next().is_some_and(is_word_char);
        // `out` is in text order without overlaps: binary searches, not scans,
        // keep this linear when a text repeats "the group" thousands of times.
        let starting_before_end = out.partition_point(|m| m.span.start < end);
        let overlaps = starting_before_end
            .checked_sub(1)
            .is_some_and(|i| start < out[i].span.end);
        if !before_ok || !after_ok || overlaps {
            continue;
        }
        let ending_before = out.partition_point(|m| m.span.end <= start);
        let antecedent = out[..ending_before]
            .iter()
            .rev()
            .take_while(|m| start - m.span.end <= ANAPHOR_REACH)
            .find(|m| entries[m.entry as usize].kind == EntityKind::Organisation);
        if let Some(a) = antecedent {
            added.push(Mention {
                span,
                entry: a.entry,
                via: Via::Anaphor,
            });
        }
    }
    if !added.is_empty() {
        out.extend(added);
        out.sort_by_key(|m| m.span.start);
    }
}

fn capital_stands_for_state(text: &str, span: Span, words: &ResolveWords) -> bool {
    let surface = &text[span.range()];
    let all_caps =
        surface.chars().any(char::is_uppercase) && !surface.chars().any(char::is_lowercase);
    // A dateline: only blanks between the line start and the capital. (Never
    // search back for the newline itself: quadratic on a long line of capitals.)
    let line_head = text[..span.start].trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    let line_start = line_head.is_empty() || line_head.ends_with('\n');
    if line_start && (all_caps || text[span.end..].starts_with([':', '.'])) {
        // "KABUL, July 4", "Amman: The kingdom ...", "Baku. 15 April.".
        return false;
    }
    // "London's High Court", "a Moscow court", "Kabul's main airport": the
    // city (a city noun within the next two words).
    let next = word_after(text, past_possessive(text, span.end));
    let second = next.and_then(|w| word_after(text, w.end));
    if [next, second]
        .into_iter()
        .flatten()
        .any(|w| words.is(class::CITY_NOUN, &text[w.range()]))
    {
        return false;
    }
    // "the capital Kyiv", "the Saudi capital, Riyadh": the city named as a place.
    let before_comma = text[..span.start].trim_end();
    let before_comma = before_comma.strip_suffix(',').unwrap_or(before_comma);
    if word_before(text, before_comma.len())
        .is_some_and(|w| words.is(class::PLACE_NOUN, &text[w.range()]))
    {
        return false;
    }
    let Some(prev) = word_before(text, span.start) else {
        return true;
    };
    // "George Washington", "Denzel Washington": part of a person's name
    // (unless the capitalised word only opens the sentence).
    let prev_word = &text[prev.range()];
    let opens_sentence = text[..prev.start]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| {
            matches!(
                c,
                '.' | '!'
                    | '?'
                    | '"'
                    | '\u{201c}'
                    | '\u{201d}'
                    | ':'
                    | '('
                    | ')'
                    | '-'
                    | '\u{2014}'
                    | '\u{2013}'
                    | '\n'
            )
        });
    let prev_classes = words.classes(prev_word);
    if is_capitalised(prev_word) && prev_classes & class::FUNCTION_WORD == 0 && !opens_sentence {
        return false;
    }
    // "the Taliban stormed Kabul": the city taken, not the state.
    if prev_classes & class::TAKEOVER_VERB != 0 {
        return false;
    }
    if prev_classes & class::LOCATIVE == 0 {
        return true;
    }
    // "the government in Kabul", "embassies in Kabul": still the state.
    word_before(text, prev.start).is_some_and(|w| words.is(class::PRESENCE_NOUN, &text[w.range()]))
        || about_a_mission(text, prev.start)
}

/// Words of diplomatic missions: a capital after a locative in a clause
/// that names one stands for the host state ("the embassy of Ruritania in
/// Kabul", "evacuated its diplomats from Kabul").
const MISSION_WORDS: &[&str] = &["embass", "consulat", "diplomats"];

/// How far back (bytes) [`about_a_mission`] reads.
const MISSION_REACH: usize = 120;

/// Whether the clause before `at` (back to a sentence or clause stop,
/// within [`MISSION_REACH`] bytes) names a diplomatic mission.
fn about_a_mission(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(MISSION_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let head = &text[from..at];
    let clause = head
        .rsplit(['.', ';', '!', '?', '\n'])
        .next()
        .unwrap_or(head);
    let lower = clause.to_ascii_lowercase();
    MISSION_WORDS.iter().any(|w| lower.contains(w))
}

fn demonym_stands_for_state(
    text: &str,
    span: Span,
    next: Option<&Hit>,
    matcher: &Matcher,
    entries: &[Entry],
    words: &ResolveWords,
) -> bool {
    let rest = &text[span.end..];
    // "Saudi-Israeli talks", "Turkish-Israeli relations": a pair of
    // demonyms before a state noun.
    if let Some(next) = next.filter(|n| {
        n.span.start == span.end + 1
            && rest.starts_with('-')
            && matches!(
                matcher.candidate(n.candidate).target,
                Target::Entry {
                    via: Via::Demonym,
                    ..
                }
            )
    }) {
        return word_after(text, next.span.end)
            .is_some_and(|w| words.is(class::STATE_NOUN, &text[w.range()]));
    }
    if let Some(after_hyphen) = rest.strip_prefix('-') {
        let word: &str = after_hyphen
            .split(|c: char| !is_word_char(c))
            .next()
            .unwrap_or("");
        return words.is(class::STATE_SUFFIX, word);
    }
    let mut after = span.end;
    // "the Afghan Taliban government": look past an organisation named right after.
    if let Some(next) = next {
        let between = &text[span.end..next.span.start];
        let is_org = matches!(matcher.candidate(next.candidate).target,
            Target::Entry { entry, .. } if entries[entry as usize].kind == EntityKind::Organisation);
        // "Arab and American mediation": the noun after the last demonym.
        let is_demonym = matches!(
            matcher.candidate(next.candidate).target,
            Target::Entry {
                via: Via::Demonym,
                ..
            }
        );
        let coordinated = matches!(between.trim(), "and" | "or" | ",");
        if (is_org && !between.is_empty() && between.trim().is_empty())
            || (is_demonym && coordinated)
        {
            after = next.span.end;
        }
    }
    word_after(text, after).is_some_and(|w| state_noun_at(text, w, words))
}

/// Whether the word `w` is a state noun as used there: not the first half
/// of a compound adjective ("Saudi state-run media") nor "national" for a
/// citizen ("a British national, who").
fn state_noun_at(text: &str, w: Span, words: &ResolveWords) -> bool {
    let word = &text[w.range()];
    if !words.is(class::STATE_NOUN, word) {
        return false;
    }
    let rest = &text[w.end..];
    if word.eq_ignore_ascii_case("state") && rest.starts_with('-') {
        return false;
    }
    if word.eq_ignore_ascii_case("national") {
        let next = rest.trim_start();
        return !(next.is_empty()
            || next.starts_with([',', '.', ';', ':', ')'])
            || next.starts_with("who "));
    }
    true
}

fn is_name_word(text: &str, w: Span, words: &ResolveWords) -> bool {
    let word = &text[w.range()];
    is_capitalised(word) && !words.is(class::FUNCTION_WORD, word)
}

/// Whether a capitalised word stands right before or after `span`.
fn next_to_a_name_word(text: &str, span: Span, words: &ResolveWords) -> bool {
    word_before(text, span.start).is_some_and(|w| is_name_word(text, w, words))
        || word_after(text, span.end)
            .is_some_and(|w| w.start > span.end && is_name_word(text, w, words))
}

fn trap_is_part_of_a_name(text: &str, span: Span, words: &ResolveWords) -> bool {
    if next_to_a_name_word(text, span, words) {
        return true;
    }
    // "Atlanta, Georgia", but not "el-Sisi, Jordan's King Abdullah".
    let possessive = past_possessive(text, span.end) > span.end;
    text[..span.start]
        .trim_end()
        .strip_suffix(',')
        .filter(|_| !possessive)
        .and_then(|before_comma| word_before(text, before_comma.len()))
        .is_some_and(|w| is_name_word(text, w, words))
}

/// The entries one document's mentions index: the gazetteer's, then the
/// people found in this document by their titles (see [`find_titled_names`]).
#[derive(Clone, Copy)]
pub(crate) struct Entries<'a> {
    pub gazetteer: &'a [Entry],
    pub open: &'a [Entry],
}

impl std::ops::Index<usize> for Entries<'_> {
    type Output = Entry;
    fn index(&self, i: usize) -> &Entry {
        match i.checked_sub(self.gazetteer.len()) {
            Some(j) => &self.open[j],
            None => &self.gazetteer[i],
        }
    }
}

/// Word classes (from the rule files) that say what can be part of a name.
#[derive(Debug, Clone)]
pub(crate) struct NameWords {
    pub not_a_name: Box<[u32]>,
    pub particle: Box<[u32]>,
    pub honorific: Box<[u32]>,
    pub then: Box<[u32]>,
    /// Military ranks: before a name they make it a person's ("Major General
    /// Ahmed Hassan") as a title does, though they name no office.
    pub rank: Box<[u32]>,
}

impl NameWords {
    fn has(list: &[u32], t: &Token) -> bool {
        matches!(t.kind, TokenKind::Word { vocab: Some(v) } if list.binary_search(&v).is_ok())
    }
}

/// Whether token `i` is a capitalised rank that opens a run of ranks
/// ("Brigadier General", not the "General" after it, nor the "general" of
/// "Secretary-General"; "Major General" opens at "General").
fn opens_a_rank(text: &str, tokens: &[Token], i: usize, words: &NameWords) -> bool {
    let Some(t) = tokens.get(i) else {
        return false;
    };
    let capitalised = text[t.span.range()].starts_with(|c: char| c.is_ascii_uppercase());
    let after_run = i
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|p| matches!(p.kind, TokenKind::Punct('-')) || NameWords::has(&words.rank, p));
    capitalised && !after_run && NameWords::has(&words.rank, t)
}

/// The contract's id for a person's name: lower case, diacritics folded,
/// punctuation dropped, words joined by hyphens ("Mélanie Joly" ->
/// `melanie-joly`, "Nayef bin Bandar Al-Sudairi" -> `nayef-bin-bandar-al-sudairi`).
pub(crate) fn person_id(name: &str) -> String {
    let mut id = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match fold_diacritic(c) {
            Some(folded) => id.push_str(folded),
            None if c.is_ascii_alphanumeric() => id.push(c),
            None if c == '\'' || c == '\u{2019}' || c == '.' => {}
            None => {
                if !id.is_empty() && !id.ends_with('-') {
                    id.push('-');
                }
            }
        }
    }
    id.trim_end_matches('-').to_string()
}

/// A Latin letter with a diacritic (lower case) as plain letters.
fn fold_diacritic(c: char) -> Option<&'static str> {
    const FOLDS: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("æ", "ae"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("œ", "oe"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ß", "ss"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
    ];
    FOLDS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|&(_, to)| to)
}

/// Most capitalised words a name may have ("Francisca Ashietey Odunton").
const NAME_WORDS: usize = 4;

/// A name read from `tokens` at `from` in direction `dir`: its first and last
/// token (in text order), if it is two to four capitalised words, hyphen-joined
/// parts and lower-case particles, ending on a capitalised word.
fn read_name(
    text: &str,
    tokens: &[Token],
    from: usize,
    forward: bool,
    words: &NameWords,
    rules: &RuleSet,
) -> Option<(usize, usize)> {
    let capital_word = |t: &Token| {
        let w = &text[t.span.range()];
        matches!(t.kind, TokenKind::Word { .. })
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
            && !NameWords::has(&words.not_a_name, t)
            && !NameWords::has(&words.honorific, t)
    };
    let particle = |t: &Token| NameWords::has(&words.particle, t);
    let hyphen = |t: &Token| matches!(t.kind, TokenKind::Punct('-'));
    let glued = |a: &Token, b: &Token| a.span.end == b.span.start;
    let mut at = from as isize;
    let step = if forward { 1 } else { -1 };
    let tok = |i: isize| usize::try_from(i).ok().and_then(|i| tokens.get(i));
    let (mut first, mut last, mut capitals) = (None::<usize>, None::<usize>, 0usize);
    while let Some(t) = tok(at) {
        // A title word ends the name ("... Jane Doe and Defence Minister ...").
        if capital_word(t) && rules.title_at(tokens, at as usize).is_none() {
            capitals += 1;
        } else if particle(t) || hyphen(t) {
            // Particles and hyphens only between parts: "al-Sharaa", "bin Bandar".
        } else {
            break;
        }
        // Hyphens glue parts ("Haradinaj-Stublla"); spaced dashes end a name.
        if hyphen(t) {
            let (prev, next) = (tok(at - 1), tok(at + 1));
            if !(prev.zip(Some(t)).is_some_and(|(p, t)| glued(p, t))
                && next.is_some_and(|n| glued(t, n)))
            {
                break;
            }
        }
        first.get_or_insert(at as usize);
        last = Some(at as usize);
        at += step;
    }
    let (a, b) = (first?, last?);
    let (lo, hi) = if forward { (a, b) } else { (b, a) };
    // Drop trailing (forward) or leading (backward) particles and hyphens.
    let ends_well = |i: usize| capital_word(&tokens[i]);
    if !ends_well(lo) || !ends_well(hi) || !(2..=NAME_WORDS).contains(&capitals) {
        return None;
    }
    // A capitalised word or a mention right beside it: a longer name
    // ("Ferdinand Marcos Jr."), a place or a date, not a name of ours.
    let beside = |t: Option<&Token>| {
        t.is_some_and(|t| match t.kind {
            TokenKind::Mention(_) => true,
            TokenKind::Word { .. } => text[t.span.range()]
                .chars()
                .next()
                .is_some_and(char::is_uppercase),
            TokenKind::Punct(_) => false,
        })
    };
    let outside = if forward {
        tokens.get(hi + 1)
    } else {
        lo.checked_sub(1).and_then(|k| tokens.get(k))
    };
    if beside(outside) {
        return None;
    }
    Some((lo, hi))
}

/// Finds people no gazetteer holds by the title next to their name, in each
/// span of `sentences` (windows around title words): "Foreign Minister Jane Doe", "the French
/// ambassador, Jean Dupont,", "Ambassador of France Jean Dupont", "Jane Doe,
/// Ruritania's foreign minister,". Each becomes a person mention
/// ([`Via::Titled`]) of an entry in `open` (indexed after the gazetteer's), or
/// of the gazetteer's person with that id; later bare surnames in the
/// document refer back to it. Keeps `mentions` in text order.
#[allow(clippy::too_many_arguments)]
pub(crate) fn find_titled_names(
    text: &str,
    rules: &RuleSet,
    resolve_words: &ResolveWords,
    sentences: &[Span],
    gazetteer: &[Entry],
    person_by_id: &dyn Fn(&str) -> Option<u32>,
    mentions: &mut Vec<Mention>,
    open: &mut Vec<Entry>,
    tokens: &mut Vec<Token>,
) {
    let words = &resolve_words.names;
    let mut added: Vec<Mention> = Vec::new();
    let mut mi = 0;
    for &sentence in sentences {
        while mi < mentions.len() && mentions[mi].span.start < sentence.start {
            mi += 1;
        }
        tokens.clear();
        rules.tokenize(text, sentence, mentions, mi, tokens);
        let mut i = 0;
        while i < tokens.len() {
            let (name, end) = match rules.title_at(tokens, i) {
                Some((_, end)) => (
                    name_after_title(text, tokens, end, words, rules)
                        .or_else(|| name_before_title(text, tokens, i, words, rules)),
                    end,
                ),
                None if opens_a_rank(text, tokens, i, words) => {
                    (name_after_title(text, tokens, i, words, rules), i + 1)
                }
                None => {
                    i += 1;
                    continue;
                }
            };
            if let Some((lo, hi)) = name {
                let span = Span::new(tokens[lo].span.start, tokens[hi].span.end);
                let id = person_id(&text[span.range()]);
                // "William Samoei Ruto": a listed person with a middle name.
                let first_last = match (id.split('-').next(), id.rsplit('-').next()) {
                    (Some(f), Some(l)) if id.matches('-').count() >= 2 => format!("{f}-{l}"),
                    _ => String::new(),
                };
                let listed = person_by_id(&id).or_else(|| person_by_id(&first_last));
                let entry = listed.unwrap_or_else(|| {
                    let at = open.iter().position(|e| *e.id == *id).unwrap_or_else(|| {
                        open.push(open_person(&id, &text[span.range()]));
                        open.len() - 1
                    });
                    (gazetteer.len() + at) as u32
                });
                if !added.iter().any(|m| m.span == span) {
                    added.push(Mention {
                        span,
                        entry,
                        via: Via::Titled,
                    });
                }
            }
            i = end.max(i + 1);
        }
    }
    if added.is_empty() {
        return;
    }
    refer_back_by_surname(text, mentions, &mut added, resolve_words);
    mentions.extend(added);
    mentions.sort_by_key(|m| m.span.start);
}

/// "Foreign Minister Jane Doe", "ambassador to Ruritania, Jean Dupont",
/// "Ambassador of the Republic of Ruritania Jean Dupont", "Emir Sheikh Jane Doe".
fn name_after_title(
    text: &str,
    tokens: &[Token],
    end: usize,
    words: &NameWords,
    rules: &RuleSet,
) -> Option<(usize, usize)> {
    let word = |i: usize, w: &str| {
        tokens.get(i).is_some_and(|t| {
            matches!(t.kind, TokenKind::Word { .. }) && text[t.span.range()].eq_ignore_ascii_case(w)
        })
    };
    let mention = |i: usize| matches!(tokens.get(i).map(|t| t.kind), Some(TokenKind::Mention(_)));
    let mut j = end;
    // "Ambassador of Chile to Peru": at most two such phrases.
    for _ in 0..2 {
        if !["to", "for", "of"].iter().any(|w| word(j, w)) {
            break;
        }
        let k = j + 1 + usize::from(word(j + 1, "the"));
        if !mention(k) {
            return None;
        }
        j = k + 1;
    }
    if matches!(tokens.get(j).map(|t| t.kind), Some(TokenKind::Punct(','))) {
        j += 1;
    }
    // Honorifics, each with its abbreviation's full stop ("Lt. Col.").
    while tokens
        .get(j)
        .is_some_and(|t| NameWords::has(&words.honorific, t))
    {
        j += 1;
        if matches!(tokens.get(j).map(|t| t.kind), Some(TokenKind::Punct('.'))) {
            j += 1;
        }
    }
    read_name(text, tokens, j, true, words, rules).filter(|&(lo, _)| lo == j)
}

/// "Jane Doe, the French ambassador", "Jane Doe, Ruritania's acting foreign
/// minister", "Jane Doe, a spokeswoman for ...".
fn name_before_title(
    text: &str,
    tokens: &[Token],
    title: usize,
    words: &NameWords,
    rules: &RuleSet,
) -> Option<(usize, usize)> {
    let is_word = |i: usize, w: &[&str]| {
        tokens.get(i).is_some_and(|t| {
            matches!(t.kind, TokenKind::Word { .. })
                && w.iter()
                    .any(|w| text[t.span.range()].eq_ignore_ascii_case(w))
        })
    };
    let mention = |i: usize| matches!(tokens.get(i).map(|t| t.kind), Some(TokenKind::Mention(_)));
    let mut k = title.checked_sub(1)?;
    while tokens
        .get(k)
        .is_some_and(|t| NameWords::has(&words.then, t))
    {
        k = k.checked_sub(1)?;
    }
    if is_word(k, &["'s", "\u{2019}s"]) && mention(k.checked_sub(1)?) {
        k = k.checked_sub(2)?;
    } else if mention(k) {
        k = k.checked_sub(1)?;
    }
    while tokens
        .get(k)
        .is_some_and(|t| NameWords::has(&words.then, t))
    {
        k = k.checked_sub(1)?;
    }
    if is_word(k, &["the", "a", "an"]) {
        k = k.checked_sub(1)?;
    }
    if !matches!(tokens.get(k).map(|t| t.kind), Some(TokenKind::Punct(','))) {
        return None;
    }
    let last = k.checked_sub(1)?;
    let (lo, hi) = read_name(text, tokens, last, false, words, rules)?;
    // The name must end right before the comma.
    (hi == last).then_some((lo, hi))
}

fn open_person(id: &str, name: &str) -> Entry {
    Entry {
        id: id.into(),
        name: name.into(),
        kind: EntityKind::Person,
        surfaces: Vec::new(),
        offices: Vec::new(),
        surnames: None,
        category: None,
        origin: crate::gazetteer::Origin {
            path: "text".into(),
            line: 0,
        },
    }
}

/// Adds a mention for each later bare surname of a person found by title
/// ("Jean Dupont ... Dupont said"), away from other capitalised words.
fn refer_back_by_surname(
    text: &str,
    mentions: &[Mention],
    added: &mut Vec<Mention>,
    words: &ResolveWords,
) {
    let people: Vec<Mention> = added.clone();
    for intro in people {
        let name = &text[intro.span.range()];
        let Some(surname) = name.rsplit(' ').next().filter(|s| s.len() < name.len()) else {
            continue;
        };
        for at in memchr::memmem::find_iter(&text.as_bytes()[intro.span.end..], surname.as_bytes())
        {
            let start = intro.span.end + at;
            let span = Span::new(start, start + surname.len());
            let bounded = !text[..start].chars().next_back().is_some_and(is_word_char)
                && !text[span.end..].chars().next().is_some_and(is_word_char);
            let taken = mentions
                .iter()
                .chain(added.iter())
                .any(|m| m.span.start < span.end && span.start < m.span.end);
            if bounded && !taken && !next_to_a_name_word(text, span, words) {
                added.push(Mention {
                    span,
                    entry: intro.entry,
                    via: Via::Surname,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    /// `resolve_anaphors` finds every phrase in one pass over "he ", taking
    /// the first phrase that fits: none may be a prefix of another.
    #[test]
    fn anaphor_phrases_start_with_the_and_none_is_a_prefix() {
        for a in ANAPHORS {
            assert!(a.starts_with("the "), "{a}");
            for b in ANAPHORS {
                assert!(a == b || !b.starts_with(a), "{a} / {b}");
            }
        }
    }

    /// The mentions `resolve` makes of `text` with gazetteer `g` and the embedded words.
    fn resolved(g: &Gazetteer, text: &str) -> Vec<Mention> {
        let m = Matcher::build(g, &[]).unwrap();
        let (mut hits, mut cues, mut out) = (Vec::new(), Vec::new(), Vec::new());
        m.scan(text, &mut hits, &mut cues);
        let rules = crate::rules::RuleSources::embedded()
            .unwrap()
            .compile()
            .unwrap();
        resolve(
            text,
            &m,
            g.entries(),
            &hits,
            &ResolveClasses::of(&rules).words(&rules.vocab),
            &mut out,
        );
        out
    }

    fn names(text: &str) -> Vec<String> {
        let mut g = Gazetteer::new();
        g.add_str(
            "countries.tsv",
            "id\tname\taliases\tdemonyms\tcapitals\nAFG\tAfghanistan\t\tAfghan\tKabul\nRUS\tRussia\t\tRussian\tMoscow\nTCD\tChad\t?Chad\tChadian\tN'Djamena\n",
        )
        .unwrap();
        g.add_str(
            "organisations.tsv",
            "id\tname\taliases\ntaliban\tTaliban\t\n",
        )
        .unwrap();
        g.add_str(
            "people.tsv",
            "id\tname\taliases\nvladimir-putin\tVladimir Putin\t\namir-khan-muttaqi\tAmir Khan Muttaqi\t\nshafqat-ali-khan\tShafqat Ali Khan\t\nimran-khan\tImran Khan\t\n",
        )
        .unwrap();
        let out = resolved(&g, text);
        out.iter()
            .map(|mention| {
                format!(
                    "{}={}",
                    &text[mention.span.range()],
                    g.entries()[mention.entry as usize].id
                )
            })
            .collect()
    }

    #[test]
    fn the_words_around_a_position_skip_spaces_but_no_punctuation() {
        let word = |s: Option<Span>, text: &str| s.map(|s| text[s.range()].to_string());
        let text = "in \t\u{a0}Kabul_2 ,";
        assert_eq!(word(word_after(text, 2), text).as_deref(), Some("Kabul_2"));
        assert_eq!(
            word(word_before(text, 14), text).as_deref(),
            Some("Kabul_2")
        );
        assert_eq!(word_after(text, 14), None);
        assert_eq!(word_before(text, text.len()), None);
        assert_eq!(word_before(text, 0), None);
        assert_eq!(word_after(text, text.len()), None);
        // Letters beyond ASCII, inside or at either end of a word.
        let text = "\u{e9}t\u{e9} caf\u{e9}s Bogot\u{e1}\u{2019}s";
        assert_eq!(
            word(word_after(text, 0), text).as_deref(),
            Some("\u{e9}t\u{e9}")
        );
        assert_eq!(
            word(word_before(text, 5), text).as_deref(),
            Some("\u{e9}t\u{e9}")
        );
        assert_eq!(
            word(word_after(text, 5), text).as_deref(),
            Some("caf\u{e9}s")
        );
        let bogota = text.find('B').unwrap();
        let end = bogota + "Bogot\u{e1}".len();
        assert_eq!(
            word(word_before(text, end), text).as_deref(),
            Some("Bogot\u{e1}")
        );
        assert_eq!(
            word(word_after(text, bogota), text).as_deref(),
            Some("Bogot\u{e1}")
        );
        // Other whitespace is no space here: a line break ends the search.
        assert_eq!(word_after("\nKabul", 0), None);
        assert_eq!(word_before("Kabul\n", 6), None);
    }

    #[test]
    fn a_word_s_classes_are_read_in_any_case() {
        let rules = crate::rules::RuleSources::embedded()
            .unwrap()
            .compile()
            .unwrap();
        let classes = ResolveClasses::of(&rules);
        let words = classes.words(&rules.vocab);
        assert!(words.is(class::STATE_NOUN, "government"));
        assert!(words.is(class::STATE_NOUN, "Government"));
        assert!(!words.is(class::CITY_NOUN, "government"));
        assert!(words.is(class::LOCATIVE, "in"));
        assert_eq!(words.classes("zzzz"), 0);
    }

    #[test]
    fn capitals_stand_for_states_but_not_as_places_or_datelines() {
        assert_eq!(
            names("Moscow welcomed an envoy to Kabul."),
            ["Moscow=RUS", "Kabul=AFG"]
        );
        assert!(names("After the takeover of Kabul, aid stopped in Kabul.").is_empty());
        assert_eq!(names("the government in Kabul"), ["Kabul=AFG"]);
        assert!(names("MOSCOW, July 4 - officials met.").is_empty());
        assert!(names("Aid workers in Kabul said.\nKABUL said").is_empty());
        assert_eq!(names("Officials in Kabul said"), ["Kabul=AFG"]);
        // Recognition and support come from a state; travellers from a city.
        assert_eq!(
            names("Chad moved its recognition from Kabul."),
            ["Chad=TCD", "Kabul=AFG"]
        );
        assert!(names("The delegates flew in from Kabul.").is_empty());
        // A trading partner is the state; goods from a city are from a place.
        assert_eq!(names("India kept buying from Moscow."), ["Moscow=RUS"]);
        assert!(names("Fruit from Kabul was sold.").is_empty());
    }

    #[test]
    fn mixed_case_datelines_and_capitals_in_clauses_about_missions() {
        assert!(names("Moscow: Officials met on Friday.").is_empty());
        assert!(names("Kabul. 4 July. Officials met.").is_empty());
        assert_eq!(names("Moscow welcomed it."), ["Moscow=RUS"]);
        assert_eq!(
            names("Protesters attacked the embassy of Russia in Kabul."),
            ["Russia=RUS", "Kabul=AFG"]
        );
        assert_eq!(
            names("Russia evacuated its diplomats from Kabul."),
            ["Russia=RUS", "Kabul=AFG"]
        );
        assert!(names("Aid convoys left from Kabul. The embassy stayed shut.").is_empty());
    }

    #[test]
    fn demonyms_stand_for_states_only_before_state_nouns() {
        assert_eq!(names("the Russian decision"), ["Russian=RUS"]);
        assert_eq!(names("shelled Afghan positions"), ["Afghan=AFG"]);
        assert_eq!(names("Afghan Foreign Minister"), ["Afghan=AFG"]);
        assert_eq!(names("a Russian-backed leader"), ["Russian=RUS"]);
        assert_eq!(
            names("the Afghan Taliban government"),
            ["Afghan=AFG", "Taliban=taliban"]
        );
        assert_eq!(names("the Afghan Taliban share"), ["Taliban=taliban"]);
        assert!(names("Afghan refugees on Afghan soil; Russian-made rifles").is_empty());
        assert!(
            names("a Russian national, who lived there, and Russian state-run media").is_empty()
        );
        assert_eq!(
            names("the Russian national security council"),
            ["Russian=RUS"]
        );
    }

    #[test]
    fn traps_fire_only_away_from_other_names() {
        assert_eq!(names("Chad closed its border."), ["Chad=TCD"]);
        assert_eq!(names("In Chad, troops"), ["Chad=TCD"]);
        assert!(names("Coach Chad Johnson and Atlanta, Chad").is_empty());
    }

    #[test]
    fn the_group_refers_back_to_the_last_organisation() {
        let text =
            "After the Taliban were ousted, Russia designated the group a terrorist movement.";
        let mut g = Gazetteer::new();
        g.add_str(
            "organisations.tsv",
            "id\tname\taliases\ntaliban\tTaliban\t\n",
        )
        .unwrap();
        g.add_str("countries.tsv", "id\tname\taliases\nRUS\tRussia\t\n")
            .unwrap();
        let mut out = resolved(&g, text);
        resolve_anaphors(text, g.entries(), &mut out);
        let found: Vec<(&str, Via)> = out.iter().map(|x| (&text[x.span.range()], x.via)).collect();
        assert_eq!(
            found,
            [
                ("Taliban", Via::Name),
                ("Russia", Via::Name),
                ("the group", Via::Anaphor)
            ]
        );
        assert_eq!(out[2].entry, out[0].entry);
    }

    #[test]
    fn surnames_refer_back_to_the_latest_full_name() {
        assert_eq!(
            names("Muttaqi spoke."),
            ["Muttaqi=amir-khan-muttaqi"],
            "a distinctive surname stands alone"
        );
        assert_eq!(
            names("Mr Muttaqi spoke."),
            ["Muttaqi=amir-khan-muttaqi"],
            "an honorific is no first name"
        );
        assert!(
            names("Khan spoke.").is_empty(),
            "a surname two people share needs an antecedent"
        );
        assert!(
            names("Anna Muttaqi spoke.").is_empty(),
            "part of another name"
        );
        assert_eq!(
            names("Vladimir Putin spoke. Putin left."),
            ["Vladimir Putin=vladimir-putin", "Putin=vladimir-putin"]
        );
        assert_eq!(
            names("Shafqat Ali Khan and Amir Khan Muttaqi met; Khan said"),
            [
                "Shafqat Ali Khan=shafqat-ali-khan",
                "Amir Khan Muttaqi=amir-khan-muttaqi",
                "Khan=shafqat-ali-khan"
            ]
        );
    }
}
