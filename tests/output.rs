//! Output safety: `build --out` and `serve --out` replace only an absent or empty folder or an
//! earlier output of the tool; anything else is refused before anything is written, and what
//! was there stays byte for byte.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use summit_archive::output::{MARKER, MARKER_TEXT};

/// Every file and folder under `dir` (or `dir` itself when it is a file), with the bytes of
/// each file.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (e.into_path(), bytes)
        })
        .collect()
}

fn site() -> tempfile::TempDir {
    one_document_site(&document("fragment", "", "正文。\n"))
}

/// Runs `build --out <target>` and asserts it is refused with exit 2, with a message naming the
/// reason, and that nothing under `watched` changed.
fn assert_refused(root: &Path, target: &Path, reason: &str, watched: &Path) {
    let before = snapshot(watched);
    let output = run(root, &["build", "--out", target.to_str().unwrap()]);
    let text = out(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("refusing to write the site here"), "{text}");
    assert!(text.contains(reason), "{text}");
    assert!(!text.contains("built "), "{text}");
    assert_eq!(snapshot(watched), before, "{} changed", watched.display());
    assert!(!root.join("content/permalinks.txt").exists());
}

#[test]
fn a_regular_file_is_not_replaced() {
    let site = site();
    let file = site.path().join("notes.txt");
    std::fs::write(&file, "my own notes\n").unwrap();
    assert_refused(
        site.path(),
        &file,
        "it is a file, not a folder",
        site.path(),
    );
}

#[test]
fn a_folder_of_someone_elses_files_is_not_emptied() {
    let site = site();
    let mine = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(mine.path().join("photos")).unwrap();
    std::fs::write(mine.path().join("photos/a.jpg"), [0xff, 0xd8, 0xff]).unwrap();
    std::fs::write(mine.path().join("letter.txt"), "dear …\n").unwrap();
    assert_refused(site.path(), mine.path(), "no .summit-archive", mine.path());
    // A file merely named like the marker, with other content, does not make it an output.
    std::fs::write(mine.path().join(MARKER), "mine\n").unwrap();
    assert_refused(site.path(), mine.path(), "no .summit-archive", mine.path());
}

#[test]
fn the_sites_own_folders_are_never_the_output() {
    let site = site();
    std::fs::create_dir_all(site.path().join("content/sources")).unwrap();
    std::fs::write(site.path().join("content/sources/fixture.txt"), "正文。\n").unwrap();
    let root = site.path();
    for (out, reason) in [
        (root.join("content"), "it is the site's content/ folder"),
        (
            root.join("content/sources"),
            "inside the site's content/ folder",
        ),
        // Absent, but inside the sources: still refused.
        (
            root.join("content/2023-xian/site"),
            "inside the site's content/ folder",
        ),
        (root.join("templates"), "it is the site's templates/ folder"),
        (root.join("static"), "it is the site's static/ folder"),
        (root.to_path_buf(), "it is the site's root folder"),
        // Spelt another way.
        (
            root.join("public/../content"),
            "it is the site's content/ folder",
        ),
        (
            root.join("./templates/."),
            "it is the site's templates/ folder",
        ),
    ] {
        assert_refused(root, &out, reason, root);
    }
}

#[test]
fn a_folder_holding_the_site_is_never_the_output() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("archive");
    copy_dir(site().path(), &root);
    // Even marked as an earlier output, a folder that holds the sources is refused.
    std::fs::write(outer.path().join(MARKER), MARKER_TEXT).unwrap();
    assert_refused(
        &root,
        outer.path(),
        "it holds the site's root folder",
        outer.path(),
    );
}

#[test]
fn symbolic_links_are_followed_before_comparing() {
    let site = site();
    let root = site.path();
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("looks-harmless");
    std::os::unix::fs::symlink(root.join("content"), &link).unwrap();
    assert_refused(root, &link, "it is the site's content/ folder", root);
    // A link to the root, then into templates.
    let to_root = elsewhere.path().join("root");
    std::os::unix::fs::symlink(root, &to_root).unwrap();
    assert_refused(root, &to_root.join("templates"), "templates/ folder", root);
    // A link that leads nowhere is not replaced either.
    let dangling = elsewhere.path().join("dangling");
    std::os::unix::fs::symlink(elsewhere.path().join("missing"), &dangling).unwrap();
    assert_refused(root, &dangling, "symbolic link", elsewhere.path());
    assert!(std::fs::symlink_metadata(&dangling).is_ok());
}

