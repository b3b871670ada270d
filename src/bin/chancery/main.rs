//! The `chancery` command: a thin layer over the library that reads
//! documents, extracts them on every core in input order, and writes one JSON
//! object per document. See `chancery --help`.

mod input;
mod output;

use anyhow::Context;
use chancery::{DocDate, Document, EntityKind, Extractor};
use clap::{Args, Parser, Subcommand};
use input::{Inputs, Item, Mode};
use output::Format;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The version line: the crate version and the output contract it writes.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (output contract 1.1, docs/output.md)"
);

/// Exit statuses, as `--help` and the README list them.
const EXIT_HELP: &str = "\
Exit status:
  0  every input was read and extracted
  1  a gazetteer or rule file was refused, or the output could not be written
  2  usage error (unknown option, bad value)
  3  some input was skipped (unreadable file, bad JSON line, invalid UTF-8, too long);
     each is named on standard error as path:line and every other document was written";

/// Some input was skipped: each is reported on standard error.
const EXIT_SKIPPED: u8 = 3;

/// Reads English news and says, in data, who did what to whom in international politics.
#[derive(Parser)]
#[command(name = "chancery", version = VERSION, about, long_about = None, after_help = EXIT_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract entities and relations: one JSON object per document (the output contract,
    /// docs/output.md), or relations only, a TSV/CSV table, or an HTML page.
    ///
    /// Each PATH is a file or a directory (walked for *.txt, *.jsonl and *.ndjson, or
    /// the --glob patterns). A .jsonl/.ndjson file is JSON Lines: one {"id", "text", ...}
    /// object per line; any other file is one plain-text document whose id is its path
    /// (standard input: "-"). Bad input is reported on standard error as path:line and
    /// skipped (exit status 3).
    #[command(after_help = EXIT_HELP)]
    Extract(ExtractArgs),
    /// Explain a text: its sentences, every mention with the gazetteer line that
    /// produced it, every rule that matched and why, and the rules that came close.
    #[command(after_help = EXIT_HELP)]
    Explain(ExplainArgs),
    /// Check the embedded gazetteers and rules plus the given files, reporting every
    /// problem as path:line: message on standard output.
    ///
    /// Reports bad lines and ids, aliases claimed twice, surfaces hidden by others,
    /// common-word aliases, impossible terms of office, and rules whose own examples
    /// fail or that never fire on them. Exit status 1 when there are findings, 0 when clean.
    Lint(LintArgs),
}

/// Output format of `lint`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LintFormat {
    /// `path:line: message`, one finding per line.
    Text,
    /// One JSON object per finding and line: {"path", "line", "message"}.
    Json,
}

#[derive(Args)]
struct LintArgs {
    /// A gazetteer file to check with the embedded data; KIND=FILE gives its kind. Repeatable.
    #[arg(long = "gazetteer", value_name = "[KIND=]FILE")]
    gazetteers: Vec<String>,
    /// A rule file to check with the embedded rules. Repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    format: LintFormat,
}

#[derive(Args)]
struct ExplainArgs {
    /// What to explain: a file, "-" (or nothing) for standard input, or the text itself
    /// (a sentence or a paragraph).
    #[arg(value_name = "FILE|-|TEXT")]
    input: Option<String>,
    /// Write JSON instead of the human-readable report.
    #[arg(long)]
    json: bool,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD), as for `extract --date`.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<DocDate>,
    /// Leave out the rules that came close but did not fire.
    #[arg(long)]
    no_near_misses: bool,
    /// Show only this rule's matches and near misses (a rule id such as recognition/active).
    #[arg(long, value_name = "ID")]
    rule: Option<String>,
    /// Add a gazetteer file; KIND=FILE gives its kind. Repeatable.
    #[arg(long = "gazetteer", value_name = "[KIND=]FILE")]
    gazetteers: Vec<String>,
    /// Add a rule file. Repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<String>,
}

