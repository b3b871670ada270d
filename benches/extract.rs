//! Criterion benchmarks: building extractors, and extraction per document size.
//!
//! Groups:
//! - `build`: the default extractor, and one with a generated 50,000-alias user
//!   gazetteer (25,000 organisations, each a name and an alias).
//! - `mentions` / `extract`: entities only (`Extractor::mentions`) and the full
//!   pipeline (`Extractor::extract`) on one sentence, a ~5 KB article and a
//!   ~1 MB document, with `Throughput::Bytes` so criterion reports MB/s.
//! - `extract_50k`: the full pipeline with the 50,000-alias extractor on the
//!   same article and document, to compare with `extract`.
//!
//! The texts are composed here from a table of news-like sentences, each with
//! the number of entities and relations chancery finds in it; a document's
//! expected counts are the sums over its sentences, and every benchmark checks
//! them once before timing, so that a fast wrong answer fails.
//!
//! Run: `cargo bench --bench extract` (or `-- extract/` for one group).

use chancery::Extractor;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::collections::HashSet;
use std::hint::black_box;
use std::time::Duration;

/// News-like sentences: `(text, entities, relations)` as chancery reads each
/// one on its own. Written for this benchmark.
#[rustfmt::skip]
const SENTENCES: &[(&str, usize, usize)] = &[
    ("Russia formally recognised the Taliban government on Thursday.", 2, 1),
    ("China has not recognised the Taliban, officials in Beijing said.", 3, 1),
    ("Uzbekistan plans to open an embassy in Kabul next spring.", 2, 1),
    ("The European Union imposed fresh sanctions on Iran over its drone exports.", 2, 1),
    ("Germany expelled four Russian diplomats after the spying case.", 2, 1),
    ("India and Pakistan agreed on a truce along the disputed frontier.", 2, 1),
    ("Qatar welcomed the Saudi decision on Tuesday.", 2, 1),
    ("Officials in Ankara said talks would continue next week.", 1, 0),
    ("Heavy rain delayed the harvest across the northern provinces.", 0, 0),
    ("Nicaragua severed diplomatic ties with Taiwan in December.", 2, 1),
    ("Israel launched airstrikes on Lebanon overnight, the army said.", 2, 1),
    ("Japan has not named an envoy to Afghanistan since the takeover.", 2, 1),
    ("Turkey spoke by phone with Qatar about the crisis.", 2, 1),
    ("Iran has long backed Hezbollah and other armed groups in the region.", 2, 1),
    ("The African Union suspended Niger from the bloc after the coup.", 2, 1),
    ("Analysts said the markets reacted calmly to the announcement.", 0, 0),
    ("Britain shut its embassy in Tehran and recalled its staff.", 2, 1),
    ("Kazakhstan could recognise the Taliban if the talks go well.", 2, 1),
    ("Saudi Arabia and Iran restored ties in 2023 after years of rivalry.", 2, 1),
    ("Pakistan called for restraint as the talks dragged on.", 1, 0),
    ("Morocco and Algeria broke off relations over the dispute.", 2, 1),
    ("Moscow\u{2019}s decision \u{2014} hailed in the region \u{2014} surprised few diplomats.", 1, 0),
    ("Ecuador recalled its ambassador from Mexico on Friday.", 2, 1),
    ("The United Nations said aid deliveries would resume within days.", 1, 0),
];

/// A tiny deterministic generator (Knuth's MMIX LCG), high bits out.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// A composed text and what chancery must find in it.
struct Doc {
    text: String,
    entities: usize,
    relations: usize,
}

/// Paragraphs of 3-6 sentences drawn from [`SENTENCES`], blank lines between
/// them, until the text holds at least `min_bytes`.
fn compose(min_bytes: usize, seed: u64) -> Doc {
    let mut rng = Lcg(seed);
    let mut doc = Doc {
        text: String::with_capacity(min_bytes + 1024),
        entities: 0,
        relations: 0,
    };
    while doc.text.len() < min_bytes {
        if !doc.text.is_empty() {
            doc.text.push_str("\n\n");
        }
        for i in 0..3 + rng.next(4) {
            let (s, e, r) = SENTENCES[rng.next(SENTENCES.len())];
            if i > 0 {
                doc.text.push(' ');
            }
            doc.text.push_str(s);
            doc.entities += e;
            doc.relations += r;
        }
    }
    doc
}

