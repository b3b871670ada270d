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
//! Everything here looks only at the few words around a hit: linear in the text.

use crate::document::{EntityKind, Role, Via};
use crate::gazetteer::Entry;
use crate::gazetteer::id_is_well_formed;
use crate::matcher::Matcher;
use crate::matcher::{Hit, Target, is_word_char};
use crate::span::Span;
use std::sync::Arc;

/// An accepted mention: a span of text naming one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    pub span: Span,
    pub entry: u32,
    pub via: Via,
}

/// Nouns after a demonym that make it stand for the state.
const STATE_NOUNS: &[&str] = &[
    "administration",
    "aggression",
    "air",
    "aircraft",
    "airstrike",
    "airstrikes",
    "ambassador",
    "ambassadors",
    "approach",
    "army",
    "assault",
    "assistance",
    "attack",
    "attacks",
    "authorities",
    "authority",
    "backing",
    "base",
    "bases",
    "blockade",
    "bombardment",
    "bombing",
    "bombings",
    "cabinet",
    "chancellor",
    "coast",
    "commander",
    "commanders",
    "consul",
    "consulate",
    "counterpart",
    "counterparts",
    "court",
    "crown",
    "decision",
    "defence",
    "defense",
    "delegation",
    "deputy",
    "diplomacy",
    "diplomat",
    "diplomatic",
    "diplomats",
    "drone",
    "drones",
    "embassy",
    "emir",
    "emissary",
    "envoy",
    "envoys",
    "establishment",
    "forces",
    "foreign",
    "general",
    "government",
    "governments",
    "ground",
    "head",
    "incursion",
    "incursions",
    "intelligence",
    "interior",
    "intervention",
    "interventions",
    "invasion",
    "jets",
    "judiciary",
    "king",
    "lawmakers",
    "leader",
    "leaders",
    "leadership",
    "mediation",
    "military",
    "minister",
    "ministers",
    "ministry",
    "missile",
    "missiles",
    "mission",
    "move",
    "national",
    "navy",
    "nuclear",
    "occupation",
    "offensive",
    "officer",
    "officers",
    "official",
    "officials",
    "operation",
    "operations",
    "parliament",
    "plan",
    "policy",
    "position",
    "premier",
    "presidency",
    "president",
    "prime",
    "proposal",
    "raid",
    "raids",
    "recognition",
    "regime",
    "representative",
    "representatives",
    "response",
    "sanctions",
    "security",
    "side",
    "soldiers",
    "sources",
    "special",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "state",
    "statement",
    "strike",
    "strikes",
    "support",
    "troops",
    "veto",
    "war",
    "warplanes",
    "wars",
    "warship",
    "warships",
];

/// Hyphenated words after a demonym that make it stand for the state ("Russian-backed").
const STATE_SUFFIXES: &[&str] = &[
    "administered",
    "allied",
    "annexed",
    "appointed",
    "backed",
    "brokered",
    "controlled",
    "funded",
    "led",
    "occupied",
    "sponsored",
    "supported",
];

/// Nouns after a capital (or its possessive) that make it the city itself.
const CITY_NOUNS: &[&str] = &[
    "airport",
    "centre",
    "center",
    "city",
    "council",
    "court",
    "courts",
    "district",
    "hospital",
    "hospitals",
    "mayor",
    "metro",
    "museum",
    "outskirts",
    "police",
    "residents",
    "streets",
    "suburb",
    "suburbs",
    "university",
];

/// Verbs of taking a city, after which a capital is a place.
const TAKEOVER_VERBS: &[&str] = &[
    "besieged",
    "captured",
    "capturing",
    "entered",
    "entering",
    "overran",
    "overrun",
    "seized",
    "seizing",
    "stormed",
    "storming",
    "took",
    "taking",
];

/// Prepositions after which a capital is a place.
const LOCATIVES: &[&str] = &[
    "across", "around", "at", "from", "in", "inside", "into", "near", "of", "outside", "through",
    "within",
];

