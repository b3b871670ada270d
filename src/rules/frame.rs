//! Frames and constructions: relation types declared as data, constructions
//! written once, expanded into ordinary rules before compiling.
//!
//! A **frame** says how English names one relation type: its trigger verbs
//! (lemmas; the inflections are generated here) and nouns, and the words
//! that introduce its object after each (`arg`, `narg`). A
//! **construction** is a pattern template written once for every frame:
//! active, passive, nominal, participle, and so on, with placeholders for
//! the frame's parts. Every frame gets every construction whose parts it
//! declares (a construction marked `optional` only where a frame asks for it
//! with `also`), each as a rule with the id `FRAME/CONSTRUCTION`:
//!
//! ```text
//! construction passive = {object} @vg* ^$ved [only | first]* by {subject}
//! frame criticism: criticism
//!   verb condemn denounce critici{s,z}e{,s,d}
//!   noun condemnation
//!   narg of
//!   example Iran was condemned by France. => FRA IRN
//! ```
//!
//! Placeholders: `$verb` (every form of the verbs), `$ved` (past and
//! participle forms), `$ving` (gerunds), `$noun` (nouns and plurals),
//! `$theme` (what the verb acts on when the object comes after a
//! preposition: `ties` in "cut ties with"), `$prep` (that preposition), `$arg`
//! (between a verb and the object: by default the theme and the preposition)
//! and `$narg` (between a noun and the object: by default `of`, the theme and
//! the preposition when there is a theme, else the preposition), `$after`
//! (what must follow the object: `[!'s | 's @sovereignty]`). `$direct`
//! stands for nothing and marks a construction for frames whose verb takes
//! the object directly (no theme, no preposition: the passive "Iran was
//! condemned"). A construction without `{object}` serves only symmetric
//! types ("Iran and Egypt restored ties"). `{subject}` and `{object}` take
//! the frame's `subject`/`object` kind filters. `%name`
//! anywhere in a pattern (rules too) stands for `[...]` around the text of
//! `define name = ...`; defines may use earlier defines.
//!
//! Verb inflection is regular English spelling (`-s`/`-es`/`-ies`, `-d`/`-ed`
//! /`-ied`, `-ing` with a silent `e` dropped, a final consonant doubled after
//! one short vowel in one syllable, British `-lled` beside `-led`) plus the
//! `irregular LEMMA PAST PARTICIPLE` lines of the rule files. Braces give
//! spelling variants of a lemma (`critici{s,z}e`); a word written `=form` is
//! one form, taken as written and not inflected; `@class` takes the words of
//! a class as written, so a word list shared with rules is written once.

use super::parse::{Example, RawFile, RawFrame, RawPattern, RawRule};
use crate::document::RelationType;
use crate::error::RuleError;
use crate::tokens::WordMap;
use std::borrow::Cow;
use std::sync::Arc;

/// Most rounds of `%name` substitution (defines within defines).
const MAX_DEFINE_DEPTH: usize = 8;
/// Longest pattern text after substitution, in bytes.
const MAX_EXPANDED_LEN: usize = 64 * 1024;

/// A frame as compiled: for `lint` and `explain`.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The frame's name, the first part of its rules' ids.
    pub name: Arc<str>,
    /// The relation type its rules emit.
    pub relation: RelationType,
    /// The file that declares it.
    pub path: Arc<str>,
    /// The line of its `frame` header.
    pub line: usize,
    /// Examples and counter-examples, checked against all its rules together.
    pub examples: Vec<Example>,
}

/// A construction as compiled: for `lint`.
#[derive(Debug, Clone)]
pub struct Construction {
    /// The construction's name, the last part of its rules' ids.
    pub name: Arc<str>,
    /// The file that declares it.
    pub path: Arc<str>,
    /// The line of its first pattern.
    pub line: usize,
    /// Applied only where a frame asks for it.
    pub optional: bool,
}

/// A rule generated from a frame and a construction, ready to compile.
pub(crate) struct Generated {
    pub path: Arc<str>,
    pub rule: RawRule,
    pub frame: usize,
    pub construction: usize,
}

/// One word class of a frame: the frame, the class name and its words.
pub(crate) type FrameClass<'a> = (usize, String, Vec<Cow<'a, str>>);

/// The result of expanding every frame.
#[derive(Default)]
pub(crate) struct Expansion<'a> {
    /// Word classes of the frames' triggers: frame, class name and words
    /// (those written in the files borrowed from them).
    pub classes: Vec<FrameClass<'a>>,
    pub rules: Vec<Generated>,
    pub frames: Vec<Frame>,
    pub constructions: Vec<Construction>,
}

