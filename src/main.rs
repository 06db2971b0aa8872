//! The command line: parses arguments, calls the library, prints, and exits with
//! 0 (success), 1 (problems in the content) or 2 (usage or I/O errors).

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use summit_archive::load::{Archive, Cleaning, LoadReport};
use summit_archive::model::Coverage;
use summit_archive::{BuildError, build_site};

#[derive(Parser)]
#[command(
    version,
    about = "Builds the China–Central Asia summit archive: a bilingual, citable static site."
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
        /// Where to write the site [default: <root>/public].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Also print everything the loader did to the pasted texts, one line each.
        #[arg(long)]
        report: bool,
    },
    /// Prints, per document, how many of its units have an English translation.
    Coverage,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { out, report } => {
            let out = out.unwrap_or_else(|| cli.root.join("public"));
            build(&cli.root, &out, report)
        }
        Command::Coverage => coverage(&cli.root),
    }
}

/// One line a document: `path: translated/total units translated (percent%)`.
fn coverage_lines(archive: &Archive, all: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let (mut translated, mut total) = (0, 0);
    for doc in &archive.documents {
        let c = doc.coverage();
        translated += c.translated;
        total += c.total;
        if all || !c.is_complete() {
            lines.push(format!(
                "{}: {}/{} units translated ({:.0}%)",
                doc.path,
                c.translated,
                c.total,
                c.percent()
            ));
        }
    }
    let overall = Coverage { translated, total };
    lines.push(format!(
        "translation: {translated}/{total} units in {} documents ({:.0}%)",
        archive.documents.len(),
        overall.percent()
    ));
    lines
}

fn coverage(root: &std::path::Path) -> ExitCode {
    match summit_archive::load::load_archive(root) {
        Ok(archive) => {
            for d in &archive.report.diagnostics {
                eprintln!("{d}");
            }
            for line in coverage_lines(&archive, true) {
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

fn build(root: &std::path::Path, out: &std::path::Path, report: bool) -> ExitCode {
    let started = Instant::now();
    match build_site(root, out) {
        Ok(built) => {
            print_report(&built.archive.report, report);
            for line in coverage_lines(&built.archive, false) {
                println!("{line}");
            }
            let units: usize = built
                .archive
                .documents
                .iter()
                .map(|d| d.units().len())
                .sum();
            println!(
                "built {} summits, {} documents, {} units: {} files in {} ({} ms)",
                built.archive.summits.len(),
                built.archive.documents.len(),
                units,
                built.files,
                out.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(load_report)) => {
            print_report(&load_report, report);
            let errors = load_report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .count();
            eprintln!(
                "error: {errors} problem(s) in the content; {} was left as it was",
                out.display()
            );
            ExitCode::from(1)
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
            println!("{}", cleaning_line(c));
        }
    }
    let mut counts = std::collections::BTreeMap::new();
    for c in &report.cleaning {
        *counts.entry(c.action).or_insert(0usize) += 1;
    }
    if !counts.is_empty() {
        let summary: Vec<String> = counts
            .iter()
            .map(|(a, n)| format!("{n} × {}", a.describe()))
            .collect();
        println!(
            "cleaning: {}{}",
            summary.join("; "),
            if all { "" } else { " (--report lists each)" }
        );
    }
}

fn cleaning_line(c: &Cleaning) -> String {
    format!(
        "{}:{}:{}: note: {}: {}",
        c.path,
        c.line,
        c.column,
        c.action.describe(),
        c.detail
    )
}
