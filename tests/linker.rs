//! The link stage on the bundled texts and on small fixtures: commitments grouped within a
//! summit, follow-ups with their status and reason, the entity rule, the editors' review
//! file, and the commitment exports. Expected values come from reading the texts.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use summit_archive::model::{Commitment, Links, Status};
use summit_archive::{BuildError, Options, check_site_with};

fn links_of(root: &Path, ignore_reviews: bool) -> Links {
    match check_site_with(
        root,
        &Options {
            ignore_reviews,
            ..Options::default()
        },
    ) {
        Ok(checked) => checked.links,
        Err(BuildError::Content(report)) => {
            let lines: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
            panic!("content errors:\n{}", lines.join("\n"))
        }
        Err(e) => panic!("{e}"),
    }
}

fn commitment<'a>(links: &'a Links, id: &str) -> &'a Commitment {
    links
        .commitments
        .iter()
        .find(|c| c.id.as_str() == id)
        .unwrap_or_else(|| panic!("no commitment {id}"))
}

fn followup_units(c: &Commitment) -> Vec<String> {
    c.followups
        .iter()
        .map(|f| format!("{}/{}#{}", f.unit.summit, f.unit.document, f.unit.unit))
        .collect()
}

/// A copy of the bundled site (content, templates, static) in a temporary folder.
fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["content", "templates", "static"] {
        copy_dir(&repo().join(folder), &dir.path().join(folder));
    }
    dir
}

#[test]
fn known_follow_ups_carry_their_status_and_reason() {
    let links = links_of(&repo(), true);
    // Outcome list item 3 studies a permanent secretariat; Wang Yi reports 常设秘书处全面运营.
    let secretariat = commitment(&links, "2023-xian.outcome-list.sec_1__item_3");
    let f = secretariat
        .followups
        .iter()
        .find(|f| f.unit.unit.as_str() == "sec_1__para_1")
        .expect("the secretariat is reported on");
    assert_eq!(f.status, Status::Fulfilled);
    assert_eq!(f.reason, "运营");
    assert!(f.evidence.contains("常设秘书处全面运营"), "{}", f.evidence);
    assert!(!f.reviewed);

    // Item 21 (the railway's feasibility study, then construction): 力争早日建成 is aimed at,
    // not done.
    let railway = commitment(&links, "2023-xian.outcome-list.sec_1__item_21");
    let f = railway
        .followups
        .iter()
        .find(|f| f.unit.unit.as_str() == "sec_2__para_2")
        .expect("the railway is reported on");
    assert_eq!(f.status, Status::InProgress, "reason {}", f.reason);
    assert!(f.evidence.contains("中吉乌铁路"));

    // Item 41: 各方商定积极推动互设文化中心 says the commitment again.
    let centres = commitment(&links, "2023-xian.outcome-list.sec_1__item_41");
    let f = centres
        .followups
        .iter()
        .find(|f| f.unit.unit.as_str() == "sec_3__para_3")
        .expect("the culture centres are reported on");
    assert_eq!(f.status, Status::Reaffirmed);
    assert_eq!(f.reason, "商定");
}

#[test]
fn one_commitment_stated_in_several_documents_is_one_commitment() {
    let links = links_of(&repo(), true);
    // The outcome list's item 41 and the declaration's paragraph on culture centres
    // (各相关方向将积极推动互设文化中心) are one commitment, its id from the outcome list.
    let centres = commitment(&links, "2023-xian.outcome-list.sec_1__item_41");
    let sources: Vec<String> = centres
        .sources
        .iter()
        .map(|s| format!("{}#{}", s.document, s.unit))
        .collect();
    assert_eq!(sources[0], "outcome-list#sec_1__item_41");
    assert!(
        sources.iter().any(|s| s.starts_with("declaration#cl_10__")),
        "{sources:?}"
    );
    // A grouped source is not a commitment of its own.
    for s in &centres.sources[1..] {
        let id = format!("{}.{}.{}", s.summit, s.document, s.unit);
        assert!(links.commitments.iter().all(|c| c.id.as_str() != id));
    }
    // Every unit's commitments are listed for it.
    let first = &centres.sources[0];
    assert_eq!(links.by_unit[first], vec![centres.id.clone()]);
}

