//! Lint: every problem in the gazetteers and rules, not just the first.
//!
//! Building an [`Extractor`] stops at the first bad line. [`lint`] reads the
//! same sources as an [`ExtractorBuilder`] (the embedded data unless turned
//! off, then every added file) and reports every [`Finding`] as
//! `path:line: message`. `chancery lint` prints them and exits 1 when there
//! are any. What it checks:
//!
//! - **Load errors**, each bad line once: ids not in the contract's form
//!   (`RUS`, `united-nations`), wrong field counts, duplicate ids, malformed
//!   offices, offices that end before they begin. A bad line is reported and
//!   left out, and the rest of the file is still checked.
//! - **Clashes**: a surface claimed by two entries where neither (or both)
//!   marks it `!`.
//! - **Shadowed surfaces**, in two precise senses:
//!   1. *unreachable*: the matcher compares surfaces ignoring ASCII case, so
//!      two surfaces that differ only in case (`Hamas`, `HAMAS`) are one
//!      pattern whose candidates are tried in load order; a later surface is
//!      reported when the earlier one's case rule accepts every text the
//!      later one accepts (it can then never win). A non-actor identical to an
//!      entry's surface is reported too: the entry wins and the line has no effect.
//!   2. *hidden in practice*: the automaton is leftmost-longest and does not
//!      fall back to a shorter surface at the same start, so a longer surface
//!      of another entry or a non-actor hides a shorter one wherever the text
//!      continues the same way. That is by design when the continuation is a
//!      word (`Washington Post` hides `Washington` only before `Post`), so lint
//!      reports it only when the continuation holds no letter or digit, or is
//!      a possessive `'s`: `U.S` under `U.S.`, `Hamas` under `Hamas'`, forms
//!      that follow the shorter surface in most of its uses.
//! - **Common words**: a lower-case surface (which matches in any case) or a
//!   short one (at most two letters, not an acronym) whose every word is a
//!   common English word (`src/lint_words.txt`, from SCOWL's size-10 list).
//! - **Offices**: a holder id that is not in the gazetteer; one person
//!   holding the same role for the same holder in overlapping terms; and two
//!   people holding a single-seat role (`head_of_state`,
//!   `head_of_government`, `foreign_minister`) for the same holder in terms
//!   that share more than one year (a handover year is shared by both
//!   holders; an undated office is not compared).
//! - **Rules**: files that do not parse or compile, rules without an
//!   example, examples a rule misses, counter-examples it fires on, and rules
//!   that never fire on their own examples ([`rule_examples`], the check
//!   `cargo test` runs on the embedded rules).
//!
//! # Example
//! ```
//! let mut builder = chancery::Extractor::builder();
//! builder.embedded_gazetteer(false).embedded_rules(false).gazetteer_str(
//!     "people.tsv",
//!     "id\tname\taliases\toffices\nJane_Roe\tJane Roe\t\t\njohn-doe\tJohn Doe\t\thead_of_state@NOR:2020-2010\n",
//! );
//! let findings: Vec<String> = chancery::lint::lint(&builder).iter().map(|f| f.to_string()).collect();
//! assert_eq!(findings, [
//!     "people.tsv:2: id \"Jane_Roe\" is not in the contract's form (ISO alpha-3 like RUS, or lower-case-hyphenated like united-nations)",
//!     "people.tsv:3: office \"head_of_state@NOR:2020-2010\" ends (2010) before it begins (2020)",
//! ]);
//! ```

use crate::document::{EntityKind, Role, Via};
use crate::error::{Error, GazetteerErrorKind};
use crate::extractor::{Extractor, ExtractorBuilder, Source};
use crate::gazetteer::{Gazetteer, Origin};
use crate::matcher::{case_fits, is_word_char};
use crate::rules::RuleSources;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