/// The `define`s of every file, by name (a later file's replaces an earlier one's).
pub(crate) struct Defines {
    /// Each define's text, bracketed as it is substituted (`[ body ]`).
    bracketed: WordMap<String, String>,
    /// Each define's text with its own defines substituted, for the defines
    /// that substitute without error (see [`Defines::expand`]).
    full: WordMap<String, FullDefine>,
}

/// A define's bracketed text with every `%name` within substituted, in turn.
struct FullDefine {
    text: String,
    /// The rounds of substitution its bracketed text takes (0 without `%`).
    rounds: usize,
    /// The bytes of the `%name`s substituted on the way: the text of an
    /// earlier round is at most this much longer than `text`.
    names: usize,
}

impl Defines {
    /// The defines of `bodies` (name -> text).
    fn new(bodies: WordMap<String, String>) -> Defines {
        let bracketed: WordMap<String, String> = bodies
            .into_iter()
            .map(|(name, body)| (name, ["[ ", body.as_str(), " ]"].concat()))
            .collect();
        // Round by round as `expand_by_rounds` would: a define whose names
        // all have their full text gets its own; one that never does (an
        // unknown name, a loop, too deep or too long) has none.
        let mut full: WordMap<String, FullDefine> = WordMap::default();
        for _ in 0..MAX_DEFINE_DEPTH {
            let mut found = Vec::new();
            for (name, text) in &bracketed {
                if !full.contains_key(name)
                    && let Some(f) = substitute_known(text, &full)
                {
                    found.push((name.clone(), f));
                }
            }
            if found.is_empty() {
                break;
            }
            full.extend(found);
        }
        Defines { bracketed, full }
    }

    pub fn collect(files: &[(Arc<str>, RawFile)]) -> Result<Defines, RuleError> {
        let mut map = WordMap::default();
        for (path, file) in files {
            let mut seen: WordMap<&str, usize> = WordMap::default();
            for (name, body, line) in &file.defines {
                if let Some(first) = seen.insert(name, *line) {
                    return Err(RuleError {
                        path: path.to_string(),
                        line: *line,
                        message: format!("define {name} already defined on line {first}"),
                    });
                }
                map.insert(name.clone(), body.clone());
            }
        }
        Ok(Defines::new(map))
    }

    /// `source` with every `%name` replaced by `[` its text `]`, round
    /// after round until none is left. At once, from the defines' full
    /// texts, where that gives the same text without error; otherwise round
    /// by round, which finds the error.
    pub fn expand(&self, source: &str) -> Result<String, String> {
        if let Some(f) = substitute_known(source, &self.full)
            && f.text.len() + f.names <= MAX_EXPANDED_LEN
        {
            return Ok(f.text);
        }
        self.expand_by_rounds(source)
    }

    /// Whether [`Defines::expand`] substitutes `source` at once, from the
    /// defines' full texts: then `source` means the same with each `%name`
    /// taken as its define's full text, which need not be built.
    pub fn expands_at_once(&self, source: &str) -> bool {
        let mut len = 0;
        let mut rounds = 0;
        let mut names = 0;
        let mut rest = source;
        while let Some(at) = memchr::memchr(b'%', rest.as_bytes()) {
            len += at;
            let after = &rest[at + 1..];
            let n = after
                .bytes()
                .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
                .count();
            let Some(define) = self.full.get(&after[..n]) else {
                return false;
            };
            len += define.text.len();
            rounds = rounds.max(define.rounds);
            names += 1 + n + define.names;
            if len + names > MAX_EXPANDED_LEN {
                return false;
            }
            rest = &after[n..];
        }
        len += rest.len();
        if names > 0 {
            rounds += 1;
        }
        rounds <= MAX_DEFINE_DEPTH && len + names <= MAX_EXPANDED_LEN
    }

    /// Each define with a full text, and that text.
    pub fn full_texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.full
            .iter()
            .map(|(name, f)| (name.as_str(), f.text.as_str()))
    }

    /// [`Defines::expand`] one round of substitution at a time.
    fn expand_by_rounds(&self, source: &str) -> Result<String, String> {
        let mut text = source.to_string();
        for _ in 0..MAX_DEFINE_DEPTH {
            if !text.contains('%') {
                return Ok(text);
            }
            text = substitute(&text, '%', |name| {
                self.bracketed
                    .get(name)
                    .map(|bracketed| Cow::Borrowed(bracketed.as_str()))
                    .ok_or_else(|| format!("unknown define %{name}"))
            })?;
            if text.len() > MAX_EXPANDED_LEN {
                return Err(format!(
                    "pattern grows past {MAX_EXPANDED_LEN} bytes when its defines are substituted"
                ));
            }
        }
        if text.contains('%') {
            return Err(format!(
                "defines nest deeper than {MAX_DEFINE_DEPTH} levels (does one refer to itself?)"
            ));
        }
        Ok(text)
    }
}

