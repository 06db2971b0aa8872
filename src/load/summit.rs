//! Summit metadata: one `summit.yaml` a summit folder.

use crate::diag::Diagnostic;
use crate::model::{Bilingual, Leader, Summit, SummitId};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SummitFile {
    id: String,
    number: u32,
    name: Bilingual,
    start: String,
    end: String,
    city: Bilingual,
    host: Bilingual,
    leaders: Vec<Leader>,
}

/// Parses one `summit.yaml`.
pub fn parse_summit(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Summit> {
    let file: SummitFile = match super::front_matter::parse_yaml(path, text, 1) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let at = |key: &str| {
        text.lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .map_or((1, 1), |i| (i + 1, key.chars().count() + 3))
    };
    let mut ok = true;
    if !super::is_slug(&file.id) {
        let (l, c) = at("id");
        diags.push(Diagnostic::error(
            path,
            l,
            c,
            format!("summit id `{}` must be lowercase letters, digits and dashes (it becomes a page path)", file.id),
        ));
        ok = false;
    }
    // The folder is the summit's address in the source tree, the id its address on the site:
    // they must agree, or a maintainer looking for one finds the other.
    let folder = path
        .strip_prefix("content/")
        .and_then(|p| p.strip_suffix("/summit.yaml"))
        .unwrap_or("");
    if ok && folder != file.id {
        let (l, c) = at("id");
        diags.push(Diagnostic::error(
            path,
            l,
            c,
            format!(
                "summit id `{}` is not the name of its folder `{folder}`: a summit's folder is content/<summit id>/; rename one of the two",
                file.id
            ),
        ));
        ok = false;
    }
    for key in ["start", "end"] {
        let value = if key == "start" {
            &file.start
        } else {
            &file.end
        };
        if !super::is_date(value) {
            let (l, c) = at(key);
            diags.push(Diagnostic::error(
                path,
                l,
                c,
                format!("{key} `{value}` is not a YYYY-MM-DD date"),
            ));
            ok = false;
        }
    }
    if file.end < file.start {
        let (l, c) = at("end");
        diags.push(Diagnostic::error(
            path,
            l,
            c,
            "the summit ends before it starts",
        ));
        ok = false;
    }
    ok.then(|| Summit {
        id: SummitId::from(file.id),
        number: file.number,
        name: file.name,
        start: file.start,
        end: file.end,
        city: file.city,
        host: file.host,
        leaders: file.leaders,
        path: path.to_string(),
    })
}

/// Orders summits by number and reports ids or numbers used twice.
pub fn check_summits(summits: &mut Vec<Summit>, diags: &mut Vec<Diagnostic>) {
    summits.sort_by(|a, b| (a.number, &a.id).cmp(&(b.number, &b.id)));
    let mut kept: Vec<Summit> = Vec::new();
    for s in summits.drain(..) {
        if let Some(first) = kept.iter().find(|k| k.id == s.id || k.number == s.number) {
            let what = if first.id == s.id { "id" } else { "number" };
            diags.push(Diagnostic::error(
                &s.path,
                1,
                1,
                format!("duplicate summit {what}: {} has it already", first.path),
            ));
            continue;
        }
        kept.push(s);
    }
    *summits = kept;
}
