//! Helpers shared by the integration tests: the bundled site built once, small fixture sites
//! made in temporary folders, and HTML parsing.
#![allow(dead_code)]

pub mod chrome;

use scraper::{Html, Selector};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use summit_archive::load::{Archive, load_archive};

/// The repository root, which is also the bundled site's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled content, loaded.
pub fn archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    ARCHIVE.get_or_init(|| load_archive(&repo()).expect("bundled content loads"))
}

/// The bundled site built into a temporary folder, once per test binary.
pub fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let out = dir.path().join("public");
        summit_archive::build_site(&repo(), &out).expect("bundled site builds");
        (dir, out)
    })
    .1
}

/// `documents.json` of the built bundled site.
pub fn documents_json() -> &'static Vec<Value> {
    static JSON: OnceLock<Vec<Value>> = OnceLock::new();
    JSON.get_or_init(|| {
        let text =
            std::fs::read_to_string(built().join("data/documents.json")).expect("documents.json");
        serde_json::from_str(&text).expect("documents.json parses")
    })
}

/// One document of `documents.json` by id.
pub fn document_json(id: &str) -> &'static Value {
    documents_json()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no document {id} in documents.json"))
}

/// The source texts as received, by file name.
pub fn sources() -> Vec<(String, String)> {
    let dir = repo().join("content/sources");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("content/sources")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).expect("UTF-8 source"))
        })
        .collect();
    out.sort();
    out
}

pub fn parse_html(path: &Path) -> Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
    html.select(&selector).collect()
}

/// The text of an element with white space removed.
pub fn text_of(el: &scraper::ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The stages of a build, in the order `--timings` lists them (the README's table).
pub const STAGES: [&str; 7] = [
    "load",
    "segment",
    "link",
    "permalinks",
    "index",
    "render",
    "write",
];

pub const SUMMIT_YAML: &str = "id: 2023-xian
number: 1
name: { zh: 首届中国—中亚峰会, en: First China–Central Asia Summit }
start: 2023-05-18
end: 2023-05-19
city: { zh: 西安, en: Xi'an }
host: { zh: 中国, en: China }
leaders:
  - name: { zh: 习近平, en: Xi Jinping }
    title: { zh: 中华人民共和国主席, en: President of the People's Republic of China }
    country: { zh: 中国, en: China }
";

/// A site folder with the repository's templates and static files and the given content
/// files (paths relative to the site root).
pub fn fixture_site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for folder in ["templates", "static"] {
        copy_dir(&repo().join(folder), &dir.path().join(folder));
    }
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    dir
}

/// A fixture site with the Xi'an summit and one document `content/2023-xian/doc.md`.
pub fn one_document_site(document: &str) -> tempfile::TempDir {
    fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        ("content/2023-xian/doc.md", document),
    ])
}

/// Front matter for a fixture document of `kind`, followed by `body`.
pub fn document(kind: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nid: doc\nsummit: 2023-xian\nkind: {kind}\ntitle: 标题\ntitle_printed: false\ndate: 2023-05-19\nsource: fixture.txt\n{extra}---\n{body}"
    )
}

