//! Every rule's own examples and counter-examples, run against the full embedded extractor.

use chancery::Extractor;

#[test]
fn every_rule_passes_its_own_examples() {
    let ex = Extractor::new().expect("embedded data builds");
    // The check itself is `chancery lint`'s (`chancery::lint::rule_examples`):
    // rules without an example, missed examples, counter-examples that fire,
    // rules that never fire on their own examples.
    let failures: Vec<String> = chancery::lint::rule_examples(&ex)
        .iter()
        .map(ToString::to_string)
        .collect();
    let checked: usize = ex.rules().rules().iter().map(|r| r.examples.len()).sum();
    assert!(checked > 50, "only {checked} examples");
    assert!(
        failures.is_empty(),
        "{} of {checked} rule examples failed:\n{}\nhelp: fix the rule's pattern or the lexicon classes in src/rules/*.rules",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_relation_type_has_a_rule() {
    let ex = Extractor::new().unwrap();
    for t in chancery::RelationType::ALL {
        assert!(
            ex.rules().rules().iter().any(|r| r.relation == *t),
            "no rule emits {t}"
        );
    }
}

#[test]
fn a_user_rule_file_is_added_at_run_time() {
    let dir = std::env::temp_dir().join(format!("chancery-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mine.rules");
    std::fs::write(
        &path,
        "class extend = extend{,s,ed,ing}\n\
         rule endorsement/extend-hand: endorsement\n  pattern {subject} @vg* ^@extend a hand to {object}\n",
    )
    .unwrap();
    let ex = Extractor::builder().rules_file(&path).build().unwrap();
    let doc = ex.extract("Norway has extended a hand to Afghanistan.");
    let r = doc
        .relations
        .iter()
        .find(|r| r.rule.as_ref() == "endorsement/extend-hand")
        .unwrap();
    assert_eq!((r.subject.as_ref(), r.object.as_ref()), ("NOR", "AFG"));

    std::fs::write(
        &path,
        "rule endorsement/extend-hand: endorsement\n  pattern {subject} ^@extnd {object}\n",
    )
    .unwrap();
    let err = Extractor::builder().rules_file(&path).build().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}:2: unknown class @extnd", path.display())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The clause model's words are one source: a hedge the qualifier reads
/// also lets the verb group through, so the relation is found and hedged.
#[test]
fn the_verb_group_and_the_qualifier_read_the_same_words() {
    let ex = Extractor::new().unwrap();
    let modality = |text: &str| {
        let doc = ex.extract(text);
        let r = doc
            .relations
            .iter()
            .find(|r| r.kind == chancery::RelationType::Recognition)
            .unwrap_or_else(|| panic!("no recognition in {text:?}"));
        (r.modality, r.negated)
    };
    use chancery::Modality::*;
    assert_eq!(
        modality("Kenya will possibly recognise Kosovo."),
        (Possible, false)
    );
    assert_eq!(
        modality("Kenya is poised to recognise Kosovo."),
        (Intended, false)
    );
    assert_eq!(
        modality("Kenya is about to recognise Kosovo."),
        (Intended, false)
    );
    assert_eq!(
        modality("Kenya has potentially recognised Kosovo."),
        (Possible, false)
    );
}

/// A user file extends a clause class, and the verb group, which includes
/// that class, follows: "supposedly" becomes a hedge everywhere at once.
#[test]
fn a_user_file_extends_a_clause_class() {
    let dir = std::env::temp_dir().join(format!("chancery-clause-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hedges.rules");
    std::fs::write(&path, "class hedge = supposedly\n").unwrap();
    let text = "Kenya supposedly recognised Kosovo.";
    let found = |ex: &Extractor| {
        ex.extract(text)
            .relations
            .iter()
            .find(|r| r.kind == chancery::RelationType::Recognition)
            .map(|r| r.modality)
    };
    assert_eq!(found(&Extractor::new().unwrap()), None);
    let ex = Extractor::builder().rules_file(&path).build().unwrap();
    assert_eq!(found(&ex), Some(chancery::Modality::Possible));

    std::fs::write(&path, "class hedge = @hedgez\n").unwrap();
    let err = Extractor::builder().rules_file(&path).build().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}:1: class @hedgez is not declared", path.display())
    );
    std::fs::write(&path, "class loop_a = @loop_b\nclass loop_b = @loop_a\n").unwrap();
    let err = Extractor::builder().rules_file(&path).build().unwrap_err();
    assert!(err.to_string().contains("includes itself"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
