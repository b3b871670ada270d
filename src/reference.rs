//! Reference: pronouns, definite descriptions, pairs and reciprocals, read as
//! the actors they point back to, before the rules run.
//!
//! This stage owns the words that name an actor without naming it. Each one
//! found becomes a mention of the actor it refers to, with its own [`Via`], so
//! every frame, construction and rule sees it as an actor without a pattern of
//! its own:
//!
//! - **`it`, `they`** ([`Via::Pronoun`]): "Taiwan said it regretted the
//!   decision". A pronoun that opens a clause (after a reporting verb, a
//!   subordinator or a comma: the `opener` words) is the sentence's subject
//!   ("Peru and Chile said they would ..."); elsewhere "it" is the one state or
//!   body named before it in the sentence, other than the subject ("Russia
//!   condemned Ukraine and accused it of ..."). An empty "it" ("it is
//!   expected", "it would be wrong") is no reference. Pronouns never reach
//!   into the sentence before (the contract: a pronoun is resolved only where
//!   its sentence names the actor).
//! - **definite descriptions** ([`Via::Description`]): "the kingdom", "the
//!   tiny Gulf state", "the Central American country", "the bloc", "that
//!   country" (a `demonstrative`, without modifiers): the one
//!   actor of a compatible kind named before it in the sentence, else in the
//!   sentence before. A description outside the subject's place is
//!   not its clause's subject ("Bahrain cut ties with Qatar, accusing the
//!   Gulf state of ..." names Qatar). "his country", "her government": the
//!   state the person named before holds office for.
//! - **pairs** ("the two countries", "both sides"): the two actors named
//!   before, as a list; **reciprocals** ([`Via::Reciprocal`], "each other"):
//!   the subject list, so "Chile and Peru recognised each other" gives both
//!   directions.
//!
//! Precision first: a reference is resolved only when exactly one compatible
//! actor (two for a pair) is in reach; otherwise it is left alone.
//!
//! A reference to several actors is several mentions with the same span, in
//! text order; the tokeniser makes one token of them and the extractor reads
//! every actor of that token into the slot. References are not entities: the
//! document's `entities` list names only what the text names.
//!
//! The English (pronouns, descriptions, openers, copulas, prepositions) is in
//! `src/reference_words.tsv`; which states a description accepts ("the
//! kingdom": the monarchies) is generated into `src/reference_sets.tsv` by
//! `scripts/gen_reference_sets.py`, whose docstring names the sources.
//!
//! Only sentences with a rule cue and a named actor are read, word by word:
//! linear in the text. The words are the rules' tokens (`crate::tokens`), made
//! once for both stages: the extractor makes them again for the rules only
//! when this stage added a mention. The stage's own words have ids in a
//! vocabulary of their own, and what is known of a word (its flags, the
//! phrases it starts, what may end on it) is in lists by id: a text's word
//! is read with one look-up, never lower-cased into a string and hashed.

use crate::document::{EntityKind, Via};
use crate::error::Error;
use crate::gazetteer::Entry;
use crate::matcher::{CueHit, ends_in_word_char};
use crate::resolve::Mention;
use crate::sentence::sentences;
use crate::span::Span;
use crate::tokens::{Token, TokenKind, Vocabulary, WordHasher};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

const WORDS_FILE: &str = "src/reference_words.tsv";
const SETS_FILE: &str = "src/reference_sets.tsv";
const WORDS: &str = include_str!("reference_words.tsv");
const SETS: &str = include_str!("reference_sets.tsv");

/// Most modifier tokens between "the" and a description's head ("the tiny
/// oil-rich kingdom": `tiny`, `oil`, `-`, `rich`).
const MAX_MODIFIER_TOKENS: usize = 4;

/// Most tokens of a reference before its trigger word ("the", four
/// modifiers, a two-word head's first word).
const MAX_PHRASE_TOKENS: usize = 2 + MAX_MODIFIER_TOKENS;

/// What actors a reference accepts.
#[derive(Debug, Clone, Default)]
struct Accepts {
    /// Any state.
    any_country: bool,
    /// States of these sets (bits of [`References::sets`]).
    country_sets: u64,
    /// Any organisation.
    any_organisation: bool,
    /// Organisations of these gazetteer categories.
    categories: Vec<Box<str>>,
}

/// What a phrase of `src/reference_words.tsv` does.
#[derive(Debug, Clone)]
enum Form {
    /// `it`: one state or body.
    It(Accepts),
    /// `they`: the clause's subject.
    They(Accepts),
    /// "each other": the subject list, each to each.
    Reciprocal,
    /// "the two countries": the two actors named before.
    Pair(Accepts),
    /// "his country": the state of the person named before.
    Owner,
    /// "the kingdom" (after "the" and modifiers).
    Description { accepts: Accepts },
}

impl Form {
    /// Whether the form only names again an actor its sentence names: a
    /// pronoun or a reciprocal reads the sentence's own mentions.
    fn names_again(&self) -> bool {
        matches!(self, Form::It(_) | Form::They(_) | Form::Reciprocal)
    }
}

/// What may end on each trigger word of `refs` (see [`Ending`]), by the
/// trigger word's id.
fn endings(refs: &References) -> Vec<Option<Ending>> {
    let mut endings: Vec<Option<Ending>> = Vec::new();
    let last = |p: &Phrase| p.words.ids.last().copied();
    for p in refs.phrases.iter().flatten() {
        let Some(word) = last(p) else { continue };
        let written = &p.words.written;
        let before = written[..written.len() - 1]
            .iter()
            .map(|w| w.to_lowercase().into_boxed_str())
            .collect();
        let ending = slot(&mut endings, word).get_or_insert_with(Ending::default);
        ending.phrases.push((before, !p.form.names_again()));
    }
    for p in refs.heads.iter().flatten() {
        if let Some(word) = last(p) {
            slot(&mut endings, word)
                .get_or_insert_with(Ending::default)
                .description = true;
        }
    }
    endings
}

/// The item of `list` at word id `id`, the list grown to hold it.
fn slot<T: Default>(list: &mut Vec<T>, id: u32) -> &mut T {
    let i = id as usize;
    if list.len() <= i {
        list.resize_with(i + 1, T::default);
    }
    &mut list[i]
}

/// Whether `words` (lower case) stand in `text` right before byte `end`,
/// each a whole word, separated by any spaces. A word with an apostrophe
/// or a letter beyond ASCII may be written otherwise: it always matches.
fn words_end_at(text: &str, mut end: usize, words: &[Box<str>]) -> bool {
    for w in words.iter().rev() {
        if !w.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return true;
        }
        let trimmed = trim_end_at(text, end);
        let Some(start) = trimmed.checked_sub(w.len()) else {
            return false;
        };
        let whole = text.is_char_boundary(start)
            && text[start..trimmed].eq_ignore_ascii_case(w)
            && !ends_in_word_char(text, start);
        if !whole || trimmed == end {
            return false;
        }
        end = start;
    }
    true
}

/// `text[..end]` without its trailing whitespace, as its length: spaces
/// and ASCII breaks byte by byte, anything else as `str::trim_end` does.
fn trim_end_at(text: &str, mut end: usize) -> usize {
    while let Some(&b) = end.checked_sub(1).map(|i| &text.as_bytes()[i]) {
        if !b.is_ascii() {
            return text[..end].trim_end().len();
        }
        if !is_ascii_space(b) {
            break;
        }
        end -= 1;
    }
    end
}

