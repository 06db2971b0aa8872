//! `new`: scaffolding for maintainers. A new summit gets its `summit.yaml`; a new document gets
//! its front matter and the lines of its source text pasted verbatim, with the title, subtitle
//! and dateline read off the pasted lines.

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

static DATELINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^[（(]?\s*([^\s（()）]{2,12}?[0-9]{1,2}月[0-9]{1,2}日电)")
        .expect("constant pattern")
});

/// The `.md` file of a new document.
pub fn new_document(root: &Path, spec: &NewDocument) -> Result<NewFile, ScaffoldError> {
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
    let mut printed = pasted.iter().map(|l| l.trim()).filter(|l| !l.is_empty());
    let first_line = printed
        .next()
        .map(|l| l.trim_start_matches(['#', ' ']).to_string());
    let second_line = printed.next().map(str::to_string);
    let title = match (&spec.title, &first_line) {
        (Some(t), _) => t.clone(),
        (None, Some(line)) => line.clone(),
        (None, None) => return Err(invalid("the pasted lines are blank")),
    };
    let title_printed = first_line.as_deref() == Some(title.as_str());
    let subtitle = second_line.filter(|l| title_printed && l.starts_with("——"));
    let dateline = pasted.iter().find_map(|l| {
        DATELINE
            .captures(l.trim_start_matches(['-', ' ']))
            .map(|c| c[1].to_string())
    });

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
    if let Some(s) = &subtitle {
        fm.push(format!("subtitle: {}", yaml_string(s)));
    }
    fm.push(format!("date: {}", spec.date));
    if let Some(d) = &dateline {
        fm.push(format!("dateline: {}", yaml_string(d)));
    }
    if spec.kind == DocumentKind::Fragment {
        fm.push("completeness: fragment".to_string());
    }
    fm.push(format!("source: {}", yaml_string(source)));
    fm.push(format!("source_lines: [{first}, {last}]"));
    fm.push("---".to_string());
    let mut text = fm.join("\n");
    text.push('\n');
    text.push_str(&body);
    Ok((format!("content/{}/{}.md", spec.summit, spec.id), text))
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
