//! Writing the built site: every file goes into a fresh folder beside the output folder, which
//! is swapped in only once all of it is written. A build that fails leaves the last good site
//! exactly as it was.

use crate::render::Site;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{0}: refusing to write the site over a folder that holds the site's sources")]
    Unsafe(String),
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

/// Writes `site` to `out`, replacing what was there, atomically.
pub fn write_site(site: &Site, out: &Path, root: &Path) -> Result<(), OutputError> {
    let out = absolute(out);
    let root = absolute(root);
    // The output folder is deleted and replaced: never let that be the sources.
    if root.starts_with(&out) || out.join("content").exists() || out.join("Cargo.toml").exists() {
        return Err(OutputError::Unsafe(out.display().to_string()));
    }
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.building-"))
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    for (rel, bytes) in &site.files {
        if rel.split('/').any(|seg| seg == ".." || seg.is_empty()) || rel.starts_with('/') {
            return Err(OutputError::Escape(rel.clone()));
        }
        let path = staging.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    let staged = staging.keep();
    if out.exists() {
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
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    // Lexical clean-up of `.` and `..`, so that `a/../public` is recognised as `public`.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
