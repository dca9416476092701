//! Counts the steps of loops whose length depends on the input, in test builds only, so that
//! tests can check how the work grows with the size of a document without timing anything.
//!
//! Outside tests, [`step`] compiles to nothing.

#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Records `count` steps of work (a comparison, a byte scanned, a lookup).
#[inline(always)]
pub(crate) fn step(count: usize) {
    #[cfg(test)]
    STEPS.with(|steps| steps.set(steps.get().saturating_add(count as u64)));
    #[cfg(not(test))]
    let _ = count;
}

/// Runs `work` and returns its result with the steps it recorded on this thread.
#[cfg(test)]
pub(crate) fn count<R>(work: impl FnOnce() -> R) -> (R, u64) {
    let before = STEPS.with(std::cell::Cell::get);
    let result = work();
    let after = STEPS.with(std::cell::Cell::get);
    (result, after - before)
}