/// Every file under `dir` with its bytes, in path order.
pub fn files_with_bytes(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The names of the hidden entries (`.name`) directly in `dir`: a staging or old output
/// folder left behind would be one.
pub fn hidden_entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The checks every generated site must pass: every page parses as HTML without errors, every
/// internal link and fragment is relative and resolves, and no path of the build machine
/// (`forbidden`) appears in any file. Returns the number of links checked.
pub fn assert_site_is_sound(out: &Path, forbidden: &[&str]) -> usize {
    use std::collections::{BTreeMap, BTreeSet};
    let files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut pages: Vec<(PathBuf, Html)> = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for path in forbidden {
            assert!(
                !text.contains(path),
                "{} names the local path {path}",
                file.display()
            );
        }
        if file.extension().is_some_and(|e| e == "html") {
            let html = Html::parse_document(&text);
            assert!(
                html.errors.is_empty(),
                "{}: {:?}",
                file.display(),
                html.errors
            );
            ids.insert(
                file.clone(),
                select(&html, "[id]")
                    .iter()
                    .map(|e| e.value().attr("id").unwrap().to_string())
                    .collect(),
            );
            pages.push((file.clone(), html));
        }
    }
    let mut checked = 0;
    for (file, html) in &pages {
        for el in select(html, "[href], [src]") {
            let target = el.value().attr("href").or(el.value().attr("src")).unwrap();
            // The canonical address and the hreflang alternates are the only absolute ones, made
            // from the base URL for other tools; tests/metadata.rs checks that they resolve.
            let rel = el.value().attr("rel").unwrap_or("");
            if el.value().name() == "link"
                && matches!(rel, "canonical" | "alternate")
                && target.starts_with("https://")
            {
                continue;
            }
            // The 404 page is shown at any address, so its links start from the site's root
            // path (`/` where no base URL names another); every other link is relative.
            let shown_anywhere = file == &out.join("404.html");
            let rooted = shown_anywhere && target.starts_with('/') && !target.starts_with("//");
            assert!(
                rooted || (!target.starts_with('/') && !target.contains("://")),
                "{}: {target} is not relative",
                file.display()
            );
            let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
            let resolved = if path.is_empty() {
                file.clone()
            } else if rooted {
                normalise(&out.join(path.trim_start_matches('/')))
            } else {
                normalise(&file.parent().unwrap().join(path))
            };
            assert!(
                resolved.is_file(),
                "{}: {target} does not resolve",
                file.display()
            );
            if !fragment.is_empty() {
                assert!(
                    ids.get(&resolved).is_some_and(|i| i.contains(fragment)),
                    "{}: {target}: no such fragment",
                    file.display()
                );
            }
            checked += 1;
        }
    }
    checked
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Runs the binary on the site at `root`.
pub fn run(root: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_summit-archive"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Everything the binary printed.
pub fn out(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    )
}

/// A running `serve`, stopped when dropped.
pub struct Preview {
    pub child: std::process::Child,
    /// `127.0.0.1:port`.
    pub addr: String,
}

impl Drop for Preview {
    /// Stops `serve` as Ctrl-C would, so that it removes its temporary folder; kills it if it
    /// has not stopped within five seconds.
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = std::process::Command::new("kill")
            .args(["-s", "TERM", &pid])
            .status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve` on a free port for the site at `root`.
pub fn start_preview(root: &Path) -> Preview {
    start_preview_with_temp(root, &std::env::temp_dir())
}

/// [`start_preview`], with `temp` as the folder for temporary files (`TMPDIR`).
pub fn start_preview_with_temp(root: &Path, temp: &Path) -> Preview {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_summit-archive"))
        .args(["--root", root.to_str().unwrap(), "serve", "--port", "0"])
        .env("TMPDIR", temp)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep reading so that the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Preview { child, addr }
}

/// A GET on a local server: status and body.
pub fn get(addr: &str, path: &str) -> (u16, String) {
    raw_request(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// Sends `request` as it is to a local server: status and body of the answer.
pub fn raw_request(addr: &str, request: &[u8]) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The bundled site copied into a temporary folder, its `content/site.yaml` setting
/// `paginate_by: <per_page>`, so that its larger topics and entities go on over several pages.
pub fn bundled_copy_paginated_by(per_page: u32) -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("a temporary folder");
    for folder in ["content", "templates", "static"] {
        copy_dir(&repo().join(folder), &site.path().join(folder));
    }
    let config = site.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&config).expect("site.yaml");
    assert_eq!(text.matches("\npaginate_by: ").count(), 1, "{text}");
    let text = replace_line(
        &text,
        "\npaginate_by: ",
        &format!("\npaginate_by: {per_page}"),
    );
    std::fs::write(&config, text).expect("written");
    site
}

/// `text` with the rest of the line after `key` replaced by `line`.
fn replace_line(text: &str, key: &str, line: &str) -> String {
    let at = text.find(key).expect("the key");
    let end = text[at + 1..].find('\n').map_or(text.len(), |e| at + 1 + e);
    format!("{}{line}{}", &text[..at], &text[end..])
}
