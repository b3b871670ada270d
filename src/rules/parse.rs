//! Parser for rule files: lines in, unresolved [`RawFile`] items out.
//!
//! ```text
//! # a comment
//! class recognise = recogni{s,z}e{,s,d} recogni{s,z}ing
//! class vg = @negation @hedge      # includes those classes' words
//! title head_of_state = president | king | supreme leader
//! rule recognition/active: recognition
//!   pattern {subject} @vg* ^@recognise {object}
//!   example Russia recognised the Taliban. => RUS taliban
//!   counter Afghans recognised the danger.
//! ```
//!
//! Pattern syntax: `{subject}`, `{object}`, `{to}` capture a mention or a
//! list of mentions, optionally of some kinds (`{subject:person}`,
//! `{object:country|organisation}`); `{actor}` is any one mention, not
//! captured; `{role}` a title phrase; `@name` a word class; a bare word or
//! punctuation mark itself; `[a b | c]` alternatives; `..N` a gap of up to N
//! tokens; `{start}` the start of the sentence (zero-width); `~N` one to N
//! tokens none of which is a mention (a clause's own
//! words, so a slot before it is the clause's first actor); `!x` asserts that the next token is not `x` (it consumes nothing);
//! `?`, `*`, `+` after an element repeat it (at most 8 times); `^`
//! before an element makes it the anchor (otherwise the first required class,
//! word or `{role}` outside brackets is).

use crate::document::{EntityKind, Modality, RelationType, Role};
use crate::error::RuleError;
use crate::tokens::WordMap;
use std::rc::Rc;

/// A kind filter on a slot: bit per [`EntityKind`].
pub(crate) type KindMask = u8;
pub(crate) const ANY_KIND: KindMask = 0b111;

pub(crate) const fn kind_bit(kind: EntityKind) -> KindMask {
    match kind {
        EntityKind::Country => 1,
        EntityKind::Organisation => 2,
        EntityKind::Person => 4,
    }
}

/// A captured slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Subject,
    Object,
    To,
}

/// The alternatives of a `[ ... ]` group, shared between the patterns that repeat it.
pub(crate) type Alternatives = Rc<[Vec<RawElem>]>;

/// One pattern element before class names are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawElem {
    Word(String),
    Class(String),
    Punct(char),
    Slot(Slot, KindMask),
    Actor(KindMask),
    Role,
    /// Alternatives; shared, as the [`GroupCache`] hands out one parse of a
    /// group to every pattern that repeats it.
    Group(Alternatives),
    Repeat(Box<RawElem>, u8, u8),
    Gap(u8),
    /// `~N`: one to N tokens, none of them a mention.
    WordGap(u8),
    /// `{start}`: zero-width, the start of the sentence.
    Start,
    /// Marks the next element as the anchor.
    Anchor(Box<RawElem>),
    /// Zero-width: the next token is not this element.
    Not(Box<RawElem>),
}

/// An expected relation in an `example` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// Subject id.
    pub subject: String,
    /// Object id.
    pub object: String,
    /// Whether it must be negated.
    pub negated: bool,
    /// Its modality.
    pub modality: Modality,
    /// Its role (`holds_office`).
    pub role: Option<Role>,
}

/// A rule's own example: a text and what the rule must (or must not) produce from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The text.
    pub text: String,
    /// Relations this rule must produce; empty for a counter-example.
    pub expected: Vec<Expected>,
    /// A counter-example: this rule must produce nothing from the text.
    pub counter: bool,
    /// Line in the rule file.
    pub line: usize,
}

/// A pattern as written; parsed once `%name` defines and frame
/// placeholders are substituted (see `frame.rs`).
#[derive(Debug, Clone)]
pub(crate) struct RawPattern {
    pub source: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct RawRule {
    pub id: String,
    pub relation: RelationType,
    pub role: Option<Role>,
    pub modality: Option<Modality>,
    pub patterns: Vec<RawPattern>,
    pub examples: Vec<Example>,
    pub line: usize,
}

/// A `construction NAME [optional] = TEMPLATE` line: one pattern of a
/// construction, with frame placeholders (`$verb`, `$arg`, ...).
#[derive(Debug, Clone)]
pub(crate) struct RawConstruction {
    pub name: String,
    /// Applied only to frames that name it in `also` or `only`.
    pub optional: bool,
    pub pattern: RawPattern,
}

/// A `frame NAME: TYPE` block: a relation type's triggers and arguments.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawFrame {
    pub name: String,
    pub relation: Option<RelationType>,
    pub role: Option<Role>,
    pub modality: Option<Modality>,
    /// Verb lemmas (inflected when compiled) and forms written out in braces.
    pub verbs: Vec<String>,
    /// Nouns (plurals generated when compiled).
    pub nouns: Vec<String>,
    /// Pattern text of the thing a verb acts on when the relation's object
    /// comes after a preposition (`ties`, `sanctions`, `its embassy`).
    pub theme: Option<String>,
    /// The words that introduce the object after the theme or noun (`with`).
    pub prep: Option<String>,
    /// Pattern text between a verb and its object (`$arg`).
    pub arg: Option<String>,
    /// Pattern text between a noun and its object (`$narg`).
    pub narg: Option<String>,
    /// Pattern text after the object (`$after`): what must or must not follow it.
    pub after: Option<String>,
    /// Kind filters for `{subject}` and `{object}` (`country|organisation`).
    pub subject_kinds: Option<String>,
    pub object_kinds: Option<String>,
    /// Construction choice: `only` replaces the default set, `also` adds
    /// optional ones, `except` drops some.
    pub only: Vec<String>,
    pub also: Vec<String>,
    pub except: Vec<String>,
    pub examples: Vec<Example>,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RawFile {
    pub classes: Vec<(String, Vec<String>, usize)>,
    pub titles: Vec<(Role, Vec<String>, usize)>,
    pub rules: Vec<RawRule>,
    /// `define NAME = fragment`, used in patterns as `%NAME`.
    pub defines: Vec<(String, String, usize)>,
    pub constructions: Vec<RawConstruction>,
    pub frames: Vec<RawFrame>,
    /// `irregular LEMMA PAST PARTICIPLE`.
    pub irregulars: Vec<(String, String, String, usize)>,
    /// `verbs NAME = lemma ...`: classes of every inflected form of verbs.
    pub verb_classes: Vec<(String, Vec<String>, usize)>,
}

/// Which block indented lines belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    None,
    Rule,
    Frame,
}

