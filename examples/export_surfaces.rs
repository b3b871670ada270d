//! Writes chancery's own surface forms in the peer benchmark's gazetteer
//! format (`surface<TAB>type<TAB>id`, see `shared/bench/make_gazetteer.py`),
//! so that the other matchers load the same patterns chancery does:
//!
//! ```sh
//! cargo run --release --example export_surfaces > /tmp/chancery-surfaces.tsv
//! ```
//!
//! Surfaces come from the embedded gazetteer only (`Gazetteer::embedded()`,
//! each entry's `surfaces`), whitespace collapsed, first one kept when two are
//! equal case-insensitively, as `make_gazetteer.py` does.

use chancery::{EntityKind, Gazetteer, Via};
use std::collections::HashSet;
use std::io::{self, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gazetteer = Gazetteer::embedded()?;
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "# chancery surfaces (embedded gazetteer): surface\ttype\tid"
    )?;
    let mut seen = HashSet::new();
    for entry in gazetteer.entries() {
        for surface in &entry.surfaces {
            let text = surface
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if text.is_empty() || !seen.insert(text.to_lowercase()) {
                continue;
            }
            let kind = match (entry.kind, surface.via) {
                (EntityKind::Country, Via::Capital) => "capital",
                (EntityKind::Country, Via::Seat) => "seat",
                (EntityKind::Country, Via::Demonym) => "demonym",
                (kind, _) => kind.as_str(),
            };
            writeln!(out, "{text}\t{kind}\t{}", entry.id)?;
        }
    }
    out.flush()?;
    Ok(())
}