/// Where the run of text between spaces that ends at `end` starts: just
/// after the last whitespace character before `end`, else 0.
fn piece_start(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = end;
    while let Some(&b) = i.checked_sub(1).map(|j| &bytes[j]) {
        if !b.is_ascii() {
            // `i` follows an ASCII byte or is `end`: a character boundary.
            return text[..i].rfind(char::is_whitespace).map_or(0, |j| {
                j + text[j..].chars().next().map_or(1, char::len_utf8)
            });
        }
        if is_ascii_space(b) {
            return i;
        }
        i -= 1;
    }
    0
}

/// Whether ASCII byte `b` is whitespace as `char::is_whitespace` says
/// (unlike `u8::is_ascii_whitespace`, with the vertical tab).
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// A phrase's words: as written (lower case unless a name word), for their
/// case, and by their ids in the stage's vocabulary, for comparing.
#[derive(Debug, Clone, Default)]
struct Words {
    written: Vec<Box<str>>,
    ids: Vec<u32>,
}

impl Words {
    fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the phrase may go on with the word whose id `next` gives
    /// (`None`: none of the stage's words): it has one word, or that is
    /// its second. A test before [`Reading::matches`], which only the
    /// phrases that pass need; `next` is asked only of longer phrases.
    fn may_go_on_with(&self, next: impl FnOnce() -> Option<u32>) -> bool {
        self.ids.get(1).is_none_or(|&second| next() == Some(second))
    }
}

/// A phrase: its words and form.
#[derive(Debug, Clone)]
struct Phrase {
    words: Words,
    form: Form,
}

/// Flags of a lower-cased word.
const OPENER: u8 = 1;
const PREPOSITION: u8 = 2;
const BLOCKER: u8 = 4;
const HOLDER: u8 = 8;
const LOCATIVE: u8 = 16;
const PRESENCE: u8 = 32;
const PREDICATE: u8 = 64;
const DEMONSTRATIVE: u8 = 128;

/// The compiled reference data: phrases by first word, word flags, and which
/// sets each gazetteer entry belongs to.
///
/// Every word of `src/reference_words.tsv` (and "the") has an id in the
/// stage's own [`Vocabulary`]; what is known of a word is in lists indexed
/// by it, so a text's word is read with one look-up of the vocabulary's
/// packed keys, never lower-cased into a string and hashed per question.
#[derive(Debug, Clone)]
pub(crate) struct References {
    /// The stage's words, lower case (`’` folded to `'`).
    vocab: Vocabulary,
    /// The id of "the".
    the: u32,
    /// Phrases that stand alone ("it", "both sides", "each other"), by
    /// first word's id.
    phrases: Vec<Vec<Phrase>>,
    /// Description heads (after "the"), by first word's id.
    heads: Vec<Vec<Phrase>>,
    /// Phrases after "it" that make it empty, by first word's id.
    copulas: Vec<Vec<Words>>,
    /// Phrases before a description that make it a place.
    places: Vec<Words>,
    /// Flags of each word, by id.
    flags: Vec<u8>,
    /// First bytes (lower case) of the words a reference can start with.
    starts: [bool; 256],
    /// Set names, by bit.
    sets: Vec<Box<str>>,
    /// Per gazetteer entry, the bits of the sets it is in.
    membership: Vec<u64>,
    /// Country ids to their gazetteer entries (for "his country").
    countries: HashMap<Arc<str>, u32>,
    /// The last word of every phrase, lower case: a sentence without one
    /// holds no reference.
    triggers: Vec<Box<str>>,
    /// By trigger word's id, what may end on it: see [`Ending`].
    endings: Vec<Option<Ending>>,
    /// The lower-case determiners a description may start with: "the" and
    /// the demonstratives.
    determiners: Vec<Box<str>>,
}

/// What phrases may end on one trigger word, for [`References::may_end_at`].
#[derive(Debug, Clone, Default)]
struct Ending {
    /// The words before the trigger of each fixed phrase ending on it
    /// (pronouns, reciprocals, pairs, owners), lower case, and whether the
    /// phrase may name an actor its sentence does not (see
    /// [`Form::names_again`]).
    phrases: Vec<(Vec<Box<str>>, bool)>,
    /// Whether a description's head ends on it ("the tiny kingdom").
    description: bool,
}

/// Whether a reference may end on a trigger word, as told from the text
/// before the sentence is tokenised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Reach {
    /// No phrase of the trigger word can end there.
    None,
    /// Only a pronoun or a reciprocal: an actor its sentence names again.
    Again,
    /// A description, a pair or an owner ("his country"): maybe an actor
    /// its sentence does not name.
    New,
}

fn bad(file: &'static str, line: usize, message: impl Into<String>) -> Error {
    Error::Reference {
        file,
        line,
        message: message.into(),
    }
}

/// Data rows of a tab-separated file: (1-based line, fields), skipping
/// comments, blank lines and the header row starting `what`.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("what\t"))
        .map(|(n, l)| (n, l.split('\t').collect()))
}

impl References {
    /// The embedded data, for the entries of `gazetteer`.
    pub(crate) fn embedded(gazetteer: &[Entry]) -> Result<References, Error> {
        References::parse(WORDS, SETS, gazetteer)
    }

    fn parse(words: &str, sets: &str, gazetteer: &[Entry]) -> Result<References, Error> {
        let mut vocab = Vocabulary::default();
        let the = vocab.intern("the");
        let mut r = References {
            vocab,
            the,
            phrases: Vec::new(),
            heads: Vec::new(),
            copulas: Vec::new(),
            places: Vec::new(),
            flags: Vec::new(),
            starts: [false; 256],
            sets: Vec::new(),
            membership: Vec::new(),
            countries: HashMap::new(),
            triggers: Vec::new(),
            endings: Vec::new(),
            determiners: Vec::new(),
        };
        let mut set_ids: Vec<(u64, Vec<&str>)> = Vec::new();
        for (line, fields) in rows(sets) {
            let [name, ids] = fields[..] else {
                return Err(bad(SETS_FILE, line, "expected two columns: set, ids"));
            };
            if r.sets.len() == 64 {
                return Err(bad(SETS_FILE, line, "more than 64 sets"));
            }
            set_ids.push((1 << r.sets.len(), ids.split_whitespace().collect()));
            r.sets.push(name.into());
        }
        // The sets name a few hundred ids: their bits by id, looked up once
        // per entry, rather than a map of every entry's id.
        let mut bits_by_id: HashMap<&[u8], u64, BuildHasherDefault<WordHasher>> =
            HashMap::default();
        for (bit, ids) in &set_ids {
            for id in ids {
                *bits_by_id.entry(id.as_bytes()).or_default() |= bit;
            }
        }
        r.membership = (gazetteer.iter())
            .map(|e| bits_by_id.get(e.id.as_bytes()).copied().unwrap_or(0))
            .collect();
        r.countries = gazetteer
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Country)
            .map(|(i, e)| (e.id.clone(), i as u32))
            .collect();
        for (line, fields) in rows(words) {
            r.add_row(line, &fields)?;
        }
        for list in r.phrases.iter_mut().chain(r.heads.iter_mut()) {
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        let mut triggers: Vec<Box<str>> = (r.phrases.iter().chain(r.heads.iter()))
            .flatten()
            .filter_map(|p| p.words.ids.last().map(|&w| r.vocab.word(w).into()))
            .collect();
        triggers.sort_unstable();
        triggers.dedup();
        r.triggers = triggers;
        r.endings = endings(&r);
        let determiners: Vec<u32> = (r.flags.iter().enumerate())
            .filter(|(_, f)| **f & DEMONSTRATIVE != 0)
            .map(|(w, _)| w as u32)
            .chain([r.the])
            .collect();
        r.determiners = (determiners.iter())
            .map(|&w| r.vocab.word(w).into())
            .collect();
        let firsts = (r.phrases.iter().enumerate())
            .filter(|(_, list)| !list.is_empty())
            .map(|(w, _)| w as u32);
        for first in firsts.chain(determiners.iter().copied()) {
            r.starts[usize::from(r.vocab.word(first).as_bytes()[0])] = true;
        }
        Ok(r)
    }

