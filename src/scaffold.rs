//! `new`: scaffolding for maintainers. A new summit gets its `summit.yaml`; a new document gets
//! its front matter and the lines of its source text pasted verbatim, with the title, subtitle,
//! byline, speaker, dateline and completeness read off the pasted lines by the same rules the
//! loader uses, and a report of what was read and what to check.

use crate::load::{is_date, is_slug};
use crate::model::DocumentKind;
use crate::text::numeral;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}: already exists; `new` never overwrites a file")]
    Exists(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn invalid(message: impl Into<String>) -> ScaffoldError {
    ScaffoldError::Invalid(message.into())
}

/// What a new summit needs.
#[derive(Debug, Clone)]
pub struct NewSummit {
    pub id: String,
    /// Defaults to one more than the highest summit number in the archive.
    pub number: Option<u32>,
    pub start: String,
    pub end: Option<String>,
    pub city_zh: String,
    pub city_en: String,
    pub host_zh: String,
    pub host_en: String,
}

/// What a new document needs.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub summit: String,
    pub id: String,
    pub kind: DocumentKind,
    pub date: String,
    /// Defaults to the first pasted line.
    pub title: Option<String>,
    /// The file of `content/sources/` the text is pasted from, and the lines of it to paste
    /// (the whole file by default).
    pub source: String,
    pub lines: Option<[usize; 2]>,
}

/// A file to create: its path relative to the site root, and its text.
pub type NewFile = (String, String);