#[test]
fn the_road_is_not_the_railway() {
    let links = links_of(&repo(), true);
    // Item 22 keeps the 中吉乌 road running; the 2025 text reports on the railway only.
    let road = commitment(&links, "2023-xian.outcome-list.sec_1__item_22");
    assert!(
        !followup_units(road)
            .iter()
            .any(|u| u.ends_with("#sec_2__para_2")),
        "{:?}",
        followup_units(road)
    );
}

const GLOSSARY: &str = "terms:
  - { zh: 中吉乌铁路, en: China–Kyrgyzstan–Uzbekistan railway, type: project }
  - { zh: 中吉乌公路, en: China–Kyrgyzstan–Uzbekistan road, type: project }
";

fn summit_yaml(id: &str, number: u32, date: &str, city: &str, city_en: &str) -> String {
    format!(
        "id: {id}\nnumber: {number}\nname: {{ zh: 第{number}届峰会, en: Summit {number} }}\nstart: {date}\nend: {date}\ncity: {{ zh: {city}, en: {city_en} }}\nhost: {{ zh: 中国, en: China }}\nleaders:\n  - name: {{ zh: 习近平, en: Xi Jinping }}\n    title: {{ zh: 主席, en: President }}\n    country: {{ zh: 中国, en: China }}\n"
    )
}

fn fixture_document(id: &str, summit: &str, kind: &str, date: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\nsummit: {summit}\nkind: {kind}\ntitle: 标题\ntitle_printed: false\ndate: {date}\nsource: fixture.txt\n---\n{body}"
    )
}

/// The links of a site of two summits (Xi'an 2023, Astana 2025) with `glossary`: an outcome
/// list of Xi'an whose body is `outcomes`, and a fragment of Astana whose body is `report`.
fn two_summits(glossary: &str, outcomes: &str, report: &str) -> Links {
    let site = fixture_site(&[
        ("content/glossary.yaml", glossary),
        (
            "content/2023-xian/summit.yaml",
            &summit_yaml("2023-xian", 1, "2023-05-19", "西安", "Xi'an"),
        ),
        (
            "content/2025-astana/summit.yaml",
            &summit_yaml("2025-astana", 2, "2025-06-17", "阿斯塔纳", "Astana"),
        ),
        (
            "content/2023-xian/outcomes.md",
            &fixture_document(
                "outcomes",
                "2023-xian",
                "outcome_list",
                "2023-05-19",
                outcomes,
            ),
        ),
        (
            "content/2025-astana/report.md",
            &fixture_document("report", "2025-astana", "fragment", "2025-06-17", report),
        ),
    ]);
    links_of(site.path(), true)
}