    /// The id of `word` (any case, `’` read as `'`), if it is one of the
    /// stage's words. A word with a letter beyond ASCII is none (the
    /// stage's words are ASCII; a Kelvin sign is no `k`).
    fn id(&self, word: &str) -> Option<u32> {
        if word.is_ascii() {
            self.vocab.lookup(word)
        } else {
            lower(word).and_then(|w| self.vocab.lookup(&w))
        }
    }

    /// What may end on the trigger word at `trigger` (lower case `word`),
    /// told from the text before it and the `mentions` (sorted), never
    /// stricter than the reading itself: a fixed phrase's words are
    /// compared across any spaces and case, and a description needs "the"
    /// or a demonstrative among the [`MAX_PHRASE_TOKENS`] pieces before
    /// its head, a piece being a mention or a run of text between spaces,
    /// never less text than a token.
    pub(crate) fn may_end_at(&self, text: &str, trigger: Span, mentions: &[Mention]) -> Reach {
        let ending = self
            .id(&text[trigger.range()])
            .and_then(|w| self.endings.get(w as usize)?.as_ref());
        let Some(ending) = ending else {
            return Reach::None;
        };
        let mut reach = Reach::None;
        for (before, new) in &ending.phrases {
            if reach < Reach::New && words_end_at(text, trigger.start, before) {
                reach = reach.max(if *new { Reach::New } else { Reach::Again });
            }
        }
        if reach < Reach::New
            && ending.description
            && self.determiner_before(text, trigger.start, mentions)
        {
            reach = Reach::New;
        }
        reach
    }

    /// Whether "the" or a demonstrative is among the [`MAX_PHRASE_TOKENS`]
    /// pieces of text before byte `end` (see [`Self::may_end_at`]).
    fn determiner_before(&self, text: &str, mut end: usize, mentions: &[Mention]) -> bool {
        // The mentions starting before `end`; `end` only moves back.
        let mut last = mentions.partition_point(|m| m.span.start < end);
        for _ in 0..MAX_PHRASE_TOKENS {
            end = trim_end_at(text, end);
            if end == 0 {
                return false;
            }
            let mut start = piece_start(text, end);
            // A mention is one token however many words it has.
            while last > 0 && mentions[last - 1].span.start >= end {
                last -= 1;
            }
            if let Some(m) = last.checked_sub(1).map(|i| &mentions[i]) {
                if m.span.end >= end {
                    start = start.min(m.span.start);
                }
            }
            if self.has_determiner(&text[start..end]) {
                return true;
            }
            end = start;
        }
        false
    }

    /// Whether a word of `piece` (split at what is no word character) is
    /// "the" or a demonstrative, in any case.
    fn has_determiner(&self, piece: &str) -> bool {
        let is_determiner =
            |w: &[u8]| (self.determiners.iter()).any(|d| w.eq_ignore_ascii_case(d.as_bytes()));
        if piece.is_ascii() {
            // Byte by byte: the usual case, without decoding characters.
            let word_byte = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
            return piece.as_bytes().split(|b| !word_byte(b)).any(is_determiner);
        }
        // A determiner is ASCII: a word with another letter is none.
        piece
            .split(|c: char| !crate::matcher::is_word_char(c))
            .any(|w| is_determiner(w.as_bytes()))
    }

    /// The words that signal a reference (the last word of each phrase), for
    /// the matcher to find with the rules' cue words.
    pub(crate) fn trigger_words(&self) -> impl Iterator<Item = &str> {
        self.triggers.iter().map(|w| &**w)
    }

    fn add_row(&mut self, line: usize, fields: &[&str]) -> Result<(), Error> {
        let (what, phrase) = match fields {
            [what, phrase] | [what, phrase, _] => (*what, *phrase),
            _ => return Err(bad(WORDS_FILE, line, "expected two or three columns")),
        };
        if !phrase.is_ascii() {
            return Err(bad(
                WORDS_FILE,
                line,
                "a phrase is ASCII (`’` is written `'`)",
            ));
        }
        let written: Vec<Box<str>> = phrase.split_whitespace().map(Box::from).collect();
        let ids = (written.iter())
            .map(|w| self.vocab.intern(&w.to_ascii_lowercase()))
            .collect();
        let words = Words { written, ids };
        let Some(&first) = words.ids.first() else {
            return Err(bad(WORDS_FILE, line, "empty phrase"));
        };
        let first_word = self.vocab.word(first);
        let accepts = || -> Result<Accepts, Error> {
            match fields.get(2) {
                Some(spec) => self.accepts(spec).map_err(|m| bad(WORDS_FILE, line, m)),
                None => Err(bad(
                    WORDS_FILE,
                    line,
                    format!("{what} needs an accepts column"),
                )),
            }
        };
        let flag = |bit| (words.len() == 1).then_some(bit);
        let form = match what {
            "pronoun" if first_word == "it" => Form::It(accepts()?),
            "pronoun" if first_word == "they" => Form::They(accepts()?),
            "pronoun" => return Err(bad(WORDS_FILE, line, "a pronoun is `it` or `they`")),
            "reciprocal" => Form::Reciprocal,
            "pair" => Form::Pair(accepts()?),
            "owner" => Form::Owner,
            "description" => {
                let accepts = accepts()?;
                let phrase = Phrase {
                    words,
                    form: Form::Description { accepts },
                };
                slot(&mut self.heads, first).push(phrase);
                return Ok(());
            }
            "copula" => {
                slot(&mut self.copulas, first).push(words);
                return Ok(());
            }
            "place" => {
                self.places.push(words);
                return Ok(());
            }
            "opener" | "preposition" | "blocker" | "holder" | "locative" | "presence"
            | "predicate" | "demonstrative" => {
                let bit = match what {
                    "opener" => OPENER,
                    "predicate" => PREDICATE,
                    "preposition" => PREPOSITION,
                    "holder" => HOLDER,
                    "locative" => LOCATIVE,
                    "presence" => PRESENCE,
                    "demonstrative" => DEMONSTRATIVE,
                    _ => BLOCKER,
                };
                let Some(bit) = flag(bit) else {
                    return Err(bad(WORDS_FILE, line, format!("{what} is one word")));
                };
                *slot(&mut self.flags, first) |= bit;
                return Ok(());
            }
            other => return Err(bad(WORDS_FILE, line, format!("unknown row kind {other:?}"))),
        };
        slot(&mut self.phrases, first).push(Phrase { words, form });
        Ok(())
    }

