//! Structure-aware gazetteers: `arbitrary`-derived rows (ids, names,
//! `!`/`?`-marked aliases, demonyms, punctuation-only and combining-mark
//! surfaces) rendered to a TSV file, then a text woven from the same
//! surfaces. Building returns Ok or an error naming the file and a line of
//! it; a built extractor finds mentions whose offsets slice back to their
//! text and never split a character from its combining marks.
#![no_main]

use chancery::Extractor;
use chancery_fuzz::{WORDS, check_offsets, pick};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

const FILES: &[&str] = &[
    "countries.tsv",
    "organisations.tsv",
    "people.tsv",
    "mine.tsv",
];
const IDS: &[&str] = &[
    "RUS",
    "AFG",
    "XXX",
    "rus",
    "taliban",
    "vladimir-putin",
    "a-b",
    "-",
    "",
];
const PREFIXES: &[&str] = &["", "!", "?", "!?"];
const MARKS: &[&str] = &["\u{301}", "\u{308}", "\u{20dd}", "\u{94d}", "\u{e47}"];
const RULES: &str = "class meet = met meets\n\
rule fuzz/meet: meeting\n  pattern {subject} ^@meet {object}\n";

#[derive(Arbitrary, Debug)]
struct Input {
    file: u8,
    kind_column: bool,
    rows: Vec<Row>,
    /// The text: surfaces and words with separators.
    text: Vec<Piece>,
}

#[derive(Arbitrary, Debug)]
struct Row {
    id: u8,
    name: Surface,
    aliases: Vec<(u8, Surface)>,
    demonyms: Vec<Surface>,
    kind: u8,
}

#[derive(Arbitrary, Debug)]
enum Surface {
    Words(Vec<u8>),
    /// Words with a combining mark after the `at`-th character.
    Marked(Vec<u8>, u8, u8),
    Any(String),
}

#[derive(Arbitrary, Debug)]
enum Piece {
    Surface(u8),
    Word(u8),
    Mark(u8),
    Space,
    Any(String),
}

fn surface(s: &Surface) -> String {
    match s {
        Surface::Words(ws) => ws
            .iter()
            .map(|&w| pick(WORDS, w))
            .collect::<Vec<_>>()
            .join(" "),
        Surface::Marked(ws, at, mark) => {
            let plain = surface(&Surface::Words(ws.clone()));
            let at = plain
                .char_indices()
                .map(|(i, _)| i)
                .nth(usize::from(*at) % (plain.chars().count() + 1))
                .unwrap_or(plain.len());
            format!("{}{}{}", &plain[..at], pick(MARKS, *mark), &plain[at..])
        }
        Surface::Any(s) => s.replace(['\t', '\n', '\r', '|'], " "),
    }
}

fn render(input: &Input) -> (String, Vec<String>) {
    let mut surfaces = Vec::new();
    let mut tsv = String::from("id\tname\taliases\tdemonyms");
    if input.kind_column {
        tsv.push_str("\tkind");
    }
    tsv.push('\n');
    for row in &input.rows {
        let name = surface(&row.name);
        let aliases: Vec<String> = row
            .aliases
            .iter()
            .map(|(p, s)| format!("{}{}", pick(PREFIXES, *p), surface(s)))
            .collect();
        let demonyms: Vec<String> = row.demonyms.iter().map(surface).collect();
        tsv.push_str(&format!(
            "{}\t{name}\t{}\t{}",
            pick(IDS, row.id),
            aliases.join("|"),
            demonyms.join("|")
        ));
        if input.kind_column {
            tsv.push('\t');
            tsv.push_str(pick(
                &["country", "organisation", "person", "", "city"],
                row.kind,
            ));
        }
        tsv.push('\n');
        surfaces.push(name);
        surfaces.extend(
            aliases
                .iter()
                .map(|a| a.trim_start_matches(['!', '?']).to_string()),
        );
        surfaces.extend(demonyms);
    }
    (tsv, surfaces)
}

fuzz_target!(|input: Input| {
    let path = pick(FILES, input.file);
    let (tsv, surfaces) = render(&input);
    let built = Extractor::builder()
        .embedded_gazetteer(false)
        .embedded_rules(false)
        .gazetteer_str(path, tsv.as_str())
        .rules_str("fuzz.rules", RULES)
        .build();
    let ex = match built {
        Ok(ex) => ex,
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with(&format!("{path}:")), "{message}");
            return;
        }
    };
    let mut text = String::new();
    for piece in &input.text {
        match piece {
            Piece::Surface(i) if !surfaces.is_empty() => {
                text.push_str(&surfaces[usize::from(*i) % surfaces.len()]);
            }
            Piece::Surface(_) | Piece::Space => text.push(' '),
            Piece::Word(w) => text.push_str(pick(WORDS, *w)),
            Piece::Mark(m) => text.push_str(pick(MARKS, *m)),
            Piece::Any(s) => text.push_str(s),
        }
    }
    let doc = ex.extract(&text);
    check_offsets(&text, &doc);
    for e in &doc.entities {
        let next = text[e.end..].chars().next();
        assert!(
            !next.is_some_and(is_combining),
            "mention {e:?} ends before a combining mark in {text:?}"
        );
        assert!(
            !e.text.starts_with(is_combining),
            "mention {e:?} starts with a combining mark in {text:?}"
        );
    }
});

/// The combining marks this target writes.
fn is_combining(c: char) -> bool {
    MARKS.iter().any(|m| m.starts_with(c))
}
