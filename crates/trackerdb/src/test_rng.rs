//! A fixed pseudo-random sequence for the tests that generate inputs (xorshift64): the same
//! seed gives the same cases, so a failure repeats.

/// Numbers below `n`, from the sequence that `seed` (not 0) starts.
pub fn below(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}