    /// Parses `country organisation/igo+alliance country/gulf`.
    fn accepts(&self, spec: &str) -> Result<Accepts, String> {
        let mut a = Accepts::default();
        for alt in spec.split_whitespace() {
            let (kind, rest) = alt.split_once('/').unwrap_or((alt, ""));
            match kind {
                "country" if rest.is_empty() => a.any_country = true,
                "country" => {
                    for set in rest.split('+') {
                        let bit = self
                            .sets
                            .iter()
                            .position(|s| &**s == set)
                            .ok_or_else(|| format!("unknown set {set:?} (see {SETS_FILE})"))?;
                        a.country_sets |= 1 << bit;
                    }
                }
                "organisation" if rest.is_empty() => a.any_organisation = true,
                "organisation" => a.categories.extend(rest.split('+').map(Box::from)),
                _ => return Err(format!("unknown kind {kind:?} (country, organisation)")),
            }
        }
        Ok(a)
    }

    fn flags(&self, word: &str) -> u8 {
        self.id(word).map_or(0, |w| self.word_flags(w))
    }

    /// The flags of the word with id `w`.
    fn word_flags(&self, w: u32) -> u8 {
        self.flags.get(w as usize).copied().unwrap_or(0)
    }

    fn compatible(&self, entries: &[Entry], e: u32, a: &Accepts) -> bool {
        let Some(entry) = entries.get(e as usize) else {
            return false; // a person found by title
        };
        match entry.kind {
            EntityKind::Country => {
                a.any_country || self.membership[e as usize] & a.country_sets != 0
            }
            EntityKind::Organisation => {
                a.any_organisation
                    || entry
                        .category
                        .as_deref()
                        .is_some_and(|c| a.categories.iter().any(|x| &**x == c))
            }
            EntityKind::Person => false,
        }
    }

    /// The state person entry `e` holds (or last held) office for.
    fn state_of(&self, entries: &[Entry], e: u32) -> Option<u32> {
        let entry = entries.get(e as usize)?;
        entry
            .offices
            .iter()
            .filter(|o| self.countries.contains_key(&o.holder))
            .max_by_key(|o| (o.to.is_none(), o.from))
            .and_then(|o| self.countries.get(&o.holder).copied())
    }
}

/// A word lower-cased on the stack (the listed words are short).
struct Lower {
    buf: [u8; 24],
    len: usize,
}

impl std::ops::Deref for Lower {
    type Target = str;
    fn deref(&self) -> &str {
        // Only ASCII bytes are ever written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// Whether `word` is the possessive "'s" (either apostrophe, any case).
fn is_possessive(word: &str) -> bool {
    lower(word).as_deref() == Some("'s")
}

/// `word` lower-cased (ASCII, `’` folded to `'`), or `None` if it cannot be
/// a listed word (too long, or other than ASCII).
fn lower(word: &str) -> Option<Lower> {
    let mut out = Lower {
        buf: [0; 24],
        len: 0,
    };
    for c in word.chars() {
        let c = if c == '\u{2019}' { '\'' } else { c };
        if !c.is_ascii() || out.len == out.buf.len() {
            return None;
        }
        out.buf[out.len] = (c as u8).to_ascii_lowercase();
        out.len += 1;
    }
    Some(out)
}

/// Buffers [`resolve_sentence`] reuses from one sentence to the next.
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    /// The previous sentence's mentions (indices), but references.
    before: Vec<usize>,
    /// The mentions the references add.
    added: Vec<Mention>,
}

/// One sentence being read: its tokens and what the stage knows of it.
struct Reading<'a> {
    text: &'a str,
    refs: &'a References,
    entries: &'a [Entry],
    mentions: &'a [Mention],
    toks: &'a [Token],
    /// Mentions of the sentence before (indices), for descriptions and pairs.
    previous: &'a [usize],
    /// The subject lists of the sentence's clauses, in text order (read
    /// when first needed).
    subjects: OnceCell<Vec<Vec<usize>>>,
}

