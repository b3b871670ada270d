//! What every fuzz target checks on a document, and the palettes the
//! structure-aware targets draw words from.

use chancery::Document;

/// Every offset of `doc` is a char boundary of `text` that slices back to
/// the text reported, and every span of a relation lies in its evidence.
/// Panics (a fuzz finding) otherwise.
pub fn check_offsets(text: &str, doc: &Document) {
    let span_ok =
        |[a, b]: [usize; 2]| a <= b && text.is_char_boundary(a) && text.is_char_boundary(b);
    for e in &doc.entities {
        assert!(span_ok([e.start, e.end]), "entity {e:?}");
        assert_eq!(&text[e.start..e.end], e.text, "entity {e:?}");
    }
    for r in &doc.relations {
        assert!(span_ok([r.start, r.end]), "relation {r:?}");
        assert_eq!(&text[r.start..r.end], r.evidence, "relation {r:?}");
        for span in [r.subject_span, r.object_span, r.trigger_span] {
            assert!(span_ok([span.start, span.end]), "span {span:?} of {r:?}");
            assert!(
                r.start <= span.start && span.end <= r.end,
                "span {span:?} outside the evidence of {r:?}"
            );
        }
    }
}

/// Picks `palette[i % len]`.
pub fn pick<'a>(palette: &[&'a str], i: impl Into<usize>) -> &'a str {
    palette[i.into() % palette.len()]
}

/// Words for patterns, classes, titles and texts: cue words, names of the
/// fuzz gazetteer, function words, punctuation and odd characters.
pub const WORDS: &[&str] = &[
    "recognised",
    "met",
    "the",
    "Russia",
    "and",
    "of",
    "sanctions",
    "with",
    "'s",
    "Kabul",
    "Taliban",
    "Vladimir",
    "Putin",
    "president",
    "minister",
    "foreign",
    "not",
    "will",
    "a",
    "government",
    ",",
    ".",
    "(",
    ")",
    "\"",
    "’",
    "-",
    "é",
    "e\u{301}",
    "\u{301}",
    "Moskva",
    "Afghan",
    "Islamic",
    "Emirate",
    "visit",
    "to",
    "in",
    "x",
    "0",
    "ß",
];

/// Small gazetteer the rule targets run over.
pub const COUNTRIES: &str = "id\tname\taliases\tdemonyms\tcapitals\n\
AFG\tAfghanistan\t\tAfghan\tKabul\n\
RUS\tRussia\tRussian Federation\tRussian\tMoscow\n";
/// Organisations for the rule targets.
pub const ORGS: &str = "id\tname\taliases\ntaliban\tTaliban\tthe Taliban|Islamic Emirate\n";
/// People for the rule targets.
pub const PEOPLE: &str =
    "id\tname\taliases\toffices\nvladimir-putin\tVladimir Putin\t\thead_of_state@RUS:2012-\n";
/// A text every built rule set extracts.
pub const TEXT: &str = "Russia formally recognised the Taliban. Vladimir Putin met the Taliban in Kabul, \
and Moscow will not sanction Afghanistan if Russian envoys hail the Islamic Emirate.";
