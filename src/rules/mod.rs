//! Rules: compiled patterns over sentence tokens that find typed relations.
//!
//! Rule files (`src/rules/*.rules`, embedded; more at run time) declare word
//! classes, title phrases and rules; see `parse.rs` for the syntax. At build
//! time every file is parsed, class names are resolved, every word is
//! interned in one `Vocabulary`, and each pattern is split at its **anchor**
//! (a required class, word or title outside brackets) into a left part,
//! stored reversed, and a right part.
//!
//! At run time a rule is tried only at a token that can be its anchor: the
//! anchor words are the cue words the matcher's automaton finds, so sentences
//! without a cue are never tokenised. From the anchor the right part matches
//! forwards and the left part backwards, with bounded backtracking: slots
//! take the longest list of mentions first ("Pakistan, Saudi Arabia and the
//! UAE"), gaps the shortest skip. An attempt is made only where the
//! sentence has the classes the pattern requires and, on each side of the
//! anchor, the words that side requires and enough mentions of the kinds its
//! slots take (`candidates.rs`); the side that requires more words is
//! searched first. Every attempt has a fixed step budget
//! ([`STEP_BUDGET`]), so the work per sentence is at most
//! `anchors × rules per anchor × STEP_BUDGET` steps: linear in the text
//! whatever its shape.

mod candidates;
mod frame;
mod parse;

pub use frame::{Construction, Frame};
pub(crate) use parse::{ANY_KIND, KindMask, Slot, kind_bit};
pub use parse::{Example, Expected};
pub use parse::{MAX_BRACE_WORDS, MAX_CLASS_BYTES, MAX_CLASS_WORDS, MAX_NESTING, MAX_PATTERN_PATH};

use crate::document::{Modality, RelationType, Role};
use crate::error::{Error, RuleError};
use crate::resolve::Mention;
use crate::tokens::{Token, TokenKind, Vocabulary, WordMap, tokenize};
use candidates::{Around, Candidate, Candidates, Sides};
use parse::{RawElem, RawFile};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// Steps one anchor attempt may take before it gives up.
pub const STEP_BUDGET: u32 = 4_000;
/// Most mentions one slot's list takes.
pub const MAX_LIST: usize = 24;

const PERSON: KindMask = kind_bit(crate::document::EntityKind::Person);

/// The embedded files that describe English rather than relations: loaded
/// even when the embedded rules are not.
const ENGLISH: &[&str] = &["english.rules", "clause.rules", "actors.rules"];

/// The rule files shipped with the crate.
pub(crate) const EMBEDDED: &[(&str, &str)] = &[
    ("english.rules", include_str!("english.rules")),
    ("clause.rules", include_str!("clause.rules")),
    ("actors.rules", include_str!("actors.rules")),
    ("lexicon.rules", include_str!("lexicon.rules")),
    ("constructions.rules", include_str!("constructions.rules")),
    ("diplomacy.rules", include_str!("diplomacy.rules")),
    ("stance.rules", include_str!("stance.rules")),
    ("events.rules", include_str!("events.rules")),
    ("conflict.rules", include_str!("conflict.rules")),
    ("office.rules", include_str!("office.rules")),
];

/// One token of a title phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Word(u32),
    Punct(char),
}

/// A compiled pattern element.
#[derive(Debug, Clone)]
pub(crate) enum Elem {
    Word(u32),
    Class(u32),
    Punct(char),
    Slot(Slot, KindMask),
    Actor(KindMask),
    Role,
    /// Alternatives; shared by the patterns that repeat the group, so that
    /// cloning one (see [`CompiledGroups`]) copies no elements.
    Group(Arc<[Vec<Elem>]>),
    Repeat(Box<Elem>, u8, u8),
    Gap(u8),
    /// One to N tokens, none of them a mention.
    WordGap(u8),
    /// Zero-width: the start of the sentence.
    Start,
    /// Zero-width: the token here does not match the element.
    Not(Box<Elem>),
}

/// One pattern, split at its anchor.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    /// Elements before the anchor, in reverse order (matched backwards).
    left: Vec<Elem>,
    anchor: Elem,
    right: Vec<Elem>,
    has_object: bool,
    /// Words and marks the pattern cannot match without, each set any-of:
    /// a sentence lacking one is not tried ("by" for a passive).
    /// The sets before the anchor, then those after it.
    required: [Vec<Vec<Lit>>; 2],
    /// Mentions the pattern cannot match without, before and after its
    /// anchor: an anchor with fewer on a side is not tried.
    mentions_needed: [u32; 2],
    /// The kinds of mention the pattern cannot match without, before and
    /// after its anchor: bit `m` stands for a slot or actor of kind mask `m`,
    /// which needs a mention of one of its kinds on that side.
    kinds_needed: [u8; 2],
    /// Whether the right part is searched before the left part: it
    /// requires more words and marks, so it is the likelier to fail.
    right_first: bool,
    /// The pattern as written.
    pub source: String,
    pub line: usize,
}

/// A literal token a pattern requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lit {
    Word(u32),
    Punct(char),
    /// A word of the class.
    Class(u32),
}

/// The literals every match of `seq` contains: one any-of set each.
fn required_in(seq: &[Elem], known: &mut GroupFacts) -> Vec<Vec<Lit>> {
    let mut out = Vec::new();
    for e in seq {
        match e {
            Elem::Word(w) => out.push(vec![Lit::Word(*w)]),
            Elem::Class(c) => out.push(vec![Lit::Class(*c)]),
            Elem::Punct(c) => out.push(vec![Lit::Punct(fold_mark(*c))]),
            Elem::Repeat(inner, min, _) if *min > 0 => {
                out.extend(required_in(std::slice::from_ref(inner), known));
            }
            Elem::Group(_) => out.extend(first_required_of(e, known)),
            _ => {}
        }
    }
    out
}

/// The first set [`required_in`] finds in `seq`, found without the others.
fn first_required(seq: &[Elem], known: &mut GroupFacts) -> Option<Vec<Lit>> {
    seq.iter().find_map(|e| first_required_of(e, known))
}

/// The first set [`required_in`] finds in the one element `e`.
fn first_required_of(e: &Elem, known: &mut GroupFacts) -> Option<Vec<Lit>> {
    match e {
        Elem::Word(w) => Some(vec![Lit::Word(*w)]),
        Elem::Class(c) => Some(vec![Lit::Class(*c)]),
        Elem::Punct(c) => Some(vec![Lit::Punct(fold_mark(*c))]),
        Elem::Repeat(inner, min, _) if *min > 0 => first_required_of(inner, known),
        // Each alternative must contribute one literal to the set.
        Elem::Group(alts) => {
            if let Some(Facts {
                first_required: Some(first),
                ..
            }) = known.get(&Arc::as_ptr(alts))
            {
                return first.clone();
            }
            let first = alts
                .iter()
                .map(|a| first_required(a, known))
                .collect::<Option<Vec<_>>>()
                .map(|firsts| firsts.concat());
            facts_of(alts, known).first_required = Some(first.clone());
            first
        }
        _ => None,
    }
}

/// The fewest mention tokens any match of `seq` covers: a slot (a list of
/// one or more mentions) and an actor cover one each, and the elements of a
/// sequence cover disjoint runs of tokens.
fn mentions_needed(seq: &[Elem], known: &mut GroupFacts) -> u32 {
    seq.iter()
        .map(|e| match e {
            Elem::Slot(..) | Elem::Actor(_) => 1,
            Elem::Repeat(inner, min, _) => {
                u32::from(*min) * mentions_needed(std::slice::from_ref(inner), known)
            }
            Elem::Group(alts) => {
                if let Some(Facts {
                    mentions_needed: Some(n),
                    ..
                }) = known.get(&Arc::as_ptr(alts))
                {
                    return *n;
                }
                let n = alts
                    .iter()
                    .map(|a| mentions_needed(a, known))
                    .min()
                    .unwrap_or(0);
                facts_of(alts, known).mentions_needed = Some(n);
                n
            }
            _ => 0,
        })
        .sum()
}

/// What [`first_required_of`] and [`mentions_needed`] found for a compiled
/// group, by the address of its shared alternatives: the patterns that
/// repeat a group ask once. Each key's alternatives are held, so an address
/// is not reused while the map lives.
type GroupFacts = WordMap<*const [Vec<Elem>], Facts>;

/// A group's facts, each `None` until asked for.
struct Facts {
    /// Held so that the key's address stays this group's.
    _alts: Alternatives,
    first_required: Option<Option<Vec<Lit>>>,
    mentions_needed: Option<u32>,
}

/// The facts kept for `alts`, added empty if it has none.
fn facts_of<'a>(alts: &Alternatives, known: &'a mut GroupFacts) -> &'a mut Facts {
    known.entry(Arc::as_ptr(alts)).or_insert_with(|| Facts {
        _alts: alts.clone(),
        first_required: None,
        mentions_needed: None,
    })
}

/// One mark for the marks a pattern's punctuation matches alike (quotes, apostrophes).
fn fold_mark(c: char) -> char {
    if quote_like(c) {
        '"'
    } else if apostrophe_like(c) {
        '\''
    } else {
        c
    }
}

/// One rule: an id, the relation it emits and its patterns.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id, carried by every relation the rule emits (`recognition/active`).
    pub id: Arc<str>,
    /// The relation type emitted.
    pub relation: RelationType,
    /// For `holds_office` rules without a `{role}`: the role emitted.
    pub role: Option<Role>,
    /// The least modality the rule's relations carry (`intended` for a nominee rule).
    pub modality: Option<Modality>,
    /// The rule's own examples and counter-examples.
    pub examples: Vec<Example>,
    /// The file that defines it.
    pub path: Arc<str>,
    /// The line of its `rule` header (of its construction, for a frame's rule).
    pub line: usize,
    /// For a rule a frame generated: the frame and the construction, as
    /// indices into [`RuleSet::frames`] and [`RuleSet::constructions`].
    pub origin: Option<(usize, usize)>,
    pub(crate) patterns: Vec<Pattern>,
}

impl Rule {
    /// The patterns as written, with their line numbers.
    pub fn patterns(&self) -> impl Iterator<Item = (&str, usize)> {
        self.patterns.iter().map(|p| (p.source.as_str(), p.line))
    }
}

/// A successful match: token ranges of the slots and the matched extent.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Captures {
    pub subject: Option<(usize, usize)>,
    pub object: Option<(usize, usize)>,
    pub to: Option<(usize, usize)>,
    pub role: Option<Role>,
    /// First and last token of the whole match.
    pub lo: usize,
    pub hi: usize,
    /// First and last token of the anchor.
    pub anchor: (usize, usize),
}

/// A rule that matched at an anchor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Match {
    pub rule: u32,
    pub pattern: u32,
    pub captures: Captures,
    pub has_object: bool,
}

/// All rules, compiled once.
#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Vec<Rule>,
    pub(crate) vocab: Vocabulary,
    /// Class id -> sorted vocabulary ids.
    class_members: Vec<Vec<u32>>,
    /// The same as one bit per (class, vocabulary id), a class a row.
    class_bits: ClassBits,
    class_names: Vec<String>,
    /// Class name -> class id: the resolver looks classes up per document.
    class_ids: HashMap<String, u32>,
    /// Title phrases, with their role.
    titles: Vec<(Role, Vec<Piece>)>,
    /// Indices into `titles` by the title's first word and by its last.
    titles_by_first: TitleIndex,
    titles_by_last: TitleIndex,
    /// The patterns anchored on each vocabulary word.
    candidates: Candidates,
    the: u32,
    possessive: u32,
    separators: [u32; 4],
    /// Cue words for the matcher: every word that can anchor a rule.
    cue_words: Vec<u32>,
    /// A bit per cue word: whether it starts a title (asked of every cue
    /// of a document by the title finder).
    cue_titles: Vec<u64>,
    /// Qualifier word-list bits by vocabulary id (see `qualify::Lex`).
    qualifier_bits: Vec<u32>,
    slot_guards: SlotGuards,
    frames: Vec<Frame>,
    constructions: Vec<Construction>,
}

/// Which vocabulary words each word class holds, as bits: a look-up
/// without a search (the matcher asks on most steps).
#[derive(Debug, Clone, Default)]
struct ClassBits {
    bits: Vec<u64>,
    /// Words of bits per class.
    row: usize,
}

impl ClassBits {
    fn of(classes: &[Vec<u32>], words: usize) -> ClassBits {
        let row = words.div_ceil(64);
        let mut bits = vec![0u64; row * classes.len()];
        for (c, members) in classes.iter().enumerate() {
            for &w in members {
                bits[c * row + w as usize / 64] |= 1 << (w % 64);
            }
        }
        ClassBits { bits, row }
    }

