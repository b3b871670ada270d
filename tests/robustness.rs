//! Bad and adversarial input (issue 5): `extract` never panics, every offset
//! it reports is a char boundary that slices back to the reported text, the
//! output is deterministic, and the work grows linearly with the text whatever
//! its shape.
//!
//! The linear-work tests print their figures (`cargo test --test robustness
//! -- --nocapture linear`).

use chancery::sentence::{MAX_SENTENCE_BYTES, sentences};
use chancery::{DocDate, Document, ExtractStats, Extractor, Span};
use proptest::prelude::*;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new().expect("embedded data builds"))
}

/// Every offset invariant of the output contract, as a message on failure.
fn check_offsets(text: &str, doc: &Document) -> Result<(), String> {
    let boundary = |what: &str, at: usize| {
        if text.is_char_boundary(at) {
            Ok(())
        } else {
            Err(format!(
                "{what} {at} is not a char boundary (text has {} bytes)",
                text.len()
            ))
        }
    };
    let chars = |byte: usize| text[..byte].chars().count();
    let char_span = |what: &str, bytes: Span, by_char: Span| -> Result<(), String> {
        if (chars(bytes.start), chars(bytes.end)) != (by_char.start, by_char.end) {
            return Err(format!(
                "{what}: code points {by_char:?} are not bytes {bytes:?}"
            ));
        }
        Ok(())
    };
    let span = |what: &str, Span { start: a, end: b }: Span| -> Result<(), String> {
        if a > b {
            return Err(format!("{what} {a}..{b} runs backwards"));
        }
        boundary(what, a)?;
        boundary(what, b)
    };
    let mut last_start = 0;
    for e in &doc.entities {
        span("entity", e.span())?;
        char_span("entity", e.span(), Span::new(e.char_start, e.char_end))?;
        if text[e.start..e.end] != e.text {
            return Err(format!(
                "entity {e:?}: text[{}..{}] = {:?}",
                e.start,
                e.end,
                &text[e.start..e.end]
            ));
        }
        if e.start == e.end {
            return Err(format!("empty entity {e:?}"));
        }
        if e.start < last_start {
            return Err(format!("entity {e:?} out of text order"));
        }
        last_start = e.start;
    }
    for r in &doc.relations {
        span("relation", r.span())?;
        char_span("relation", r.span(), Span::new(r.char_start, r.char_end))?;
        if text[r.start..r.end] != r.evidence {
            return Err(format!(
                "relation {r:?}: evidence is not text[{}..{}]",
                r.start, r.end
            ));
        }
        span("subject_span", r.subject_span)?;
        span("object_span", r.object_span)?;
        span("trigger_span", r.trigger_span)?;
        for (what, Span { start: a, end: b }) in [
            ("trigger", r.trigger_span),
            ("subject", r.subject_span),
            ("object", r.object_span),
        ] {
            if a < r.start || b > r.end {
                return Err(format!(
                    "{what} {a}..{b} outside the evidence {}..{}: {r:?}",
                    r.start, r.end
                ));
            }
        }
    }
    Ok(())
}

/// Extracts twice (plain and with stats) and checks offsets and determinism.
fn check_text(text: &str) -> Result<(), String> {
    let ex = extractor();
    let (doc, stats) = ex.extract_with_stats(text);
    check_offsets(text, &doc)?;
    let (again, stats_again) = ex.extract_with_stats(text);
    if doc != again || stats != stats_again {
        return Err("two extractions of the same text differ".into());
    }
    if ex.extract(text) != doc {
        return Err("extract and extract_with_stats differ".into());
    }
    let mentions = ex.mentions(text);
    if mentions != doc.entities {
        return Err("mentions() differs from extract().entities".into());
    }
    // With a publication date, titles resolve to office holders: same invariants.
    let dated = ex.extract_on(text, date());
    check_offsets(text, &dated).map_err(|e| format!("extract_on: {e}"))?;
    if dated != ex.extract_on(text, date()) {
        return Err("two dated extractions of the same text differ".into());
    }
    check_sentences(text)
}

fn date() -> DocDate {
    "2025-07-04".parse().expect("a valid date")
}