fn ordinal_en(n: u32) -> String {
    const WORDS: [&str; 10] = [
        "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth",
        "Tenth",
    ];
    match WORDS.get(n as usize - 1) {
        Some(w) if n >= 1 => w.to_string(),
        _ => format!("{n}th"),
    }
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// The `summit.yaml` of a new summit. The leaders are copied from the latest summit for the
/// maintainer to check.
pub fn new_summit(root: &Path, spec: &NewSummit) -> Result<NewFile, ScaffoldError> {
    if !is_slug(&spec.id) {
        return Err(invalid(format!(
            "summit id `{}` must be lowercase letters, digits and dashes, such as 2027-beijing",
            spec.id
        )));
    }
    let end = spec.end.clone().unwrap_or_else(|| spec.start.clone());
    for date in [&spec.start, &end] {
        if !is_date(date) {
            return Err(invalid(format!("`{date}` is not a YYYY-MM-DD date")));
        }
    }
    if end < spec.start {
        return Err(invalid("the summit ends before it starts"));
    }
    let archive = crate::load::load_archive(root).map_err(|e| invalid(e.to_string()))?;
    let number = spec
        .number
        .unwrap_or_else(|| archive.summits.iter().map(|s| s.number).max().unwrap_or(0) + 1);
    if number == 0 {
        return Err(invalid("summit numbers start at 1"));
    }
    let mut text = format!(
        "# The {ordinal} China–Central Asia Summit.\nid: {id}\nnumber: {number}\nname:\n  zh: 第{cn}届中国—中亚峰会\n  en: {ordinal} China–Central Asia Summit\nstart: {start}\nend: {end}\ncity:\n  zh: {city_zh}\n  en: {city_en}\nhost:\n  zh: {host_zh}\n  en: {host_en}\n",
        ordinal = ordinal_en(number),
        id = spec.id,
        cn = numeral(number),
        start = spec.start,
        city_zh = yaml_string(&spec.city_zh),
        city_en = yaml_string(&spec.city_en),
        host_zh = yaml_string(&spec.host_zh),
        host_en = yaml_string(&spec.host_en),
    );
    match archive.summits.last() {
        Some(latest) => {
            text.push_str(&format!(
                "# The heads of state of {}: check them against the texts.\nleaders:\n",
                latest.id
            ));
            for l in &latest.leaders {
                text.push_str(&format!(
                    "  - name: {{ zh: {}, en: {} }}\n    title: {{ zh: {}, en: {} }}\n    country: {{ zh: {}, en: {} }}\n",
                    yaml_string(&l.name.zh),
                    yaml_string(&l.name.en),
                    yaml_string(&l.title.zh),
                    yaml_string(&l.title.en),
                    yaml_string(&l.country.zh),
                    yaml_string(&l.country.en)
                ));
            }
        }
        None => text.push_str("leaders: []\n"),
    }
    Ok((format!("content/{}/summit.yaml", spec.id), text))
}

fn excerpt(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// A new document's file, with what was read off the pasted lines and what the maintainer
/// should check, one line each, for printing.
#[derive(Debug, Clone)]
pub struct NewDocumentFile {
    pub file: NewFile,
    pub report: Vec<String>,
}

/// What `new document` reads off the pasted lines, each with its line in the source.
#[derive(Debug, Default)]
struct Detected {
    title: Option<(String, usize)>,
    subtitle: Option<(String, usize)>,
    byline: Option<(String, usize)>,
    speaker: Option<(String, String, usize)>,
    dateline: Option<(crate::text::DatelineAt, usize)>,
    markers: Vec<(String, usize)>,
    /// The line on which the text stops mid-sentence.
    stops_at: Option<usize>,
}

/// Reads the printed header, dateline, markers and completeness off `lines`, the first of
/// which is line `first` of the source.
fn detect(lines: &[&str], first: usize, title: Option<&str>) -> Result<Detected, String> {
    use crate::text::{
        dateline_in, ends_complete, is_bracketed_date, is_byline, is_heading_like, is_salutation,
        marker_first, marker_last, not_a_title, speaker_in,
    };
    let printed: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                first + i,
                l.trim().trim_start_matches(['#', '-', '*', ' ', '\t']),
            )
        })
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| (n, l.trim()))
        .collect();
    let Some(&(first_line, first_text)) = printed.first() else {
        return Err("the pasted lines are blank".to_string());
    };
    let mut found = Detected::default();
    let mut rest = &printed[..];
    match title {
        Some(t) if t.trim() == first_text => {
            found.title = Some((t.trim().to_string(), first_line));
            rest = &rest[1..];
        }
        Some(_) => {}
        None => match not_a_title(first_text) {
            None => {
                found.title = Some((first_text.to_string(), first_line));
                rest = &rest[1..];
            }
            Some(what) => {
                return Err(format!(
                    "the first pasted line (line {first_line}: `{}`) is {what}, not a title: give the title with --title (it is then shown as editorial), or make --lines start at the printed title",
                    excerpt(first_text, 30)
                ));
            }
        },
    }
    if found.title.is_some()
        && let Some(&(n, l)) = rest.first()
        && l.starts_with("——")
    {
        found.subtitle = Some((l.to_string(), n));
        rest = &rest[1..];
    }
    if found.title.is_some()
        && let Some(&(n, l)) = rest.first()
        && is_byline(l)
        && dateline_in(l).is_none()
    {
        found.byline = Some((l.to_string(), n));
        rest = &rest[1..];
    }
    // The lines heading the text: a date in brackets, the speaker line, the salutation.
    for &(n, l) in rest {
        if let Some(s) = speaker_in(l) {
            if s.whole && found.speaker.is_none() {
                found.speaker = Some((s.name, l.to_string(), n));
            }
        } else if !(is_heading_like(l) || is_bracketed_date(l) || is_salutation(l)) {
            break;
        }
    }
    found.dateline = printed
        .iter()
        .find_map(|&(n, l)| dateline_in(l).map(|d| (d, n)));
    for &(n, l) in &printed {
        for m in [marker_first(l), marker_last(l)].into_iter().flatten() {
            found.markers.push((m.marker, n));
        }
    }
    if let Some(&(n, l)) = printed.last() {
        // A closing marker or bracketed dateline is not where the text stops.
        let mut end = l.to_string();
        if let Some(m) = marker_last(&end) {
            end.truncate(m.range.start);
        }
        if let Some(d) = dateline_in(&end).filter(|d| d.range.start > 0) {
            end.truncate(d.range.start);
        }
        if !end.trim().is_empty() && !ends_complete(&end) && speaker_in(&end).is_none() {
            found.stops_at = Some(n);
        }
    }
    Ok(found)
}