    fn has(&self, class: u32, word: u32) -> bool {
        let w = word as usize;
        w / 64 < self.row
            && self
                .bits
                .get(class as usize * self.row + w / 64)
                .is_some_and(|b| b & (1 << (w % 64)) != 0)
    }
}

/// Rule source files, parsed but not yet compiled: add embedded and user files, then compile.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleSources {
    files: Vec<(Arc<str>, RawFile)>,
}

impl RuleSources {
    /// Only the files that describe English itself (irregular verbs, the
    /// clause model's closed-class words, the words around an actor), which
    /// every rule set needs.
    pub fn english() -> Result<RuleSources, Error> {
        let mut s = RuleSources::default();
        for (name, text) in EMBEDDED.iter().filter(|(n, _)| ENGLISH.contains(n)) {
            s.add_str(&format!("src/rules/{name}"), text)?;
        }
        Ok(s)
    }

    pub fn embedded() -> Result<RuleSources, Error> {
        let mut s = RuleSources::default();
        for (name, text) in EMBEDDED {
            s.add_str(&format!("src/rules/{name}"), text)?;
        }
        Ok(s)
    }

    pub fn add_str(&mut self, path: &str, text: &str) -> Result<(), RuleError> {
        let file = parse::parse(path, text)?;
        self.files.push((path.into(), file));
        Ok(())
    }

    pub fn compile(self) -> Result<RuleSet, RuleError> {
        RuleSet::compile(self.files)
    }
}

/// Word classes (of `clause.rules`) that keep a slot from being taken out of
/// a prepositional phrase; each holds sorted vocabulary ids.
#[derive(Debug, Clone, Default)]
pub(crate) struct SlotGuards {
    pub not_before_subject: Vec<u32>,
    pub phrase_noun: Vec<u32>,
    pub phrase_preposition: Vec<u32>,
    pub posted_noun: Vec<u32>,
    pub posted_preposition: Vec<u32>,
    pub object_preposition: Vec<u32>,
    pub agent_participle: Vec<u32>,
    pub agent_preposition: Vec<u32>,
}

/// A parsed rule file with its path.
type SourceFile = (Arc<str>, RawFile);

/// Replaces every `@name` in the `class` lines of `files` by the words of
/// class `name`, as declared over all the files (so a later line that extends
/// `name` reaches every class that includes it).
fn include_classes(files: &mut [SourceFile]) -> Result<(), RuleError> {
    let has_include = |words: &[String]| words.iter().any(|w| w.starts_with('@'));
    if !files
        .iter()
        .any(|(_, f)| f.classes.iter().any(|(_, words, _)| has_include(words)))
    {
        return Ok(());
    }
    // Each class's words, with the file and line that declared them.
    type Declared<'a> = WordMap<&'a str, Vec<(&'a str, &'a str, usize)>>;
    let mut declared: Declared<'_> = WordMap::default();
    for (path, file) in files.iter() {
        for (name, words, line) in &file.classes {
            let list = declared.entry(name.as_str()).or_default();
            list.extend(words.iter().map(|w| (w.as_str(), &**path, *line)));
        }
    }
    // The plain words of class `name`, following includes depth first; an
    // error names the line whose `@name` is undeclared or closes a cycle.
    fn words_of<'a>(
        name: &'a str,
        at: (&str, usize),
        declared: &Declared<'a>,
        stack: &mut Vec<&'a str>,
        out: &mut Vec<String>,
    ) -> Result<(), RuleError> {
        let err = |message: String| RuleError {
            path: at.0.to_string(),
            line: at.1,
            message,
        };
        let Some(words) = declared.get(name) else {
            return Err(err(format!("class @{name} is not declared")));
        };
        if stack.contains(&name) {
            return Err(err(format!("class @{name} includes itself")));
        }
        stack.push(name);
        for &(w, path, line) in words {
            match w.strip_prefix('@') {
                Some(inner) => words_of(inner, (path, line), declared, stack, out)?,
                // Checked here, at the line that wrote it: copied into the
                // including line, a bad word would be blamed on that line.
                None if !is_one_token(w) => {
                    return Err(RuleError {
                        path: path.to_string(),
                        line,
                        message: format!(
                            "class word {w:?} is not one token; use a title or a pattern for phrases"
                        ),
                    });
                }
                None => out.push(w.to_string()),
            }
        }
        stack.pop();
        Ok(())
    }
    // The new words of each class line that includes another: (file, line
    // index, words). The other lines stay as they are.
    let mut included = Vec::new();
    for (fi, (path, file)) in files.iter().enumerate() {
        for (ci, (name, words, line)) in file.classes.iter().enumerate() {
            if !has_include(words) {
                continue;
            }
            let mut plain = Vec::with_capacity(words.len());
            for w in words.iter() {
                match w.strip_prefix('@') {
                    Some(inner) => {
                        let mut stack = vec![name.as_str()];
                        words_of(inner, (path, *line), &declared, &mut stack, &mut plain)?;
                    }
                    None => plain.push(w.clone()),
                }
            }
            included.push((fi, ci, plain));
        }
    }
    for (fi, ci, words) in included {
        files[fi].1.classes[ci].1 = words;
    }
    Ok(())
}

impl RuleSet {
    fn compile(mut files: Vec<SourceFile>) -> Result<RuleSet, RuleError> {
        include_classes(&mut files)?;
        // Each written rule's and frame's examples, moved to its compiled
        // rule or frame.
        let mut written_examples: Vec<Vec<Example>> = (files.iter_mut())
            .flat_map(|(_, f)| f.rules.iter_mut().map(|r| std::mem::take(&mut r.examples)))
            .collect();
        let frame_examples: Vec<Vec<Example>> = (files.iter_mut())
            .flat_map(|(_, f)| f.frames.iter_mut().map(|r| std::mem::take(&mut r.examples)))
            .collect();
        let files = &files[..];
        let mut vocab = Vocabulary::default();
        let the = vocab.intern("the");
        let possessive = vocab.intern("'s");
        let separators = [
            vocab.intern("and"),
            vocab.intern("or"),
            vocab.intern("nor"),
            vocab.intern("&"),
        ];
        let mut class_ids: WordMap<String, u32> = WordMap::default();
        let mut class_members: Vec<Vec<u32>> = Vec::new();
        let mut class_names = Vec::new();
        let mut titles = Vec::new();
        let irregular = frame::irregular_verbs(files)?;
        for (path, file) in files {
            let verb_classes = file.verb_classes.iter().map(|(name, lemmas, line)| {
                let forms = lemmas
                    .iter()
                    .flat_map(|l| frame::all_forms(l, &irregular))
                    .collect::<Vec<_>>();
                (name, Cow::Owned(forms), line)
            });
            let written = (file.classes.iter())
                .map(|(name, words, line)| (name, Cow::Borrowed(words.as_slice()), line));
            for (name, words, line) in written.chain(verb_classes) {
                let err = |message: String| RuleError {
                    path: path.to_string(),
                    line: *line,
                    message,
                };
                let mut ids = Vec::with_capacity(words.len());
                for w in words.iter() {
                    let Some(id) = intern_one_token(w, &mut vocab) else {
                        return Err(err(format!(
                            "class word {w:?} is not one token; use a title or a pattern for phrases"
                        )));
                    };
                    ids.push(id);
                }
                // A later file may extend a class.
                let id = match class_ids.get(name) {
                    Some(&id) => id,
                    None => {
                        class_members.push(Vec::new());
                        class_names.push(name.clone());
                        let id = class_members.len() as u32 - 1;
                        class_ids.insert(name.clone(), id);
                        id
                    }
                };
                let members = &mut class_members[id as usize];
                members.extend(ids);
                members.sort_unstable();
                members.dedup();
            }
            for (role, phrases, _) in &file.titles {
                for p in phrases {
                    let pieces: Vec<Piece> = phrase_words(p, &vocab)
                        .iter()
                        .map(|w| match w.chars().next() {
                            Some(c)
                                if w.len() == c.len_utf8() && !crate::matcher::is_word_char(c) =>
                            {
                                Piece::Punct(c)
                            }
                            _ => Piece::Word(vocab.intern(w)),
                        })
                        .collect();
                    titles.push((*role, pieces));
                }
            }
        }
        let defines = frame::Defines::collect(files)?;
        let expansion = frame::expand(files, frame_examples)?;
        for (fi, name, words) in &expansion.classes {
            if class_ids.contains_key(name) {
                let frame = &expansion.frames[*fi];
                return Err(RuleError {
                    path: frame.path.to_string(),
                    line: frame.line,
                    message: format!(
                        "frame {} needs the class name @{name}, which a class already has",
                        frame.name
                    ),
                });
            }
            let mut ids = Vec::with_capacity(words.len());
            for w in words {
                let Some(id) = intern_one_token(w, &mut vocab) else {
                    let frame = &expansion.frames[*fi];
                    return Err(RuleError {
                        path: frame.path.to_string(),
                        line: frame.line,
                        message: format!(
                            "frame {} word {w:?} is not one token; put phrases in its theme or arg",
                            frame.name
                        ),
                    });
                };
                ids.push(id);
            }
            class_members.push(ids);
            let members = class_members.last_mut().expect("just pushed");
            members.sort_unstable();
            members.dedup();
            class_names.push(name.clone());
            class_ids.insert(name.clone(), class_members.len() as u32 - 1);
        }
        // Longest titles first, so the first that fits is the longest.
        titles.sort_by_key(|t| std::cmp::Reverse(t.1.len()));

        let mut rules: Vec<Rule> = Vec::new();
        let mut rule_index: WordMap<String, usize> = WordMap::default();
        let mut groups = parse::GroupCache::default();
        // Each define's group parsed once, for the patterns that name it.
        let mut define_groups = parse::DefineGroups::default();
        for (name, text) in defines.full_texts() {
            define_groups.add(name, text, &mut groups);
        }
        let mut compiled_groups = CompiledGroups::default();
        let written = files
            .iter()
            .flat_map(|(path, file)| file.rules.iter().map(move |r| (path, r, None)));
        let generated = expansion
            .rules
            .iter()
            .map(|g| (&g.path, &g.rule, Some((g.frame, g.construction))));
        for (k, (path, raw, origin)) in written.chain(generated).enumerate() {
            {
                let err = |line: usize, message: String| RuleError {
                    path: path.to_string(),
                    line,
                    message: match origin {
                        Some((f, _)) => format!(
                            "{message} (in frame {} of {}:{})",
                            expansion.frames[f].name,
                            expansion.frames[f].path,
                            expansion.frames[f].line
                        ),
                        None => message,
                    },
                };
                if raw.patterns.is_empty() {
                    return Err(err(raw.line, format!("rule {} has no pattern", raw.id)));
                }
                let mut patterns = Vec::new();
                for p in &raw.patterns {
                    // The defines' groups in place of their names where that
                    // is the same; else (and for any error) the text with
                    // the defines substituted, lexed whole.
                    let at_once = defines
                        .expands_at_once(&p.source)
                        .then(|| {
                            parse::parse_pattern_with_defines(
                                &p.source,
                                &mut groups,
                                &define_groups,
                            )
                        })
                        .flatten();
                    let elems = match at_once {
                        Some(elems) => elems,
                        None => defines
                            .expand(&p.source)
                            .and_then(|text| parse::parse_pattern_cached(&text, &mut groups))
                            .map_err(|m| err(p.line, m))?,
                    };
                    let compiled = compile_pattern(
                        &elems,
                        p,
                        raw.relation,
                        &class_ids,
                        &mut vocab,
                        &mut compiled_groups,
                    )
                    .map_err(|m| err(p.line, m))?;
                    patterns.push(compiled);
                }
                let rule = Rule {
                    id: raw.id.as_str().into(),
                    relation: raw.relation,
                    role: raw.role,
                    modality: raw.modality,
                    // Written rules come first; generated ones have none.
                    examples: match written_examples.get_mut(k) {
                        Some(examples) => std::mem::take(examples),
                        None => Vec::new(),
                    },
                    path: path.clone(),
                    line: origin.map_or(raw.line, |_| raw.patterns[0].line),
                    origin,
                    patterns,
                };
                // A frame's rules belong to the frame's file.
                let owner = |r: &Rule| match r.origin {
                    Some((f, _)) => expansion.frames[f].path.clone(),
                    None => r.path.clone(),
                };
                match rule_index.get(&raw.id) {
                    Some(&i) if owner(&rules[i]) == owner(&rule) => {
                        return Err(err(
                            raw.line,
                            format!(
                                "rule id {} already defined on line {}",
                                raw.id, rules[i].line
                            ),
                        ));
                    }
                    // A later file's rule replaces an earlier one with the same id.
                    Some(&i) => rules[i] = rule,
                    None => {
                        rule_index.insert(raw.id.clone(), rules.len());
                        rules.push(rule);
                    }
                }
            }
        }

        // After every rule word, so that their ids do not depend on it.
        let class_of = |name: &str| {
            class_ids
                .get(name)
                .map(|&i| class_members[i as usize].as_slice())
        };
        let qualifier_bits = crate::qualify::qualifier_bits(class_of);
        let members = |name: &str| class_of(name).map_or_else(Vec::new, <[u32]>::to_vec);
        let slot_guards = SlotGuards {
            not_before_subject: members("not_before_subject"),
            phrase_noun: members("phrase_noun"),
            phrase_preposition: members("phrase_preposition"),
            posted_noun: members("posted_noun"),
            posted_preposition: members("posted_preposition"),
            object_preposition: members("object_preposition"),
            agent_participle: members("agent_participle"),
            agent_preposition: members("agent_preposition"),
        };
        prepare_patterns(&mut rules);
        // The first word of each title that starts with one: where a
        // `{role}` anchor can be.
        let title_starts: Vec<u32> = titles
            .iter()
            .filter_map(|(_, t)| match t.first() {
                Some(Piece::Word(w)) => Some(*w),
                _ => None,
            })
            .collect();
        let words = vocab.words().count();
        let candidates = Candidates::new(&rules, &class_members, &title_starts, words);
        let cue_words: Vec<u32> = (0..words as u32)
            .filter(|&w| candidates.anchors(w))
            .collect();
        // Title look-ups only try the titles whose edge word is the token's.
        let titles_by_first = TitleIndex::new(&titles, words, <[Piece]>::first);
        let titles_by_last = TitleIndex::new(&titles, words, <[Piece]>::last);
        let mut cue_titles = vec![0u64; cue_words.len().div_ceil(64)];
        for (cue, &w) in cue_words.iter().enumerate() {
            if titles_by_first.has_word(w) {
                cue_titles[cue / 64] |= 1 << (cue % 64);
            }
        }
        Ok(RuleSet {
            class_bits: ClassBits::of(&class_members, vocab.words().count()),
            rules,
            vocab,
            class_members,
            class_names,
            class_ids: class_ids.into_iter().collect(),
            titles,
            titles_by_first,
            titles_by_last,
            candidates,
            the,
            possessive,
            separators,
            cue_words,
            cue_titles,
            qualifier_bits,
            slot_guards,
            frames: expansion.frames,
            constructions: expansion.constructions,
        })
    }