/// Words before "in"/"of" that keep a following capital standing for its state
/// ("the government in Kabul", "was received in Moscow").
const PRESENCE_NOUNS: &[&str] = &[
    "accepted",
    "accredited",
    "administration",
    "allies",
    "ally",
    "ambassador",
    "arrived",
    "authorities",
    "consulate",
    "consulates",
    "embassies",
    "embassy",
    "enemies",
    "enemy",
    "envoy",
    "government",
    "hosted",
    "landed",
    "leadership",
    "mission",
    "missions",
    "officials",
    "partner",
    "partners",
    "presence",
    "presences",
    "proxies",
    "proxy",
    "received",
    "regime",
    "representation",
    "rival",
    "rivals",
    "rulers",
    "welcomed",
];

/// Capitalised words that do not make a trap part of a longer name.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "after",
    "against",
    "an",
    "and",
    "as",
    "at",
    "before",
    "both",
    "but",
    "by",
    "for",
    "from",
    "how",
    "if",
    "in",
    "into",
    "like",
    "neighbouring",
    "neighboring",
    "nor",
    "of",
    "on",
    "or",
    "since",
    "so",
    "than",
    "that",
    "the",
    "then",
    "to",
    "under",
    "unlike",
    "when",
    "while",
    "with",
    "without",
    "yet",
];

fn lower_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The word ending at or before `pos`, skipping spaces only (not punctuation).
fn word_before(text: &str, pos: usize) -> Option<Span> {
    let head = text[..pos].trim_end_matches([' ', '\t', '\u{a0}']);
    let end = head.len();
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map(|(i, _)| i)?;
    Some(Span::new(start, end))
}

