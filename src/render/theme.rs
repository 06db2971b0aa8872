//! The theme: Tera templates and interface-text tables from `templates/`, and the assets of
//! `static/`, read once per build.

use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

/// Templates, translation tables and static assets.
pub struct Theme {
    pub tera: tera::Tera,
    /// Interface text per language code (`zh`, `en`): key → text.
    pub tables: BTreeMap<String, BTreeMap<String, String>>,
    /// Files of `static/`, keyed by their path inside it.
    pub assets: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl Theme {
    /// Reads `root/templates` and `root/static`.
    pub fn load(root: &Path) -> Result<Theme, ThemeError> {
        let templates = root.join("templates");
        let mut files = Vec::new();
        let mut tables = BTreeMap::new();
        for (rel, path) in walk(&templates)? {
            if rel.ends_with(".html") {
                files.push((path, Some(rel)));
            } else if let Some(lang) = rel
                .strip_prefix("i18n/")
                .and_then(|r| r.strip_suffix(".yaml"))
            {
                let text = std::fs::read_to_string(&path).map_err(|source| ThemeError::Io {
                    path: format!("templates/{rel}"),
                    source,
                })?;
                let table: BTreeMap<String, String> =
                    serde_yaml::from_str(&text).map_err(|e| ThemeError::Invalid {
                        path: format!("templates/{rel}"),
                        message: e.to_string(),
                    })?;
                tables.insert(lang.to_string(), table);
            }
        }
        let mut tera = tera::Tera::default();
        tera.add_template_files(files)
            .map_err(|e| ThemeError::Invalid {
                path: "templates".to_string(),
                message: super::error_chain(&e),
            })?;
        tera.autoescape_on(vec![".html"]);
        let mut assets = BTreeMap::new();
        for (rel, path) in walk(&root.join("static"))? {
            let bytes = std::fs::read(&path).map_err(|source| ThemeError::Io {
                path: format!("static/{rel}"),
                source,
            })?;
            assets.insert(rel, bytes);
        }
        for lang in super::Lang::ALL {
            let Some(table) = tables.get(lang.code()) else {
                return Err(ThemeError::Invalid {
                    path: format!("templates/i18n/{}.yaml", lang.code()),
                    message: "missing interface-text table".to_string(),
                });
            };
            // Every key of one table is in the other: no interface text falls back silently.
            let other = &tables[lang.other().code()];
            if let Some(key) = table.keys().find(|k| !other.contains_key(*k)) {
                return Err(ThemeError::Invalid {
                    path: format!("templates/i18n/{}.yaml", lang.other().code()),
                    message: format!("missing interface text `{key}`"),
                });
            }
        }
        Ok(Theme {
            tera,
            tables,
            assets,
        })
    }

    /// The interface-text table of `lang`.
    pub fn table(&self, lang: &str) -> &BTreeMap<String, String> {
        // Invariant: `load` refuses a theme without the table of every language rendered.
        &self.tables[lang]
    }
}

/// The files under `dir`, as (path relative to `dir` with `/` separators, full path), sorted.
fn walk(dir: &Path) -> Result<Vec<(String, std::path::PathBuf)>, ThemeError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Err(ThemeError::Invalid {
            path: dir
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            message: "folder missing".to_string(),
        });
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| ThemeError::Invalid {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push((rel, entry.into_path()));
    }
    Ok(out)
}