/// Sentence spans: in order, trimmed, on char boundaries, at most
/// `MAX_SENTENCE_BYTES`, covering every non-whitespace character.
fn check_sentences(text: &str) -> Result<(), String> {
    let mut last = 0;
    let mut covered = 0;
    for s in sentences(text) {
        if s.start < last
            || s.start >= s.end
            || !text.is_char_boundary(s.start)
            || !text.is_char_boundary(s.end)
        {
            return Err(format!("bad sentence span {s:?} after {last}"));
        }
        let t = &text[s.range()];
        if t != t.trim() || t.len() > MAX_SENTENCE_BYTES {
            return Err(format!("sentence {s:?} untrimmed or over the limit"));
        }
        covered += t.chars().filter(|c| !c.is_whitespace()).count();
        last = s.end;
    }
    if covered != text.chars().filter(|c| !c.is_whitespace()).count() {
        return Err("sentences do not cover every non-whitespace character".into());
    }
    Ok(())
}

/// Gazetteer surfaces, traps and near-misses.
const ALIASES: &[&str] = &[
    "Russia",
    "the Taliban",
    "Taliban",
    "Moscow",
    "MOSCOW",
    "U.S.",
    "US",
    "us",
    "Côte d’Ivoire",
    "Côte d'Ivoire",
    "Afghan",
    "Afghan Foreign Minister",
    "Russian",
    "Putin",
    "Vladimir Putin",
    "Kabul",
    "KABUL",
    "China",
    "Pakistan",
    "Saudi Arabia",
    "the UAE",
    "United Arab Emirates",
    "Iran",
    "Qatar",
    "Chad",
    "Georgia",
    "Jordan",
    "Türkiye",
    "Turkey",
    "Israel",
    "Hamas",
    "the United Nations",
    "UN",
    "NATO",
    "Washington",
    "Washington Post",
    "the Kremlin",
    "Muttaqi",
    "Amir Khan Muttaqi",
    "Islamic Emirate",
    "Soviet Union",
    "al-Qaeda",
];

/// Relation verbs, cue words and qualifiers.
const VERBS: &[&str] = &[
    "recognised",
    "recognise",
    "recognized",
    "met",
    "sanctioned",
    "will not recognise",
    "has not",
    "ambassador to",
    "an ambassador to",
    "envoy",
    "plans to",
    "would no longer",
    "if",
    "condemned",
    "welcomed",
    "visited",
    "agreed",
    "signed",
    "severed ties with",
    "designated",
    "invaded",
    "appointed",
    "President",
    "Foreign Minister",
    "In 2003",
    "1997",
    "the government",
    "government of",
    "recognition",
    "formally",
    "and",
    "or",
    "but",
];

/// Punctuation, abbreviations and whitespace.
const PUNCT: &[&str] = &[
    ". ", ".", ", ", ",", "’s", "'s", "'", "’", "“", "”", "\"", "\n", "\n\n", "\r\n", "…", "(",
    ")", ";", ":", "-", "—", "?", "!", "Mr.", "Dr.", "e.g.", "U.N.", "&", "/", "\t", "\u{a0}",
];

/// Multi-byte and otherwise awkward characters.
const ODD: &[&str] = &[
    "é",
    "ü",
    "ß",
    "Σ",
    "İ",
    "ﬁ",
    "\u{0301}",
    "\u{200b}",
    "\u{feff}",
    "\u{2028}",
    "🇷🇺",
    "𝔘",
    "日本",
    "\u{0}",
    "\u{7f}",
    "\u{10ffff}",
    "ǅ",
    "Ⅻ",
    "٣",
];

fn palette_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(ALIASES).prop_map(str::to_string),
        3 => prop::sample::select(VERBS).prop_map(str::to_string),
        3 => prop::sample::select(PUNCT).prop_map(str::to_string),
        1 => prop::sample::select(ODD).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn palette_text() -> impl Strategy<Value = String> {
    let joiner = prop::sample::select(&["", " ", " ", " ", "  "][..]);
    prop::collection::vec((palette_piece(), joiner), 0..48).prop_map(|pieces| {
        let mut s = String::new();
        for (piece, join) in pieces {
            s.push_str(&piece);
            s.push_str(join);
        }
        s
    })
}

