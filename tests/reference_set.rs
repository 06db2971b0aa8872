//! The linker's reference set (`tests/reference/links.yaml`) is sound: it parses, every unit it
//! names exists in the bundled archive, links run from an earlier summit to a later one, the
//! quoted evidence is printed in the follow-up unit, and no pair is both a link and a negative.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use summit_archive::load::{Archive, load_archive};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reference {
    links: Vec<Link>,
    negatives: Vec<Pair>,
    same_commitment: Vec<Vec<String>>,
    not_commitments: Vec<String>,
    #[serde(default)]
    ambiguous: Vec<Pair>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Link {
    commitment: String,
    followup: String,
    status: String,
    why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    commitment: String,
    unit: String,
    why: String,
}

fn reference() -> Reference {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/links.yaml");
    let text = std::fs::read_to_string(path).expect("tests/reference/links.yaml is readable");
    serde_yaml::from_str(&text).expect("tests/reference/links.yaml parses")
}

fn archive() -> Archive {
    load_archive(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).expect("bundled content loads")
}

/// What an address names in the archive: the summit's number and the unit's Chinese text.
struct Target {
    summit: String,
    number: u32,
    document: String,
    zh: String,
}

/// Every unit of the archive by address `<summit>/<document>#<unit>`.
fn index(archive: &Archive) -> BTreeMap<String, Target> {
    let mut units = BTreeMap::new();
    for document in &archive.documents {
        let number = archive
            .summit(&document.summit)
            .map(|s| s.number)
            .expect("every document's summit is loaded");
        for unit in document.units() {
            let address = format!("{}/{}#{}", document.summit, document.id, unit.id);
            units.insert(
                address,
                Target {
                    summit: document.summit.to_string(),
                    number,
                    document: document.id.to_string(),
                    zh: unit.zh.clone(),
                },
            );
        }
    }
    units
}

fn every_address(reference: &Reference) -> Vec<&str> {
    let mut all: Vec<&str> = Vec::new();
    for link in &reference.links {
        all.extend([link.commitment.as_str(), link.followup.as_str()]);
    }
    for pair in reference.negatives.iter().chain(&reference.ambiguous) {
        all.extend([pair.commitment.as_str(), pair.unit.as_str()]);
    }
    all.extend(
        reference
            .same_commitment
            .iter()
            .flatten()
            .map(String::as_str),
    );
    all.extend(reference.not_commitments.iter().map(String::as_str));
    all
}

#[test]
fn every_address_names_a_unit_of_the_archive() {
    let reference = reference();
    let units = index(&archive());
    let missing: Vec<&str> = every_address(&reference)
        .into_iter()
        .filter(|a| !units.contains_key(*a))
        .collect();
    assert!(missing.is_empty(), "addresses naming nothing: {missing:?}");
}

#[test]
fn links_and_negatives_run_from_an_earlier_summit_to_a_later_one() {
    let reference = reference();
    let units = index(&archive());
    let pairs = reference
        .links
        .iter()
        .map(|l| (&l.commitment, &l.followup))
        .chain(reference.negatives.iter().map(|p| (&p.commitment, &p.unit)))
        .chain(reference.ambiguous.iter().map(|p| (&p.commitment, &p.unit)));
    for (commitment, later) in pairs {
        let (c, l) = (&units[commitment], &units[later]);
        assert!(
            c.number < l.number,
            "{commitment} -> {later}: not from an earlier summit to a later one"
        );
    }
}

#[test]
fn statuses_are_the_three_of_the_issue_and_reasons_are_given() {
    let reference = reference();
    for link in &reference.links {
        assert!(
            ["fulfilled", "in_progress", "reaffirmed"].contains(&link.status.as_str()),
            "{} -> {}: unknown status {}",
            link.commitment,
            link.followup,
            link.status
        );
    }
    for pair in reference.negatives.iter().chain(&reference.ambiguous) {
        assert!(
            !pair.why.trim().is_empty(),
            "{} / {}: no reason given",
            pair.commitment,
            pair.unit
        );
    }
}

/// The evidence is quoted as printed: each piece between elisions (……) occurs in the follow-up.
#[test]
fn the_evidence_of_each_link_is_printed_in_its_followup() {
    let reference = reference();
    let units = index(&archive());
    for link in &reference.links {
        let zh = &units[&link.followup].zh;
        for piece in link.why.split("……").filter(|p| !p.is_empty()) {
            assert!(
                zh.contains(piece),
                "{} -> {}: {piece:?} is not in the follow-up's text",
                link.commitment,
                link.followup
            );
        }
    }
}

