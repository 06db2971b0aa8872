//! The command line: parses arguments, calls the library, prints, and exits with
//! 0 (success), 1 (problems in the content) or 2 (usage or I/O errors).

use clap::builder::TypedValueParser;
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use summit_archive::load::LoadReport;
use summit_archive::model::{DocumentKind, Links};
use summit_archive::{BuildError, Options, Run, Tools, check_site_with, permalinks, pipeline};
use summit_archive::{scaffold, serve};

#[derive(Parser)]
#[command(
    version,
    about = "Builds the China–Central Asia summit archive: a bilingual, citable static site.",
    after_help = "Exit codes: 0 success, 1 problems in the content, 2 usage or I/O errors."
)]
struct Cli {
    /// The site folder (holding content/, templates/ and static/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Builds the site into public/ (or --out); the last good site stays if the build fails.
    Build {
        /// Where to write the site [default: <root>/public]: a new or empty folder, or an
        /// earlier output of this tool.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Also publish the documents marked `draft: true`, for a preview (their permalinks
        /// are still not recorded).
        #[arg(long)]
        drafts: bool,
        /// Also print everything the loader did to the pasted texts, one line each.
        #[arg(long)]
        report: bool,
        /// Also print the time of each stage and the counts behind it.
        #[arg(long)]
        timings: bool,
        /// Build as if content/reviews.yaml were absent: the linker's links only.
        #[arg(long)]
        ignore_reviews: bool,
        /// The address the site is published at (`https://example.org/archive/`), in place of
        /// `base_url` in content/site.yaml: canonical addresses, the sitemap and the feed are
        /// made absolute from it.
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<summit_archive::load::site::BaseUrl>,
    },
    /// Checks all content (drafts included), templates and permalinks and reports every
    /// problem; writes nothing.
    Check {
        /// Also print everything the loader did to the pasted texts, one line each.
        #[arg(long)]
        report: bool,
        /// Also print the time of each stage and the counts behind it.
        #[arg(long)]
        timings: bool,
        /// Check as if content/reviews.yaml were absent: the linker's links only.
        #[arg(long)]
        ignore_reviews: bool,
    },
    /// Serves a live preview on 127.0.0.1, drafts included, rebuilt and reloaded on every
    /// change; writes nothing under content/.
    Serve {
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Where to build the preview [default: a temporary folder, removed on exit]: a new
        /// or empty folder, or an earlier output of this tool.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Scaffolds a summit or a document with correct front matter.
    #[command(subcommand)]
    New(New),
    /// Prints, per document, how many of its units have an English translation.
    Coverage,
}

#[derive(Subcommand)]
enum New {
    /// A summit: content/<ID>/summit.yaml.
    Summit(NewSummitArgs),
    /// A document: content/<SUMMIT>/<ID>.md, its text pasted from a file of content/sources/.
    Document(NewDocumentArgs),
}

#[derive(Args)]
struct NewSummitArgs {
    /// The summit id: year and city, such as 2027-beijing.
    id: String,
    /// Its number [default: one more than the latest summit's].
    #[arg(long)]
    number: Option<u32>,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    start: String,
    /// Last day, YYYY-MM-DD [default: the first day].
    #[arg(long)]
    end: Option<String>,
    /// The host city in Chinese (北京).
    #[arg(long)]
    city: String,
    /// The host city in English (Beijing).
    #[arg(long)]
    city_en: String,
    /// The host country in Chinese (中国).
    #[arg(long)]
    host: String,
    /// The host country in English (China).
    #[arg(long)]
    host_en: String,
}

/// The document kinds, by the names used in front matter.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = DocumentKind> {
    clap::builder::PossibleValuesParser::new(DocumentKind::ALL.map(DocumentKind::as_str)).map(
        |name| {
            DocumentKind::ALL
                .into_iter()
                .find(|k| k.as_str() == name)
                // Invariant: the parser accepts only the names of DocumentKind::ALL.
                .expect("a possible value is a kind")
        },
    )
}

#[derive(Args)]
struct NewDocumentArgs {
    /// The summit it belongs to (2027-beijing).
    summit: String,
    /// The document id (declaration).
    id: String,
    #[arg(long, value_parser = kind_parser())]
    kind: DocumentKind,
    /// The date of publication, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    /// The file of content/sources/ the text is pasted from.
    #[arg(long)]
    source: String,
    /// The lines of the source to paste, FIRST-LAST [default: all].
    #[arg(long, value_parser = parse_lines)]
    lines: Option<[usize; 2]>,
    /// The title [default: the first pasted line, as printed].
    #[arg(long)]
    title: Option<String>,
}