proptest! {
    // Failures print their minimal input; regressions go in `edge_cases_never_break_offsets`.
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_never_breaks_offsets(text in any::<String>()) {
        check_text(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn arbitrary_chars_never_break_offsets(chars in prop::collection::vec(any::<char>(), 0..120)) {
        let text: String = chars.into_iter().collect();
        check_text(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn palette_texts_never_break_offsets(text in palette_text()) {
        check_text(&text).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn lossy_bytes_never_break_offsets(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        check_text(&text).map_err(TestCaseError::fail)?;
    }
}

/// Hand-picked texts that have broken tokenisers elsewhere.
#[test]
fn edge_cases_never_break_offsets() {
    let cases = [
        "",
        " ",
        ".",
        "’",
        "'s",
        "’s’s’s",
        "Russia’",
        "Russia's's",
        "Russia\u{0301} recognised the Taliban.",
        "İİİ Russia recognised the Taliban",
        "RUSSIA RECOGNISED THE TALIBAN",
        "Côte d’Ivoire recognised Côte d'Ivoire.",
        "\u{feff}Moscow formally recognised the Taliban government.",
        "KABUL, July 4 - Moscow formally recognised the Taliban government.",
        "Russia recognised",
        "recognised the Taliban",
        "Russia (Russia (Russia) recognised the Taliban (the Taliban)",
        "Russia, , and and China recognised the Taliban, , and",
        "U.S. U.S. U.S.",
        "Mr. Putin met Mr. Xi. Putin met Xi...",
        "Russia recognised the Taliban…China recognised the Taliban…",
        "Russia\r\nrecognised\r\nthe Taliban\r\n",
        "“Russia recognised the Taliban,” Putin said.",
        "Russia 🇷🇺 recognised 🇦🇫 the Taliban 𝔘𝔘.",
        "Vladimir Putin. Putin. Putin’s envoy to Kabul",
        "Russia will not recognise the Taliban if Iran sanctioned Qatar in 1997",
        // More titled people than a list holds (regression: an index past MAX_LIST).
        &titled_lists(40),
    ];
    for text in cases {
        if let Err(e) = check_text(text) {
            panic!("{text:?}: {e}");
        }
    }
}

/// Over-long sentences are cut on char boundaries, at a comma or space where there is one.
#[test]
fn over_long_sentences_are_cut_cleanly() {
    let cases = [
        "é".repeat(5_000),
        "日本".repeat(3_000),
        "🇷🇺".repeat(2_000),
        "Russia,".repeat(1_000),
        format!(
            "{}Moscow recognised the Taliban.",
            "x".repeat(MAX_SENTENCE_BYTES - 3)
        ),
        format!(
            "{}Moscow recognised the Taliban.",
            "é".repeat(MAX_SENTENCE_BYTES / 2 - 1)
        ),
        "Saudi Arabia, ".repeat(400) + "and Qatar recognised the Taliban.",
        "Russia recognised the Taliban ".repeat(300),
        " ".repeat(10_000) + "Russia met Iran" + &" ".repeat(10_000),
        "\n".repeat(10_000) + "KABUL Moscow met Kabul",
    ];
    for text in &cases {
        if let Err(e) = check_text(text) {
            panic!("{:?}...: {e}", text.chars().take(40).collect::<String>());
        }
    }
    let list = &cases[6];
    let cut = sentences(list).next().unwrap();
    assert!(
        list[cut.range()].ends_with(','),
        "cut after a comma: {:?}",
        &list[cut.start..cut.end]
    );
}

// ---------------------------------------------------------------------------
// Linear work
// ---------------------------------------------------------------------------

const COUNTRIES: &[&str] = &[
    "Russia",
    "China",
    "Iran",
    "Pakistan",
    "Qatar",
    "Saudi Arabia",
    "the UAE",
    "Turkey",
    "Uzbekistan",
    "India",
    "Japan",
    "Germany",
    "France",
    "Norway",
    "Egypt",
    "Kenya",
    "Brazil",
    "Mexico",
    "Canada",
    "Australia",
    "Indonesia",
    "Malaysia",
    "Nigeria",
    "Argentina",
];
const OBJECTS: &[&str] = &[
    "the Taliban",
    "Qatar",
    "Israel",
    "Hamas",
    "Afghanistan",
    "Kabul",
    "the United Nations",
    "Syria",
    "Iraq",
    "Yemen",
    "Libya",
    "Sudan",
];
const RELATION_VERBS: &[&str] = &[
    "recognised",
    "met",
    "sanctioned",
    "condemned",
    "welcomed",
    "will not recognise",
    "appointed an ambassador to",
    "severed ties with",
    "invaded",
    "visited",
];

/// One shape of pathological text, `n` units long.
struct Shape {
    name: &'static str,
    build: fn(usize) -> String,
    /// Units for the 1x text.
    n: usize,
}

/// "Russia, China, Iran and Pakistan recognised the Taliban, Qatar and Israel, ...": one
/// sentence of lists around relation verbs.
fn lists(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let subj: Vec<&str> = (0..4)
            .map(|k| COUNTRIES[(i * 4 + k) % COUNTRIES.len()])
            .collect();
        let obj: Vec<&str> = (0..3)
            .map(|k| OBJECTS[(i * 3 + k) % OBJECTS.len()])
            .collect();
        s.push_str(&format!(
            "{}, {}, {} and {} {} {}, {} and {}, ",
            subj[0],
            subj[1],
            subj[2],
            subj[3],
            RELATION_VERBS[i % RELATION_VERBS.len()],
            obj[0],
            obj[1],
            obj[2]
        ));
    }
    s.push('.');
    s
}

/// One list of `n` actors, one verb, one list of `n` objects: "Russia, China, ... and
/// Pakistan recognised the Taliban, Qatar, ... and Sudan."
fn long_lists(n: usize) -> String {
    let list = |names: &[&str], offset: usize| {
        let items: Vec<&str> = (0..n).map(|i| names[(i + offset) % names.len()]).collect();
        format!("{} and {}", items[..n - 1].join(", "), items[n - 1])
    };
    format!("{} recognised {}.", list(COUNTRIES, 0), list(OBJECTS, 0))
}

/// "Russia recognised China met Iran sanctioned Qatar ...": actors and verbs alternating,
/// no full stop.
fn alternating(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(COUNTRIES[i % COUNTRIES.len()]);
        s.push(' ');
        s.push_str(RELATION_VERBS[i % RELATION_VERBS.len()]);
        s.push(' ');
    }
    s
}

/// Two actors, then thousands of "recognised" with an actor after every
/// hundred (with one actor the sentence could state no relation and would
/// not be matched at all; and an anchor is tried only where the mentions its
/// patterns need stand on either side, so each run-on piece of the sentence
/// needs actors before and after its verbs).
fn verbs_only(n: usize) -> String {
    let mut s = String::from("Russia and Iran ");
    for i in 0..n {
        s.push_str("recognised ");
        if i % 100 == 99 {
            s.push_str("Iran ");
        }
    }
    s.push_str("the Taliban");
    s
}

/// Thousands of "recognised" and no actor at all.
fn verbs_no_actor(n: usize) -> String {
    "recognised ".repeat(n)
}

/// Actors, verbs, qualifiers and years without a single punctuation mark.
fn no_punctuation(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "In 2003 {} {} {} and {} if {} would no longer recognise {} while Moscow met Kabul ",
            COUNTRIES[i % COUNTRIES.len()],
            RELATION_VERBS[i % RELATION_VERBS.len()],
            OBJECTS[i % OBJECTS.len()],
            OBJECTS[(i + 1) % OBJECTS.len()],
            COUNTRIES[(i + 5) % COUNTRIES.len()],
            OBJECTS[(i + 7) % OBJECTS.len()],
        ));
    }
    s
}

