//! The CAMEO / PLOVER crosswalk: which event code of the two standard
//! political event ontologies each relation corresponds to.
//!
//! Every [`Relation`](crate::Relation) carries `cameo` (a CAMEO event code
//! such as `"054"`, Grant diplomatic recognition) and `plover` (a PLOVER event
//! category such as `"SUPPORT"`), or `null` where no code fits. The code
//! depends on the relation type, its negation and its modality: recognising
//! is CAMEO `054`, refusing to recognise the generic refusal `120`, promising
//! to recognise the expressed intent `032`.
//!
//! The table is data: `src/crosswalk.tsv`, embedded with `include_str!` and
//! parsed when an [`Extractor`](crate::Extractor) is built. Each row names a
//! type, `negated` (`true`, `false` or `*`), a modality (or `*`), the CAMEO
//! code and the PLOVER category (`-` for none) and the reasoning; every
//! combination must be covered exactly once, CAMEO codes must be 2 to 4
//! digits and PLOVER categories one of [`PLOVER_CATEGORIES`]. A bad row is a
//! build error naming `src/crosswalk.tsv:LINE`.
//!
//! # Example
//! ```
//! use chancery::crosswalk::Crosswalk;
//! use chancery::{Modality, RelationType};
//!
//! let table = Crosswalk::embedded()?;
//! let codes = table.get(RelationType::Recognition, false, Modality::Asserted);
//! assert_eq!((codes.cameo, codes.plover), (Some("054"), Some("SUPPORT")));
//! let refused = table.get(RelationType::Recognition, true, Modality::Asserted);
//! assert_eq!((refused.cameo, refused.plover), (Some("120"), Some("REJECT")));
//! # Ok::<(), chancery::Error>(())
//! ```

use crate::document::{Modality, RelationType};
use crate::error::Error;

/// The path the embedded table is named by in errors.
pub const PATH: &str = "src/crosswalk.tsv";

/// The embedded table's text.
pub const TSV: &str = include_str!("crosswalk.tsv");

/// PLOVER's event categories (PLOVER manual, chapter "Event Categories"; the
/// 2021 draft merged CAMEO 09 and 11 into ACCUSE and CAMEO 18 to 20 into ASSAULT).
pub const PLOVER_CATEGORIES: &[&str] = &[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "DEMAND",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// The codes of one relation: either may be `None` where no code fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Codes {
    /// CAMEO event code (`"054"`).
    pub cameo: Option<&'static str>,
    /// PLOVER event category (`"SUPPORT"`).
    pub plover: Option<&'static str>,
}

/// One row of the table, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The relation type.
    pub kind: RelationType,
    /// `Some(value)`, or `None` for `*` (both).
    pub negated: Option<bool>,
    /// `Some(value)`, or `None` for `*` (every modality).
    pub modality: Option<Modality>,
    /// The codes.
    pub codes: Codes,
    /// Why these codes.
    pub reasoning: &'static str,
    /// 1-based line in `src/crosswalk.tsv`.
    pub line: usize,
}

/// The parsed table: one [`Codes`] per type, negation and modality.
#[derive(Debug, Clone)]
pub struct Crosswalk {
    rows: Vec<Row>,
    /// `[type][negated][modality]` -> index into `rows`.
    index: Vec<[[u16; 3]; 2]>,
}

fn modality_index(m: Modality) -> usize {
    match m {
        Modality::Asserted => 0,
        Modality::Intended => 1,
        Modality::Possible => 2,
    }
}

