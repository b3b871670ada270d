//! Structure-aware rule files: an `arbitrary`-derived rule AST (classes with
//! brace words, titles, rules with nested patterns) rendered to text. Two
//! bytes make a pattern thousands of brackets deep (`Nest`), a sequence
//! thousands of elements long (`Many`) or a brace word many groups long
//! (`Braced::times`), which byte-level mutation of rule text never reaches.
//! Building returns Ok or an error naming `fuzz.rules`, never panics or
//! aborts; a built extractor extracts the rule examples and a fixed text
//! with every offset on a char boundary.
#![no_main]

use chancery::{Extractor, RelationType, Role};
use chancery_fuzz::{COUNTRIES, ORGS, PEOPLE, TEXT, WORDS, check_offsets, pick};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;

/// Rendered rule files stop growing here (a `Many` inside a `Many` would
/// otherwise take gigabytes before the parser sees it).
const MAX_RENDERED: usize = 256 * 1024;
/// `Many` writes at most this many copies: far past every limit, and cheap
/// enough to keep the runs fast.
const MAX_MANY: u16 = 4096;

const CLASSES: &[&str] = &["recognise", "meet", "vg", "x", "Bad-Name", ""];
const PUNCT: &[&str] = &[
    ",", ".", "(", ")", "'", "\"", "-", ":", "\u{2014}", "\u{301}",
];
const SLOTS: &[&str] = &["subject", "object", "to", "actor", "role", "nope"];
const KINDS: &[&str] = &[
    "",
    ":country",
    ":person",
    ":org",
    ":country|organisation",
    ":city",
];
const QUANTS: &[&str] = &["?", "*", "+"];

#[derive(Arbitrary, Debug)]
struct File {
    classes: Vec<Class>,
    titles: Vec<Title>,
    rules: Vec<Rule>,
}

#[derive(Arbitrary, Debug)]
struct Class {
    name: u8,
    words: Vec<ClassWord>,
}

#[derive(Arbitrary, Debug)]
enum ClassWord {
    Plain(u8),
    /// A stem, then `groups` (each a brace group of palette words) written
    /// `times` times over.
    Braced {
        stem: u8,
        groups: Vec<Vec<u8>>,
        times: u16,
    },
}

#[derive(Arbitrary, Debug)]
struct Title {
    role: u8,
    phrases: Vec<Vec<u8>>,
}

#[derive(Arbitrary, Debug)]
struct Rule {
    relation: u8,
    role: Option<u8>,
    patterns: Vec<Vec<Elem>>,
    examples: Vec<Vec<u8>>,
}

#[derive(Arbitrary, Debug)]
enum Elem {
    Word(u8),
    Class(u8),
    Punct(u8),
    Slot(u8, u8),
    Group(Vec<Vec<Elem>>),
    Quant(Box<Elem>, u8),
    Gap(u8),
    Anchor(Box<Elem>),
    Not(Box<Elem>),
    /// The element inside this many brackets.
    Nest(u16, Box<Elem>),
    /// The element this many times in a row.
    Many(u16, Box<Elem>),
    /// Any text, as written.
    Raw(String),
}