/// Lists with stray separators, brackets and possessives: "Russia , and Iran (China) ...".
fn ragged_lists(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "{} , and {} ({}) and and {}’s , , recognised the {} government of {} (Qatar) ",
            COUNTRIES[i % COUNTRIES.len()],
            COUNTRIES[(i + 1) % COUNTRIES.len()],
            COUNTRIES[(i + 2) % COUNTRIES.len()],
            COUNTRIES[(i + 3) % COUNTRIES.len()],
            OBJECTS[i % OBJECTS.len()],
            OBJECTS[(i + 1) % OBJECTS.len()],
        ));
    }
    s
}

/// "the group" after an organisation, thousands of times: each refers back.
/// "Russian President Vladimir Putin, Chinese President Xi Jinping, ... met":
/// lists whose items are titled people.
fn titled_lists(n: usize) -> String {
    const TITLED: &[&str] = &[
        "Russian President Vladimir Putin",
        "Chinese President Xi Jinping",
        "Indian Prime Minister Narendra Modi",
        "Jordan's King Abdullah II",
        "Turkish President Recep Tayyip Erdogan",
    ];
    let items: Vec<&str> = (0..n).map(|i| TITLED[i % TITLED.len()]).collect();
    format!(
        "{} and {} met. Egypt hosted {} and {}.",
        items[..n - 1].join(", "),
        items[n - 1],
        items[..n - 1].join(", "),
        items[n - 1]
    )
}

