//! Bad input: each problem reported on its own line as `path:line:column: message`, a non-zero
//! exit, and the last good site left as it was. The cases in `tests/fixtures/bad/` are
//! documents, each with the diagnostics it must draw in a `.expected` file beside it.

mod common;

use common::*;
use std::path::Path;
use std::process::Output;

/// Builds `site` to its own public/ and returns the output.
fn build(site: &Path) -> Output {
    let out = site.join("public");
    run(site, &["build", "--out", out.to_str().unwrap()])
}

#[test]
fn each_bad_document_draws_its_diagnostic_and_a_failing_exit() {
    let dir = repo().join("tests/fixtures/bad");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 15);
    for case in cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        let expected = std::fs::read_to_string(case.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{name} has no .expected file"));
        let site = fixture_site(&[
            ("content/2023-xian/summit.yaml", SUMMIT_YAML),
            (
                &format!("content/2023-xian/{name}"),
                &std::fs::read_to_string(&case).unwrap(),
            ),
        ]);
        let expected: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_draws(name, site.path(), &expected);
    }
}

/// Builds `site` and checks that it fails with exactly the `expected` errors (each the start
/// of its line, one line a problem) and writes nothing.
fn assert_draws(name: &str, site: &Path, expected: &[&str]) {
    let output = build(site);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{name}: {err}");
    for want in expected {
        assert!(
            err.lines().any(|l| l.starts_with(want)),
            "{name}: no line starts with\n  {want}\nin\n{err}"
        );
    }
    let errors = err.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(errors, expected.len(), "{name}:\n{err}");
    assert!(!site.join("public").exists(), "{name}: a site was written");
}

#[test]
fn every_problem_in_the_content_is_reported_in_one_pass() {
    let bad =
        |name: &str| std::fs::read_to_string(repo().join("tests/fixtures/bad").join(name)).unwrap();
    let site = fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        ("content/2023-xian/a.md", &bad("unknown-kind.md")),
        ("content/2023-xian/b.md", &bad("clause-gap.md")),
        ("content/2023-xian/c.md", &bad("bad-date.md")),
    ]);
    let output = build(site.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    for prefix in [
        "content/2023-xian/a.md:4:7: error:",
        "content/2023-xian/b.md:12:1: error:",
        "content/2023-xian/c.md:7:7: error:",
    ] {
        assert!(err.contains(prefix), "{prefix} missing from\n{err}");
    }
}

#[test]
fn a_document_id_used_twice_in_a_summit_is_reported_at_the_second() {
    let doc = document("fragment", "", "正文。\n");
    let site = fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        ("content/2023-xian/first.md", &doc),
        ("content/2023-xian/second.md", &doc),
    ]);
    let output = build(site.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("content/2023-xian/second.md:2:5: error: duplicate document id `doc` in summit `2023-xian`: content/2023-xian/first.md:2 has it already"),
        "{err}"
    );
}

#[test]
fn a_translation_of_no_document_is_reported_and_one_of_a_broken_document_is_not() {
    let good = document("fragment", "", "正文。\n");
    let broken = std::fs::read_to_string(repo().join("tests/fixtures/bad/bad-date.md")).unwrap();
    let english = "title: The document\nunits:\n  para_1: The text.\n";
    let site = fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        ("content/2023-xian/good.md", &good),
        ("content/2023-xian/good.en.yaml", english),
        ("content/2023-xian/broken.md", &broken),
        ("content/2023-xian/broken.en.yaml", english),
        ("content/2023-xian/lost.en.yaml", english),
    ]);
    let output = build(site.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert!(
        errors.contains(
            &"content/2023-xian/lost.en.yaml:1:1: error: a translation of content/2023-xian/lost.md, which does not exist"
        ),
        "{err}"
    );
    assert!(
        errors
            .iter()
            .all(|l| !l.starts_with("content/2023-xian/broken.en.yaml")
                && !l.starts_with("content/2023-xian/good")),
        "{err}"
    );
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("content/2023-xian/broken.md:")),
        "{err}"
    );
}

