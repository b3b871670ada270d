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

/// `extract_json` writes the bytes of `extract` (or `extract_on`), `with_id`,
/// `with_context` and `write_json`: references left out of the entities,
/// titles resolved by date, offsets counted in characters past non-ASCII text.
#[test]
fn extract_json_writes_the_document_s_bytes() {
    let ex = chancery::Extractor::new().unwrap();
    let texts = [
        "“Macron’s” France recognised Palestine in 2025. The Russian president met the \
         US president. Chile said it would expel the envoy; the two countries cut ties.",
        "Ümit Özdağ, the Turkish ambassador, said Ankara condemned the strike — “a grave breach”.",
        "",
    ];
    let context = chancery::Context::from_json(r#"{"url":"https://example.org/a","n":1.50}"#);
    for text in texts {
        for date in [None, Some("2025-07-04".parse().unwrap())] {
            let mut direct = Vec::new();
            ex.extract_json(text, "doc-1", date, context.as_ref(), &mut direct);
            let doc = match date {
                Some(d) => ex.extract_on(text, d),
                None => ex.extract(text),
            };
            let mut built = Vec::new();
            doc.with_id("doc-1")
                .with_context(context.clone())
                .write_json(&mut built);
            assert_eq!(
                String::from_utf8(direct).unwrap(),
                String::from_utf8(built).unwrap()
            );
        }
    }
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