fn type_index(t: RelationType) -> usize {
    RelationType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

impl Crosswalk {
    /// The table shipped with the crate.
    ///
    /// # Errors
    /// [`Error::Crosswalk`] naming the line of a bad row; the crate's tests rule it out.
    pub fn embedded() -> Result<Crosswalk, Error> {
        Crosswalk::parse(TSV)
    }

    /// Parses a table in the format of `src/crosswalk.tsv`.
    ///
    /// # Errors
    /// [`Error::Crosswalk`] naming the line and reason of the first bad row, a
    /// combination covered twice, or one not covered.
    pub fn parse(text: &'static str) -> Result<Crosswalk, Error> {
        let err = |line: usize, message: String| Error::Crosswalk { line, message };
        const UNSET: u16 = u16::MAX;
        let mut rows: Vec<Row> = Vec::new();
        let mut index = vec![[[UNSET; 3]; 2]; RelationType::ALL.len()];
        let mut header_seen = false;
        let mut last_line = 0;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            last_line = line;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let fields: Vec<&'static str> = raw.split('\t').collect();
            if !header_seen {
                header_seen = true;
                let want = [
                    "type",
                    "negated",
                    "modality",
                    "cameo",
                    "plover",
                    "reasoning",
                ];
                if fields != want {
                    return Err(err(
                        line,
                        format!("header must be {} (tab-separated)", want.join(", ")),
                    ));
                }
                continue;
            }
            let [kind, negated, modality, cameo, plover, reasoning] = fields[..] else {
                return Err(err(
                    line,
                    format!("expected 6 tab-separated fields, found {}", fields.len()),
                ));
            };
            let kind: RelationType = kind
                .trim()
                .parse()
                .map_err(|_| err(line, format!("unknown relation type {kind:?}")))?;
            let negated = match negated.trim() {
                "*" => None,
                "true" => Some(true),
                "false" => Some(false),
                other => {
                    return Err(err(
                        line,
                        format!("negated must be true, false or *, not {other:?}"),
                    ));
                }
            };
            let modality = match modality.trim() {
                "*" => None,
                m => Some(
                    m.parse::<Modality>()
                        .map_err(|_| err(line, format!("unknown modality {m:?}")))?,
                ),
            };
            let cameo = match cameo.trim() {
                "-" => None,
                c if (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()) => Some(c),
                c => {
                    return Err(err(
                        line,
                        format!("CAMEO code {c:?} is not 2 to 4 digits or -"),
                    ));
                }
            };
            let plover = match plover.trim() {
                "-" => None,
                p if PLOVER_CATEGORIES.contains(&p) => Some(p),
                p => {
                    return Err(err(
                        line,
                        format!(
                            "PLOVER category {p:?} is not one of {}",
                            PLOVER_CATEGORIES.join(", ")
                        ),
                    ));
                }
            };
            if reasoning.trim().is_empty() {
                return Err(err(line, "the reasoning field is empty".into()));
            }
            let at = rows.len() as u16;
            let negs: &[bool] = match negated {
                Some(n) => {
                    if n {
                        &[true]
                    } else {
                        &[false]
                    }
                }
                None => &[false, true],
            };
            for &n in negs {
                for m in Modality::ALL {
                    if modality.is_some_and(|want| want != *m) {
                        continue;
                    }
                    let slot = &mut index[type_index(kind)][usize::from(n)][modality_index(*m)];
                    if *slot != UNSET {
                        return Err(err(
                            line,
                            format!(
                                "{kind} negated={n} {m} is already covered on line {}",
                                rows[*slot as usize].line
                            ),
                        ));
                    }
                    *slot = at;
                }
            }
            rows.push(Row {
                kind,
                negated,
                modality,
                codes: Codes { cameo, plover },
                reasoning: reasoning.trim(),
                line,
            });
        }
        if !header_seen {
            return Err(err(0, "no header row".into()));
        }
        for (ti, t) in RelationType::ALL.iter().enumerate() {
            for n in [false, true] {
                for m in Modality::ALL {
                    if index[ti][usize::from(n)][modality_index(*m)] == UNSET {
                        return Err(err(last_line, format!("no row covers {t} negated={n} {m}")));
                    }
                }
            }
        }
        Ok(Crosswalk { rows, index })
    }

    /// The codes for a relation of type `kind` with this negation and modality.
    pub fn get(&self, kind: RelationType, negated: bool, modality: Modality) -> Codes {
        let at = self.index[type_index(kind)][usize::from(negated)][modality_index(modality)];
        self.rows[at as usize].codes
    }

    /// The row that decides a combination (for its reasoning and line).
    pub fn row(&self, kind: RelationType, negated: bool, modality: Modality) -> &Row {
        let at = self.index[type_index(kind)][usize::from(negated)][modality_index(modality)];
        &self.rows[at as usize]
    }

    /// Every row, in file order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The table as a Markdown table (the README's "CAMEO and PLOVER" section).
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "| type | negated | modality | CAMEO | PLOVER | why |\n|---|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            let star = |s: Option<String>| s.unwrap_or_else(|| "any".into());
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} |\n",
                r.kind,
                star(r.negated.map(|n| n.to_string())),
                star(r.modality.map(|m| m.to_string())),
                r.codes
                    .cameo
                    .map_or("null".to_string(), |c| format!("`{c}`")),
                r.codes
                    .plover
                    .map_or("null".to_string(), |p| format!("`{p}`")),
                r.reasoning.replace('|', "\\|"),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(text: &'static str) -> String {
        Crosswalk::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn embedded_table_covers_every_combination() {
        let t = Crosswalk::embedded().expect("src/crosswalk.tsv is valid");
        for kind in RelationType::ALL {
            for n in [false, true] {
                for m in Modality::ALL {
                    let row = t.row(*kind, n, *m);
                    assert_eq!(row.kind, *kind);
                    assert!(!row.reasoning.is_empty());
                }
            }
        }
        let c = t.get(RelationType::Meeting, false, Modality::Intended);
        assert_eq!((c.cameo, c.plover), (Some("036"), Some("AGREE")));
        let none = t.get(RelationType::EnvoyAcceptance, false, Modality::Asserted);
        assert_eq!(none, Codes::default());
        for n in [false, true] {
            let p = t.get(RelationType::Recognition, n, Modality::Possible);
            assert_eq!(p, Codes::default(), "negated={n}");
        }
    }

    #[test]
    fn bad_rows_name_their_line() {
        const HEAD: &str = "type\tnegated\tmodality\tcameo\tplover\treasoning\n";
        assert!(bad("# x\nfoo\n").starts_with("src/crosswalk.tsv:2: header must be"));
        let t: &'static str = Box::leak(
            format!("{HEAD}recognition\tfalse\tasserted\t054\tSUPPORTS\tx\n").into_boxed_str(),
        );
        assert!(
            bad(t).starts_with("src/crosswalk.tsv:2: PLOVER category \"SUPPORTS\""),
            "{}",
            bad(t)
        );
        let t: &'static str = Box::leak(
            format!("{HEAD}recognition\tfalse\tasserted\t54a\tSUPPORT\tx\n").into_boxed_str(),
        );
        assert!(bad(t).starts_with("src/crosswalk.tsv:2: CAMEO code \"54a\""));
        let t: &'static str = Box::leak(
            format!("{HEAD}recognition\t*\t*\t-\t-\tx\nrecognition\ttrue\tasserted\t-\t-\ty\n")
                .into_boxed_str(),
        );
        assert_eq!(
            bad(t),
            "src/crosswalk.tsv:3: recognition negated=true asserted is already covered on line 2"
        );
        let t: &'static str =
            Box::leak(format!("{HEAD}recognition\t*\t*\t-\t-\tx\n").into_boxed_str());
        assert_eq!(
            bad(t),
            "src/crosswalk.tsv:2: no row covers ambassador_appointment negated=false asserted"
        );
        let t: &'static str =
            Box::leak(format!("{HEAD}recognitions\t*\t*\t-\t-\tx\n").into_boxed_str());
        assert!(bad(t).contains(":2: unknown relation type"));
    }
}