/// Parses one rule file, naming `path` in errors.
pub(crate) fn parse(path: &str, text: &str) -> Result<RawFile, RuleError> {
    let mut file = RawFile::default();
    let mut block = Block::None;
    for (i, raw_line) in text.lines().enumerate() {
        let line = i + 1;
        let err = |message: String| RuleError {
            path: path.to_string(),
            line,
            message,
        };
        let trimmed = raw_line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (directive, rest) = trimmed
            .split_once(char::is_whitespace)
            .map_or((trimmed, ""), |(d, r)| (d, r.trim()));
        match directive {
            "class" => {
                let (name, words) = rest
                    .split_once('=')
                    .ok_or_else(|| err("expected `class NAME = word word ...`".into()))?;
                let name = name.trim();
                check_name(name).map_err(&err)?;
                let expanded = expand_class_words(words).map_err(&err)?;
                if expanded.is_empty() {
                    return Err(err(format!("class {name} has no words")));
                }
                file.classes.push((name.to_string(), expanded, line));
                block = Block::None;
            }
            "verbs" => {
                let (name, words) = rest
                    .split_once('=')
                    .ok_or_else(|| err("expected `verbs NAME = lemma lemma ...`".into()))?;
                let name = name.trim();
                check_name(name).map_err(&err)?;
                let mut lemmas = Vec::new();
                for w in words.split_whitespace() {
                    expand_braces(&lower(w), &mut lemmas).map_err(&err)?;
                }
                if lemmas.is_empty() {
                    return Err(err(format!("verbs {name} has no words")));
                }
                file.verb_classes.push((name.to_string(), lemmas, line));
                block = Block::None;
            }
            "define" => {
                let (name, body) = rest
                    .split_once('=')
                    .ok_or_else(|| err("expected `define NAME = pattern`".into()))?;
                let name = name.trim();
                check_name(name).map_err(&err)?;
                if body.trim().is_empty() {
                    return Err(err(format!("define {name} is empty")));
                }
                file.defines
                    .push((name.to_string(), body.trim().to_string(), line));
                block = Block::None;
            }
            "construction" => {
                let (head, body) = rest.split_once('=').ok_or_else(|| {
                    err("expected `construction NAME [optional] = pattern`".into())
                })?;
                let mut words = head.split_whitespace();
                let name = words.next().unwrap_or("");
                check_name(name).map_err(&err)?;
                let optional = match words.next() {
                    None => false,
                    Some("optional") => true,
                    Some(w) => {
                        return Err(err(format!("unexpected {w:?} after the construction name")));
                    }
                };
                if body.trim().is_empty() {
                    return Err(err(format!("construction {name} is empty")));
                }
                file.constructions.push(RawConstruction {
                    name: name.to_string(),
                    optional,
                    pattern: RawPattern {
                        source: body.trim().to_string(),
                        line,
                    },
                });
                block = Block::None;
            }
            "irregular" => {
                let forms: Vec<&str> = rest.split_whitespace().collect();
                let [lemma, past, participle] = forms[..] else {
                    return Err(err("expected `irregular LEMMA PAST PARTICIPLE`".into()));
                };
                file.irregulars.push((
                    lemma.to_lowercase(),
                    past.to_lowercase(),
                    participle.to_lowercase(),
                    line,
                ));
                block = Block::None;
            }
            "frame" => {
                let (name, spec) = rest.split_once(':').ok_or_else(|| {
                    err("expected `frame NAME: TYPE [role=ROLE] [modality=M]`".into())
                })?;
                let name = name.trim();
                check_rule_id(name).map_err(&err)?;
                let (relation, role, modality) = parse_rule_spec(spec).map_err(&err)?;
                file.frames.push(RawFrame {
                    name: name.to_string(),
                    relation: Some(relation),
                    role,
                    modality,
                    line,
                    ..RawFrame::default()
                });
                block = Block::Frame;
            }
            "verb" | "noun" | "theme" | "prep" | "arg" | "narg" | "after" | "subject"
            | "object" | "only" | "also" | "except"
                if block == Block::Frame =>
            {
                if !raw_line.starts_with(char::is_whitespace) {
                    return Err(err(format!(
                        "`{directive}` must be indented under its frame"
                    )));
                }
                let frame = file.frames.last_mut().expect("a frame block has a frame");
                let words = || rest.split_whitespace().map(str::to_string);
                match directive {
                    "verb" | "noun" => {
                        // Lemmas, inflected when compiled; `=form` is one form as written.
                        let mut expanded = Vec::new();
                        for w in rest.split_whitespace() {
                            let (literal, w) = match w.strip_prefix('=') {
                                Some(form) => ("=", form),
                                None => ("", w),
                            };
                            let mut forms = Vec::new();
                            expand_braces(&lower(w), &mut forms).map_err(&err)?;
                            // A lemma's forms are kept as they are, without a copy.
                            expanded.extend(forms.into_iter().map(|f| {
                                if literal.is_empty() {
                                    f
                                } else {
                                    [literal, &f].concat()
                                }
                            }));
                        }
                        if directive == "verb" {
                            frame.verbs.extend(expanded);
                        } else {
                            frame.nouns.extend(expanded);
                        }
                    }
                    "theme" => frame.theme = Some(rest.to_string()),
                    "prep" => frame.prep = Some(rest.to_string()),
                    "arg" => frame.arg = Some(rest.to_string()),
                    "narg" => frame.narg = Some(rest.to_string()),
                    "after" => frame.after = Some(rest.to_string()),
                    "subject" => frame.subject_kinds = Some(rest.to_string()),
                    "object" => frame.object_kinds = Some(rest.to_string()),
                    "only" => frame.only.extend(words()),
                    "also" => frame.also.extend(words()),
                    _ => frame.except.extend(words()),
                }
            }
            "title" => {
                let (role, phrases) = rest
                    .split_once('=')
                    .ok_or_else(|| err("expected `title ROLE = phrase | phrase ...`".into()))?;
                let role = parse_role(role.trim()).map_err(&err)?;
                let phrases: Vec<String> = phrases
                    .split('|')
                    .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|p| !p.is_empty())
                    .collect();
                if phrases.is_empty() {
                    return Err(err("title has no phrases".into()));
                }
                file.titles.push((role, phrases, line));
            }
            "rule" => {
                let (id, spec) = rest
                    .split_once(':')
                    .ok_or_else(|| err("expected `rule ID: TYPE [role=ROLE]`".into()))?;
                let id = id.trim();
                check_rule_id(id).map_err(&err)?;
                let (relation, role, modality) = parse_rule_spec(spec).map_err(&err)?;
                block = Block::Rule;
                file.rules.push(RawRule {
                    id: id.to_string(),
                    relation,
                    role,
                    modality,
                    patterns: Vec::new(),
                    examples: Vec::new(),
                    line,
                });
            }
            "example" | "counter" if block == Block::Frame => {
                if !raw_line.starts_with(char::is_whitespace) {
                    return Err(err(format!(
                        "`{directive}` must be indented under its frame"
                    )));
                }
                let example = parse_example(directive, rest, line).map_err(&err)?;
                let frame = file.frames.last_mut().expect("a frame block has a frame");
                frame.examples.push(example);
            }
            "pattern" | "example" | "counter" => {
                let rule = file
                    .rules
                    .last_mut()
                    .filter(|_| block == Block::Rule)
                    .ok_or_else(|| err(format!("`{directive}` before any `rule` line")))?;
                if !raw_line.starts_with(char::is_whitespace) {
                    return Err(err(format!(
                        "`{directive}` must be indented under its rule"
                    )));
                }
                match directive {
                    "pattern" => {
                        rule.patterns.push(RawPattern {
                            source: rest.to_string(),
                            line,
                        });
                    }
                    _ => rule
                        .examples
                        .push(parse_example(directive, rest, line).map_err(&err)?),
                }
            }
            other => {
                return Err(err(format!(
                    "unknown directive {other:?}; expected class, verbs, title, define, construction, irregular, frame, rule, pattern, example or counter"
                )));
            }
        }
    }
    Ok(file)
}

