//! Writing the built site: every file goes into a fresh folder beside the output folder
//! ([`Staging`]), as soon as the render stage makes it, and that folder is swapped in only once
//! all of it is written. A build that fails, even halfway through rendering, leaves the last
//! good site exactly as it was, and no staging folder behind.
//!
//! The output folder is replaced whole, so it must be one this tool may replace: absent, empty,
//! or an earlier output (every build leaves [`MARKER`] in it). A regular file, a folder of
//! someone else's files, and anything that is, holds or lies inside the site's sources
//! (`content/`, `templates/`, `static/`, the site root) are refused by [`check_target`] before
//! anything is written. Paths are compared after resolving symbolic links and `..`.

use crate::render::{Sink, Site};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::Hasher;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

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
    let staging = Staging::new(out, root)?;
    site.files
        .par_iter()
        .try_for_each(|(rel, bytes)| staging.write(rel, bytes))?;
    staging.finish()
}

/// A site being written: a fresh folder beside the output folder (`.<name>.building-…`) that
/// takes each file as it is made, from any thread, and is swapped in by [`Staging::finish`].
/// Dropped unfinished (a build that failed), it is removed with what it holds, and the output
/// folder is left as it was.
#[derive(Debug)]
pub struct Staging {
    /// The output folder, resolved.
    out: PathBuf,
    folder: tempfile::TempDir,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Whether the output it replaces is removed on a thread of its own, after the swap.
    background_removal: bool,
}

impl Staging {
    /// The same staging folder, removing the output it replaces on a thread of its own once the
    /// new one is in place, so that a preview shows the new site without waiting for the old
    /// one's files to be deleted (`serve`: the process outlives the removal). A removal that
    /// fails leaves a `.<name>.old-*` folder beside the output, never touches the new one.
    pub fn removing_old_in_background(mut self) -> Staging {
        self.background_removal = true;
        self
    }

    /// A new, empty staging folder for `out`, after [`check_target`].
    pub fn new(out: &Path, root: &Path) -> Result<Staging, OutputError> {
        let out = check_target(out, root)?;
        let parent = parent_of(&out);
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let folder = tempfile::Builder::new()
            .prefix(&format!(".{}.building-", name_of(&out)))
            .tempdir_in(&parent)
            .map_err(io(&parent))?;
        Ok(Staging {
            out,
            folder,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            background_removal: false,
        })
    }

    /// Writes `bytes` at `rel` (`/`-separated) in the staging folder, making its folders as
    /// needed; a path that would leave the folder is refused.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        write_into(self.folder.path(), rel, bytes)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Adds the marker and swaps the staging folder in for the output folder, in one rename;
    /// gives what the output folder now holds.
    pub fn finish(self) -> Result<Written, OutputError> {
        self.write(MARKER, MARKER_TEXT.as_bytes())?;
        let written = Written {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        };
        let Staging {
            out,
            folder,
            background_removal,
            ..
        } = self;
        // Until the rename succeeds, returning drops `folder`, which removes it.
        if std::fs::symlink_metadata(&out).is_ok() {
            let parent = parent_of(&out);
            let old = tempfile::Builder::new()
                .prefix(&format!(".{}.old-", name_of(&out)))
                .tempdir_in(&parent)
                .map_err(io(&parent))?
                .keep();
            // `old` was created empty so that its name is unique; rename needs it gone.
            std::fs::remove_dir(&old).map_err(io(&old))?;
            std::fs::rename(&out, &old).map_err(io(&out))?;
            if let Err(source) = std::fs::rename(folder.path(), &out) {
                // Put the last good site back before reporting.
                let _ = std::fs::rename(&old, &out);
                return Err(OutputError::Io {
                    path: out.display().to_string(),
                    source,
                });
            }
            // Moved: nothing is left to remove.
            let _ = folder.keep();
            if background_removal {
                std::thread::spawn(move || std::fs::remove_dir_all(&old));
            } else {
                std::fs::remove_dir_all(&old).map_err(io(&old))?;
            }
        } else {
            std::fs::rename(folder.path(), &out).map_err(io(&out))?;
            let _ = folder.keep();
        }
        Ok(written)
    }
}

impl Sink for Staging {
    type Error = OutputError;
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), OutputError> {
        self.write(path, &bytes)
    }
}