/// The follow-ups of the railway commitment of a site of five summits, two years apart, each
/// later one reporting on the railway, with `site_yaml` as `content/site.yaml` when given.
fn railway_followed_over_five_summits(site_yaml: Option<&str>) -> Vec<String> {
    let mut files: Vec<(String, String)> = vec![
        ("content/glossary.yaml".into(), GLOSSARY.into()),
        (
            "content/2023-xian/outcomes.md".into(),
            fixture_document(
                "outcomes",
                "2023-xian",
                "outcome_list",
                "2023-05-19",
                "# 成果清单\n\n## 一、合作共识\n\n1. 推进中吉乌铁路项目加快落地，提升边境口岸通行能力。\n",
            ),
        ),
    ];
    if let Some(text) = site_yaml {
        files.push(("content/site.yaml".into(), text.into()));
    }
    // A word in more than one sentence in twenty proposes no candidates: the archive around
    // the railway is a long record of the days' talks.
    let talks: String = (1..=120)
        .map(|n| format!("第{n}场会谈在友好气氛中举行。"))
        .collect();
    files.push((
        "content/2023-xian/talks.md".into(),
        fixture_document("talks", "2023-xian", "fragment", "2023-05-19", &talks),
    ));
    for number in 1..=5u32 {
        let year = 2021 + 2 * number;
        let id = format!("{year}-s{number}");
        let id = if number == 1 {
            "2023-xian".to_string()
        } else {
            id
        };
        let date = format!("{year}-06-17");
        files.push((
            format!("content/{id}/summit.yaml"),
            summit_yaml(&id, number, &date, "西安", "Xi'an"),
        ));
        if number > 1 {
            files.push((
                format!("content/{id}/report.md"),
                fixture_document(
                    "report",
                    &id,
                    "fragment",
                    &date,
                    "中吉乌铁路项目正式开工，边境口岸通行能力显著提升。\n",
                ),
            ));
        }
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = fixture_site(&files);
    let links = links_of(site.path(), true);
    followup_units(commitment(&links, "2023-xian.outcomes.sec_1__item_1"))
}

#[test]
fn a_commitment_is_followed_in_the_summits_the_site_sets() {
    // By default the next three summits report on it; the fifth summit's report is not read.
    assert_eq!(
        railway_followed_over_five_summits(None),
        [
            "2025-s2/report#para_1",
            "2027-s3/report#para_1",
            "2029-s4/report#para_1"
        ]
    );
    assert_eq!(
        railway_followed_over_five_summits(Some("follow_summits: 1\n")),
        ["2025-s2/report#para_1"]
    );
    assert_eq!(
        railway_followed_over_five_summits(Some("follow_summits: 9\n")).len(),
        4
    );
}

#[test]
fn where_both_name_a_project_they_must_name_the_same_one() {
    let links = two_summits(
        GLOSSARY,
        "# 成果清单\n\n## 一、合作共识\n\n1. 保障中吉乌公路畅通运行，提升边境口岸通行能力;\n2. 推进中吉乌铁路项目加快落地，提升边境口岸通行能力。\n",
        "中吉乌铁路项目正式开工，边境口岸通行能力显著提升。\n",
    );
    let railway = commitment(&links, "2023-xian.outcomes.sec_1__item_2");
    assert_eq!(followup_units(railway), ["2025-astana/report#para_1"]);
    assert_eq!(railway.followups[0].status, Status::Fulfilled);
    let road = commitment(&links, "2023-xian.outcomes.sec_1__item_1");
    assert!(road.followups.is_empty(), "{:?}", followup_units(road));
    assert_eq!(road.entities, ["中吉乌公路"]);
    // The latest summit's commitments have no follow-up.
    assert!(
        links
            .commitments
            .iter()
            .filter(|c| c.summit.as_str() == "2025-astana")
            .all(|c| c.followups.is_empty())
    );
}

#[test]
fn a_passage_that_only_describes_or_forecasts_reports_on_nothing() {
    let outcomes =
        "# 成果清单\n\n## 一、合作共识\n\n1. 推进中吉乌铁路项目，提升边境口岸通行能力;\n";
    let railway = |report: &str| {
        let links = two_summits(GLOSSARY, outcomes, report);
        commitment(&links, "2023-xian.outcomes.sec_1__item_1").clone()
    };
    // A description and a forecast say nothing was done, is under way or was said again.
    for report in [
        "中吉乌铁路项目与边境口岸通行能力备受关注。\n",
        "中吉乌铁路项目将成为提升边境口岸通行能力的重要支撑。\n",
    ] {
        let c = railway(report);
        assert!(c.followups.is_empty(), "{report}: {:?}", followup_units(&c));
    }
    // The same words with a word of completion report the railway built.
    let built = railway("中吉乌铁路项目建成通车，边境口岸通行能力显著提升。\n");
    assert_eq!(followup_units(&built), ["2025-astana/report#para_1"]);
    assert_eq!(built.followups[0].status, Status::Fulfilled);
    assert_eq!(built.followups[0].reason, "建成");
}

#[test]
fn a_sentence_reporting_from_the_earlier_summit_reports_on_what_its_commitment_is_about() {
    // Item 1 says 贸易 three times: trade is what it is about. Item 2 names trade once, in
    // passing.
    let outcomes = "# 成果清单\n\n## 一、合作共识\n\n1. 推动贸易发展，促进贸易结构多元化，简化贸易程序;\n2. 加强农业合作，扩大农产品贸易;\n";
    let trade = |report: &str| {
        let links = two_summits(GLOSSARY, outcomes, report);
        (
            commitment(&links, "2023-xian.outcomes.sec_1__item_1").clone(),
            commitment(&links, "2023-xian.outcomes.sec_1__item_2").clone(),
        )
    };
    // "Since the Xi'an summit, bilateral trade has grown by a third": one word in common, but
    // the sentence says it reports from the summit of the commitment.
    for report in [
        "西安峰会以来，双边贸易额实现大幅增长。\n",
        "首届峰会以来，双边贸易额实现大幅增长。\n",
        "西安峰会后，双边贸易额实现大幅增长。\n",
    ] {
        let (item, passing) = trade(report);
        assert_eq!(
            followup_units(&item),
            ["2025-astana/report#para_1"],
            "{report}"
        );
        assert_eq!(item.followups[0].status, Status::Fulfilled);
        assert_eq!(item.followups[0].reason, "实现");
        assert!(
            passing.followups.is_empty(),
            "{report}: {:?}",
            followup_units(&passing)
        );
    }
    // Without the summit it reports from, or from a summit that is not the commitment's, the
    // one word is not enough.
    for report in [
        "双边贸易额实现大幅增长。\n",
        "撒马尔罕峰会以来，双边贸易额实现大幅增长。\n",
        "西安峰会后续工作中，双边贸易额实现大幅增长。\n",
    ] {
        let (item, _) = trade(report);
        assert!(
            item.followups.is_empty(),
            "{report}: {:?}",
            followup_units(&item)
        );
    }
}

#[test]
fn the_entity_rule_holds_in_the_clauses_that_report() {
    let glossary = "terms:
  - { zh: 联合国, en: United Nations, type: organisation }
  - { zh: 世贸组织, en: WTO, type: organisation }
";
    let links = two_summits(
        glossary,
        "# 成果清单\n\n## 一、合作共识\n\n1. 在联合国框架内维护国际体系，捍卫国际公平正义和多边主义;\n",
        "中乌结束加入世贸组织的双边谈判，各方重申维护国际体系，捍卫国际公平正义和多边主义。\n",
    );
    // The sentence names the WTO in its first clause, and the clauses that repeat the
    // commitment name no organisation: they report on it, whatever the sentence said before.
    let un = commitment(&links, "2023-xian.outcomes.sec_1__item_1");
    assert_eq!(followup_units(un), ["2025-astana/report#para_1"]);
    assert_eq!(un.followups[0].status, Status::Reaffirmed);
    assert_eq!(un.followups[0].reason, "重申");
}

/// The links of a site holding one Xi'an document of 19 May 2023, `id` of `kind`.
fn commitments_of_one_document(id: &str, kind: &str, body: &str) -> Links {
    let site = fixture_site(&[
        (
            "content/2023-xian/summit.yaml",
            &summit_yaml("2023-xian", 1, "2023-05-19", "西安", "Xi'an"),
        ),
        (
            &format!("content/2023-xian/{id}.md"),
            &fixture_document(id, "2023-xian", kind, "2023-05-19", body),
        ),
    ]);
    links_of(site.path(), true)
}

#[test]
fn what_a_text_tells_of_an_earlier_day_or_of_the_years_past_commits_no_one() {
    // An article of 19 May 2023. Its first paragraph narrates the ministers' meeting of 27
    // April; the second looks back over ten years; the third commits the parties today.
    let body = "2023年4月27日，外长会晤在西安举行。各方支持中方劝和促谈倡议，主张通过外交手段解决冲突。\n\n10年来，中国同中亚国家携手推动丝绸之路全面复兴，将双方关系带入崭新时代。\n\n峰会期间，各方支持中方劝和促谈倡议，主张通过外交手段解决冲突。\n";
    let links = commitments_of_one_document("article", "article", body);
    let ids: Vec<&str> = links.commitments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["2023-xian.article.para_3"]);
}