fn anaphors(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "the Taliban and {} condemned the group while the group met the movement and ",
            COUNTRIES[i % COUNTRIES.len()]
        ));
    }
    s
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "lists",
        build: lists,
        n: 500,
    },
    Shape {
        name: "long_lists",
        build: long_lists,
        n: 2_000,
    },
    Shape {
        name: "alternating",
        build: alternating,
        n: 2_000,
    },
    Shape {
        name: "verbs_only",
        build: verbs_only,
        n: 2_000,
    },
    Shape {
        name: "verbs_no_actor",
        build: verbs_no_actor,
        n: 2_000,
    },
    // 10x is about 2 MB.
    Shape {
        name: "no_punctuation",
        build: no_punctuation,
        n: 2_400,
    },
    Shape {
        name: "ragged_lists",
        build: ragged_lists,
        n: 500,
    },
    Shape {
        name: "anaphors",
        build: anaphors,
        n: 500,
    },
    Shape {
        name: "titled_lists",
        build: titled_lists,
        n: 400,
    },
];

fn timed(text: &str) -> (Document, ExtractStats, Duration) {
    let t = Instant::now();
    let (doc, stats) = extractor().extract_with_stats(text);
    (doc, stats, t.elapsed())
}

/// A sentence 10x longer takes at most 12x the rule steps and tokens, for every shape.
/// The work is counted, not timed: a wall-clock bound flakes on a shared machine,
/// and speed is measured in `benches/`.
#[test]
fn linear_work_for_pathological_sentences() {
    let mut failures = Vec::new();
    for shape in SHAPES {
        let small = (shape.build)(shape.n);
        let large = (shape.build)(shape.n * 10);
        let (small_doc, s, small_time) = timed(&small);
        let (large_doc, l, large_time) = timed(&large);
        println!(
            "{:<15} 1x: {:>8} B {:>9} steps {:>7} tokens {:>6} relations {:>8.1?} | \
             10x: {:>8} B {:>10} steps {:>8} tokens {:>7} relations {:>8.1?}",
            shape.name,
            small.len(),
            s.rule_steps,
            s.tokens,
            small_doc.relations.len(),
            small_time,
            large.len(),
            l.rule_steps,
            l.tokens,
            large_doc.relations.len(),
            large_time,
        );
        let within = |what: &str, a: u64, b: u64| {
            if b > 12 * a.max(1) {
                Some(format!(
                    "{}: {what} grew from {a} to {b} (over 12x) for a 10x text",
                    shape.name
                ))
            } else {
                None
            }
        };
        failures.extend(within("rule steps", s.rule_steps, l.rule_steps));
        failures.extend(within("tokens", s.tokens as u64, l.tokens as u64));
        failures.extend(within(
            "sentences tokenised",
            s.sentences_tokenised as u64,
            l.sentences_tokenised as u64,
        ));
        failures.extend(within(
            "relations",
            small_doc.relations.len() as u64,
            large_doc.relations.len() as u64,
        ));
        if shape.name != "verbs_no_actor" && s.rule_steps == 0 {
            failures.push(format!(
                "{}: no rule steps at all: the shape tests nothing",
                shape.name
            ));
        }
        if let Err(e) = check_offsets(&large, &large_doc).and_then(|()| check_sentences(&large)) {
            failures.push(format!("{}: {e}", shape.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