/// One problem, with where it is. In JSON (`chancery lint --format json`):
/// `{"path": ..., "line": ..., "message": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Finding {
    /// The file, as given (embedded files are `gazetteers/NAME` and `src/rules/NAME`, their paths in the repository).
    pub path: String,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: usize,
    /// What is wrong, in lower case.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

impl Finding {
    fn new(path: &str, line: usize, message: impl Into<String>) -> Finding {
        Finding {
            path: path.to_string(),
            line,
            message: message.into(),
        }
    }

    fn at(origin: &Origin, message: impl Into<String>) -> Finding {
        Finding::new(&origin.path, origin.line, message)
    }
}

/// The common English words (lower case) of `src/lint_words.txt`.
static COMMON_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("lint_words.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Whether `word` (any case) is a common English word.
pub fn is_common_word(word: &str) -> bool {
    COMMON_WORDS.contains(word.to_lowercase().as_str())
}

/// Roles one person holds for a state or organisation at a time.
const SINGLE_SEAT: &[Role] = &[
    Role::HeadOfState,
    Role::HeadOfGovernment,
    Role::ForeignMinister,
];

/// Every finding for the sources `builder` would build from, sorted by file and line.
///
/// Never fails: an unreadable file is a finding too.
pub fn lint(builder: &ExtractorBuilder) -> Vec<Finding> {
    let (embedded_gazetteer, embedded_rules, gazetteer_sources, rule_sources) = builder.parts();
    let mut findings = Vec::new();

    // Gazetteer files, each loaded alone with its bad lines blanked out.
    let mut gazetteer_files: Vec<(String, String)> = Vec::new();
    if embedded_gazetteer {
        for (name, text) in crate::gazetteer::embedded::FILES {
            gazetteer_files.push((format!("gazetteers/{name}"), (*text).to_string()));
        }
    }
    for source in gazetteer_sources {
        if let Some(file) = read_source(source, &mut findings) {
            gazetteer_files.push(file);
        }
    }
    let mut clean: Vec<(String, String)> = Vec::new();
    for (path, text) in gazetteer_files {
        if let Some(text) = load_clean(&path, text, &mut findings) {
            clean.push((path, text));
        }
    }
    let mut gazetteer = Gazetteer::new();
    for (path, text) in &clean {
        // Each file loaded alone above, so this cannot fail.
        let _ = gazetteer.add_str(path, text);
    }
    let clashes = check_clashes(&gazetteer, &mut findings);
    check_shadows(&gazetteer, &mut findings);
    check_common_words(&gazetteer, &mut findings);
    check_offices(&gazetteer, &mut findings);

    // Rule files: each parsed alone, then compiled together, dropping any file that breaks.
    let mut rule_files: Vec<(String, String)> = Vec::new();
    if embedded_rules {
        for (name, text) in crate::rules::EMBEDDED {
            rule_files.push((format!("src/rules/{name}"), (*text).to_string()));
        }
    }
    for source in rule_sources {
        if let Some(file) = read_source(source, &mut findings) {
            rule_files.push(file);
        }
    }
    rule_files.retain(
        |(path, text)| match RuleSources::default().add_str(path, text) {
            Ok(()) => true,
            Err(e) => {
                findings.push(Finding::new(&e.path, e.line, e.message));
                false
            }
        },
    );
    loop {
        let mut sources = RuleSources::default();
        for (path, text) in &rule_files {
            let _ = sources.add_str(path, text);
        }
        match sources.compile() {
            Ok(_) => break,
            Err(e) => {
                findings.push(Finding::new(&e.path, e.line, e.message));
                let before = rule_files.len();
                rule_files.retain(|(p, _)| *p != e.path);
                if rule_files.len() == before {
                    break;
                }
            }
        }
    }

    // Rule examples run on the extractor built from what is left, with each
    // clashing surface dropped from its later claimant so that one clash does
    // not hide every rule finding.
    let mut extractor = Extractor::builder();
    extractor.embedded_gazetteer(false).embedded_rules(false);
    for (path, text) in &clean {
        let dropped = match clashes.get(path.as_str()) {
            Some(list) => drop_surfaces(path, text, list),
            None => text.clone(),
        };
        extractor.gazetteer_str(path.clone(), dropped);
    }
    for (path, text) in &rule_files {
        extractor.rules_str(path.clone(), text.clone());
    }
    match extractor.build() {
        Ok(ex) => findings.extend(rule_examples(&ex)),
        Err(e) => findings.push(error_finding(&e, "rule examples not checked: ")),
    }

    findings.sort();
    findings.dedup();
    findings
}

/// Every rule's and frame's examples and counter-examples run against
/// `extractor`: rules and frames without an example, examples they miss,
/// counter-examples they fire on, rules (frames) that fire on none of their
/// own examples, and constructions that no frame's example exercises.
///
/// An expected relation may come from an earlier rule that stated it first
/// (one relation per pair and sentence), but each rule must fire on at least
/// one of its own examples. A frame's examples are checked against all the
/// rules the frame generated together.
pub fn rule_examples(extractor: &Extractor) -> Vec<Finding> {
    let set = extractor.rules();
    let mut findings = Vec::new();
    for rule in set.rules().iter().filter(|r| r.origin.is_none()) {
        let owner = Owner {
            what: format!("rule {}", rule.id),
            path: &rule.path,
            line: rule.line,
            relation: rule.relation,
            examples: &rule.examples,
        };
        owner.check(extractor, &|id| id == &*rule.id, &mut findings);
    }
    // Which constructions fired on some frame's example.
    let mut exercised = vec![false; set.constructions().len()];
    for (fi, frame) in set.frames().iter().enumerate() {
        let mine: Vec<(&str, usize)> = set
            .rules()
            .iter()
            .filter_map(|r| match r.origin {
                Some((f, c)) if f == fi => Some((&*r.id, c)),
                _ => None,
            })
            .collect();
        let owner = Owner {
            what: format!("frame {}", frame.name),
            path: &frame.path,
            line: frame.line,
            relation: frame.relation,
            examples: &frame.examples,
        };
        let fired = owner.check(
            extractor,
            &|id| mine.iter().any(|(m, _)| *m == id),
            &mut findings,
        );
        for id in fired {
            if let Some((_, c)) = mine.iter().find(|(m, _)| *m == id) {
                exercised[*c] = true;
            }
        }
    }
    for (c, construction) in set.constructions().iter().enumerate() {
        let used = set
            .rules()
            .iter()
            .any(|r| r.origin.is_some_and(|(_, rc)| rc == c));
        if used && !exercised[c] {
            findings.push(Finding::new(
                &construction.path,
                construction.line,
                format!(
                    "construction {} is exercised by no frame's example: add one that only it states",
                    construction.name
                ),
            ));
        }
    }
    findings
}

/// A rule or a frame, with the examples it must pass.
struct Owner<'a> {
    what: String,
    path: &'a str,
    line: usize,
    relation: crate::RelationType,
    examples: &'a [crate::rules::Example],
}