fn parse_lines(s: &str) -> Result<[usize; 2], String> {
    let (a, b) = s
        .split_once('-')
        .ok_or("expected FIRST-LAST, such as 5-120")?;
    let parse = |v: &str| v.trim().parse::<usize>().map_err(|e| format!("`{v}`: {e}"));
    Ok([parse(a)?, parse(b)?])
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.as_path();
    match cli.command {
        Command::Build {
            out,
            drafts,
            report,
            timings,
            ignore_reviews,
            base_url,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = Options {
                drafts,
                record: true,
                ignore_reviews,
                base_url,
            };
            let shown = Shown { report, timings };
            build(root, &out, &options, shown, &mut Tools::default())
        }
        Command::Check {
            report,
            timings,
            ignore_reviews,
        } => {
            let options = Options {
                ignore_reviews,
                ..Options::default()
            };
            check(root, &options, Shown { report, timings })
        }
        Command::Serve { port, out } => serve_site(root, port, out),
        Command::New(new) => new_files(root, new),
        Command::Coverage => coverage(root),
    }
}

/// What to print beside the outcome.
#[derive(Clone, Copy)]
struct Shown {
    /// Every cleaning step.
    report: bool,
    /// Each stage's time.
    timings: bool,
}

fn build(root: &Path, out: &Path, options: &Options, shown: Shown, tools: &mut Tools) -> ExitCode {
    let started = Instant::now();
    match pipeline::run(root, Some(out), options, tools) {
        Ok(run) => {
            print_run(&run, options, shown);
            if !run.new_permalinks.is_empty() {
                if run.recorded {
                    println!(
                        "permalinks: {} published for the first time, recorded in {}: commit it with the content",
                        run.new_permalinks.len(),
                        permalinks::RECORD
                    );
                } else {
                    println!(
                        "permalinks: {} new, recorded only by `build`",
                        run.new_permalinks.len()
                    );
                }
            }
            let units: usize = run.archive.documents.iter().map(|d| d.units().len()).sum();
            println!(
                "built {} summits, {} documents, {} units: {} files in {} ({} ms)",
                run.archive.summits.len(),
                run.archive.documents.len(),
                units,
                run.written.map_or(run.files, |w| w.files),
                out.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => failure(
            e,
            shown.report,
            &format!("{} was left as it was", out.display()),
        ),
    }
}

fn check(root: &Path, options: &Options, shown: Shown) -> ExitCode {
    match check_site_with(root, options) {
        Ok(run) => {
            print_run(&run, options, shown);
            if !run.new_permalinks.is_empty() {
                println!(
                    "permalinks: {} new, to be recorded by the next build",
                    run.new_permalinks.len()
                );
            }
            println!(
                "checked {} summits, {} documents, {} pages: no problems",
                run.archive.summits.len(),
                run.archive.documents.len(),
                run.pages
            );
            ExitCode::SUCCESS
        }
        Err(e) => failure(e, shown.report, "nothing was written"),
    }
}

/// Prints what a successful run found: diagnostics, cleaning, coverage, drafts and, if asked,
/// the timings.
fn print_run(run: &Run, options: &Options, shown: Shown) {
    print_report(&run.archive.report, shown.report);
    println!("{}", links_line(&run.links, options));
    println!("{}", search_line(&run.search));
    for line in run.archive.coverage_lines(false) {
        println!("{line}");
    }
    if !run.drafts.is_empty() {
        let what = if run.drafts_included {
            "shown in this preview; never recorded among the permalinks"
        } else {
            "not published (preview them with `serve` or `build --drafts`)"
        };
        println!(
            "drafts: {} {what}: {}",
            run.drafts.len(),
            run.drafts.join(", ")
        );
    }
    if run.archive.site.base_url.is_none() {
        println!(
            "no base URL (`base_url:` in {} or --base-url): canonical and feed addresses are relative, and no sitemap.xml is written",
            summit_archive::load::site::PATH
        );
    }
    if shown.timings {
        println!("timings:\n{}", run.timings);
    }
}

/// `--base-url`, checked as `base_url:` in content/site.yaml is.
fn base_url(text: &str) -> Result<summit_archive::load::site::BaseUrl, String> {
    summit_archive::load::site::BaseUrl::parse(text)
}

/// The index stage's summary: what the index weighs, and what one query loads.
fn search_line(search: &pipeline::SearchStats) -> String {
    let kb = |b: usize| format!("{:.1} KB", b as f64 / 1024.0);
    format!(
        "search: {} in {} files ({} shards); a query for a glossary term loads {} (median; at most {}), \
         then {} of text for each {} units it shows",
        kb(search.bytes),
        search.files,
        search.shards,
        kb(search.query_median),
        kb(search.query_max),
        kb(search.chunk_median),
        summit_archive::index::payload::CHUNK,
    )
}

/// The link stage's summary: commitments, follow-ups, and how many nobody reviewed.
fn links_line(links: &Links, options: &Options) -> String {
    let followups: usize = links.commitments.iter().map(|c| c.followups.len()).sum();
    let reviews = if options.ignore_reviews {
        "content/reviews.yaml ignored (--ignore-reviews)"
    } else {
        "not reviewed in content/reviews.yaml"
    };
    format!(
        "links: {} commitments, {} follow-ups; {} automatic follow-ups {}",
        links.commitments.len(),
        followups,
        links.unreviewed,
        reviews
    )
}

/// Prints a failed build or check and gives its exit code.
fn failure(e: BuildError, report: bool, outcome: &str) -> ExitCode {
    match e {
        BuildError::Content(load_report) => {
            print_report(&load_report, report);
            let errors = load_report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .count();
            let templates = load_report.diagnostics.iter().any(|d| {
                d.is_error() && (d.path.starts_with("templates") || d.path.starts_with("static"))
            });
            let place = if templates {
                "the content and templates"
            } else {
                "the content"
            };
            eprintln!("error: {errors} problem(s) in {place}; {outcome}");
            ExitCode::from(1)
        }
        // A broken template or interface table is a problem in the site's sources too.
        BuildError::Render(_) | BuildError::Theme(_) => {
            eprintln!("{e}");
            eprintln!("error: a problem in the templates; {outcome}");
            ExitCode::from(1)
        }
        e => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn serve_site(root: &Path, port: u16, out: Option<PathBuf>) -> ExitCode {
    // The preview never touches public/ unless asked to.
    let temporary = match out {
        Some(_) => None,
        None => match tempfile::Builder::new()
            .prefix("summit-archive-serve-")
            .tempdir()
        {
            Ok(dir) => Some(dir),
            Err(e) => {
                eprintln!("error: cannot make a temporary folder: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let out = out.unwrap_or_else(|| {
        temporary
            .as_ref()
            .map(|d| d.path().join("site"))
            .unwrap_or_default()
    });
    // Ctrl-C, SIGTERM and SIGHUP end the preview; the temporary folder goes with it (a folder
    // given with --out stays: it is a build output like any other).
    let folder = temporary.as_ref().map(|d| d.path().to_path_buf());
    if let Err(e) = ctrlc::set_handler(move || {
        if let Some(folder) = &folder {
            let _ = std::fs::remove_dir_all(folder);
        }
        std::process::exit(0);
    }) {
        eprintln!("error: cannot catch Ctrl-C: {e}");
        return ExitCode::from(2);
    }
    // A preview shows the drafts and records nothing: serve never writes under content/.
    let options = Options {
        drafts: true,
        record: false,
        ..Options::default()
    };
    let shown = Shown {
        report: false,
        timings: false,
    };
    let mut tools = Tools::default();
    if build(root, &out, &options, shown, &mut tools) == ExitCode::from(2) {
        return ExitCode::from(2);
    }
    let server = match serve::Server::bind(port, &out) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(addr) = server.addr() else {
        eprintln!("error: no address to serve on");
        return ExitCode::from(2);
    };
    // Watch before announcing the address: an edit made right after is never missed.
    let watch = match serve::Watch::start(root) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("error: {e}; serving without rebuilds");
            None
        }
    };
    println!("serving http://{addr}/ (Ctrl-C to stop); watching content/, templates/ and static/");
    let counter = server.build_counter();
    let watch_root = root.to_path_buf();
    if let Some(watch) = watch {
        std::thread::spawn(move || {
            watch.run(Duration::from_millis(150), || {
                if build(&watch_root, &out, &options, shown, &mut tools) == ExitCode::SUCCESS {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
            });
        });
    }
    let result = server.run();
    drop(temporary);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn new_files(root: &Path, new: New) -> ExitCode {
    let file = match new {
        New::Summit(a) => scaffold::new_summit(
            root,
            &scaffold::NewSummit {
                id: a.id,
                number: a.number,
                start: a.start,
                end: a.end,
                city_zh: a.city,
                city_en: a.city_en,
                host_zh: a.host,
                host_en: a.host_en,
            },
        )
        .map(|file| (file, Vec::new())),
        New::Document(a) => scaffold::new_document(
            root,
            &scaffold::NewDocument {
                summit: a.summit,
                id: a.id,
                kind: a.kind,
                date: a.date,
                title: a.title,
                source: a.source,
                lines: a.lines,
            },
        )
        .map(|d| (d.file, d.report)),
    };
    match file.and_then(|(f, report)| scaffold::create(root, &f).map(|_| (f, report))) {
        Ok(((path, _), report)) => {
            println!("created {path}");
            for line in report {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn coverage(root: &Path) -> ExitCode {
    match summit_archive::load::load_archive(root) {
        Ok(archive) => {
            for d in &archive.report.diagnostics {
                eprintln!("{d}");
            }
            for line in archive.coverage_lines(true) {
                println!("{line}");
            }
            if archive.report.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Prints the diagnostics, then a count of the cleaning done (or each of it with `--report`).
fn print_report(report: &LoadReport, all: bool) {
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
    if all {
        for c in &report.cleaning {
            println!("{c}");
        }
    }
    if let Some(line) = report.cleaning_summary(all) {
        println!("{line}");
    }
}