#[test]
fn a_view_commits_only_to_what_it_goes_on_to_say_will_be_done() {
    // A declaration: an assessment, a view that takes a stance, a view that says what the
    // parties should do, and a welcome whose object is weighed.
    let body = "一、各方认为，立法机构交往对促进和平、安全与稳定的全球合作具有重要意义。\n\n二、各方一致认为，维护地区安全意义重大，坚决反对干涉他国内政。\n\n三、各方一致认为，应加强互联互通合作。\n\n四、各方高度评价论坛对推动地方合作发挥的积极作用。\n";
    let links = commitments_of_one_document("declaration", "declaration", body);
    let ids: Vec<&str> = links.commitments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "2023-xian.declaration.cl_2__para_1",
            "2023-xian.declaration.cl_3__para_1"
        ]
    );
}

#[test]
fn a_resolve_or_a_position_named_as_a_thing_commits_no_one_and_a_reaffirmation_does() {
    // A declaration: the parties' resolve named as a noun closing the sentence, China's
    // position named as a noun closing a clause, and a reaffirmed principle.
    let body = "一、这彰显了六国深化合作的意志和决心。\n\n二、会议就地区形势阐明中国主张，就务实合作提出中国方案。\n\n三、中亚国家重申恪守一个中国原则。\n";
    let links = commitments_of_one_document("declaration", "declaration", body);
    let ids: Vec<&str> = links.commitments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["2023-xian.declaration.cl_3__para_1"]);
}