impl Reading<'_> {
    fn word(&self, k: usize) -> Option<&str> {
        self.toks
            .get(k)
            .filter(|t| matches!(t.kind, TokenKind::Word { .. }))
            .map(|t| &self.text[t.span.range()])
    }

    fn word_is(&self, k: usize, w: &str) -> bool {
        self.word(k).is_some_and(|x| x.eq_ignore_ascii_case(w))
    }

    fn entry(&self, m: usize) -> u32 {
        self.mentions[m].entry
    }

    fn kind(&self, m: usize) -> Option<EntityKind> {
        self.entries.get(self.entry(m) as usize).map(|e| e.kind)
    }

    /// Whether the token at `k` opens a clause: the sentence's start, after
    /// punctuation or an `opener` word.
    fn opens_clause(&self, k: usize) -> bool {
        let Some(before) = k.checked_sub(1).map(|b| self.toks[b]) else {
            return true;
        };
        match before.kind {
            TokenKind::Punct(c) => c != '-',
            TokenKind::Word { .. } => {
                self.refs.flags(&self.text[before.span.range()]) & OPENER != 0
            }
            TokenKind::Mention(_) => false,
        }
    }

    /// Whether the phrase `words` matches at `k`: the same words ignoring
    /// case, but a word written in lower case must not be capitalised (the
    /// first may, at a sentence's start, unless `strict`).
    fn matches(&self, k: usize, words: &Words, strict: bool) -> bool {
        words.written.iter().enumerate().all(|(j, w)| {
            self.word(k + j).is_some_and(|x| {
                let same = x.eq_ignore_ascii_case(w)
                    || (x.starts_with('\u{2019}') && lower(x).is_some_and(|lx| *lx == **w));
                // Asked only of the same word: most are not, and are told
                // by their lengths without reading `w`.
                same && (w.starts_with(char::is_uppercase)
                    || (j == 0 && !strict)
                    || !x.starts_with(char::is_uppercase))
            })
        })
    }

    /// The sentence's subject lists that end before token `k`, nearest first.
    fn subject_lists_before(&self, k: usize) -> impl Iterator<Item = &[usize]> {
        let start = self.toks[k].span.start;
        self.subjects
            .get_or_init(|| subject_lists(self.text, self.refs, self.toks))
            .iter()
            .rev()
            .map(|l| &l[..])
            .filter(move |l| l.iter().all(|&m| self.mentions[m].span.end <= start))
    }

    /// The subject list of the clause of token `k`: the last that ends before it.
    fn subject_of(&self, k: usize) -> &[usize] {
        self.subject_lists_before(k).next().unwrap_or(&[])
    }

    /// The distinct entries of the subject list of token `k`'s clause.
    fn subject_before(&self, k: usize) -> Vec<u32> {
        let mut v: Vec<u32> = Vec::new();
        for &m in self.subject_of(k) {
            if !v.contains(&self.entry(m)) {
                v.push(self.entry(m));
            }
        }
        v
    }

    /// The distinct entries of the mentions before token `k` (nearest first),
    /// then, if `reach_back` and none there is `ok`, of the sentence before.
    fn candidates(
        &self,
        k: usize,
        reach_back: bool,
        pick: &dyn Fn(usize) -> Option<u32>,
    ) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        let before = self.toks[..k].iter().rev().filter_map(|t| match t.kind {
            TokenKind::Mention(m) => Some(m as usize),
            _ => None,
        });
        for e in before.filter_map(pick) {
            if !found.contains(&e) {
                found.push(e);
            }
        }
        if found.is_empty() && reach_back {
            for e in self.previous.iter().rev().filter_map(|&m| pick(m)) {
                if !found.contains(&e) {
                    found.push(e);
                }
            }
        }
        found
    }

    /// Whether the word before token `k` is a `predicate` verb ("is", "became").
    fn predicate_before(&self, k: usize) -> bool {
        k.checked_sub(1)
            .and_then(|p| self.word(p))
            .is_some_and(|w| self.refs.flags(w) & PREDICATE != 0)
    }

    /// Whether the words before token `k` make what follows a place
    /// (`place` rows: "leave the country", "most of the country").
    fn place_before(&self, k: usize) -> bool {
        // "the situation in the country" is a place; "its embassy in the
        // kingdom" is the state (a `presence` word before the preposition).
        let flags = |i: Option<usize>| {
            i.and_then(|i| self.word(i))
                .map_or(0, |w| self.refs.flags(w))
        };
        let locative =
            flags(k.checked_sub(1)) & LOCATIVE != 0 && flags(k.checked_sub(2)) & PRESENCE == 0;
        locative
            || self.refs.places.iter().any(|p| {
                k.checked_sub(p.len())
                    .is_some_and(|start| self.matches(start, p, false))
            })
    }

    /// Whether mention `m` is a person (a gazetteer person or one found by title).
    fn is_person(&self, m: usize) -> bool {
        self.kind(m).is_none_or(|kind| kind == EntityKind::Person)
    }

    /// The references found at token `k`: (tokens used, entries, via).
    fn at(&self, k: usize) -> Option<(usize, Vec<u32>, Via)> {
        let word = self.word(k)?;
        // Every listed phrase starts with a short word ("the", "it", "both").
        let first = word.as_bytes()[0].to_ascii_lowercase();
        if word.len() > 4 || !self.refs.starts[usize::from(first)] {
            return None;
        }
        let id = self.refs.id(word)?;
        if id == self.refs.the {
            if let Some(found) = self.description(k, MAX_MODIFIER_TOKENS) {
                return Some(found);
            }
        } else if self.refs.word_flags(id) & DEMONSTRATIVE != 0 {
            // "an embassy to that country": a description without modifiers;
            // opening a clause, "that" is a conjunction ("said that country music ...").
            return (!self.opens_clause(k)).then(|| self.description(k, 0))?;
        }
        // Many phrases share a first word ("the two countries", "the two
        // sides"): the next word, looked up once, rules most of them out.
        let next = OnceCell::new();
        let next_id = || *next.get_or_init(|| self.word(k + 1).and_then(|w| self.refs.id(w)));
        let phrase = (self.refs.phrases.get(id as usize)?.iter())
            .find(|p| p.words.may_go_on_with(next_id) && self.matches(k, &p.words, false))?;
        let (entries, via) = match &phrase.form {
            Form::It(accepts) => (self.it(k, accepts)?, Via::Pronoun),
            Form::They(accepts) => (self.they(k, accepts)?, Via::Pronoun),
            Form::Reciprocal => {
                let s = self.subject_before(k);
                (s.len() >= 2).then_some(())?;
                (s, Via::Reciprocal)
            }
            Form::Pair(accepts) => {
                let pick = |m: usize| {
                    let e = self.entry(m);
                    self.refs.compatible(self.entries, e, accepts).then_some(e)
                };
                let mut found = self.candidates(k, true, &pick);
                (found.len() == 2).then_some(())?;
                found.reverse(); // text order
                (found, Via::Description)
            }
            Form::Owner => (vec![self.owner(k)?], Via::Description),
            Form::Description { .. } => return None,
        };
        Some((phrase.words.len(), entries, via))
    }

    /// "they" at `k`, opening a clause: the subject list before it (two or
    /// more actors, or one organisation).
    fn they(&self, k: usize, accepts: &Accepts) -> Option<Vec<u32>> {
        let s = self.subject_before(k);
        let organisation = |e: u32| {
            self.entries
                .get(e as usize)
                .is_some_and(|x| x.kind == EntityKind::Organisation)
        };
        let named = self
            .subject_of(k)
            .iter()
            .all(|&m| self.mentions[m].via != Via::Demonym);
        let fits = named && (s.len() >= 2 || (s.len() == 1 && organisation(s[0])));
        let all_ok = s
            .iter()
            .all(|&e| self.refs.compatible(self.entries, e, accepts));
        (self.opens_clause(k) && fits && all_ok).then_some(s)
    }

    /// "it" at `k`: the subject where it opens a clause, else the one
    /// compatible actor before it other than the subject.
    fn it(&self, k: usize, accepts: &Accepts) -> Option<Vec<u32>> {
        if self.empty_it(k) {
            return None;
        }
        // "the Russian decision ... it": an adjective is no antecedent.
        let ok = |m: usize| {
            self.mentions[m].via != Via::Demonym
                && self.refs.compatible(self.entries, self.entry(m), accepts)
        };
        if self.opens_clause(k) || self.verb_follows(k) {
            let s = self.subject_before(k);
            if !s.is_empty() {
                let subject = self.subject_of(k);
                let fits = s.len() == 1 && subject.iter().all(|&m| ok(m));
                return fits.then_some(s);
            }
            let pick = |m: usize| ok(m).then(|| self.entry(m));
            let found = self.candidates(k, false, &pick);
            return (found.len() == 1).then_some(found);
        }
        // An object "it" is not its clause's subject, and a demonym is no
        // clause's subject: "Kenya said the Somali proposal was late and
        // rejected it" names neither Kenya nor Somalia.
        let subject = self.named_subject_of(k);
        let pick = |m: usize| (ok(m) && !subject.contains(&m)).then(|| self.entry(m));
        let found = self.candidates(k, false, &pick);
        (found.len() == 1).then_some(found)
    }

    /// The subject list of token `k`'s clause, passing over lists of
    /// demonyms alone ("the Somali proposal"), which are adjectives.
    fn named_subject_of(&self, k: usize) -> &[usize] {
        self.subject_lists_before(k)
            .find(|l| l.iter().any(|&m| self.mentions[m].via != Via::Demonym))
            .unwrap_or(&[])
    }

    /// Whether a word other than a preposition follows token `k`: "it" is
    /// then a subject ("something it lost"), not an object ("accused it of",
    /// "condemned it.").
    fn verb_follows(&self, k: usize) -> bool {
        self.word(k + 1)
            .is_some_and(|w| self.refs.flags(w) & PREPOSITION == 0 && !w.eq_ignore_ascii_case("as"))
    }

    /// Whether "it" at `k` is empty: a copula follows ("it is expected"), but
    /// not a progressive ("it is expelling").
    fn empty_it(&self, k: usize) -> bool {
        // Only the copulas that start with the next word can match there.
        let next = self.word(k + 1).and_then(|w| self.refs.id(w));
        let Some(copulas) = next.and_then(|w| self.refs.copulas.get(w as usize)) else {
            return false;
        };
        copulas.iter().any(|c| {
            self.matches(k + 1, c, true)
                && !self
                    .word(k + 1 + c.len())
                    .is_some_and(|w| w.len() > 4 && w.to_ascii_lowercase().ends_with("ing"))
        })
    }

    /// "his country" at `k`: the state of the subject (if one person) or of
    /// the one person named before.
    fn owner(&self, k: usize) -> Option<u32> {
        let person = match *self.subject_of(k) {
            [m] if self.is_person(m) => self.entry(m),
            // "US President Donald Trump ... his country": the title's state.
            [m] if self.titled_person_after(m).is_some() => {
                let p = self.titled_person_after(m)?;
                return self.refs.state_of(self.entries, p).or(Some(self.entry(m)));
            }
            _ => {
                let pick = |m: usize| self.is_person(m).then(|| self.entry(m));
                match self.candidates(k, false, &pick)[..] {
                    [one] => one,
                    _ => return None,
                }
            }
        };
        self.refs.state_of(self.entries, person)
    }

    /// The person named right after mention `m` in a run of capitalised
    /// words ("US President Donald Trump", "Mexico's President ...").
    fn titled_person_after(&self, m: usize) -> Option<u32> {
        let at = self
            .toks
            .iter()
            .position(|t| t.kind == TokenKind::Mention(m as u32))?;
        for t in &self.toks[at + 1..] {
            match t.kind {
                TokenKind::Mention(p) if self.is_person(p as usize) => {
                    return Some(self.entry(p as usize));
                }
                TokenKind::Word { .. }
                    if {
                        let w = &self.text[t.span.range()];
                        w.starts_with(char::is_uppercase) || is_possessive(w)
                    } => {}
                _ => return None,
            }
        }
        None
    }

    /// "the [modifiers] HEAD" at `k` (the token "the", or a demonstrative
    /// with `modifiers` 0), with at most `modifiers` modifier tokens.
    fn description(&self, k: usize, modifiers: usize) -> Option<(usize, Vec<u32>, Via)> {
        for skip in 0..=modifiers {
            let head = k + 1 + skip;
            if skip > 0 {
                let m = self.toks.get(head - 1)?;
                let modifier = match m.kind {
                    TokenKind::Punct('-') => skip > 1,
                    TokenKind::Word { .. } => {
                        let w = &self.text[m.span.range()];
                        !w.starts_with(char::is_uppercase)
                            && self.refs.flags(w) & (BLOCKER | PREPOSITION) == 0
                    }
                    _ => false,
                };
                if !modifier {
                    return None;
                }
            }
            let Some(first) = self.word(head).and_then(|w| self.refs.id(w)) else {
                continue;
            };
            let Some(list) = self.refs.heads.get(first as usize) else {
                continue;
            };
            let Some(phrase) = list.iter().find(|p| self.matches(head, &p.words, true)) else {
                continue;
            };
            let end = head + phrase.words.len();
            // "the kingdom of Saudi Arabia", "the Gulf state Qatar": the name is there.
            let named_after_of = self.word_is(end, "of")
                && self.toks.get(end + 1).is_some_and(|t| {
                    matches!(t.kind, TokenKind::Mention(_))
                        || self.text[t.span.range()].starts_with(char::is_uppercase)
                });
            if named_after_of
                || matches!(
                    self.toks.get(end).map(|t| t.kind),
                    Some(TokenKind::Mention(_))
                )
                || self
                    .word(end)
                    .is_some_and(|w| w.starts_with(char::is_uppercase))
                || matches!(
                    self.toks.get(end).map(|t| t.kind),
                    Some(TokenKind::Punct('-'))
                )
            {
                return None;
            }
            let Form::Description { accepts } = &phrase.form else {
                return None;
            };
            // "ordered the envoy to leave the country", "across the island": a place.
            if self.place_before(k) {
                return None;
            }
            // A person stands for the state they serve: "Maduro ... the
            // nation" may be Venezuela, so it is one more candidate.
            let as_state = |m: usize| {
                if self.is_person(m) {
                    self.refs.state_of(self.entries, self.entry(m))
                } else {
                    Some(self.entry(m))
                }
            };
            // After a copula the description says what the subject is:
            // "Turkey is the only country that recognises ..." is Turkey.
            // ("China is the country's biggest lender" names another.)
            if self.predicate_before(k) && !self.word(end).is_some_and(is_possessive) {
                let subject: Vec<u32> = self
                    .subject_before(k)
                    .into_iter()
                    .filter(|&e| self.refs.compatible(self.entries, e, accepts))
                    .collect();
                return (subject.len() == 1).then(|| (end - k, subject, Via::Description));
            }
            // Outside the subject's place, a description is not its clause's
            // subject ("Israel's strikes pushed the country into ...").
            let excluded: Vec<u32> = if self.opens_clause(k) {
                Vec::new()
            } else {
                self.subject_of(k)
                    .iter()
                    .filter_map(|&m| as_state(m))
                    .collect()
            };
            let pick = |m: usize| {
                let e = as_state(m)?;
                (!excluded.contains(&e) && self.refs.compatible(self.entries, e, accepts))
                    .then_some(e)
            };
            let found = self.candidates(k, true, &pick);
            return (found.len() == 1).then(|| (end - k, found, Via::Description));
        }
        None
    }
}

