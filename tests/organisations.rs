//! Organisations at scale and the data-side traps: designated groups and their
//! news forms, intergovernmental bodies, national institutions standing for
//! their state, and surfaces that contain an actor's name but name no actor.

use chancery::Extractor;
use std::sync::LazyLock;

static EX: LazyLock<Extractor> = LazyLock::new(|| Extractor::new().expect("embedded data builds"));

fn ids(text: &str) -> Vec<String> {
    EX.mentions(text)
        .into_iter()
        .map(|m| format!("{}={}", m.text, m.id))
        .collect()
}

fn relations(text: &str) -> Vec<(String, String, String)> {
    EX.extract(text)
        .relations
        .iter()
        .map(|r| {
            (
                r.kind.to_string(),
                r.subject.to_string(),
                r.object.to_string(),
            )
        })
        .collect()
}

#[test]
fn cartels_and_gangs_designated_in_2025_are_organisations() {
    assert_eq!(
        relations("Washington has designated Tren de Aragua and MS-13 as terrorist organisations."),
        [
            (
                "terrorist_designation".into(),
                "USA".into(),
                "tren-de-aragua".into()
            ),
            ("terrorist_designation".into(), "USA".into(), "ms-13".into()),
        ]
    );
    assert_eq!(
        ids("Officials blamed the Sinaloa cartel, CJNG and the Cártel del Noreste."),
        [
            "Sinaloa cartel=sinaloa-cartel",
            "CJNG=jalisco-new-generation-cartel",
            "Cártel del Noreste=cartel-del-noreste",
        ]
    );
    assert_eq!(
        ids("Viv Ansanm and Gran Grif control the roads north of the capital."),
        ["Viv Ansanm=viv-ansanm", "Gran Grif=gran-grif"]
    );
}

#[test]
fn list_aliases_and_case_variants_news_writes() {
    assert_eq!(
        ids("Nato and Opec ministers met Asean and Ecowas envoys."),
        [
            "Nato=nato",
            "Opec=opec",
            "Asean=association-of-southeast-asian-nations",
            "Ecowas=economic-community-of-west-african-states",
        ]
    );
    // OFAC's legal forms, put in news case.
    assert_eq!(
        ids("Hizballah and Kata'ib Hizballah fighters regrouped."),
        ["Hizballah=hezbollah", "Kata'ib Hizballah=kataib-hezbollah"]
    );
    // A name's generic tail in lower case still names the group.
    assert_eq!(ids("The Houthi group fired drones."), ["Houthi=houthis"]);
    assert_eq!(
        ids("Police arrested members of the Hasm movement."),
        ["Hasm movement=hasm-movement"]
    );
    assert_eq!(
        ids("the Wagner group's fighters"),
        ["Wagner group=wagner-group"]
    );
}

#[test]
fn the_revolutionary_guards_are_a_designated_organisation() {
    assert_eq!(
        ids("The EU weighed listing the IRGC and its Quds Force."),
        [
            "EU=european-union",
            "IRGC=islamic-revolutionary-guard-corps",
            "Quds Force=quds-force",
        ]
    );
}

#[test]
fn alliances_and_organs_keep_their_own_ids() {
    assert_eq!(
        ids("Mali, Burkina Faso and Niger left ECOWAS to form the Alliance of Sahel States."),
        [
            "Mali=MLI",
            "Burkina Faso=BFA",
            "Niger=NER",
            "ECOWAS=economic-community-of-west-african-states",
            "Alliance of Sahel States=alliance-of-sahel-states",
        ]
    );
    assert_eq!(
        ids("The EU Council and the EU Foreign Affairs Council disagreed."),
        [
            "EU Council=council-of-the-european-union",
            "EU Foreign Affairs Council=foreign-affairs-council",
        ]
    );
    assert_eq!(
        ids("The UN nuclear watchdog and UNIFIL reported."),
        [
            "UN nuclear watchdog=international-atomic-energy-agency",
            "UNIFIL=united-nations-interim-force-in-lebanon",
        ]
    );
}

#[test]
fn national_institutions_stand_for_their_state() {
    for (text, surface, id) in [
        ("The Quai d'Orsay protested.", "Quai d'Orsay", "FRA"),
        (
            "The Federal Foreign Office summoned the envoy.",
            "Federal Foreign Office",
            "DEU",
        ),
        (
            "The Federation Council approved it.",
            "Federation Council",
            "RUS",
        ),
        ("The Tatmadaw shelled the town.", "Tatmadaw", "MMR"),
        ("The Folketing debated the deal.", "Folketing", "DNK"),
        ("The National Diet passed the law.", "National Diet", "JPN"),
        (
            "The Ministry of External Affairs rejected the claim.",
            "Ministry of External Affairs",
            "IND",
        ),
        ("CENTCOM said the strike hit a depot.", "CENTCOM", "USA"),
        (
            "The Supreme National Security Council met.",
            "Supreme National Security Council",
            "IRN",
        ),
    ] {
        assert_eq!(ids(text), [format!("{surface}={id}")], "{text}");
    }
}

#[test]
fn national_security_councils_are_not_the_un_security_council() {
    assert_eq!(
        ids("The National Security Council met at the White House."),
        ["White House=USA"]
    );
    assert_eq!(
        ids("Russia's Security Council discussed the talks."),
        ["Russia's Security Council=RUS"]
    );
    assert_eq!(
        ids("The Security Council condemned the strike."),
        ["Security Council=united-nations-security-council"]
    );
}

#[test]
fn georgia_the_us_state_is_not_the_country() {
    for text in [
        "The governor of Georgia signed the bill.",
        "Georgia's governor vetoed it.",
        "Georgia Republicans rejected the plan.",
        "The rally took place in Atlanta, Georgia, on Monday.",
        "Voters in the state of Georgia went to the polls.",
    ] {
        assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
    }
    assert_eq!(ids("Georgia's president vetoed the bill."), ["Georgia=GEO"]);
    assert_eq!(
        ids("Russia invaded Georgia in 2008."),
        ["Russia=RUS", "Georgia=GEO"]
    );
}

#[test]
fn names_and_phrases_that_contain_a_state() {
    assert!(ids("Michael Jordan's shoes sold out.").is_empty());
    assert!(ids("Fine China and crystal were auctioned.").is_empty());
    assert_eq!(
        ids("Beijing urged Washington to respect the One-China principle."),
        ["Beijing=CHN", "Washington=USA"]
    );
    assert_eq!(
        ids("Chinese state media said Beijing would respond."),
        ["Beijing=CHN"]
    );
    assert_eq!(
        ids("Iranian state TV said Tehran had warned London."),
        ["Tehran=IRN", "London=GBR"]
    );
    assert!(ids("Five EU countries do not recognise it.").is_empty());
    assert_eq!(ids("The EU said it would respond."), ["EU=european-union"]);
}
