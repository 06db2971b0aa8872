//! Fingerprints of records: a hash of what a record serialises to, made as it serialises, so
//! that a stage kept from one run to the next (`serve`) can tell whether its inputs changed.

use std::hash::{DefaultHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// A [`Hasher`] as an [`std::io::Write`], so that a record hashes as it serialises, with
/// nothing allocated.
struct Feed<'h>(&'h mut DefaultHasher);

impl std::io::Write for Feed<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Adds `value` as it serialises (every field it serialises) to `hasher`, then a separator.
pub fn feed(hasher: &mut DefaultHasher, value: &impl serde::Serialize) {
    // Writing into a hasher cannot fail. A record that cannot be serialised whole would hash
    // only in part: it hashes as new instead, every time, so that what reads it is made again.
    if serde_json::to_writer(Feed(hasher), value).is_err() {
        static NEW: AtomicU64 = AtomicU64::new(0);
        hasher.write_u64(NEW.fetch_add(1, Ordering::Relaxed));
    }
    hasher.write_u8(0xff);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(value: &impl serde::Serialize) -> u64 {
        let mut h = DefaultHasher::new();
        feed(&mut h, value);
        h.finish()
    }

    #[test]
    fn equal_records_hash_alike_and_a_changed_field_does_not() {
        assert_eq!(of(&("西安", 2023)), of(&("西安", 2023)));
        assert_ne!(of(&("西安", 2023)), of(&("西安", 2025)));
        // The separator keeps a field's end from running into the next record.
        let mut a = DefaultHasher::new();
        feed(&mut a, &"ab");
        feed(&mut a, &"c");
        let mut b = DefaultHasher::new();
        feed(&mut b, &"a");
        feed(&mut b, &"bc");
        assert_ne!(a.finish(), b.finish());
    }
}