#[test]
fn absent_empty_and_earlier_outputs_are_written() {
    let site = site();
    let root = site.path();
    // The default, public/.
    let first = run(root, &["build"]);
    assert_eq!(first.status.code(), Some(0), "{}", out(&first));
    let public = root.join("public");
    assert_eq!(
        std::fs::read_to_string(public.join(MARKER)).unwrap(),
        MARKER_TEXT
    );
    assert!(public.join("zh/2023-xian/doc/index.html").is_file());
    // A second build over the first.
    let before = snapshot(&public);
    let second = run(root, &["build"]);
    assert_eq!(second.status.code(), Some(0), "{}", out(&second));
    let after = snapshot(&public);
    assert_eq!(after, before, "two builds of the same content differ");
    // An empty folder, and an absent one inside a folder that does not exist yet.
    let elsewhere = tempfile::tempdir().unwrap();
    let empty = elsewhere.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for out_dir in [empty.clone(), elsewhere.path().join("a/b/site")] {
        let output = run(root, &["build", "--out", out_dir.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{}", out(&output));
        assert!(out_dir.join("en/2023-xian/doc/index.html").is_file());
        assert!(out_dir.join(MARKER).is_file());
    }
    // Nothing is left beside the output folders but the outputs.
    let mut names: Vec<String> = std::fs::read_dir(elsewhere.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a", "empty"]);
}

#[test]
fn serve_refuses_a_foreign_output_folder_before_serving() {
    let site = site();
    let mine = tempfile::tempdir().unwrap();
    std::fs::write(mine.path().join("letter.txt"), "dear …\n").unwrap();
    let before = snapshot(mine.path());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_summit-archive"))
        .arg("--root")
        .arg(site.path())
        .args(["serve", "--port", "0", "--out"])
        .arg(mine.path())
        .output()
        .unwrap();
    let text = out(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("refusing to write the site here"), "{text}");
    assert!(!text.contains("serving http"), "{text}");
    assert_eq!(snapshot(mine.path()), before);
}

#[test]
fn a_preview_replaces_its_output_and_removes_the_old_one_after_the_swap() {
    use summit_archive::pipeline::{self, Options, Tools};
    let root = site();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("preview");
    let mut tools = Tools::default();
    for round in 0..2 {
        let run = pipeline::run(root.path(), Some(&out), &Options::preview(), &mut tools).unwrap();
        assert!(run.written.is_some(), "round {round}");
        assert_eq!(
            std::fs::read_to_string(out.join(MARKER)).unwrap(),
            MARKER_TEXT
        );
        assert!(out.join("zh/index.html").is_file());
    }
    // The old output goes on a thread of its own; nothing else is left beside the new one.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let beside: Vec<String> = std::fs::read_dir(parent.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        if beside == ["preview"] {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{beside:?}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn an_update_in_place_moves_changed_files_in_removes_what_is_gone_and_leaves_the_rest() {
    use summit_archive::output::{Hashing, Staging, Update};
    use summit_archive::render::Sink;
    let site = site();
    let out = site.path().join("public");
    // A first output, its files' hashes recorded.
    let staging = Staging::new(&out, site.path()).unwrap();
    let hashing = Hashing::new(&staging);
    for (path, text) in [
        ("same.html", "same"),
        ("changed.html", "before"),
        ("gone/deep/page.html", "gone"),
        ("kept/page.html", "kept"),
    ] {
        hashing.put(path, text.as_bytes().to_vec()).unwrap();
    }
    let files = hashing.into_files();
    staging.finish().unwrap();
    let kept_before = std::fs::metadata(out.join("kept/page.html")).unwrap();

    // The next build: one file the same, one changed, one new, one no longer made, and one
    // kept without being made again.
    let update = Update::new(&out, site.path(), files).unwrap();
    update.put("same.html", b"same".to_vec()).unwrap();
    update.put("changed.html", b"after".to_vec()).unwrap();
    update.put("new/page.html", b"new".to_vec()).unwrap();
    // Nothing is in place before the update is finished.
    assert_eq!(std::fs::read(out.join("changed.html")).unwrap(), b"before");
    assert!(!out.join("new").exists());
    let (written, now) = update.finish(["kept/page.html"]).unwrap();

    let expected: BTreeMap<PathBuf, Option<Vec<u8>>> = [
        ("", None),
        (MARKER, Some(MARKER_TEXT)),
        ("changed.html", Some("after")),
        ("kept", None),
        ("kept/page.html", Some("kept")),
        ("new", None),
        ("new/page.html", Some("new")),
        ("same.html", Some("same")),
    ]
    .into_iter()
    .map(|(p, t)| (out.join(p), t.map(|t| t.as_bytes().to_vec())))
    .collect();
    // The folders the gone file was in are gone with it.
    assert_eq!(snapshot(&out), expected);
    assert_eq!(written.files, 5);
    assert_eq!(now.len(), 5);
    assert_eq!(
        std::fs::metadata(out.join("kept/page.html"))
            .unwrap()
            .modified()
            .unwrap(),
        kept_before.modified().unwrap(),
        "a kept file is not written again"
    );
    // No folder is left beside the output.
    assert!(
        hidden_entries(site.path()).is_empty(),
        "{:?}",
        hidden_entries(site.path())
    );
}