/// The `.md` file of a new document, and what was read off its text.
pub fn new_document(root: &Path, spec: &NewDocument) -> Result<NewDocumentFile, ScaffoldError> {
    if !is_slug(&spec.id) {
        return Err(invalid(format!(
            "document id `{}` must be lowercase letters, digits and dashes",
            spec.id
        )));
    }
    if !is_date(&spec.date) {
        return Err(invalid(format!("`{}` is not a YYYY-MM-DD date", spec.date)));
    }
    let summit_file = root.join("content").join(&spec.summit).join("summit.yaml");
    if !is_slug(&spec.summit) || !summit_file.is_file() {
        return Err(invalid(format!(
            "no summit `{}`: create it first with `new summit`",
            spec.summit
        )));
    }
    let source = &spec.source;
    if source.contains(['/', '\\']) || source.starts_with('.') {
        return Err(invalid("--source is a file name in content/sources/"));
    }
    let path = root.join("content/sources").join(source);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        invalid(format!(
            "content/sources/{source}: {e} (save the text as received there first)"
        ))
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n");
    let lines: Vec<&str> = text.lines().collect();
    let [first, last] = spec.lines.unwrap_or([1, lines.len()]);
    if first == 0 || last < first || last > lines.len() {
        return Err(invalid(format!(
            "--lines {first}-{last} is outside content/sources/{source}, which has {} lines",
            lines.len()
        )));
    }
    let pasted: Vec<&str> = lines[first - 1..last].to_vec();
    let mut body = pasted.join("\n");
    body.push('\n');
    let found = detect(&pasted, first, spec.title.as_deref())
        .map_err(|e| invalid(format!("content/sources/{source}: {e}")))?;
    let (title, title_printed) = match (&spec.title, &found.title) {
        (_, Some((t, _))) => (t.clone(), true),
        (Some(t), None) => (t.trim().to_string(), false),
        // detect gives a title or an error when none is given.
        (None, None) => return Err(invalid("the pasted lines hold no title: give --title")),
    };
    let completeness = match spec.kind {
        DocumentKind::Fragment => Some("fragment"),
        _ if found.stops_at.is_some() => Some("incomplete"),
        _ => None,
    };

    let mut fm = vec![
        "---".to_string(),
        format!("id: {}", spec.id),
        format!("summit: {}", spec.summit),
        format!("kind: {}", spec.kind.as_str()),
        format!("title: {}", yaml_string(&title)),
    ];
    if !title_printed {
        fm.push("title_printed: false".to_string());
    }
    if let Some((s, _)) = &found.subtitle {
        fm.push(format!("subtitle: {}", yaml_string(s)));
    }
    if let Some((s, _)) = &found.byline {
        fm.push(format!("byline: {}", yaml_string(s)));
    }
    fm.push(format!("date: {}", spec.date));
    if let Some((d, _)) = &found.dateline {
        fm.push(format!("dateline: {}", yaml_string(&d.dateline)));
    }
    if let Some((name, _, _)) = &found.speaker {
        fm.push(format!("speaker: {}", yaml_string(name)));
    }
    if let Some(c) = completeness {
        fm.push(format!("completeness: {c}"));
    }
    fm.push(format!("source: {}", yaml_string(source)));
    fm.push(format!("source_lines: [{first}, {last}]"));
    fm.push("---".to_string());
    let mut text = fm.join("\n");
    text.push('\n');
    text.push_str(&body);
    let report = describe(spec, &found, &title, title_printed, completeness);
    Ok(NewDocumentFile {
        file: (format!("content/{}/{}.md", spec.summit, spec.id), text),
        report,
    })
}