/// An `example TEXT => EXPECTED` or `counter TEXT` line.
fn parse_example(directive: &str, rest: &str, line: usize) -> Result<Example, String> {
    if directive == "counter" {
        return Ok(Example {
            text: rest.to_string(),
            expected: Vec::new(),
            counter: true,
            line,
        });
    }
    let (text, expect) = rsplit_arrow(rest).ok_or_else(|| {
        "expected `example TEXT => SUBJECT OBJECT [negated] [intended|possible] [role=ROLE]`"
            .to_string()
    })?;
    let expected = expect
        .split(';')
        .map(parse_expected)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Example {
        text: text.trim().to_string(),
        expected,
        counter: false,
        line,
    })
}

/// `w.to_lowercase()`, borrowed where that would copy it unchanged (ASCII
/// without capitals: nearly every word of a rule file).
fn lower(w: &str) -> std::borrow::Cow<'_, str> {
    if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(w)
    } else {
        std::borrow::Cow::Owned(w.to_lowercase())
    }
}

/// `s.rsplit_once("=>")`, the last `>` after a `=` found by `memchr`
/// (both are ASCII: the sides are text; "=>" cannot overlap itself).
fn rsplit_arrow(s: &str) -> Option<(&str, &str)> {
    let bytes = s.as_bytes();
    let at = memchr::memrchr_iter(b'>', bytes).find(|&i| i > 0 && bytes[i - 1] == b'=')?;
    Some((s.get(..at - 1)?, s.get(at + 1..)?))
}

fn check_rule_id(id: &str) -> Result<(), String> {
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"/-_".contains(&b))
    {
        return Err(format!(
            "rule id {id:?} must be lower-case letters, digits, '/', '-' or '_'"
        ));
    }
    Ok(())
}

