//! CAMEO / PLOVER codes on extracted relations, in the JSON output, and the
//! README's copy of `src/crosswalk.tsv`.

use chancery::crosswalk::Crosswalk;
use chancery::{Extractor, Modality, RelationType};

#[test]
fn relations_carry_their_codes() {
    let ex = Extractor::new().unwrap();
    let table = Crosswalk::embedded().unwrap();
    let doc = ex.extract(
        "Moscow formally recognised the Taliban government. China has not recognised the Taliban. \
         The UAE plans to appoint an ambassador to Kabul.",
    );
    let codes: Vec<(&str, Option<&str>, Option<&str>)> = doc
        .relations
        .iter()
        .map(|r| (r.kind.as_str(), r.cameo.as_deref(), r.plover.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            ("recognition", Some("054"), Some("SUPPORT")),
            ("recognition", Some("120"), Some("REJECT")),
            ("ambassador_appointment", Some("032"), Some("AGREE")),
        ]
    );
    for r in &doc.relations {
        let want = table.get(r.kind, r.negated, r.modality);
        assert_eq!(
            (r.cameo.as_deref(), r.plover.as_deref()),
            (want.cameo, want.plover)
        );
    }
}

#[test]
fn codes_are_always_serialized_even_when_null() {
    let ex = Extractor::new().unwrap();
    let doc = ex.extract("Russia may impose sanctions on Georgia if talks fail.");
    let r = &doc.relations[0];
    assert_eq!(
        (r.kind, r.modality),
        (RelationType::Sanction, Modality::Possible)
    );
    let json = serde_json::to_value(r).unwrap();
    assert_eq!(json["cameo"], serde_json::Value::Null);
    assert!(json.as_object().unwrap().contains_key("cameo"));
    assert!(json.as_object().unwrap().contains_key("plover"));
}

#[test]
fn readme_shows_the_table_as_it_is() {
    let table = Crosswalk::embedded().unwrap().markdown();
    let readme = std::fs::read_to_string("README.md").unwrap();
    if !readme.contains(&table) {
        let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("crosswalk-table.md");
        std::fs::write(&out, &table).unwrap();
        panic!(
            "README.md's CAMEO and PLOVER table differs from src/crosswalk.tsv\nhelp: replace it with {}",
            out.display()
        );
    }
}