#[test]
fn a_sentence_without_a_subject_goes_on_with_the_one_before() {
    // An interview, where a measure commits only someone named. The second sentence of the
    // first answer has no subject and goes on with 我们; that of the second paragraph follows a
    // sentence that names no one, and commits no one.
    let body = "问：合作前景如何？\n\n答：我们的合作不针对任何第三方。将始终站在历史正确一边，共促和平发展。\n\n合作成果丰硕。将进一步扩大规模。\n";
    let links = commitments_of_one_document("interview", "interview", body);
    let ids: Vec<&str> = links.commitments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["2023-xian.interview.a_1__para_1"]);
    assert_eq!(links.commitments[0].actors[0].key, "all");
    assert!(links.commitments[0].zh.contains("将始终站在历史正确一边"));
}

#[test]
fn reviews_reject_add_and_override_and_ignore_reviews_ignores_them() {
    let site = bundled_copy();
    let automatic = links_of(site.path(), true);
    // The first automatic follow-up, whatever it is, is rejected; another is re-statused.
    let mut with = automatic
        .commitments
        .iter()
        .filter(|c| !c.followups.is_empty());
    let rejected = with.next().expect("some follow-up");
    let overridden = with.next().expect("a second follow-up");
    let unit = |c: &Commitment| {
        let u = &c.followups[0].unit;
        format!("{}/{}#{}", u.summit, u.document, u.unit)
    };
    let new_status = if overridden.followups[0].status == Status::Fulfilled {
        "reaffirmed"
    } else {
        "fulfilled"
    };
    let reviews = format!(
        "- commitment: {}\n  followup: {}\n  verdict: rejected\n- commitment: {}\n  followup: {}\n  verdict: confirmed\n  status: {new_status}\n  note: 编辑核实\n- commitment: 2023-xian.outcome-list.sec_1__item_12\n  followup: wang-yi-briefing#sec_3__para_3\n  verdict: added\n",
        rejected.id,
        unit(rejected),
        overridden.id,
        unit(overridden)
    );
    std::fs::write(site.path().join("content/reviews.yaml"), &reviews).unwrap();

    let reviewed = links_of(site.path(), false);
    let r = commitment(&reviewed, rejected.id.as_str());
    assert!(!followup_units(r).contains(&unit(rejected)));
    let o = commitment(&reviewed, overridden.id.as_str());
    let f = o
        .followups
        .iter()
        .find(|f| f.unit == overridden.followups[0].unit)
        .unwrap();
    assert_eq!(f.status.as_str(), new_status);
    assert!(f.reviewed);
    assert_eq!(f.note.as_deref(), Some("编辑核实"));
    let flights = commitment(&reviewed, "2023-xian.outcome-list.sec_1__item_12");
    let added = flights
        .followups
        .iter()
        .find(|f| f.unit.unit.as_str() == "sec_3__para_3")
        .expect("the added follow-up");
    assert!(added.reviewed);
    // Its evidence is a sentence of that unit.
    assert!(!added.evidence.is_empty());
    let briefing = archive()
        .documents
        .iter()
        .find(|d| d.id.as_str() == "wang-yi-briefing")
        .unwrap();
    let unit_text = &briefing
        .units()
        .into_iter()
        .find(|u| u.id.as_str() == "sec_3__para_3")
        .unwrap()
        .zh;
    assert!(unit_text.contains(&added.evidence));
    let total = |l: &Links| {
        l.commitments
            .iter()
            .map(|c| c.followups.len())
            .sum::<usize>()
    };
    let was_added = automatic.commitments.iter().any(|c| {
        c.id == flights.id
            && followup_units(c)
                .iter()
                .any(|u| u.ends_with("#sec_3__para_3"))
    });
    assert_eq!(
        total(&reviewed),
        total(&automatic) - 1 + usize::from(!was_added)
    );
    assert_eq!(
        reviewed.unreviewed,
        total(&reviewed)
            - reviewed
                .commitments
                .iter()
                .flat_map(|c| &c.followups)
                .filter(|f| f.reviewed)
                .count()
    );

    // --ignore-reviews: as if the file were absent.
    let ignored = links_of(site.path(), true);
    assert_eq!(
        serde_json::to_value(&ignored.commitments).unwrap(),
        serde_json::to_value(&automatic.commitments).unwrap()
    );
}

