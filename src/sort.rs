//! One stable sort for the whole core. `slice::sort_by` is generic over the element and the
//! comparison, so each call site compiled its own copy of the standard library's sort (2–8 KB
//! of wasm each, some 90 KB in all), and the worker decodes and validates every byte of them
//! at each start (`new WebAssembly.Module`), sorting or not. Here the standard sort runs once,
//! on positions (`u32`) compared through a `&dyn Fn`, and the elements are then moved into
//! the order found: the same result as `sort_by` (stable: equal elements keep their order),
//! for the short lists a page evaluation sorts.

use std::cmp::Ordering;

/// Sorts `items` as `items.sort_by(compare)` does (stable).
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` as `items.sort()` does; also what `sort_unstable` gives wherever equal
/// elements cannot be told apart (numbers, strings, tuples of them).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts `items` as `items.sort_by_key(key)` does (stable).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `0..len` in the order `compare` (on positions) sorts them, equal ones in their order: the
/// one place the standard library's sort is instantiated.
#[inline(never)]
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..len as u32).collect();
    order.sort_by(|&a, &b| compare(a as usize, b as usize));
    order
}

/// Moves `items` so that position `k` holds what was at `order[k]`, following each cycle of
/// the permutation with swaps (`order` is used up as the record of what is placed).
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    const PLACED: u32 = u32::MAX;
    for start in 0..order.len() {
        if order[start] == PLACED {
            continue;
        }
        // Position `at` is to get what was at `order[at]`; that element is at `from` now
        // unless the cycle has reached its start, whose element has travelled along with it.
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = PLACED;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against the standard library on every input of a few small shapes, with many ties: a
    /// stable sort's answer is unique, so the two must agree element for element.
    #[test]
    fn agrees_with_the_standard_stable_sort() {
        let mut seed = 0x2545_f491_u32;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for len in 0..40 {
            for _ in 0..50 {
                // (key, original position): the position shows whether ties kept their order.
                let items: Vec<(u32, usize)> = (0..len).map(|i| (next() % 5, i)).collect();
                // Odd keys first, then by key, largest first.
                let compare = |a: &(u32, usize), b: &(u32, usize)| (b.0 % 2).cmp(&(a.0 % 2)).then(b.0.cmp(&a.0));
                let mut expected = items.clone();
                expected.sort_by(compare);
                let mut found = items.clone();
                sort_by(&mut found, compare);
                assert_eq!(found, expected, "{items:?}");

                let mut expected = items.clone();
                expected.sort_by_key(|e| e.0);
                let mut found = items;
                sort_by_key(&mut found, |e| e.0);
                assert_eq!(found, expected);
            }
        }
        let mut words = vec!["b".to_string(), "a".into(), "c".into(), "a".into()];
        sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
    }
}