impl Owner<'_> {
    /// Runs the examples; returns the ids of its rules that fired on them.
    fn check(
        &self,
        extractor: &Extractor,
        is_mine: &dyn Fn(&str) -> bool,
        findings: &mut Vec<Finding>,
    ) -> Vec<String> {
        let what = &self.what;
        if !self.examples.iter().any(|e| !e.counter) {
            findings.push(Finding::new(
                self.path,
                self.line,
                format!("{what} has no example: add `example TEXT => SUBJECT OBJECT` under it"),
            ));
            return Vec::new();
        }
        let mut fired: Vec<String> = Vec::new();
        for example in self.examples {
            let doc = extractor.extract(&example.text);
            let mine: Vec<_> = doc.relations.iter().filter(|r| is_mine(&r.rule)).collect();
            if !example.counter {
                fired.extend(mine.iter().map(|r| r.rule.to_string()));
            }
            let shown: Vec<String> = mine
                .iter()
                .map(|r| {
                    let mut s = format!("{} {} {}", r.kind, r.subject, r.object);
                    if r.negated {
                        s.push_str(" negated");
                    }
                    if r.modality != crate::Modality::Asserted {
                        s.push_str(&format!(" {}", r.modality));
                    }
                    s
                })
                .collect();
            if example.counter {
                if !mine.is_empty() {
                    findings.push(Finding::new(
                        self.path,
                        example.line,
                        format!(
                            "{what} fires on its counter-example {:?}: {}",
                            example.text,
                            shown.join("; ")
                        ),
                    ));
                }
                continue;
            }
            for want in &example.expected {
                let hit = doc
                    .relations
                    .iter()
                    .filter(|r| r.kind == self.relation)
                    .any(|r| {
                        let (s, o) = (r.subject.as_ref(), r.object.as_ref());
                        ((s == want.subject && o == want.object)
                            || (self.relation.is_symmetric()
                                && s == want.object
                                && o == want.subject))
                            && r.negated == want.negated
                            && r.modality == want.modality
                            && (want.role.is_none() || r.role == want.role)
                    });
                if !hit {
                    let entities: Vec<String> = doc
                        .entities
                        .iter()
                        .map(|e| format!("{}={}", e.text, e.id))
                        .collect();
                    findings.push(Finding::new(
                        self.path,
                        example.line,
                        format!(
                            "{what} misses {} {}{}{} in {:?} (it produced [{}]; entities [{}])",
                            want.subject,
                            want.object,
                            if want.negated { " negated" } else { "" },
                            if want.modality == crate::Modality::Asserted {
                                String::new()
                            } else {
                                format!(" {}", want.modality)
                            },
                            example.text,
                            shown.join("; "),
                            entities.join(", ")
                        ),
                    ));
                }
            }
        }
        if fired.is_empty() {
            findings.push(Finding::new(
                self.path,
                self.line,
                format!("{what} never fires on its own examples (an earlier rule states them all)"),
            ));
        }
        fired.sort();
        fired.dedup();
        fired
    }
}

