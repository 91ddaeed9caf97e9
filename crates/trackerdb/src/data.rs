//! The text form of the tracker data: categories, organisations and patterns from
//! `@ghostery/trackerdb`, as written by `xtask/js/compile-trackerdb.mjs` (one line per
//! record, tab-separated, descriptions dropped; `target/trackerdb/trackerdb.txt`). The build
//! step only selects fields; `compile` turns this text into the binary image the extension
//! loads (`image`), so every semantic decision stays in this crate. Tests load the text
//! directly (`TrackerDb::load` compiles it first).
//!
//! ```text
//! shoptrust-trackerdb 1
//! source @ghostery/trackerdb 1.0.945
//! c <key> \t <name>                                   category
//! o <key> \t <name> \t <country> \t <privacy policy URL> \t <website URL>
//! p <key> \t <name> \t <category index> \t <organisation index, or empty>
//! d <domain>                                          domain of the last `p`
//! f <filter>                                          filter of the last `p`
//! ```

#![cfg_attr(target_arch = "wasm32", allow(dead_code))] // the parser serves the native compiler

use std::fmt;
use std::ops::Range;

pub const MAGIC: &str = "shoptrust-trackerdb 1";

/// Why tracker data could not be loaded or compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The text data is not UTF-8 (the decoder's message).
    NotUtf8(String),
    /// The text data is over 4 GiB: its offsets would not fit the image's u32 words.
    TooLarge,
    /// The text does not start with [`MAGIC`].
    NotTrackerData,
    /// A line of the text data that cannot be read, by its 1-based number.
    BadLine {
        line: usize,
        what: &'static str,
    },
    /// More patterns than a pattern id can number.
    TooManyPatterns,
    /// Bytes that are neither the text data nor an image.
    NotAnImage,
    /// An image written by another version of the compiler.
    ImageVersion {
        found: u32,
        expected: u32,
    },
    /// The image's section table is damaged: wrong count, cut short, or out of bounds.
    SectionCount,
    TruncatedSectionTable,
    SectionOutOfBounds(usize),
    /// Text data given to a build without the compiler (the wasm reads only images).
    TextNotCompiled {
        bytes: usize,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("tracker data: ")?;
        match self {
            LoadError::NotUtf8(e) => write!(f, "not UTF-8: {e}"),
            LoadError::TooLarge => f.write_str("too large"),
            LoadError::NotTrackerData => write!(f, "does not start with `{MAGIC}`"),
            LoadError::BadLine { line, what } => write!(f, "line {line}: {what}"),
            LoadError::TooManyPatterns => f.write_str("too many patterns"),
            LoadError::NotAnImage => f.write_str("not a tracker data image"),
            LoadError::ImageVersion { found, expected } => {
                write!(f, "image version {found}, this build reads {expected}; rebuild the data")
            }
            LoadError::SectionCount => f.write_str("unexpected section count"),
            LoadError::TruncatedSectionTable => f.write_str("truncated section table"),
            LoadError::SectionOutOfBounds(i) => write!(f, "section {i} out of bounds"),
            LoadError::TextNotCompiled { bytes } => {
                write!(f, "{bytes} bytes of text data: this build reads only the compiled image")
            }
        }
    }
}

impl std::error::Error for LoadError {}

type Span = (u32, u32);

pub struct CategoryRecord {
    pub key: Span,
    pub name: Span,
}

pub struct OrganizationRecord {
    pub key: Span,
    pub name: Span,
    pub country: Span,
    pub privacy_policy_url: Span,
    pub website_url: Span,
}

pub struct PatternRecord {
    pub key: Span,
    pub name: Span,
    pub category: u16,
    pub organization: Option<u16>,
}

/// What the loader hands to the index builder: every record, with the domain and filter
/// lines of each pattern.
pub struct Records {
    pub text: String,
    pub source: Span,
    pub categories: Vec<CategoryRecord>,
    pub organizations: Vec<OrganizationRecord>,
    pub patterns: Vec<PatternRecord>,
    /// (pattern index, domain)
    pub domains: Vec<(u32, Span)>,
    /// (pattern index, filter line)
    pub filters: Vec<(u32, Span)>,
}

impl Records {
    pub fn str(&self, span: Span) -> &str {
        &self.text[span.0 as usize..span.1 as usize]
    }
}

pub fn parse(bytes: &[u8]) -> Result<Records, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::NotUtf8(e.to_string()))?.to_string();
    if text.len() > u32::MAX as usize {
        return Err(LoadError::TooLarge);
    }
    let mut records = Records {
        text: String::new(),
        source: (0, 0),
        categories: Vec::new(),
        organizations: Vec::new(),
        patterns: Vec::new(),
        domains: Vec::new(),
        filters: Vec::new(),
    };
    let mut lines = LineSpans::new(&text);
    match lines.next() {
        Some(first) if &text[range(first)] == MAGIC => {}
        _ => return Err(LoadError::NotTrackerData),
    }
    for (number, line) in lines.enumerate() {
        let number = number + 2;
        let s = &text[range(line)];
        if s.is_empty() {
            continue;
        }
        let (tag, _) = s.split_at(s.find(' ').ok_or(LoadError::BadLine { line: number, what: "no tag" })?);
        let body = (line.0 + tag.len() as u32 + 1, line.1);
        let fields = fields(&text, body);
        let bad = |what: &'static str| LoadError::BadLine { line: number, what };
        match tag {
            "source" => records.source = body,
            "c" if fields.len() == 2 => records.categories.push(CategoryRecord { key: fields[0], name: fields[1] }),
            "o" if fields.len() == 5 => records.organizations.push(OrganizationRecord {
                key: fields[0],
                name: fields[1],
                country: fields[2],
                privacy_policy_url: fields[3],
                website_url: fields[4],
            }),
            "p" if fields.len() == 4 => {
                let category: u16 = text[range(fields[2])].parse().map_err(|_| bad("category index"))?;
                if category as usize >= records.categories.len() {
                    return Err(bad("category index out of range"));
                }
                let org = &text[range(fields[3])];
                let organization = if org.is_empty() {
                    None
                } else {
                    let i: u16 = org.parse().map_err(|_| bad("organisation index"))?;
                    if i as usize >= records.organizations.len() {
                        return Err(bad("organisation index out of range"));
                    }
                    Some(i)
                };
                records.patterns.push(PatternRecord { key: fields[0], name: fields[1], category, organization });
            }
            "d" | "f" => {
                let Some(pattern) = records.patterns.len().checked_sub(1) else {
                    return Err(bad("domain or filter before any pattern"));
                };
                let list = if tag == "d" { &mut records.domains } else { &mut records.filters };
                list.push((pattern as u32, body));
            }
            _ => return Err(bad("unknown record")),
        }
    }
    records.text = text;
    Ok(records)
}

fn range(span: Span) -> Range<usize> {
    span.0 as usize..span.1 as usize
}

fn fields(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::with_capacity(5);
    let mut start = span.0;
    for (i, b) in text[range(span)].bytes().enumerate() {
        if b == b'\t' {
            out.push((start, span.0 + i as u32));
            start = span.0 + i as u32 + 1;
        }
    }
    out.push((start, span.1));
    out
}

struct LineSpans<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> LineSpans<'a> {
    fn new(text: &'a str) -> Self {
        LineSpans { text, pos: 0 }
    }
}

impl Iterator for LineSpans<'_> {
    type Item = Span;
    fn next(&mut self) -> Option<Span> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..]).map_or(self.text.len(), |i| start + i);
        self.pos = end + 1;
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        Some((start as u32, end as u32))
    }
}
