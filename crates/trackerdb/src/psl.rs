//! The Public Suffix List as a data table instead of code.
//!
//! The list comes from the `psl` crate (pinned in Cargo.lock): its `data/rules.txt` is the
//! exact text that crate generates its matcher from, private suffixes included. The `psl`
//! crate itself turns those ~10,400 rules into ~880 KB of wasm code (one `match` per trie
//! node), which is more than half of the core's wasm and most of what a service-worker start
//! spends compiling. So the build script (`build_psl.rs`) writes the same rules into a small
//! hash table that is embedded as bytes (`include_bytes!`): bytes cost the worker a copy at
//! instantiation, not a compile. The answers are the `psl` crate's own, checked rule by rule
//! against it by the tests below (`psl` stays a dev-dependency for exactly that).
//!
//! Layout (little-endian), written by [`write_table`], read by [`Table`]:
//!
//! ```text
//! u32 slot count (a power of two)  u32 entry count  u32 string bytes
//! u16 × slots     entry index + 1 (0 = empty), open addressing on `suffix_hash`
//! entries × 8     u32 string offset, u16 length, u8 flags, u8 0
//! strings         the rule keys, UTF-8 as in the list
//! ```
//!
//! A key is a rule without its `*.` or `!` prefix; its flags say which of the three rules
//! (`key`, `*.key`, `!key`) the list has.

use crate::bytes::same_bytes;

/// `key` is a rule.
pub const RULE: u8 = 1;
/// `*.key` is a rule: one more label on top of `key` is a public suffix.
pub const WILDCARD: u8 = 2;
/// `!key` is a rule: `key` is registrable although a wildcard covers it.
pub const EXCEPTION: u8 = 4;
/// Some longer rule ends with `.key`. Like the `psl` crate's trie, a listed name shadows its
/// parent's wildcard (`*.futurecms.at` does not make `ex.futurecms.at` a suffix, because
/// `*.ex.futurecms.at` names it), and the walk stops at the first unlisted name.
pub const NODE: u8 = 8;

const HEADER: usize = 12;
const ENTRY: usize = 8;

/// FNV-1a over the bytes from last to first, so one right-to-left pass over a host yields the
/// hash of each of its suffixes.
#[inline]
pub fn hash_step(h: u32, b: u8) -> u32 {
    (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
}

pub const HASH_SEED: u32 = 0x811c_9dc5;

pub fn suffix_hash(bytes: &[u8]) -> u32 {
    bytes.iter().rev().fold(HASH_SEED, |h, &b| hash_step(h, b))
}

/// The compiled list, read in place. Where its parts start is read from the header once
/// (`new`, at compile time for the embedded list), not at every lookup: a source page's site
/// costs a few lookups, and the header reads with their bounds checks were a good part of them.
#[derive(Clone, Copy)]
pub struct Table<'a> {
    bytes: &'a [u8],
    /// Slot count (a power of two; 0: an empty or damaged table, where every name is unlisted).
    slots: usize,
    entries_at: usize,
    strings_at: usize,
}