    /// Every frame, in load order.
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// Every construction, in load order.
    pub fn constructions(&self) -> &[Construction] {
        &self.constructions
    }

    /// Every rule, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The words that can anchor a rule, for the matcher's automaton.
    pub(crate) fn cue_words(&self) -> Vec<&str> {
        self.cue_words.iter().map(|&w| self.vocab.word(w)).collect()
    }

    /// `text` with the qualifier bits of its tokens' words.
    pub(crate) fn lex<'a>(&'a self, text: &'a str) -> crate::qualify::Lex<'a> {
        crate::qualify::Lex {
            text,
            bits: &self.qualifier_bits,
        }
    }

    /// Names of the declared word classes.
    pub fn class_names(&self) -> &[String] {
        &self.class_names
    }

    /// Tokenises one sentence (see [`tokenize`]).
    pub(crate) fn tokenize(
        &self,
        text: &str,
        span: crate::span::Span,
        mentions: &[Mention],
        first_mention: usize,
        out: &mut Vec<Token>,
    ) {
        tokenize(text, span, mentions, first_mention, &self.vocab, out);
    }

    /// Tries every rule anchored at each token of a tokenised sentence.
    /// `kind_of(mention index)` gives a mention's kind bit. Returns the step count.
    pub(crate) fn match_sentence(
        &self,
        tokens: &[Token],
        kind_of: &dyn Fn(u32) -> KindMask,
        out: &mut Vec<Match>,
    ) -> u64 {
        let mut total_steps = 0u64;
        let mut sides: Option<Sides> = None;
        let titles = TitleMemo::new(tokens.len());
        let lefts = LeftMemo::default();
        // Mention tokens of each kind in the sentence, and before the
        // current token (an anchor is a word).
        let mut by_kind = [0u32; 3];
        let mut mentions = 0;
        for t in tokens {
            if let TokenKind::Mention(m) = t.kind {
                mentions += 1;
                count_kinds(&mut by_kind, kind_of(m));
            }
        }
        let mut before_by_kind = [0u32; 3];
        let mut before = 0;
        // The kind masks (as bits) the mentions before and after meet.
        let (mut met_before, mut met_after) = (kinds_met(0), kinds_met(kinds_in(&by_kind)));
        for (at, tok) in tokens.iter().enumerate() {
            if let TokenKind::Mention(m) = tok.kind {
                before += 1;
                count_kinds(&mut before_by_kind, kind_of(m));
                let after = std::array::from_fn(|k| by_kind[k] - before_by_kind[k]);
                met_before = kinds_met(kinds_in(&before_by_kind));
                met_after = kinds_met(kinds_in(&after));
            }
            let TokenKind::Word { vocab: Some(word) } = tok.kind else {
                continue;
            };
            let around = Around {
                mentions: [before, mentions - before],
                kinds_met: [met_before, met_after],
            };
            // A rule's patterns are alternatives tried in order: the first that
            // matches at an anchor wins, so write the most specific first.
            let mut fired: Option<u32> = None;
            for c in self.candidates.of(word) {
                if fired == Some(c.rule) || !Candidates::fits(c, &around) {
                    continue;
                }
                let sides = sides.get_or_insert_with(|| Sides::new(tokens, &self.candidates));
                if !self.candidates.admits(c, sides, at) {
                    continue;
                }
                let (ri, pi) = (c.rule, c.pattern);
                let pattern = &self.rules[ri as usize].patterns[pi as usize];
                let cx = Cx::new(self, tokens, kind_of, &titles, &lefts);
                if let Some(captures) = cx.match_at(pattern, at) {
                    fired = Some(ri);
                    out.push(Match {
                        rule: ri,
                        pattern: pi,
                        captures,
                        has_object: pattern.has_object,
                    });
                }
                total_steps += u64::from(cx.all_steps());
            }
        }
        total_steps
    }

    /// Whether the matcher's cue word number `cue` is a rule's anchor word
    /// (not only a cue of the reference stage or the title finder).
    pub(crate) fn cue_anchors(&self, cue: u32) -> bool {
        (cue as usize) < self.cue_words.len()
    }

    /// Whether [`Self::match_sentence`] could try a pattern anchored at the
    /// matcher's cue word number `cue`, with at most `before` mentions
    /// (holding the kinds `kinds_before`) before the anchor and `after`
    /// (holding `kinds_after`) after it: the counts and kinds it checks
    /// before an attempt. A cue of the reference stage or the title finder
    /// anchors nothing.
    pub(crate) fn cue_may_anchor(
        &self,
        cue: u32,
        (before, kinds_before): (u32, KindMask),
        (after, kinds_after): (u32, KindMask),
    ) -> bool {
        let Some(&word) = self.cue_words.get(cue as usize) else {
            return false;
        };
        let around = Around {
            mentions: [before, after],
            kinds_met: [kinds_met(kinds_before), kinds_met(kinds_after)],
        };
        self.candidates
            .of(word)
            .any(|c| Candidates::fits(c, &around))
    }
}

impl RuleSet {
    /// The longest title phrase starting at token `pos`: its role and the token after it.
    pub(crate) fn title_at(&self, tokens: &[Token], pos: usize) -> Option<(Role, usize)> {
        // Most tokens start no title: answer those without building a matcher.
        if self.titles_by_first.by_punct().is_empty()
            && !matches!(tokens.get(pos).map(|t| t.kind),
                Some(TokenKind::Word { vocab: Some(w) }) if self.starts_a_title(w))
        {
            return None;
        }
        let never = |_: u32| 0;
        let titles = TitleMemo::default();
        let lefts = LeftMemo::default();
        let cx = Cx::new(self, tokens, &never, &titles, &lefts);
        cx.title_at(pos as isize, 1)
            .map(|(role, end)| (role, end as usize))
    }

    /// Whether some title phrase starts with vocabulary word `word`.
    pub(crate) fn starts_a_title(&self, word: u32) -> bool {
        self.titles_by_first.has_word(word)
    }

    /// Whether the matcher's cue word number `cue` (see [`Self::cue_words`])
    /// starts some title phrase.
    pub(crate) fn cue_starts_a_title(&self, cue: u32) -> bool {
        let cue = cue as usize;
        self.cue_titles
            .get(cue / 64)
            .is_some_and(|bits| bits >> (cue % 64) & 1 != 0)
    }

    /// The word classes that keep slots out of prepositional phrases.
    pub(crate) fn slot_guards(&self) -> &SlotGuards {
        &self.slot_guards
    }

    /// The vocabulary of every rule word.
    #[cfg(test)]
    pub(crate) fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    /// Qualifier class bits by vocabulary id (see `qualify::CLASSES`).
    #[cfg(test)]
    pub(crate) fn qualifier_bits(&self) -> &[u32] {
        &self.qualifier_bits
    }

    /// The members of word class `name` (sorted vocabulary ids), if declared.
    pub(crate) fn class(&self, name: &str) -> Option<&[u32]> {
        let &i = self.class_ids.get(name)?;
        Some(&self.class_members[i as usize])
    }

    /// Where the mention at `pos` only qualifies a titled person after it
    /// ("Japanese Prime Minister Sanae Takaichi", "Jordan's King Abdullah
    /// II"): that person's token, as a list item reads it.
    pub(crate) fn titled_person(
        &self,
        tokens: &[Token],
        kind_of: &dyn Fn(u32) -> KindMask,
        pos: usize,
    ) -> Option<usize> {
        // After a mention, most tokens start neither a title nor a possessive
        // ("Russia and", "China,"): answer those without building a matcher,
        // as `title_at` does.
        let starts_title_or_possessive = |t: Option<&Token>| {
            matches!(t.map(|t| t.kind), Some(TokenKind::Word { vocab: Some(w) })
                if self.starts_a_title(w) || w == self.possessive)
        };
        if self.titles_by_first.by_punct().is_empty()
            && matches!(tokens.get(pos).map(|t| t.kind), Some(TokenKind::Mention(_)))
            && !starts_title_or_possessive(tokens.get(pos + 1))
        {
            return None;
        }
        let titles = TitleMemo::default();
        let lefts = LeftMemo::default();
        let cx = Cx::new(self, tokens, kind_of, &titles, &lefts);
        cx.titled_person(pos as isize, ANY_KIND).map(|p| p as usize)
    }
}

/// An anchored rule that did not fire, and why.
#[derive(Debug, Clone)]
pub(crate) struct Miss {
    pub rule: u32,
    pub pattern: u32,
    /// First and last token of the anchor.
    pub anchor: (usize, usize),
    pub reason: String,
}

impl RuleSet {
    /// Like [`match_sentence`](Self::match_sentence), also saying why each
    /// rule anchored in the sentence did not fire. For `explain`: slower.
    pub(crate) fn explain_sentence(
        &self,
        tokens: &[Token],
        kind_of: &dyn Fn(u32) -> KindMask,
        matches: &mut Vec<Match>,
        misses: &mut Vec<Miss>,
    ) {
        let titles = TitleMemo::new(tokens.len());
        let lefts = LeftMemo::default();
        for (at, tok) in tokens.iter().enumerate() {
            let TokenKind::Word { vocab: Some(word) } = tok.kind else {
                continue;
            };
            let mut fired: Option<u32> = None;
            for &Candidate {
                rule: ri,
                pattern: pi,
                ..
            } in self.candidates.of(word)
            {
                if fired == Some(ri) {
                    continue;
                }
                let pattern = &self.rules[ri as usize].patterns[pi as usize];
                let cx = Cx::new(self, tokens, kind_of, &titles, &lefts);
                if let Some(captures) = cx.match_at(pattern, at) {
                    fired = Some(ri);
                    matches.push(Match {
                        rule: ri,
                        pattern: pi,
                        captures,
                        has_object: pattern.has_object,
                    });
                    continue;
                }
                let reason = cx.why_not(pattern, at);
                misses.push(Miss {
                    rule: ri,
                    pattern: pi,
                    anchor: (at, at),
                    reason,
                });
            }
        }
    }
}