/// A user gazetteer of `entries` organisations, each with a name and an alias
/// ("Varo Telmin Front", "Varo Telmin Liberation Front"): `2 * entries` surfaces,
/// multiword, capitalised, all distinct, none in the embedded data.
fn user_gazetteer(entries: usize) -> String {
    const SYLLABLES: &[&str] = &[
        "ka", "ro", "vel", "min", "tar", "lo", "sen", "dri", "mo", "zan", "ke", "bur", "ni", "pha",
        "gul", "tes", "ar", "vo", "shi", "len", "do", "qua", "ri", "mel",
    ];
    const SUFFIXES: &[(&str, &str)] = &[
        ("Front", "Liberation Front"),
        ("Council", "National Council"),
        ("Movement", "People's Movement"),
        ("Alliance", "Democratic Alliance"),
        ("Brigade", "Martyrs Brigade"),
        ("Foundation", "Relief Foundation"),
    ];
    let mut rng = Lcg(0x5eed);
    let word = |rng: &mut Lcg| {
        let mut w = String::new();
        for _ in 0..2 + rng.next(2) {
            w.push_str(SYLLABLES[rng.next(SYLLABLES.len())]);
        }
        let mut c = w.chars();
        let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('X');
        std::iter::once(first).chain(c).collect::<String>()
    };
    let mut seen = HashSet::new();
    let mut tsv = String::from("id\tname\taliases\tcategory\n");
    while seen.len() < entries {
        let stem = format!("{} {}", word(&mut rng), word(&mut rng));
        let (short, long) = SUFFIXES[rng.next(SUFFIXES.len())];
        let name = format!("{stem} {short}");
        if !seen.insert(name.to_ascii_lowercase()) {
            continue;
        }
        let id = name.to_ascii_lowercase().replace(' ', "-");
        tsv.push_str(&format!("{id}\t{name}\t{stem} {long}\tarmed-group\n"));
    }
    tsv
}

const ARTICLE_BYTES: usize = 5_000;
const DOCUMENT_BYTES: usize = 1_000_000;
const USER_ENTRIES: usize = 25_000;

fn build(c: &mut Criterion) {
    let tsv = user_gazetteer(USER_ENTRIES);
    let default_entries = Extractor::new().unwrap().gazetteer().entries().len();
    let big = Extractor::builder()
        .gazetteer_str("organisations.tsv", tsv.clone())
        .build()
        .unwrap();
    assert_eq!(
        big.gazetteer().entries().len(),
        default_entries + USER_ENTRIES
    );
    let aliases: usize = big.gazetteer().entries()[default_entries..]
        .iter()
        .map(|e| e.surfaces.len())
        .sum();
    assert_eq!(aliases, 2 * USER_ENTRIES);

    let mut g = c.benchmark_group("build");
    g.bench_function("default", |b| {
        b.iter(|| black_box(Extractor::new().unwrap()))
    });
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("user_gazetteer_50k_aliases", |b| {
        b.iter(|| {
            black_box(
                Extractor::builder()
                    .gazetteer_str("organisations.tsv", black_box(tsv.as_str()))
                    .build()
                    .unwrap(),
            )
        })
    });
    g.finish();
}

/// The three document sizes: one sentence, an article, a long document.
fn documents() -> Vec<(&'static str, Doc)> {
    let (s, e, r) = SENTENCES[0];
    vec![
        (
            "sentence",
            Doc {
                text: s.to_string(),
                entities: e,
                relations: r,
            },
        ),
        ("article_5kb", compose(ARTICLE_BYTES, 1)),
        ("document_1mb", compose(DOCUMENT_BYTES, 2)),
    ]
}

fn check(ex: &Extractor, name: &str, doc: &Doc) {
    assert_eq!(
        ex.mentions(&doc.text).len(),
        doc.entities,
        "{name}: entities"
    );
    let found = ex.extract(&doc.text);
    assert_eq!(found.entities.len(), doc.entities, "{name}: entities");
    assert_eq!(found.relations.len(), doc.relations, "{name}: relations");
}

fn extraction(c: &mut Criterion) {
    let ex = Extractor::new().unwrap();
    let docs = documents();
    for (name, doc) in &docs {
        check(&ex, name, doc);
    }
    for group in ["mentions", "extract"] {
        let mut g = c.benchmark_group(group);
        for (name, doc) in &docs {
            g.throughput(Throughput::Bytes(doc.text.len() as u64));
            if doc.text.len() >= DOCUMENT_BYTES {
                g.sample_size(20);
            }
            let text = doc.text.as_str();
            match group {
                "mentions" => g.bench_function(*name, |b| {
                    b.iter(|| black_box(ex.mentions(black_box(text))))
                }),
                _ => g.bench_function(*name, |b| b.iter(|| black_box(ex.extract(black_box(text))))),
            };
        }
        g.finish();
    }
}

fn extraction_50k(c: &mut Criterion) {
    let ex = Extractor::builder()
        .gazetteer_str("organisations.tsv", user_gazetteer(USER_ENTRIES))
        .build()
        .unwrap();
    let docs = documents();
    let mut g = c.benchmark_group("extract_50k");
    for (name, doc) in docs.iter().skip(1) {
        check(&ex, name, doc);
        g.throughput(Throughput::Bytes(doc.text.len() as u64));
        if doc.text.len() >= DOCUMENT_BYTES {
            g.sample_size(20);
        }
        let text = doc.text.as_str();
        g.bench_function(*name, |b| b.iter(|| black_box(ex.extract(black_box(text)))));
    }
    g.finish();
}

criterion_group!(benches, build, extraction, extraction_50k);
criterion_main!(benches);