fn render_elem(e: &Elem, out: &mut String) {
    if out.len() > MAX_RENDERED {
        return;
    }
    match e {
        Elem::Word(w) => out.push_str(pick(WORDS, *w)),
        Elem::Class(c) => {
            out.push('@');
            out.push_str(pick(CLASSES, *c));
        }
        Elem::Punct(p) => out.push_str(pick(PUNCT, *p)),
        Elem::Slot(s, k) => {
            let _ = write!(out, "{{{}{}}}", pick(SLOTS, *s), pick(KINDS, *k));
        }
        Elem::Group(alts) => {
            out.push('[');
            for (i, alt) in alts.iter().enumerate() {
                if i > 0 {
                    out.push_str(" | ");
                }
                render_seq(alt, out);
            }
            out.push(']');
        }
        Elem::Quant(inner, q) => {
            render_elem(inner, out);
            out.push_str(pick(QUANTS, *q));
        }
        Elem::Gap(n) => {
            let _ = write!(out, "..{}", n % 10);
        }
        Elem::Anchor(inner) => {
            out.push('^');
            render_elem(inner, out);
        }
        Elem::Not(inner) => {
            out.push('!');
            render_elem(inner, out);
        }
        Elem::Nest(depth, inner) => {
            let depth = usize::from(*depth);
            out.push_str(&"[".repeat(depth));
            render_elem(inner, out);
            out.push_str(&"]".repeat(depth));
        }
        Elem::Many(n, inner) => {
            for _ in 0..*n % MAX_MANY {
                if out.len() > MAX_RENDERED {
                    break;
                }
                render_elem(inner, out);
                out.push(' ');
            }
        }
        Elem::Raw(s) => out.push_str(&s.replace('\n', " ")),
    }
}

fn render_seq(seq: &[Elem], out: &mut String) {
    for (i, e) in seq.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        render_elem(e, out);
    }
}

fn render_words(words: &[u8], sep: &str, out: &mut String) {
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(pick(WORDS, *w));
    }
}

fn render(file: &File) -> String {
    let mut out = String::new();
    for c in &file.classes {
        let _ = write!(out, "class {} =", pick(CLASSES, c.name));
        for w in &c.words {
            out.push(' ');
            match w {
                ClassWord::Plain(w) => out.push_str(pick(WORDS, *w)),
                ClassWord::Braced {
                    stem,
                    groups,
                    times,
                } => {
                    out.push_str(pick(WORDS, *stem));
                    for _ in 0..*times {
                        if out.len() > MAX_RENDERED {
                            break;
                        }
                        for g in groups {
                            out.push('{');
                            render_words(g, ",", &mut out);
                            out.push('}');
                        }
                    }
                }
            }
        }
        out.push('\n');
    }
    for t in &file.titles {
        let role = Role::ALL[usize::from(t.role) % Role::ALL.len()];
        let _ = write!(out, "title {} =", role.as_str());
        for (i, p) in t.phrases.iter().enumerate() {
            out.push_str(if i > 0 { " | " } else { " " });
            render_words(p, " ", &mut out);
        }
        out.push('\n');
    }
    for (i, r) in file.rules.iter().enumerate() {
        let relation = RelationType::ALL[usize::from(r.relation) % RelationType::ALL.len()];
        let _ = write!(out, "rule fuzz/r{i}: {}", relation.as_str());
        if let Some(role) = r.role {
            let role = Role::ALL[usize::from(role) % Role::ALL.len()];
            let _ = write!(out, " role={}", role.as_str());
        }
        out.push('\n');
        for p in &r.patterns {
            out.push_str("  pattern ");
            render_seq(p, &mut out);
            out.push('\n');
        }
        for e in &r.examples {
            out.push_str("  counter ");
            render_words(e, " ", &mut out);
            out.push('\n');
        }
    }
    out
}

fuzz_target!(|file: File| {
    let rules = render(&file);
    let built = Extractor::builder()
        .embedded_gazetteer(false)
        .embedded_rules(false)
        .gazetteer_str("countries.tsv", COUNTRIES)
        .gazetteer_str("organisations.tsv", ORGS)
        .gazetteer_str("people.tsv", PEOPLE)
        .rules_str("fuzz.rules", rules.as_str())
        .build();
    match built {
        Ok(ex) => {
            let doc = ex.extract(TEXT);
            check_offsets(TEXT, &doc);
            for r in &file.rules {
                for e in &r.examples {
                    let mut text = String::new();
                    render_words(e, " ", &mut text);
                    check_offsets(&text, &ex.extract(&text));
                    let _ = ex.explain(&text);
                }
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("fuzz.rules:"), "{message}");
        }
    }
});
