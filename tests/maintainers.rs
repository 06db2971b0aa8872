//! The maintainers' workflow: conventional commands, `new` scaffolding, `check` without writing,
//! permalinks that never break, the live preview, and the whole path of adding a third summit.

mod common;

use common::*;
use std::path::Path;
use std::time::{Duration, Instant};

#[test]
fn the_commands_have_conventional_names_and_help() {
    let help = run(&repo(), &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    for command in ["build", "check", "serve", "new", "coverage"] {
        assert!(
            out(&help).contains(command),
            "{command} missing from --help"
        );
        let sub = run(&repo(), &[command, "--help"]);
        assert_eq!(sub.status.code(), Some(0), "{command} --help");
    }
    for what in ["summit", "document"] {
        assert_eq!(
            run(&repo(), &["new", what, "--help"]).status.code(),
            Some(0)
        );
    }
}

#[test]
fn check_reports_every_problem_and_writes_nothing() {
    let bad =
        |name: &str| std::fs::read_to_string(repo().join("tests/fixtures/bad").join(name)).unwrap();
    let site = fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        ("content/2023-xian/a.md", &bad("clause-gap.md")),
        ("content/2023-xian/b.md", &bad("unknown-kind.md")),
    ]);
    let output = run(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let text = out(&output);
    assert!(
        text.contains("content/2023-xian/a.md:12:1: error:"),
        "{text}"
    );
    assert!(
        text.contains("content/2023-xian/b.md:4:7: error:"),
        "{text}"
    );
    assert!(!site.path().join("public").exists());
    assert!(!site.path().join("content/permalinks.txt").exists());

    let good = one_document_site(&document("fragment", "", "正文。\n"));
    let output = run(good.path(), &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", out(&output));
    assert!(!good.path().join("public").exists());
    assert!(!good.path().join("content/permalinks.txt").exists());
}

#[test]
fn the_bundled_permalink_record_is_complete() {
    let checked = summit_archive::check_site(&repo()).expect("the bundled site checks");
    assert!(
        checked.new_permalinks.is_empty(),
        "not recorded: {:?}",
        checked.new_permalinks
    );
    let record = std::fs::read_to_string(repo().join("content/permalinks.txt")).unwrap();
    for permalink in [
        "2023-xian/declaration/#cl_7__para_2",
        "2023-xian/outcome-list/#sec_1__item_21",
        "2023-xian/qin-gang-interview/#q_2",
        "2025-astana/",
    ] {
        assert!(record.lines().any(|l| l == permalink), "{permalink}");
    }
}

#[test]
fn removing_a_published_unit_fails_unless_a_redirect_is_recorded() {
    let site = one_document_site(&document("fragment", "", "第一段。\n\n第二段。\n"));
    let first = run(site.path(), &["build"]);
    assert_eq!(first.status.code(), Some(0), "{}", out(&first));
    let record = std::fs::read_to_string(site.path().join("content/permalinks.txt")).unwrap();
    let line = record
        .lines()
        .position(|l| l == "2023-xian/doc/#para_2")
        .expect("recorded")
        + 1;
    let page = site.path().join("public/zh/2023-xian/doc/index.html");
    let before = std::fs::read(&page).unwrap();

    std::fs::write(
        site.path().join("content/2023-xian/doc.md"),
        document("fragment", "", "第一段。\n"),
    )
    .unwrap();
    let second = run(site.path(), &["build"]);
    assert_eq!(second.status.code(), Some(1));
    let text = out(&second);
    assert!(
        text.contains(&format!("content/permalinks.txt:{line}:1: error: published permalink `2023-xian/doc/#para_2` would no longer resolve")),
        "{text}"
    );
    assert_eq!(
        std::fs::read(&page).unwrap(),
        before,
        "the last good site changed"
    );

    std::fs::write(
        site.path().join("content/redirects.yaml"),
        "- from: 2023-xian/doc/#para_2\n  to: 2023-xian/doc/#para_1\n",
    )
    .unwrap();
    let third = run(site.path(), &["build"]);
    assert_eq!(third.status.code(), Some(0), "{}", out(&third));
    for lang in ["zh", "en"] {
        let html = parse_html(
            &site
                .path()
                .join(format!("public/{lang}/2023-xian/doc/index.html")),
        );
        let moved = select(&html, "#para_2.moved a");
        assert_eq!(moved.len(), 1, "{lang}");
        assert_eq!(
            moved[0].value().attr("href"),
            Some(format!("../../../{lang}/2023-xian/doc/index.html#para_1").as_str())
        );
    }
    // The record keeps the moved permalink.
    let record = std::fs::read_to_string(site.path().join("content/permalinks.txt")).unwrap();
    assert!(record.lines().any(|l| l == "2023-xian/doc/#para_2"));
}

#[test]
fn a_removed_page_leaves_a_redirect_page() {
    let site = one_document_site(&document("fragment", "", "第一段。\n"));
    assert_eq!(run(site.path(), &["build"]).status.code(), Some(0));
    let renamed = document("fragment", "", "第一段。\n").replace("id: doc", "id: renamed");
    std::fs::remove_file(site.path().join("content/2023-xian/doc.md")).unwrap();
    std::fs::write(site.path().join("content/2023-xian/renamed.md"), renamed).unwrap();
    let refused = run(site.path(), &["build"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        out(&refused).contains("`2023-xian/doc/` would no longer resolve"),
        "{}",
        out(&refused)
    );

    std::fs::write(
        site.path().join("content/redirects.yaml"),
        "- from: 2023-xian/doc/\n  to: 2023-xian/renamed/\n- from: 2023-xian/doc/#para_1\n  to: 2023-xian/renamed/#para_1\n",
    )
    .unwrap();
    let built = run(site.path(), &["build"]);
    assert_eq!(built.status.code(), Some(0), "{}", out(&built));
    let html = parse_html(&site.path().join("public/zh/2023-xian/doc/index.html"));
    let refresh = select(&html, "meta[http-equiv=refresh]");
    assert!(
        refresh[0]
            .value()
            .attr("content")
            .unwrap()
            .ends_with("url=../../../zh/2023-xian/renamed/index.html")
    );
    assert_eq!(
        select(&html, "#para_1.moved a")[0].value().attr("href"),
        Some("../../../zh/2023-xian/renamed/index.html#para_1")
    );
}

#[test]
fn a_redirect_to_nowhere_is_refused() {
    let site = fixture_site(&[
        ("content/2023-xian/summit.yaml", SUMMIT_YAML),
        (
            "content/2023-xian/doc.md",
            &document("fragment", "", "第一段。\n"),
        ),
        (
            "content/redirects.yaml",
            "- from: 2023-xian/old/\n  to: 2023-xian/missing/\n",
        ),
    ]);
    let output = run(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(out(&output).contains("content/redirects.yaml:1:1: error: redirect target `2023-xian/missing/` is not published"), "{}", out(&output));
}

#[test]
fn new_refuses_bad_names_and_never_overwrites() {
    let site = one_document_site(&document("fragment", "", "正文。\n"));
    let new_summit = |id: &str| {
        let args = [
            "new",
            "summit",
            id,
            "--start",
            "2027-06-01",
            "--city",
            "北京",
            "--city-en",
            "Beijing",
            "--host",
            "中国",
            "--host-en",
            "China",
        ];
        run(site.path(), &args)
    };
    assert_eq!(new_summit("2027-beijing").status.code(), Some(0));
    let again = new_summit("2027-beijing");
    assert_eq!(again.status.code(), Some(2));
    assert!(out(&again).contains("already exists"), "{}", out(&again));
    let bad = new_summit("../escape");
    assert_eq!(bad.status.code(), Some(2));
    assert!(!site.path().join("escape").exists());
    let missing = run(
        site.path(),
        &[
            "new",
            "document",
            "2031-nowhere",
            "doc",
            "--kind",
            "article",
            "--date",
            "2031-01-01",
            "--source",
            "x.txt",
        ],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        out(&missing).contains("no summit `2031-nowhere`"),
        "{}",
        out(&missing)
    );
}

/// A copy of the bundled site with a third summit added the way a maintainer adds one.
struct ThirdSummit {
    site: tempfile::TempDir,
}

impl ThirdSummit {
    const SOURCE: &'static str = "2027_beijing.txt";

    fn add() -> ThirdSummit {
        let site = tempfile::tempdir().unwrap();
        for folder in ["content", "templates", "static"] {
            copy_dir(&repo().join(folder), &site.path().join(folder));
        }
        std::fs::copy(
            repo()
                .join("tests/fixtures/third-summit")
                .join(Self::SOURCE),
            site.path().join("content/sources").join(Self::SOURCE),
        )
        .unwrap();
        let third = ThirdSummit { site };
        third.ok(&[
            "new",
            "summit",
            "2027-beijing",
            "--start",
            "2027-06-01",
            "--end",
            "2027-06-02",
            "--city",
            "北京",
            "--city-en",
            "Beijing",
            "--host",
            "中国",
            "--host-en",
            "China",
        ]);
        third.ok(&[
            "new",
            "document",
            "2027-beijing",
            "declaration",
            "--kind",
            "declaration",
            "--date",
            "2027-06-02",
            "--source",
            Self::SOURCE,
            "--lines",
            "3-17",
        ]);
        third.ok(&[
            "new",
            "document",
            "2027-beijing",
            "opening",
            "--kind",
            "article",
            "--date",
            "2027-06-01",
            "--source",
            Self::SOURCE,
            "--lines",
            "19-23",
        ]);
        third
    }

    fn root(&self) -> &Path {
        self.site.path()
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = run(self.root(), args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", out(&output));
        out(&output)
    }

    fn public(&self, rel: &str) -> std::path::PathBuf {
        self.root().join("public").join(rel)
    }
}

#[test]
fn a_third_summit_goes_from_new_to_every_page_and_export() {
    let third = ThirdSummit::add();
    let summit =
        std::fs::read_to_string(third.root().join("content/2027-beijing/summit.yaml")).unwrap();
    assert!(
        summit.contains("number: 3")
            && summit.contains("第三届中国—中亚峰会")
            && summit.contains("Third China–Central Asia Summit"),
        "{summit}"
    );
    let declaration =
        std::fs::read_to_string(third.root().join("content/2027-beijing/declaration.md")).unwrap();
    assert!(
        declaration.contains("title: \"中国—中亚峰会北京宣言\""),
        "{declaration}"
    );
    assert!(declaration.contains("source_lines: [3, 17]"));
    let opening =
        std::fs::read_to_string(third.root().join("content/2027-beijing/opening.md")).unwrap();
    assert!(
        opening.contains("dateline: \"新华社北京6月1日电\""),
        "{opening}"
    );

    let checked = third.ok(&["check"]);
    assert!(checked.contains("no problems"), "{checked}");
    assert!(!third.root().join("public").exists());
    let built = third.ok(&["build"]);
    assert!(built.contains("built 3 summits, 15 documents"), "{built}");

    // The home pages and the summit page list it.
    for (home, summit_href) in [
        ("index.html", "zh/2027-beijing/index.html"),
        ("en/index.html", "../en/2027-beijing/index.html"),
    ] {
        let html = parse_html(&third.public(home));
        assert!(
            select(&html, &format!("a[href=\"{summit_href}\"]")).len() == 1,
            "{home}"
        );
    }
    let summit_page = parse_html(&third.public("zh/2027-beijing/index.html"));
    let links: Vec<String> = select(&summit_page, ".doc-list a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(
        links.contains(&"../../zh/2027-beijing/declaration/index.html".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"../../zh/2027-beijing/opening/index.html".to_string()),
        "{links:?}"
    );

    // Its document pages carry their units, in both languages and side by side.
    for page in [
        "zh/2027-beijing/declaration/index.html",
        "en/2027-beijing/declaration/index.html",
        "zh/2027-beijing/declaration/parallel/index.html",
    ] {
        let html = parse_html(&third.public(page));
        for id in [
            "preamble__para_1",
            "cl_1__para_1",
            "cl_1__para_2",
            "cl_2__para_1",
            "cl_3__para_1",
        ] {
            assert_eq!(select(&html, &format!("#{id}")).len(), 1, "{page} #{id}");
        }
    }
    let declaration = parse_html(&third.public("zh/2027-beijing/declaration/index.html"));
    assert!(
        text_of(&select(&declaration, "#cl_2__para_1")[0])
            .contains("各方愿推进中吉乌铁路建设，加快中欧班列发展。")
    );
    let english = parse_html(&third.public("en/2027-beijing/declaration/index.html"));
    assert_eq!(select(&english, "#cl_1__para_1 .pending").len(), 1);
    let opening = parse_html(&third.public("zh/2027-beijing/opening/index.html"));
    assert!(text_of(&select(&opening, "#para_1")[0]).starts_with("6月1日，第三届"));

    // The export has it.
    let json: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(third.public("data/documents.json")).unwrap(),
    )
    .unwrap();
    let ids: Vec<(&str, &str)> = json
        .iter()
        .map(|d| (d["summit"].as_str().unwrap(), d["id"].as_str().unwrap()))
        .collect();
    assert!(
        ids.contains(&("2027-beijing", "declaration"))
            && ids.contains(&("2027-beijing", "opening")),
        "{ids:?}"
    );
    let summits: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(third.public("data/summits.json")).unwrap())
            .unwrap();
    assert_eq!(summits.last().unwrap()["id"], "2027-beijing");

    // The whole site, the new summit with it, is sound.
    let root = third.root().to_string_lossy().into_owned();
    assert_site_is_sound(&third.root().join("public"), &[&root]);

    // Its permalinks are now recorded.
    let record = std::fs::read_to_string(third.root().join("content/permalinks.txt")).unwrap();
    assert!(
        record
            .lines()
            .any(|l| l == "2027-beijing/declaration/#cl_1__para_2")
    );
    assert!(
        record
            .lines()
            .any(|l| l == "2023-xian/declaration/#cl_7__para_2")
    );
}

/// Polls the build number until it differs from `old`, for at most 20 seconds.
fn wait_for_build(addr: &str, old: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let (_, n) = get(addr, summit_archive::serve::RELOAD_PATH);
        if n != old {
            return n;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no rebuild within 20 seconds");
}

#[test]
fn the_preview_only_reads_and_bounds_what_it_reads() {
    let site = one_document_site(&document("fragment", "", "第一段。\n"));
    let preview = start_preview(site.path());
    let addr = preview.addr.as_str();
    let ask = |head: &str, rest: &str| {
        let request = format!("{head}\r\nHost: {addr}\r\nConnection: close\r\n{rest}");
        raw_request(addr, request.as_bytes())
    };
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let (status, body) = ask(&format!("{method} / HTTP/1.1"), "Content-Length: 0\r\n\r\n");
        assert_eq!(status, 405, "{method}");
        assert!(body.contains("GET and HEAD"), "{method}: {body}");
    }
    // HEAD: the status and headers of GET, without the body.
    let (status, body) = ask("HEAD /zh/2023-xian/doc/ HTTP/1.1", "\r\n");
    assert_eq!((status, body.as_str()), (200, ""));
    let long = format!("/zh/{}", "a".repeat(summit_archive::serve::MAX_URL_BYTES));
    assert_eq!(ask(&format!("GET {long} HTTP/1.1"), "\r\n").0, 414);
    let big = format!(
        "X-Padding: {}\r\n\r\n",
        "b".repeat(summit_archive::serve::MAX_HEADER_BYTES)
    );
    assert_eq!(ask("GET / HTTP/1.1", &big).0, 431);
    assert_eq!(
        ask("GET / HTTP/1.1", "Content-Length: 5\r\n\r\nhello").0,
        413
    );
    // A head that never ends is refused once it passes the bound, not read to the end.
    {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let head = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Padding: ");
        stream.write_all(head.as_bytes()).unwrap();
        // Ten times the bound, and no end of line: the server answers (or hangs up) anyway.
        let padding = vec![b'c'; 10 * summit_archive::serve::MAX_HEADER_BYTES];
        let _ = stream.write_all(&padding);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    }
    // Still serving after all of that.
    assert_eq!(get(addr, "/zh/2023-xian/doc/").0, 200);
}

#[test]
fn stopping_the_preview_removes_its_temporary_folder() {
    let site = one_document_site(&document("fragment", "", "第一段。\n"));
    for signal in ["INT", "TERM"] {
        let temp = tempfile::tempdir().unwrap();
        let mut preview = start_preview_with_temp(site.path(), temp.path());
        let made: Vec<String> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(made.len(), 1, "{signal}: {made:?}");
        assert!(made[0].starts_with("summit-archive-serve-"), "{made:?}");
        let pid = preview.child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-s", signal, &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        while preview.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "{signal}: serve did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
        let left = std::fs::read_dir(temp.path()).unwrap().count();
        assert_eq!(left, 0, "{signal}: the temporary folder is left behind");
        assert!(!site.path().join("public").exists());
    }
}

#[test]
fn the_preview_serves_rebuilds_and_keeps_the_last_good_site() {
    let site = one_document_site(&document("fragment", "", "第一段。\n"));
    let preview = start_preview(site.path());
    let (status, home) = get(&preview.addr, "/");
    assert_eq!(status, 200);
    assert!(
        home.contains(summit_archive::serve::RELOAD_PATH),
        "the page reloads itself"
    );
    assert_eq!(get(&preview.addr, "/zh/2023-xian/doc/").0, 200);
    assert_eq!(get(&preview.addr, "/../../etc/passwd").0, 404);
    // A missing address gets the site's own page for it, in both languages, as hosts show it.
    let (status, missing) = get(&preview.addr, "/nowhere.html");
    assert_eq!(status, 404);
    let missing = scraper::Html::parse_document(&missing);
    let heading = missing
        .select(&scraper::Selector::parse(".not-found h1").unwrap())
        .next()
        .map(|h| h.text().collect::<String>());
    assert_eq!(heading.as_deref(), Some("未找到页面 Page not found"));
    let (_, first) = get(&preview.addr, summit_archive::serve::RELOAD_PATH);

    std::fs::write(
        site.path().join("content/2023-xian/doc.md"),
        document("fragment", "", "第一段。\n\n新加的第二段。\n"),
    )
    .unwrap();
    let second = wait_for_build(&preview.addr, &first);
    let (_, page) = get(&preview.addr, "/zh/2023-xian/doc/index.html");
    assert!(page.contains("新加的第二段。"));

    // A broken edit is reported, not published: the last good page stays served.
    std::fs::write(
        site.path().join("content/2023-xian/doc.md"),
        document("declaraton", "", "坏了。\n"),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let (_, n) = get(&preview.addr, summit_archive::serve::RELOAD_PATH);
    assert_eq!(n, second);
    let (_, page) = get(&preview.addr, "/zh/2023-xian/doc/index.html");
    assert!(page.contains("新加的第二段。"));
    // The built files themselves carry no preview script.
    assert!(
        !site.path().join("public").exists(),
        "the preview does not write public/"
    );
}

/// The commitment of `commitments` that `unit` (`summit/document#unit`) states.
fn stated_by<'a>(commitments: &'a [serde_json::Value], unit: &str) -> &'a serde_json::Value {
    let (summit, rest) = unit.split_once('/').unwrap();
    let (document, unit_id) = rest.split_once('#').unwrap();
    commitments
        .iter()
        .find(|c| {
            c["summit"] == summit
                && c["sources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["document"] == document && s["unit"] == unit_id)
        })
        .unwrap_or_else(|| panic!("no commitment stated by {unit}"))
}

#[test]
fn a_third_summit_reports_on_the_earlier_ones_and_its_own_promise_stays_open() {
    let third = ThirdSummit::add();
    third.ok(&["build"]);
    let text = std::fs::read_to_string(third.public("data/commitments.json")).unwrap();
    let commitments: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let followup = |c: &serde_json::Value, document: &str, unit: &str| {
        c["followups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| {
                f["summit"] == "2027-beijing" && f["document"] == document && f["unit"] == unit
            })
            .cloned()
            .unwrap_or_else(|| panic!("{} has no follow-up at {document}#{unit}: {c}", c["id"]))
    };

    // Xi'an 2023, outcome list item 21: complete the feasibility study of the China–Kyrgyzstan–
    // Uzbekistan railway and push its construction. Beijing 2027, clause 二: the parties will
    // push the railway's construction on: work under way.
    let railway = stated_by(&commitments, "2023-xian/outcome-list#sec_1__item_21");
    let f = followup(railway, "declaration", "cl_2__para_1");
    assert_eq!(f["status"], "in_progress", "{f}");
    assert_eq!(f["reason"], "推进", "{f}");
    assert!(
        f["evidence"].as_str().unwrap().contains("中吉乌铁路"),
        "{f}"
    );

    // Astana 2025: the third summit is to be hosted by China in 2027. The Beijing declaration
    // opens with the summit held: done.
    let next = commitments
        .iter()
        .find(|c| {
            c["summit"] == "2025-astana"
                && c["zh"]
                    .as_str()
                    .unwrap()
                    .contains("第三届中国—中亚峰会将于2027年由中国主办")
        })
        .expect("the 2025 commitment to the third summit");
    let f = followup(next, "declaration", "preamble__para_1");
    assert_eq!(f["status"], "fulfilled", "{f}");
    assert!(
        f["evidence"]
            .as_str()
            .unwrap()
            .contains("举行第三届中国—中亚峰会"),
        "{f}"
    );

    // Beijing 2027, clause 三: the fourth summit in 2029, in Central Asia. No later summit
    // exists: a commitment of the latest summit with no follow-up yet, and a page of its own.
    let fourth = stated_by(&commitments, "2027-beijing/declaration#cl_3__para_1");
    assert_eq!(fourth["followups"].as_array().unwrap().len(), 0, "{fourth}");
    let id = fourth["id"].as_str().unwrap();
    let page = parse_html(&third.public(&format!("en/commitments/{id}/index.html")));
    let open = select(&page, ".followups .no-followup");
    assert_eq!(open.len(), 1, "the page says no follow-up is reported");
    assert!(select(&page, ".followups .followup").is_empty());
    let tracker = parse_html(&third.public("en/commitments/index.html"));
    let row = select(&tracker, &format!("a[href*='{id}']"));
    assert!(!row.is_empty(), "the tracker lists {id}");
}
