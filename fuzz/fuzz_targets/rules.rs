//! Any bytes as a rule file, over a tiny gazetteer: building returns Ok or an
//! error, never panics; a built extractor then extracts the rule text itself
//! and a few sentences without panicking.
#![no_main]

use chancery::Extractor;
use chancery_fuzz::{COUNTRIES, ORGS, PEOPLE, TEXT, check_offsets};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let rules = String::from_utf8_lossy(data);
    let built = Extractor::builder()
        .embedded_gazetteer(false)
        .gazetteer_str("countries.tsv", COUNTRIES)
        .gazetteer_str("organisations.tsv", ORGS)
        .gazetteer_str("people.tsv", PEOPLE)
        // The file alone, so that a run compiles only what the fuzzer wrote.
        .embedded_rules(false)
        .rules_str("fuzz.rules", rules.as_ref())
        .build();
    match built {
        Ok(ex) => {
            check_offsets(TEXT, &ex.extract(TEXT));
            check_offsets(&rules, &ex.extract(&rules));
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("fuzz.rules:"), "{message}");
        }
    }
});