/// The word starting at or after `pos`, skipping spaces only (not punctuation).
fn word_after(text: &str, pos: usize) -> Option<Span> {
    let tail = &text[pos..];
    let start = pos + (tail.len() - tail.trim_start_matches([' ', '\t', '\u{a0}']).len());
    let len: usize = text[start..]
        .chars()
        .take_while(|&c| is_word_char(c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then(|| Span::new(start, start + len))
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
                None if hit.more == 0 && standalone_surname(text, hit.span) => entry,
                None => continue,
            }
        } else {
            entry
        };
        let accepted = match via {
            Via::Capital => capital_stands_for_state(text, hit.span),
            Via::Demonym => {
                demonym_stands_for_state(text, hit.span, hits.get(i + 1), matcher, entries)
            }
            _ => true,
        } && !(candidate.trap && trap_is_part_of_a_name(text, hit.span));
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

/// Surnames that are also common English words, given names or places
/// ("Austin", "a Turk"): never alone.
const COMMON_SURNAMES: &[&str] = &[
    "abdullah", "ali", "austin", "bell", "black", "brown", "bush", "carter", "cook", "day", "ford",
    "green", "hall", "hill", "hope", "house", "hunt", "james", "john", "johnson", "jones", "king",
    "lee", "long", "martin", "may", "mohammad", "mohammed", "muhammad", "power", "price", "rice",
    "rose", "ross", "said", "smith", "stone", "turk", "white", "wood", "young",
];

fn standalone_surname(text: &str, span: Span) -> bool {
    let surface = &text[span.range()];
    let bare = ["al-", "el-"]
        .iter()
        .find_map(|p| surface.strip_prefix(p))
        .unwrap_or(surface);
    surface.chars().count() >= 4
        && bare.chars().next().is_some_and(char::is_uppercase)
        && !lower_in(surface, COMMON_SURNAMES)
        // "Laura Bush", "George Smith": another name's part. (A comma before
        // it is no sign: "In a call with Wang Yi, Rubio said".)
        && !next_to_a_name_word(text, span)
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

fn capital_stands_for_state(text: &str, span: Span) -> bool {
    let surface = &text[span.range()];
    let all_caps =
        surface.chars().any(char::is_uppercase) && !surface.chars().any(char::is_lowercase);
    // A dateline: only blanks between the line start and the capital. (Never
    // search back for the newline itself: quadratic on a long line of capitals.)
    let line_head = text[..span.start].trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    if all_caps && (line_head.is_empty() || line_head.ends_with('\n')) {
        return false;
    }
    // "London's High Court", "a Moscow court", "Kabul's main airport": the
    // city (a city noun within the next two words).
    let next = word_after(text, past_possessive(text, span.end));
    let second = next.and_then(|w| word_after(text, w.end));
    if [next, second]
        .into_iter()
        .flatten()
        .any(|w| lower_in(&text[w.range()], CITY_NOUNS))
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
    if is_capitalised(prev_word) && !lower_in(prev_word, FUNCTION_WORDS) && !opens_sentence {
        return false;
    }
    // "the Taliban stormed Kabul": the city taken, not the state.
    if lower_in(&text[prev.range()], TAKEOVER_VERBS) {
        return false;
    }
    if !lower_in(&text[prev.range()], LOCATIVES) {
        return true;
    }
    // "the government in Kabul", "embassies in Kabul": still the state.
    word_before(text, prev.start).is_some_and(|w| lower_in(&text[w.range()], PRESENCE_NOUNS))
}

fn demonym_stands_for_state(
    text: &str,
    span: Span,
    next: Option<&Hit>,
    matcher: &Matcher,
    entries: &[Entry],
) -> bool {
    let rest = &text[span.end..];
    if let Some(after_hyphen) = rest.strip_prefix('-') {
        let word: &str = after_hyphen
            .split(|c: char| !is_word_char(c))
            .next()
            .unwrap_or("");
        return lower_in(word, STATE_SUFFIXES);
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
    word_after(text, after).is_some_and(|w| lower_in(&text[w.range()], STATE_NOUNS))
}

fn is_name_word(text: &str, w: Span) -> bool {
    let word = &text[w.range()];
    is_capitalised(word) && !lower_in(word, FUNCTION_WORDS)
}

/// Whether a capitalised word stands right before or after `span`.
fn next_to_a_name_word(text: &str, span: Span) -> bool {
    word_before(text, span.start).is_some_and(|w| is_name_word(text, w))
        || word_after(text, span.end).is_some_and(|w| w.start > span.end && is_name_word(text, w))
}

fn trap_is_part_of_a_name(text: &str, span: Span) -> bool {
    if next_to_a_name_word(text, span) {
        return true;
    }
    // "Atlanta, Georgia", but not "el-Sisi, Jordan's King Abdullah".
    let possessive = past_possessive(text, span.end) > span.end;
    text[..span.start]
        .trim_end()
        .strip_suffix(',')
        .filter(|_| !possessive)
        .and_then(|before_comma| word_before(text, before_comma.len()))
        .is_some_and(|w| is_name_word(text, w))
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
        let m = Matcher::build(&g, &[]).unwrap();
        let (mut hits, mut cues, mut out) = (Vec::new(), Vec::new(), Vec::new());
        m.scan(text, &mut hits, &mut cues);
        resolve(text, &m, g.entries(), &hits, &mut out);
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
    }

    #[test]
    fn demonyms_stand_for_states_only_before_state_nouns() {
        assert_eq!(names("the Russian decision"), ["Russian=RUS"]);
        assert_eq!(names("Afghan Foreign Minister"), ["Afghan=AFG"]);
        assert_eq!(names("a Russian-backed leader"), ["Russian=RUS"]);
        assert_eq!(
            names("the Afghan Taliban government"),
            ["Afghan=AFG", "Taliban=taliban"]
        );
        assert_eq!(names("the Afghan Taliban share"), ["Taliban=taliban"]);
        assert!(names("Afghan refugees on Afghan soil; Russian-made rifles").is_empty());
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
        let m = Matcher::build(&g, &[]).unwrap();
        let (mut hits, mut cues, mut out) = (Vec::new(), Vec::new(), Vec::new());
        m.scan(text, &mut hits, &mut cues);
        resolve(text, &m, g.entries(), &hits, &mut out);
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