#[derive(Args)]
struct ExtractArgs {
    /// Read every input as JSON Lines: one {"id", "text", ...} object per line.
    #[arg(long, conflicts_with = "text")]
    jsonl: bool,
    /// Read every input as one plain-text document, even a .jsonl file or text that looks like JSON.
    #[arg(long)]
    text: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Write the output to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<String>,
    /// In a directory, read only files whose name matches PATTERN (* and ?; default
    /// *.txt, *.jsonl, *.ndjson). Repeatable. Files named on the command line are always read.
    #[arg(long = "glob", value_name = "PATTERN")]
    globs: Vec<String>,
    /// Add a gazetteer file (TSV; entries add to or replace the embedded ones by id). Its
    /// kind comes from a `kind` column, from KIND=FILE (country, organisation or person:
    /// organisation=my_orgs.tsv), or from its name (countries.tsv, organisations.tsv,
    /// people.tsv). Repeatable.
    #[arg(long = "gazetteer", value_name = "[KIND=]FILE")]
    gazetteers: Vec<String>,
    /// Add a rule file (entries add to or replace the embedded rules by id). Repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<String>,
    /// Worker threads; 0 (the default) uses every core.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Largest document (or JSON line) accepted, in bytes; larger ones are reported and skipped.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    max_doc_bytes: usize,
    /// Show progress on standard error: input bytes read, with a percentage and the time
    /// left when the input size is known (default: when standard error is a terminal).
    #[arg(long, conflicts_with = "no_progress")]
    progress: bool,
    /// Never show progress.
    #[arg(long)]
    no_progress: bool,
    /// Publication date (YYYY, YYYY-MM or YYYY-MM-DD) for documents without a JSON `date`
    /// field: titles without names ("the Russian president") resolve to that year's holder.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<DocDate>,
    /// Files or directories to read; none or "-" reads standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<String>,
}

fn parse_date(s: &str) -> Result<DocDate, String> {
    s.parse().map_err(|e: chancery::ParseError| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => match extract(args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(EXIT_SKIPPED),
            Err(e) => report(&e),
        },
        Command::Explain(args) => match explain(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => report(&e),
        },
        Command::Lint(args) => lint(&args),
    }
}

fn builder(gazetteers: &[String], rules: &[String]) -> anyhow::Result<chancery::ExtractorBuilder> {
    let mut builder = Extractor::builder();
    for g in gazetteers {
        match kind_and_file(g) {
            Some((kind, path)) => {
                let text =
                    std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
                builder.gazetteer_str(path, with_kind_column(&text, kind));
            }
            None => {
                builder.gazetteer_file(g);
            }
        }
    }
    for r in rules {
        builder.rules_file(r);
    }
    Ok(builder)
}

/// `KIND=FILE` (`organisation=my_orgs.tsv`): the kind and the file; `None` for a plain path.
fn kind_and_file(arg: &str) -> Option<(EntityKind, &str)> {
    let (kind, path) = arg.split_once('=')?;
    let kind = kind.trim_end_matches('s');
    let kind = if kind == "people" { "person" } else { kind };
    Some((kind.parse().ok()?, path))
}

/// The gazetteer text with a `kind` column holding `kind` on every row (line
/// numbers unchanged); a file that has its own `kind` column is left alone.
fn with_kind_column(text: &str, kind: EntityKind) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut header_seen = false;
    let mut has_kind = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let content = !body.trim().is_empty() && !body.starts_with('#');
        out.push_str(body);
        if content && !header_seen {
            header_seen = true;
            has_kind = body.split('\t').any(|c| c.trim() == "kind");
            if !has_kind {
                out.push_str("\tkind");
            }
        } else if content && !has_kind {
            out.push('\t');
            out.push_str(kind.as_str());
        }
        out.push_str(ending);
    }
    out
}

