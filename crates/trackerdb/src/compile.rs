//! Build time: turns the text tracker data (`data`) into the binary image (`image`) the
//! extension loads. Every indexing decision is made here, once, so that loading is a header
//! check: which filters are plain domains, which are keyed by their `||host`, which literal
//! of the others is indexed, and by which 3-byte window.
//!
//! See `matcher` for how the tables are used; the two files must agree, and the image
//! version (`image::VERSION`) is bumped when they change.

use std::collections::HashMap;

use crate::data::{self, LoadError};
use crate::filter::{Filter, Skip};
use crate::image::{gram_hash, host_hash, Section, Writer};
use crate::matcher::{set_host_bit, COMMON_GRAMS, GRAM_BITMAP_WORDS, HOST_BITMAP_WORDS, HOST_PLAIN_FILTER};

/// One host of the host table while it is being built.
#[derive(Default)]
struct HostEntry {
    /// Patterns the reference keys under `||host^`: those listing this host among their
    /// domains, and those with an option-less `||host^` filter.
    domain_patterns: Vec<u32>,
    /// Some pattern has the option-less filter `||host^`.
    plain_filter: bool,
    /// `||host^$options` filters.
    host_filters: Vec<u32>,
    /// `||host/path…` filters, each with its `Filter::path_key`.
    path_filters: Vec<(u32, [u32; 2])>,
}

/// Hosts in first-seen order, so the image is the same on every build.
#[derive(Default)]
struct Hosts {
    keys: Vec<String>,
    entries: Vec<HostEntry>,
    by_key: HashMap<String, usize>,
}

impl Hosts {
    fn entry(&mut self, host: &str) -> &mut HostEntry {
        let i = match self.by_key.get(host) {
            Some(&i) => i,
            None => {
                self.keys.push(host.to_string());
                self.entries.push(HostEntry::default());
                self.by_key.insert(host.to_string(), self.entries.len() - 1);
                self.entries.len() - 1
            }
        };
        &mut self.entries[i]
    }
}

/// Compiles the text data (`dist/trackerdb.txt` format, see `data`) into an image.
pub fn compile(text: &[u8]) -> Result<Vec<u8>, LoadError> {
    let records = data::parse(text)?;
    if records.patterns.len() > u16::MAX as usize {
        return Err(LoadError::TooManyPatterns);
    }
    let mut w = Writer::new();

    let source = w.string(records.str(records.source).as_bytes());
    w.section(Section::Source).extend([source.0, source.1]);
    for c in &records.categories {
        let (k, n) = (w.string(records.str(c.key).as_bytes()), w.string(records.str(c.name).as_bytes()));
        w.section(Section::Categories).extend([k.0, k.1, n.0, n.1]);
    }
    for o in &records.organizations {
        let mut rec = Vec::with_capacity(10);
        for span in [o.key, o.name, o.country, o.privacy_policy_url, o.website_url] {
            let (off, len) = w.string(records.str(span).as_bytes());
            rec.extend([off, len]);
        }
        w.section(Section::Organizations).extend(rec);
    }
    for p in &records.patterns {
        let (k, n) = (w.string(records.str(p.key).as_bytes()), w.string(records.str(p.name).as_bytes()));
        let org = p.organization.map_or(0, |o| u32::from(o) + 1);
        w.section(Section::Patterns).extend([k.0, k.1, n.0, n.1, u32::from(p.category), org]);
    }

    let mut hosts = Hosts::default();
    for &(pattern, span) in &records.domains {
        let domain = records.str(span).trim().to_ascii_lowercase();
        if !domain.is_empty() {
            push_unique(&mut hosts.entry(&domain).domain_patterns, pattern);
        }
    }

    // The same filter text in two patterns names both (the reference keys metadata by filter).
    let mut by_text: HashMap<&str, u32> = HashMap::new();
    let mut filter_lines: Vec<&str> = Vec::new();
    let mut filter_patterns: Vec<Vec<u32>> = Vec::new();
    let mut literals: Vec<(Box<[u8]>, u32)> = Vec::new();
    let mut always: Vec<u32> = Vec::new();
    let mut skipped: Vec<(&str, Skip)> = Vec::new();
    for &(pattern, span) in &records.filters {
        let line = records.str(span).trim();
        if let Some(&id) = by_text.get(line) {
            push_unique(&mut filter_patterns[id as usize], pattern);
            continue;
        }
        let filter = match Filter::parse(line) {
            Ok(f) => f,
            Err(skip) => {
                skipped.push((line, skip));
                continue;
            }
        };
        let host = filter.hostname.as_deref().unwrap_or_default();
        if filter.is_plain_domain() {
            let entry = hosts.entry(host);
            entry.plain_filter = true;
            push_unique(&mut entry.domain_patterns, pattern);
            continue;
        }
        let id = filter_lines.len() as u32;
        by_text.insert(line, id);
        if filter.is_host_only() {
            hosts.entry(host).host_filters.push(id);
        } else if filter.is_host_anchored() {
            hosts.entry(host).path_filters.push((id, filter.path_key()));
        } else {
            match filter.required_literals() {
                Some(alternatives) => literals.extend(alternatives.into_iter().map(|l| (l, id))),
                None => always.push(id),
            }
        }
        filter_lines.push(line);
        filter_patterns.push(vec![pattern]);
    }

    for (line, patterns) in filter_lines.iter().zip(&filter_patterns) {
        let (off, len) = w.string(line.as_bytes());
        let (start, end) = append(&mut w, Section::PatternLists, patterns);
        w.section(Section::Filters).extend([off, len, start, end]);
    }

    write_hosts(&mut w, &hosts);
    write_grams(&mut w, literals);
    w.section(Section::Always).extend(always);
    for (line, skip) in skipped {
        let (off, len) = w.string(line.as_bytes());
        w.section(Section::Skipped).extend([off, len, skip.code()]);
    }
    Ok(w.finish())
}

