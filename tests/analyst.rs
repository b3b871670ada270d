//! Analyst views: `explain` and dated roles.

use chancery::{DocDate, Extractor, Via};
use std::sync::LazyLock;

static EX: LazyLock<Extractor> = LazyLock::new(|| Extractor::new().expect("embedded data builds"));

fn date(s: &str) -> DocDate {
    s.parse().unwrap()
}

#[test]
fn explain_report() {
    let text = "Pakistan has not recognised the Taliban government. The Russian ambassador to Kabul met officials.";
    insta::with_settings!({description => text, omit_expression => true}, {
        insta::assert_snapshot!(EX.explain(text).to_string());
    });
}

#[test]
fn explain_json_names_rules_and_reasons() {
    let why = EX.explain("Kazakhstan may recognise the Taliban.");
    let json = serde_json::to_value(&why).unwrap();
    let m = &json["sentences"][0]["matches"][0];
    assert_eq!(m["rule"], "recognition/active");
    assert_eq!(m["modality_cue"], "may");
    assert_eq!(m["relations"][0]["modality"], "possible");
    assert!(
        json["sentences"][0]["mentions"][0]["defined_at"]
            .as_str()
            .unwrap()
            .starts_with("gazetteers/countries.tsv:")
    );
}

#[test]
fn titles_resolve_through_the_date() {
    let doc = EX.extract_on(
        "The Russian president said the talks went well.",
        date("2025-07-04"),
    );
    let title = doc
        .entities
        .iter()
        .find(|e| e.via == Via::Title)
        .expect("a title mention");
    assert_eq!(
        (title.id.as_ref(), title.text.as_str()),
        ("vladimir-putin", "president")
    );
    let r = doc
        .relations
        .iter()
        .find(|r| r.rule.as_ref() == "holds_office/dated-title")
        .unwrap();
    assert_eq!(
        (r.subject.as_ref(), r.object.as_ref()),
        ("vladimir-putin", "RUS")
    );
    assert_eq!(r.verified, Some(true));

    let doc = EX.extract_on(
        "In 2003, the president of the United States spoke.",
        date("2025-07-04"),
    );
    assert!(
        doc.entities
            .iter()
            .any(|e| e.id.as_ref() == "george-w-bush"),
        "{:?}",
        doc.entities
    );
}

#[test]
fn titles_stay_unresolved_without_a_date_or_next_to_a_name() {
    let doc = EX.extract("The Russian president said the talks went well.");
    assert!(doc.entities.iter().all(|e| e.via != Via::Title));
    let doc = EX.extract_on(
        "Russian President Vladimir Putin spoke.",
        date("2025-01-01"),
    );
    assert_eq!(
        doc.entities
            .iter()
            .filter(|e| e.id.as_ref() == "vladimir-putin")
            .count(),
        1
    );
}

#[test]
fn holds_office_is_checked_against_terms() {
    let doc = EX.extract_on("US President Donald Trump spoke.", date("2025-03-01"));
    let r = doc
        .relations
        .iter()
        .find(|r| r.kind.as_str() == "holds_office")
        .unwrap();
    assert_eq!(r.verified, Some(true));
    let doc = EX.extract_on("US President Donald Trump spoke.", date("2003-03-01"));
    let r = doc
        .relations
        .iter()
        .find(|r| r.kind.as_str() == "holds_office")
        .unwrap();
    assert_eq!(r.verified, Some(false), "not president in 2003");
}