/// Writes `bytes` at `rel` (`/`-separated, inside) under `folder`, making the folders it needs.
fn write_into(folder: &Path, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
    if rel.split('/').any(|seg| seg == ".." || seg.is_empty()) || rel.starts_with('/') {
        return Err(OutputError::Escape(rel.to_string()));
    }
    let path = folder.join(rel);
    // Most files go into a folder made already: make it only when the write says so.
    if let Err(e) = std::fs::write(&path, bytes) {
        if e.kind() != std::io::ErrorKind::NotFound {
            return Err(io(&path)(e));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    Ok(())
}

/// The files of an output folder, by path: a hash of each one's bytes, and its size.
pub type Files = HashMap<String, (u64, u64)>;

/// A hash of `bytes`, to tell a file that changed from one that did not.
fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// Records the hash and size of every file that passes through to another sink: what a build
/// that another will update in place ([`Update`]) wrote.
#[derive(Debug)]
pub struct Hashing<'s, S> {
    sink: &'s S,
    files: Mutex<Files>,
}

impl<'s, S: Sink> Hashing<'s, S> {
    pub fn new(sink: &'s S) -> Self {
        Hashing {
            sink,
            files: Mutex::default(),
        }
    }

    /// The files that went through, the marker of a finished [`Staging`] added.
    pub fn into_files(self) -> Files {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.insert(MARKER.to_string(), marker_entry());
        files
    }
}

fn marker_entry() -> (u64, u64) {
    (hash_of(MARKER_TEXT.as_bytes()), MARKER_TEXT.len() as u64)
}

impl<S: Sink> Sink for Hashing<'_, S> {
    type Error = S::Error;
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), S::Error> {
        let entry = (hash_of(&bytes), bytes.len() as u64);
        self.sink.put(path, bytes)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), entry);
        Ok(())
    }
}

/// A build that updates an earlier output of the same site in place, for `serve`, whose
/// preview folder is its own: each file whose bytes differ from what the folder holds goes into
/// a folder beside it as it is made; when the build is whole ([`Update::finish`]), each of
/// them is moved into place (one rename each, so that a page is never seen half written), the
/// files the build no longer makes are removed, and every other file is left as it is. A build
/// that fails before then leaves the output as it was, and no folder behind.
#[derive(Debug)]
pub struct Update {
    out: PathBuf,
    /// What the output folder holds.
    earlier: Files,
    /// The files that changed, until the build is whole.
    side: tempfile::TempDir,
    /// What the build made.
    now: Mutex<Files>,
    /// Paths of the files in `side`.
    changed: Mutex<Vec<String>>,
}

impl Update {
    /// An update of `out`, an earlier output that holds `earlier`, by a build of the site at
    /// `root` (checked by [`check_target`]).
    pub fn new(out: &Path, root: &Path, earlier: Files) -> Result<Update, OutputError> {
        let out = check_target(out, root)?;
        let parent = parent_of(&out);
        let side = tempfile::Builder::new()
            .prefix(&format!(".{}.changed-", name_of(&out)))
            .tempdir_in(&parent)
            .map_err(io(&parent))?;
        Ok(Update {
            out,
            earlier,
            side,
            now: Mutex::default(),
            changed: Mutex::default(),
        })
    }

    /// Moves the changed files into place and removes those no longer made; `kept` are the
    /// files the build did not make again because they are the same (the pages made from the
    /// same inputs as before). Gives what the output folder now holds, and each file's hash.
    pub fn finish<'k>(
        self,
        kept: impl IntoIterator<Item = &'k str>,
    ) -> Result<(Written, Files), OutputError> {
        let Update {
            out,
            earlier,
            side,
            now,
            changed,
        } = self;
        let mut now = now.into_inner().unwrap_or_else(|e| e.into_inner());
        for path in kept {
            if let Some(entry) = earlier.get(path) {
                now.entry(path.to_string()).or_insert(*entry);
            }
        }
        now.insert(MARKER.to_string(), marker_entry());
        for rel in changed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            let (from, to) = (side.path().join(&rel), out.join(&rel));
            if let Err(e) = std::fs::rename(&from, &to) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    return Err(io(&to)(e));
                }
                if let Some(dir) = to.parent() {
                    std::fs::create_dir_all(dir).map_err(io(dir))?;
                }
                std::fs::rename(&from, &to).map_err(io(&to))?;
            }
        }
        let mut gone: Vec<&String> = earlier.keys().filter(|p| !now.contains_key(*p)).collect();
        gone.sort();
        for rel in gone.into_iter().rev() {
            let path = out.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path)(e)),
            }
            // Folders left empty go too, as a fresh build would not have them.
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != out) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        let written = Written {
            files: now.len(),
            bytes: now.values().map(|(_, len)| len).sum(),
        };
        Ok((written, now))
    }
}

impl Sink for Update {
    type Error = OutputError;
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), OutputError> {
        let entry = (hash_of(&bytes), bytes.len() as u64);
        if self.earlier.get(path) != Some(&entry) {
            write_into(self.side.path(), path, &bytes)?;
            self.changed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.to_string());
        }
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), entry);
        Ok(())
    }
}

/// The folder that holds `out` (resolved), where its staging folder goes.
fn parent_of(out: &Path) -> PathBuf {
    out.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"))
}

/// The name of the output folder, which its staging folder's name starts from.
fn name_of(out: &Path) -> String {
    out.file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
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