/// What `new document` read off the text, and what the maintainer should check.
fn describe(
    spec: &NewDocument,
    found: &Detected,
    title: &str,
    title_printed: bool,
    completeness: Option<&str>,
) -> Vec<String> {
    let at = |line: usize| format!("line {line} of {}", spec.source);
    let none = "none found".to_string();
    let mut out = vec!["read off the pasted text:".to_string()];
    out.push(match &found.title {
        Some((t, n)) => format!("  title:        {t} ({})", at(*n)),
        None => format!("  title:        {title} (editorial: title_printed: false)"),
    });
    out.push(match &found.subtitle {
        Some((s, n)) => format!("  subtitle:     {s} ({})", at(*n)),
        None => format!("  subtitle:     {none}"),
    });
    out.push(match (&found.byline, &found.dateline, &found.speaker) {
        (Some((b, n)), _, _) => format!("  byline:       {b} ({})", at(*n)),
        (None, Some((d, n)), _) if d.byline.is_some() => format!(
            "  byline:       {} (printed with the dateline, {}; the loader sets it apart)",
            d.byline.as_deref().unwrap_or_default(),
            at(*n)
        ),
        (None, _, Some((_, line, n))) => format!(
            "  byline:       {line} (the speaker line, {}; the loader sets it apart)",
            at(*n)
        ),
        _ => format!("  byline:       {none}"),
    });
    out.push(match &found.speaker {
        Some((name, line, n)) => format!("  speaker:      {name} (from `{line}`, {})", at(*n)),
        None => format!("  speaker:      {none}"),
    });
    out.push(match &found.dateline {
        Some((d, n)) => format!("  dateline:     {} ({})", d.dateline, at(*n)),
        None => format!("  dateline:     {none}"),
    });
    if !found.markers.is_empty() {
        let list: Vec<String> = found
            .markers
            .iter()
            .map(|(m, n)| format!("{m} ({})", at(*n)))
            .collect();
        out.push(format!("  page markers: {}", list.join(", ")));
    }
    out.push(match (completeness, found.stops_at) {
        (Some("fragment"), _) => "  completeness: fragment (the kind)".to_string(),
        (Some(c), Some(n)) => format!(
            "  completeness: {c} (the text stops mid-sentence at {})",
            at(n)
        ),
        _ => "  completeness: complete (the last line ends a sentence)".to_string(),
    });
    out.push("check:".to_string());
    if title_printed {
        out.push(
            "  - the title (and subtitle) are the printed ones; --title gives another".to_string(),
        );
    } else {
        out.push("  - the editorial title; the body's first line is not a title".to_string());
    }
    match (&found.speaker, spec.kind) {
        (Some(_), _) => out
            .push("  - `speaker:` is who speaks; the speaker line becomes the byline".to_string()),
        (None, DocumentKind::Speech) => out.push(
            "  - no speaker line was found: add `speaker:` for the person who speaks".to_string(),
        ),
        _ => {}
    }
    if found.dateline.is_none() && spec.kind != DocumentKind::Speech {
        out.push("  - no dateline was found: add `dateline:` if the text prints one".to_string());
    }
    if !found.markers.is_empty() {
        out.push(
            "  - the text runs across pages: paste every part, or set `completeness:`".to_string(),
        );
    }
    if found.stops_at.is_some() {
        out.push(
            "  - the source stops mid-sentence: check that the text is not cut short".to_string(),
        );
    }
    out.push(
        "  - run `check --report`: it lists every line join and every line set apart".to_string(),
    );
    out
}

/// A file `new` made: its path relative to the site root, and what was read off the pasted
/// lines and what to check, one line each (none for a summit).
#[derive(Debug, Clone)]
pub struct Created {
    pub path: String,
    pub report: Vec<String>,
}

/// Writes the `summit.yaml` of a new summit under `root`, refusing to overwrite.
pub fn add_summit(root: &Path, spec: &NewSummit) -> Result<Created, ScaffoldError> {
    let file = new_summit(root, spec)?;
    create(root, &file)?;
    Ok(Created {
        path: file.0,
        report: Vec::new(),
    })
}

/// Writes a new document's file under `root`, refusing to overwrite.
pub fn add_document(root: &Path, spec: &NewDocument) -> Result<Created, ScaffoldError> {
    let new = new_document(root, spec)?;
    create(root, &new.file)?;
    Ok(Created {
        path: new.file.0,
        report: new.report,
    })
}

/// Writes `file` under `root`, refusing to overwrite.
pub fn create(root: &Path, file: &NewFile) -> Result<PathBuf, ScaffoldError> {
    let path = root.join(&file.0);
    if path.exists() {
        return Err(ScaffoldError::Exists(file.0.clone()));
    }
    let io = |source| ScaffoldError::Io {
        path: file.0.clone(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(&path, &file.1).map_err(io)?;
    Ok(path)
}
