//! The pipeline as the commands run it: `--timings` names every stage, `check` and `serve`
//! never write under `content/`, and drafts are previewed but never published by a plain
//! `build` nor recorded among the permalinks.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_with_bytes(dir)
}

/// A site with one published document (`doc`) and one marked as a draft (`draft`).
fn site_with_a_draft() -> tempfile::TempDir {
    let published = document("fragment", "", "正文。\n");
    let draft =
        document("fragment", "draft: true\n", "草稿正文。\n").replace("id: doc", "id: draft");
    fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        ("content/2023-xian/doc.md", &published),
        ("content/2023-xian/draft.md", &draft),
    ])
}

fn record(root: &Path) -> Vec<String> {
    std::fs::read_to_string(root.join("content/permalinks.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn timings_list_every_stage() {
    let site = site_with_a_draft();
    let stage_names = |text: &str| -> Vec<String> {
        let after = text.split("timings:\n").nth(1).unwrap_or("");
        after
            .lines()
            .map_while(|l| l.strip_prefix("  "))
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    let built = run(site.path(), &["build", "--timings"]);
    let text = out(&built);
    assert_eq!(built.status.code(), Some(0), "{text}");
    assert_eq!(
        stage_names(&text),
        STAGES.iter().chain(&["total"]).copied().collect::<Vec<_>>(),
        "{text}"
    );
    // The counts behind each stage: one published document, one draft left out.
    assert!(text.contains("1 documents, 1 drafts"), "{text}");
    assert!(text.contains("words segmented"), "{text}");
    assert!(text.contains("commitments"), "{text}");
    assert!(text.contains("pages"), "{text}");
    assert!(text.contains("bytes"), "{text}");
    // The memory each stage ended with, none above the peak on the total's line.
    let mib = |line: &str| -> u64 {
        let before = line
            .split(" MiB")
            .next()
            .unwrap_or_else(|| panic!("{line}"));
        before.split_whitespace().last().unwrap().parse().unwrap()
    };
    let lines: Vec<&str> = text
        .split("timings:\n")
        .nth(1)
        .unwrap()
        .lines()
        .map_while(|l| l.strip_prefix("  "))
        .collect();
    let (total, stages) = lines.split_last().unwrap();
    assert!(total.ends_with(" MiB  peak"), "{text}");
    let peak = mib(total);
    for stage in stages {
        let held = mib(stage);
        assert!(held > 0 && held <= peak, "{stage}, peak {peak}");
    }
    let checked = run(site.path(), &["check", "--timings"]);
    let text = out(&checked);
    assert_eq!(checked.status.code(), Some(0), "{text}");
    assert_eq!(
        stage_names(&text),
        STAGES[..6]
            .iter()
            .chain(&["total"])
            .copied()
            .collect::<Vec<_>>(),
        "{text}"
    );
    // Without the flag, no timings.
    assert!(!out(&run(site.path(), &["check"])).contains("timings:"));
}

#[test]
fn a_draft_is_previewed_but_never_published_or_recorded() {
    let site = site_with_a_draft();
    let root = site.path();
    let built = run(root, &["build"]);
    assert_eq!(built.status.code(), Some(0), "{}", out(&built));
    assert!(
        out(&built).contains("drafts: 1 not published"),
        "{}",
        out(&built)
    );
    let public = root.join("public");
    assert!(public.join("zh/2023-xian/doc/index.html").is_file());
    assert!(!public.join("zh/2023-xian/draft").exists());
    assert!(!public.join("en/2023-xian/draft").exists());
    let documents = std::fs::read_to_string(public.join("data/documents.json")).unwrap();
    assert!(!documents.contains("\"draft\""), "{documents}");
    let summit = parse_html(&public.join("zh/2023-xian/index.html"));
    assert!(
        select(&summit, "a[href]").iter().all(|a| !a
            .value()
            .attr("href")
            .unwrap()
            .contains("draft")),
        "the summit page links the draft"
    );
    let recorded = record(root);
    assert!(recorded.iter().any(|l| l == "2023-xian/doc/"));
    assert!(!recorded.iter().any(|l| l.starts_with("2023-xian/draft/")));

    // A preview with --drafts shows it, and records nothing of it.
    let preview = tempfile::tempdir().unwrap();
    let preview_out = preview.path().join("site");
    let shown = run(
        root,
        &["build", "--drafts", "--out", preview_out.to_str().unwrap()],
    );
    assert_eq!(shown.status.code(), Some(0), "{}", out(&shown));
    let page = parse_html(&preview_out.join("zh/2023-xian/draft/index.html"));
    assert!(
        select(&page, "body")
            .iter()
            .any(|m| text_of(m).contains("草稿正文")),
        "the draft's text is not on its page"
    );
    assert_eq!(record(root), recorded);

    // So does serve, which records nothing either.
    let served = start_preview(root);
    let (status, body) = get(&served.addr, "/zh/2023-xian/draft/");
    assert_eq!(status, 200);
    assert!(body.contains("草稿正文"));
    drop(served);
    assert_eq!(record(root), recorded);

    // Once the mark is removed, a build publishes and records it.
    let path = root.join("content/2023-xian/draft.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("draft: true\n", "")).unwrap();
    let built = run(root, &["build"]);
    assert_eq!(built.status.code(), Some(0), "{}", out(&built));
    assert!(public.join("zh/2023-xian/draft/index.html").is_file());
    assert!(record(root).iter().any(|l| l == "2023-xian/draft/"));
}

#[test]
fn check_and_serve_leave_content_byte_identical() {
    // No permalink record yet: a build would write one; check and serve must not.
    let site = site_with_a_draft();
    let root = site.path();
    let before = snapshot(&root.join("content"));
    let checked = run(root, &["check"]);
    assert_eq!(checked.status.code(), Some(0), "{}", out(&checked));
    assert_eq!(
        snapshot(&root.join("content")),
        before,
        "check wrote content/"
    );

    let preview = start_preview(root);
    let (status, _) = get(&preview.addr, "/zh/2023-xian/doc/");
    assert_eq!(status, 200);
    let (_, first) = get(&preview.addr, summit_archive::serve::RELOAD_PATH);
    // An edit outside content/ makes serve rebuild; the rebuild must not write content/ either.
    let base = root.join("templates/base.html");
    let html = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, format!("{html}\n")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, n) = get(&preview.addr, summit_archive::serve::RELOAD_PATH);
        if n != first {
            break;
        }
        assert!(Instant::now() < deadline, "serve did not rebuild");
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(preview);
    assert_eq!(
        snapshot(&root.join("content")),
        before,
        "serve wrote content/"
    );
    assert!(!root.join("public").exists());
}

/// The bundled site copied into a temporary folder, to edit.
fn bundled_copy() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    for folder in ["content", "templates", "static"] {
        copy_dir(&repo().join(folder), &site.path().join(folder));
    }
    site
}

/// Every file under `dir` with its bytes, by its path inside `dir`.
fn relative(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .map(|(p, bytes)| (p.strip_prefix(dir).unwrap().to_path_buf(), bytes))
        .collect()
}

/// That the preview at `preview` holds the same files, byte for byte, as the fresh build at
/// `fresh` after the edit of `path`; else the files that differ.
fn assert_same_files(preview: &Path, fresh: &Path, path: &str) {
    let (a, b) = (relative(preview), relative(fresh));
    let differ: Vec<&PathBuf> = a
        .keys()
        .chain(b.keys())
        .filter(|p| a.get(*p) != b.get(*p))
        .collect();
    assert!(
        differ.is_empty(),
        "{path}: the preview differs from a fresh build at {differ:?}"
    );
}

/// `find` replaced by `replace`, once, in the file at `path` under `root`.
fn edit(root: &Path, path: &str, find: &str, replace: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(find), "{path} has no {find:?}");
    std::fs::write(&file, text.replacen(find, replace, 1)).unwrap();
}

/// A stage's count named `what` in a run's timings.
fn count(run: &summit_archive::Run, stage: &str, what: &str) -> u64 {
    let stage = run.timings.stages.iter().find(|s| s.name == stage).unwrap();
    stage.counts.iter().find(|(w, _)| *w == what).unwrap().1
}

#[test]
fn a_preview_updated_in_place_after_each_edit_is_the_site_a_fresh_build_makes() {
    use summit_archive::{Options, Tools, pipeline};
    let site = bundled_copy();
    let root = site.path();
    let work = tempfile::tempdir().unwrap();
    let preview = work.path().join("preview");
    let options = Options::preview();
    let mut tools = Tools::default();
    let first = pipeline::run(root, Some(&preview), &options, &mut tools).unwrap();
    assert_eq!(count(&first, "render", "pages kept from the last build"), 0);
    let all_pages = first.pages;

    // (file, text, replacement, whether few pages change: those of one document and what
    // quotes it, rather than the archive's frame or the templates).
    let edits: [(&str, &str, &str, bool); 6] = [
        // One unit's English in an article that reports on no commitment: its own pages and
        // the pages of the glossary terms it names change.
        (
            "content/2023-xian/peng-liyuan-yisushe.en.yaml",
            "On the morning of May 19,",
            "On the morning of 19 May,",
            true,
        ),
        // One unit's English taken out: the Chinese pages that count the translated units
        // (the home page) change too.
        (
            "content/2023-xian/peng-liyuan-yisushe.en.yaml",
            "  para_4: >-\n    ",
            "  # para_4: >-\n    # ",
            true,
        ),
        // One unit's English in a briefing that reports on many commitments.
        (
            "content/2025-astana/wang-yi-briefing.en.yaml",
            "On June 16–18, 2025, President",
            "From 16 to 18 June 2025, President",
            false,
        ),
        // A Xi'an commitment's English, quoted on its page and on every page that lists it.
        (
            "content/2023-xian/declaration.en.yaml",
            "Belt and Road",
            "“Belt and Road”",
            false,
        ),
        // The glossary, which every page may show.
        (
            "content/glossary.yaml",
            "alternatives: [Kassym-Jomart Tokayev]",
            "alternatives: [Kassym-Jomart Tokayev, President Tokayev]",
            false,
        ),
        // A template: every page is made again.
        (
            "templates/base.html",
            "</body>",
            "<!-- edited --></body>",
            false,
        ),
    ];
    for (k, (path, find, replace, small)) in edits.into_iter().enumerate() {
        edit(root, path, find, replace);
        let updated = pipeline::run(root, Some(&preview), &options, &mut tools).unwrap();
        let fresh_out = work.path().join(format!("fresh-{k}"));
        let fresh = pipeline::run(root, Some(&fresh_out), &options, &mut Tools::default()).unwrap();
        let made = count(&updated, "render", "pages");
        let kept = count(&updated, "render", "pages kept from the last build");
        assert_eq!(updated.pages, fresh.pages, "{path}");
        assert_eq!(updated.pages, all_pages, "{path}");
        assert_eq!(made + kept, all_pages as u64, "{path}");
        if path.ends_with(".en.yaml") {
            assert!(kept > 0, "{path}: {made} pages made, none kept");
            // English changes nothing link reads: the links are the last run's.
            assert_eq!(link_note(&updated), Some(LINKS_KEPT), "{path}");
        }
        if small {
            assert!(kept > 5 * made, "{path}: {made} pages made, {kept} kept");
        } else if path.starts_with("templates/") {
            assert_eq!(kept, 0, "{path}");
        }
        assert_same_files(&preview, &fresh_out, path);
    }

    // One Chinese document's front matter: that file alone is read anew, and linked anew.
    let path = "content/2023-xian/peng-liyuan-yisushe.md";
    edit(
        root,
        path,
        "date: 2023-05-19\n",
        "date: 2023-05-19\nnote: 据新华社电稿整理。\n",
    );
    let updated = pipeline::run(root, Some(&preview), &options, &mut tools).unwrap();
    let files = updated.archive.documents.len() as u64;
    assert_eq!(
        count(
            &updated,
            "load",
            "document files unchanged since the last build"
        ),
        files - 1,
        "{path}"
    );
    assert_eq!(link_note(&updated), None, "{path}");
    let fresh_out = work.path().join("fresh-edited-chinese");
    pipeline::run(root, Some(&fresh_out), &options, &mut Tools::default()).unwrap();
    assert_eq!(relative(&preview), relative(&fresh_out), "{path}");

    // A new Chinese text at Astana that reports on a Xi'an commitment: linked anew.
    let path = "content/2025-astana/railway-report.md";
    std::fs::write(
        root.join(path),
        "---\nid: railway-report\nsummit: 2025-astana\nkind: article\ntitle: 中吉乌铁路项目进展\n\
         date: 2025-06-17\nsource: railway-report.txt\n---\n\n中吉乌铁路项目进展\n\n\
         西安峰会以来，中吉乌铁路可研工作已经完成，该铁路已正式开工建设。\n",
    )
    .unwrap();
    let updated = pipeline::run(root, Some(&preview), &options, &mut tools).unwrap();
    assert_eq!(link_note(&updated), None, "{path}");
    let reports = |run: &summit_archive::Run| {
        run.links
            .commitments
            .iter()
            .flat_map(|c| &c.followups)
            .filter(|f| f.unit.document.as_str() == "railway-report")
            .count()
    };
    assert!(reports(&updated) > 0, "{path}: no follow-up found in it");
    let fresh_out = work.path().join("fresh-chinese");
    pipeline::run(root, Some(&fresh_out), &options, &mut Tools::default()).unwrap();
    assert_eq!(relative(&preview), relative(&fresh_out), "{path}");
}

/// What the link stage's timing says it did besides its counts.
fn link_note(run: &summit_archive::Run) -> Option<&'static str> {
    run.timings
        .stages
        .iter()
        .find(|s| s.name == "link")
        .unwrap()
        .note
}

