//! People no gazetteer holds, found by the title beside their name, and the
//! `holds_office` relations their titles state.

use chancery::Extractor;
use std::sync::LazyLock;

static EX: LazyLock<Extractor> = LazyLock::new(|| Extractor::new().expect("embedded data builds"));

/// `text=id/via` for every mention.
fn people(text: &str) -> Vec<String> {
    EX.mentions(text)
        .into_iter()
        .filter(|m| m.kind == chancery::document::EntityKind::Person)
        .map(|m| format!("{}={}/{}", m.text, m.id, m.via.as_str()))
        .collect()
}

/// `subject object role rule` for every holds_office relation.
fn offices(text: &str) -> Vec<String> {
    EX.extract(text)
        .relations
        .into_iter()
        .filter(|r| r.kind.as_str() == "holds_office")
        .map(|r| {
            format!(
                "{} {} {}",
                r.subject,
                r.object,
                r.role.map_or("-", |role| role.as_str())
            )
        })
        .collect()
}

#[test]
fn a_title_before_a_name_makes_a_person() {
    assert_eq!(
        people("Supreme Court Judge Oleg Nefedov dismissed the appeal."),
        ["Oleg Nefedov=oleg-nefedov/titled"]
    );
    assert_eq!(
        people("Taliban spokesman Qari Yusuf Ahmadzai denied it."),
        ["Qari Yusuf Ahmadzai=qari-yusuf-ahmadzai/titled"]
    );
    assert_eq!(
        people("Foreign Minister Mélanie Dubé-Laroche flew home."),
        ["Mélanie Dubé-Laroche=melanie-dube-laroche/titled"],
        "diacritics folded, hyphens kept as id hyphens"
    );
    assert_eq!(
        people("Deputy Foreign Minister Nayef bin Bandar Al-Harbi spoke."),
        ["Nayef bin Bandar Al-Harbi=nayef-bin-bandar-al-harbi/titled"],
        "particles inside a name"
    );
}

#[test]
fn a_military_rank_before_a_name_makes_a_person_but_no_office() {
    assert_eq!(
        people("Major General Tomas Berhane said the army would respond."),
        ["Tomas Berhane=tomas-berhane/titled"]
    );
    assert!(offices("Major General Tomas Berhane said the army would respond.").is_empty());
    // Not a rank: the "General" of an office or an institution.
    assert!(people("The General Assembly voted on Monday.").is_empty());
    assert!(people("The report reached Secretary-General Amina Mohammed.").len() <= 1);
}

#[test]
fn a_name_after_a_comma_or_before_an_appositive_title() {
    assert_eq!(
        people("Officials summoned the French ambassador, Jean Dupont, on Tuesday."),
        ["Jean Dupont=jean-dupont/titled"]
    );
    assert_eq!(
        people("Anna Berg, Sweden's acting foreign minister, declined to comment."),
        ["Anna Berg=anna-berg/titled"]
    );
    assert_eq!(
        people("The Ambassador of Chile to Peru, Rosa Ibarra, presented her letters."),
        ["Rosa Ibarra=rosa-ibarra/titled"]
    );
}

#[test]
fn no_person_from_dates_places_institutions_or_listed_names() {
    assert!(people("On Monday, the French ambassador said Paris was ready.").is_empty());
    assert!(
        people("The Prime Minister's Office and the Foreign Ministry House replied.").is_empty()
    );
    // (The listed Wang Yi's surname after his title is a surname mention.)
    assert!(
        people("Foreign Minister Wang said so.")
            .iter()
            .all(|p| !p.ends_with("/titled")),
        "one word is not enough"
    );
    // The gazetteer knows "King Mohammed VI" (an alias); no open name is made of it.
    assert!(
        people("King Mohammed VI received them.")
            .iter()
            .all(|p| !p.ends_with("/titled")),
        "a regnal number is not part of an open name"
    );
    assert!(
        people("Chief Executive Officer Tim Cook and Head Coach Gareth Southgate spoke.")
            .is_empty(),
        "job nouns after a title are no name"
    );
    assert!(
        people("President Ferdinand Marcos Jr. met them.").is_empty(),
        "a name cut short by a capitalised word is not taken"
    );
    assert_eq!(
        people("President Joe Biden spoke."),
        ["Joe Biden=joe-biden/name"],
        "a listed person keeps the gazetteer's entry"
    );
}

#[test]
fn a_listed_person_with_a_middle_name_keeps_the_listed_id() {
    assert_eq!(
        people("He met the President of Ghana, John Dramani Mahama, on Tuesday."),
        ["John Dramani Mahama=john-mahama/titled"]
    );
}

#[test]
fn later_bare_surnames_refer_back() {
    assert_eq!(
        people("Interior Minister Karel Novak resigned. Novak said he was tired."),
        [
            "Karel Novak=karel-novak/titled",
            "Novak=karel-novak/surname"
        ]
    );
    assert_eq!(
        people("Interior Minister Karel Novak resigned. Jana Novak said"),
        ["Karel Novak=karel-novak/titled"],
        "part of another name"
    );
}

