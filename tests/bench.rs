//! The benchmark harness at its smallest size (`bash bench/run.sh --quick`: ten documents, one
//! run, no peers): its generated archive passes `check`, is fully translated, builds, and
//! `build --timings` names every stage. Nothing here is timed; the harness reports, the test only
//! checks that it runs. It needs `../shared/seeds/` beside the repository, as the harness does.

mod common;

use scraper::{Html, Selector};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_summit-archive");

/// The harness run once, in quick mode, into a temporary folder: (the folder, its output).
fn harness() -> &'static (tempfile::TempDir, Output) {
    static RUN: OnceLock<(tempfile::TempDir, Output)> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let output = Command::new("bash")
            .arg(common::repo().join("bench/run.sh"))
            .args(["--quick", "--bin", BIN, "--work"])
            .arg(dir.path().join("work"))
            .arg("--out")
            .arg(dir.path().join("results.md"))
            .output()
            .unwrap();
        (dir, output)
    })
}

/// The archive of ten documents the harness generated.
fn archive() -> std::path::PathBuf {
    let (dir, output) = harness();
    assert!(
        output.status.success(),
        "bench/run.sh --quick failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    dir.path().join("work/ours-10")
}

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_quick_run_reports_a_cold_build_of_ten_documents() {
    let (dir, _) = harness();
    archive();
    let results = std::fs::read_to_string(dir.path().join("results.md")).unwrap();
    // The row of the cold build: | 10 | ours | pages | wall s | …
    let row = results
        .lines()
        .find(|l| l.split('|').nth(2).is_some_and(|c| c.trim() == "ours"))
        .unwrap_or_else(|| panic!("no cold build row in\n{results}"));
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(cells[1], "10", "{row}");
    let pages: usize = cells[3].parse().unwrap();
    assert!(pages > 0, "{row}");
    // Every stage has its column in the table of stage times.
    let header = results
        .lines()
        .find(|l| l.contains("| load |"))
        .unwrap_or_else(|| panic!("no stage table in\n{results}"));
    for stage in common::STAGES {
        assert!(header.contains(&format!("| {stage} |")), "{header}");
    }
}

#[test]
fn the_generated_archive_passes_check_with_every_unit_translated() {
    let root = archive();
    let checked = run(&root, &["check"]);
    let err = text(&checked.stderr);
    assert_eq!(checked.status.code(), Some(0), "{err}");
    // The English carries the glossary's renderings, and the text is plain paragraphs: nothing
    // to warn about.
    assert!(!err.contains(": warning: "), "{err}");
    let coverage = text(&run(&root, &["coverage"]).stdout);
    let total = coverage
        .lines()
        .find(|l| l.starts_with("translation: "))
        .unwrap_or_else(|| panic!("no total in\n{coverage}"));
    let (done, rest) = total["translation: ".len()..].split_once('/').unwrap();
    let all = rest.split_whitespace().next().unwrap();
    assert_eq!(done, all, "{total}");
    assert!(total.ends_with("units in 10 documents (100%)"), "{total}");
}

#[test]
fn the_generated_archive_builds_and_timings_list_every_stage() {
    let root = archive();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let built = run(
        &root,
        &["build", "--out", site.to_str().unwrap(), "--timings"],
    );
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let stdout = text(&built.stdout);
    let timings: Vec<&str> = stdout
        .lines()
        .skip_while(|l| *l != "timings:")
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for stage in common::STAGES {
        assert!(timings.contains(&stage), "{stage} missing from\n{stdout}");
    }
    // One summit of ten documents, as the generator makes them.
    assert!(stdout.contains("1 summits, 10 documents,"), "{stdout}");
    let summit = std::fs::read_dir(root.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("summit.yaml").is_file())
        .unwrap();
    let summit = summit.file_name().unwrap().to_str().unwrap();
    for doc in [
        "declaration",
        "outcome-list",
        "speech",
        "article-1",
        "article-7",
    ] {
        for lang in ["zh", "en"] {
            let page = site.join(format!("{lang}/{summit}/{doc}/index.html"));
            assert!(page.is_file(), "{} not written", page.display());
        }
    }
}

/// The English page of a generated document, parsed, and its translation file's units.
fn english(root: &Path, doc: &str) -> (Html, Vec<(String, String)>) {
    static SITE: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    let (_, site) = SITE.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        let built = run(root, &["build", "--out", site.to_str().unwrap()]);
        assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
        (out, site)
    });
    let summit = "2023-xian";
    let page = std::fs::read_to_string(site.join(format!("en/{summit}/{doc}/index.html"))).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root.join(format!("content/{summit}/{doc}.en.yaml"))).unwrap(),
    )
    .unwrap();
    let units = yaml["units"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().unwrap().to_string(),
                v.as_str().unwrap().to_string(),
            )
        })
        .collect();
    (Html::parse_document(&page), units)
}

#[test]
fn the_declaration_has_numbered_clauses_and_the_outcome_list_numbered_items() {
    let root = archive();
    // The generator prints six to nine clauses 一、二、… and three sections 一、二、三、 of three to
    // six items 1. 2. …; the loader gives each its unit id, and the English page shows each
    // unit's English under that id.
    for (doc, ids) in [
        ("declaration", &["cl_1", "cl_1__para_1", "cl_6__para_1"][..]),
        (
            "outcome-list",
            &["sec_1__heading", "sec_1__item_3", "sec_3__item_3"][..],
        ),
    ] {
        let (page, units) = english(&root, doc);
        for id in ids {
            let selector = Selector::parse(&format!("#{id}")).unwrap();
            assert!(page.select(&selector).next().is_some(), "{doc}: no #{id}");
        }
        for (id, en) in &units {
            let selector = Selector::parse(&format!("#{id}")).unwrap();
            let shown: String = page
                .select(&selector)
                .next()
                .unwrap_or_else(|| panic!("{doc}: no #{id}"))
                .text()
                .collect();
            let start: String = en.chars().take(30).collect();
            assert!(
                shown.contains(&start),
                "{doc} #{id}: {start:?} not in {shown:?}"
            );
        }
    }
}
