//! The extractor: gazetteers and rules compiled once, then `extract` per text.
//!
//! Data flows one way: `matcher` finds surfaces and cue
//! words in one pass, `resolve` decides which are actors,
//! [`sentence`](crate::sentence) splits the text, and for each sentence that
//! holds a mention and a cue, [`rules`](crate::rules) match over its tokens
//! and `qualify` adds negation, modality and year.
//!
//! # Cost
//! Building parses every gazetteer and rule file and compiles one automaton
//! (tens of milliseconds for the embedded data): build once and reuse the
//! [`Extractor`], which is cheap to clone and safe to share across threads.

use crate::crosswalk::Crosswalk;
use crate::document::{
    CharOffsets, Context, DocDate, Document, Entity, EntityKind, Modality, Relation, RelationType,
    Role, Via,
};
use crate::error::Error;
use crate::explain::{ExplainedMention, ExplainedSentence, Explanation, NearMiss, RuleMatch};
use crate::gazetteer::Entry;
use crate::gazetteer::Gazetteer;
use crate::json::{EntityRef, Head};
use crate::matcher::{CueHit, Hit, Matcher};
use crate::qualify::{Extent, Qualifiers, match_year, qualify, sentence_year, sentence_years};
use crate::reference::{
    NAME_CUE, Place, REFERENCE_CUE, RULE_CUE, Reach, References, cues_in, resolve_references,
    resolve_sentence, triggers_in,
};
use crate::resolve::{
    Entries, Mention, ResolveClasses, ResolveWords, administration_of, find_titled_names, resolve,
    resolve_anaphors,
};
use crate::rules::{KindMask, Match, Miss, RuleSet, RuleSources, kind_bit};
use crate::sentence::sentences;
use crate::span::Span;
use crate::tokens::{Token, TokenKind, WordMap};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub(crate) enum Source {
    Path(PathBuf),
    Text { name: String, text: String },
}

/// Configures and builds an [`Extractor`].
///
/// # Example
/// ```
/// let extractor = chancery::Extractor::builder()
///     .gazetteer_str("people.tsv", "id\tname\taliases\toffices\njane-roe\tJane Roe\t\tforeign_minister@NOR:2024-\n")
///     .rules_str("mine.rules", "rule welcome/toast: endorsement\n  pattern {subject} toasted {object}\n")
///     .build()?;
/// let doc = extractor.extract("Jane Roe toasted Norway.");
/// assert_eq!(doc.relations[0].rule.as_ref(), "welcome/toast");
/// # Ok::<(), chancery::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ExtractorBuilder {
    embedded_gazetteer: bool,
    embedded_rules: bool,
    gazetteers: Vec<Source>,
    rules: Vec<Source>,
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        ExtractorBuilder {
            embedded_gazetteer: true,
            embedded_rules: true,
            gazetteers: Vec::new(),
            rules: Vec::new(),
        }
    }
}

impl ExtractorBuilder {
    /// Adds a gazetteer file, read at build time; its entries are added to, or
    /// replace by id, the embedded ones.
    pub fn gazetteer_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.gazetteers.push(Source::Path(path.into()));
        self
    }

    /// Adds gazetteer text under a file name (which also tells the entity kind
    /// when the text has no `kind` column).
    pub fn gazetteer_str(&mut self, name: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.gazetteers.push(Source::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Adds a rule file, read at build time; its rules are added to, or replace
    /// by id, the embedded ones, and may use the embedded classes.
    pub fn rules_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.rules.push(Source::Path(path.into()));
        self
    }

    /// Adds rule text under a file name.
    pub fn rules_str(&mut self, name: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.rules.push(Source::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Whether to start from the embedded gazetteer (default: yes).
    pub fn embedded_gazetteer(&mut self, yes: bool) -> &mut Self {
        self.embedded_gazetteer = yes;
        self
    }

    /// Whether to start from the embedded rules (default: yes).
    pub fn embedded_rules(&mut self, yes: bool) -> &mut Self {
        self.embedded_rules = yes;
        self
    }

    /// What the builder holds, for [`crate::lint`]: whether it starts from the
    /// embedded gazetteer and rules, then the added gazetteer and rule sources.
    pub(crate) fn parts(&self) -> (bool, bool, &[Source], &[Source]) {
        (
            self.embedded_gazetteer,
            self.embedded_rules,
            &self.gazetteers,
            &self.rules,
        )
    }

    /// Builds the extractor.
    ///
    /// # Errors
    /// [`Error::Io`] for an unreadable file, [`Error::NotText`] for one that
    /// is not UTF-8, [`Error::Gazetteer`] or
    /// [`Error::Rule`] naming the file, line and reason of bad data.
    pub fn build(&self) -> Result<Extractor, Error> {
        // The rules first: the memory their compilation works in, freed,
        // then takes the gazetteer's entries instead of new pages. A broken
        // gazetteer is still the error reported before broken rules.
        let rules = self.compile_rules();
        let gazetteer = self.load_gazetteer()?;
        let rules = rules?;
        let references = References::embedded(gazetteer.entries())?;
        // One automaton finds the rules' cue words, the words that signal a
        // reference ("it", "kingdom") and the ranks before a person's name
        // ("General"); `cue_kinds` tells them apart.
        let mut cue_words = rules.cue_words();
        let mut cue_kinds = vec![RULE_CUE; cue_words.len()];
        let ranks = rules.class("rank").unwrap_or(&[]).iter();
        let extra = (references.trigger_words().map(|w| (w, REFERENCE_CUE)))
            .chain(ranks.map(|&w| (rules.vocab.word(w), NAME_CUE)));
        for (word, kind) in extra {
            match cue_words.iter().position(|w| w.eq_ignore_ascii_case(word)) {
                Some(i) => cue_kinds[i] |= kind,
                None => {
                    cue_words.push(word);
                    cue_kinds.push(kind);
                }
            }
        }
        let matcher = Matcher::build(&gazetteer, &cue_words)?;
        let kinds = gazetteer
            .entries()
            .iter()
            .map(|e| kind_bit(e.kind))
            .collect();
        let office_holders = office_holders(gazetteer.entries());
        let crosswalk = Crosswalk::embedded()?;
        let person_ids = person_ids(gazetteer.entries());
        let resolve_classes = ResolveClasses::of(&rules);
        Ok(Extractor {
            inner: Arc::new(Inner {
                references,
                cue_kinds,
                person_ids,
                resolve_classes,
                crosswalk,
                gazetteer,
                rules,
                matcher,
                kinds,
                office_holders,
            }),
        })
    }
    /// The gazetteer: the embedded files unless turned off, then the user's.
    /// The matcher's build checks the surfaces for clashes.
    fn load_gazetteer(&self) -> Result<Gazetteer, Error> {
        let mut gazetteer = if self.embedded_gazetteer {
            Gazetteer::embedded_unchecked()?
        } else {
            Gazetteer::new()
        };
        for source in &self.gazetteers {
            match source {
                Source::Path(p) => gazetteer.add_file(p)?,
                Source::Text { name, text } => gazetteer.add_str(name, text)?,
            }
        }
        Ok(gazetteer)
    }

    /// The rules: the embedded files (or the English closed classes alone),
    /// then the user's, compiled.
    fn compile_rules(&self) -> Result<RuleSet, Error> {
        let mut rule_sources = if self.embedded_rules {
            RuleSources::embedded()?
        } else {
            RuleSources::english()?
        };
        for source in &self.rules {
            match source {
                Source::Path(p) => {
                    let text = crate::error::read_text(p)?;
                    rule_sources.add_str(&p.display().to_string(), &text)?;
                }
                Source::Text { name, text } => rule_sources.add_str(name, text)?,
            }
        }
        Ok(rule_sources.compile()?)
    }
}

/// The terms of each office (holder, role), in gazetteer order. Gathered in
/// a [`WordMap`] (thousands of terms, far fewer offices), then moved to the
/// map the extractor keeps: one SipHash per office, not one per term.
fn office_holders(entries: &[Entry]) -> HashMap<(Arc<str>, Role), Vec<OfficeTerm>> {
    type Terms = (Arc<str>, Vec<OfficeTerm>);
    let mut by_office: WordMap<(&str, Role), Terms> = WordMap::default();
    for (i, e) in entries.iter().enumerate() {
        for o in &e.offices {
            by_office
                .entry((&o.holder, o.role))
                .or_insert_with(|| (o.holder.clone(), Vec::new()))
                .1
                .push(OfficeTerm {
                    person: i as u32,
                    from: o.from,
                    to: o.to,
                });
        }
    }
    by_office
        .into_iter()
        .map(|((_, role), (holder, terms))| ((holder, role), terms))
        .collect()
}

/// Gazetteer people by id, and by the id of their first and last name
/// where one person alone has it and no id is it ("Eduardo Reina" for
/// `eduardo-enrique-reina`): news often drops a middle name.
fn person_ids(entries: &[Entry]) -> WordMap<Arc<str>, u32> {
    let people = || {
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Person)
    };
    // Sized up front: thousands of people, and each doubling rehashes.
    let count = people().count();
    let mut ids: WordMap<Arc<str>, u32> = WordMap::default();
    ids.reserve(2 * count);
    ids.extend(people().map(|(i, e)| (e.id.clone(), i as u32)));
    // (first word, last word) of ids of three words or more -> its person,
    // if only one has it.
    let mut short: WordMap<(&str, &str), Option<u32>> = WordMap::default();
    short.reserve(count);
    for (i, e) in people() {
        // The first and the last hyphen, found by a byte loop (ids are
        // short; a hyphen is ASCII: both sides are text).
        let id = e.id.as_bytes();
        let hyphen = |&b: &u8| b == b'-';
        let (Some(a), Some(b)) = (id.iter().position(hyphen), id.iter().rposition(hyphen)) else {
            continue;
        };
        if let (true, Some(first), Some(last)) = (a < b, e.id.get(..a), e.id.get(b + 1..)) {
            short
                .entry((first, last))
                .and_modify(|owner| *owner = None)
                .or_insert(Some(i as u32));
        }
    }
    let mut id = String::new();
    for ((first, last), owner) in short {
        if let Some(i) = owner {
            id.clear();
            id.extend([first, "-", last]);
            if !ids.contains_key(id.as_str()) {
                ids.insert(id.as_str().into(), i);
            }
        }
    }
    ids
}

#[derive(Debug)]
struct Inner {
    /// CAMEO / PLOVER codes per relation type, negation and modality.
    crosswalk: Crosswalk,
    gazetteer: Gazetteer,
    rules: RuleSet,
    matcher: Matcher,
    /// Kind bit per gazetteer entry.
    kinds: Vec<KindMask>,
    /// Who held which office for whom, and when: for titles without names.
    office_holders: HashMap<(Arc<str>, Role), Vec<OfficeTerm>>,
    /// Gazetteer people by id: a name found by its title may be one of them.
    person_ids: WordMap<Arc<str>, u32>,
    /// The word classes the resolver reads.
    resolve_classes: ResolveClasses,
    /// Pronouns and descriptions, and the actors each may refer to.
    references: References,
    /// Per cue word of the matcher: `RULE_CUE`, `REFERENCE_CUE`, `NAME_CUE`.
    cue_kinds: Vec<u8>,
}

#[derive(Debug, Clone, Copy)]
struct OfficeTerm {
    person: u32,
    from: Option<u16>,
    to: Option<u16>,
}

impl OfficeTerm {
    fn covers(&self, year: u16) -> bool {
        self.from.is_none_or(|f| f <= year) && self.to.is_none_or(|t| year <= t)
    }
}

/// A compiled, immutable extractor: `extract` takes `&self`, and clones share
/// one compiled state (`Send + Sync`).
///
/// # Example
/// ```
/// let extractor = chancery::Extractor::new()?;
/// let doc = extractor.extract("Moscow formally recognised the Taliban government.");
/// assert_eq!(doc.entities[0].id.as_ref(), "RUS");
/// let r = &doc.relations[0];
/// assert_eq!((r.kind.as_str(), r.subject.as_ref(), r.object.as_ref()), ("recognition", "RUS", "taliban"));
/// # Ok::<(), chancery::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Extractor {
    inner: Arc<Inner>,
}

