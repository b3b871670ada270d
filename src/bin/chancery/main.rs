//! The `chancery` command: a thin layer over the library that reads
//! documents, extracts them on every core in input order, and writes one JSON
//! object per document. See `chancery --help`.

mod input;

use anyhow::Context;
use chancery::{DocDate, Document, Extractor};
use clap::{Args, Parser, Subcommand};
use input::{Inputs, Item};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Reads English news and says, in data, who did what to whom in international politics.
#[derive(Parser)]
#[command(name = "chancery", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract entities and relations: one JSON object per document on standard output
    /// (--format html: one page showing them all).
    ///
    /// Without --jsonl each PATH is one plain-text document whose id is the path
    /// (standard input: "-"). With --jsonl every input line is {"id": ..., "text": ...}.
    /// Bad input is reported on standard error as path:line and skipped; the exit
    /// status is then 2.
    Extract(ExtractArgs),
    /// Explain a text: its sentences, every mention with the gazetteer line that
    /// produced it, every rule that matched and why, and the rules that came close.
    Explain(ExplainArgs),
    /// Check the embedded gazetteers and rules plus the given files, reporting every
    /// problem as path:line: message on standard output.
    ///
    /// Reports bad lines and ids, aliases claimed twice, surfaces hidden by others,
    /// common-word aliases, impossible terms of office, and rules whose own examples
    /// fail or that never fire on them. Exit status 1 when there are findings, 0 when clean.
    Lint(LintArgs),
}

#[derive(Args)]
struct LintArgs {
    /// A gazetteer file to check with the embedded data. Repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    gazetteers: Vec<String>,
    /// A rule file to check with the embedded rules. Repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<String>,
}

/// Output format of `extract`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// One JSON object per document and line (the output contract).
    Json,
    /// One self-contained HTML page for all documents: highlighted entities,
    /// relations linked to their evidence sentences.
    Html,
}

#[derive(Args)]
struct ExplainArgs {
    /// The text to explain (a sentence or a paragraph); "-" or none reads standard input.
    text: Option<String>,
    /// Write JSON instead of the human-readable report.
    #[arg(long)]
    json: bool,
    /// Add a gazetteer file. Repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    gazetteers: Vec<String>,
    /// Add a rule file. Repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<String>,
}

#[derive(Args)]
struct ExtractArgs {
    /// Read JSON Lines: one {"id", "text"} object per line.
    #[arg(long)]
    jsonl: bool,
    /// Output format: json (JSON Lines, the default) or html (one self-contained page
    /// for all documents, written when the input ends; holds every document in memory).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Add a gazetteer file (TSV; entries add to or replace the embedded ones by id). Repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    gazetteers: Vec<String>,
    /// Add a rule file (entries add to or replace the embedded rules by id). Repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<String>,
    /// Worker threads (default: every core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Largest document (or JSON line) accepted, in bytes; larger ones are reported and skipped.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    max_doc_bytes: usize,
    /// Show progress on standard error (default: when standard error is a terminal).
    #[arg(long, overrides_with = "no_progress")]
    progress: bool,
    /// Never show progress.
    #[arg(long)]
    no_progress: bool,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD) for documents without a JSON `date`
    /// field: titles without names ("the Russian president") resolve to that year's holder.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<DocDate>,
    /// Files to read; none or "-" reads standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
}

fn parse_date(s: &str) -> Result<DocDate, String> {
    s.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => match extract(args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(2),
            Err(e) => report(&e),
        },
        Command::Explain(args) => match explain(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => report(&e),
        },
        Command::Lint(args) => lint(&args),
    }
}

/// Prints every finding; exit status 1 when there are any.
fn lint(args: &LintArgs) -> ExitCode {
    let mut builder = Extractor::builder();
    for g in &args.gazetteers {
        builder.gazetteer_file(g);
    }
    for r in &args.rules {
        builder.rules_file(r);
    }
    let findings = chancery::lint::lint(&builder);
    let mut out = io::stdout().lock();
    for f in &findings {
        if writeln!(out, "{f}").is_err() {
            break;
        }
    }
    let _ = out.flush();
    if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "chancery: {} finding{}",
            findings.len(),
            if findings.len() == 1 { "" } else { "s" }
        );
        ExitCode::from(1)
    }
}

fn report(e: &anyhow::Error) -> ExitCode {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "chancery: {e}");
    for cause in e.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {cause}");
    }
    ExitCode::from(1)
}

fn explain(args: ExplainArgs) -> anyhow::Result<()> {
    let mut builder = Extractor::builder();
    for g in &args.gazetteers {
        builder.gazetteer_file(g);
    }
    for r in &args.rules {
        builder.rules_file(r);
    }
    let extractor = builder.build().context("cannot build the extractor")?;
    let text = match args.text.as_deref() {
        Some(t) if t != "-" => t.to_string(),
        _ => {
            let mut t = String::new();
            io::Read::read_to_string(&mut io::stdin(), &mut t)
                .context("cannot read standard input")?;
            t
        }
    };
    let explanation = extractor.explain(&text);
    let mut out = io::stdout().lock();
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &explanation)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        write!(out, "{explanation}")
    };
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write"))
        }
        _ => Ok(()),
    }
}

/// Documents per parallel batch: enough to keep every core busy, few enough to bound memory.
const BATCH_DOCS: usize = 256;
/// Bytes per parallel batch.
const BATCH_BYTES: usize = 8 << 20;