/// Host entries (`matcher::HOST_FIELDS`) and their open-addressing table, at most half full.
fn write_hosts(w: &mut Writer, hosts: &Hosts) {
    let slots = (hosts.entries.len() * 2).next_power_of_two().max(16);
    let mut table = vec![0u32; slots * 2];
    let mut listed = vec![0u32; HOST_BITMAP_WORDS];
    let mut with_path_filters = vec![0u32; HOST_BITMAP_WORDS];
    for (i, (key, e)) in hosts.keys.iter().zip(&hosts.entries).enumerate() {
        let (key_off, key_len) = w.string(key.as_bytes());
        let dp = append(w, Section::PatternLists, &e.domain_patterns);
        let hf = append_filters(w, e.host_filters.iter().map(|&id| (id, [0, 0])));
        let pf = append_filters(w, e.path_filters.iter().copied());
        let flags = if e.plain_filter { HOST_PLAIN_FILTER } else { 0 };
        w.section(Section::Hosts).extend([key_off, key_len, dp.0, dp.1, flags, hf.0, hf.1, pf.0, pf.1]);
        let hash = host_hash(key.as_bytes());
        set_host_bit(&mut listed, hash);
        if !e.path_filters.is_empty() {
            set_host_bit(&mut with_path_filters, hash);
        }
        let mut slot = hash as usize & (slots - 1);
        while table[slot * 2 + 1] != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot * 2] = hash;
        table[slot * 2 + 1] = i as u32 + 1;
    }
    w.section(Section::HostSlots).extend(table);
    w.section(Section::HostBitmap).extend(listed);
    w.section(Section::PathHostBitmap).extend(with_path_filters);
}

fn append(w: &mut Writer, section: Section, list: &[u32]) -> (u32, u32) {
    let start = w.section(section).len() as u32;
    w.section(section).extend_from_slice(list);
    (start, w.section(section).len() as u32)
}

/// Appends a filter list and, beside it, each filter's path key; returns its range.
fn append_filters(w: &mut Writer, filters: impl Iterator<Item = (u32, [u32; 2])>) -> (u32, u32) {
    let start = w.section(Section::FilterLists).len() as u32;
    for (id, key) in filters {
        w.section(Section::FilterLists).push(id);
        w.section(Section::FilterListKeys).extend(key);
    }
    (start, w.section(Section::FilterLists).len() as u32)
}

/// (literal, offset of the indexed window inside it, filter id)
type GramEntry = (Box<[u8]>, u32, u32);

fn gram_at(text: &[u8], i: usize) -> u32 {
    u32::from(text[i]) | u32::from(text[i + 1]) << 8 | u32::from(text[i + 2]) << 16
}

/// Each literal is indexed by its rarest 3-byte window, avoiding windows common in URLs.
fn write_grams(w: &mut Writer, literals: Vec<(Box<[u8]>, u32)>) {
    let mut frequency: HashMap<u32, u32> = HashMap::new();
    for (lit, _) in &literals {
        for i in 0..lit.len().saturating_sub(2) {
            *frequency.entry(gram_at(lit, i)).or_default() += 1;
        }
    }
    let mut grams: Vec<u32> = Vec::new();
    let mut by_gram: HashMap<u32, Vec<GramEntry>> = HashMap::new();
    for (lit, filter) in literals {
        if lit.len() < 3 {
            continue;
        }
        let best = (0..lit.len() - 2)
            .min_by_key(|&i| {
                let common = COMMON_GRAMS.iter().any(|g| &lit[i..i + 3] == *g);
                (common, frequency[&gram_at(&lit, i)])
            })
            .unwrap_or(0);
        let gram = gram_at(&lit, best);
        let list = by_gram.entry(gram).or_insert_with(|| {
            grams.push(gram);
            Vec::new()
        });
        list.push((lit, best as u32, filter));
    }
    let mut bitmap = vec![0u32; GRAM_BITMAP_WORDS];
    let slots = (grams.len() * 2).next_power_of_two().max(16);
    let mut table = vec![0u32; slots * 3];
    for gram in grams {
        let bit = gram_hash(gram) as usize;
        bitmap[bit >> 5] |= 1 << (bit & 31);
        let start = w.section(Section::GramEntries).len() as u32 / 4;
        for (lit, offset, filter) in &by_gram[&gram] {
            let (off, len) = w.string(lit);
            w.section(Section::GramEntries).extend([off, len, *offset, *filter]);
        }
        let end = w.section(Section::GramEntries).len() as u32 / 4;
        let mut slot = bit & (slots - 1);
        while table[slot * 3] != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot * 3..slot * 3 + 3].copy_from_slice(&[gram, start, end]);
    }
    w.section(Section::GramBitmap).extend(bitmap);
    w.section(Section::GramSlots).extend(table);
}

fn push_unique(list: &mut Vec<u32>, p: u32) {
    if !list.contains(&p) {
        list.push(p);
    }
}
