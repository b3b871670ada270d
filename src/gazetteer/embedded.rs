//! The default gazetteer files, compiled into the crate.

/// `(file name, contents)` in load order; later files may override earlier ids.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "countries.tsv",
        include_str!("../../gazetteers/countries.tsv"),
    ),
    (
        "organisations.tsv",
        include_str!("../../gazetteers/organisations.tsv"),
    ),
    ("people.tsv", include_str!("../../gazetteers/people.tsv")),
    (
        "non_actors.tsv",
        include_str!("../../gazetteers/non_actors.tsv"),
    ),
];
