//! Where the render stage hands each file as soon as it is made, so that the site is never
//! held whole: a [`Sink`] takes a file (its path under the output folder and its bytes) from
//! any thread. [`crate::output::Staging`] writes it into the folder a build swaps in, [`Discard`]
//! only lets it be counted (`check`), [`Collect`] keeps it in memory as a [`Site`] (for tests
//! that inspect the files). [`Tally`] counts what passes through to another sink.

use super::{RenderError, Site};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Takes the files of the site as they are made, each path once, from any thread.
pub trait Sink: Sync {
    type Error: Send;
    /// Takes the file at `path` (relative to the output folder, `/`-separated).
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Self::Error>;
}

/// Why rendering into a sink stopped: a file could not be made, or the sink refused one.
#[derive(Debug)]
pub enum Failure<E> {
    Render(RenderError),
    Sink(E),
}

impl<E> From<RenderError> for Failure<E> {
    fn from(e: RenderError) -> Self {
        Failure::Render(e)
    }
}

/// Keeps every file in memory; [`Collect::into_site`] gives them as a [`Site`].
#[derive(Debug, Default)]
pub struct Collect(Mutex<BTreeMap<String, Vec<u8>>>);

impl Collect {
    pub fn into_site(self) -> Site {
        Site {
            // A panic while inserting leaves the map as it was: its files are still whole.
            files: self.0.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }
}

impl Sink for Collect {
    type Error = Infallible;
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Infallible> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// Drops every file: a run that writes nothing (`check`) still makes and counts them all.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    type Error = Infallible;
    fn put(&self, _: &str, _: Vec<u8>) -> Result<(), Infallible> {
        Ok(())
    }
}

/// Counts the files (and among them the HTML pages) and bytes that `sink` takes.
#[derive(Debug)]
pub struct Tally<'s, S> {
    sink: &'s S,
    pages: AtomicUsize,
    files: AtomicUsize,
    bytes: AtomicU64,
}

/// What a [`Tally`] counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Files ending in `.html`.
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
}

impl<'s, S: Sink> Tally<'s, S> {
    pub fn new(sink: &'s S) -> Self {
        Tally {
            sink,
            pages: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    pub fn counts(&self) -> Counts {
        Counts {
            pages: self.pages.load(Ordering::Relaxed),
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        }
    }
}

impl<S: Sink> Sink for Tally<'_, S> {
    type Error = S::Error;
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), S::Error> {
        let len = bytes.len() as u64;
        self.sink.put(path, bytes)?;
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        Ok(())
    }
}