/// Slots a pattern part names, with their kind masks.
fn slots_in(elems: &[Elem], out: &mut Vec<(Slot, KindMask)>) {
    for e in elems {
        match e {
            Elem::Slot(s, k) => out.push((*s, *k)),
            Elem::Group(alts) => alts.iter().for_each(|a| slots_in(a, out)),
            Elem::Repeat(inner, ..) => slots_in(std::slice::from_ref(inner), out),
            _ => {}
        }
    }
}

fn slot_name(s: Slot) -> &'static str {
    match s {
        Slot::Subject => "{subject}",
        Slot::Object => "{object}",
        Slot::To => "{to}",
    }
}

impl Cx<'_> {
    /// Why `pattern` did not match at token `at`, in words.
    fn why_not(&self, pattern: &Pattern, at: usize) -> String {
        let at_i = at as isize;
        let mut caps = Captures::default();
        let anchor_end = match &pattern.anchor {
            Elem::Role => match self.title_at(at_i, 1) {
                Some((_, end)) => end,
                None => return "no title phrase starts at the anchor".into(),
            },
            _ => at_i + 1,
        };
        let right_ok = self.seq(&pattern.right, 0, anchor_end, 1, &mut caps, &mut |_, _| {
            true
        });
        let left_ok = self.seq(&pattern.left, 0, at_i - 1, -1, &mut caps, &mut |_, _| true);
        if self.steps.get() > STEP_BUDGET {
            return format!("step budget ({STEP_BUDGET}) exhausted");
        }
        let side = |elems: &[Elem], after: bool| -> String {
            let mut slots = Vec::new();
            slots_in(elems, &mut slots);
            let range: Box<dyn Iterator<Item = usize>> = if after {
                Box::new(anchor_end.max(0) as usize..self.tokens.len())
            } else {
                Box::new(0..at)
            };
            let where_ = if after { "after" } else { "before" };
            let mentions: Vec<usize> = range
                .filter(|&i| matches!(self.tokens[i].kind, TokenKind::Mention(_)))
                .collect();
            for (slot, mask) in &slots {
                let fits = mentions.iter().any(|&i| self.mention_at(i as isize, *mask));
                if !fits {
                    return format!(
                        "missing slot: no {} mention of the right kind {where_} the anchor",
                        slot_name(*slot)
                    );
                }
            }
            match slots.first() {
                Some((slot, _)) => format!(
                    "out of window: a {} mention is {where_} the anchor but the words between do not fit the pattern",
                    slot_name(*slot)
                ),
                None => format!("the words {where_} the anchor do not fit the pattern"),
            }
        };
        match (right_ok, left_ok) {
            (false, _) => side(&pattern.right, true),
            (true, false) => side(&pattern.left, false),
            (true, true) => "both sides fit alone but not together".into(),
        }
    }
}

/// The id of `word` as one normalised token, or `None` when it is not one
/// token. Plain lower-case words (nearly all) are interned as they are,
/// without the allocations of [`phrase_words`].
fn intern_one_token(word: &str, vocab: &mut Vocabulary) -> Option<u32> {
    if is_plain(word) {
        return Some(vocab.intern(word));
    }
    match phrase_words(word, vocab).as_slice() {
        [one] => Some(vocab.intern(one)),
        _ => None,
    }
}

/// Whether `word` is one token as sentences are tokenised.
fn is_one_token(word: &str) -> bool {
    // Where a token ends does not depend on the vocabulary (see `phrase_words`).
    is_plain(word) || phrase_words(word, &Vocabulary::default()).len() == 1
}