/// Prints every finding; exit status 1 when there are any.
fn lint(args: &LintArgs) -> ExitCode {
    let builder = match builder(&args.gazetteers, &args.rules) {
        Ok(b) => b,
        Err(e) => return report(&e),
    };
    let findings = chancery::lint::lint(&builder);
    let mut out = io::stdout().lock();
    for f in &findings {
        let written = match args.format {
            LintFormat::Text => writeln!(out, "{f}"),
            LintFormat::Json => serde_json::to_writer(&mut out, f)
                .map_err(io::Error::from)
                .and_then(|()| writeln!(out)),
        };
        if written.is_err() {
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

/// The text `explain` reads: standard input, a file, or the argument itself.
fn explain_text(input: Option<&str>) -> anyhow::Result<String> {
    match input {
        None | Some("-") => {
            let mut t = String::new();
            io::Read::read_to_string(&mut io::stdin(), &mut t)
                .context("cannot read standard input")?;
            Ok(t)
        }
        Some(path) if std::path::Path::new(path).is_file() => {
            std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))
        }
        // One word with a file extension or a slash is a path that is not there, not a sentence.
        Some(path)
            if !path.contains(char::is_whitespace)
                && (path.contains('/')
                    || path.rsplit_once('.').is_some_and(|(_, ext)| {
                        !ext.is_empty()
                            && ext.len() <= 6
                            && ext.chars().all(|c| c.is_ascii_alphanumeric())
                    })) =>
        {
            anyhow::bail!("{path}: no such file (quote a sentence to explain it as text)")
        }
        Some(text) => Ok(text.to_string()),
    }
}

fn explain(args: ExplainArgs) -> anyhow::Result<()> {
    let extractor = builder(&args.gazetteers, &args.rules)?
        .build()
        .context("cannot build the extractor")?;
    let text = explain_text(args.input.as_deref())?;
    let mut explanation = match args.date {
        Some(d) => extractor.explain_on(&text, d),
        None => extractor.explain(&text),
    };
    for s in &mut explanation.sentences {
        if args.no_near_misses {
            s.near_misses.clear();
        }
        if let Some(rule) = &args.rule {
            s.matches.retain(|m| &m.rule == rule);
            s.near_misses.retain(|m| &m.rule == rule);
        }
    }
    if let Some(rule) = &args.rule
        && !extractor
            .rules()
            .rules()
            .iter()
            .any(|r| r.id.as_ref() == rule)
    {
        anyhow::bail!("no rule has the id {rule:?}");
    }
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
const BATCH_DOCS: usize = chancery::jsonl::BATCH_DOCS;
/// Bytes per parallel batch.
const BATCH_BYTES: usize = chancery::jsonl::BATCH_BYTES;

/// Documents with more text than this are written straight to the output,
/// a piece at a time, instead of as one buffer beside the document.
const STREAM_ABOVE: usize = 1 << 20;

/// One document's output, ready to be written in input order.
enum Output {
    Bytes(Vec<u8>),
    Document(Document),
}

/// One document read and waiting for extraction.
struct Pending {
    id: String,
    text: String,
    date: Option<DocDate>,
    context: Option<chancery::Context>,
}

/// Runs `extract`; `Ok(false)` when some input was skipped.
fn extract(args: ExtractArgs) -> anyhow::Result<bool> {
    let extractor = builder(&args.gazetteers, &args.rules)?
        .build()
        .context("cannot build the extractor")?;
    let threads = match args.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let show_progress = !args.no_progress && (args.progress || io::stderr().is_terminal());

    let mode = match (args.jsonl, args.text) {
        (true, _) => Mode::Jsonl,
        (_, true) => Mode::Text,
        _ => Mode::Detect,
    };
    let (paths, problems) = input::expand(args.paths, &args.globs);
    let mut all_good = problems.is_empty();
    for p in problems {
        if let Item::Bad { at, message } = p {
            eprintln!("chancery: {at}: {message}");
        }
    }
    let mut inputs = Inputs::new(paths, mode, args.max_doc_bytes);
    let mut progress = Progress::new(show_progress, inputs.total_bytes());
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => {
            Box::new(std::fs::File::create(path).with_context(|| format!("cannot create {path}"))?)
        }
        None => Box::new(io::stdout().lock()),
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, sink);
    if let Err(e) = out.write_all(args.format.header().as_bytes()) {
        return finish_on_write_error(e, all_good);
    }
    let mut batch: Vec<Pending> = Vec::new();
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
                Some(Item::Doc {
                    id,
                    text,
                    date,
                    context,
                    warnings,
                }) => {
                    for w in warnings {
                        progress.clear_line();
                        eprintln!("chancery: warning: {w}");
                    }
                    batch_bytes += text.len();
                    batch.push(Pending {
                        id,
                        text,
                        date: date.or(args.date),
                        context,
                    });
                    if batch.len() >= BATCH_DOCS || batch_bytes >= BATCH_BYTES {
                        break;
                    }
                }
            }
        }
        let extract_one = |p: &Pending| -> Document {
            match p.date {
                Some(d) => extractor.extract_on(&p.text, d),
                None => extractor.extract(&p.text),
            }
            .with_id(p.id.clone())
            .with_context(p.context.clone())
        };
        let batch_docs = batch.len();
        if args.format == Format::Html {
            // The page is written once the input ends: keep every document and its text.
            let docs: Vec<Document> = pool.install(|| {
                use rayon::prelude::*;
                batch.par_iter().map(extract_one).collect()
            });
            pages.extend(docs.into_iter().zip(batch.drain(..).map(|p| p.text)));
        } else {
            let format = args.format;
            let docs: Vec<Output> = pool.install(|| {
                use rayon::prelude::*;
                batch
                    .par_iter()
                    .map(|p| {
                        // The output runs about 3.4 times the input (20 MB bench corpus):
                        // room for four, so that the buffer rarely grows and moves.
                        let room = 4 * p.text.len() + 1024;
                        let json = format == Format::Json;
                        if json && p.text.len() <= STREAM_ABOVE {
                            // Straight to JSON: no document is built.
                            let mut bytes = Vec::with_capacity(room);
                            let context = p.context.as_ref();
                            extractor.extract_json(&p.text, &p.id, p.date, context, &mut bytes);
                            bytes.push(b'\n');
                            return Output::Bytes(bytes);
                        }
                        let doc = extract_one(p);
                        if json {
                            // Written piece by piece below: no second copy as one buffer.
                            return Output::Document(doc);
                        }
                        let mut bytes = Vec::with_capacity(room);
                        format.write(&doc, &mut bytes);
                        Output::Bytes(bytes)
                    })
                    .collect()
            });
            for item in &docs {
                let written = match item {
                    Output::Bytes(bytes) => out.write_all(bytes),
                    Output::Document(doc) => doc
                        .write_json_to(&mut out)
                        .and_then(|()| out.write_all(b"\n")),
                };
                if let Err(e) = written {
                    return finish_on_write_error(e, all_good);
                }
            }
        }
        progress.update(batch_docs, inputs.bytes_read());
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
        Err(anyhow::Error::new(e).context("cannot write the output"))
    }
}