#[test]
fn groups_hold_units_of_one_summit_from_more_than_one_document() {
    let reference = reference();
    let units = index(&archive());
    for group in &reference.same_commitment {
        assert!(group.len() >= 2, "a group of one: {group:?}");
        let summits: BTreeSet<&str> = group.iter().map(|a| units[a].summit.as_str()).collect();
        assert_eq!(summits.len(), 1, "a group across summits: {group:?}");
        let documents: BTreeSet<&str> = group.iter().map(|a| units[a].document.as_str()).collect();
        assert!(
            documents.len() >= 2,
            "a group within one document: {group:?}"
        );
        let distinct: BTreeSet<&String> = group.iter().collect();
        assert_eq!(distinct.len(), group.len(), "a unit twice in {group:?}");
    }
}

/// The commitments a unit names: its own, and each group it belongs to (one step, not merged
/// further through a unit that states several commitments).
fn same_as<'a>(reference: &'a Reference, unit: &'a str) -> BTreeSet<&'a str> {
    let mut same: BTreeSet<&str> = BTreeSet::from([unit]);
    for group in &reference.same_commitment {
        if group.iter().any(|a| a == unit) {
            same.extend(group.iter().map(String::as_str));
        }
    }
    same
}

#[test]
fn no_pair_is_both_a_link_and_a_negative_or_ambiguous() {
    let reference = reference();
    let mut seen = BTreeSet::new();
    for link in &reference.links {
        assert!(
            seen.insert((&link.commitment, &link.followup)),
            "link listed twice: {} -> {}",
            link.commitment,
            link.followup
        );
    }
    for pair in reference.negatives.iter().chain(&reference.ambiguous) {
        let same = same_as(&reference, &pair.commitment);
        for link in &reference.links {
            assert!(
                !(link.followup == pair.unit && same.contains(link.commitment.as_str())),
                "{} / {}: contradicts the link {} -> {}",
                pair.commitment,
                pair.unit,
                link.commitment,
                link.followup
            );
        }
    }
    let mut listed = BTreeSet::new();
    for pair in reference.negatives.iter().chain(&reference.ambiguous) {
        assert!(
            listed.insert((&pair.commitment, &pair.unit)),
            "pair listed twice: {} / {}",
            pair.commitment,
            pair.unit
        );
    }
}

/// Two links to one follow-up from units stating one commitment give it one status.
#[test]
fn one_commitment_has_one_status_per_followup() {
    let reference = reference();
    for a in &reference.links {
        let same = same_as(&reference, &a.commitment);
        for b in &reference.links {
            if a.followup == b.followup && same.contains(b.commitment.as_str()) {
                assert_eq!(
                    a.status, b.status,
                    "{} and {} -> {}: two statuses for one commitment",
                    a.commitment, b.commitment, a.followup
                );
            }
        }
    }
}

#[test]
fn not_commitments_are_not_named_as_commitments() {
    let reference = reference();
    let named: BTreeSet<&str> = reference
        .links
        .iter()
        .map(|l| l.commitment.as_str())
        .chain(reference.negatives.iter().map(|p| p.commitment.as_str()))
        .chain(
            reference
                .same_commitment
                .iter()
                .flatten()
                .map(String::as_str),
        )
        .collect();
    for unit in &reference.not_commitments {
        assert!(!named.contains(unit.as_str()), "{unit} is listed as both");
    }
}

#[test]
fn the_set_is_large_enough_to_measure_with() {
    let reference = reference();
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    for link in &reference.links {
        *statuses.entry(link.status.as_str()).or_default() += 1;
    }
    println!(
        "reference set: {} links {statuses:?}, {} negatives, {} same-commitment groups, \
         {} not-commitments, {} ambiguous",
        reference.links.len(),
        reference.negatives.len(),
        reference.same_commitment.len(),
        reference.not_commitments.len(),
        reference.ambiguous.len()
    );
    assert_eq!(statuses.len(), 3, "every status has examples");
    assert!(
        reference.negatives.len() >= 25,
        "at least 25 hard negatives"
    );
    assert!(reference.links.len() >= 25, "at least 25 links");
}