/// `text` with each `%name` replaced by that define's full text, if every
/// name has one and it takes at most [`MAX_DEFINE_DEPTH`] rounds in all: the
/// text the rounds of [`Defines::expand_by_rounds`] end with. The longest
/// text a round has on the way is at most `names` bytes longer (a round
/// only puts texts in place of names). `None` where a name has no full
/// text or a `%` no name.
fn substitute_known(text: &str, full: &WordMap<String, FullDefine>) -> Option<FullDefine> {
    let mut out = FullDefine {
        text: String::with_capacity(text.len()),
        rounds: 0,
        names: 0,
    };
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.text.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
            .count();
        let define = full.get(&after[..len])?;
        out.text.push_str(&define.text);
        out.rounds = out.rounds.max(define.rounds);
        out.names += 1 + len + define.names;
        if out.text.len() + out.names > MAX_EXPANDED_LEN {
            return None;
        }
        rest = &after[len..];
    }
    out.text.push_str(rest);
    // One round for the names here, then as many as the deepest needs.
    if out.names > 0 {
        out.rounds += 1;
    }
    (out.rounds <= MAX_DEFINE_DEPTH).then_some(out)
}

/// Replaces each `SIGIL name` (name: `[a-z0-9_]+`) in `text` by `replace(name)`.
fn substitute<'a>(
    text: &str,
    sigil: char,
    mut replace: impl FnMut(&str) -> Result<Cow<'a, str>, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(sigil) {
        out.push_str(&rest[..at]);
        let after = &rest[at + sigil.len_utf8()..];
        let len = after
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
            .count();
        if len == 0 {
            return Err(format!("'{sigil}' must be followed by a name"));
        }
        out.push_str(&replace(&after[..len])?);
        rest = &after[len..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The frame parts a construction's template uses.
#[derive(Default, Clone, Copy)]
struct Needs {
    verb: bool,
    noun: bool,
    theme: bool,
    direct: bool,
    object: bool,
}

fn needs_of(template: &str) -> Needs {
    Needs {
        verb: ["$verb", "$ved", "$ving"]
            .iter()
            .any(|p| template.contains(p)),
        noun: template.contains("$noun"),
        theme: template.contains("$theme"),
        direct: template.contains("$direct"),
        object: template.contains("{object"),
    }
}

impl Needs {
    /// Whether a frame with the parts `has` can take a template needing `self`.
    fn met_by(self, has: Needs, symmetric: bool) -> bool {
        (!self.verb || has.verb)
            && (!self.noun || has.noun)
            && (!self.theme || has.theme)
            && (!self.direct || has.direct)
            && (self.object || symmetric)
    }
}

/// Expands every frame of every file with every construction it takes.
///
/// `examples` holds each frame's examples, frame after frame of file after
/// file (taken out of the files); each kept frame's are moved to it.
pub(crate) fn expand<'a>(
    files: &'a [(Arc<str>, RawFile)],
    mut examples: Vec<Vec<Example>>,
) -> Result<Expansion<'a>, RuleError> {
    let irregular = irregular_verbs(files)?;
    let mut class_words: WordMap<&str, Vec<&str>> = WordMap::default();
    for (_, file) in files {
        for (name, words, _) in &file.classes {
            class_words
                .entry(name)
                .or_default()
                .extend(words.iter().map(String::as_str));
        }
    }
    let mut out = Expansion::default();
    // Constructions by name, in order of first appearance; their patterns.
    let mut by_name: WordMap<String, usize> = WordMap::default();
    let mut templates: Vec<Vec<(Arc<str>, RawPattern)>> = Vec::new();
    for (path, file) in files {
        for c in &file.constructions {
            let i = *by_name.entry(c.name.clone()).or_insert_with(|| {
                out.constructions.push(Construction {
                    name: c.name.as_str().into(),
                    path: path.clone(),
                    line: c.pattern.line,
                    optional: c.optional,
                });
                templates.push(Vec::new());
                templates.len() - 1
            });
            templates[i].push((path.clone(), c.pattern.clone()));
        }
    }
    // What each template needs, found once rather than once per frame.
    let template_needs: Vec<Vec<Needs>> = templates
        .iter()
        .map(|ps| ps.iter().map(|(_, p)| needs_of(&p.source)).collect())
        .collect();
    // A later file's frame replaces an earlier one of the same name.
    let mut last: WordMap<&str, (usize, usize)> = WordMap::default();
    for (fno, (path, file)) in files.iter().enumerate() {
        for raw in &file.frames {
            let repeated = last.get(raw.name.as_str()).filter(|(f, _)| *f == fno);
            if let Some(&(_, prev_line)) = repeated {
                return Err(RuleError {
                    path: path.to_string(),
                    line: raw.line,
                    message: format!("frame {} already defined on line {prev_line}", raw.name),
                });
            }
            last.insert(&raw.name, (fno, raw.line));
        }
    }
    let mut frame_examples = examples.iter_mut();
    for (fno, (path, file)) in files.iter().enumerate() {
        for raw in &file.frames {
            let examples = frame_examples.next().map(std::mem::take);
            if last.get(raw.name.as_str()) != Some(&(fno, raw.line)) {
                continue;
            }
            let err = |line: usize, message: String| RuleError {
                path: path.to_string(),
                line,
                message,
            };
            let fi = out.frames.len();
            let relation = raw
                .relation
                .ok_or_else(|| err(raw.line, "frame has no type".into()))?;
            for name in raw.only.iter().chain(&raw.also).chain(&raw.except) {
                if !by_name.contains_key(name) {
                    return Err(err(
                        raw.line,
                        format!("frame {} names unknown construction {name:?}", raw.name),
                    ));
                }
            }
            let classes =
                frame_classes(fi, raw, &irregular, &class_words).map_err(|m| err(raw.line, m))?;
            let parts = FrameParts::of(raw);
            let has = Needs {
                verb: !raw.verbs.is_empty(),
                noun: !raw.nouns.is_empty(),
                theme: raw.theme.is_some(),
                direct: raw.theme.is_none() && raw.prep.is_none(),
                object: true,
            };
            if !has.verb && !has.noun {
                return Err(err(
                    raw.line,
                    format!("frame {} has no `verb` or `noun` line", raw.name),
                ));
            }
            for (ci, construction) in out.constructions.iter().enumerate() {
                let name = construction.name.as_ref();
                let chosen = if raw.only.is_empty() {
                    (!construction.optional || raw.also.iter().any(|a| a == name))
                        && !raw.except.iter().any(|e| e == name)
                } else {
                    raw.only.iter().any(|o| o == name)
                };
                let fits = template_needs[ci]
                    .iter()
                    .all(|needs| needs.met_by(has, relation.is_symmetric()));
                if !chosen || !fits {
                    continue;
                }
                let mut patterns = Vec::new();
                for (cpath, p) in &templates[ci] {
                    let source = parts.fill(&p.source).map_err(|message| RuleError {
                        path: cpath.to_string(),
                        line: p.line,
                        message,
                    })?;
                    patterns.push(RawPattern {
                        source,
                        line: p.line,
                    });
                }
                out.rules.push(Generated {
                    path: templates[ci][0].0.clone(),
                    rule: RawRule {
                        id: [raw.name.as_str(), "/", name].concat(),
                        relation,
                        role: raw.role,
                        modality: raw.modality,
                        patterns,
                        examples: Vec::new(),
                        line: raw.line,
                    },
                    frame: fi,
                    construction: ci,
                });
            }
            out.classes.extend(classes);
            out.frames.push(Frame {
                name: raw.name.as_str().into(),
                relation,
                path: path.clone(),
                line: raw.line,
                examples: examples.unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

/// Every file's `irregular` lines: lemma -> (past, participle).
pub(crate) fn irregular_verbs(
    files: &[(Arc<str>, RawFile)],
) -> Result<WordMap<String, (String, String)>, RuleError> {
    let mut map = WordMap::default();
    for (_, file) in files {
        for (lemma, past, participle, _) in &file.irregulars {
            map.insert(lemma.clone(), (past.clone(), participle.clone()));
        }
    }
    Ok(map)
}

/// The class of one part of a frame: `ties_severed_verbs`, readable in `explain`.
fn class_name(frame: &str, part: &str) -> String {
    let part = match part {
        "verb" => "verbs",
        "ved" => "past",
        "ving" => "gerunds",
        _ => "nouns",
    };
    let mut name = String::with_capacity(frame.len() + 1 + part.len());
    name.extend(
        frame
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
    );
    name.push('_');
    name.push_str(part);
    name
}

/// The word classes of one frame: every verb form, past forms, gerunds, nouns.
fn frame_classes<'a>(
    fi: usize,
    raw: &'a RawFrame,
    irregular: &WordMap<String, (String, String)>,
    class_words: &WordMap<&str, Vec<&'a str>>,
) -> Result<Vec<FrameClass<'a>>, String> {
    // Each word with whether it is one form as written (`=form`, or a word
    // of an `@class`) rather than a lemma to inflect.
    let resolve = |words: &'a [String]| -> Result<Vec<(bool, &'a str)>, String> {
        let mut out = Vec::new();
        for w in words {
            match w.strip_prefix('@') {
                Some(name) => out.extend(
                    class_words
                        .get(name)
                        .ok_or_else(|| format!("unknown class @{name} in frame {}", raw.name))?
                        .iter()
                        .map(|&c| (true, c)),
                ),
                None => out.push(match w.strip_prefix('=') {
                    Some(form) => (true, form),
                    None => (false, w.as_str()),
                }),
            }
        }
        Ok(out)
    };
    // The words as written are borrowed; only inflected forms are made.
    let (mut all, mut ved, mut ving): (Vec<Cow<'a, str>>, Vec<_>, Vec<_>) =
        (Vec::new(), Vec::new(), Vec::new());
    for (as_written, v) in resolve(&raw.verbs)? {
        if as_written {
            if v.ends_with("ing") {
                ving.push(Cow::Borrowed(v));
            } else if v.ends_with("ed") || v.ends_with("en") {
                ved.push(Cow::Borrowed(v));
            }
            all.push(Cow::Borrowed(v));
            continue;
        }
        let forms = inflect_verb(v, irregular);
        ved.extend(forms.past.iter().cloned().map(Cow::Owned));
        ving.extend(forms.gerund.iter().cloned().map(Cow::Owned));
        all.push(Cow::Borrowed(v));
        all.extend(forms.third.into_iter().map(Cow::Owned));
        all.extend(forms.past.into_iter().map(Cow::Owned));
        all.extend(forms.gerund.into_iter().map(Cow::Owned));
    }
    let mut nouns = Vec::new();
    for (as_written, n) in resolve(&raw.nouns)? {
        nouns.push(Cow::Borrowed(n));
        if !as_written {
            nouns.push(Cow::Owned(plural(n)));
        }
    }
    let mut classes = Vec::new();
    for (part, mut words) in [("verb", all), ("ved", ved), ("ving", ving), ("noun", nouns)] {
        words.sort();
        words.dedup();
        if !words.is_empty() {
            classes.push((fi, class_name(&raw.name, part), words));
        }
    }
    Ok(classes)
}

/// One frame's text for each placeholder of a template, made once per
/// frame and filled into each of its templates.
struct FrameParts {
    /// `{subject}` and `{object}` with the frame's kinds, where it has them.
    subject: Option<(String, String)>,
    object: Option<(String, String)>,
    /// `@` and the class name of each word part: verb, ved, ving, noun.
    classes: [String; 4],
    theme: String,
    prep: String,
    arg: String,
    narg: String,
    after: String,
}

impl FrameParts {
    fn of(raw: &RawFrame) -> FrameParts {
        let kinds = |slot: &str, kinds: &Option<String>| {
            kinds
                .as_ref()
                .map(|k| (["{", slot, "}"].concat(), ["{", slot, ":", k, "}"].concat()))
        };
        let part = |p: Option<&str>| p.map_or(String::new(), |a| ["[ ", a, " ]"].concat());
        let theme = part(raw.theme.as_deref());
        let prep = part(raw.prep.as_deref());
        // The frame's own text may name its theme and preposition.
        let own = |text: &str| text.replace("$theme", &theme).replace("$prep", &prep);
        let arg = match &raw.arg {
            Some(a) => part(Some(&own(a))),
            None if raw.theme.is_some() => ["%det? ", &theme, " ", &prep].concat(),
            None => prep.clone(),
        };
        let narg = match &raw.narg {
            Some(a) => part(Some(&own(a))),
            None if raw.theme.is_some() => ["[of %det?]? ", &theme, " ", &prep].concat(),
            None => prep.clone(),
        };
        let class = |name: &str| ["@", &class_name(&raw.name, name)].concat();
        FrameParts {
            subject: kinds("subject", &raw.subject_kinds),
            object: kinds("object", &raw.object_kinds),
            classes: [class("verb"), class("ved"), class("ving"), class("noun")],
            after: part(raw.after.as_deref()),
            theme,
            prep,
            arg,
            narg,
        }
    }

    /// `template` with these parts in its placeholders, its runs of white
    /// space made one space.
    fn fill(&self, template: &str) -> Result<String, String> {
        let mut text = Cow::Borrowed(template);
        for (slot, with_kinds) in [&self.subject, &self.object].into_iter().flatten() {
            if text.contains(slot.as_str()) {
                text = Cow::Owned(text.replace(slot.as_str(), with_kinds));
            }
        }
        // As `substitute` then `one_space`, in one pass: each piece, of the
        // template or a part, goes through `push_one_spaced`.
        let mut out = String::with_capacity(2 * text.len());
        let mut space = false;
        let mut rest = &*text;
        while let Some(at) = rest.find('$') {
            push_one_spaced(&mut out, &rest[..at], &mut space);
            let after = &rest[at + 1..];
            let len = after
                .bytes()
                .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
                .count();
            if len == 0 {
                return Err("'$' must be followed by a name".into());
            }
            let part = match &after[..len] {
                "verb" => self.classes[0].as_str(),
                "ved" => self.classes[1].as_str(),
                "ving" => self.classes[2].as_str(),
                "noun" => self.classes[3].as_str(),
                "theme" => self.theme.as_str(),
                "prep" => self.prep.as_str(),
                "arg" => self.arg.as_str(),
                "narg" => self.narg.as_str(),
                "direct" => "",
                "after" => self.after.as_str(),
                other => return Err(format!("unknown placeholder ${other}")),
            };
            push_one_spaced(&mut out, part, &mut space);
            rest = &after[len..];
        }
        push_one_spaced(&mut out, rest, &mut space);
        Ok(out)
    }
}

/// Appends `piece` to `out` as [`one_space`] would if `out` and `piece` were
/// one text: `space` says white space has come since the last word (and is
/// kept for the next piece), written as one space before the next word.
fn push_one_spaced(out: &mut String, piece: &str, space: &mut bool) {
    // ASCII (nearly always) by bytes: the white space `char::is_whitespace`
    // finds among ASCII bytes.
    if piece.is_ascii() {
        let white = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
        let bytes = piece.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if white(bytes[i]) {
                *space = true;
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && !white(bytes[i]) {
                i += 1;
            }
            if *space && !out.is_empty() {
                out.push(' ');
            }
            *space = false;
            out.push_str(&piece[start..i]);
        }
        return;
    }
    for (i, word) in piece.split(char::is_whitespace).enumerate() {
        *space |= i > 0;
        if word.is_empty() {
            continue;
        }
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push_str(word);
    }
}

/// `text` with its runs of white space made one space, and none at its ends.
#[cfg(test)]
fn one_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The inflected forms of one verb.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct VerbForms {
    pub third: Vec<String>,
    pub past: Vec<String>,
    pub gerund: Vec<String>,
}

fn is_vowel(c: u8) -> bool {
    b"aeiou".contains(&c)
}

/// One vowel group, ending consonant-vowel-consonant: "ban", "cut", "slam", "stop".
fn doubles_final_consonant(w: &[u8]) -> bool {
    let n = w.len();
    if n < 3 {
        return false;
    }
    let (a, b, c) = (w[n - 3], w[n - 2], w[n - 1]);
    let groups = w
        .iter()
        .enumerate()
        .filter(|&(i, &ch)| is_vowel(ch) && (i == 0 || !is_vowel(w[i - 1])))
        .count();
    groups == 1 && !is_vowel(a) && is_vowel(b) && !is_vowel(c) && !b"wxy".contains(&c)
}

/// A lemma and all its inflected forms.
pub(crate) fn all_forms(lemma: &str, irregular: &WordMap<String, (String, String)>) -> Vec<String> {
    let f = inflect_verb(lemma, irregular);
    let mut out = vec![lemma.to_string()];
    out.extend(f.third);
    out.extend(f.past);
    out.extend(f.gerund);
    out
}

/// Regular English inflection of `lemma`, or its `irregular` forms.
pub(crate) fn inflect_verb(
    lemma: &str,
    irregular: &WordMap<String, (String, String)>,
) -> VerbForms {
    let w = lemma.as_bytes();
    let last = w.last().copied().unwrap_or(b' ');
    let before_last = if w.len() >= 2 { w[w.len() - 2] } else { b' ' };
    // Used only after an ASCII final letter ("y", "e"); `get` keeps a lemma
    // ending in any other character from being cut inside it.
    let stem = lemma.get(..lemma.len().saturating_sub(1)).unwrap_or(lemma);
    let third = if ["s", "x", "z", "ch", "sh", "o"]
        .iter()
        .any(|e| lemma.ends_with(e))
    {
        [lemma, "es"].concat()
    } else if last == b'y' && !is_vowel(before_last) {
        [stem, "ies"].concat()
    } else {
        [lemma, "s"].concat()
    };
    let double = doubles_final_consonant(w);
    let mut past = Vec::new();
    let mut gerund = Vec::new();
    if let Some((p, pp)) = irregular.get(lemma) {
        past.push(p.clone());
        past.push(pp.clone());
    } else if last == b'e' {
        past.push([lemma, "d"].concat());
    } else if last == b'y' && !is_vowel(before_last) {
        past.push([stem, "ied"].concat());
    } else if double {
        past.push(doubled(lemma, last, "ed"));
    } else {
        past.push([lemma, "ed"].concat());
        // British spelling doubles a final l: "cancelled", "labelled".
        if last == b'l' && is_vowel(before_last) && w.len() > 4 {
            past.push([lemma, "led"].concat());
        }
    }
    if let Some(stem) = lemma.strip_suffix("ie") {
        gerund.push([stem, "ying"].concat());
    } else if last == b'e' && !["ee", "ye", "oe"].iter().any(|e| lemma.ends_with(e)) && w.len() > 2
    {
        gerund.push([stem, "ing"].concat());
    } else if double {
        gerund.push(doubled(lemma, last, "ing"));
    } else {
        gerund.push([lemma, "ing"].concat());
        if last == b'l' && is_vowel(before_last) && w.len() > 4 {
            gerund.push([lemma, "ling"].concat());
        }
    }
    past.dedup();
    VerbForms {
        third: vec![third],
        past,
        gerund,
    }
}

/// `lemma`, its last byte again (as `format!` would write it as a
/// `char`), then `ending`: "stopped", "banning". Strings are built by
/// concatenation here, not `format!`: thousands at start-up.
fn doubled(lemma: &str, last: u8, ending: &str) -> String {
    let mut out = String::with_capacity(lemma.len() + 2 + ending.len());
    out.push_str(lemma);
    out.push(char::from(last));
    out.push_str(ending);
    out
}

/// The regular plural of a noun.
fn plural(noun: &str) -> String {
    let w = noun.as_bytes();
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| noun.ends_with(e))
    {
        [noun, "es"].concat()
    } else if w.len() >= 2 && w[w.len() - 1] == b'y' && !is_vowel(w[w.len() - 2]) {
        [&noun[..noun.len() - 1], "ies"].concat()
    } else {
        [noun, "s"].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lemma_ending_in_a_non_ascii_letter_inflects_without_panicking() {
        let f = inflect_verb("hopé", &WordMap::default());
        assert_eq!(f.third, ["hopés"]);
        assert!(all_forms("\u{fffd}\u{fffd}", &WordMap::default()).len() > 1);
    }

    fn forms(lemma: &str) -> VerbForms {
        let mut irregular = WordMap::default();
        irregular.insert("meet".to_string(), ("met".to_string(), "met".to_string()));
        irregular.insert("cut".to_string(), ("cut".to_string(), "cut".to_string()));
        inflect_verb(lemma, &irregular)
    }

    #[test]
    fn regular_verbs_inflect() {
        for (lemma, third, past, gerund) in [
            ("condemn", "condemns", "condemned", "condemning"),
            ("denounce", "denounces", "denounced", "denouncing"),
            ("slam", "slams", "slammed", "slamming"),
            ("decry", "decries", "decried", "decrying"),
            ("reproach", "reproaches", "reproached", "reproaching"),
            ("visit", "visits", "visited", "visiting"),
            ("ban", "bans", "banned", "banning"),
            ("host", "hosts", "hosted", "hosting"),
            ("agree", "agrees", "agreed", "agreeing"),
            ("veto", "vetoes", "vetoed", "vetoing"),
            ("tie", "ties", "tied", "tying"),
        ] {
            let f = forms(lemma);
            assert_eq!(f.third, [third], "{lemma}");
            assert_eq!(f.past[0], past, "{lemma}");
            assert_eq!(f.gerund[0], gerund, "{lemma}");
        }
    }

    #[test]
    fn irregular_and_british_forms() {
        assert_eq!(forms("meet").past, ["met"]);
        assert_eq!(forms("cut").gerund, ["cutting"]);
        assert_eq!(forms("cancel").past, ["canceled", "cancelled"]);
        assert_eq!(forms("label").gerund, ["labeling", "labelling"]);
    }

    #[test]
    fn nouns_pluralise() {
        assert_eq!(plural("sanction"), "sanctions");
        assert_eq!(plural("embassy"), "embassies");
        assert_eq!(plural("breach"), "breaches");
    }

    #[test]
    fn pieces_one_spaced_as_one_text() {
        let texts = [
            "",
            " ",
            "a",
            " a ",
            "a  b",
            "\tx\u{a0}y ",
            "ab",
            "  ",
            "[ c ]",
        ];
        for first in texts {
            for second in texts {
                for third in texts {
                    let (mut out, mut space) = (String::new(), false);
                    for piece in [first, second, third] {
                        push_one_spaced(&mut out, piece, &mut space);
                    }
                    assert_eq!(out, one_space(&[first, second, third].concat()));
                }
            }
        }
    }

    #[test]
    fn defines_substitute_and_nest() {
        let mut map = WordMap::default();
        map.insert("det".to_string(), "the | a".to_string());
        map.insert("obj".to_string(), "%det? {object}".to_string());
        let d = Defines::new(map);
        assert_eq!(d.expand("^x %obj").unwrap(), "^x [ [ the | a ]? {object} ]");
        assert_eq!(d.expand("%nope").unwrap_err(), "unknown define %nope");
        // At once or round by round: the same text, or the same error.
        let mut map = WordMap::default();
        for (name, body) in [
            ("det", "the | a"),
            ("obj", "%det? {object}"),
            ("loop", "a %loop"),
            ("bad", "a % b"),
            ("lost", "%nope"),
            ("x", "y"),
            (
                "wide",
                "%long_name_for_a_short_body %long_name_for_a_short_body",
            ),
            ("long_name_for_a_short_body", "z"),
        ] {
            map.insert(name.to_string(), body.to_string());
        }
        for i in 0..12 {
            map.insert(format!("d{i}"), format!("%d{} |", i + 1));
        }
        map.insert("d12".to_string(), "end".to_string());
        let d = Defines::new(map);
        let huge = "%x ".repeat(MAX_EXPANDED_LEN / 5);
        for source in [
            "plain",
            "%obj",
            "^x %obj %det",
            "%det%obj",
            "%loop",
            "%bad",
            "%lost",
            "% x",
            "%wide",
            "%d0",
            "%d4",
            "%d5",
            "%d6",
            "%d12",
            &huge,
        ] {
            assert_eq!(d.expand(source), d.expand_by_rounds(source), "{source}");
        }
        let mut map = WordMap::default();
        map.insert("loop".to_string(), "a %loop".to_string());
        assert!(
            Defines::new(map)
                .expand("%loop")
                .unwrap_err()
                .contains("deeper than")
        );
    }

    #[test]
    fn a_define_parsed_once_gives_the_elements_of_its_substituted_text() {
        use crate::rules::parse::{
            DefineGroups, GroupCache, parse_pattern_cached, parse_pattern_with_defines,
        };
        let mut map = WordMap::default();
        for (name, body) in [
            ("det", "the | a"),
            ("obj", "%det? {object}"),
            ("open", "a ] [ b"),
            ("deep", "[[[[[[[ x ]]]]]]]"),
            ("slot", "{subject}"),
            ("word", "o'clock | g7 | Ties"),
        ] {
            map.insert(name.to_string(), body.to_string());
        }
        let d = Defines::new(map);
        let mut groups = GroupCache::default();
        let mut parsed = DefineGroups::default();
        for (name, text) in d.full_texts() {
            parsed.add(name, text, &mut groups);
        }
        for source in [
            "plain {subject} met {object}",
            "^x %obj %det",
            "%det%obj",
            "foo%det bar'%det",
            "%det? %obj+ !%det ^%det",
            "[ %det | b %obj ] [ %det ]",
            "@%det",
            "..%det",
            "~%det",
            "{subject%det}",
            "x %open y",
            "[ %deep ]",
            "%deep",
            "%nope",
            "% x",
            "%slot %word",
            "[ a",
            "a ]",
        ] {
            let text = d.expand(source);
            let whole = text.and_then(|t| parse_pattern_cached(&t, &mut groups));
            // Taken at once, the same elements; else the text's path decides.
            if let Some(elems) = parse_pattern_with_defines(source, &mut groups, &parsed) {
                assert_eq!(Ok(elems), whole, "{source}");
            }
        }
        // The patterns that can be taken so are.
        for source in ["^x %obj %det", "[ %det | b %obj ] [ %det ]", "%slot %word"] {
            assert!(parse_pattern_with_defines(source, &mut groups, &parsed).is_some());
        }
    }
}
