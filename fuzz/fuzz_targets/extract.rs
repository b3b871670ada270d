//! Any bytes, read as lossy UTF-8, through the full embedded extractor: no
//! panic, and every offset is a char boundary that slices back to its text.
#![no_main]

use chancery::Extractor;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new().expect("embedded data builds"));

fn span_ok(text: &str, [a, b]: [usize; 2]) -> bool {
    a <= b && text.is_char_boundary(a) && text.is_char_boundary(b)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let doc = EXTRACTOR.extract(text);
    for e in &doc.entities {
        assert!(span_ok(text, [e.start, e.end]), "entity {e:?}");
        assert_eq!(&text[e.start..e.end], e.text, "entity {e:?}");
    }
    for r in &doc.relations {
        assert!(span_ok(text, [r.start, r.end]), "relation {r:?}");
        assert_eq!(&text[r.start..r.end], r.evidence, "relation {r:?}");
        assert!(span_ok(text, r.subject_span), "subject_span {r:?}");
        assert!(span_ok(text, r.object_span), "object_span {r:?}");
        assert!(span_ok(text, r.trigger_span), "trigger_span {r:?}");
        assert!(
            r.start <= r.trigger_span[0] && r.trigger_span[1] <= r.end,
            "trigger outside evidence {r:?}"
        );
    }
});
