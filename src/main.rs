//! The command line: parses arguments, calls the library, prints, and exits with
//! 0 (success), 1 (problems in the content) or 2 (usage or I/O errors).

use clap::builder::TypedValueParser;
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use summit_archive::load::LoadReport;
use summit_archive::model::DocumentKind;
use summit_archive::{BuildError, Options, Run, Tools, check_site_with, pipeline};
use summit_archive::{scaffold, serve};

/// mimalloc: the build makes and drops millions of small strings and JSON values on every core
/// (page contexts, index terms), where it spends less time than the system's allocator. It is
/// built without transparent huge pages (`no_thp`), which doubled the peak of a small build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        #[command(flatten)]
        shown: Shown,
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
        #[command(flatten)]
        shown: Shown,
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
        #[command(flatten)]
        shown: Shown,
    },
    /// Scaffolds a summit or a document with correct front matter.
    #[command(subcommand)]
    New(New),
    /// Prints, per document, how many of its units have an English translation.
    Coverage,
}

/// What to print beside the outcome.
#[derive(Args, Clone, Copy, Default)]
struct Shown {
    /// Also print everything the loader did to the pasted texts, one line each.
    #[arg(long)]
    report: bool,
    /// Also print the time of each stage and the counts behind it.
    #[arg(long)]
    timings: bool,
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
            shown,
            ignore_reviews,
            base_url,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = Options {
                drafts,
                record: true,
                ignore_reviews,
                base_url,
                background_removal: false,
                keep: false,
            };
            build(root, &out, &options, shown, &mut Tools::default())
        }
        Command::Check {
            shown,
            ignore_reviews,
        } => {
            let options = Options {
                ignore_reviews,
                ..Options::default()
            };
            check(root, &options, shown)
        }
        Command::Serve { port, out, shown } => serve_site(root, port, out, shown),
        Command::New(new) => new_files(root, new),
        Command::Coverage => coverage(root),
    }
}

fn build(root: &Path, out: &Path, options: &Options, shown: Shown, tools: &mut Tools) -> ExitCode {
    let started = Instant::now();
    match pipeline::run(root, Some(out), options, tools) {
        Ok(run) => {
            print_run(&run, options, shown);
            print_lines(run.built(out, started.elapsed()));
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
            print_lines(run.checked());
            ExitCode::SUCCESS
        }
        Err(e) => failure(e, shown.report, "nothing was written"),
    }
}

/// Prints what a successful run found: diagnostics, cleaning, the summary and, if asked, the
/// timings.
fn print_run(run: &Run, options: &Options, shown: Shown) {
    print_report(&run.archive.report, shown.report);
    print_lines(run.summary(options.ignore_reviews));
    if shown.timings {
        println!("timings:\n{}", run.timings);
    }
}

/// `--base-url`, checked as `base_url:` in content/site.yaml is.
fn base_url(text: &str) -> Result<summit_archive::load::site::BaseUrl, String> {
    summit_archive::load::site::BaseUrl::parse(text)
}

/// Prints a failed build or check and gives its exit code.
fn failure(e: BuildError, report: bool, outcome: &str) -> ExitCode {
    if let BuildError::Content(load_report) = &e {
        print_report(load_report, report);
    }
    eprintln!("{}", e.closing(outcome));
    ExitCode::from(e.exit_code())
}

fn serve_site(root: &Path, port: u16, out: Option<PathBuf>, shown: Shown) -> ExitCode {
    let folder = match serve::PreviewFolder::new(out) {
        Ok(folder) => folder,
        Err(e) => {
            eprintln!("error: cannot make a temporary folder: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = folder.remove_on_signal() {
        eprintln!("error: cannot catch Ctrl-C: {e}");
        return ExitCode::from(2);
    }
    let out = folder.path().to_path_buf();
    let options = Options::preview();
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
    if let Some(watch) = watch {
        let root = root.to_path_buf();
        server.rebuild_on(watch, move || {
            build(&root, &out, &options, shown, &mut tools) == ExitCode::SUCCESS
        });
    }
    let result = server.run();
    drop(folder);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn new_files(root: &Path, new: New) -> ExitCode {
    let created = match new {
        New::Summit(a) => scaffold::add_summit(
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
        ),
        New::Document(a) => scaffold::add_document(
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
        ),
    };
    match created {
        Ok(created) => {
            println!("created {}", created.path);
            print_lines(created.report);
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
            print_lines(archive.coverage_lines(true));
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

/// Prints the diagnostics, then the cleaning done (each step of it with `--report`).
fn print_report(report: &LoadReport, all: bool) {
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
    print_lines(report.cleaning_lines(all));
}

fn print_lines(lines: Vec<String>) {
    for line in lines {
        println!("{line}");
    }
}