/// The little-endian u32 at `at`, 0 past the end.
const fn u32_at(bytes: &[u8], at: usize) -> u32 {
    if bytes.len() < at + 4 {
        return 0;
    }
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

impl<'a> Table<'a> {
    pub const fn new(bytes: &'a [u8]) -> Table<'a> {
        let slots = u32_at(bytes, 0) as usize;
        let entries = u32_at(bytes, 4) as usize;
        // Sizes that do not fit the bytes (a damaged table) leave it empty.
        let entries_at = HEADER.saturating_add(slots.saturating_mul(2));
        let strings_at = entries_at.saturating_add(entries.saturating_mul(ENTRY));
        let slots = if slots.is_power_of_two() && strings_at <= bytes.len() { slots } else { 0 };
        Table { bytes, slots, entries_at, strings_at }
    }

    /// The flags of `key` (a suffix of a host, whose `suffix_hash` is `hash`); 0 if unlisted.
    #[inline]
    pub fn flags(&self, key: &[u8], hash: u32) -> u8 {
        let slots = self.slots;
        let mut slot = hash as usize & slots.wrapping_sub(1);
        // At most half full, so a probe ends at an empty slot; the bound only guards a
        // damaged table.
        for _ in 0..slots {
            let at = HEADER + slot * 2;
            let Some(s) = self.bytes.get(at..at + 2) else { return 0 };
            let entry = u16::from_le_bytes([s[0], s[1]]) as usize;
            if entry == 0 {
                return 0;
            }
            let e = self.entries_at + (entry - 1) * ENTRY;
            let Some(rec) = self.bytes.get(e..e + ENTRY) else { return 0 };
            let len = u16::from_le_bytes([rec[4], rec[5]]) as usize;
            if len == key.len() {
                let off = self.strings_at + u32::from_le_bytes([rec[0], rec[1], rec[2], rec[3]]) as usize;
                if self.bytes.get(off..off + len).is_some_and(|stored| same_bytes(stored, key)) {
                    return rec[6];
                }
            }
            slot = (slot + 1) & (slots - 1);
        }
        0
    }

    /// Length of the public suffix of `name` (with its trailing dot, if any), as
    /// `psl::List::suffix` counts it: the longest matching rule, an exception rule cutting a
    /// wildcard back to its parent, and an unlisted top-level label being a suffix by itself
    /// (the list's implicit `*` rule). 0 when there is none (an empty last label).
    pub fn suffix_len(&self, name: &[u8]) -> usize {
        let (name, fqdn) = match name.split_last() {
            Some((b'.', rest)) => (rest, true),
            _ => (name, false),
        };
        let mut len = 0;
        let mut parent_flags = 0u8;
        let mut parent_len = 0;
        let mut h = HASH_SEED;
        let mut start = name.len();
        // Suffixes on label edges, shortest first, in one right-to-left pass over the bytes:
        // each suffix's hash extends its parent's, and the suffix ends where a label starts.
        let mut top = true;
        loop {
            while start > 0 && name[start - 1] != b'.' {
                start -= 1;
                h = hash_step(h, name[start]);
            }
            let suffix_len = name.len() - start;
            let flags = self.flags(&name[start..], h);
            if top {
                // A top-level label is a suffix, listed or not (the list's implicit `*`).
                len = suffix_len;
                top = false;
            } else if flags == 0 {
                // Unlisted: a suffix only by its parent's wildcard, and nothing longer is listed.
                if parent_flags & WILDCARD != 0 {
                    len = suffix_len;
                }
                break;
            } else if flags & EXCEPTION != 0 {
                len = parent_len;
                break;
            } else if flags & RULE != 0 {
                len = suffix_len;
            }
            if flags == 0 || start == 0 {
                break;
            }
            parent_flags = flags;
            parent_len = suffix_len;
            // The dot before this label belongs to every longer suffix.
            start -= 1;
            h = hash_step(h, b'.');
        }
        len + usize::from(fqdn)
    }

    /// Length of the registrable domain at the end of `name` (the suffix and one label more),
    /// exactly as `psl::domain` cuts it; `None` where that answers `None` (the name is itself
    /// a public suffix, or has no suffix).
    pub fn domain_len(&self, name: &[u8]) -> Option<usize> {
        let suffix_len = self.suffix_len(name);
        if suffix_len == 0 || name.len() < suffix_len + 2 {
            return None;
        }
        let subdomain = &name[..name.len() - (1 + suffix_len)];
        let root_label = subdomain.rsplit(|&b| b == b'.').next().unwrap_or(subdomain);
        Some(root_label.len() + 1 + suffix_len)
    }
}

/// Writes the table for the rules of a list in the `psl` crate's `rules.txt` form (one rule a
/// line, `//` comments and blank lines ignored).
pub fn write_table(rules: &str) -> Result<Vec<u8>, String> {
    let mut keys: Vec<(Vec<u8>, u8)> = Vec::new();
    let mut index = std::collections::HashMap::<Vec<u8>, usize>::new();
    for line in rules.lines() {
        let rule = line.trim();
        if rule.is_empty() || rule.starts_with("//") {
            continue;
        }
        let (key, flag) = if let Some(k) = rule.strip_prefix('!') {
            (k, EXCEPTION)
        } else if let Some(k) = rule.strip_prefix("*.") {
            (k, WILDCARD)
        } else {
            (rule, RULE)
        };
        if key.contains('*') || key.contains('!') || key.is_empty() {
            return Err(format!("public suffix rule {rule:?}: a form this table does not know"));
        }
        let slot = *index.entry(key.as_bytes().to_vec()).or_insert_with(|| {
            keys.push((key.as_bytes().to_vec(), 0));
            keys.len() - 1
        });
        keys[slot].1 |= flag;
        // Every shorter name the rule ends with is a node on its way.
        let mut rest = key;
        while let Some((_, parent)) = rest.split_once('.') {
            let slot = *index.entry(parent.as_bytes().to_vec()).or_insert_with(|| {
                keys.push((parent.as_bytes().to_vec(), 0));
                keys.len() - 1
            });
            keys[slot].1 |= NODE;
            rest = parent;
        }
    }
    if keys.len() >= u16::MAX as usize {
        return Err("too many public suffix rules for 16-bit slots".into());
    }
    let slots = (keys.len() * 2).next_power_of_two();
    let mut table = vec![0u16; slots];
    let mut strings = Vec::new();
    let mut entries = Vec::new();
    for (i, (key, flags)) in keys.iter().enumerate() {
        let mut slot = suffix_hash(key) as usize & (slots - 1);
        while table[slot] != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = (i + 1) as u16;
        entries.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        entries.extend_from_slice(&(key.len() as u16).to_le_bytes());
        entries.extend_from_slice(&[*flags, 0]);
        strings.extend_from_slice(key);
    }
    let mut out = Vec::with_capacity(HEADER + slots * 2 + entries.len() + strings.len());
    out.extend_from_slice(&(slots as u32).to_le_bytes());
    out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
    out.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    for s in table {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.extend_from_slice(&entries);
    out.extend_from_slice(&strings);
    Ok(out)
}

impl<'a> Table<'a> {
    /// Every key with its flags, in table order: for the tests, which compare each rule.
    pub fn keys(&self) -> impl Iterator<Item = (&'a [u8], u8)> + '_ {
        let bytes = self.bytes;
        let (entries_at, strings_at) = (self.entries_at, self.strings_at);
        let entries = if self.slots == 0 { 0 } else { (strings_at - entries_at) / ENTRY };
        (0..entries).filter_map(move |i| {
            let rec = bytes.get(entries_at + i * ENTRY..entries_at + (i + 1) * ENTRY)?;
            let off = u32::from_le_bytes([rec[0], rec[1], rec[2], rec[3]]) as usize;
            let len = u16::from_le_bytes([rec[4], rec[5]]) as usize;
            Some((bytes.get(strings_at + off..strings_at + off + len)?, rec[6]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static BUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/psl.bin"));

    /// The table and the `psl` crate agree on `name`: suffix and registrable domain.
    fn check(table: Table, name: &[u8], mismatches: &mut Vec<String>) {
        let ours = (table.suffix_len(name), table.domain_len(name));
        let theirs =
            (psl::suffix(name).map_or(0, |s| s.as_bytes().len()), psl::domain(name).map(|d| d.as_bytes().len()));
        if ours != theirs {
            mismatches.push(format!("{}: table {ours:?}, psl crate {theirs:?}", String::from_utf8_lossy(name)));
        }
    }

    #[test]
    fn the_table_holds_the_whole_list_with_private_suffixes() {
        let table = Table::new(BUILT);
        let keys: Vec<_> = table.keys().collect();
        assert!(keys.len() > 9000, "{} rules", keys.len());
        assert!(keys.iter().any(|&(k, f)| k == b"myshopify.com" && f & RULE != 0), "a private suffix");
        assert!(keys.iter().any(|&(k, f)| k == b"ck" && f & WILDCARD != 0), "a wildcard rule");
        assert!(keys.iter().any(|&(k, f)| k == b"www.ck" && f & EXCEPTION != 0), "an exception rule");
    }

    /// Every rule of the list, and names one and two labels below and above it, fully
    /// qualified or not, give what the `psl` crate gives.
    #[test]
    fn every_rule_answers_as_the_psl_crate_does() {
        let table = Table::new(BUILT);
        let mut mismatches = Vec::new();
        let mut checked = 0;
        for (key, _) in table.keys() {
            let key = String::from_utf8(key.to_vec()).expect("UTF-8 rule");
            let mut names = vec![
                key.clone(),
                format!("shop.{key}"),
                format!("cdn.shop.{key}"),
                format!("www.{key}"),
                format!("www.shop.{key}"),
                format!("{key}."),
                format!("shop.{key}."),
            ];
            if let Some((_, parent)) = key.split_once('.') {
                names.push(parent.to_string());
                names.push(format!("x.{parent}"));
            }
            for name in names {
                check(table, name.as_bytes(), &mut mismatches);
                checked += 1;
            }
        }
        assert!(checked > 60_000);
        assert!(
            mismatches.is_empty(),
            "{} of {checked} differ, e.g. {:?}",
            mismatches.len(),
            &mismatches[..mismatches.len().min(20)]
        );
    }

    /// Names put together from the list's own labels in random order and depth, so that
    /// wildcards, exceptions and listed names meet in combinations no rule spells out.
    #[test]
    fn mixed_label_names_answer_as_the_psl_crate_does() {
        let table = Table::new(BUILT);
        let keys: Vec<&str> = table.keys().map(|(k, _)| std::str::from_utf8(k).expect("UTF-8 rule")).collect();
        let mut labels: Vec<String> = vec!["shop".into(), "www".into(), "cdn".into(), "xn--p1ai".into()];
        for (key, _) in table.keys() {
            labels.extend(std::str::from_utf8(key).expect("UTF-8 rule").split('.').map(str::to_string));
        }
        labels.sort();
        labels.dedup();
        // xorshift: a fixed sequence, so a failure repeats.
        let mut next = crate::test_rng::below(0x9e37_79b9_7f4a_7c15u64);
        let mut mismatches = Vec::new();
        for _ in 0..200_000 {
            let depth = 1 + next(6);
            let mut name: Vec<&str> = (0..depth).map(|_| labels[next(labels.len())].as_str()).collect();
            // Half of them end in a listed name, so the walk goes deep.
            if next(2) == 0 {
                name.push(keys[next(keys.len())]);
            }
            check(table, name.join(".").as_bytes(), &mut mismatches);
        }
        assert!(
            mismatches.is_empty(),
            "{} differ, e.g. {:?}",
            mismatches.len(),
            &mismatches[..mismatches.len().min(20)]
        );
    }

    #[test]
    fn odd_names_answer_as_the_psl_crate_does() {
        let table = Table::new(BUILT);
        let mut mismatches = Vec::new();
        for name in [
            "",
            ".",
            "..",
            "...",
            "com",
            "com.",
            ".com",
            "a..com",
            "..com",
            "a.com..",
            "example",
            "localhost",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.com",
            "127.0.0.1",
            "shop.co.uk",
            "cdn.shop.co.uk",
            "co.uk",
            "a.myshopify.com",
            "myshopify.com",
            "www.ck",
            "a.www.ck",
            "b.a.ck",
            "x.notatld",
            "xn--80ak6aa92e.com",
            "shop.xn--p1ai",
            "www.example.com",
            "EXAMPLE.COM",
            "a.github.io",
            "foo.bar.compute.amazonaws.com.cn",
            "compute.amazonaws.com.cn",
            "s3.amazonaws.com",
            "x.s3.amazonaws.com",
            "a.b.s3.dualstack.eu-west-1.amazonaws.com",
            "-.com",
            "a.-",
            "a.1",
        ] {
            check(table, name.as_bytes(), &mut mismatches);
        }
        assert!(mismatches.is_empty(), "{mismatches:#?}");
    }
}