/// `TYPE [role=ROLE] [modality=M]` after a rule or frame name.
fn parse_rule_spec(spec: &str) -> Result<(RelationType, Option<Role>, Option<Modality>), String> {
    let mut words = spec.split_whitespace();
    let relation = words.next().ok_or("rule needs a relation type")?;
    let relation = relation.parse::<RelationType>().map_err(|_| {
        format!(
            "unknown relation type {relation:?}; expected one of {}",
            RelationType::ALL
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    let mut role = None;
    let mut modality = None;
    for w in words {
        if let Some(r) = w.strip_prefix("role=") {
            role = Some(parse_role(r)?);
        } else if let Some(m) = w.strip_prefix("modality=") {
            modality = Some(
                m.parse::<Modality>()
                    .map_err(|_| format!("unknown modality {m:?}"))?,
            );
        } else {
            return Err(format!("unexpected {w:?} after the relation type"));
        }
    }
    Ok((relation, role, modality))
}

fn check_name(name: &str) -> Result<(), String> {
    if !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        Ok(())
    } else {
        Err(format!(
            "class name {name:?} must be lower-case letters, digits or '_'"
        ))
    }
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse::<Role>().map_err(|_| {
        format!(
            "unknown role {s:?}; expected one of {}",
            Role::ALL
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn parse_expected(spec: &str) -> Result<Expected, String> {
    let mut words = spec.split_whitespace();
    let (Some(subject), Some(object)) = (words.next(), words.next()) else {
        return Err(format!(
            "expected relation {:?} needs a subject and an object id",
            spec.trim()
        ));
    };
    let mut e = Expected {
        subject: subject.to_string(),
        object: object.to_string(),
        negated: false,
        modality: Modality::Asserted,
        role: None,
    };
    for w in words {
        if w == "negated" {
            e.negated = true;
        } else if let Ok(m) = w.parse::<Modality>() {
            e.modality = m;
        } else if let Some(r) = w.strip_prefix("role=") {
            e.role = Some(parse_role(r)?);
        } else {
            return Err(format!("unexpected {w:?} in an expected relation"));
        }
    }
    Ok(e)
}

/// Most words one brace word (`recogni{s,z}e{,s,d}`) may expand to.
pub const MAX_BRACE_WORDS: usize = 64;
/// Most words one `class` line may hold after expansion.
pub const MAX_CLASS_WORDS: usize = 4_096;
/// Most bytes the words of one `class` line may take after expansion.
pub const MAX_CLASS_BYTES: usize = 64 * 1024;

/// `recogni{s,z}e{,d}` -> recognise, recognised, recognize, recognized.
///
/// Braces do not nest. The number of words is computed before any is built
/// and refused above [`MAX_BRACE_WORDS`], so a line of `{a,b}{a,b}...` costs
/// nothing; the expansion itself is a loop, not a recursion.
pub(crate) fn expand_braces(word: &str, out: &mut Vec<String>) -> Result<(), String> {
    // Most words have no braces: themselves, without the lists below.
    if !word.contains(['{', '}']) {
        out.push(word.to_string());
        return Ok(());
    }
    // Literal text and brace groups, in order: [lit, alts, lit, alts, ..., lit].
    let mut literals = Vec::new();
    let mut groups: Vec<Vec<&str>> = Vec::new();
    let mut rest = word;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("unbalanced '}}' in {word:?}"));
        }
        let close = rest[open + 1..]
            .find(['{', '}'])
            .map(|c| open + 1 + c)
            .filter(|&c| rest[c..].starts_with('}'))
            .ok_or_else(|| format!("unclosed '{{' in {word:?} (braces do not nest)"))?;
        literals.push(&rest[..open]);
        groups.push(rest[open + 1..close].split(',').collect());
        rest = &rest[close + 1..];
    }
    literals.push(rest);
    let count = groups
        .iter()
        .try_fold(1usize, |n, g| n.checked_mul(g.len()))
        .filter(|&n| n <= MAX_BRACE_WORDS)
        .ok_or_else(|| {
            format!("{word:?} expands to more than {MAX_BRACE_WORDS} words; split it")
        })?;
    let mut forms = vec![String::from(literals[0])];
    for (alts, literal) in groups.iter().zip(&literals[1..]) {
        // A one-way group extends the words in place: copying them anew for
        // each of `{a}{a}{a}...` would be quadratic in the word's length.
        if let [only] = alts[..] {
            for form in &mut forms {
                form.push_str(only);
                form.push_str(literal);
            }
            continue;
        }
        // At most log2(MAX_BRACE_WORDS) groups get here.
        let mut next = Vec::with_capacity(forms.len() * alts.len());
        for form in &forms {
            for alt in alts {
                next.push([form.as_str(), alt, literal].concat());
            }
        }
        forms = next;
    }
    debug_assert_eq!(forms.len(), count);
    out.extend(forms);
    Ok(())
}

/// Expands every word of a `class` line, within [`MAX_CLASS_WORDS`] and
/// [`MAX_CLASS_BYTES`].
fn expand_class_words(words: &str) -> Result<Vec<String>, String> {
    let mut expanded = Vec::new();
    let mut bytes = 0;
    for w in words.split_whitespace() {
        let before = expanded.len();
        expand_braces(w, &mut expanded)?;
        bytes += expanded[before..].iter().map(String::len).sum::<usize>();
        if expanded.len() > MAX_CLASS_WORDS || bytes > MAX_CLASS_BYTES {
            return Err(format!(
                "class expands to more than {MAX_CLASS_WORDS} words or {} KiB; split it over several lines",
                MAX_CLASS_BYTES / 1024
            ));
        }
    }
    Ok(expanded)
}

const MAX_REPEAT: u8 = 8;

/// A pattern word as the vocabulary holds it: lower case, straight
/// apostrophes. A word already so (lower-case ASCII letters, digits and
/// `'`: nearly all) is copied once, without the two passes.
fn normal_word(written: &str) -> String {
    let plain = written
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'\'');
    if plain {
        written.to_string()
    } else {
        written.to_lowercase().replace('\u{2019}', "'")
    }
}

fn apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Deepest nesting of `[ ]` in a pattern.
pub const MAX_NESTING: usize = 8;
/// Most elements one way through a pattern may match: an element counts 1,
/// a group 1 more than its longest alternative, a repeat 1 more than 8 times
/// its element (`@vg*` counts 9, `[a b]+` 25). This bounds the matcher's
/// recursion, which goes a level deeper per element it matches.
pub const MAX_PATTERN_PATH: usize = 256;

struct Lexer<'a> {
    chars: Cursor<'a>,
    src: &'a str,
    /// `[` open around the current position.
    depth: usize,
    /// The deepest `depth` reached inside the group being parsed.
    deepest: usize,
    groups: &'a mut GroupCache,
    /// Each `%define`'s group, parsed once: a `%name` in the pattern is that
    /// element (see [`parse_pattern_with_defines`]). `None`: no `%` expected.
    defines: Option<&'a DefineGroups>,
}

/// Each define's full text (`[ ... ]`, its own defines substituted) parsed
/// once, with how deep its brackets nest; a define whose text is not one
/// well-formed group has none.
#[derive(Default)]
pub(crate) struct DefineGroups {
    by_name: WordMap<String, (RawElem, usize)>,
}

impl DefineGroups {
    /// Parses `text`, the full text of define `name`, if it is exactly one
    /// group that lexes without error.
    pub(crate) fn add(&mut self, name: &str, text: &str, groups: &mut GroupCache) {
        if !text.starts_with('[') || group_end(text, 0) != Some(text.len()) {
            return;
        }
        let mut lx = Lexer {
            chars: Cursor::new(text),
            src: text,
            depth: 0,
            deepest: 0,
            groups,
            defines: None,
        };
        if let Ok(elem) = lx.group()
            && lx.offset() == text.len()
        {
            self.by_name.insert(name.to_string(), (elem, lx.deepest));
        }
    }
}

/// Bracket groups already parsed, by their text (`[` to `]`), each with how
/// deep its brackets nest. Frames × constructions and `%define`s repeat the
/// same groups in hundreds of patterns: each is lexed once, then cloned. A
/// group parses the same wherever it stands, but for the nesting limit,
/// which is checked against the depth it is met at.
///
/// It also keeps each group's [`elem_path`], by the address of its shared
/// alternatives: a pattern's path is then summed over its top-level
/// elements, not walked through every group again. Each key's alternatives
/// are held, so an address is not reused while the cache lives.
#[derive(Default)]
pub(crate) struct GroupCache {
    by_text: WordMap<String, (RawElem, usize)>,
    paths: WordMap<*const [Vec<RawElem>], (Alternatives, usize)>,
}

impl GroupCache {
    /// The path of a group already parsed, if known.
    fn path_of(&self, alts: &Alternatives) -> Option<usize> {
        self.paths.get(&Rc::as_ptr(alts)).map(|&(_, path)| path)
    }

    /// Keeps the path of group `elem`, worked out from its alternatives.
    fn keep_path(&mut self, elem: &RawElem) {
        if let RawElem::Group(alts) = elem
            && !self.paths.contains_key(&Rc::as_ptr(alts))
        {
            let path = elem_path(elem, self);
            self.paths.insert(Rc::as_ptr(alts), (alts.clone(), path));
        }
    }
}

/// Parses a pattern into elements.
#[cfg(test)]
pub(crate) fn parse_pattern(src: &str) -> Result<Vec<RawElem>, String> {
    parse_pattern_cached(src, &mut GroupCache::default())
}

/// Parses a pattern into elements, taking repeated groups from `groups`.
pub(crate) fn parse_pattern_cached(
    src: &str,
    groups: &mut GroupCache,
) -> Result<Vec<RawElem>, String> {
    parse_pattern_in(src, groups, None)
}

/// [`parse_pattern_cached`] of `src` with each `%name` standing for its
/// define's group from `defines`, not substituted as text and lexed again:
/// the same elements. `None` for any error, or a `%` it cannot take so (an
/// unknown define, one inside a `{...}` slot, brackets nested too deep): the
/// caller then substitutes the text and parses that, which gives the error
/// as before.
pub(crate) fn parse_pattern_with_defines(
    src: &str,
    groups: &mut GroupCache,
    defines: &DefineGroups,
) -> Option<Vec<RawElem>> {
    parse_pattern_in(src, groups, Some(defines)).ok()
}

fn parse_pattern_in(
    src: &str,
    groups: &mut GroupCache,
    defines: Option<&DefineGroups>,
) -> Result<Vec<RawElem>, String> {
    let mut lx = Lexer {
        chars: Cursor::new(src),
        src,
        depth: 0,
        deepest: 0,
        groups,
        defines,
    };
    let alts = lx.alternatives(false)?;
    let mut alts = alts.into_iter();
    let seq = alts.next().unwrap_or_default();
    if alts.next().is_some() {
        return Err("'|' outside brackets: wrap alternatives in [ ... | ... ]".into());
    }
    if seq.is_empty() {
        return Err("empty pattern".into());
    }
    let path = seq_path(&seq, lx.groups);
    if path > MAX_PATTERN_PATH {
        return Err(format!(
            "pattern may match {path} elements in a row, more than {MAX_PATTERN_PATH}: \
             shorten it or its repeats"
        ));
    }
    Ok(seq)
}

/// The end (past its `]`) of the group whose `[` is at `start`, as the
/// lexer will find it: `{...}` slots are skipped whole.
fn group_end(src: &str, start: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'{' => i += bytes[i..].iter().position(|&b| b == b'}')?,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The most elements one way through `seq` matches (saturating); the
/// recursion is as deep as the brackets, at most [`MAX_NESTING`], and stops
/// at groups whose path `groups` knows.
fn seq_path(seq: &[RawElem], groups: &GroupCache) -> usize {
    seq.iter()
        .map(|e| elem_path(e, groups))
        .fold(0, usize::saturating_add)
}

fn elem_path(e: &RawElem, groups: &GroupCache) -> usize {
    match e {
        RawElem::Group(alts) => groups
            .path_of(alts)
            .unwrap_or_else(|| 1 + alts.iter().map(|a| seq_path(a, groups)).max().unwrap_or(0)),
        RawElem::Repeat(inner, _, max) => elem_path(inner, groups)
            .saturating_mul(usize::from(*max))
            .saturating_add(1),
        RawElem::Anchor(inner) => elem_path(inner, groups),
        RawElem::Not(inner) => elem_path(inner, groups).saturating_add(1),
        _ => 1,
    }
}

/// The characters of a pattern with their byte offsets, like a peekable
/// `CharIndices` that can also jump ahead.
struct Cursor<'a> {
    src: &'a str,
    /// The next character and its offset.
    next: Option<(usize, char)>,
}

impl<'a> Cursor<'a> {
    fn new(src: &'a str) -> Cursor<'a> {
        let mut cursor = Cursor { src, next: None };
        cursor.seek(0);
        cursor
    }

    fn peek(&self) -> Option<&(usize, char)> {
        self.next.as_ref()
    }

    /// Moves to byte offset `at` (a character boundary, or the end).
    fn seek(&mut self, at: usize) {
        self.next = self
            .src
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map(|c| (at, c));
    }
}

impl Iterator for Cursor<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        let here = self.next?;
        self.seek(here.0 + here.1.len_utf8());
        Some(here)
    }
}

