//! The README's snapshot-testing example, run as written: `Document::compact`
//! under insta, one line per entity and per relation, no byte offsets.

#[test]
fn recognition_is_read() {
    let doc = chancery::Extractor::new()
        .unwrap()
        .extract("Russia recognised the Taliban in 2025.");
    insta::assert_snapshot!(doc.compact(), @r#"
    entity RUS country "Russia" (name)
    entity taliban organisation "Taliban" (name)
    recognition RUS -> taliban year=2025 rule=recognition/active
    "#);
}

/// chancery's own JSON Lines read back into the output types, field for field.
#[test]
fn documents_round_trip_through_json() {
    let ex = chancery::Extractor::new().unwrap();
    let text = "“Macron’s” France recognised Palestine in 2025. The US ambassador to Turkey, \
                Tom Barrack, met Recep Tayyip Erdogan. China has not recognised the Taliban.";
    let context = chancery::Context::from_json(
        r#"{"url":"https://example.org/a","n":123456789012345678901234567890}"#,
    );
    let doc = ex
        .extract_on(text, "2025-07-04".parse().unwrap())
        .with_id("doc-1")
        .with_context(context);
    assert!(doc.relations.iter().any(|r| r.role.is_some()));
    let line = doc.to_json();
    let back: chancery::Document = serde_json::from_str(&line).unwrap();
    assert_eq!(back, doc);
    assert_eq!(back.to_json(), line);
    assert!(line.contains("123456789012345678901234567890"));
}

#[test]
fn relations_display_as_one_line() {
    let doc = chancery::Extractor::new()
        .unwrap()
        .extract("China will not recognise the Taliban.");
    assert_eq!(
        doc.relations[0].to_string(),
        "recognition CHN -> taliban [negated] (intended) rule=recognition/active"
    );
}
