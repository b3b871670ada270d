//! Any bytes as a people gazetteer file: `add_str` and `check_surfaces` return
//! Ok or an error naming the file, never panic.
#![no_main]

use chancery::Gazetteer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut g = Gazetteer::new();
    match g.add_str("people.tsv", &text) {
        Ok(()) => {
            if let Err(e) = g.check_surfaces() {
                assert_eq!(e.path, "people.tsv");
            }
        }
        Err(e) => assert_eq!(e.path, "people.tsv"),
    }
});
