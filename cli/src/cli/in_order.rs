//! Work on many inputs at once, its results used one by one in the inputs' order, with a bounded
//! number of them held: `lint` over thousands of files on every CPU, with the output of a run on
//! one thread, byte for byte.

use std::ops::{ControlFlow, Range};

use rayon::iter::{IntoParallelIterator, ParallelIterator};

/// Inputs per chunk, per thread: enough that the threads rarely wait for one another (once per
/// chunk), few enough that what is held stays small.
const CHUNK_PER_THREAD: usize = 16;

/// Inputs per chunk at least, whatever the number of threads.
const CHUNK_AT_LEAST: usize = 128;

/// Calls `emit(work(0))`, `emit(work(1))`, ... `emit(work(count - 1))`, in this order, while
/// computing `work` on `jobs` threads (`None`: rayon's default, one per CPU or
/// `RAYON_NUM_THREADS`), until `emit` breaks: no further chunk is started then.
///
/// The inputs go in chunks of `max(16 × threads, 128)`: while the calling thread emits the
/// results of one chunk, the pool computes the next; so at most two chunks of results are held,
/// whatever `count` is. `work(index)` runs on the calling thread, at its turn and after every
/// earlier result was emitted, when `on_caller(index)` (standard input: read once, in order, as
/// in a run on one thread).
///
/// With one thread, or one input, or when no thread can be started, everything runs on the
/// calling thread, one input after another.
pub(super) fn for_each<T: Send>(
    count: usize,
    jobs: Option<usize>,
    on_caller: impl Fn(usize) -> bool,
    work: impl Fn(usize) -> T + Sync,
    mut emit: impl FnMut(T) -> ControlFlow<()>,
) {
    if count <= 1 || jobs == Some(1) {
        return sequential(0..count, &work, &mut emit);
    }
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .thread_name(|index| format!("lint-{index}"))
        .build()
    {
        Ok(pool) if pool.current_num_threads() > 1 => pool,
        // One CPU (or `RAYON_NUM_THREADS=1`), or threads cannot be started: the same output,
        // one input after another.
        _ => return sequential(0..count, &work, &mut emit),
    };
    let chunk = (CHUNK_PER_THREAD * pool.current_num_threads()).max(CHUNK_AT_LEAST);
    let work = &work;
    let compute = |range: Range<usize>| -> Vec<T> { range.into_par_iter().map(work).collect() };
    // Computed, not emitted yet.
    let mut ready: Vec<T> = Vec::new();
    let mut next = 0;
    while next < count {
        if on_caller(next) {
            if emit_all(&mut ready, &mut emit).is_break() {
                return;
            }
            if emit(work(next)).is_break() {
                return;
            }
            next += 1;
            continue;
        }
        // The next chunk: up to `chunk` inputs, none of them for the calling thread.
        let end = (next..count.min(next + chunk))
            .find(|&index| on_caller(index))
            .unwrap_or(count.min(next + chunk));
        let mut computed = Vec::new();
        let flow = pool.in_place_scope(|scope| {
            scope.spawn(|_| computed = compute(next..end));
            emit_all(&mut ready, &mut emit)
        });
        if flow.is_break() {
            return;
        }
        ready = computed;
        next = end;
    }
    let _ = emit_all(&mut ready, &mut emit);
}

/// `emit(work(index))` for each index in order, on the calling thread.
fn sequential<T>(
    range: Range<usize>,
    work: &impl Fn(usize) -> T,
    emit: &mut impl FnMut(T) -> ControlFlow<()>,
) {
    for index in range {
        if emit(work(index)).is_break() {
            return;
        }
    }
}

/// Emits (and drops) every result of `ready`, in order, until `emit` breaks.
fn emit_all<T>(ready: &mut Vec<T>, emit: &mut impl FnMut(T) -> ControlFlow<()>) -> ControlFlow<()> {
    for result in ready.drain(..) {
        emit(result)?;
    }
    ControlFlow::Continue(())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    /// The indices emitted, in order, by a run over `count` inputs whose work takes a varied
    /// time (so that later inputs often finish first).
    fn emitted(count: usize, jobs: Option<usize>, on_caller: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut seen = Vec::new();
        for_each(
            count,
            jobs,
            on_caller,
            |index| {
                std::thread::sleep(Duration::from_micros(((index * 7919) % 13) as u64 * 100));
                index
            },
            |index| {
                seen.push(index);
                ControlFlow::Continue(())
            },
        );
        seen
    }

    #[test]
    fn results_come_in_input_order_at_every_number_of_threads() {
        let all: Vec<usize> = (0..300).collect();
        for jobs in [None, Some(1), Some(2), Some(3), Some(8)] {
            assert_eq!(emitted(300, jobs, |_| false), all, "{jobs:?}");
            // Some inputs on the calling thread, at their turn.
            assert_eq!(emitted(300, jobs, |index| index % 50 == 7), all, "{jobs:?}");
        }
        assert_eq!(emitted(0, None, |_| false), Vec::<usize>::new());
        assert_eq!(emitted(1, None, |_| false), [0]);
    }

    #[test]
    fn work_on_the_calling_thread_runs_after_every_earlier_result_was_emitted() {
        let emitted_count = AtomicUsize::new(0);
        let mut order = Vec::new();
        for_each(
            200,
            Some(4),
            |index| index % 64 == 10,
            |index| {
                if index % 64 == 10 {
                    // Everything before it was emitted already.
                    assert_eq!(emitted_count.load(Ordering::SeqCst), index);
                }
                index
            },
            |index| {
                order.push(index);
                emitted_count.fetch_add(1, Ordering::SeqCst);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(order, (0..200).collect::<Vec<_>>());
    }

    #[test]
    fn at_most_two_chunks_of_results_are_held_or_in_progress() {
        let started = AtomicUsize::new(0);
        let mut most_ahead = 0;
        let mut emitted = 0;
        for_each(
            2000,
            Some(2),
            |_| false,
            |index| {
                started.fetch_max(index + 1, Ordering::SeqCst);
                index
            },
            |_| {
                emitted += 1;
                most_ahead = most_ahead.max(started.load(Ordering::SeqCst) - emitted);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(emitted, 2000);
        // Two threads: chunks of `CHUNK_AT_LEAST`, one emitted while the next is computed.
        assert!(most_ahead < 2 * CHUNK_AT_LEAST, "{most_ahead}");
    }

    #[test]
    fn a_break_stops_the_work() {
        let done = AtomicUsize::new(0);
        let mut seen = Vec::new();
        for_each(
            100_000,
            Some(2),
            |_| false,
            |index| {
                done.fetch_add(1, Ordering::SeqCst);
                index
            },
            |index| {
                seen.push(index);
                if index == 9 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
        // The chunk being emitted, and the one computed meanwhile.
        assert!(done.load(Ordering::SeqCst) <= 2 * CHUNK_AT_LEAST);
    }

    #[test]
    #[should_panic(expected = "input 33")]
    fn a_panic_in_the_work_reaches_the_caller() {
        for_each(
            100,
            Some(2),
            |_| false,
            |index| {
                assert_ne!(index, 33, "input 33");
                index
            },
            |_| ControlFlow::Continue(()),
        );
    }
}