/// Work counters of one extraction, for tests and tuning.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExtractStats {
    /// Sentences in the text.
    pub sentences: usize,
    /// Sentences tokenised (they held a mention and a cue word).
    pub sentences_tokenised: usize,
    /// Tokens produced.
    pub tokens: usize,
    /// Rule-matching steps taken (bounded per anchor by [`crate::rules::STEP_BUDGET`]).
    pub rule_steps: u64,
}

impl Extractor {
    /// The extractor over the embedded gazetteers and rules.
    ///
    /// # Errors
    /// Only if the embedded data is broken, which the crate's tests rule out.
    pub fn new() -> Result<Extractor, Error> {
        ExtractorBuilder::default().build()
    }

    /// A builder to add gazetteer and rule files.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.inner.gazetteer
    }

    /// The compiled rules.
    pub fn rules(&self) -> &RuleSet {
        &self.inner.rules
    }

    /// Entities and relations of one text. Never fails and never panics: any
    /// `&str` is valid input. The document's `id` is empty; see [`Document::with_id`].
    pub fn extract(&self, text: &str) -> Document {
        self.extract_with_stats(text).0
    }

    /// Only the mentions (the lower-level door: no sentences, no rules).
    pub fn mentions(&self, text: &str) -> Vec<Entity> {
        let mut open = Vec::new();
        let mentions = self.find_mentions(text, &mut Vec::new(), &mut open);
        let mut entities = self.entities(text, named(&mentions), &open);
        crate::document::set_char_offsets(text, &mut entities, &mut []);
        entities
    }

    /// Like [`extract`](Self::extract), with work counters.
    pub fn extract_with_stats(&self, text: &str) -> (Document, ExtractStats) {
        self.run(text, None)
    }

    /// Like [`extract`](Self::extract) for a text published on `date`: a title
    /// without a name ("the Russian president", "the president of the United
    /// States") then resolves to whoever held that office in that year (a
    /// sentence's own year, "In 2003, ...", overrides the date), and
    /// `holds_office` relations are checked against the gazetteer's terms of
    /// office (`verified`). Without a date titles stay unresolved.
    ///
    /// # Example
    /// ```
    /// let ex = chancery::Extractor::new()?;
    /// let doc = ex.extract_on("The Russian president met the US president.", "2026-07-04".parse().unwrap());
    /// let people: Vec<&str> = doc.entities.iter().map(|e| e.id.as_ref()).collect();
    /// assert_eq!(people, ["RUS", "vladimir-putin", "USA", "donald-trump"]);
    /// let old = ex.extract_on("In 2003, the US president spoke.", "2026-07-04".parse().unwrap());
    /// assert_eq!(old.entities[1].id.as_ref(), "george-w-bush");
    /// # Ok::<(), chancery::Error>(())
    /// ```
    pub fn extract_on(&self, text: &str, date: DocDate) -> Document {
        self.run(text, Some(date)).0
    }

    fn run(&self, text: &str, date: Option<DocDate>) -> (Document, ExtractStats) {
        with_scratch(|scratch| self.run_in(text, date, scratch))
    }

    fn run_in(
        &self,
        text: &str,
        date: Option<DocDate>,
        scratch: &mut Scratch,
    ) -> (Document, ExtractStats) {
        let mut found = self.find(text, date, scratch);
        crate::document::fill_evidence(text, &mut found.relations);
        let mut doc = Document {
            id: String::new(),
            date,
            context: None,
            entities: self.entities(text, named(&found.mentions), &found.open),
            relations: found.relations,
        };
        doc.set_char_offsets(text);
        (doc, found.stats)
    }

    /// Extracts `text` and appends its document as one line of compact JSON
    /// (no newline) to `out`: the same bytes as [`extract_on`](Self::extract_on)
    /// with `date` (or [`extract`](Self::extract) without one), then
    /// [`Document::with_id`], [`Document::with_context`] and
    /// [`Document::write_json`], but without building the document: each
    /// entity is written straight from its mention and the text, never copied.
    ///
    /// ```
    /// let ex = chancery::Extractor::new()?;
    /// let text = "Moscow recognised the Taliban.";
    /// let mut line = Vec::new();
    /// ex.extract_json(text, "doc-1", None, None, &mut line);
    /// let mut same = Vec::new();
    /// ex.extract(text).with_id("doc-1").write_json(&mut same);
    /// assert_eq!(line, same);
    /// # Ok::<(), chancery::Error>(())
    /// ```
    pub fn extract_json(
        &self,
        text: &str,
        id: &str,
        date: Option<DocDate>,
        context: Option<&Context>,
        out: &mut Vec<u8>,
    ) {
        with_scratch(|scratch| {
            let Found {
                mentions,
                open,
                mut relations,
                ..
            } = self.find(text, date, scratch);
            let mut chars = CharOffsets::new(text);
            chars.set_relations(&mut relations);
            let entries = self.entries(&open);
            let entities = named(&mentions).map(|m| {
                let e = &entries[m.entry as usize];
                EntityRef {
                    id: &e.id,
                    kind: e.kind,
                    name: &e.name,
                    text: &text[m.span.range()],
                    start: m.span.start,
                    end: m.span.end,
                    char_start: chars.of(m.span.start),
                    char_end: chars.of(m.span.end),
                    via: m.via,
                }
            });
            let head = Head { id, date, context };
            crate::json::write_parts(head, entities, (&relations, Some(text)), out);
        });
    }

    /// The mentions and relations of `text`, before they make a document.
    fn find(&self, text: &str, date: Option<DocDate>, scratch: &mut Scratch) -> Found {
        let mut cues = std::mem::take(&mut scratch.cues);
        cues.clear();
        let mut open = Vec::new();
        let mut mentions = self.find_mentions_in(text, &mut cues, &mut open, scratch);
        let mut dated = Vec::new();
        if let Some(date) = date {
            self.resolve_titles(text, &mut mentions, &open, date.year, &mut dated);
        }
        let mut stats = ExtractStats::default();
        let mut relations = self.relations(
            text,
            &mut mentions,
            &open,
            &cues,
            date.map(|d| d.year),
            &mut stats,
            scratch,
        );
        scratch.cues = cues;
        scratch.trim();
        if !dated.is_empty() {
            relations.extend(dated);
            relations.sort_by_key(|r| r.start);
        }
        Found {
            mentions,
            open,
            relations,
            stats,
        }
    }

    /// Adds a mention for each title without a name whose holder the date
    /// decides ("the Russian president" in 2025), with its `holds_office`.
    fn resolve_titles(
        &self,
        text: &str,
        mentions: &mut Vec<Mention>,
        open: &[Entry],
        doc_year: u16,
        out: &mut Vec<Relation>,
    ) {
        let inner = &*self.inner;
        let entries = self.entries(open);
        let is_kind = |t: Option<&Token>, kinds: &[EntityKind]| match t.map(|t| t.kind) {
            Some(TokenKind::Mention(m)) => {
                kinds.contains(&entries[mentions[m as usize].entry as usize].kind)
            }
            _ => false,
        };
        let word = |t: Option<&Token>, w: &str| {
            t.is_some_and(|t| {
                matches!(t.kind, TokenKind::Word { .. })
                    && text[t.span.range()].eq_ignore_ascii_case(w)
            })
        };
        let holders = [EntityKind::Country, EntityKind::Organisation];
        let mut added: Vec<Mention> = Vec::new();
        let mut tokens = Vec::new();
        let mut mi = 0;
        for sentence in sentences(text) {
            while mi < mentions.len() && mentions[mi].span.start < sentence.start {
                mi += 1;
            }
            if mentions.get(mi).is_none_or(|m| m.span.end > sentence.end) {
                continue;
            }
            tokens.clear();
            inner
                .rules
                .tokenize(text, sentence, mentions, mi, &mut tokens);
            let year = sentence_year(inner.rules.lex(text), &tokens);
            let when = year.unwrap_or(doc_year);
            for i in 0..tokens.len() {
                let Some((role, end)) = inner.rules.title_at(&tokens, i) else {
                    continue;
                };
                // "the Russian president", "Russia's president" / "the president of Russia".
                let holder_at = if is_kind(i.checked_sub(1).and_then(|j| tokens.get(j)), &holders) {
                    i - 1
                } else if i >= 2
                    && word(tokens.get(i - 1), "'s")
                    && is_kind(tokens.get(i - 2), &holders)
                {
                    i - 2
                } else if word(tokens.get(end), "of") && is_kind(tokens.get(end + 1), &holders) {
                    end + 1
                } else if word(tokens.get(end), "of")
                    && word(tokens.get(end + 1), "the")
                    && is_kind(tokens.get(end + 2), &holders)
                {
                    end + 2
                } else {
                    continue;
                };
                // A name right after the title, or right before the holder, is the person itself.
                let named_after = is_kind(tokens.get(end), &[EntityKind::Person])
                    || (word(tokens.get(end), ",")
                        && is_kind(tokens.get(end + 1), &[EntityKind::Person]));
                let first = holder_at.min(i);
                let named_before = first >= 1
                    && (is_kind(tokens.get(first - 1), &[EntityKind::Person])
                        || (first >= 2 && is_kind(tokens.get(first - 2), &[EntityKind::Person])));
                if named_after || named_before {
                    continue;
                }
                let TokenKind::Mention(h) = tokens[holder_at].kind else {
                    continue;
                };
                let holder = &entries[mentions[h as usize].entry as usize];
                let roles: &[Role] = if role == Role::Leader && holder.kind == EntityKind::Country {
                    &[Role::HeadOfState, Role::HeadOfGovernment]
                } else {
                    std::slice::from_ref(&role)
                };
                let mut found: Option<(u32, Role)> = None;
                let mut ambiguous = false;
                for r in roles {
                    for term in inner
                        .office_holders
                        .get(&(holder.id.clone(), *r))
                        .into_iter()
                        .flatten()
                    {
                        if term.covers(when) {
                            ambiguous |= found.is_some_and(|(p, _)| p != term.person);
                            found = Some((term.person, *r));
                        }
                    }
                }
                let (Some((person, held)), false) = (found, ambiguous) else {
                    continue;
                };
                let span = Span::new(tokens[i].span.start, tokens[end - 1].span.end);
                added.push(Mention {
                    span,
                    entry: person,
                    via: Via::Title,
                });
                let holder_span = mentions[h as usize].span;
                out.push(self.office_from_title(
                    sentence,
                    (entries[person as usize].id.clone(), span),
                    (holder.id.clone(), holder_span),
                    held,
                    year,
                    "holds_office/dated-title",
                    Some(true),
                    span,
                ));
            }
        }
        if !added.is_empty() {
            mentions.extend(added);
            mentions.sort_by_key(|m| m.span.start);
        }
    }

    /// Extracts many texts on every core, in order.
    #[cfg(feature = "parallel")]
    pub fn extract_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Document> {
        use rayon::prelude::*;
        texts.par_iter().map(|t| self.extract(t.as_ref())).collect()
    }

    fn find_mentions(
        &self,
        text: &str,
        cues: &mut Vec<CueHit>,
        open: &mut Vec<Entry>,
    ) -> Vec<Mention> {
        with_scratch(|scratch| self.find_mentions_in(text, cues, open, scratch))
    }

    /// Whether a mention only qualifies another group through a hyphenated
    /// word of class `loose_tie` ("the Hezbollah-affiliated bloc", "an
    /// Iran-backed militia"): no office is held for it.
    fn loosely_tied(&self, text: &str, span: Span) -> bool {
        let rules = &self.inner.rules;
        let Some(rest) = text[span.end..].strip_prefix('-') else {
            return false;
        };
        let word = rest
            .split(|c: char| !crate::matcher::is_word_char(c))
            .next()
            .unwrap_or("");
        let ties = rules.class("loose_tie").unwrap_or(&[]);
        rules
            .vocab
            .lookup(word)
            .is_some_and(|v| ties.binary_search(&v).is_ok())
    }

    /// The kind bit of entry `e`: a gazetteer entry's, else a person found by title.
    fn kind_of(&self, e: u32) -> KindMask {
        (self.inner.kinds.get(e as usize).copied()).unwrap_or_else(|| kind_bit(EntityKind::Person))
    }

    /// The entries `mentions` index: the gazetteer's, then `open`'s.
    fn entries<'a>(&'a self, open: &'a [Entry]) -> Entries<'a> {
        Entries {
            gazetteer: self.inner.gazetteer.entries(),
            open,
        }
    }

    /// Mentions of gazetteer entries, then of people found by their titles
    /// (their entries pushed to `open`).
    fn find_mentions_in(
        &self,
        text: &str,
        cues: &mut Vec<CueHit>,
        open: &mut Vec<Entry>,
        scratch: &mut Scratch,
    ) -> Vec<Mention> {
        let inner = &*self.inner;
        let hits = &mut scratch.hits;
        hits.clear();
        inner.matcher.scan(text, hits, cues);
        let mut mentions = Vec::with_capacity(hits.len());
        resolve(
            text,
            &inner.matcher,
            inner.gazetteer.entries(),
            hits,
            &inner.resolve_classes.words(&inner.rules.vocab),
            &mut mentions,
        );
        resolve_anaphors(text, inner.gazetteer.entries(), &mut mentions);
        self.find_titled_names(text, cues, &mut mentions, open, &mut scratch.tokens);
        mentions
    }

    /// People no gazetteer holds, by their titles, in sentences with a cue
    /// word that starts a title (every title's first word is a cue word).
    fn find_titled_names(
        &self,
        text: &str,
        cues: &[CueHit],
        mentions: &mut Vec<Mention>,
        open: &mut Vec<Entry>,
        tokens: &mut Vec<Token>,
    ) {
        let inner = &*self.inner;
        let words = inner.resolve_classes.words(&inner.rules.vocab);
        let titles: Vec<Span> = cues
            .iter()
            .filter(|c| {
                (inner.rules.cue_starts_a_title(c.word)
                    || (inner
                        .cue_kinds
                        .get(c.word as usize)
                        .is_some_and(|k| k & NAME_CUE != 0)
                        && text.as_bytes()[c.span.start].is_ascii_uppercase()))
                    && may_name_someone(text, c.span, mentions, &words)
            })
            .map(|c| c.span)
            .collect();
        if titles.is_empty() {
            return;
        }
        // A window of text around each title word, not its whole sentence:
        // names stand within a few words of their titles.
        let mut windows: Vec<Span> = Vec::new();
        for t in titles {
            let w = title_window(text, t, mentions);
            match windows.last_mut() {
                Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
                _ => windows.push(w),
            }
        }
        let person_by_id = |id: &str| inner.person_ids.get(id).copied();
        find_titled_names(
            text,
            &inner.rules,
            &words,
            &windows,
            inner.gazetteer.entries(),
            &person_by_id,
            mentions,
            open,
            tokens,
        );
    }

    /// The entities of `mentions` (the entries of `open` as [`Entries`] says).
    fn entities<'m>(
        &self,
        text: &str,
        mentions: impl Iterator<Item = &'m Mention>,
        open: &[Entry],
    ) -> Vec<Entity> {
        let entries = self.entries(open);
        mentions
            .map(|m| {
                let e = &entries[m.entry as usize];
                Entity {
                    id: e.id.clone(),
                    kind: e.kind,
                    name: e.name.clone(),
                    text: text[m.span.range()].to_string(),
                    start: m.span.start,
                    end: m.span.end,
                    char_start: 0,
                    char_end: 0,
                    via: m.via,
                }
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn relations(
        &self,
        text: &str,
        mentions: &mut Vec<Mention>,
        open: &[Entry],
        cues: &[CueHit],
        doc_year: Option<u16>,
        stats: &mut ExtractStats,
        scratch: &mut Scratch,
    ) -> Vec<Relation> {
        let inner = &*self.inner;
        let entries = self.entries(open);
        let mut out = Vec::new();
        let Scratch {
            hits,
            tokens,
            matches,
            references,
            ..
        } = scratch;
        let (mut mi, mut ci, mut hi) = (0usize, 0usize, 0usize);
        let mut previous = None;
        // The reference triggers of one sentence at a time.
        let mut triggers = Vec::new();
        // A match's subjects and objects, one match at a time.
        let (mut subjects, mut objects) = (Vec::new(), Vec::new());
        for sentence in sentences(text) {
            stats.sentences += 1;
            let before = previous.replace(sentence);
            while mi < mentions.len() && mentions[mi].span.start < sentence.start {
                mi += 1;
            }
            let has_mention = mentions.get(mi).is_some_and(|m| m.span.end <= sentence.end);
            if !has_mention {
                continue;
            }
            let cue_kinds = cues_in(cues, &inner.cue_kinds, &mut ci, sentence);
            if cue_kinds & RULE_CUE == 0 {
                continue;
            }
            // "it", "the kingdom": the actors they refer to, as mentions. The
            // reference stage reads the rules' tokens; they are made again
            // only if it added mentions.
            let mut tokenised = false;
            triggers.clear();
            if cue_kinds & REFERENCE_CUE != 0 {
                let kinds = (cues, &inner.cue_kinds[..]);
                let found = triggers_in(text, &inner.references, mentions, kinds, ci, sentence);
                let mut reach = Reach::None;
                triggers.extend(found.map(|(span, r)| {
                    reach = reach.max(r);
                    span
                }));
                // In a sentence naming one actor, pronouns only name it again:
                // no relation, nothing to read.
                if reach == Reach::Again && !two_actors(mentions, mi, sentence) {
                    triggers.clear();
                }
            }
            if !triggers.is_empty() {
                tokens.clear();
                inner.rules.tokenize(text, sentence, mentions, mi, tokens);
                let place = Place {
                    sentence,
                    previous: before,
                    first: mi,
                    triggers: &triggers,
                    tokens,
                };
                let added = resolve_sentence(
                    text,
                    &inner.references,
                    inner.gazetteer.entries(),
                    place,
                    mentions,
                    references,
                );
                tokenised = added == 0;
            }
            let mentions: &[Mention] = mentions;
            if !two_actors(mentions, mi, sentence) {
                continue;
            }
            let kind_of = |m: u32| self.kind_of(mentions[m as usize].entry);
            // A sentence in which no pattern can be tried and no person is
            // named yields nothing: it is not tokenised.
            let named = &mentions[mi..];
            if !self.may_yield(sentence, named, &entries, &cues[ci..], hits, &mut hi) {
                continue;
            }
            if !tokenised {
                tokens.clear();
                inner.rules.tokenize(text, sentence, mentions, mi, tokens);
            }
            stats.sentences_tokenised += 1;
            stats.tokens += tokens.len();
            matches.clear();
            stats.rule_steps += inner.rules.match_sentence(tokens, &kind_of, matches);
            let first_new = out.len();
            let years = if matches.is_empty() {
                Vec::new()
            } else {
                sentence_years(inner.rules.lex(text), tokens)
            };
            for m in matches.iter() {
                let year = match_year(
                    inner.rules.lex(text),
                    tokens,
                    &years,
                    m.captures.lo,
                    m.captures.hi,
                );
                self.emit(
                    text,
                    sentence,
                    tokens,
                    mentions,
                    &entries,
                    m,
                    year,
                    doc_year,
                    first_new,
                    &mut out,
                    (&mut subjects, &mut objects),
                );
            }
            self.title_offices(
                text, sentence, tokens, mentions, &entries, doc_year, &mut out, first_new,
            );
        }
        out
    }

    /// Whether a sentence that names two actors can yield a relation, told
    /// before tokenising it from its mentions (`named`, from the sentence's
    /// first on), its cue words (`cues`, from its first on) and the
    /// matcher's hits (`hits`, `hit` the first not yet passed): false only
    /// if no pattern can be tried at any anchor word (see
    /// [`RuleSet::cue_may_anchor`]) and no person is named (for
    /// [`Self::title_offices`]). Every anchor word of the tokens is a rule
    /// cue unless it lies in a matcher hit that is no mention token (a hit
    /// the resolver dropped, a mention cut by the sentence's end or
    /// overlapped by another): then the sentence is tokenised as before. The
    /// counts are of every mention starting in the sentence, never fewer than
    /// its mention tokens.
    fn may_yield(
        &self,
        sentence: Span,
        named: &[Mention],
        entries: &Entries,
        cues: &[CueHit],
        hits: &[Hit],
        hit: &mut usize,
    ) -> bool {
        let inside = &named[..named
            .iter()
            .take_while(|m| m.span.start < sentence.end)
            .count()];
        if inside
            .iter()
            .any(|m| entries[m.entry as usize].kind == EntityKind::Person)
        {
            return true;
        }
        let rules = &self.inner.rules;
        let kinds = |ms: &[Mention]| {
            ms.iter()
                .fold(0, |all: KindMask, m| all | self.kind_of(m.entry))
        };
        let anchors = cues
            .iter()
            .take_while(|c| c.span.end <= sentence.end)
            .filter(|c| rules.cue_anchors(c.word))
            .any(|c| {
                let (left, right) =
                    inside.split_at(inside.partition_point(|m| m.span.start < c.span.start));
                rules.cue_may_anchor(
                    c.word,
                    (left.len() as u32, kinds(left)),
                    (right.len() as u32, kinds(right)),
                )
            });
        anchors || hides_words(sentence, inside, hits, hit)
    }

    /// `holds_office` for a title right before a person's name whose state
    /// or organisation no pattern found beside it ("..., President Jane Doe
    /// said" with Ruritania elsewhere in the sentence): the holder is the one
    /// the person's gazetteer office of that role names, if the sentence
    /// names it (in the year `when`, if known); for a person without listed
    /// offices, the only country the sentence names, for a head of state or
    /// government or a foreign minister. Never a second holder.
    #[allow(clippy::too_many_arguments)]
    fn title_offices(
        &self,
        text: &str,
        sentence: Span,
        tokens: &[Token],
        mentions: &[Mention],
        entries: &Entries,
        doc_year: Option<u16>,
        out: &mut Vec<Relation>,
        first_new: usize,
    ) {
        let rules = &self.inner.rules;
        let names_a_person = tokens.iter().any(|t| {
            matches!(t.kind, TokenKind::Mention(m)
                if entries[mentions[m as usize].entry as usize].kind == EntityKind::Person)
        });
        if !names_a_person {
            return;
        }
        let mention_at = |i: usize| match tokens.get(i).map(|t| t.kind) {
            Some(TokenKind::Mention(m)) => Some(mentions[m as usize]),
            _ => None,
        };
        // The countries and organisations the sentence names.
        let mut holders: Vec<Mention> = Vec::new();
        let mut by_name: Vec<Mention> = Vec::new();
        for i in 0..tokens.len() {
            if let Some(m) = mention_at(i) {
                let e = &entries[m.entry as usize];
                if e.kind == EntityKind::Person {
                    continue;
                }
                if !holders.iter().any(|h| h.entry == m.entry) {
                    holders.push(m);
                }
                // A demonym elsewhere ("Turkish-Israeli relations") is too
                // loose a tie to confirm a listed office; one before a title
                // ("the fifth Kenyan President") is not.
                if m.via != Via::Demonym || rules.title_at(tokens, i + 1).is_some() {
                    by_name.push(m);
                }
            }
        }
        if holders.is_empty() {
            return;
        }
        let mut i = 0;
        while i < tokens.len() {
            let Some((role, end)) = rules.title_at(tokens, i) else {
                i += 1;
                continue;
            };
            let honorific = rules.class("honorific").unwrap_or(&[]);
            let mut j = end;
            while tokens.get(j).is_some_and(|t| {
                matches!(t.kind, TokenKind::Word { vocab: Some(v) } if honorific.binary_search(&v).is_ok())
                    || matches!(t.kind, TokenKind::Punct('.'))
            }) {
                j += 1;
            }
            let title = Span::new(tokens[i].span.start, tokens[end - 1].span.end);
            // "Irish Taoiseach Jane Doe": an unknown word qualifies the title.
            let qualified = i
                .checked_sub(1)
                .and_then(|k| tokens.get(k))
                .is_some_and(|t| {
                    matches!(t.kind, TokenKind::Word { .. })
                        && text[t.span.range()]
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                });
            // "opposition leader Jane Doe": no office for the state.
            let opposition = i
                .checked_sub(1)
                .and_then(|k| tokens.get(k))
                .is_some_and(|t| text[t.span.range()].eq_ignore_ascii_case("opposition"));
            i = end.max(i + 1);
            let Some(person) = mention_at(j).filter(|_| !opposition) else {
                continue;
            };
            let pe = &entries[person.entry as usize];
            if pe.kind != EntityKind::Person
                || out[first_new..]
                    .iter()
                    .any(|r| r.kind == RelationType::HoldsOffice && r.subject == pe.id)
            {
                continue;
            }
            // The sentence's year, read only now that a title names a person.
            let year = sentence_year(rules.lex(text), tokens);
            let when = year.or(doc_year);
            let generic = matches!(role, Role::Leader | Role::Official);
            let fits = |o: &&crate::gazetteer::Office| {
                (o.role == role || generic)
                    && when.is_none_or(|y| {
                        o.from.is_none_or(|f| f <= y) && o.to.is_none_or(|t| y <= t)
                    })
            };
            let named = |id: &str| {
                by_name
                    .iter()
                    .find(|h| *entries[h.entry as usize].id == *id)
                    .copied()
            };
            let (holder, held, rule, verified) = if pe.offices.is_empty() {
                let countries: Vec<Mention> = holders
                    .iter()
                    .filter(|h| entries[h.entry as usize].kind == EntityKind::Country)
                    .copied()
                    .collect();
                // Lesser posts ("Treasury Secretary" beside "Russia's oil
                // companies") are too often another state's to guess.
                let sole_fits = matches!(
                    role,
                    Role::HeadOfState | Role::HeadOfGovernment | Role::ForeignMinister
                );
                match (countries.as_slice(), sole_fits && !qualified, holders.len()) {
                    ([only], true, 1) => (*only, role, "holds_office/title-sole-state", None),
                    _ => continue,
                }
            } else {
                let mut found: Vec<(Mention, Role)> = Vec::new();
                for o in pe.offices.iter().filter(fits) {
                    if let Some(h) = named(&o.holder) {
                        if !found.iter().any(|(f, _)| f.entry == h.entry) {
                            found.push((h, o.role));
                        }
                    }
                }
                match found.as_slice() {
                    [(h, r)] => (
                        *h,
                        *r,
                        "holds_office/title-listed-office",
                        when.map(|_| true),
                    ),
                    _ => continue,
                }
            };
            out.push(self.office_from_title(
                sentence,
                (pe.id.clone(), person.span),
                (entries[holder.entry as usize].id.clone(), holder.span),
                held,
                year,
                rule,
                verified,
                title,
            ));
        }
    }

    /// A `holds_office` relation read off a title rather than a rule match:
    /// the person and the holder, each an id with its span.
    #[allow(clippy::too_many_arguments)]
    fn office_from_title(
        &self,
        sentence: Span,
        (subject, subject_span): (Arc<str>, Span),
        (object, object_span): (Arc<str>, Span),
        held: Role,
        year: Option<u16>,
        rule: &str,
        verified: Option<bool>,
        title: Span,
    ) -> Relation {
        let codes = self
            .inner
            .crosswalk
            .get(RelationType::HoldsOffice, false, Modality::Asserted);
        Relation {
            kind: RelationType::HoldsOffice,
            subject,
            object,
            negated: false,
            modality: Modality::Asserted,
            year,
            rule: Arc::from(rule),
            cameo: codes.cameo.map(Cow::Borrowed),
            plover: codes.plover.map(Cow::Borrowed),
            start: sentence.start,
            end: sentence.end,
            // Set with every relation's once the document is complete.
            char_start: 0,
            char_end: 0,
            // `text[start..end]`, copied once a document is built (see
            // `fill_evidence`): the JSON path writes it from the text.
            evidence: String::new(),
            role: Some(held),
            to: None,
            verified,
            subject_span,
            object_span,
            trigger_span: title,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        text: &str,
        sentence: Span,
        tokens: &[Token],
        mentions: &[Mention],
        entries: &Entries,
        m: &Match,
        year: Option<u16>,
        doc_year: Option<u16>,
        first_new: usize,
        out: &mut Vec<Relation>,
        buffers: (&mut Vec<Mention>, &mut Vec<Mention>),
    ) -> Option<Qualifiers> {
        let rule = &self.inner.rules.rules()[m.rule as usize];
        let c = &m.captures;
        let kind_of = |m: u32| self.kind_of(mentions[m as usize].entry);
        // The mentions a slot's tokens hold, into `v` (one of the caller's
        // buffers, reused from match to match).
        let in_range = |range: Option<(usize, usize)>, v: &mut Vec<Mention>| {
            v.clear();
            let Some((a, b)) = range else {
                return;
            };
            let b = b.min(tokens.len() - 1);
            for (at, t) in tokens.iter().enumerate().take(b + 1).skip(a) {
                if let TokenKind::Mention(i) = t.kind {
                    // "Japanese Prime Minister Sanae Takaichi and ...": in a
                    // list, Japan only says whose minister she is.
                    if self
                        .inner
                        .rules
                        .titled_person(tokens, &kind_of, at)
                        .is_some_and(|person| person <= b)
                    {
                        continue;
                    }
                    // A reference to several actors is several mentions
                    // with one span ("the two countries"): read them all.
                    let i = i as usize;
                    let same = mentions[i..]
                        .iter()
                        .take_while(|m| m.span == mentions[i].span);
                    for &mention in same {
                        // "the United Arab Emirates (UAE)" is one actor.
                        if !v.iter().any(|x| x.entry == mention.entry) {
                            v.push(mention);
                        }
                    }
                }
            }
        };
        // A subject the pattern took from a prepositional phrase is no subject:
        // "the ambassador to Kabul met ...", "no state before Russia had ...".
        // The word classes are in src/rules/clause.rules.
        let guards = self.inner.rules.slot_guards();
        let word_in = |i: Option<usize>, class: &[u32]| {
            i.and_then(|i| tokens.get(i)).is_some_and(|t| match t.kind {
                TokenKind::Word { vocab: Some(id) } => class.binary_search(&id).is_ok(),
                _ => false,
            })
        };
        // Token `a` right after a word of `preposition` that follows one of `head`.
        let after_pair = |a: usize, preposition: &[u32], head: &[u32]| {
            let before = a.checked_sub(1);
            word_in(before, preposition) && word_in(before.and_then(|b| b.checked_sub(1)), head)
        };
        let subject_excluded = c.subject.is_some_and(|(a, _)| {
            a == c.lo
                && (word_in(a.checked_sub(1), &guards.not_before_subject)
                    || after_pair(a, &guards.phrase_preposition, &guards.phrase_noun)
                    || after_pair(a, &guards.posted_preposition, &guards.posted_noun))
        });
        // "Under a deal brokered by Oman, Egypt and Turkey agreed ...": the
        // first of a subject list that follows "brokered by" is the broker.
        let broker = c
            .subject
            .filter(|&(a, _)| {
                a == c.lo && after_pair(a, &guards.agent_preposition, &guards.agent_participle)
            })
            .and_then(|(a, _)| match tokens.get(a).map(|t| t.kind) {
                Some(TokenKind::Mention(i)) => Some(mentions[i as usize].span),
                _ => None,
            });
        // The same for an object that opens a passive match: "the visit by
        // Modi to Moscow was criticised" criticises no Moscow.
        let object_excluded = rule.relation != RelationType::HoldsOffice
            && c.object.is_some_and(|(a, _)| {
                a == c.lo && word_in(a.checked_sub(1), &guards.object_preposition)
            });
        if subject_excluded || object_excluded {
            return None;
        }
        let (subjects, objects) = buffers;
        in_range(c.subject, subjects);
        if let Some(span) = broker {
            subjects.retain(|m| m.span != span);
        }
        // An office is one person's: "Deputy Prime Minister Ishaq Dar and Amir
        // Khan Muttaqi" gives Dar the title, not both.
        if rule.relation == RelationType::HoldsOffice && subjects.len() > 1 {
            let trigger = tokens[c.anchor.0].span.start;
            if let Some(nearest) = subjects
                .iter()
                .min_by_key(|m| m.span.start.abs_diff(trigger))
                .copied()
            {
                subjects.clear();
                subjects.push(nearest);
            }
        }
        // "Mr Fidan, Polish Foreign Minister Radoslaw Sikorski": a title
        // right before a person's name is that person's, not the one before it.
        if rule.relation == RelationType::HoldsOffice
            && c.subject.is_some_and(|(_, b)| b < c.anchor.0)
            && tokens.get(c.hi + 1).is_some_and(|t| {
                matches!(t.kind, TokenKind::Mention(i)
                    if entries[mentions[i as usize].entry as usize].kind == EntityKind::Person)
            })
        {
            return None;
        }
        in_range(c.to, objects);
        let to = objects
            .first()
            .map(|m| entries[m.entry as usize].id.clone());
        in_range(c.object, objects);
        let (subjects, objects): (&[Mention], &[Mention]) = (subjects, objects);
        // Each subject with each object, or (without objects) with each
        // subject after it.
        let pairs = subjects.iter().enumerate().flat_map(|(i, s)| {
            let others = if m.has_object {
                objects
            } else {
                &subjects[i + 1..]
            };
            others.iter().map(move |o| (*s, *o))
        });
        let mut slots = [(0, 0); 3];
        let mut filled = 0;
        for slot in [c.subject, c.object, c.to].into_iter().flatten() {
            slots[filled] = slot;
            filled += 1;
        }
        let slots = &slots[..filled];
        let q = qualify(
            self.inner.rules.lex(text),
            tokens,
            Extent {
                lo: antecedent_token(text, tokens, mentions, c.subject, c.lo).unwrap_or(c.lo),
                hi: c.hi,
                anchor: c.anchor,
                slots,
            },
        );
        let modality = match rule.modality {
            Some(floor) if rank(floor) > rank(q.modality) => floor,
            _ => q.modality,
        };
        let role = c.role.or(rule.role);
        let trigger = Span::new(tokens[c.anchor.0].span.start, tokens[c.anchor.1].span.end);
        for (mut s, mut o) in pairs {
            if s.entry == o.entry {
                continue;
            }
            let (se, oe) = (&entries[s.entry as usize], &entries[o.entry as usize]);
            if rule.relation == RelationType::HoldsOffice
                && (se.kind != EntityKind::Person
                    || oe.kind == EntityKind::Person
                    || role.is_none()
                    || self.loosely_tied(text, o.span))
            {
                continue;
            }
            if rule.relation.is_symmetric() && o.span.start < s.span.start {
                std::mem::swap(&mut s, &mut o);
            }
            let (se, oe) = (&entries[s.entry as usize], &entries[o.entry as usize]);
            // "The Trump administration designated ...": the state acts.
            let (sid, oid) = if rule.relation == RelationType::HoldsOffice {
                (se.id.clone(), oe.id.clone())
            } else {
                let when = year.or(doc_year);
                (
                    administration_of(text, s.span, se, when).unwrap_or_else(|| se.id.clone()),
                    administration_of(text, o.span, oe, when).unwrap_or_else(|| oe.id.clone()),
                )
            };
            if sid == oid {
                continue;
            }
            // One relation per pair and sentence; holds_office per role ("both US
            // ambassador in Beirut and Washington's Lebanon envoy").
            let duplicate = out[first_new..].iter().any(|r: &Relation| {
                r.kind == rule.relation
                    && r.subject == sid
                    && r.object == oid
                    && (rule.relation != RelationType::HoldsOffice || r.role == role)
            });
            if duplicate {
                continue;
            }
            let mut role = if rule.relation == RelationType::HoldsOffice {
                role
            } else {
                None
            };
            let mut verified = None;
            if let (RelationType::HoldsOffice, Some(when)) = (rule.relation, year.or(doc_year)) {
                let terms: Vec<_> = se.offices.iter().filter(|o| o.holder == oe.id).collect();
                if !terms.is_empty() {
                    let held = terms.iter().find(|o| {
                        o.from.is_none_or(|f| f <= when) && o.to.is_none_or(|t| when <= t)
                    });
                    verified = Some(held.is_some());
                    // A generic title ("leader", "official") takes the gazetteer's role.
                    if let (Some(o), Some(Role::Leader | Role::Official)) = (held, role) {
                        role = Some(o.role);
                    }
                }
            } else if rule.relation == RelationType::HoldsOffice
                && matches!(role, Some(Role::Leader | Role::Official))
            {
                // Undated, a generic title ("his Russian counterpart") takes the
                // role of the one office the gazetteer has open for that holder.
                let mut open = se
                    .offices
                    .iter()
                    .filter(|o| o.holder == oe.id && o.to.is_none());
                if let (Some(o), None) = (open.next(), open.next()) {
                    role = Some(o.role);
                }
            }
            let codes = self.inner.crosswalk.get(rule.relation, q.negated, modality);
            out.push(Relation {
                kind: rule.relation,
                subject: sid,
                object: oid,
                negated: q.negated,
                modality,
                year,
                rule: rule.id.clone(),
                cameo: codes.cameo.map(Cow::Borrowed),
                plover: codes.plover.map(Cow::Borrowed),
                start: sentence.start,
                end: sentence.end,
                char_start: 0,
                char_end: 0,
                // `text[start..end]`, copied once a document is built (see
                // `fill_evidence`): the JSON path writes it from the text.
                evidence: String::new(),
                role,
                to: if rule.relation == RelationType::HoldsOffice {
                    to.clone()
                } else {
                    None
                },
                verified,
                subject_span: s.span,
                object_span: o.span,
                trigger_span: trigger,
            });
        }
        Some(q)
    }

    /// Why chancery found what it found in `text`: every sentence with its
    /// mentions (and the gazetteer line of each), the rules that matched, the
    /// cue words behind negation and modality, and the rules that came close.
    ///
    /// # Example
    /// ```
    /// let ex = chancery::Extractor::new()?;
    /// let why = ex.explain("China has not recognised the Taliban.");
    /// let m = &why.sentences[0].matches[0];
    /// assert_eq!(m.rule, "recognition/active");
    /// assert_eq!(m.negation_cue.as_deref(), Some("not"));
    /// # Ok::<(), chancery::Error>(())
    /// ```
    pub fn explain(&self, text: &str) -> Explanation {
        self.explain_dated(text, None)
    }

    /// Like [`explain`](Self::explain) for a text published on `date`, as
    /// [`extract_on`](Self::extract_on) reads it: titles without names resolve
    /// to that year's office holder, and relations are checked against it.
    pub fn explain_on(&self, text: &str, date: DocDate) -> Explanation {
        self.explain_dated(text, Some(date))
    }

    fn explain_dated(&self, text: &str, date: Option<DocDate>) -> Explanation {
        let inner = &*self.inner;
        let mut open = Vec::new();
        let mut cues = Vec::new();
        let mut mentions = self.find_mentions(text, &mut cues, &mut open);
        if let Some(date) = date {
            self.resolve_titles(text, &mut mentions, &open, date.year, &mut Vec::new());
        }
        resolve_references(
            text,
            &inner.references,
            inner.gazetteer.entries(),
            &cues,
            &inner.cue_kinds,
            &mut mentions,
            |sentence, mentions: &[Mention], first, out: &mut Vec<Token>| {
                inner.rules.tokenize(text, sentence, mentions, first, out);
            },
        );
        let entries = self.entries(&open);
        let mut entities = self.entities(text, mentions.iter(), &open);
        crate::document::set_char_offsets(text, &mut entities, &mut []);
        let kind_of = |m: u32| self.kind_of(mentions[m as usize].entry);
        let mut sentences_out = Vec::new();
        let mut mi = 0usize;
        let mut tokens = Vec::new();
        for sentence in sentences(text) {
            while mi < mentions.len() && mentions[mi].span.start < sentence.start {
                mi += 1;
            }
            let in_sentence: Vec<ExplainedMention> = (mi..mentions.len())
                .take_while(|&i| mentions[i].span.end <= sentence.end)
                .map(|i| ExplainedMention {
                    entity: entities[i].clone(),
                    defined_at: entries[mentions[i].entry as usize].origin.to_string(),
                })
                .collect();
            tokens.clear();
            inner
                .rules
                .tokenize(text, sentence, &mentions, mi, &mut tokens);
            let (mut matches, mut misses): (Vec<Match>, Vec<Miss>) = (Vec::new(), Vec::new());
            inner
                .rules
                .explain_sentence(&tokens, &kind_of, &mut matches, &mut misses);
            let years = sentence_years(inner.rules.lex(text), &tokens);
            let rules = inner.rules.rules();
            let slice = |span: Span| text[span.range()].to_string();
            let rule_matches = matches
                .iter()
                .map(|m| {
                    let rule = &rules[m.rule as usize];
                    let (source, line) = rule.patterns().nth(m.pattern as usize).unwrap_or(("", 0));
                    let mut relations = Vec::new();
                    let year = match_year(
                        inner.rules.lex(text),
                        &tokens,
                        &years,
                        m.captures.lo,
                        m.captures.hi,
                    );
                    let q = self.emit(
                        text,
                        sentence,
                        &tokens,
                        &mentions,
                        &entries,
                        m,
                        year,
                        date.map(|d| d.year),
                        0,
                        &mut relations,
                        (&mut Vec::new(), &mut Vec::new()),
                    );
                    crate::document::fill_evidence(text, &mut relations);
                    crate::document::set_char_offsets(text, &mut [], &mut relations);
                    let lo = tokens[m.captures.lo].span.start;
                    let hi = tokens[m.captures.hi.min(tokens.len() - 1)].span.end;
                    RuleMatch {
                        rule: rule.id.to_string(),
                        pattern: source.to_string(),
                        defined_at: format!("{}:{line}", rule.path),
                        start: lo,
                        end: hi,
                        matched: text[lo..hi].to_string(),
                        negation_cue: q.and_then(|q| q.negation_cue).map(slice),
                        modality_cue: q.and_then(|q| q.modality_cue).map(slice),
                        relations,
                    }
                })
                .collect();
            let near_misses = misses
                .iter()
                .map(|miss| {
                    let rule = &rules[miss.rule as usize];
                    let (source, line) = rule
                        .patterns()
                        .nth(miss.pattern as usize)
                        .unwrap_or(("", 0));
                    let anchor = tokens[miss.anchor.0].span;
                    NearMiss {
                        rule: rule.id.to_string(),
                        pattern: source.to_string(),
                        defined_at: format!("{}:{line}", rule.path),
                        anchor: slice(anchor),
                        anchor_start: anchor.start,
                        reason: miss.reason.clone(),
                    }
                })
                .collect();
            sentences_out.push(ExplainedSentence {
                start: sentence.start,
                end: sentence.end,
                text: slice(sentence),
                mentions: in_sentence,
                matches: rule_matches,
                near_misses,
            });
        }
        Explanation {
            sentences: sentences_out,
        }
    }
}

/// What [`Extractor::find`] found in one text.
struct Found {
    /// Every mention, references included, in text order.
    mentions: Vec<Mention>,
    /// The people found by their titles, as entries (see [`Entries`]).
    open: Vec<Entry>,
    relations: Vec<Relation>,
    stats: ExtractStats,
}

/// The mentions that name their actor: not the references ("it", "the
/// kingdom"), which are no entities of the document.
fn named(mentions: &[Mention]) -> impl Iterator<Item = &Mention> {
    mentions.iter().filter(|m| !m.via.is_reference())
}

/// Buffers that extraction reuses from one text to the next on the same
/// thread, instead of allocating and growing them per document.
#[derive(Default)]
struct Scratch {
    hits: Vec<Hit>,
    cues: Vec<CueHit>,
    tokens: Vec<Token>,
    matches: Vec<Match>,
    references: crate::reference::Buffers,
}

impl Scratch {
    /// Above this many hits the buffers are dropped after use, so that one
    /// huge document does not pin its memory for the thread's life.
    const KEEP_HITS: usize = 1 << 16;

    fn trim(&mut self) {
        if self.hits.capacity().max(self.cues.capacity()) > Self::KEEP_HITS {
            *self = Scratch::default();
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Runs `f` with this thread's scratch buffers (fresh ones if they are in use).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Where a match opens on a pronoun subject ("China never said that *it*
/// had recognised ..."), where the clause governing the pronoun starts: the
/// actor it refers to, or the first token after a comma or a coordinator
/// ("and", "but") between the two, so that the governing verb qualifies the
/// match as the actor's own would, and an earlier clause does not
/// ("India denied the claim, and said it is expelling ...").
fn antecedent_token(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    subject: Option<(usize, usize)>,
    lo: usize,
) -> Option<usize> {
    let (a, _) = subject.filter(|&(a, _)| a == lo)?;
    let TokenKind::Mention(i) = tokens.get(a)?.kind else {
        return None;
    };
    let pronoun = mentions[i as usize];
    if pronoun.via != Via::Pronoun {
        return None;
    }
    let antecedent = tokens[..a].iter().rposition(|t| {
        matches!(t.kind, TokenKind::Mention(j)
            if mentions[j as usize].entry == pronoun.entry && !mentions[j as usize].via.is_reference())
    })?;
    let boundary = (antecedent + 1..a).rev().find(|&b| match tokens[b].kind {
        TokenKind::Punct(c) => matches!(c, ',' | ';' | ':'),
        TokenKind::Word { .. } => {
            let w = &text[tokens[b].span.range()];
            w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("but")
        }
        TokenKind::Mention(_) => false,
    });
    Some(boundary.map_or(antecedent, |b| b + 1))
}

/// Whether some of a sentence's words may be read without the matcher
/// having reported their cue words: a mention cut by the sentence's end or
/// overlapped by another (its words are tokenised), or a matcher hit no
/// mention of the sentence (`inside`) has the span of (dropped by the
/// resolver, or begun in the sentence before). `hit` is the first hit not
/// yet passed.
fn hides_words(sentence: Span, inside: &[Mention], hits: &[Hit], hit: &mut usize) -> bool {
    let mut reach = sentence.start;
    let mut previous: Option<Span> = None;
    for m in inside {
        if m.span.end > sentence.end || (m.span.start < reach && previous != Some(m.span)) {
            return true;
        }
        reach = reach.max(m.span.end);
        previous = Some(m.span);
    }
    while hits.get(*hit).is_some_and(|h| h.span.end <= sentence.start) {
        *hit += 1;
    }
    hits[*hit..]
        .iter()
        .take_while(|h| h.span.start < sentence.end)
        .any(|h| h.span.start < sentence.start || !inside.iter().any(|m| m.span == h.span))
}

/// Whether the sentence holds mentions of two different entries, starting at
/// mention `first`: every relation links two, so a sentence with fewer cannot
/// state one and is not worth tokenising.
fn two_actors(mentions: &[Mention], first: usize, sentence: Span) -> bool {
    let mut inside = mentions[first..]
        .iter()
        .take_while(|m| m.span.start < sentence.end)
        .filter(|m| m.span.end <= sentence.end);
    let Some(one) = inside.next() else {
        return false;
    };
    inside.any(|m| m.entry != one.entry)
}

/// The span around title word `t` that the title finder tokenises:
/// [`NAME_WINDOW`] bytes and more before it, twice that after it (titles,
/// "of Chile to Peru" and then the name), widened to whole words and mentions.
fn title_window(text: &str, t: Span, mentions: &[Mention]) -> Span {
    let mut start = t.start.saturating_sub(NAME_WINDOW);
    while start > 0 && (!text.is_char_boundary(start) || !text[start..].starts_with(' ')) {
        start -= 1;
    }
    let mut end = (t.end + 2 * NAME_WINDOW).min(text.len());
    while end < text.len() && (!text.is_char_boundary(end) || !text[end..].starts_with(' ')) {
        end += 1;
    }
    // Never cut a mention.
    let first = mentions.partition_point(|m| m.span.end <= start);
    if let Some(m) = mentions.get(first).filter(|m| m.span.start < start) {
        start = m.span.start;
    }
    let last = mentions.partition_point(|m| m.span.start < end);
    if let Some(m) = last
        .checked_sub(1)
        .map(|i| &mentions[i])
        .filter(|m| m.span.end > end)
    {
        end = m.span.end;
    }
    Span::new(start, end)
}

/// Bytes around a title word in which a name it introduces may start.
const NAME_WINDOW: usize = 64;

/// Whether a title word at `span` may stand next to a name no mention
/// covers: shortly after it, a word that may start a name followed by a
/// capitalised word, or shortly before it a comma right after a word that
/// may end a name (an appositive: "Jane Doe, the ambassador"). A cheap
/// filter before the text around the title is tokenised: it asks of the
/// words only what the title finder asks of a name's first and last word
/// (see [`name_word`]).
fn may_name_someone(text: &str, span: Span, mentions: &[Mention], words: &ResolveWords) -> bool {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let bytes = text.as_bytes();
    let before = floor(span.start.saturating_sub(NAME_WINDOW / 2));
    let appositive = memchr::memchr_iter(b',', &bytes[before..span.start]).any(|i| {
        let comma = before + i;
        let start = word_start(text, comma);
        start < comma && name_word(text, Span::new(start, comma), mentions, words)
    });
    if appositive {
        return true;
    }
    let end = floor((span.end + NAME_WINDOW).min(text.len()));
    // Only a capital letter can start a name: jump from one to the next
    // (an ASCII capital or any non-ASCII byte; most bytes are neither).
    let mut at = span.end + 1;
    while let Some(i) = bytes.get(at..end).and_then(|window| {
        window
            .iter()
            .position(|&b| b.is_ascii_uppercase() || !b.is_ascii())
    }) {
        at += i;
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            at += 1;
            continue;
        };
        if c.is_uppercase() && !crate::matcher::ends_in_word_char(text, at) {
            let first = Span::new(at, word_end_at(text, at));
            if next_word_capitalised(text, first.end) && name_word(text, first, mentions, words) {
                return true;
            }
        }
        at += c.len_utf8();
    }
    false
}

/// Whether the word at `w` may be a name's first or last word, as the title
/// finder reads names: capitalised with a lower-case letter after its first,
/// no word of the classes `not_a_name` ("Friday", "Foreign") or `honorific`,
/// and outside every mention.
fn name_word(text: &str, w: Span, mentions: &[Mention], words: &ResolveWords) -> bool {
    let word = &text[w.range()];
    let mut chars = word.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase);
    let covered = || {
        mentions
            .get(mentions.partition_point(|m| m.span.end <= w.start))
            .is_some_and(|m| m.span.start < w.end)
    };
    let listed = |v: u32| {
        let names = &words.names;
        names.not_a_name.binary_search(&v).is_ok() || names.honorific.binary_search(&v).is_ok()
    };
    capitalised && !covered() && !words.vocab.lookup(word).is_some_and(listed)
}

/// Where the word that ends at byte `end` starts (`end` if none does).
fn word_start(text: &str, end: usize) -> usize {
    text[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| crate::matcher::is_word_char(c))
        .last()
        .map_or(end, |(i, _)| i)
}

/// Where the word that starts at byte `at` ends.
fn word_end_at(text: &str, at: usize) -> usize {
    text[at..]
        .find(|c: char| !crate::matcher::is_word_char(c))
        .map_or(text.len(), |e| at + e)
}

/// Whether the word ending at `word_end` is followed, after one space or
/// hyphen, by a capitalised word (a name has two capitalised words).
fn next_word_capitalised(text: &str, word_end: usize) -> bool {
    let bytes = text.as_bytes();
    match bytes.get(word_end..) {
        Some([b' ' | b'-', next, ..]) if next.is_ascii() => next.is_ascii_uppercase(),
        Some([b' ' | b'-', ..]) => text[word_end + 1..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase),
        _ => false,
    }
}

fn rank(m: Modality) -> u8 {
    match m {
        Modality::Asserted => 0,
        Modality::Intended => 1,
        Modality::Possible => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(start: usize, end: usize) -> Mention {
        Mention {
            span: Span::new(start, end),
            entry: 0,
            via: Via::Name,
        }
    }

    fn hit(start: usize, end: usize) -> Hit {
        Hit {
            span: Span::new(start, end),
            candidate: 0,
            more: 0,
        }
    }

    /// Whether the title finder reads around `title` in `text`, with the
    /// embedded rules' name words and the mentions `named` (their texts).
    fn window_opens(text: &str, title: &str, named: &[&str]) -> bool {
        let rules = RuleSources::embedded().unwrap().compile().unwrap();
        let classes = ResolveClasses::of(&rules);
        let words = classes.words(&rules.vocab);
        let mut mentions: Vec<Mention> = (named.iter())
            .map(|n| text.find(n).unwrap())
            .zip(named)
            .map(|(at, n)| mention(at, at + n.len()))
            .collect();
        mentions.sort_by_key(|m| m.span.start);
        let at = text.find(title).unwrap();
        may_name_someone(text, Span::new(at, at + title.len()), &mentions, &words)
    }

    #[test]
    fn a_title_is_read_only_where_a_name_may_stand_beside_it() {
        // A capitalised pair after it, or a capitalised word before a comma.
        assert!(window_opens(
            "Trade Minister Jane Doe said",
            "Minister",
            &[]
        ));
        assert!(window_opens(
            "Jane Doe, the ambassador, said",
            "ambassador",
            &[]
        ));
        // Named already, or words no name starts or ends with.
        assert!(!window_opens(
            "Trade Minister Jane Doe said",
            "Minister",
            &["Jane Doe"]
        ));
        assert!(!window_opens(
            "On Friday, an official said",
            "official",
            &[]
        ));
        assert!(!window_opens(
            "an envoy at the Foreign Ministry",
            "envoy",
            &[]
        ));
        assert!(!window_opens("the envoy, Dr Who said", "envoy", &[]));
        // Letters beyond ASCII, and a capital inside a word ("McCain").
        assert!(window_opens("the envoy, Ümit Özdağ, said", "envoy", &[]));
        assert!(window_opens("the envoy «Ümit Özdağ» said", "envoy", &[]));
        assert!(!window_opens("the envoy met Çelik on Monday", "envoy", &[]));
        assert!(!window_opens("the envoy met a McCain aide", "envoy", &[]));
    }

    #[test]
    fn a_broken_gazetteer_is_reported_before_broken_rules() {
        let built = Extractor::builder()
            .embedded_gazetteer(false)
            .embedded_rules(false)
            .gazetteer_str(
                "countries.tsv",
                "id\tname\taliases\nFRA\tFrance\t\nFRA\tFrance\t\n",
            )
            .rules_str(
                "broken.rules",
                "rule x: recognition\n  pattern {subject} [\n",
            )
            .build();
        let message = built.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.starts_with("countries.tsv:3"), "{message}");
        // The rules' error, once the gazetteer is sound.
        let built = Extractor::builder()
            .embedded_gazetteer(false)
            .embedded_rules(false)
            .gazetteer_str("countries.tsv", "id\tname\taliases\nFRA\tFrance\t\n")
            .rules_str(
                "broken.rules",
                "rule x: recognition\n  pattern {subject} [\n",
            )
            .build();
        let message = built.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.starts_with("broken.rules:2"), "{message}");
    }

    #[test]
    fn words_hide_in_dropped_hits_cut_mentions_and_overlaps() {
        let sentence = Span::new(10, 60);
        let inside = [mention(12, 18), mention(30, 40), mention(30, 40)];
        let kept = [hit(0, 5), hit(12, 18), hit(30, 40)];
        let mut at = 0;
        assert!(!hides_words(sentence, &inside, &kept, &mut at));
        assert_eq!(at, 1);
        // A hit the resolver dropped may hold an anchor word no cue reported.
        let dropped = [hit(12, 18), hit(20, 26), hit(30, 40)];
        assert!(hides_words(sentence, &inside, &dropped, &mut 0));
        // A hit begun in the sentence before.
        assert!(hides_words(sentence, &inside, &[hit(8, 14)], &mut 0));
        // A mention cut by the sentence's end, or overlapped by another.
        assert!(hides_words(sentence, &[mention(50, 70)], &[], &mut 0));
        let overlapping = [mention(12, 30), mention(20, 26)];
        assert!(hides_words(sentence, &overlapping, &[], &mut 0));
    }
}