/// Documents, input megabytes, throughput and elapsed time on standard error;
/// with a known input size, the percentage done and the time left.
struct Progress {
    enabled: bool,
    start: Instant,
    last: Instant,
    docs: usize,
    bytes: u64,
    total: Option<u64>,
}

impl Progress {
    fn new(enabled: bool, total: Option<u64>) -> Progress {
        let now = Instant::now();
        Progress {
            enabled,
            start: now,
            last: now,
            docs: 0,
            bytes: 0,
            total,
        }
    }

    fn line(&self) -> String {
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        let mut line = format!(
            "chancery: {} documents, {:.1} MB, {:.1} MB/s, {:.1} s",
            self.docs,
            mb,
            mb / secs,
            secs
        );
        if let Some(total) = self.total.filter(|&t| t > 0) {
            let done = (self.bytes as f64 / total as f64).min(1.0);
            line.push_str(&format!(", {:.0}%", 100.0 * done));
            if done > 0.0 && done < 1.0 {
                line.push_str(&format!(", {:.0} s left", secs * (1.0 - done) / done));
            }
        }
        line
    }

    fn update(&mut self, docs: usize, bytes_read: u64) {
        self.docs += docs;
        self.bytes = bytes_read;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_column_is_added_for_kind_equals_file() {
        assert_eq!(
            kind_and_file("organisations=my_orgs.tsv"),
            Some((EntityKind::Organisation, "my_orgs.tsv"))
        );
        assert_eq!(
            kind_and_file("people=a=b.tsv"),
            Some((EntityKind::Person, "a=b.tsv"))
        );
        assert_eq!(kind_and_file("x=y.tsv"), None);
        let text = "# mine\r\nid\tname\taliases\r\n\nacme\tAcme\tAF\r\n# end\n";
        assert_eq!(
            with_kind_column(text, EntityKind::Organisation),
            "# mine\r\nid\tname\taliases\tkind\r\n\nacme\tAcme\tAF\torganisation\r\n# end\n"
        );
        let own = "id\tname\taliases\tkind\nacme\tAcme\t\tperson\n";
        assert_eq!(with_kind_column(own, EntityKind::Country), own);
    }

    #[test]
    fn the_version_names_the_contract() {
        assert!(
            super::VERSION.contains(&format!("output contract {},", chancery::CONTRACT_VERSION))
        );
    }
}
