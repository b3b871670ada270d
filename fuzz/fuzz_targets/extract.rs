//! Any bytes, read as lossy UTF-8, through the full embedded extractor: no
//! panic, and every offset is a char boundary that slices back to its text.
#![no_main]

use chancery::Extractor;
use chancery_fuzz::check_offsets;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new().expect("embedded data builds"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let doc = EXTRACTOR.extract(text);
    check_offsets(text, &doc);
});
