//! Parser for rule files: lines in, unresolved [`RawFile`] items out.
//!
//! ```text
//! # a comment
//! class recognise = recogni{s,z}e{,s,d} recogni{s,z}ing
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
//! tokens; `!x` asserts that the next token is not `x` (it consumes nothing);
//! `?`, `*`, `+` after an element repeat it (at most 8 times); `^`
//! before an element makes it the anchor (otherwise the first required class,
//! word or `{role}` outside brackets is).

use crate::document::{EntityKind, Modality, RelationType, Role};
use crate::error::RuleError;

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

/// One pattern element before class names are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawElem {
    Word(String),
    Class(String),
    Punct(char),
    Slot(Slot, KindMask),
    Actor(KindMask),
    Role,
    Group(Vec<Vec<RawElem>>),
    Repeat(Box<RawElem>, u8, u8),
    Gap(u8),
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

#[derive(Debug, Clone)]
pub(crate) struct RawPattern {
    pub elems: Vec<RawElem>,
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

#[derive(Debug, Clone, Default)]
pub(crate) struct RawFile {
    pub classes: Vec<(String, Vec<String>, usize)>,
    pub titles: Vec<(Role, Vec<String>, usize)>,
    pub rules: Vec<RawRule>,
}

/// Parses one rule file, naming `path` in errors.
pub(crate) fn parse(path: &str, text: &str) -> Result<RawFile, RuleError> {
    let mut file = RawFile::default();
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
                let mut expanded = Vec::new();
                for w in words.split_whitespace() {
                    expand_braces(w, &mut expanded).map_err(&err)?;
                }
                if expanded.is_empty() {
                    return Err(err(format!("class {name} has no words")));
                }
                file.classes.push((name.to_string(), expanded, line));
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
                if id.is_empty()
                    || !id.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b"/-_".contains(&b)
                    })
                {
                    return Err(err(format!(
                        "rule id {id:?} must be lower-case letters, digits, '/', '-' or '_'"
                    )));
                }
                let mut words = spec.split_whitespace();
                let relation = words
                    .next()
                    .ok_or_else(|| err("rule needs a relation type".into()))?;
                let relation = relation.parse::<RelationType>().map_err(|_| {
                    err(format!(
                        "unknown relation type {relation:?}; expected one of {}",
                        RelationType::ALL
                            .iter()
                            .map(|t| t.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
                let mut role = None;
                let mut modality = None;
                for w in words {
                    if let Some(r) = w.strip_prefix("role=") {
                        role = Some(parse_role(r).map_err(&err)?);
                    } else if let Some(m) = w.strip_prefix("modality=") {
                        modality = Some(
                            m.parse::<Modality>()
                                .map_err(|_| err(format!("unknown modality {m:?}")))?,
                        );
                    } else {
                        return Err(err(format!("unexpected {w:?} after the relation type")));
                    }
                }
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
            "pattern" | "example" | "counter" => {
                let rule = file
                    .rules
                    .last_mut()
                    .ok_or_else(|| err(format!("`{directive}` before any `rule` line")))?;
                if !raw_line.starts_with(char::is_whitespace) {
                    return Err(err(format!(
                        "`{directive}` must be indented under its rule"
                    )));
                }
                match directive {
                    "pattern" => {
                        let elems = parse_pattern(rest).map_err(&err)?;
                        rule.patterns.push(RawPattern {
                            elems,
                            source: rest.to_string(),
                            line,
                        });
                    }
                    "example" => {
                        let (text, expect) = rest
                            .rsplit_once("=>")
                            .ok_or_else(|| err("expected `example TEXT => SUBJECT OBJECT [negated] [intended|possible] [role=ROLE]`".into()))?;
                        let expected = expect
                            .split(';')
                            .map(|e| parse_expected(e).map_err(&err))
                            .collect::<Result<Vec<_>, _>>()?;
                        rule.examples.push(Example {
                            text: text.trim().to_string(),
                            expected,
                            counter: false,
                            line,
                        });
                    }
                    _ => rule.examples.push(Example {
                        text: rest.to_string(),
                        expected: Vec::new(),
                        counter: true,
                        line,
                    }),
                }
            }
            other => {
                return Err(err(format!(
                    "unknown directive {other:?}; expected class, title, rule, pattern, example or counter"
                )));
            }
        }
    }
    Ok(file)
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

/// `recogni{s,z}e{,d}` -> recognise, recognised, recognize, recognized.
pub(crate) fn expand_braces(word: &str, out: &mut Vec<String>) -> Result<(), String> {
    let Some(open) = word.find('{') else {
        if word.contains('}') {
            return Err(format!("unbalanced '}}' in {word:?}"));
        }
        out.push(word.to_string());
        return Ok(());
    };
    let close = word[open..]
        .find('}')
        .map(|c| open + c)
        .ok_or_else(|| format!("unclosed '{{' in {word:?}"))?;
    for alt in word[open + 1..close].split(',') {
        expand_braces(
            &format!("{}{}{}", &word[..open], alt, &word[close + 1..]),
            out,
        )?;
    }
    Ok(())
}

const MAX_REPEAT: u8 = 8;

fn apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    src: &'a str,
}

/// Parses a pattern into elements.
pub(crate) fn parse_pattern(src: &str) -> Result<Vec<RawElem>, String> {
    let mut lx = Lexer {
        chars: src.char_indices().peekable(),
        src,
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
    Ok(seq)
}

impl Lexer<'_> {
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
                    if matches!(last, RawElem::Repeat(..) | RawElem::Gap(_)) {
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

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> &str {
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
            '[' => {
                self.chars.next();
                let alts = self.alternatives(true)?;
                if alts.iter().any(Vec::is_empty) {
                    return Err("empty alternative in [ ... ]".into());
                }
                Ok(RawElem::Group(alts))
            }
            '{' => {
                self.chars.next();
                let inner = self.take_while(|c| c != '}').to_string();
                if self.chars.next().is_none() {
                    return Err("unclosed '{' in pattern".into());
                }
                let (name, kinds) = inner.split_once(':').unwrap_or((&inner, ""));
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
                    "role" if kinds.is_empty() => Ok(RawElem::Role),
                    other => Err(format!(
                        "unknown slot {{{other}}}; expected subject, object, to, actor or role"
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
            '}' => Err("unbalanced '}' in pattern".into()),
            c if c.is_alphanumeric() || (apostrophe(c) && self.next_is_alphanumeric()) => {
                let w = self
                    .take_while(|c| c.is_alphanumeric() || c == '\'' || c == '\u{2019}')
                    .to_lowercase()
                    .replace('\u{2019}', "'");
                Ok(RawElem::Word(w))
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
    fn braces_expand() {
        let mut out = Vec::new();
        expand_braces("recogni{s,z}e{,d}", &mut out).unwrap();
        assert_eq!(out, ["recognise", "recognised", "recognize", "recognized"]);
        assert!(expand_braces("a{b", &mut out).is_err());
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
                "unknown slot {sub}; expected subject, object, to, actor or role",
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
            "x.rules:4: unknown directive \"frobnicate\"; expected class, title, rule, pattern, example or counter"
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