impl<'a> Lexer<'a> {
    fn alternatives(&mut self, in_group: bool) -> Result<Vec<Vec<RawElem>>, String> {
        let mut alts = vec![Vec::new()];
        loop {
            while self.chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                self.chars.next();
            }
            let Some(&(at, c)) = self.chars.peek() else {
                if in_group {
                    return Err("unclosed '[' in pattern".into());
                }
                return Ok(alts);
            };
            let seq = alts.last_mut().expect("alts is never empty");
            match c {
                ']' => {
                    self.chars.next();
                    if !in_group {
                        return Err("unbalanced ']' in pattern".into());
                    }
                    return Ok(alts);
                }
                '|' => {
                    self.chars.next();
                    alts.push(Vec::new());
                }
                '?' | '*' | '+' => {
                    self.chars.next();
                    let last = seq
                        .pop()
                        .ok_or_else(|| format!("quantifier '{c}' must follow an element"))?;
                    if matches!(
                        last,
                        RawElem::Repeat(..) | RawElem::Gap(_) | RawElem::WordGap(_)
                    ) {
                        return Err(format!("quantifier '{c}' cannot follow a repeat or a gap"));
                    }
                    let (min, max) = match c {
                        '?' => (0, 1),
                        '*' => (0, MAX_REPEAT),
                        _ => (1, MAX_REPEAT),
                    };
                    seq.push(RawElem::Repeat(Box::new(last), min, max));
                }
                '^' => {
                    self.chars.next();
                    let next = self.element()?;
                    seq.push(RawElem::Anchor(Box::new(next)));
                }
                '!' => {
                    self.chars.next();
                    let next = self.element()?;
                    seq.push(RawElem::Not(Box::new(next)));
                }
                _ => {
                    let e = self.element()?;
                    seq.push(e);
                }
            }
            let _ = at;
        }
    }

    /// A `[ ... ]` group: from the cache when its text was parsed before.
    fn group(&mut self) -> Result<RawElem, String> {
        let start = self.offset();
        let end = group_end(self.src, start);
        if let Some(end) = end
            && let Some((elem, nesting)) = self.groups.by_text.get(&self.src[start..end])
            && self.depth + nesting <= MAX_NESTING
        {
            let elem = elem.clone();
            self.deepest = self.deepest.max(self.depth + nesting);
            self.chars.seek(end);
            return Ok(elem);
        }
        let outer_deepest = std::mem::replace(&mut self.deepest, self.depth);
        let parsed = self.parse_group();
        let nesting = self.deepest - self.depth;
        self.deepest = self.deepest.max(outer_deepest);
        let elem = parsed?;
        self.groups.keep_path(&elem);
        if let Some(end) = end.filter(|&e| e == self.offset()) {
            let text = self.src[start..end].to_string();
            self.groups.by_text.insert(text, (elem.clone(), nesting));
        }
        Ok(elem)
    }

    /// `%name`: the define's group, as [`Lexer::group`] would find it in
    /// the substituted text.
    fn define(&mut self) -> Result<RawElem, String> {
        self.chars.next();
        let name = self.take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        // These errors only send the caller to the substituted text.
        let Some((elem, nesting)) = self.defines.and_then(|d| d.by_name.get(name)) else {
            return Err(format!("%{name} is not a define parsed as one group"));
        };
        if self.depth + nesting > MAX_NESTING {
            return Err(format!("%{name} nests too deep here"));
        }
        self.deepest = self.deepest.max(self.depth + nesting);
        Ok(elem.clone())
    }

    /// Lexes a `[ ... ]` group.
    fn parse_group(&mut self) -> Result<RawElem, String> {
        self.chars.next();
        if self.depth == MAX_NESTING {
            return Err(format!(
                "brackets nest deeper than {MAX_NESTING} levels in pattern"
            ));
        }
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
        let alts = self.alternatives(true);
        self.depth -= 1;
        let alts = alts?;
        if alts.iter().any(Vec::is_empty) {
            return Err("empty alternative in [ ... ]".into());
        }
        Ok(RawElem::Group(alts.into()))
    }

    /// The byte offset of the next character (the end of the text after the last).
    fn offset(&mut self) -> usize {
        self.chars.peek().map_or(self.src.len(), |&(i, _)| i)
    }

    fn next_is_alphanumeric(&mut self) -> bool {
        let at = self
            .chars
            .peek()
            .map_or(self.src.len(), |&(i, c)| i + c.len_utf8());
        self.src[at..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    }

    /// The characters from here on while `f` holds, borrowed from the
    /// pattern (no copy).
    fn take_while(&mut self, f: impl Fn(char) -> bool) -> &'a str {
        let start = self.chars.peek().map_or(self.src.len(), |&(i, _)| i);
        let mut end = start;
        while let Some(&(i, c)) = self.chars.peek() {
            if !f(c) {
                break;
            }
            end = i + c.len_utf8();
            self.chars.next();
        }
        &self.src[start..end]
    }

    fn element(&mut self) -> Result<RawElem, String> {
        let Some(&(_, c)) = self.chars.peek() else {
            return Err("pattern ends where an element was expected".into());
        };
        match c {
            '[' => self.group(),
            '%' if self.defines.is_some() => self.define(),
            '{' => {
                self.chars.next();
                let inner = self.take_while(|c| c != '}');
                if self.defines.is_some() && inner.contains('%') {
                    return Err("a define inside a slot".into());
                }
                if self.chars.next().is_none() {
                    return Err("unclosed '{' in pattern".into());
                }
                let (name, kinds) = inner.split_once(':').unwrap_or((inner, ""));
                let mut mask = if kinds.is_empty() { ANY_KIND } else { 0 };
                for k in kinds.split('|').filter(|k| !k.is_empty()) {
                    let kind = match k.trim() {
                        "org" => EntityKind::Organisation,
                        k => k
                            .parse::<EntityKind>()
                            .map_err(|_| format!("unknown entity kind {k:?}; expected country, organisation or person"))?,
                    };
                    mask |= kind_bit(kind);
                }
                match name.trim() {
                    "subject" => Ok(RawElem::Slot(Slot::Subject, mask)),
                    "object" => Ok(RawElem::Slot(Slot::Object, mask)),
                    "to" => Ok(RawElem::Slot(Slot::To, mask)),
                    "actor" => Ok(RawElem::Actor(mask)),
                    "start" if kinds.is_empty() => Ok(RawElem::Start),
                    "role" if kinds.is_empty() => Ok(RawElem::Role),
                    other => Err(format!(
                        "unknown slot {{{other}}}; expected subject, object, to, actor, role or start"
                    )),
                }
            }
            '@' => {
                self.chars.next();
                let name = self
                    .take_while(|c| c.is_ascii_alphanumeric() || c == '_')
                    .to_string();
                check_name(&name)?;
                Ok(RawElem::Class(name))
            }
            '.' if self.src[self.chars.peek().map_or(0, |&(i, _)| i)..].starts_with("..") => {
                self.chars.next();
                self.chars.next();
                let n = self.take_while(|c| c.is_ascii_digit());
                let n: u8 = n
                    .parse()
                    .map_err(|_| "gap '..' needs a number, as in ..3".to_string())?;
                if !(1..=MAX_REPEAT).contains(&n) {
                    return Err(format!("gap ..{n} must be 1 to {MAX_REPEAT} tokens"));
                }
                Ok(RawElem::Gap(n))
            }
            '~' => {
                self.chars.next();
                let n = self.take_while(|c| c.is_ascii_digit());
                let n: u8 = n
                    .parse()
                    .map_err(|_| "word gap '~' needs a number, as in ~3".to_string())?;
                if !(1..=MAX_REPEAT).contains(&n) {
                    return Err(format!("word gap ~{n} must be 1 to {MAX_REPEAT} tokens"));
                }
                Ok(RawElem::WordGap(n))
            }
            '}' => Err("unbalanced '}' in pattern".into()),
            c if c.is_alphanumeric() || (apostrophe(c) && self.next_is_alphanumeric()) => {
                let written =
                    self.take_while(|c| c.is_alphanumeric() || c == '\'' || c == '\u{2019}');
                Ok(RawElem::Word(normal_word(written)))
            }
            c => {
                self.chars.next();
                Ok(RawElem::Punct(c))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arrow_splits_as_rsplit_once_does() {
        for s in [
            "a => b",
            "a => b => c",
            "==>",
            "=>",
            "a =>",
            "=> b",
            "a = > b",
            "a >= b",
            "é=>ü",
            "",
            "a=>>b",
            "a==>b",
        ] {
            assert_eq!(rsplit_arrow(s), s.rsplit_once("=>"), "{s:?}");
        }
    }

    #[test]
    fn a_pattern_word_is_lower_case_with_straight_apostrophes() {
        for w in [
            "ties",
            "g7",
            "o'clock",
            "Ties",
            "O\u{2019}Clock",
            "ÉLYSÉE",
            "d\u{2019}",
            "x'y",
        ] {
            assert_eq!(
                normal_word(w),
                w.to_lowercase().replace('\u{2019}', "'"),
                "{w}"
            );
        }
    }

    #[test]
    fn braces_expand() {
        let mut out = Vec::new();
        expand_braces("recogni{s,z}e{,d}", &mut out).unwrap();
        assert_eq!(out, ["recognise", "recognised", "recognize", "recognized"]);
        assert!(expand_braces("a{b", &mut out).is_err());
    }

    #[test]
    fn brace_expansion_is_capped_before_it_is_built() {
        let mut out = Vec::new();
        // 2^24 words from 131 bytes: refused without building any.
        let e = expand_braces(&"{a,b}".repeat(24), &mut out).unwrap_err();
        assert!(e.contains("expands to more than 64 words"), "{e}");
        assert!(out.is_empty());
        // Exactly the cap is fine.
        expand_braces(&"{a,b}".repeat(6), &mut out).unwrap();
        assert_eq!(out.len(), MAX_BRACE_WORDS);
        // 200,000 one-way groups: a loop, not a recursion, and linear (a
        // copy of the word per group took 20 GB of copying here).
        out.clear();
        expand_braces(&"{a}".repeat(200_000), &mut out).unwrap();
        assert_eq!(out, ["a".repeat(200_000)]);
        out.clear();
        expand_braces(&format!("x{}{{a,b}}y", "{}".repeat(200_000)), &mut out).unwrap();
        assert_eq!(out, ["xay", "xby"]);
        assert!(
            expand_braces("a{b{c}d}", &mut out)
                .unwrap_err()
                .contains("do not nest")
        );
        assert!(expand_braces("a}b", &mut out).is_err());
        // A line of many words, each within the cap, is capped as a whole.
        let line = format!("{} ", "x{a,b,c,d,e,f,g,h}{a,b,c,d,e,f,g,h}").repeat(65);
        assert!(
            expand_class_words(&line)
                .unwrap_err()
                .contains("more than 4096 words")
        );
        let long = format!("{}{{a,b,c,d}}", "y".repeat(20_000));
        assert!(expand_class_words(&long).unwrap_err().contains("64 KiB"));
    }

    #[test]
    fn cached_groups_parse_alike_and_keep_the_nesting_limit() {
        let mut groups = GroupCache::default();
        let pattern = "{subject} ^met [the | a [b | {object:country}]]? {object}";
        let first = parse_pattern_cached(pattern, &mut groups).unwrap();
        assert_eq!(groups.by_text.len(), 2);
        let again = parse_pattern_cached(pattern, &mut groups).unwrap();
        assert_eq!(first, again);
        assert_eq!(first, parse_pattern(pattern).unwrap());
        // A cached group two deep, met six brackets down: eight, allowed;
        // seven down: nine, refused as if it were lexed again.
        let inside = |n: usize| {
            format!(
                "{{subject}} ^met {}[a [b]]{} {{object}}",
                "[".repeat(n),
                "]".repeat(n)
            )
        };
        assert!(parse_pattern_cached(&inside(6), &mut groups).is_ok());
        assert_eq!(
            parse_pattern_cached(&inside(7), &mut groups).unwrap_err(),
            "brackets nest deeper than 8 levels in pattern"
        );
    }

    #[test]
    fn nesting_and_path_length_are_bounded() {
        let nested = |n: usize| {
            format!(
                "{{subject}} ^met {}the{} {{object}}",
                "[".repeat(n),
                "]".repeat(n)
            )
        };
        assert!(parse_pattern(&nested(MAX_NESTING)).is_ok());
        assert_eq!(
            parse_pattern(&nested(MAX_NESTING + 1)).unwrap_err(),
            "brackets nest deeper than 8 levels in pattern"
        );
        // Far past the limit: refused at the limit, without recursing further.
        assert!(parse_pattern(&nested(100_000)).is_err());
        let flat = |n: usize| format!("{{subject}} ^met{} {{object}}", " the".repeat(n));
        assert!(parse_pattern(&flat(MAX_PATTERN_PATH - 3)).is_ok());
        let e = parse_pattern(&flat(MAX_PATTERN_PATH)).unwrap_err();
        assert!(
            e.starts_with("pattern may match 259 elements in a row"),
            "{e}"
        );
        // Repeats multiply: 8 x 8 x 8 x 8 = 4096 ways deep.
        let e = parse_pattern("{subject} ^met [[[[the]*]*]*]* {object}").unwrap_err();
        assert!(e.contains("more than 256"), "{e}");
    }

    #[test]
    fn patterns_parse() {
        let p = parse_pattern(
            "{subject:country|org} 's? [the government in | ..2] ^@recognise {object} ,",
        )
        .unwrap();
        assert_eq!(p.len(), 6);
        assert_eq!(p[0], RawElem::Slot(Slot::Subject, 0b011));
        assert!(matches!(&p[1], RawElem::Repeat(b, 0, 1) if **b == RawElem::Word("'s".into())));
        assert!(
            matches!(&p[2], RawElem::Group(alts) if alts.len() == 2 && alts[1] == vec![RawElem::Gap(2)])
        );
        assert!(matches!(&p[3], RawElem::Anchor(b) if **b == RawElem::Class("recognise".into())));
        assert_eq!(p[5], RawElem::Punct(','));
    }

    #[test]
    fn pattern_errors_say_what_is_wrong() {
        for (src, msg) in [
            ("{subject", "unclosed '{' in pattern"),
            (
                "{sub}",
                "unknown slot {sub}; expected subject, object, to, actor, role or start",
            ),
            ("[a | b", "unclosed '[' in pattern"),
            ("a ]", "unbalanced ']' in pattern"),
            ("? a", "quantifier '?' must follow an element"),
            (
                "a | b",
                "'|' outside brackets: wrap alternatives in [ ... | ... ]",
            ),
            ("..9", "gap ..9 must be 1 to 8 tokens"),
            (
                "{subject:city}",
                "unknown entity kind \"city\"; expected country, organisation or person",
            ),
            ("[a | ]", "empty alternative in [ ... ]"),
        ] {
            assert_eq!(parse_pattern(src).unwrap_err(), msg, "{src}");
        }
    }

    #[test]
    fn file_errors_name_the_line() {
        let e = parse(
            "x.rules",
            "# c\nrule a/b: recognition\n  pattern {subject} @r {object}\n  frobnicate\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.rules:4: unknown directive \"frobnicate\"; expected class, verbs, title, define, construction, irregular, frame, rule, pattern, example or counter"
        );
        let e = parse("x.rules", "rule a/b: recognise\n").unwrap_err();
        assert!(
            e.message.starts_with("unknown relation type \"recognise\""),
            "{e}"
        );
        let e = parse("x.rules", "  pattern a\n").unwrap_err();
        assert_eq!(e.message, "`pattern` before any `rule` line");
        let e = parse("x.rules", "rule A: meeting\n").unwrap_err();
        assert!(e.message.contains("must be lower-case"), "{e}");
        let e = parse("x.rules", "rule a: meeting\n  example Russia met China.\n").unwrap_err();
        assert!(e.message.starts_with("expected `example TEXT =>"), "{e}");
        let e = parse("x.rules", "title king = \n").unwrap_err();
        assert!(e.message.starts_with("unknown role \"king\""), "{e}");
    }

    #[test]
    fn examples_parse() {
        let f = parse(
            "x.rules",
            "rule a/b: holds_office\n  example Russian President Vladimir Putin spoke. => vladimir-putin RUS role=head_of_state; a b negated possible\n  counter Nothing here.\n",
        )
        .unwrap();
        let ex = &f.rules[0].examples;
        assert_eq!(ex[0].expected.len(), 2);
        assert_eq!(ex[0].expected[0].role, Some(Role::HeadOfState));
        assert!(ex[0].expected[1].negated);
        assert_eq!(ex[0].expected[1].modality, Modality::Possible);
        assert!(ex[1].counter);
    }
}