#[test]
fn invalid_utf8_is_reported_at_the_bad_byte() {
    let site = fixture_site(&[("content/2023-xian/summit.yaml", SUMMIT_YAML)]);
    let mut bytes = document("fragment", "", "第一段。\n").into_bytes();
    bytes.extend_from_slice(b"\xff\xfe\n");
    std::fs::write(site.path().join("content/2023-xian/doc.md"), bytes).unwrap();
    let output = build(site.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("content/2023-xian/doc.md:11:1: error: not valid UTF-8 (byte 0xff)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_failed_build_leaves_the_last_good_site_untouched() {
    let site = one_document_site(&document("fragment", "", "第一段。\n"));
    let first = build(site.path());
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let page = site.path().join("public/zh/2023-xian/doc/index.html");
    let before = std::fs::read(&page).unwrap();
    std::fs::write(
        site.path().join("content/2023-xian/doc.md"),
        document("declaraton", "", "第二段。\n"),
    )
    .unwrap();
    let second = build(site.path());
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(std::fs::read(&page).unwrap(), before);
    let files = walkdir::WalkDir::new(site.path().join("public"))
        .into_iter()
        .count();
    assert!(files > 5);
    // No staging folder is left behind either.
    let leftovers = hidden_entries(site.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_page_that_fails_halfway_through_rendering_leaves_the_last_good_site_untouched() {
    // 140 documents: their pages (two of each in each language) come before the search page
    // and fill more than one batch of the render stage, so that files are already written when
    // the search page fails.
    let summit = (
        "content/2023-xian/summit.yaml".to_string(),
        SUMMIT_YAML.to_string(),
    );
    let documents = (1..=140).map(|n| {
        (
            format!("content/2023-xian/doc{n}.md"),
            document("fragment", "", "第一段。\n").replace("id: doc", &format!("id: doc{n}")),
        )
    });
    let files: Vec<(String, String)> = std::iter::once(summit).chain(documents).collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = fixture_site(&files);
    let first = build(site.path());
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let public = site.path().join("public");
    let files_of = |dir: &Path| files_with_bytes(dir);
    let before = files_of(&public);
    assert!(before.len() > 4 * 140, "{} files", before.len());

    let path = site.path().join("templates/search.html");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("{{ t.search_intro }}", "{{ no_such_value }}", 1),
    )
    .unwrap();
    let second = build(site.path());
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("templates/search.html:5:"),
        "{}",
        stderr(&second)
    );
    assert_eq!(files_of(&public), before);
    // The staging folder the pages were written into is gone.
    let leftovers = hidden_entries(site.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_usage_error_exits_with_two() {
    let output = run(&repo(), &["bild"]);
    assert_eq!(output.status.code(), Some(2));
    let missing = tempfile::tempdir().unwrap();
    let output = run(missing.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no content folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_output_folder_is_never_the_site_itself() {
    let site = one_document_site(&document("fragment", "", "第一段。\n"));
    let output = run(
        site.path(),
        &["build", "--out", site.path().to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(site.path().join("content/2023-xian/doc.md").exists());
}

#[test]
fn the_bundled_site_builds_with_the_readme_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = run(&repo(), &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(out.join("index.html").is_file());
    assert!(out.join("zh/2023-xian/declaration/index.html").is_file());
    assert!(out.join("data/documents.json").is_file());
    // Clean content: no warnings, no errors.
    assert_eq!(stderr(&output), "");
}

#[test]
fn the_english_note_is_markdown_held_to_the_same_targets() {
    let doc = document("fragment", "", "第一段。\n");
    let site = fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        ("content/2023-xian/doc.md", &doc),
        (
            "content/2023-xian/doc.en.yaml",
            "title: Title\nnote: See [this](vbscript:msgbox) and ![a photo](http://example.org/a.png).\n",
        ),
    ]);
    let output = build(site.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    for want in [
        "content/2023-xian/doc.en.yaml:2:11: error: note: the link target `vbscript:msgbox` is not an `http:`, `https:` or `mailto:` address or a relative one",
        "content/2023-xian/doc.en.yaml:2:39: error: note: the image target `http://example.org/a.png` is not a file of the site",
    ] {
        assert!(err.contains(want), "{want}\nnot in\n{err}");
    }

    std::fs::write(
        site.path().join("content/2023-xian/doc.en.yaml"),
        "title: Title\nnote: An *emphasised* word and [the source](https://example.org/s).\n",
    )
    .unwrap();
    let output = build(site.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = parse_html(&site.path().join("public/en/2023-xian/doc/index.html"));
    let note = select(&html, ".doc-note");
    assert_eq!(note.len(), 1);
    assert_eq!(select(&html, ".doc-note em").len(), 1);
    let links: Vec<&str> = select(&html, ".doc-note a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["https://example.org/s"]);
}

#[test]
fn a_file_name_cannot_forge_a_diagnostic() {
    let site = fixture_site(&[("content/2023-xian/summit.yaml", SUMMIT_YAML)]);
    std::fs::write(
        site.path()
            .join("content/2023-xian/x.md:1:1: error: forged\nfake.md"),
        document("declaraton", "", "正文。\n"),
    )
    .unwrap();
    let output = build(site.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.lines().all(|l| l
            .starts_with("content/2023-xian/x.md:1:1: error: forged\\u{000A}fake.md:")
            || l.starts_with("error: ")),
        "{err}"
    );
}

/// The sites of `tests/fixtures/bad-sites/`: each folder holds files laid over a small good
/// site (the Xi'an summit and one article, `content/2023-xian/doc.md`, two paragraphs) and a
/// file `expected`, the diagnostics it must draw, one a line.
#[test]
fn each_bad_site_draws_its_diagnostics_and_a_failing_exit() {
    let dir = repo().join("tests/fixtures/bad-sites");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "{} cases", cases.len());
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.join("expected"))
            .unwrap_or_else(|_| panic!("{name} has no expected file"));
        let expected: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
        let site = fixture_site(&[
            ("content/2023-xian/summit.yaml", SUMMIT_YAML),
            (
                "content/2023-xian/doc.md",
                &document("article", "", "第一段。\n\n第二段。\n"),
            ),
        ]);
        for entry in walkdir::WalkDir::new(&case) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(&case).unwrap();
            if entry.file_type().is_file() && rel != Path::new("expected") {
                let target = site.path().join(rel);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
        assert_draws(&name, site.path(), &expected);
    }
}

#[test]
fn symbolic_links_are_followed_inside_the_site_and_refused_outside_it() {
    use std::os::unix::fs::symlink;
    let doc = document("article", "", "第一段。\n");
    // A document kept elsewhere in the site, linked into its summit: published.
    let site = fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        ("drafts/doc.md", &doc),
    ]);
    symlink(
        "../../drafts/doc.md",
        site.path().join("content/2023-xian/doc.md"),
    )
    .unwrap();
    let output = build(site.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        site.path()
            .join("public/zh/2023-xian/doc/index.html")
            .is_file()
    );

    // Outside the site, to nothing, or round in a loop: each an error at the link.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("doc.md"), &doc).unwrap();
    let site = fixture_site(&[("content/2023-xian/summit.yaml", SUMMIT_YAML)]);
    let summit = site.path().join("content/2023-xian");
    symlink(outside.path().join("doc.md"), summit.join("doc.md")).unwrap();
    symlink("missing.md", summit.join("other.md")).unwrap();
    symlink("..", summit.join("again")).unwrap();
    let output = build(site.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    for want in [
        "content/2023-xian/doc.md:1:1: error: a symbolic link to ",
        "content/2023-xian/other.md:1:1: error: a symbolic link to nothing",
        "content/2023-xian/again:1:1: error: a symbolic link back to content, which holds it",
    ] {
        assert!(
            err.lines().any(|l| l.starts_with(want)),
            "{want}\nnot in\n{err}"
        );
    }
    assert!(err.contains("outside the site"), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.contains(": error: ")).count(),
        3,
        "{err}"
    );
}

#[test]
fn a_template_that_fails_to_render_is_blamed_at_its_own_line() {
    let site = one_document_site(&document("article", "", "第一段。\n"));
    // An unknown variable in the page template, on the line of its title block.
    let path = site.path().join("templates/document.html");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = lines
        .iter()
        .position(|l| l.contains("{% block title %}{{ doc.title }}"))
        .expect("the title block");
    lines[at] = lines[at].replacen("{{ doc.title }}", "{{ no_such_value }}", 1);
    std::fs::write(&path, lines.join("\n")).unwrap();
    let column = lines[at].find("no_such_value").unwrap() + 1;
    let output = build(site.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let want = format!(
        "templates/document.html:{}:{column}: error: Variable `no_such_value` not found",
        at + 1
    );
    assert!(
        err.lines().any(|l| l.starts_with(&want)),
        "{want}\nnot in\n{err}"
    );
    assert!(!site.path().join("public").exists());

    // A mistake inside a macro of a partial is blamed on the partial, not on the page.
    std::fs::write(&path, text).unwrap();
    let partial = site.path().join("templates/partials/doc_head.html");
    let head = std::fs::read_to_string(&partial).unwrap();
    let mut lines: Vec<String> = head.lines().map(str::to_string).collect();
    assert!(lines[2].contains("{{ doc.kind_label }}"), "{}", lines[2]);
    lines[2] = lines[2].replacen(
        "{{ doc.kind_label }}",
        "{{ doc.kind_label | no_such_filter }}",
        1,
    );
    std::fs::write(&partial, lines.join("\n")).unwrap();
    let column = lines[2].find("no_such_filter").unwrap() + 1;
    let err = stderr(&build(site.path()));
    let want = format!(
        "templates/partials/doc_head.html:3:{column}: error: Filter 'no_such_filter' not found"
    );
    assert!(
        err.lines().any(|l| l.starts_with(&want)),
        "{want}\nnot in\n{err}"
    );
}

#[test]
fn too_many_files_are_refused_before_any_is_read() {
    let site = fixture_site(&[("content/2023-xian/summit.yaml", SUMMIT_YAML)]);
    let folder = site.path().join("content/sources");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..=summit_archive::load::MAX_FILES {
        std::fs::write(folder.join(format!("{i}.txt")), "").unwrap();
    }
    let clock = std::time::Instant::now();
    let output = run(site.path(), &["check"]);
    let took = clock.elapsed();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.lines().any(|l| l.starts_with(&format!(
            "content:1:1: error: more than the {} files content may hold",
            summit_archive::load::MAX_FILES
        ))),
        "{err}"
    );
    // Empty files would each be an error if any had been read.
    assert_eq!(
        err.lines().filter(|l| l.contains(": error: ")).count(),
        1,
        "{err}"
    );
    eprintln!(
        "refused {} files in {took:?}",
        summit_archive::load::MAX_FILES + 1
    );
}