#[test]
fn an_added_follow_up_takes_as_evidence_the_sentence_its_note_quotes() {
    let site = bundled_copy();
    std::fs::write(
        site.path().join("content/reviews.yaml"),
        "- commitment: 2023-xian.outcome-list.sec_1__item_6\n  followup: 2025-astana/wang-yi-briefing#sec_2__para_3\n  verdict: added\n  note: 双边贸易额实现35%的大幅增长：已超过目标。\n",
    )
    .unwrap();
    let links = links_of(site.path(), false);
    let trade = commitment(&links, "2023-xian.outcome-list.sec_1__item_6");
    let added = trade
        .followups
        .iter()
        .find(|f| f.unit.unit.as_str() == "sec_2__para_3")
        .expect("the added follow-up");
    // The briefing's second sentence of the paragraph, as printed.
    assert_eq!(
        added.evidence,
        "西安峰会以来，双边贸易额实现35%的大幅增长，去年达到948亿美元的历史新高。"
    );
    assert!(added.reviewed);
}

#[test]
fn a_review_pointing_at_nothing_is_an_error_at_its_place() {
    let site = bundled_copy();
    let reviews = "# reviews\n- commitment: 2023-xian.outcome-list.sec_1__item_3\n  followup: wang-yi-briefing#para_99\n  verdict: confirmed\n- commitment: 2023-xian.outcome-list.sec_9__item_1\n  followup: wang-yi-briefing#para_1\n  verdict: added\n";
    std::fs::write(site.path().join("content/reviews.yaml"), reviews).unwrap();
    let Err(BuildError::Content(report)) = check_site_with(site.path(), &Options::default()) else {
        panic!("a bad review must fail the check");
    };
    let lines: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.path == "content/reviews.yaml")
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        lines,
        [
            "content/reviews.yaml:3:13: error: followup `wang-yi-briefing#para_99`: 2025-astana/wang-yi-briefing has no unit `para_99`",
            "content/reviews.yaml:5:15: error: no commitment `2023-xian.outcome-list.sec_9__item_1`: use an id as in data/commitments.json (`summit.document.unit`)",
        ]
    );
    // The same file is not read with --ignore-reviews.
    assert!(
        check_site_with(
            site.path(),
            &Options {
                ignore_reviews: true,
                ..Options::default()
            }
        )
        .is_ok()
    );
    // The command line prints the problem the same way.
    let output = run(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", out(&output));
    assert!(
        stderr(&output).contains("content/reviews.yaml:3:13: error:"),
        "{}",
        stderr(&output)
    );
    let output = run(site.path(), &["check", "--ignore-reviews"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        out(&output).contains("automatic follow-ups"),
        "{}",
        out(&output)
    );
}

#[test]
fn the_exports_parse_point_at_real_units_and_round_trip() {
    let out = built();
    let text = std::fs::read_to_string(out.join("data/commitments.json")).unwrap();
    let commitments: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(!commitments.is_empty());
    let mut units = std::collections::BTreeSet::new();
    for doc in documents_json() {
        for u in doc["units"].as_array().unwrap() {
            units.insert(format!(
                "{}/{}#{}",
                doc["summit"].as_str().unwrap(),
                doc["id"].as_str().unwrap(),
                u["id"].as_str().unwrap()
            ));
        }
    }
    let mut rows = 0;
    for c in &commitments {
        for key in [
            "id",
            "summit",
            "sources",
            "zh",
            "en",
            "actors",
            "topics",
            "entities",
            "followups",
        ] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
        let summit = c["summit"].as_str().unwrap();
        for s in c["sources"].as_array().unwrap() {
            let key = format!(
                "{summit}/{}#{}",
                s["document"].as_str().unwrap(),
                s["unit"].as_str().unwrap()
            );
            assert!(units.contains(&key), "{key}");
            let url = s["url"].as_str().unwrap();
            assert_eq!(
                url,
                format!(
                    "zh/{summit}/{}/#{}",
                    s["document"].as_str().unwrap(),
                    s["unit"].as_str().unwrap()
                )
            );
            let page = out.join(url.split('#').next().unwrap()).join("index.html");
            assert!(page.is_file(), "{}", page.display());
        }
        let followups = c["followups"].as_array().unwrap();
        for f in followups {
            let key = format!(
                "{}/{}#{}",
                f["summit"].as_str().unwrap(),
                f["document"].as_str().unwrap(),
                f["unit"].as_str().unwrap()
            );
            assert!(units.contains(&key), "{key}");
            for field in ["url", "status", "reason", "evidence", "reviewed"] {
                assert!(f.get(field).is_some(), "{field} missing in {f}");
            }
        }
        rows += followups.len().max(1);
    }

    let bytes = std::fs::read(out.join("data/commitments.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 with a byte-order mark"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(&header[..3], ["id", "summit", "sources"]);
    assert!(header.contains(&"status".to_string()) && header.contains(&"evidence".to_string()));
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), rows);
    // Round trip: the Chinese of each row is the commitment's, exactly.
    let zh = header.iter().position(|h| h == "zh").unwrap();
    let by_id: std::collections::BTreeMap<&str, &str> = commitments
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["zh"].as_str().unwrap()))
        .collect();
    for r in &records {
        assert_eq!(by_id[&r[0]], &r[zh]);
    }
}