fn read_source(source: &Source, findings: &mut Vec<Finding>) -> Option<(String, String)> {
    match source {
        Source::Path(p) => match crate::error::read_text(p) {
            Ok(text) => Some((p.display().to_string(), text)),
            Err(e) => {
                findings.push(error_finding(&e, ""));
                None
            }
        },
        Source::Text { name, text } => Some((name.clone(), text.clone())),
    }
}

fn error_finding(e: &Error, prefix: &str) -> Finding {
    match e {
        Error::Gazetteer(g) => Finding::new(&g.path, g.line, format!("{prefix}{}", g.kind)),
        Error::Rule(r) => Finding::new(&r.path, r.line, format!("{prefix}{}", r.message)),
        Error::Io { path, source } => Finding::new(
            &path.display().to_string(),
            0,
            format!("{prefix}cannot read: {source}"),
        ),
        Error::NotText {
            path,
            line,
            offset,
            byte,
        } => Finding::new(
            &path.display().to_string(),
            *line,
            format!("{prefix}not UTF-8 text: invalid byte 0x{byte:02x} at byte offset {offset}"),
        ),
        other => Finding::new("chancery", 0, format!("{prefix}{other}")),
    }
}

/// `text` with the given 1-based lines emptied (line numbers stay as they were).
fn blank_lines(text: &str, lines: &[usize]) -> String {
    if lines.is_empty() {
        return text.to_string();
    }
    text.split('\n')
        .enumerate()
        .map(|(i, l)| if lines.contains(&(i + 1)) { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Loads one gazetteer file alone, reporting each bad line and blanking it
/// until the rest loads; `None` when the file as a whole is unusable (no
/// header, a bad header).
fn load_clean(path: &str, mut text: String, findings: &mut Vec<Finding>) -> Option<String> {
    let header_line = text
        .lines()
        .position(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map_or(0, |i| i + 1);
    let mut blanked = Vec::new();
    loop {
        let Err(e) = Gazetteer::new().add_str(path, &text) else {
            return Some(text);
        };
        let message = match &e.kind {
            GazetteerErrorKind::BadOffice(item) => match reversed_office(item) {
                Some((from, to)) => {
                    format!("office {item:?} ends ({to}) before it begins ({from})")
                }
                None => e.kind.to_string(),
            },
            kind => kind.to_string(),
        };
        findings.push(Finding::new(path, e.line, message));
        if e.line == 0 || e.line == header_line || blanked.contains(&e.line) {
            return None;
        }
        blanked.push(e.line);
        text = blank_lines(&text, &[e.line]);
    }
}

/// `text` without the clashing surfaces `(line, surface)`: each is dropped
/// from its `|`-separated field, or its line emptied where that leaves the
/// file unloadable (a clashing name).
fn drop_surfaces(path: &str, text: &str, clashes: &[(usize, String)]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for (line, surface) in clashes {
        let Some(l) = lines.get_mut(line - 1) else {
            continue;
        };
        let fields: Vec<String> = l
            .split('\t')
            .enumerate()
            .map(|(i, field)| {
                if i == 0 {
                    return field.to_string();
                }
                field
                    .split('|')
                    .filter(|item| item.trim().trim_start_matches(['!', '?']).trim() != surface)
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        *l = fields.join("\t");
    }
    let dropped = lines.join("\n");
    if Gazetteer::new().add_str(path, &dropped).is_ok() {
        dropped
    } else {
        let at: Vec<usize> = clashes.iter().map(|(l, _)| *l).collect();
        blank_lines(text, &at)
    }
}

/// `(from, to)` of an office item whose years run backwards.
fn reversed_office(item: &str) -> Option<(u16, u16)> {
    let (_, years) = item.rsplit_once(':')?;
    let (from, to) = years.trim().split_once('-')?;
    let (from, to) = (
        from.trim().parse::<u16>().ok()?,
        to.trim().parse::<u16>().ok()?,
    );
    (to < from).then_some((from, to))
}

/// Every surface claimed by two entries without exactly one `!`. Returns the
/// line and surface of each later claimant, by file.
fn check_clashes<'g>(
    g: &'g Gazetteer,
    findings: &mut Vec<Finding>,
) -> HashMap<&'g str, Vec<(usize, String)>> {
    let mut owner: HashMap<&str, usize> = HashMap::new();
    let mut later: HashMap<&str, Vec<(usize, String)>> = HashMap::new();
    let entries = g.entries();
    for (ei, entry) in entries.iter().enumerate() {
        for surface in &entry.surfaces {
            let text: &str = &surface.text;
            let Some(&other_ei) = owner.get(text) else {
                owner.insert(text, ei);
                continue;
            };
            if other_ei == ei {
                continue;
            }
            let other = &entries[other_ei];
            let other_wins = other.surfaces.iter().any(|s| &*s.text == text && s.wins);
            match (surface.wins, other_wins) {
                (true, false) => {
                    owner.insert(text, ei);
                }
                (false, true) => {}
                (both, _) => {
                    let how = if both {
                        "both mark it '!'"
                    } else {
                        "neither marks it '!'"
                    };
                    findings.push(Finding::at(
                        &entry.origin,
                        format!(
                            "alias {text:?} for {} already belongs to {} ({}) and {how}; prefix it with '!' on the entry that should win",
                            entry.id, other.id, other.origin
                        ),
                    ));
                    later
                        .entry(&*entry.origin.path)
                        .or_default()
                        .push((entry.origin.line, text.to_string()));
                }
            }
        }
    }
    later
}

/// A surface the matcher compiles: its text, what it names and where it is written.
struct Compiled<'g> {
    text: &'g str,
    /// Entry id, or `None` for a non-actor.
    id: Option<&'g str>,
    origin: &'g Origin,
}

/// The surfaces in the matcher's candidate order (one per exact text, the
/// `!` winner where two claim it), then the non-actors no entry claims.
/// Derived surnames are left out: they are not written in the data.
fn compiled(g: &Gazetteer) -> (Vec<Compiled<'_>>, Vec<(&str, &Origin, &str)>) {
    let entries = g.entries();
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<Compiled<'_>> = Vec::new();
    for entry in entries {
        for surface in &entry.surfaces {
            let text: &str = &surface.text;
            let here = Compiled {
                text,
                id: Some(&entry.id),
                origin: &entry.origin,
            };
            match at.get(text) {
                None => {
                    at.insert(text, out.len());
                    out.push(here);
                }
                Some(&i) => {
                    if surface.wins && out[i].id != Some(&*entry.id) {
                        out[i] = here;
                    }
                }
            }
        }
    }
    let mut dead = Vec::new();
    for block in g.non_actors() {
        match at.get(&*block.surface) {
            Some(&i) => dead.push((&*block.surface, &block.origin, out[i].id.unwrap_or(""))),
            None => {
                at.insert(&block.surface, out.len());
                out.push(Compiled {
                    text: &block.surface,
                    id: None,
                    origin: &block.origin,
                });
            }
        }
    }
    (out, dead)
}

fn describe(c: &Compiled<'_>) -> String {
    match c.id {
        Some(id) => format!("{:?} of {id} ({})", c.text, c.origin),
        None => format!("non-actor {:?} ({})", c.text, c.origin),
    }
}

fn check_shadows(g: &Gazetteer, findings: &mut Vec<Finding>) {
    let (surfaces, dead) = compiled(g);
    for (text, origin, id) in dead {
        findings.push(Finding::at(
            origin,
            format!(
                "non-actor {text:?} is also a surface of {id}, which wins: this line has no effect"
            ),
        ));
    }
    // 1. Same pattern ignoring case: candidates are tried in this order.
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in surfaces.iter().enumerate() {
        by_key
            .entry(s.text.to_ascii_lowercase())
            .or_default()
            .push(i);
    }
    let mut keys: Vec<&String> = by_key.keys().collect();
    keys.sort();
    for key in &keys {
        let group = &by_key[*key];
        for (k, &later) in group.iter().enumerate() {
            let b = &surfaces[later];
            let hider = group[..k]
                .iter()
                .map(|&i| &surfaces[i])
                .find(|a| a.id != b.id && case_fits(a.text, b.text));
            if let Some(a) = hider {
                let what = match b.id {
                    Some(id) => format!("surface {:?} of {id}", b.text),
                    None => format!("non-actor {:?}", b.text),
                };
                findings.push(Finding::at(
                    b.origin,
                    format!(
                        "{what} can never match: the matcher ignores case, and {} comes first and fits every text it fits",
                        describe(a)
                    ),
                ));
            }
        }
    }
    // 2. A longer surface of another target at the same start, whose
    // continuation is punctuation or a possessive.
    for key in &keys {
        let shorter = &surfaces[by_key[*key][0]];
        let start = keys.partition_point(|k| k.as_str() <= key.as_str());
        for long_key in keys[start..]
            .iter()
            .take_while(|k| k.starts_with(key.as_str()))
        {
            let rest = &long_key[key.len()..];
            let boundary = !shorter.text.chars().next_back().is_some_and(is_word_char)
                || !rest.chars().next().is_some_and(is_word_char);
            let dependent =
                !rest.chars().any(char::is_alphanumeric) || matches!(rest, "'s" | "\u{2019}s");
            if !boundary || !dependent {
                continue;
            }
            for &li in &by_key[*long_key] {
                let longer = &surfaces[li];
                if longer.id == shorter.id || shorter.id.is_none() {
                    continue;
                }
                findings.push(Finding::at(
                    shorter.origin,
                    format!(
                        "surface {:?} of {} is hidden wherever it is followed by {rest:?} (most of its uses): {} is longer and starts at the same place",
                        shorter.text,
                        shorter.id.unwrap_or(""),
                        describe(longer)
                    ),
                ));
                break;
            }
        }
    }
}

fn check_common_words(g: &Gazetteer, findings: &mut Vec<Finding>) {
    for entry in g.entries() {
        for s in &entry.surfaces {
            let text: &str = &s.text;
            let has_lower = text.chars().any(char::is_lowercase);
            let has_upper = text.chars().any(char::is_uppercase);
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            let lower_case = !has_upper;
            let short = letters <= 2 && has_lower;
            if !(lower_case || short) {
                continue;
            }
            let words: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            if words.is_empty() || !words.iter().all(|w| is_common_word(w)) {
                continue;
            }
            let column = match s.via {
                Via::Name => "name",
                Via::Demonym => "demonym",
                Via::Capital => "capital",
                Via::Seat => "seat",
                _ => "alias",
            };
            let why = if lower_case {
                "a lower-case surface matches in any case"
            } else {
                "a short surface that is not an acronym matches it capitalised"
            };
            findings.push(Finding::at(
                &entry.origin,
                format!(
                    "{column} {text:?} of {} is common English ({}): {why}, so it matches ordinary prose; capitalise it as names are written, or drop it",
                    entry.id,
                    if words.len() == 1 { "a common word".to_string() } else { "all common words".to_string() }
                ),
            ));
        }
    }
}

fn years(from: Option<u16>, to: Option<u16>) -> String {
    format!(
        "{}-{}",
        from.map_or(String::new(), |y| y.to_string()),
        to.map_or(String::new(), |y| y.to_string())
    )
}

fn check_offices(g: &Gazetteer, findings: &mut Vec<Finding>) {
    // (holder, role) -> (entry index, office index)
    let mut seats: HashMap<(&str, Role), Vec<(usize, usize)>> = HashMap::new();
    let entries = g.entries();
    for (ei, e) in entries.iter().enumerate() {
        for (oi, o) in e.offices.iter().enumerate() {
            match g.get(&o.holder) {
                None => findings.push(Finding::at(
                    &e.origin,
                    format!(
                        "office {}@{} of {}: no entry has the id {}",
                        o.role, o.holder, e.id, o.holder
                    ),
                )),
                Some(h) if h.kind == EntityKind::Person => findings.push(Finding::at(
                    &e.origin,
                    format!(
                        "office {}@{} of {}: {} is a person, not a state or organisation",
                        o.role, o.holder, e.id, o.holder
                    ),
                )),
                Some(_) => {}
            }
            seats.entry((&o.holder, o.role)).or_default().push((ei, oi));
        }
    }
    let mut keys: Vec<_> = seats.keys().copied().collect();
    keys.sort();
    for key in keys {
        let terms = &seats[&key];
        for (k, &(ei, oi)) in terms.iter().enumerate() {
            let o = &entries[ei].offices[oi];
            if o.from.is_none() && o.to.is_none() {
                continue;
            }
            for &(ej, oj) in &terms[..k] {
                let p = &entries[ej].offices[oj];
                if p.from.is_none() && p.to.is_none() {
                    continue;
                }
                let start = o.from.unwrap_or(0).max(p.from.unwrap_or(0));
                let end = o.to.unwrap_or(u16::MAX).min(p.to.unwrap_or(u16::MAX));
                let (role, holder) = (key.1, key.0);
                if ei == ej && start <= end {
                    findings.push(Finding::at(
                        &entries[ei].origin,
                        format!(
                            "{} holds {role}@{holder} twice in overlapping terms ({} and {})",
                            entries[ei].id,
                            years(p.from, p.to),
                            years(o.from, o.to)
                        ),
                    ));
                } else if ei != ej && SINGLE_SEAT.contains(&role) && start < end {
                    findings.push(Finding::at(
                        &entries[ei].origin,
                        format!(
                            "{} is {role} of {holder} {} while {} ({}) is {}: one {role} at a time",
                            entries[ei].id,
                            years(o.from, o.to),
                            entries[ej].id,
                            entries[ej].origin,
                            years(p.from, p.to)
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint_gazetteer(files: &[(&str, &str)]) -> Vec<String> {
        let mut b = Extractor::builder();
        b.embedded_gazetteer(false).embedded_rules(false);
        for (name, text) in files {
            b.gazetteer_str(*name, *text);
        }
        lint(&b).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_bad_line_is_reported_not_just_the_first() {
        let found = lint_gazetteer(&[(
            "countries.tsv",
            "id\tname\taliases\nRussia\tRussia\t\nNOR\tNorway\n\nSWE\tSweden\t\nSWE\tSweden\t\n",
        )]);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("countries.tsv:2: id \"Russia\""));
        assert!(found[1].starts_with("countries.tsv:3: expected 3 tab-separated fields"));
        assert!(found[2].starts_with("countries.tsv:6: id \"SWE\" already appears on line 5"));
    }

    #[test]
    fn clashes_case_shadows_and_prefix_shadows() {
        let found = lint_gazetteer(&[
            (
                "organisations.tsv",
                "id\tname\taliases\nacme\tAcme\tAC|U.S\nacme-two\tAcme Two\tAC|ACME\nhamas\tHamas\t\nhamas-two\tHAMAS\t\n",
            ),
            (
                "non_actors.tsv",
                "surface\treason\nU.S.\tabbreviation\nAcme Two\tsame as an entry\n",
            ),
        ]);
        let want = [
            "non_actors.tsv:3: non-actor \"Acme Two\" is also a surface of acme-two, which wins",
            "organisations.tsv:2: surface \"U.S\" of acme is hidden wherever it is followed by \".\"",
            "organisations.tsv:3: alias \"AC\" for acme-two already belongs to acme (organisations.tsv:2) and neither",
            "organisations.tsv:3: surface \"ACME\" of acme-two can never match: the matcher ignores case, and \"Acme\" of acme",
            "organisations.tsv:5: surface \"HAMAS\" of hamas-two can never match",
        ];
        assert_eq!(found.len(), want.len(), "{found:#?}");
        for (f, w) in found.iter().zip(want) {
            assert!(f.starts_with(w), "{f}\n  does not start with\n{w}");
        }
    }

    #[test]
    fn common_words_and_offices() {
        let found = lint_gazetteer(&[
            (
                "countries.tsv",
                "id\tname\taliases\nNOR\tNorway\tnorway|the state|Up\n",
            ),
            (
                "people.tsv",
                "id\tname\taliases\toffices\n\
                 a-b\tA B\t\thead_of_state@NOR:2000-2010|head_of_state@NOR:2005-2006\n\
                 c-d\tC D\t\thead_of_state@NOR:2010-|minister@XXX:2001-\n\
                 e-f\tE F\t\thead_of_state@NOR:2008-2009\n",
            ),
        ]);
        let want = [
            "countries.tsv:2: alias \"Up\" of NOR is common English (a common word): a short surface",
            "countries.tsv:2: alias \"the state\" of NOR is common English (all common words)",
            "people.tsv:2: a-b holds head_of_state@NOR twice in overlapping terms (2000-2010 and 2005-2006)",
            "people.tsv:3: office minister@XXX of c-d: no entry has the id XXX",
            "people.tsv:4: e-f is head_of_state of NOR 2008-2009 while a-b (people.tsv:2) is 2000-2010",
        ];
        assert_eq!(found.len(), want.len(), "{found:#?}");
        for (f, w) in found.iter().zip(want) {
            assert!(f.starts_with(w), "{f}\n  does not start with\n{w}");
        }
    }
}
