//! Writing the built site: every file goes into a fresh folder beside the output folder, which
//! is swapped in only once all of it is written. A build that fails leaves the last good site
//! exactly as it was.
//!
//! The output folder is replaced whole, so it must be one this tool may replace: absent, empty,
//! or an earlier output (every build leaves [`MARKER`] in it). A regular file, a folder of
//! someone else's files, and anything that is, holds or lies inside the site's sources
//! (`content/`, `templates/`, `static/`, the site root) are refused by [`check_target`] before
//! anything is written. Paths are compared after resolving symbolic links and `..`.

use crate::render::Site;
use rayon::prelude::*;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The file every build leaves at the top of its output, marking the folder as one a later
/// build may replace.
pub const MARKER: &str = ".summit-archive";

/// The marker's content, always the same bytes so that two builds are byte-identical.
pub const MARKER_TEXT: &str = "This folder is the output of summit-archive. The next build replaces all of it:\nkeep no files of your own here.\n";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output path may not be replaced; nothing was written.
    #[error("{path}: refusing to write the site here: {reason}; nothing was written")]
    Refused { path: String, reason: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}: a built file's path leaves the output folder")]
    Escape(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What a write put on disk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Files written, the marker included.
    pub files: usize,
    pub bytes: u64,
}

/// Checks that `out` may be replaced by a build of the site at `root`, and gives it resolved
/// (absolute, symbolic links followed). Writes nothing.
pub fn check_target(out: &Path, root: &Path) -> Result<PathBuf, OutputError> {
    let shown = out.display().to_string();
    let refuse = |reason: String| OutputError::Refused {
        path: shown.clone(),
        reason,
    };
    let target = resolve(out).map_err(io(out))?;
    let root = resolve(root).map_err(io(root))?;
    if target == root {
        return Err(refuse("it is the site's root folder".into()));
    }
    if root.starts_with(&target) {
        return Err(refuse(format!(
            "it holds the site's root folder {}",
            root.display()
        )));
    }
    for input in ["content", "templates", "static"] {
        let folder = resolve(&root.join(input)).map_err(io(&root.join(input)))?;
        if target == folder {
            return Err(refuse(format!("it is the site's {input}/ folder")));
        }
        if folder.starts_with(&target) {
            return Err(refuse(format!("it holds the site's {input}/ folder")));
        }
        if target.starts_with(&folder) {
            return Err(refuse(format!("it is inside the site's {input}/ folder")));
        }
    }
    let meta = match std::fs::symlink_metadata(&target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(target),
        Err(e) => return Err(io(&target)(e)),
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(
            "it is a symbolic link that leads nowhere; remove it or choose another folder".into(),
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(
            "it is a file, not a folder; choose a new or empty folder".into(),
        ));
    }
    let mut entries = std::fs::read_dir(&target).map_err(io(&target))?;
    if entries.next().is_none() || is_marker(&target.join(MARKER)) {
        return Ok(target);
    }
    Err(refuse(format!(
        "the folder holds files and is not an earlier output of this tool (it has no {MARKER}); choose a new or empty folder, or remove this one yourself"
    )))
}

/// Whether `path` is a marker written by a build: a regular file with exactly [`MARKER_TEXT`].
fn is_marker(path: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() != MARKER_TEXT.len() as u64 {
        return false;
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MARKER_TEXT.len() as u64).read_to_string(&mut text))
        .is_ok_and(|_| text == MARKER_TEXT)
}

/// Writes `site` to `out`, replacing what was there, atomically, after [`check_target`].
pub fn write_site(site: &Site, out: &Path, root: &Path) -> Result<Written, OutputError> {
    let out = check_target(out, root)?;
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.building-"))
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    let marker = (MARKER.to_string(), MARKER_TEXT.as_bytes().to_vec());
    let files: Vec<(&String, &Vec<u8>)> =
        site.files.iter().chain([(&marker.0, &marker.1)]).collect();
    if let Some((rel, _)) = files.iter().find(|(rel, _)| {
        rel.split('/').any(|seg| seg == ".." || seg.is_empty()) || rel.starts_with('/')
    }) {
        return Err(OutputError::Escape((*rel).clone()));
    }
    // The folders first, each once (the files come in path order: a folder's files are
    // together), then the files on every core.
    let mut last: Option<&str> = None;
    for (rel, _) in &files {
        let dir = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        if last != Some(dir) {
            let path = staging.path().join(dir);
            std::fs::create_dir_all(&path).map_err(io(&path))?;
            last = Some(dir);
        }
    }
    files.par_iter().try_for_each(|(rel, bytes)| {
        let path = staging.path().join(rel);
        std::fs::write(&path, bytes).map_err(io(&path))
    })?;
    let written = Written {
        files: files.len(),
        bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
    };
    let staged = staging.keep();
    if std::fs::symlink_metadata(&out).is_ok() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)
            .map_err(io(&parent))?
            .keep();
        // `old` was created empty so that its name is unique; rename needs it gone.
        std::fs::remove_dir(&old).map_err(io(&old))?;
        std::fs::rename(&out, &old).map_err(io(&out))?;
        if let Err(source) = std::fs::rename(&staged, &out) {
            // Put the last good site back before reporting.
            let _ = std::fs::rename(&old, &out);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(OutputError::Io {
                path: out.display().to_string(),
                source,
            });
        }
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    } else {
        std::fs::rename(&staged, &out).map_err(io(&out))?;
    }
    Ok(written)
}

/// `path` made absolute, with every symbolic link on the way followed and `.` and `..` taken
/// out as the file system would. The part that does not exist yet is kept as written.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => out.push(component),
            Component::CurDir => {}
            // `out` has its links resolved already, so its parent is the real parent.
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if let Ok(real) = out.canonicalize() {
                    out = real;
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolving_follows_links_before_dot_dot() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("a/b")).unwrap();
        std::os::unix::fs::symlink(base.join("a/b"), base.join("link")).unwrap();
        // link/.. is a/, not the folder holding the link.
        assert_eq!(resolve(&base.join("link/../x")).unwrap(), base.join("a/x"));
        assert_eq!(
            resolve(&base.join("a/./new/../b")).unwrap(),
            base.join("a/b")
        );
    }

    #[test]
    fn only_an_exact_marker_marks_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).unwrap();
        assert!(is_marker(&marker));
        std::fs::write(&marker, format!("{MARKER_TEXT}x")).unwrap();
        assert!(!is_marker(&marker));
        std::fs::remove_file(&marker).unwrap();
        std::fs::create_dir(&marker).unwrap();
        assert!(!is_marker(&marker));
    }
}