/// The subject lists of a sentence: each a mention that opens a clause (at
/// the start, after punctuation or an `opener` word, maybe after "the"; or
/// the first mention after only capitalised words, "On Monday Russia said"),
/// with the mentions listed with it ("Chile, Peru and Bolivia").
fn subject_lists(text: &str, refs: &References, toks: &[Token]) -> Vec<Vec<usize>> {
    let word = |k: usize| {
        toks.get(k)
            .filter(|t| matches!(t.kind, TokenKind::Word { .. }))
            .map(|t| &text[t.span.range()])
    };
    let opens = |k: usize| match k.checked_sub(1).map(|b| (b, toks[b].kind)) {
        None => true,
        Some((_, TokenKind::Punct(c))) => c != '-',
        Some((b, TokenKind::Word { .. })) => word(b).is_some_and(|w| refs.flags(w) & OPENER != 0),
        Some((_, TokenKind::Mention(_))) => false,
    };
    let mut lists: Vec<Vec<usize>> = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let TokenKind::Mention(m) = toks[k].kind else {
            k += 1;
            continue;
        };
        let m = m as usize;
        let is =
            |k: Option<usize>, w: &str| k.and_then(word).is_some_and(|x| x.eq_ignore_ascii_case(w));
        let mut head = k;
        // "the governments of Cuba and Peru": the noun phrase opens the clause.
        if is(head.checked_sub(1), "of")
            && head
                .checked_sub(2)
                .and_then(word)
                .is_some_and(|w| refs.flags(w) & HOLDER != 0)
        {
            head -= 2;
        }
        if is(head.checked_sub(1), "the") {
            head -= 1;
        }
        let leads = lists.is_empty()
            && toks[..head].iter().all(|t| match t.kind {
                TokenKind::Word { .. } => text[t.span.range()]
                    .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()),
                TokenKind::Punct(_) => true,
                TokenKind::Mention(_) => false,
            });
        if !(opens(head) || leads) {
            k += 1;
            continue;
        }
        let mut list = vec![m];
        loop {
            let mut j = k + 1;
            let mut joined = false;
            while let Some(w) = toks.get(j).map(|t| (t.kind, &text[t.span.range()])) {
                let sep = match w {
                    (TokenKind::Punct(','), _) => true,
                    (TokenKind::Word { .. }, w) => {
                        w.eq_ignore_ascii_case("and") || (joined && w.eq_ignore_ascii_case("the"))
                    }
                    _ => false,
                };
                if !sep {
                    break;
                }
                joined = true;
                j += 1;
            }
            match toks.get(j).map(|t| t.kind) {
                Some(TokenKind::Mention(m)) if joined => {
                    list.push(m as usize);
                    k = j;
                }
                _ => break,
            }
        }
        lists.push(list);
        k += 1;
    }
    lists
}

