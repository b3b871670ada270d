//! Any bytes as a rule file, over a tiny gazetteer: building returns Ok or an
//! error, never panics; a built extractor then extracts the rule text itself
//! and a few sentences without panicking.
#![no_main]

use chancery::Extractor;
use libfuzzer_sys::fuzz_target;

const COUNTRIES: &str = "id\tname\taliases\tdemonyms\tcapitals\n\
AFG\tAfghanistan\t\tAfghan\tKabul\n\
RUS\tRussia\tRussian Federation\tRussian\tMoscow\n";
const ORGS: &str = "id\tname\taliases\ntaliban\tTaliban\tthe Taliban|Islamic Emirate\n";
const PEOPLE: &str =
    "id\tname\taliases\toffices\nvladimir-putin\tVladimir Putin\t\thead_of_state@RUS:2012-\n";
const TEXT: &str = "Russia formally recognised the Taliban. Vladimir Putin met the Taliban in Kabul, \
and Moscow will not sanction Afghanistan if Russian envoys hail the Islamic Emirate.";

fuzz_target!(|data: &[u8]| {
    let rules = String::from_utf8_lossy(data);
    let built = Extractor::builder()
        .embedded_gazetteer(false)
        .gazetteer_str("countries.tsv", COUNTRIES)
        .gazetteer_str("organisations.tsv", ORGS)
        .gazetteer_str("people.tsv", PEOPLE)
        .rules_str("fuzz.rules", rules.as_ref())
        .build();
    match built {
        Ok(ex) => {
            let _ = ex.extract(TEXT);
            let _ = ex.extract(&rules);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