const LINKS_KEPT: &str = "links kept from the last build";

#[test]
fn a_preview_whose_folder_was_removed_is_built_whole_again() {
    use summit_archive::{Options, Tools, pipeline};
    let site = site_with_a_draft();
    let work = tempfile::tempdir().unwrap();
    let preview = work.path().join("preview");
    let options = Options::preview();
    let mut tools = Tools::default();
    pipeline::run(site.path(), Some(&preview), &options, &mut tools).unwrap();
    std::fs::remove_dir_all(&preview).unwrap();
    let again = pipeline::run(site.path(), Some(&preview), &options, &mut tools).unwrap();
    assert_eq!(count(&again, "render", "pages kept from the last build"), 0);
    let fresh_out = work.path().join("fresh");
    pipeline::run(
        site.path(),
        Some(&fresh_out),
        &options,
        &mut Tools::default(),
    )
    .unwrap();
    assert_eq!(relative(&preview), relative(&fresh_out));
}

#[test]
fn a_preview_of_subjects_on_several_pages_is_the_site_a_fresh_build_makes() {
    use summit_archive::{Options, Tools, pipeline};
    let site = bundled_copy_paginated_by(40);
    let root = site.path();
    let work = tempfile::tempdir().unwrap();
    let preview = work.path().join("preview");
    let options = Options::preview();
    let mut tools = Tools::default();
    pipeline::run(root, Some(&preview), &options, &mut tools).unwrap();
    let pages_of = |out: &Path| {
        std::fs::read_dir(out.join("en/entities/central-asia/page")).map_or(0, |d| d.count()) + 1
    };
    let before = pages_of(&preview);
    assert!(before > 2, "{before}");
    // (file, text, replacement): what the Central Asia pages show changes, and how many there
    // are, one way and the other.
    let new_text = "content/2025-astana/central-asia-notes.md";
    std::fs::write(
        root.join(new_text),
        "---\nid: central-asia-notes\nsummit: 2025-astana\nkind: article\n\
         title: 中亚合作札记\ndate: 2025-06-18\nsource: central-asia-notes.txt\n---\n\n\
         中亚合作札记\n\n"
            .to_string()
            + &(1..=45)
                .map(|n| format!("中亚国家与中方第{n}次交流，双方同意继续加强合作。\n\n"))
                .collect::<String>(),
    )
    .unwrap();
    let steps: [(&str, Option<(&str, &str)>); 3] = [
        // A new text naming Central Asia 45 times: more passages, more pages.
        (new_text, None),
        // One unit's English on a page of passages.
        (
            "content/2023-xian/peng-liyuan-yisushe.en.yaml",
            Some(("On the morning of May 19,", "On the morning of 19 May,")),
        ),
        // Larger pages: fewer of them.
        (
            "content/site.yaml",
            Some(("\npaginate_by: 40", "\npaginate_by: 90")),
        ),
    ];
    let mut counts = vec![before];
    for (k, (path, change)) in steps.into_iter().enumerate() {
        if let Some((find, replace)) = change {
            edit(root, path, find, replace);
        }
        pipeline::run(root, Some(&preview), &options, &mut tools).unwrap();
        let fresh_out = work.path().join(format!("fresh-{k}"));
        pipeline::run(root, Some(&fresh_out), &options, &mut Tools::default()).unwrap();
        assert_same_files(&preview, &fresh_out, path);
        counts.push(pages_of(&preview));
    }
    // More pages after the new text, the same after the English, fewer at 90 a page.
    assert!(counts[1] > counts[0], "{counts:?}");
    assert_eq!(counts[2], counts[1], "{counts:?}");
    assert!(counts[3] < counts[2], "{counts:?}");
}