/// A cue hit's kinds: a rule's cue word, a reference's trigger word, or both.
pub(crate) const RULE_CUE: u8 = 1;
pub(crate) const REFERENCE_CUE: u8 = 2;
/// A word before which a capitalised name is a person's without naming an
/// office: a military rank (`rank` in src/rules/office.rules).
pub(crate) const NAME_CUE: u8 = 4;

/// The kinds of the cue hits inside `sentence`, starting the search at `*ci`
/// (advanced past the cues before the sentence).
pub(crate) fn cues_in(cues: &[CueHit], kinds: &[u8], ci: &mut usize, sentence: Span) -> u8 {
    while *ci < cues.len() && cues[*ci].span.start < sentence.start {
        *ci += 1;
    }
    cues[*ci..]
        .iter()
        .take_while(|c| c.span.end <= sentence.end)
        .fold(0, |acc, c| {
            acc | kinds.get(c.word as usize).copied().unwrap_or(0)
        })
}

/// Where in a document a sentence's references are looked for.
pub(crate) struct Place<'a> {
    /// The sentence.
    pub sentence: Span,
    /// The sentence before, if any.
    pub previous: Option<Span>,
    /// The index of the first mention at or after the sentence's start.
    pub first: usize,
    /// The spans of the sentence's trigger words, in text order.
    pub triggers: &'a [Span],
    /// The sentence's tokens, made from the mentions as they are now.
    pub tokens: &'a [Token],
}

/// Adds the references of a sentence to `mentions`, kept in text order.
/// Returns how many mentions were added.
pub(crate) fn resolve_sentence(
    text: &str,
    refs: &References,
    entries: &[Entry],
    place: Place<'_>,
    mentions: &mut Vec<Mention>,
    buffers: &mut Buffers,
) -> usize {
    let Place {
        sentence,
        previous,
        first,
        triggers,
        tokens,
    } = place;
    let end = first
        + mentions[first..]
            .iter()
            .take_while(|m| m.span.start < sentence.end)
            .count();
    if !mentions[first..end]
        .iter()
        .any(|m| m.span.end <= sentence.end)
    {
        return 0;
    }
    let Buffers { before, added } = buffers;
    let toks = tokens;
    before.clear();
    if let Some(p) = previous {
        let from = mentions[..first].partition_point(|m| m.span.start < p.start);
        before.extend((from..first).filter(|&m| !mentions[m].via.is_reference()));
    }
    let reading = Reading {
        text,
        refs,
        entries,
        mentions,
        toks,
        previous: before,
        subjects: OnceCell::new(),
    };
    added.clear();
    // Every phrase ends on a trigger word: try the phrase starts just before each.
    let mut done = 0; // the first token not yet part of a reference
    for trigger in triggers {
        let t = toks.partition_point(|x| x.span.start < trigger.start);
        if toks.get(t).is_none_or(|x| x.span != *trigger) {
            continue;
        }
        let from = t.saturating_sub(MAX_PHRASE_TOKENS).max(done);
        for k in from..=t {
            let Some((n, found, via)) = reading.at(k) else {
                continue;
            };
            if k + n - 1 != t {
                continue;
            }
            let span = Span::new(toks[k].span.start, toks[t].span.end);
            added.extend(found.into_iter().map(|entry| Mention { span, entry, via }));
            done = t + 1;
            break;
        }
    }
    let n = added.len();
    if n > 0 {
        added.extend_from_slice(&mentions[first..end]);
        // Stable: the actors of one reference keep their text order.
        added.sort_by_key(|m| m.span.start);
        mentions.splice(first..end, added.drain(..));
    }
    n
}

/// The spans of the reference trigger words among `cues` inside `sentence`
/// (`ci` indexes the first cue at or after its start) on which a reference
/// may end, each with what it may reach (see [`References::may_end_at`]).
pub(crate) fn triggers_in<'a>(
    text: &'a str,
    refs: &'a References,
    mentions: &'a [Mention],
    (cues, kinds): (&'a [CueHit], &'a [u8]),
    ci: usize,
    sentence: Span,
) -> impl Iterator<Item = (Span, Reach)> + 'a {
    cues[ci..]
        .iter()
        .take_while(move |c| c.span.end <= sentence.end)
        .filter(|c| {
            kinds
                .get(c.word as usize)
                .is_some_and(|k| k & REFERENCE_CUE != 0)
        })
        .map(|c| (c.span, refs.may_end_at(text, c.span, mentions)))
        .filter(|&(_, reach)| reach != Reach::None)
}