#[test]
fn offices_of_titled_people() {
    assert_eq!(
        offices("The Ambassador of Chile to Peru, Rosa Ibarra, presented her letters."),
        ["rosa-ibarra CHL ambassador"]
    );
    assert_eq!(
        offices("Ghanaian Foreign Minister Kofi Mensah-Bonsu visited Lomé."),
        ["kofi-mensah-bonsu GHA foreign_minister"]
    );
    assert_eq!(
        offices("Chile's Deputy Prime Minister and Foreign Minister Rosa Ibarra arrived."),
        ["rosa-ibarra CHL foreign_minister"],
        "coordinated titles: the one next to the name"
    );
    assert_eq!(
        offices("Kremlin official Olga Petrova denied the report."),
        ["olga-petrova RUS official"]
    );
}

#[test]
fn a_title_alone_takes_the_only_state_for_top_offices() {
    assert_eq!(
        offices("Troops in Mali detained President Ibrahim Kanoute overnight."),
        ["ibrahim-kanoute MLI head_of_state"]
    );
    assert!(
        offices("Moscow said Treasury Secretary Jane Roe was wrong.").is_empty(),
        "lesser posts are not guessed"
    );
    assert!(
        offices("Mali and Niger hosted President Ibrahim Kanoute.").is_empty(),
        "two states: no guess"
    );
    assert!(
        offices("Ruritanian President Ibrahim Kanoute visited Mali.").is_empty(),
        "an unknown word qualifies the title: no guess"
    );
    assert_eq!(
        offices("Irish Taoiseach Aoife Byrne met the Norwegian Prime Minister, Kari Lund."),
        [
            "aoife-byrne IRL head_of_government",
            "kari-lund NOR head_of_government"
        ]
    );
}

#[test]
fn a_listed_office_names_the_holder_elsewhere_in_the_sentence() {
    assert_eq!(
        offices("France will recognise Palestine in September, President Emmanuel Macron said."),
        ["emmanuel-macron FRA head_of_state"]
    );
    assert!(
        offices("President Emmanuel Macron said Germany agreed.").is_empty(),
        "the state his office names is not in the sentence"
    );
}

#[test]
fn no_office_for_a_group_a_name_only_modifies() {
    assert!(
        offices("Ali Haddad, the head of the Hezbollah-affiliated bloc, spoke.")
            .iter()
            .all(|o| !o.contains("hezbollah"))
    );
}

#[test]
fn a_listed_person_named_without_a_middle_name() {
    // `eduardo-enrique-reina` is the only listed person whose first and last
    // names are Eduardo and Reina.
    assert_eq!(
        people("Honduran Foreign Minister Eduardo Reina signed the accord."),
        ["Eduardo Reina=eduardo-enrique-reina/titled"]
    );
    assert_eq!(
        offices("Honduran Foreign Minister Eduardo Reina signed the accord."),
        ["eduardo-enrique-reina HND foreign_minister"]
    );
}

#[test]
fn a_curly_possessive_before_an_appositive_title() {
    assert_eq!(
        people(
            "According to Jana Novak-Horvat, Kosovo\u{2019}s acting foreign minister, talks failed."
        ),
        ["Jana Novak-Horvat=jana-novak-horvat/titled"]
    );
}

#[test]
fn a_title_before_a_name_is_not_an_appositive_of_the_name_before_it() {
    assert_eq!(
        offices("Next to Mr Fidan, Polish Foreign Minister Radoslaw Sikorski answered questions."),
        ["radoslaw-sikorski POL foreign_minister"]
    );
}

#[test]
fn an_opposition_leader_holds_no_office_for_the_state() {
    assert!(
        offices("Washington backed Venezuelan opposition leader Juan Guaido on Monday.").is_empty()
    );
}

#[test]
fn a_surname_after_an_honorific_or_a_title() {
    assert_eq!(
        people("The sanctions will stay, Mr Rubio told the committee."),
        ["Rubio=marco-rubio/surname"]
    );
    assert_eq!(
        people("The state visit of President Ruto ended on Friday."),
        ["Ruto=william-ruto/surname"]
    );
    assert!(
        people("The sanctions will stay, Mr Rubio Santos told them.").is_empty(),
        "part of another name"
    );
}

#[test]
fn a_demonym_before_a_title_confirms_a_listed_office() {
    assert_eq!(
        offices(
            "President Ruto flew to Kigali a year after taking office as the Kenyan President."
        ),
        ["william-ruto KEN head_of_state"]
    );
    assert!(
        offices("President Ruto praised the growth of Kenyan-Rwandan trade.").is_empty(),
        "a demonym before another noun confirms nothing"
    );
}