/// A commitment as the addresses of its sources, with its follow-ups (address, status).
type Found = (BTreeSet<String>, Vec<(String, String)>);

/// The linker, run on the bundled archive with the editors' reviews ignored, against the set:
/// precision and recall of its follow-ups, the share of found links with the reference status,
/// and how many units that commit no one it takes for commitments. The figures are printed.
#[test]
fn the_linker_on_its_own_meets_the_reference_set() {
    use summit_archive::link::{LinkOptions, link_commitments};
    use summit_archive::segment::Segmenter;
    let reference = reference();
    let archive = archive();
    let segmenter = Segmenter::new(&archive.glossary);
    let options = LinkOptions {
        ignore_reviews: true,
    };
    let (links, _) = link_commitments(&archive, &segmenter, &options);
    let address =
        |u: &summit_archive::model::UnitRef| format!("{}/{}#{}", u.summit, u.document, u.unit);
    // Each commitment as the set of its source addresses, with its follow-ups.
    let found: Vec<Found> = links
        .commitments
        .iter()
        .map(|c| {
            let sources = c.sources.iter().map(address).collect();
            let followups = c
                .followups
                .iter()
                .map(|f| (address(&f.unit), format!("{:?}", f.status)))
                .collect();
            (sources, followups)
        })
        .collect();
    let names = |sources: &BTreeSet<String>, unit: &str| {
        same_as(&reference, unit)
            .iter()
            .any(|u| sources.contains(*u))
    };
    let snake = |status: &str| match status {
        "Fulfilled" => "fulfilled",
        "InProgress" => "in_progress",
        _ => "reaffirmed",
    };

    let (mut right, mut wrong, mut unsure) = (0, 0, 0);
    let mut false_links = Vec::new();
    for (sources, followups) in &found {
        for (unit, _) in followups {
            if reference
                .links
                .iter()
                .any(|l| &l.followup == unit && names(sources, &l.commitment))
            {
                right += 1;
            } else if reference
                .ambiguous
                .iter()
                .any(|p| &p.unit == unit && names(sources, &p.commitment))
            {
                unsure += 1;
            } else {
                wrong += 1;
                false_links.push(format!("{} -> {unit}", sources.first().unwrap()));
            }
        }
    }
    let (mut recalled, mut status_right) = (0, 0);
    let mut missed = Vec::new();
    let mut misjudged = Vec::new();
    for link in &reference.links {
        let hit = found.iter().find_map(|(sources, followups)| {
            followups
                .iter()
                .find(|(unit, _)| unit == &link.followup && names(sources, &link.commitment))
        });
        match hit {
            Some((_, status)) => {
                recalled += 1;
                if snake(status) == link.status {
                    status_right += 1;
                } else {
                    misjudged.push(format!(
                        "{} -> {}: {} (reference {})",
                        link.commitment,
                        link.followup,
                        snake(status),
                        link.status
                    ));
                }
            }
            None => missed.push(format!("{} -> {}", link.commitment, link.followup)),
        }
    }
    let sources: BTreeSet<&String> = found.iter().flat_map(|(s, _)| s).collect();
    let taken: Vec<&String> = reference
        .not_commitments
        .iter()
        .filter(|u| sources.contains(u))
        .collect();

    let precision = right as f64 / (right + wrong).max(1) as f64;
    let recall = recalled as f64 / reference.links.len() as f64;
    let status = status_right as f64 / recalled.max(1) as f64;
    println!(
        "linker vs reference: precision {precision:.2} ({right}/{}), recall {recall:.2} \
         ({recalled}/{}), status accuracy {status:.2} ({status_right}/{recalled}), {unsure} \
         ambiguous, {} of {} not-commitments taken as commitments",
        right + wrong,
        reference.links.len(),
        taken.len(),
        reference.not_commitments.len()
    );
    println!("false links: {false_links:#?}");
    println!("missed: {missed:#?}");
    println!("status unlike the reference: {misjudged:#?}");
    println!("not-commitments taken: {taken:#?}");
    // The bar: precision 0.90, recall 0.85, status accuracy 0.85.
    assert!(precision >= 0.90, "precision {precision:.2}");
    assert!(recall >= 0.85, "recall {recall:.2}");
    assert!(status >= 0.85, "status accuracy {status:.2}");
    assert!(taken.len() <= 4, "{} not-commitments taken", taken.len());
}