/// Adds every reference of `text` (as the extractor does sentence by
/// sentence, for [`crate::Extractor::explain`]): in each sentence with a
/// named actor, a rule cue and a reference's word. `tokenize` makes a
/// sentence's tokens from the mentions (the rules' tokenizer).
pub(crate) fn resolve_references(
    text: &str,
    refs: &References,
    entries: &[Entry],
    cues: &[CueHit],
    kinds: &[u8],
    mentions: &mut Vec<Mention>,
    tokenize: impl Fn(Span, &[Mention], usize, &mut Vec<Token>),
) {
    let (mut mi, mut ci) = (0usize, 0usize);
    let mut previous = None;
    let mut buffers = Buffers::default();
    let mut tokens = Vec::new();
    for sentence in sentences(text) {
        while mi < mentions.len() && mentions[mi].span.start < sentence.start {
            mi += 1;
        }
        let both = RULE_CUE | REFERENCE_CUE;
        if cues_in(cues, kinds, &mut ci, sentence) & both == both {
            let triggers: Vec<Span> =
                triggers_in(text, refs, mentions, (cues, kinds), ci, sentence)
                    .map(|(span, _)| span)
                    .collect();
            tokens.clear();
            tokenize(sentence, mentions, mi, &mut tokens);
            let place = Place {
                sentence,
                previous,
                first: mi,
                triggers: &triggers,
                tokens: &tokens,
            };
            mi += resolve_sentence(text, refs, entries, place, mentions, &mut buffers);
        }
        previous = Some(sentence);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    fn embedded() -> (Gazetteer, References) {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let r = References::embedded(g.entries()).expect("embedded reference data");
        (g, r)
    }

    fn in_set(g: &Gazetteer, r: &References, id: &str, set: &str) -> bool {
        let i = g.entries().iter().position(|e| &*e.id == id).unwrap();
        let bit = r.sets.iter().position(|s| &**s == set).unwrap();
        r.membership[i] & (1 << bit) != 0
    }

    #[test]
    fn the_sets_come_from_the_generated_file() {
        let (g, r) = embedded();
        assert!(in_set(&g, &r, "BHR", "kingdom"));
        assert!(in_set(&g, &r, "QAT", "gulf"));
        assert!(!in_set(&g, &r, "QAT", "kingdom"));
        assert!(in_set(&g, &r, "TWN", "island"));
        assert!(in_set(&g, &r, "HND", "central_america"));
    }

    #[test]
    fn every_phrase_ends_on_a_trigger_word() {
        let (_, r) = embedded();
        let triggers: Vec<&str> = r.trigger_words().collect();
        for w in [
            "it",
            "they",
            "kingdom",
            "state",
            "countries",
            "other",
            "government",
        ] {
            assert!(triggers.contains(&w), "{w} missing from {triggers:?}");
        }
        assert!(!triggers.contains(&"the"));
    }

    #[test]
    fn bad_rows_name_file_and_line() {
        let g = Gazetteer::embedded().unwrap();
        let err = |words: &str, sets: &str| {
            References::parse(words, sets, g.entries())
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err(
                "# head\ndescription\tkingdom\tcountry/monarchies\n",
                "kingdom\tBHR\n"
            ),
            "src/reference_words.tsv:2: unknown set \"monarchies\" (see src/reference_sets.tsv)"
        );
        assert_eq!(
            err("pronoun\tshe\tcountry\n", ""),
            "src/reference_words.tsv:1: a pronoun is `it` or `they`"
        );
        assert_eq!(
            err("opener\tso that\n", ""),
            "src/reference_words.tsv:1: opener is one word"
        );
        assert_eq!(
            err("pair\tboth sides\n", ""),
            "src/reference_words.tsv:1: pair needs an accepts column"
        );
        assert_eq!(
            err("", "# sets\nkingdom\n"),
            "src/reference_sets.tsv:2: expected two columns: set, ids"
        );
    }

    /// What may end on the first occurrence of `trigger` in `text`.
    fn reach(r: &References, text: &str, trigger: &str, mentions: &[Mention]) -> Reach {
        let at = text.find(trigger).unwrap();
        r.may_end_at(text, Span::new(at, at + trigger.len()), mentions)
    }

    #[test]
    fn a_trigger_word_ends_a_reference_only_after_its_phrase_s_first_words() {
        let (_, r) = embedded();
        let none: &[Mention] = &[];
        assert_eq!(
            reach(&r, "The government said on Monday", "government", none),
            Reach::None
        );
        assert_eq!(
            reach(&r, "He said his\n government would", "government", none),
            Reach::New
        );
        assert_eq!(
            reach(&r, "Both  countries agreed", "countries", none),
            Reach::New
        );
        assert_eq!(
            reach(&r, "Many countries agreed", "countries", none),
            Reach::None
        );
        assert_eq!(
            reach(&r, "The envoys met each other", "other", none),
            Reach::Again
        );
        assert_eq!(reach(&r, "Peru said it would", "it", none), Reach::Again);
        assert_eq!(
            reach(&r, "a visit to the tiny oil-rich kingdom", "kingdom", none),
            Reach::New
        );
        assert_eq!(
            reach(&r, "a visit to that kingdom", "kingdom", none),
            Reach::New
        );
        assert_eq!(
            reach(&r, "visits to a kingdom", "kingdom", none),
            Reach::None
        );
        // Too far from its head for a description: more than six tokens.
        let far = "the one two three four five six kingdom";
        assert_eq!(reach(&r, far, "kingdom", none), Reach::None);
    }

    #[test]
    fn a_mention_before_a_description_s_head_is_one_piece() {
        let (_, r) = embedded();
        let text = "the rich Alpha Beta Gamma Delta Epsilon Zeta state";
        let name = Span::new(text.find("Alpha").unwrap(), text.find(" state").unwrap());
        let mention = Mention {
            span: name,
            entry: 0,
            via: Via::Name,
        };
        assert_eq!(reach(&r, text, "state", &[mention]), Reach::New);
        assert_eq!(reach(&r, text, "state", &[]), Reach::None);
    }

    #[test]
    fn a_word_s_id_ignores_case_and_folds_apostrophes_but_no_other_letter() {
        let (_, r) = embedded();
        let the = Some(r.the);
        assert_eq!(r.id("the"), the);
        assert_eq!(r.id("THE"), the);
        assert_eq!(r.id("The"), the);
        assert_eq!(r.id("\u{2019}s"), r.id("'s"));
        assert!(r.id("'s").is_some());
        assert!(r.id("thee").is_none());
        // A Kelvin sign lower-cases to `k`, but no listed word has one.
        assert!(r.id("\u{212a}ingdom").is_none());
        assert!(r.id("kingdom").is_some());
        assert_eq!(r.flags("Said") & OPENER, OPENER);
        assert_eq!(r.flags("sa\u{ef}d"), 0);
    }

    #[test]
    fn a_phrase_goes_on_only_with_its_second_word() {
        let (_, r) = embedded();
        let words = |text: &str| {
            let first = r.id(text.split(' ').next().unwrap()).unwrap();
            let phrases = &r.phrases[first as usize];
            phrases
                .iter()
                .find(|p| p.words.written.join(" ") == text)
                .unwrap()
                .words
                .clone()
        };
        let two = r.id("two");
        let both_countries = words("both countries");
        assert!(both_countries.may_go_on_with(|| r.id("countries")));
        assert!(!both_countries.may_go_on_with(|| r.id("sides")));
        assert!(!both_countries.may_go_on_with(|| None));
        assert!(words("the two countries").may_go_on_with(|| two));
        assert!(!words("the two countries").may_go_on_with(|| r.id("the")));
        // One word goes on with anything, and the next word is not read.
        assert!(words("it").may_go_on_with(|| unreachable!()));
    }

    #[test]
    fn a_phrase_must_be_ascii() {
        let g = Gazetteer::embedded().unwrap();
        let err = References::parse("copula\tit\u{2019}s\n", "", g.entries()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "src/reference_words.tsv:1: a phrase is ASCII (`\u{2019}` is written `'`)"
        );
    }

    #[test]
    fn pieces_end_and_start_at_whitespace_as_char_is_whitespace_says() {
        // A vertical tab is whitespace to `char`, not to `u8::is_ascii_whitespace`.
        assert_eq!(trim_end_at("ab \t\u{b}", 5), 2);
        assert_eq!(trim_end_at("ab\u{a0}\u{a0}", 6), 2);
        assert_eq!(trim_end_at("ab", 2), 2);
        assert_eq!(trim_end_at("  ", 2), 0);
        assert_eq!(piece_start("one two", 7), 4);
        assert_eq!(piece_start("one\u{b}two", 7), 4);
        assert_eq!(piece_start("one\u{a0}two", 8), 5);
        assert_eq!(piece_start("caf\u{e9} two", 9), 6);
        assert_eq!(piece_start("caf\u{e9}", 5), 0);
        assert_eq!(piece_start("two", 3), 0);
        assert!(ends_in_word_char("his", 3));
        assert!(ends_in_word_char("x_", 2));
        assert!(ends_in_word_char("caf\u{e9}", 5));
        assert!(!ends_in_word_char("his ", 4));
        assert!(!ends_in_word_char("a\u{2019}", 4));
        assert!(!ends_in_word_char("", 0));
    }

    #[test]
    fn a_determiner_is_a_whole_word_of_its_piece_in_any_case() {
        let (_, r) = embedded();
        assert!(r.has_determiner("the"));
        assert!(r.has_determiner("(THE"));
        assert!(r.has_determiner("that"));
        assert!(r.has_determiner("oil-the"));
        assert!(r.has_determiner("caf\u{e9}-the"));
        assert!(!r.has_determiner("theme"));
        assert!(!r.has_determiner("th\u{e9}"));
        assert!(!r.has_determiner("other"));
        assert!(!r.has_determiner(""));
    }

    #[test]
    fn lower_folds_case_and_apostrophes_on_the_stack() {
        assert_eq!(lower("The").as_deref(), Some("the"));
        assert_eq!(lower("\u{2019}s").as_deref(), Some("'s"));
        assert!(lower("Niña").is_none());
        assert!(lower(&"a".repeat(30)).is_none());
    }
}