/// Runs `extract`; `Ok(false)` when some input was bad.
fn extract(args: ExtractArgs) -> anyhow::Result<bool> {
    let mut builder = Extractor::builder();
    for g in &args.gazetteers {
        builder.gazetteer_file(g);
    }
    for r in &args.rules {
        builder.rules_file(r);
    }
    let extractor = builder.build().context("cannot build the extractor")?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let show_progress = !args.no_progress && (args.progress || io::stderr().is_terminal());
    let mut progress = Progress::new(show_progress);

    let mut inputs = Inputs::new(args.paths, args.jsonl, args.max_doc_bytes);
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut all_good = true;
    let mut batch: Vec<(serde_json::Value, String, Option<DocDate>)> = Vec::new();
    let mut batch_bytes = 0;
    let mut pages: Vec<(Document, String)> = Vec::new();
    let mut done = false;
    while !done {
        // Fill a batch, reporting bad items as they come (they precede the batch's output
        // on standard error, which is a different stream).
        loop {
            match inputs.next_item() {
                None => {
                    done = true;
                    break;
                }
                Some(Item::Bad { at, message }) => {
                    all_good = false;
                    progress.clear_line();
                    eprintln!("chancery: {at}: {message}");
                }
                Some(Item::Doc { id, text, date }) => {
                    let date = match date.map(|d| d.parse::<DocDate>()) {
                        Some(Ok(d)) => Some(d),
                        Some(Err(e)) => {
                            all_good = false;
                            progress.clear_line();
                            eprintln!("chancery: document {id}: {e}; extracted without a date");
                            args.date
                        }
                        None => args.date,
                    };
                    batch_bytes += text.len();
                    batch.push((id, text, date));
                    if batch.len() >= BATCH_DOCS || batch_bytes >= BATCH_BYTES {
                        break;
                    }
                }
            }
        }
        let extract_one =
            |id: &serde_json::Value, text: &str, date: &Option<DocDate>| -> Document {
                match date {
                    Some(d) => extractor.extract_on(text, *d),
                    None => extractor.extract(text),
                }
                .with_id(id.clone())
            };
        let batch_docs = batch.len();
        if args.format == Format::Html {
            // The page is written once the input ends: keep every document and its text.
            let docs: Vec<Document> = pool.install(|| {
                use rayon::prelude::*;
                batch
                    .par_iter()
                    .map(|(id, text, date)| extract_one(id, text, date))
                    .collect()
            });
            pages.extend(
                docs.into_iter()
                    .zip(batch.drain(..).map(|(_, text, _)| text)),
            );
        } else {
            let docs: Vec<Vec<u8>> = pool.install(|| {
                use rayon::prelude::*;
                batch
                    .par_iter()
                    .map(|(id, text, date)| {
                        let doc = extract_one(id, text, date);
                        // The output runs about three times the input.
                        let mut line = Vec::with_capacity(3 * text.len() + 256);
                        doc.write_json(&mut line);
                        line.push(b'\n');
                        line
                    })
                    .collect()
            });
            for line in &docs {
                if let Err(e) = out.write_all(line) {
                    return finish_on_write_error(e, all_good);
                }
            }
        }
        progress.update(batch_docs, batch_bytes);
        batch.clear();
        batch_bytes = 0;
    }
    if args.format == Format::Html {
        let page = chancery::html::render(pages.iter().map(|(doc, text)| (doc, text.as_str())));
        if let Err(e) = out.write_all(page.as_bytes()) {
            return finish_on_write_error(e, all_good);
        }
    }
    if let Err(e) = out.flush() {
        return finish_on_write_error(e, all_good);
    }
    progress.finish();
    // The process ends here: freeing the automaton, gazetteer and rules
    // piece by piece would cost about as much as parsing the rules did.
    std::mem::forget(extractor);
    Ok(all_good)
}

/// A closed downstream pipe (`| head`) ends the run quietly.
fn finish_on_write_error(e: io::Error, all_good: bool) -> anyhow::Result<bool> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(all_good)
    } else {
        Err(anyhow::Error::new(e).context("cannot write to standard output"))
    }
}

/// Documents, megabytes, throughput and elapsed time on standard error.
struct Progress {
    enabled: bool,
    start: Instant,
    last: Instant,
    docs: usize,
    bytes: usize,
}

impl Progress {
    fn new(enabled: bool) -> Progress {
        let now = Instant::now();
        Progress {
            enabled,
            start: now,
            last: now,
            docs: 0,
            bytes: 0,
        }
    }

    fn line(&self) -> String {
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        format!(
            "chancery: {} documents, {:.1} MB, {:.1} MB/s, {:.1} s",
            self.docs,
            mb,
            mb / secs,
            secs
        )
    }

    fn update(&mut self, docs: usize, bytes: usize) {
        self.docs += docs;
        self.bytes += bytes;
        if self.enabled && self.last.elapsed() >= Duration::from_millis(250) {
            self.last = Instant::now();
            eprint!("\r{}\x1b[K", self.line());
        }
    }

    fn clear_line(&self) {
        if self.enabled {
            eprint!("\r\x1b[K");
        }
    }

    fn finish(&self) {
        if self.enabled {
            eprintln!("\r{}\x1b[K", self.line());
        }
    }
}
