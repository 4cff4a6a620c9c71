//! Near-identical headlines: the same story from two feeds ("CISA adds two flaws to KEV
//! catalog" and "CISA Adds Two Flaws to KEV Catalog -- update") is one draft.
//!
//! A 64-bit simhash over the headline's folded words and word pairs: headlines that share
//! most of their words land a few bits apart. Comparing two hashes is one XOR, so a fetch
//! checks each entry against a map of the desk's hashes by their four 16-bit bands, never by
//! scanning every draft.

use std::collections::HashMap;

/// At most this many differing bits: the same story.
pub const NEAR_BITS: u32 = 3;

/// The simhash of a headline; `None` for a headline of fewer than three words, too short to
/// call two of them the same story. Words are lower-cased letters and digits; a word pair's
/// feature mixes the two words' hashes (no string is built: a fetch hashes every headline
/// on the desk once).
pub fn simhash(headline: &str) -> Option<u64> {
    let mut words: Vec<u64> = Vec::with_capacity(16);
    let mut h: Option<u64> = None;
    for c in headline.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                let mut buf = [0u8; 4];
                h = Some(fnv1a(
                    h.unwrap_or(FNV_START),
                    l.encode_utf8(&mut buf).as_bytes(),
                ));
            }
        } else if let Some(w) = h.take() {
            words.push(w);
        }
    }
    words.extend(h);
    if words.len() < 3 {
        return None;
    }
    let mut weights = [0i32; 64];
    let mut add = |feature: u64| {
        for (bit, w) in weights.iter_mut().enumerate() {
            *w += if feature >> bit & 1 == 1 { 1 } else { -1 };
        }
    };
    for w in &words {
        add(*w);
    }
    for pair in words.windows(2) {
        add(mix(pair[0], pair[1]));
    }
    let mut out = 0u64;
    for (bit, w) in weights.iter().enumerate() {
        if *w > 0 {
            out |= 1 << bit;
        }
    }
    Some(out)
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: stable across runs and versions (the std hasher is not), and enough to spread
/// words over 64 bits.
fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A word pair's feature: order matters ("police arrest" is not "arrest police").
fn mix(a: u64, b: u64) -> u64 {
    let x = a.rotate_left(29) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // splitmix64's finaliser, so the pair's bits are as spread as a word's.
    let x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Headline hashes by band: two hashes at most [`NEAR_BITS`] apart agree on at least one of
/// four 16-bit bands (pigeonhole), so a lookup visits only the hashes sharing a band.
#[derive(Debug)]
pub struct NearIndex<T> {
    bands: [HashMap<u16, Vec<(u64, T)>>; 4],
}

impl<T> Default for NearIndex<T> {
    fn default() -> Self {
        NearIndex {
            bands: std::array::from_fn(|_| HashMap::new()),
        }
    }
}

impl<T: Clone> NearIndex<T> {
    pub fn insert(&mut self, hash: u64, value: T) {
        for (i, band) in self.bands.iter_mut().enumerate() {
            band.entry(band_of(hash, i))
                .or_default()
                .push((hash, value.clone()));
        }
    }

    /// A value whose hash is at most [`NEAR_BITS`] from `hash` and that `also` accepts.
    pub fn near(&self, hash: u64, also: impl Fn(&T) -> bool) -> Option<&T> {
        self.bands.iter().enumerate().find_map(|(i, band)| {
            band.get(&band_of(hash, i))?
                .iter()
                .find(|(h, v)| (h ^ hash).count_ones() <= NEAR_BITS && also(v))
                .map(|(_, v)| v)
        })
    }
}

fn band_of(hash: u64, i: usize) -> u16 {
    (hash >> (16 * i)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_story_spelled_twice_is_near_and_another_story_is_not() {
        let a = simhash("CISA adds two known exploited vulnerabilities to catalog");
        let b = simhash("CISA Adds Two Known Exploited Vulnerabilities to Catalog");
        let c = simhash("Police in Zurich arrest two suspects after bank fraud");
        let (Some(a), Some(b), Some(c)) = (a, b, c) else {
            panic!("every headline here has three words or more");
        };
        assert_eq!(a, b, "case aside, one hash");
        assert!((a ^ c).count_ones() > NEAR_BITS);
        let mut index = NearIndex::default();
        index.insert(a, 1u64);
        assert_eq!(index.near(b, |_| true), Some(&1));
        assert_eq!(index.near(b, |v| *v != 1), None);
        assert_eq!(index.near(c, |_| true), None);
    }

    #[test]
    fn a_short_headline_is_never_near_anything() {
        assert_eq!(simhash("Update"), None);
        assert_eq!(simhash("Breaking news"), None);
    }
}