/// Lower-case ASCII letters and digits only: already one normal token.
fn is_plain(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Splits a phrase into normalised token words (lower case, straight
/// apostrophes) the way sentences are tokenised. `vocab` only lets the
/// tokenizer look words up: where a token ends does not depend on it.
fn phrase_words(phrase: &str, vocab: &Vocabulary) -> Vec<String> {
    // Most words are plain lower-case letters: one token, already normal.
    if is_plain(phrase) {
        return vec![phrase.to_string()];
    }
    let mut toks = Vec::new();
    let span = crate::span::Span::new(0, phrase.len());
    tokenize(phrase, span, &[], 0, vocab, &mut toks);
    toks.iter()
        .map(|t| {
            phrase[t.span.range()]
                .to_lowercase()
                .replace('\u{2019}', "'")
        })
        .collect()
}

/// Groups already compiled, by the shared parse they came from (see
/// [`parse::GroupCache`]): a group met again is cloned, not compiled again.
/// Compiling one interns the same words into the vocabulary each time, so
/// only the first changes it, and the word ids stay as they were. Each key's
/// group is held, so its address is not reused while the map lives.
#[derive(Default)]
struct CompiledGroups {
    by_parse: WordMap<*const [Vec<RawElem>], (parse::Alternatives, Elem)>,
    /// Compiled groups reversed (for left parts), by the compiled group's
    /// address; each key's group is held likewise.
    reversed: WordMap<*const [Vec<Elem>], (Alternatives, Elem)>,
    /// The slots each parsed group holds (see [`slot_bits`]), held likewise.
    slots: WordMap<*const [Vec<RawElem>], (parse::Alternatives, u8)>,
    /// What compiled groups require, held likewise.
    facts: GroupFacts,
}

/// A bit for each slot `seq` holds anywhere, its groups' bits kept in `known`.
fn slot_bits(seq: &[RawElem], known: &mut CompiledGroups) -> u8 {
    let slot_bit = |s: Slot| match s {
        Slot::Subject => 1,
        Slot::Object => 2,
        Slot::To => 4,
    };
    let mut bits = 0;
    for e in seq {
        bits |= match e {
            RawElem::Slot(s, _) => slot_bit(*s),
            RawElem::Group(alts) => match known.slots.get(&Rc::as_ptr(alts)) {
                Some(&(_, b)) => b,
                None => {
                    let b = alts.iter().fold(0, |b, a| b | slot_bits(a, known));
                    known.slots.insert(Rc::as_ptr(alts), (alts.clone(), b));
                    b
                }
            },
            RawElem::Repeat(e, ..) | RawElem::Anchor(e) | RawElem::Not(e) => {
                slot_bits(std::slice::from_ref(e), known)
            }
            _ => 0,
        };
    }
    bits
}

/// A compiled group's alternatives, shared (see [`Elem::Group`]).
type Alternatives = Arc<[Vec<Elem>]>;

fn compile_pattern(
    elems: &[RawElem],
    raw: &parse::RawPattern,
    relation: RelationType,
    classes: &WordMap<String, u32>,
    vocab: &mut Vocabulary,
    compiled: &mut CompiledGroups,
) -> Result<Pattern, String> {
    fn conv(
        e: &RawElem,
        classes: &WordMap<String, u32>,
        vocab: &mut Vocabulary,
        compiled: &mut CompiledGroups,
    ) -> Result<Elem, String> {
        Ok(match e {
            RawElem::Word(w) => Elem::Word(
                intern_one_token(w, vocab).ok_or_else(|| format!("word {w:?} is not one token"))?,
            ),
            RawElem::Class(c) => Elem::Class(
                *classes
                    .get(c)
                    .ok_or_else(|| format!("unknown class @{c}"))?,
            ),
            RawElem::Punct(c) => Elem::Punct(*c),
            RawElem::Slot(s, k) => Elem::Slot(*s, *k),
            RawElem::Actor(k) => Elem::Actor(*k),
            RawElem::Start => Elem::Start,
            RawElem::Role => Elem::Role,
            RawElem::Group(alts) => {
                if let Some((_, elem)) = compiled.by_parse.get(&Rc::as_ptr(alts)) {
                    return Ok(elem.clone());
                }
                let elem = Elem::Group(
                    alts.iter()
                        .map(|a| {
                            a.iter()
                                .map(|e| conv(e, classes, vocab, compiled))
                                .collect()
                        })
                        .collect::<Result<_, _>>()?,
                );
                compiled
                    .by_parse
                    .insert(Rc::as_ptr(alts), (alts.clone(), elem.clone()));
                elem
            }
            RawElem::Repeat(e, min, max) => {
                Elem::Repeat(Box::new(conv(e, classes, vocab, compiled)?), *min, *max)
            }
            RawElem::Gap(n) => Elem::Gap(*n),
            RawElem::WordGap(n) => Elem::WordGap(*n),
            RawElem::Not(e) => {
                let inner = conv(e, classes, vocab, compiled)?;
                if matches!(
                    inner,
                    Elem::Slot(..) | Elem::Gap(_) | Elem::WordGap(_) | Elem::Repeat(..)
                ) {
                    return Err(
                        "'!' takes a word, a punctuation mark, a @class, {actor} or {role}".into(),
                    );
                }
                Elem::Not(Box::new(inner))
            }
            RawElem::Anchor(_) => {
                return Err("'^' may only mark an element outside brackets".into());
            }
        })
    }
    fn reversed(seq: &[Elem], compiled: &mut CompiledGroups) -> Vec<Elem> {
        seq.iter()
            .rev()
            .map(|e| reversed_elem(e, compiled))
            .collect()
    }
    fn reversed_elem(e: &Elem, compiled: &mut CompiledGroups) -> Elem {
        match e {
            Elem::Group(alts) => {
                if let Some((_, elem)) = compiled.reversed.get(&Arc::as_ptr(alts)) {
                    return elem.clone();
                }
                let elem = Elem::Group(alts.iter().map(|a| reversed(a, compiled)).collect());
                compiled
                    .reversed
                    .insert(Arc::as_ptr(alts), (alts.clone(), elem.clone()));
                elem
            }
            Elem::Repeat(inner, a, b) => {
                Elem::Repeat(Box::new(reversed_elem(inner, compiled)), *a, *b)
            }
            other => other.clone(),
        }
    }
    let marked = elems.iter().position(|e| matches!(e, RawElem::Anchor(_)));
    if elems
        .iter()
        .filter(|e| matches!(e, RawElem::Anchor(_)))
        .count()
        > 1
    {
        return Err("a pattern has at most one '^' anchor".into());
    }
    let anchor_at = marked
        .or_else(|| elems.iter().position(|e| matches!(e, RawElem::Class(_))))
        .or_else(|| elems.iter().position(|e| matches!(e, RawElem::Word(_))))
        .or_else(|| elems.iter().position(|e| matches!(e, RawElem::Role)))
        .ok_or(
            "pattern has no anchor: it needs a required @class, word or {role} outside brackets",
        )?;
    let anchor_raw = match &elems[anchor_at] {
        RawElem::Anchor(inner) => inner.as_ref(),
        other => other,
    };
    if !matches!(
        anchor_raw,
        RawElem::Class(_) | RawElem::Word(_) | RawElem::Role
    ) {
        return Err("the anchor must be a @class, a word or {role}".into());
    }
    let slots = slot_bits(elems, compiled);
    let has_subject = slots & 1 != 0;
    let has_object = slots & 2 != 0;
    if !has_subject {
        return Err("pattern needs a {subject} slot".into());
    }
    if !has_object && !relation.is_symmetric() {
        return Err(format!(
            "pattern needs an {{object}} slot ({relation} is not symmetric, so a subject list alone cannot pair up)"
        ));
    }
    let anchor = conv(anchor_raw, classes, vocab, compiled)?;
    let left_raw: Vec<Elem> = elems[..anchor_at]
        .iter()
        .map(|e| conv(e, classes, vocab, compiled))
        .collect::<Result<_, _>>()?;
    let right: Vec<Elem> = elems[anchor_at + 1..]
        .iter()
        .map(|e| conv(e, classes, vocab, compiled))
        .collect::<Result<_, _>>()?;
    let required = [
        required_in(&left_raw, &mut compiled.facts),
        required_in(&right, &mut compiled.facts),
    ];
    Ok(Pattern {
        mentions_needed: [
            mentions_needed(&left_raw, &mut compiled.facts),
            mentions_needed(&right, &mut compiled.facts),
        ],
        left: reversed(&left_raw, compiled),
        anchor,
        right,
        has_object,
        required,
        kinds_needed: [0, 0],
        right_first: false,
        source: raw.source.clone(),
        line: raw.line,
    })
}

/// What the match path reads of a pattern besides its elements: its
/// [`Pattern::kinds_needed`] and [`Pattern::right_first`].
fn prepare_patterns(rules: &mut [Rule]) {
    for p in rules.iter_mut().flat_map(|r| r.patterns.iter_mut()) {
        p.kinds_needed = [kinds_needed(&p.left), kinds_needed(&p.right)];
        p.right_first = required_sets(&p.right) > required_sets(&p.left);
    }
}

/// How many sets [`required_in`] finds in `seq`, found without building them.
fn required_sets(seq: &[Elem]) -> usize {
    fn has_first(e: &Elem) -> bool {
        match e {
            Elem::Word(_) | Elem::Class(_) | Elem::Punct(_) => true,
            Elem::Repeat(inner, min, _) if *min > 0 => has_first(inner),
            Elem::Group(alts) => alts.iter().all(|a| a.iter().any(has_first)),
            _ => false,
        }
    }
    fn sets_of(e: &Elem) -> usize {
        match e {
            Elem::Word(_) | Elem::Class(_) | Elem::Punct(_) => 1,
            Elem::Repeat(inner, min, _) if *min > 0 => sets_of(inner),
            Elem::Group(_) => usize::from(has_first(e)),
            _ => 0,
        }
    }
    seq.iter().map(sets_of).sum()
}

/// The kind masks of the slots and actors every match of `seq` takes, as
/// bits (see [`Pattern::kinds_needed`]); those in brackets are left out.
fn kinds_needed(seq: &[Elem]) -> u8 {
    seq.iter()
        .map(|e| match e {
            Elem::Slot(_, mask) | Elem::Actor(mask) => 1 << (mask & ANY_KIND),
            Elem::Repeat(inner, min, _) if *min > 0 => kinds_needed(std::slice::from_ref(inner)),
            _ => 0,
        })
        .fold(0, |all, needed| all | needed)
}

/// The kind masks ([`Pattern::kinds_needed`] bits) a set of mention kinds
/// `kinds` meets: those that share a kind with it.
fn kinds_met(kinds: KindMask) -> u8 {
    /// [`kinds_met`] of each set of kinds.
    const MET: [u8; 8] = {
        let mut met = [0u8; 8];
        let mut kinds = 0;
        while kinds < 8 {
            let mut mask = 1;
            while mask < 8 {
                if mask & kinds != 0 {
                    met[kinds] |= 1 << mask;
                }
                mask += 1;
            }
            kinds += 1;
        }
        met
    };
    MET[usize::from(kinds & ANY_KIND)]
}

/// Counts a mention of the kinds `kinds` in `counts`, a count per kind bit.
fn count_kinds(counts: &mut [u32; 3], kinds: KindMask) {
    for (k, count) in counts.iter_mut().enumerate() {
        *count += u32::from(kinds >> k & 1);
    }
}

/// The kinds with a mention among `counts` (see [`count_kinds`]).
fn kinds_in(counts: &[u32; 3]) -> KindMask {
    (0..3)
        .filter(|&k| counts[k] > 0)
        .fold(0, |all, k| all | 1 << k)
}

/// Whether two pattern parts are the same elements: a group is the same
/// when it is the same shared alternatives (see [`CompiledGroups`]).
fn same_part(a: &[Elem], b: &[Elem]) -> bool {
    fn same(a: &Elem, b: &Elem) -> bool {
        match (a, b) {
            (Elem::Word(x), Elem::Word(y)) | (Elem::Class(x), Elem::Class(y)) => x == y,
            (Elem::Punct(x), Elem::Punct(y)) => x == y,
            (Elem::Slot(s, m), Elem::Slot(t, n)) => s == t && m == n,
            (Elem::Actor(m), Elem::Actor(n)) => m == n,
            (Elem::Group(x), Elem::Group(y)) => Arc::ptr_eq(x, y),
            (Elem::Repeat(x, a, b), Elem::Repeat(y, c, d)) => a == c && b == d && same(x, y),
            (Elem::Gap(m), Elem::Gap(n)) | (Elem::WordGap(m), Elem::WordGap(n)) => m == n,
            (Elem::Not(x), Elem::Not(y)) => same(x, y),
            (Elem::Role, Elem::Role) | (Elem::Start, Elem::Start) => true,
            _ => false,
        }
    }
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

/// The left parts searched before one anchor (see [`Cx::left_alone`]): the
/// patterns of several rules often start alike (the `%subj` of every active
/// construction), and the search is the same for each. The last
/// [`LEFT_MEMO`] are kept, in place: a sentence's memo allocates nothing,
/// and one forgotten only costs its search again (a search's result and
/// steps are the same whether it is kept or not).
#[derive(Default)]
struct LeftMemo<'p> {
    kept: RefCell<[Option<LeftTried<'p>>; LEFT_MEMO]>,
    /// Searches kept since the anchor changed; the next goes to this slot
    /// modulo [`LEFT_MEMO`].
    count: Cell<usize>,
}

/// Left-part searches one [`LeftMemo`] keeps.
const LEFT_MEMO: usize = 8;

/// One left part's search before the anchor at `at`: its match, if any,
/// and the steps it took.
#[derive(Clone, Copy)]
struct LeftTried<'p> {
    at: isize,
    left: &'p [Elem],
    found: Option<LeftMatch>,
    steps: u32,
}

impl<'p> LeftMemo<'p> {
    fn get(&self, at: isize, left: &[Elem]) -> Option<LeftTried<'p>> {
        let kept = self.kept.borrow();
        let kept = &kept[..self.count.get().min(LEFT_MEMO)];
        (kept.iter().flatten())
            .find(|t| t.at == at && same_part(t.left, left))
            .copied()
    }

    /// Keeps `tried`, forgetting the searches before other anchors and,
    /// past [`LEFT_MEMO`], the oldest.
    fn keep(&self, tried: LeftTried<'p>) {
        let mut kept = self.kept.borrow_mut();
        if kept[0].is_some_and(|t| t.at != tried.at) {
            self.count.set(0);
        }
        let n = self.count.get();
        kept[n % LEFT_MEMO] = Some(tried);
        self.count.set(n + 1);
    }
}

/// Indices into [`RuleSet::titles`], ascending, by the vocabulary id of an
/// edge word of the title (its first or its last), flat: one offset pair
/// per word, read on most tokens.
#[derive(Debug, Clone, Default)]
struct TitleIndex {
    /// The titles of slot `s` are `list[starts[s]..starts[s + 1]]`; slot 0
    /// holds the titles whose edge is punctuation, which any token may
    /// begin (or end), slot `w + 1` those whose edge is word `w`.
    starts: Vec<u32>,
    list: Vec<u32>,
    /// A bit per slot: whether it holds a title (most words edge none).
    occupied: Vec<u64>,
}

impl TitleIndex {
    /// The index of `titles` by the edge `edge` picks, for `words` vocabulary words.
    fn new(
        titles: &[(Role, Vec<Piece>)],
        words: usize,
        edge: fn(&[Piece]) -> Option<&Piece>,
    ) -> TitleIndex {
        let mut by_slot: Vec<Vec<u32>> = vec![Vec::new(); words + 1];
        for (i, (_, pieces)) in titles.iter().enumerate() {
            let slot = match edge(pieces) {
                Some(Piece::Word(w)) => *w as usize + 1,
                _ => 0,
            };
            by_slot[slot].push(i as u32);
        }
        let mut index = TitleIndex {
            starts: vec![0],
            list: Vec::new(),
            occupied: vec![0; (words + 1).div_ceil(64)],
        };
        for (s, slot) in by_slot.into_iter().enumerate() {
            if !slot.is_empty() {
                index.occupied[s / 64] |= 1 << (s % 64);
            }
            index.list.extend(slot);
            index.starts.push(index.list.len() as u32);
        }
        index
    }

    fn slot(&self, slot: usize) -> &[u32] {
        match self.starts.get(slot..slot + 2) {
            Some(&[a, b]) => self.list.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The titles whose edge is punctuation.
    fn by_punct(&self) -> &[u32] {
        self.slot(0)
    }

    /// The titles whose edge is vocabulary word `word`.
    fn by_word(&self, word: u32) -> &[u32] {
        self.slot(word as usize + 1)
    }

    /// Whether a title's edge is vocabulary word `word`.
    fn has_word(&self, word: u32) -> bool {
        let s = word as usize + 1;
        self.occupied
            .get(s / 64)
            .is_some_and(|bits| bits >> (s % 64) & 1 != 0)
    }
}

/// Matching context for one anchor attempt.
struct Cx<'a> {
    set: &'a RuleSet,
    tokens: &'a [Token],
    kind_of: &'a dyn Fn(u32) -> KindMask,
    steps: Cell<u32>,
    /// Steps of the trial matches that rule an attempt out early (see
    /// [`Cx::match_at`]), on a budget of their own.
    probe_steps: Cell<u32>,
    titles: &'a TitleMemo,
    lefts: &'a LeftMemo<'a>,
}

/// The title phrases found at the tokens of one sentence, forwards and
/// backwards, kept as they are looked up: many patterns ask about the same
/// tokens. A memo for no tokens keeps nothing; the others allocate at the
/// first title kept (most sentences look none up).
#[derive(Default)]
struct TitleMemo {
    tokens: usize,
    found: RefCell<Vec<[Option<TitleEnd>; 2]>>,
}

/// A title phrase's role and end, if one is found (see [`Cx::title_at`]).
type TitleEnd = Option<(Role, isize)>;

impl TitleMemo {
    fn new(tokens: usize) -> TitleMemo {
        TitleMemo {
            tokens,
            found: RefCell::default(),
        }
    }

    fn slot(pos: isize, dir: isize) -> Option<(usize, usize)> {
        Some((usize::try_from(pos).ok()?, usize::from(dir < 0)))
    }

    fn get(&self, pos: isize, dir: isize) -> Option<TitleEnd> {
        let (p, d) = Self::slot(pos, dir)?;
        self.found.borrow().get(p)?[d]
    }

    fn keep(&self, pos: isize, dir: isize, found: TitleEnd) {
        let Some((p, d)) = Self::slot(pos, dir) else {
            return;
        };
        let mut kept = self.found.borrow_mut();
        if kept.is_empty() {
            *kept = vec![[None; 2]; self.tokens];
        }
        if let Some(entry) = kept.get_mut(p) {
            entry[d] = Some(found);
        }
    }
}

type Cont<'k> = &'k mut dyn FnMut(isize, &mut Captures) -> bool;

/// A pattern's left part matched on its own (see [`Cx::left_alone`]).
#[derive(Clone, Copy)]
struct LeftMatch {
    /// What it captured, from empty captures.
    caps: Captures,
    /// Its first token.
    lo: usize,
    /// The steps it took.
    steps: u32,
}

impl LeftMatch {
    /// `right` (the captures after the anchor and the right part) as the
    /// left part's match after it leaves them: its slots written over, a
    /// role kept if one was set before.
    fn after(&self, right: &Captures) -> Captures {
        Captures {
            subject: self.caps.subject.or(right.subject),
            object: self.caps.object.or(right.object),
            to: self.caps.to.or(right.to),
            role: right.role.or(self.caps.role),
            lo: self.lo,
            ..*right
        }
    }
}

impl<'a> Cx<'a> {
    fn new(
        set: &'a RuleSet,
        tokens: &'a [Token],
        kind_of: &'a dyn Fn(u32) -> KindMask,
        titles: &'a TitleMemo,
        lefts: &'a LeftMemo<'a>,
    ) -> Self {
        Cx {
            set,
            tokens,
            kind_of,
            steps: Cell::new(0),
            probe_steps: Cell::new(0),
            titles,
            lefts,
        }
    }

    /// Every step this context took.
    fn all_steps(&self) -> u32 {
        self.steps.get() + self.probe_steps.get()
    }

    fn tok(&self, pos: isize) -> Option<&Token> {
        usize::try_from(pos).ok().and_then(|p| self.tokens.get(p))
    }

    fn word_at(&self, pos: isize) -> Option<u32> {
        match self.tok(pos)?.kind {
            TokenKind::Word { vocab } => vocab,
            _ => None,
        }
    }

    fn mention_at(&self, pos: isize, mask: KindMask) -> bool {
        matches!(self.tok(pos), Some(Token { kind: TokenKind::Mention(m), .. }) if (self.kind_of)(*m) & mask != 0)
    }

    fn in_class(&self, class: u32, word: u32) -> bool {
        self.set.class_bits.has(class, word)
    }

    /// The end (exclusive, in direction `dir`) of a title phrase at `pos`.
    fn title_at(&self, pos: isize, dir: isize) -> Option<(Role, isize)> {
        // Most tokens are no title's edge: answered without the memo, which
        // allocates at the first title kept.
        if !self.may_edge_title(pos, dir) {
            return None;
        }
        if let Some(found) = self.titles.get(pos, dir) {
            return found;
        }
        let found = self.find_title(pos, dir);
        self.titles.keep(pos, dir, found);
        found
    }

    /// Whether a title phrase may start (`dir` > 0) or end (`dir` < 0) at
    /// `pos`: the token is the edge word of one, or some title's edge is a
    /// mark.
    fn may_edge_title(&self, pos: isize, dir: isize) -> bool {
        let by_edge = if dir > 0 {
            &self.set.titles_by_first
        } else {
            &self.set.titles_by_last
        };
        !by_edge.by_punct().is_empty() || self.word_at(pos).is_some_and(|w| by_edge.has_word(w))
    }

    /// [`Self::title_at`], looked up.
    fn find_title(&self, pos: isize, dir: isize) -> Option<(Role, isize)> {
        // The titles whose edge word is this token's, merged in list order
        // (longest first) with those whose edge is punctuation.
        let by_word = if dir > 0 {
            &self.set.titles_by_first
        } else {
            &self.set.titles_by_last
        };
        let punct = by_word.by_punct();
        let words = self.word_at(pos).map_or(&[][..], |w| by_word.by_word(w));
        if punct.is_empty() && words.is_empty() {
            return None;
        }
        let (mut a, mut b) = (punct.iter().peekable(), words.iter().peekable());
        let candidates = std::iter::from_fn(|| match (a.peek(), b.peek()) {
            (Some(&&x), Some(&&y)) if x < y => a.next(),
            (Some(_), None) => a.next(),
            _ => b.next(),
        });
        'titles: for &t in candidates {
            let (role, pieces) = &self.set.titles[t as usize];
            for i in 0..pieces.len() {
                let piece = pieces[if dir > 0 { i } else { pieces.len() - 1 - i }];
                let at = pos + dir * i as isize;
                let fits = match piece {
                    Piece::Word(w) => self.word_at(at) == Some(w),
                    Piece::Punct(c) => {
                        matches!(self.tok(at), Some(Token { kind: TokenKind::Punct(p), .. }) if *p == c)
                    }
                };
                if !fits {
                    continue 'titles;
                }
            }
            return Some((*role, pos + dir * pieces.len() as isize));
        }
        None
    }

    /// Whether a title phrase that starts before `pos` runs through it.
    fn inside_longer_title(&self, pos: isize) -> bool {
        let longest = self.set.titles.first().map_or(0, |t| t.1.len()) as isize;
        (1..longest).any(|back| {
            self.title_at(pos - back, 1)
                .is_some_and(|(_, end)| end > pos)
        })
    }

    fn match_at(&self, pattern: &'a Pattern, at: usize) -> Option<Captures> {
        let at = at as isize;
        let mut caps = Captures::default();
        let anchor_end = match &pattern.anchor {
            Elem::Role => {
                let (role, end) = self.title_at(at, 1)?;
                // "Foreign Minister": the title starts at "Foreign", never at
                // "Minister".
                if self.inside_longer_title(at) {
                    return None;
                }
                caps.role = Some(role);
                end
            }
            Elem::Word(w) => (self.word_at(at) == Some(*w)).then_some(at + 1)?,
            Elem::Class(c) => self
                .word_at(at)
                .filter(|&w| self.in_class(*c, w))
                .map(|_| at + 1)?,
            _ => return None,
        };
        caps.anchor = (at as usize, (anchor_end - 1) as usize);
        // Whether the left part matches does not depend on the right part's
        // match (it starts before the anchor whatever the right part took,
        // and captures are only written): a left part that cannot match
        // alone, tried on a budget of its own, rules the attempt out before
        // or after the right part's search, whichever comes first (see
        // `Pattern::right_first`).
        let left_alone = || match pattern.left.is_empty() {
            true => Some(None),
            false => self.left_alone(pattern, at).map(Some),
        };
        let mut left = None;
        if !pattern.right_first {
            left = left_alone()?;
        }
        // The first right part to end decides: the left part either matches
        // after it, or fails after every other one too.
        let mut right = None;
        self.seq(
            &pattern.right,
            0,
            anchor_end,
            1,
            &mut caps,
            &mut |p, caps| {
                right = Some((p, *caps));
                true
            },
        );
        let (end, mut caps) = right?;
        if pattern.right_first {
            left = left_alone()?;
        }
        caps.hi = (end - 1) as usize;
        match left {
            // After the right part, the left part's search is the one made
            // alone, step for step, unless the budget runs out on the way:
            // take its result.
            Some(alone) if self.steps.get() + alone.steps <= STEP_BUDGET => {
                self.steps.set(self.steps.get() + alone.steps);
                Some(alone.after(&caps))
            }
            _ => {
                let mut found = None;
                self.seq(&pattern.left, 0, at - 1, -1, &mut caps, &mut |p, caps| {
                    caps.lo = (p + 1) as usize;
                    found = Some(*caps);
                    true
                });
                found
            }
        }
    }

    /// The first match of the left part of `pattern` before the anchor at
    /// `at` on its own (on a fresh step budget, counted in `probe_steps`),
    /// searched once for all the patterns with its left part.
    fn left_alone(&self, pattern: &'a Pattern, at: isize) -> Option<LeftMatch> {
        let tried = match self.lefts.get(at, &pattern.left) {
            Some(tried) => tried,
            None => {
                let tried = self.search_left(pattern, at);
                self.lefts.keep(tried);
                tried
            }
        };
        self.probe_steps.set(self.probe_steps.get() + tried.steps);
        tried.found
    }

    /// [`Self::left_alone`], searched.
    fn search_left(&self, pattern: &'a Pattern, at: isize) -> LeftTried<'a> {
        let probe = Cx::new(self.set, self.tokens, self.kind_of, self.titles, self.lefts);
        let mut caps = Captures::default();
        let mut first = None;
        probe.seq(&pattern.left, 0, at - 1, -1, &mut caps, &mut |p, caps| {
            first = Some((p, *caps));
            true
        });
        let steps = probe.steps.get();
        LeftTried {
            at,
            left: &pattern.left,
            found: first.map(|(end, caps)| LeftMatch {
                caps,
                lo: (end + 1) as usize,
                steps,
            }),
            steps,
        }
    }

    #[inline(always)]
    fn seq(
        &self,
        elems: &[Elem],
        i: usize,
        pos: isize,
        dir: isize,
        caps: &mut Captures,
        k: Cont<'_>,
    ) -> bool {
        let Some(e) = elems.get(i) else {
            return k(pos, caps);
        };
        // The last element goes on to `k` itself: most alternatives of a
        // group are one or two elements long.
        let last = i + 1 == elems.len();
        // A word, class or mark goes on to the next element without a
        // continuation of its own: most steps are these.
        if let Some(fits) = self.literal(e, pos) {
            return fits
                && match last {
                    true => k(pos + dir, caps),
                    false => self.seq(elems, i + 1, pos + dir, dir, caps, k),
                };
        }
        if last {
            return self.elem(e, pos, dir, caps, k);
        }
        self.elem(e, pos, dir, caps, &mut |p, caps| {
            self.seq(elems, i + 1, p, dir, caps, k)
        })
    }

    /// For a word, class or mark: takes [`Self::elem`]'s step and says
    /// whether the token at `pos` fits it (never past the step budget).
    /// `None` for the other elements.
    #[inline]
    fn literal(&self, e: &Elem, pos: isize) -> Option<bool> {
        // Told apart once: whether `e` is a literal, and whether it fits
        // (nothing else is read, so the step may come after).
        let fits = self.fits(e, pos)?;
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        Some(steps <= STEP_BUDGET && fits)
    }

    /// Whether the token at `pos` is the word, of the class or the mark `e`;
    /// `None` if `e` is none of these.
    #[inline(always)]
    fn fits(&self, e: &Elem, pos: isize) -> Option<bool> {
        Some(match e {
            Elem::Word(w) => self.word_at(pos) == Some(*w),
            Elem::Class(c) => self.word_at(pos).is_some_and(|w| self.in_class(*c, w)),
            Elem::Punct(c) => {
                let same = |a: char, b: char| {
                    a == b
                        || (quote_like(a) && quote_like(b))
                        || (apostrophe_like(a) && apostrophe_like(b))
                };
                matches!(self.tok(pos), Some(Token { kind: TokenKind::Punct(p), .. }) if same(*p, *c))
            }
            _ => return None,
        })
    }

    fn elem(&self, e: &Elem, pos: isize, dir: isize, caps: &mut Captures, k: Cont<'_>) -> bool {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > STEP_BUDGET {
            return false;
        }
        match e {
            Elem::Word(_) | Elem::Class(_) | Elem::Punct(_) => {
                self.fits(e, pos) == Some(true) && k(pos + dir, caps)
            }
            Elem::Actor(mask) => self.mention_at(pos, *mask) && k(pos + dir, caps),
            Elem::Start => (if dir < 0 { pos < 0 } else { pos == 0 }) && k(pos, caps),
            Elem::Role => match self.title_at(pos, dir) {
                Some((role, end)) => {
                    let saved = *caps;
                    caps.role.get_or_insert(role);
                    k(end, caps) || {
                        *caps = saved;
                        false
                    }
                }
                None => false,
            },
            Elem::Slot(..) if !self.may_open_list(pos, dir) => false,
            Elem::Slot(slot, mask) => {
                let mut ends = [0isize; MAX_LIST];
                let n = self.list_ends(pos, dir, *mask, &mut ends);
                for &end in ends[..n].iter().rev() {
                    let saved = *caps;
                    let range = if dir > 0 {
                        (pos as usize, (end - 1) as usize)
                    } else {
                        ((end + 1) as usize, pos as usize)
                    };
                    match slot {
                        Slot::Subject => caps.subject = Some(range),
                        Slot::Object => caps.object = Some(range),
                        Slot::To => caps.to = Some(range),
                    }
                    if k(end, caps) {
                        return true;
                    }
                    *caps = saved;
                }
                false
            }
            Elem::Group(alts) => alts
                .iter()
                .any(|alt| self.alternative(alt, pos, dir, caps, k)),
            Elem::Repeat(inner, min, max) if is_literal(inner) => {
                self.repeat_literal(inner, *min, *max, pos, dir, caps, k)
            }
            Elem::Repeat(inner, min, 1) if matches!(**inner, Elem::Group(_)) => {
                self.optional_group(inner, *min, pos, dir, caps, k)
            }
            Elem::Repeat(inner, min, max) => self.repeat(inner, 0, *min, *max, pos, dir, caps, k),
            Elem::Not(inner) => {
                let mut probe = *caps;
                !self.elem(inner, pos, dir, &mut probe, &mut |_, _| true) && k(pos, caps)
            }
            Elem::Gap(n) => (0..=*n as isize).any(|skip| {
                let p = pos + dir * skip;
                p >= -1 && p <= self.tokens.len() as isize && k(p, caps)
            }),
            Elem::WordGap(n) => {
                for skip in 1..=*n as isize {
                    let skipped = pos + dir * (skip - 1);
                    let word = usize::try_from(skipped)
                        .ok()
                        .and_then(|i| self.tokens.get(i))
                        .is_some_and(|t| !matches!(t.kind, TokenKind::Mention(_)));
                    if !word {
                        return false;
                    }
                    if k(pos + dir * skip, caps) {
                        return true;
                    }
                }
                false
            }
        }
    }

    /// One alternative of a group at `pos`: most begin with a word, class or
    /// mark that does not fit, and fail on that step without a call.
    #[inline(always)]
    fn alternative(
        &self,
        alt: &[Elem],
        pos: isize,
        dir: isize,
        caps: &mut Captures,
        k: Cont<'_>,
    ) -> bool {
        match alt.first().and_then(|e| self.literal(e, pos)) {
            Some(fits) => fits && self.seq(alt, 1, pos + dir, dir, caps, k),
            None => self.seq(alt, 0, pos, dir, caps, k),
        }
    }

    /// [`Self::repeat`] of a group at most once (`[...]?`, most repeats):
    /// the group's step and alternatives taken here, without a call to
    /// [`Self::elem`] and one to [`Self::repeat`] for the count after it.
    #[allow(clippy::too_many_arguments)]
    fn optional_group(
        &self,
        group: &Elem,
        min: u8,
        pos: isize,
        dir: isize,
        caps: &mut Captures,
        k: Cont<'_>,
    ) -> bool {
        let Elem::Group(alts) = group else {
            return false;
        };
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        let once = steps <= STEP_BUDGET
            && alts.iter().any(|alt| {
                self.alternative(alt, pos, dir, caps, &mut |p, caps| {
                    p != pos && min <= 1 && k(p, caps)
                })
            });
        once || (min == 0 && k(pos, caps))
    }

    /// [`Self::repeat`] of a word, class or mark (`@vg*`, `,?`), without a
    /// call per token: the tokens it takes, a step each (and the step that
    /// ends the run short of `max`), then the continuation after the most
    /// of them down to `min` of them, the steps and order of the recursion.
    #[allow(clippy::too_many_arguments)]
    fn repeat_literal(
        &self,
        e: &Elem,
        min: u8,
        max: u8,
        pos: isize,
        dir: isize,
        caps: &mut Captures,
        k: Cont<'_>,
    ) -> bool {
        let mut taken = 0;
        while taken < max && self.literal(e, pos + dir * isize::from(taken)) == Some(true) {
            taken += 1;
        }
        (min..=taken)
            .rev()
            .any(|count| k(pos + dir * isize::from(count), caps))
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &self,
        e: &Elem,
        count: u8,
        min: u8,
        max: u8,
        pos: isize,
        dir: isize,
        caps: &mut Captures,
        k: Cont<'_>,
    ) -> bool {
        if count < max
            && self.elem(e, pos, dir, caps, &mut |p, caps| {
                p != pos && self.repeat(e, count + 1, min, max, p, dir, caps, k)
            })
        {
            return true;
        }
        count >= min && k(pos, caps)
    }

    /// "Japanese Prime Minister Sanae Takaichi" as one list item: where an
    /// optional actor (and `'s`) and a title start at `pos` and a person of
    /// `mask` follows, the person's position.
    fn titled_person(&self, pos: isize, mask: KindMask) -> Option<isize> {
        let mut at = pos;
        if self.mention_at(at, ANY_KIND) {
            at += 1;
            if self.is_possessive(at) {
                at += 1;
            }
        }
        let end = match self.title_at(at, 1) {
            Some((_, end)) => end,
            // "Jordan's King Abdullah II": the title is in the name.
            None if at > pos + 1 => at,
            None => return None,
        };
        self.mention_at(end, mask & PERSON).then_some(end)
    }

    /// Going backwards from `pos`, just before a person: the position before
    /// a title, `'s` and actor that precede it, or `pos` if no title does.
    fn title_start_before(&self, pos: isize) -> isize {
        let Some((_, mut at)) = self.title_at(pos, -1) else {
            // "Jordan's King Abdullah II": the title is in the name.
            if self.is_possessive(pos) && self.mention_at(pos - 1, ANY_KIND) {
                return pos - 2;
            }
            return pos;
        };
        if self.is_possessive(at) && self.mention_at(at - 1, ANY_KIND) {
            at -= 2;
        } else if self.mention_at(at, ANY_KIND) {
            at -= 1;
        }
        at
    }

    fn is_possessive(&self, pos: isize) -> bool {
        self.word_at(pos)
            .is_some_and(|w| self.set.vocab.word(w) == "'s")
    }

    /// Whether [`Self::list_ends`] may find a list at `pos`: its first item
    /// (past a `the` forwards) is a mention or a title (before a titled
    /// person) forwards, and a mention or the `)` after one backwards.
    /// Most slots are tried where a word stands.
    fn may_open_list(&self, pos: isize, dir: isize) -> bool {
        if dir < 0 {
            return self.mention_at(pos, ANY_KIND)
                || matches!(
                    self.tok(pos),
                    Some(Token {
                        kind: TokenKind::Punct(')'),
                        ..
                    })
                );
        }
        let q = pos + isize::from(self.word_at(pos) == Some(self.set.the));
        self.mention_at(q, ANY_KIND) || self.may_edge_title(q, 1)
    }

    /// Ends (exclusive, in direction `dir`) after each item of a list of
    /// mentions starting at `pos`: `[the] [A ['s]? T] M [(M)] (, [and|or] |
    /// and | or) ...`, where `A ['s]? T` is an actor and a title before a
    /// person. Between a colon and the end of the sentence, commas alone
    /// join three or more items.
    fn list_ends(
        &self,
        pos: isize,
        dir: isize,
        mask: KindMask,
        ends: &mut [isize; MAX_LIST],
    ) -> usize {
        let the = self.set.the;
        let is_sep_word = |p: isize| {
            self.word_at(p)
                .is_some_and(|w| self.set.separators.contains(&w))
        };
        let is_comma = |p: isize| {
            matches!(
                self.tok(p),
                Some(Token {
                    kind: TokenKind::Punct(','),
                    ..
                })
            )
        };
        let is_punct = |p: isize, c: char| matches!(self.tok(p), Some(Token { kind: TokenKind::Punct(x), .. }) if *x == c);
        let mut n = 0;
        let mut valid = 0;
        // A list of two or more needs a conjunction ("A, B and C"); "unlike
        // Russia, China" is two phrases, not a list.
        let mut conjunction = false;
        // Item ends of a list without a conjunction, kept in case it turns out
        // to be a whole list after a colon ("do not recognise Kosovo: Cyprus,
        // Greece, Spain.").
        let mut bare = [0isize; MAX_LIST];
        // Read backwards, ", and" (the serial comma) ends a list only when a
        // comma comes before its item too: "A, B, and C", not "B, and C".
        let mut oxford = false;
        let mut p = pos;
        loop {
            let recorded = valid;
            // One item.
            let mut q = p;
            if dir > 0 && self.word_at(q) == Some(the) {
                q += 1;
            }
            // A titled person is also tried as its bare first mention
            // ("the credentials of the Taliban envoy Bilal Karimi").
            let record = n == 0 || conjunction;
            if dir > 0 {
                if let Some(person) = self.titled_person(q, mask) {
                    if record && self.mention_at(q, mask) && valid + 1 < MAX_LIST {
                        ends[valid] = q + 1;
                        valid += 1;
                    }
                    q = person;
                }
            }
            if dir < 0
                && is_punct(q, ')')
                && self.mention_at(q - 1, ANY_KIND)
                && is_punct(q - 2, '(')
            {
                q -= 3;
            }
            if !self.mention_at(q, mask) {
                break;
            }
            // "..., and Qatar's mission": a possessive starts a new phrase.
            if dir > 0 && n > 0 && self.is_possessive(q + 1) {
                break;
            }
            q += dir;
            if dir < 0 && self.mention_at(q + 1, mask & PERSON) {
                let start = self.title_start_before(q);
                if start != q && record && valid + 1 < MAX_LIST {
                    ends[valid] = q;
                    valid += 1;
                }
                q = start;
            }
            if dir > 0
                && is_punct(q, '(')
                && self.mention_at(q + 1, ANY_KIND)
                && is_punct(q + 2, ')')
            {
                q += 3;
            }
            if dir < 0 && self.word_at(q) == Some(the) {
                q -= 1;
            }
            if dir < 0 && oxford && n == 1 && !is_comma(q) {
                valid = recorded;
                break;
            }
            bare[n] = q;
            if n == 0 || conjunction {
                // Titled items also record their bare first mention, so the
                // ends can fill up before the items run out.
                if valid == MAX_LIST {
                    break;
                }
                ends[valid] = q;
                valid += 1;
            }
            n += 1;
            if n == MAX_LIST {
                break;
            }
            // A separator.
            // A list has one conjunction: in "Biden and Sunak, and Canadian
            // officials" the second "and" joins clauses, not items.
            let mut s = q;
            if dir > 0 {
                if is_comma(s) {
                    s += 1;
                    if is_sep_word(s) {
                        // "Israel, and Iran did too": ", and" after one item joins clauses.
                        if conjunction || n == 1 {
                            break;
                        }
                        conjunction = true;
                        s += 1;
                    }
                } else if is_sep_word(s) && !conjunction {
                    conjunction = true;
                    s += 1;
                } else {
                    break;
                }
            } else if is_sep_word(s) {
                if conjunction {
                    break;
                }
                conjunction = true;
                s -= 1;
                if is_comma(s) {
                    s -= 1;
                    oxford = true;
                }
            } else if is_comma(s) {
                s -= 1;
            } else {
                break;
            }
            p = s;
        }
        if dir > 0 && !conjunction && n >= 3 && self.closes_colon_list(pos, bare[n - 1]) {
            for &end in &bare[1..n] {
                if valid == MAX_LIST {
                    break;
                }
                ends[valid] = end;
                valid += 1;
            }
        }
        valid
    }

    /// Whether the tokens from `start` to `end` stand alone between a colon
    /// and the end of the sentence: a list that needs no conjunction.
    fn closes_colon_list(&self, start: isize, end: isize) -> bool {
        let colon = matches!(
            self.tok(start - 1),
            Some(Token {
                kind: TokenKind::Punct(':'),
                ..
            })
        );
        let last = match self.tok(end) {
            None => true,
            Some(Token {
                kind: TokenKind::Punct(c),
                ..
            }) => matches!(c, '.' | ';' | '!'),
            Some(_) => false,
        };
        colon && last
    }
}

/// Whether `e` is a word, a class or a mark: an element that takes one
/// token and captures nothing.
fn is_literal(e: &Elem) -> bool {
    matches!(e, Elem::Word(_) | Elem::Class(_) | Elem::Punct(_))
}

fn quote_like(c: char) -> bool {
    matches!(c, '"' | '\u{201c}' | '\u{201d}')
}

fn apostrophe_like(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(text: &str) -> Result<RuleSet, RuleError> {
        let mut s = RuleSources::default();
        s.add_str("t.rules", text)?;
        s.compile()
    }

    fn message(text: &str) -> String {
        let e = compile(text).unwrap_err();
        format!("{}:{}: {}", e.path, e.line, e.message)
    }

    #[test]
    fn compile_errors_name_file_line_and_reason() {
        assert_eq!(
            message("rule a: recognition\n  pattern {subject} @nope {object}\n"),
            "t.rules:2: unknown class @nope"
        );
        assert_eq!(
            message("rule a: recognition\n  pattern {subject} {object}\n"),
            "t.rules:2: pattern has no anchor: it needs a required @class, word or {role} outside brackets"
        );
        assert_eq!(
            message("rule a: recognition\n  pattern recognised {object}\n"),
            "t.rules:2: pattern needs a {subject} slot"
        );
        assert!(
            message("rule a: recognition\n  pattern {subject} recognised\n")
                .starts_with("t.rules:2: pattern needs an {object} slot")
        );
        assert_eq!(
            message("rule a: recognition\n"),
            "t.rules:1: rule a has no pattern"
        );
        assert_eq!(
            message(
                "rule a: meeting\n  pattern {subject} met\nrule a: meeting\n  pattern {subject} met\n"
            ),
            "t.rules:3: rule id a already defined on line 1"
        );
        assert_eq!(
            message("class c = full-time\n"),
            "t.rules:1: class word \"full-time\" is not one token; use a title or a pattern for phrases"
        );
        assert_eq!(
            message("rule a: meeting\n  pattern {subject} ^[met | saw]\n"),
            "t.rules:2: the anchor must be a @class, a word or {role}"
        );
    }

    #[test]
    fn a_bad_word_extending_an_included_class_is_blamed_on_its_own_line() {
        let mut s = RuleSources::default();
        s.add_str(
            "a.rules",
            "class cancel = cancelled\nclass neg = not @cancel\n",
        )
        .unwrap();
        s.add_str("b.rules", "\nclass cancel = called-off\n")
            .unwrap();
        let message = s.compile().err().map(|e| e.to_string());
        assert_eq!(
            message.as_deref(),
            Some(
                "b.rules:2: class word \"called-off\" is not one token; use a title or a pattern for phrases"
            )
        );
    }

    #[test]
    fn later_files_extend_classes_and_replace_rules() {
        let mut s = RuleSources::default();
        s.add_str(
            "a.rules",
            "class meet = met\nrule m/x: meeting\n  pattern {subject} ^@meet {object}\n",
        )
        .unwrap();
        s.add_str(
            "b.rules",
            "class meet = saw\nrule m/x: meeting\n  pattern {subject} ^@meet with {object}\n",
        )
        .unwrap();
        let set = s.compile().unwrap();
        assert_eq!(set.rules().len(), 1);
        assert_eq!(&*set.rules()[0].path, "b.rules");
        let mut cues = set.cue_words();
        cues.sort_unstable();
        assert_eq!(cues, ["met", "saw"]);
    }

    #[test]
    fn embedded_rules_compile_and_every_anchor_is_a_cue() {
        let set = RuleSources::embedded().unwrap().compile().unwrap();
        assert!(set.rules().len() >= 17);
        assert!(set.cue_words().contains(&"recognised"));
    }

    #[test]
    fn a_pattern_knows_the_kinds_it_needs_and_which_side_to_search_first() {
        let set = compile(
            "class meet = met\nclass talk = talks\nrule m/x: meeting\n  pattern {subject:person} ^@meet {object} [for @talk]\n",
        )
        .unwrap();
        let p = &set.rules[0].patterns[0];
        assert_eq!(p.kinds_needed, [1 << PERSON, 1 << ANY_KIND]);
        // "for" on the right, nothing on the left.
        assert!(p.right_first);
        // A person before the anchor meets the left side; a country does not.
        assert_eq!(kinds_met(PERSON | 1) & p.kinds_needed[0], p.kinds_needed[0]);
        assert_eq!(kinds_met(1) & p.kinds_needed[0], 0);
        assert_eq!(kinds_met(1) & p.kinds_needed[1], p.kinds_needed[1]);
    }

    #[test]
    fn a_cue_anchors_only_where_its_patterns_find_their_mentions() {
        let set = compile(
            "class meet = met\nrule m/x: meeting\n  pattern {subject:person} ^@meet {object}\n",
        )
        .unwrap();
        let cue = set.cue_words().iter().position(|w| *w == "met").unwrap() as u32;
        assert!(set.cue_anchors(cue));
        // The reference stage's and the title finder's cues come after the rules'.
        assert!(!set.cue_anchors(set.cue_words().len() as u32));
        let country = kind_bit(crate::document::EntityKind::Country);
        assert!(set.cue_may_anchor(cue, (1, PERSON), (1, country)));
        // No person before "met", or nothing after it: no attempt.
        assert!(!set.cue_may_anchor(cue, (2, country), (1, country)));
        assert!(!set.cue_may_anchor(cue, (1, PERSON | country), (0, 0)));
    }

    #[test]
    fn titles_are_found_by_their_first_and_last_words() {
        let set = compile(
            "title foreign_minister = foreign minister | minister of foreign affairs\ntitle minister = minister\n",
        )
        .unwrap();
        let word = |w: &str| set.vocab.lookup(w).unwrap();
        assert!(set.starts_a_title(word("foreign")));
        assert!(set.starts_a_title(word("minister")));
        assert!(!set.starts_a_title(word("affairs")));
        assert_eq!(set.titles_by_first.by_word(word("minister")).len(), 2);
        assert_eq!(set.titles_by_last.by_word(word("minister")).len(), 2);
        assert_eq!(set.titles_by_last.by_word(word("affairs")).len(), 1);
        assert!(set.titles_by_first.by_word(word("of")).is_empty());
        assert!(set.titles_by_first.by_punct().is_empty());
        let mut tokens = Vec::new();
        let text = "the foreign minister of Ruritania";
        set.tokenize(
            text,
            crate::span::Span::new(0, text.len()),
            &[],
            0,
            &mut tokens,
        );
        assert_eq!(set.title_at(&tokens, 1), Some((Role::ForeignMinister, 3)));
        assert_eq!(set.title_at(&tokens, 2), Some((Role::Minister, 3)));
        assert_eq!(set.title_at(&tokens, 0), None);
    }

    #[test]
    fn the_left_memo_keeps_the_last_searches_before_one_anchor() {
        let parts: Vec<Vec<Elem>> = (0..LEFT_MEMO as u32 + 2)
            .map(|w| vec![Elem::Word(w)])
            .collect();
        let tried = |at, left: &'static [Elem], steps| LeftTried {
            at,
            left,
            found: None,
            steps,
        };
        let parts: &'static [Vec<Elem>] = parts.leak();
        let memo = LeftMemo::default();
        for (i, part) in parts.iter().enumerate() {
            memo.keep(tried(3, part, i as u32));
        }
        let steps = |at, part: &[Elem]| memo.get(at, part).map(|t| t.steps);
        // The two oldest are forgotten; the others are found by their part.
        assert_eq!(steps(3, &parts[0]), None);
        assert_eq!(steps(3, &parts[1]), None);
        assert_eq!(steps(3, &parts[2]), Some(2));
        assert_eq!(steps(3, &parts[LEFT_MEMO + 1]), Some(LEFT_MEMO as u32 + 1));
        assert_eq!(steps(4, &parts[2]), None);
        // A search before another anchor forgets those before the first.
        memo.keep(tried(4, &parts[0], 7));
        assert_eq!(steps(4, &parts[0]), Some(7));
        assert_eq!(steps(3, &parts[2]), None);
        assert_eq!(steps(4, &parts[2]), None);
    }

    #[test]
    fn a_list_may_open_only_at_a_mention_or_a_title() {
        let set = compile("title minister = foreign minister\n").unwrap();
        let text = "the envoy of Chile ( Peru ) met the foreign minister";
        let mention = |name: &str, entry| crate::resolve::Mention {
            span: crate::span::Span::new(
                text.find(name).unwrap(),
                text.find(name).unwrap() + name.len(),
            ),
            entry,
            via: crate::document::Via::Name,
        };
        let mentions = [mention("Chile", 0), mention("Peru", 1)];
        let mut tokens = Vec::new();
        let span = crate::span::Span::new(0, text.len());
        set.tokenize(text, span, &mentions, 0, &mut tokens);
        let country = |_: u32| kind_bit(crate::document::EntityKind::Country);
        let (titles, lefts) = (TitleMemo::default(), LeftMemo::default());
        let cx = Cx::new(&set, &tokens, &country, &titles, &lefts);
        // the envoy of [0] ( [1] ) met the foreign minister
        let forwards: Vec<bool> = (0..11).map(|p| cx.may_open_list(p, 1)).collect();
        let backwards: Vec<bool> = (0..11).map(|p| cx.may_open_list(p, -1)).collect();
        assert_eq!(
            forwards,
            [
                false, false, false, true, false, true, false, false, true, true, false
            ]
        );
        assert_eq!(
            backwards,
            [
                false, false, false, true, false, true, true, false, false, false, false
            ]
        );
        // Where no list may open, none is found.
        for (p, dir) in (0..11).flat_map(|p| [(p, 1), (p, -1)]) {
            let mut ends = [0; MAX_LIST];
            if !cx.may_open_list(p, dir) {
                assert_eq!(cx.list_ends(p, dir, ANY_KIND, &mut ends), 0, "{p} {dir}");
            }
        }
        assert_eq!(cx.list_ends(3, 1, ANY_KIND, &mut [0; MAX_LIST]), 1);
    }

    #[test]
    fn only_a_titles_edge_word_may_start_or_end_one() {
        let set =
            compile("title foreign_minister = foreign minister | minister of foreign affairs\n")
                .unwrap();
        let text = "the foreign minister of foreign affairs";
        let mut tokens = Vec::new();
        let span = crate::span::Span::new(0, text.len());
        set.tokenize(text, span, &[], 0, &mut tokens);
        let never = |_: u32| 0;
        let (titles, lefts) = (TitleMemo::default(), LeftMemo::default());
        let cx = Cx::new(&set, &tokens, &never, &titles, &lefts);
        let starts: Vec<bool> = (0..6).map(|p| cx.may_edge_title(p, 1)).collect();
        let ends: Vec<bool> = (0..6).map(|p| cx.may_edge_title(p, -1)).collect();
        assert_eq!(starts, [false, true, true, false, true, false]);
        assert_eq!(ends, [false, false, true, false, false, true]);
        // Past the sentence, and before it.
        assert!(!cx.may_edge_title(6, 1) && !cx.may_edge_title(-1, -1));
        assert_eq!(cx.title_at(0, 1), None);
        assert_eq!(cx.title_at(2, 1), Some((Role::ForeignMinister, 6)));
        assert_eq!(cx.title_at(2, -1), Some((Role::ForeignMinister, 0)));
    }

    /// What a repeat does at `pos` going `dir`, by its `fast` path
    /// ([`Cx::repeat_literal`] or [`Cx::optional_group`]) or the general
    /// one: its result, the positions its continuation is called at (each
    /// refused but `accept`) and the steps it took from `steps_before`.
    fn repeat_trace(
        fast: bool,
        e: &Elem,
        (min, max): (u8, u8),
        (tokens, pos, dir): (&[Token], isize, isize),
        steps_before: u32,
        accept: isize,
    ) -> (bool, Vec<isize>, u32) {
        let set = compile("class vg = has have been\n").unwrap();
        let never = |_: u32| 0;
        let (titles, lefts) = (TitleMemo::default(), LeftMemo::default());
        let cx = Cx::new(&set, tokens, &never, &titles, &lefts);
        cx.steps.set(steps_before);
        let mut seen = Vec::new();
        let mut caps = Captures::default();
        let mut k = |p: isize, _: &mut Captures| {
            seen.push(p);
            p == accept
        };
        let found = match (fast, e) {
            (true, Elem::Group(_)) => cx.optional_group(e, min, pos, dir, &mut caps, &mut k),
            (true, _) => cx.repeat_literal(e, min, max, pos, dir, &mut caps, &mut k),
            (false, _) => cx.repeat(e, 0, min, max, pos, dir, &mut caps, &mut k),
        };
        (found, seen, cx.steps.get() - steps_before)
    }

    #[test]
    fn a_repeated_word_or_optional_group_takes_the_steps_and_order_of_the_general_repeat() {
        let set = compile("class vg = has have been\n").unwrap();
        let text = "Chile has been , , said";
        let mut tokens = Vec::new();
        let span = crate::span::Span::new(0, text.len());
        set.tokenize(text, span, &[], 0, &mut tokens);
        let vg = Elem::Class(set.class_ids["vg"]);
        let comma = Elem::Punct(',');
        let cases = [
            (&vg, (0, u8::MAX), 1, 1),
            (&vg, (0, 1), 1, 1),
            (&vg, (1, 2), 2, -1),
            (&vg, (3, 5), 1, 1),
            (&comma, (0, 1), 3, 1),
            (&comma, (0, 4), 4, -1),
            (&comma, (2, 2), 3, 1),
        ];
        for (e, bounds, pos, dir) in cases {
            for steps_before in [0, STEP_BUDGET - 1, STEP_BUDGET] {
                for accept in [-2, pos, pos + dir, pos + 2 * dir] {
                    let at = (&tokens[..], pos, dir);
                    assert_eq!(
                        repeat_trace(true, e, bounds, at, steps_before, accept),
                        repeat_trace(false, e, bounds, at, steps_before, accept),
                        "{e:?} {bounds:?} at {pos} going {dir}, from {steps_before} steps"
                    );
                }
            }
        }
        // A group at most once: "has been", a comma, or a gap of up to one
        // token (of none, refused: the repeat must move on).
        let group = Elem::Group(Arc::from(vec![
            vec![vg.clone(), vg.clone()],
            vec![comma.clone()],
            vec![Elem::Gap(1)],
        ]));
        for (min, pos, dir) in [(0, 1, 1), (1, 1, 1), (0, 3, 1), (1, 4, -1), (0, 0, -1)] {
            for steps_before in [0, STEP_BUDGET - 2, STEP_BUDGET - 1, STEP_BUDGET] {
                for accept in [-2, pos, pos + dir, pos + 2 * dir, pos + 3 * dir] {
                    let at = (&tokens[..], pos, dir);
                    assert_eq!(
                        repeat_trace(true, &group, (min, 1), at, steps_before, accept),
                        repeat_trace(false, &group, (min, 1), at, steps_before, accept),
                        "[...]{{{min},1}} at {pos} going {dir}, from {steps_before} steps"
                    );
                }
            }
        }
        let at = (&tokens[..], 1, 1);
        assert_eq!(
            repeat_trace(true, &group, (0, 1), at, 0, -2),
            (false, vec![3, 2, 1], 5)
        );
        // The run is taken greedily: "has been" before "Chile" is tried first.
        let at = (&tokens[..], 1, 1);
        assert_eq!(
            repeat_trace(true, &vg, (0, u8::MAX), at, 0, -2),
            (false, vec![3, 2, 1], 3)
        );
    }

    #[test]
    fn required_sets_counts_what_required_in_finds() {
        let set = RuleSources::embedded().unwrap().compile().unwrap();
        for p in set.rules.iter().flat_map(|r| &r.patterns) {
            for part in [&p.left, &p.right] {
                let mut known = GroupFacts::default();
                assert_eq!(
                    required_sets(part),
                    required_in(part, &mut known).len(),
                    "{}",
                    p.source
                );
            }
            assert_eq!(required_sets(&p.left), p.required[0].len(), "{}", p.source);
            assert_eq!(required_sets(&p.right), p.required[1].len(), "{}", p.source);
        }
    }
}
