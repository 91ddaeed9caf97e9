//! The small data tables (`*.tsv`) compiled into the core: one entry per line, fields
//! separated by tabs, lines starting with `#` are comments.

/// The fields of each entry, in file order.
pub fn rows(table: &'static str) -> impl Iterator<Item = std::str::Split<'static, char>> {
    table.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| l.split('\t'))
}
