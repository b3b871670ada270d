//! The reference stage: pronouns, definite descriptions, pairs and
//! reciprocals read as the actors they refer to, across relation types, with
//! sentences written for these tests.

use chancery::{Extractor, Via};
use std::sync::OnceLock;

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new().expect("embedded data builds"))
}

/// `type subject object [negated]` for each relation of `text`.
fn relations(text: &str) -> Vec<String> {
    extractor()
        .extract(text)
        .relations
        .iter()
        .map(|r| {
            let neg = if r.negated { " negated" } else { "" };
            format!("{} {} {}{neg}", r.kind, r.subject, r.object)
        })
        .collect()
}

fn has(text: &str, wanted: &str) {
    let got = relations(text);
    assert!(
        got.iter().any(|r| r == wanted),
        "{text:?} should give {wanted:?}; got {got:?}"
    );
}

/// The references of `text` as `surface -> id` (several ids for a pair).
fn references(text: &str) -> Vec<String> {
    let why = extractor().explain(text);
    why.sentences
        .iter()
        .flat_map(|s| &s.mentions)
        .filter(|m| m.entity.via.is_reference())
        .map(|m| format!("{} -> {}", m.entity.text, m.entity.id))
        .collect()
}

#[test]
fn a_pronoun_opening_a_clause_is_its_subject() {
    has(
        "Uruguay said it would recognise Kosovo.",
        "recognition URY XKX",
    );
    has(
        "Russia made headlines as it recognised the Taliban.",
        "recognition RUS taliban",
    );
    has(
        "Chile drew attention when it condemned Israel.",
        "criticism CHL ISR",
    );
    has(
        "Peru, Chile and Bolivia said they would sanction Venezuela.",
        "sanction BOL VEN",
    );
    has(
        "The Taliban said they would never recognise Israel.",
        "recognition taliban ISR negated",
    );
}

#[test]
fn the_government_of_a_list_is_a_subject_for_they() {
    has(
        "The governments of Ghana and Togo signed a pact, and now they will open embassies in both countries.",
        "mission_opened TGO GHA",
    );
}

#[test]
fn the_clause_governing_a_pronoun_qualifies_it() {
    has(
        "Brazil never said that it had recognised Kosovo.",
        "recognition BRA XKX negated",
    );
    // An earlier clause does not: the denial is of something else.
    has(
        "Chad denied the accusation and told reporters on Monday it is expelling Sudan's ambassador.",
        "ties_severed TCD SDN",
    );
}

#[test]
fn it_before_a_verb_is_a_subject() {
    // "something it lost": the clause's subject, not the one other state.
    assert_eq!(
        references(
            "Russia wants to rebuild its standing in Afghanistan, something it lost long ago."
        ),
        ["it -> RUS"]
    );
}

#[test]
fn an_object_pronoun_is_not_its_clause_subject() {
    has(
        "After Serbia recalled its envoy, Croatia condemned it.",
        "criticism HRV SRB",
    );
    assert_eq!(
        references("Russia said Ukraine had attacked it."),
        ["it -> RUS"]
    );
}

#[test]
fn a_description_names_the_one_compatible_actor() {
    assert_eq!(
        references("Bahrain cut ties with Qatar, accusing the Gulf state of funding militants."),
        ["the Gulf state -> QAT"]
    );
    has(
        "Belize and Spain met on Monday, and Spain praised the Central American country.",
        "endorsement ESP BLZ",
    );
    has(
        "NATO met in Vilnius on Monday, and Russia condemned the alliance.",
        "criticism RUS nato",
    );
    has(
        "The EU said the bloc would impose sanctions on Belarus.",
        "sanction european-union BLR",
    );
    assert_eq!(
        references(
            "Kenya's envoy said it was regrettable that Chad cut ties with the tiny island nation of the Indian Ocean."
        ),
        Vec::<String>::new(),
        "no island state named before it"
    );
}

#[test]
fn a_description_after_a_copula_is_its_subject() {
    // Not Peru, the one named before: the description says what Chile is.
    assert_eq!(
        references("Peru protested. Chile is the only country that has recognised Kosovo."),
        ["the only country -> CHL"]
    );
    // "the country's" names someone else: no reference at all here.
    assert_eq!(
        references("Peru protested. Chile is the country's biggest lender."),
        Vec::<String>::new()
    );
}

#[test]
fn a_demonstrative_opens_a_description_without_modifiers() {
    has(
        "After talks with Kenya's foreign minister, the Polish president hailed the opening of the Polish embassy to that country.",
        "mission_opened POL KEN",
    );
    assert_eq!(
        references("Poland sent an envoy, and Mali backed that country."),
        ["that country -> POL"]
    );
    assert_eq!(
        references("Poland sent an envoy, and Mali backed that tiny country."),
        Vec::<String>::new(),
        "no modifiers after a demonstrative"
    );
    assert_eq!(
        references("Ghana said that country music was condemned by Togo."),
        Vec::<String>::new(),
        "a complementiser before a noun phrase"
    );
}

#[test]
fn a_description_reaches_into_the_sentence_before() {
    has(
        "Officials in Manama met the Omani envoy. The ministry said the kingdom would reopen its embassy in Qatar.",
        "mission_opened BHR QAT",
    );
}

#[test]
fn a_pair_and_a_reciprocal_name_both_actors() {
    has(
        "Chile and Peru agreed to restore ties, and the two countries signed a border treaty.",
        "agreement CHL PER",
    );
    let both = relations("Serbia and Kosovo have never recognised each other.");
    assert!(
        both.contains(&"recognition SRB XKX negated".to_string()),
        "{both:?}"
    );
    assert!(
        both.contains(&"recognition XKX SRB negated".to_string()),
        "{both:?}"
    );
}

#[test]
fn his_country_is_the_state_the_person_serves() {
    has(
        "Emmanuel Macron said his country would recognise Palestine.",
        "recognition FRA PSE",
    );
}

#[test]
fn places_adjectives_and_people_limit_what_a_reference_names() {
    // "leave the country" is a place.
    assert!(
        references("The ministry ordered Mexico's ambassador to leave the country.").is_empty()
    );
    // After a locative, a place; after "embassy in", the state.
    assert!(
        references("Oman met Qatar's envoy to discuss the crisis in the Gulf state.").is_empty()
    );
    assert_eq!(
        references("Oman met Qatar's envoy and said it would open an embassy in the Gulf state."),
        ["it -> OMN", "the Gulf state -> QAT"]
    );
    // An adjective is no antecedent of "it".
    assert!(references("Kenya said the Somali proposal was late and rejected it.").is_empty());
    // Outside the subject's place, not the subject: "the country" is another.
    assert!(references("The Israeli strikes pushed the country into chaos.").is_empty());
    // A person stands for their state: Maduro or the US could be "the nation".
    assert!(
        references("US officials refused to accept Nicolas Maduro as the nation's leader.")
            .is_empty()
    );
    // "US President Donald Trump ... his country": the title's state.
    assert_eq!(
        references(
            "US President Donald Trump met Egypt's President and praised his country's army."
        ),
        ["his country -> USA"]
    );
    // A clause opened by "what": its subject is the sentence's subject.
    assert_eq!(
        references("Serbia accused Croatian troops of what it called provocations."),
        ["it -> SRB"]
    );
}

#[test]
fn ambiguous_or_empty_references_are_left_alone() {
    // Two states could be "the country"; "the other" names another one.
    assert!(references("Ghana and Togo met, and Nigeria later criticised the country.").is_empty());
    assert!(
        references("Qatar and Oman met, and Egypt criticised the other Gulf state.").is_empty()
    );
    // An empty "it".
    assert!(references("It is expected that Russia will recognise Kosovo.").is_empty());
    // A pronoun never reaches into the sentence before (the contract).
    assert_eq!(
        relations("Russia made news. It recognised the Taliban."),
        Vec::<String>::new()
    );
    // The name is right there.
    assert!(references("Egypt met the kingdom of Saudi Arabia's envoy.").is_empty());
}

#[test]
fn references_are_not_entities() {
    let doc = extractor().extract("Chile and Peru said they would recognise each other.");
    assert!(doc.entities.iter().all(|e| !e.via.is_reference()));
    assert_eq!(doc.entities.len(), 2);
    assert!(matches!(
        extractor().mentions("Peru said it would.").as_slice(),
        [e] if e.via == Via::Name
    ));
}
