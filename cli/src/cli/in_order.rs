//! Work on many inputs at once, its results used one by one in the inputs' order, with a bounded
//! number of them computed ahead: `lint` over thousands of files on every CPU, with the output of
//! a run on one thread, byte for byte.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Results computed ahead of the one being used, per thread: enough that a slow input (a large
/// file) does not idle the other threads for long, few enough that what is held stays small.
const AHEAD_PER_THREAD: usize = 8;

/// Results computed ahead at least, whatever the number of threads.
const AHEAD_AT_LEAST: usize = 64;

/// Calls `emit(work(0))`, `emit(work(1))`, ... `emit(work(count - 1))`, in this order, while
/// computing `work` on `jobs` threads (`None`: rayon's default, one per CPU or
/// `RAYON_NUM_THREADS`), until `emit` breaks: no further work is started then.
///
/// `work(index)` runs on the calling thread, at its turn and after every earlier result was
/// emitted, when `on_caller(index)` (standard input: read once, in order, as in a sequential run);
/// on a pool thread otherwise. At most `max(8 × threads, 64)` results are held or in progress at
/// once, so memory is that many times one input's, whatever `count` is.
///
/// With one thread, or one input, or when no thread can be started, everything runs on the
/// calling thread, one input after another. A panic in `work` is resumed on the calling thread.
pub(super) fn for_each<T: Send>(
    count: usize,
    jobs: Option<usize>,
    on_caller: impl Fn(usize) -> bool,
    work: impl Fn(usize) -> T + Sync,
    mut emit: impl FnMut(T) -> ControlFlow<()>,
) {
    let sequential = |emit: &mut dyn FnMut(T) -> ControlFlow<()>| {
        for index in 0..count {
            if emit(work(index)).is_break() {
                return;
            }
        }
    };
    if count <= 1 || jobs == Some(1) {
        return sequential(&mut emit);
    }
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .thread_name(|index| format!("lint-{index}"))
        .build()
    {
        Ok(pool) if pool.current_num_threads() > 1 => pool,
        // One CPU (or `RAYON_NUM_THREADS=1`), or threads cannot be started: the same output,
        // one input after another.
        _ => return sequential(&mut emit),
    };
    let ahead = (AHEAD_PER_THREAD * pool.current_num_threads()).max(AHEAD_AT_LEAST);
    let stop = AtomicBool::new(false);
    let (sender, receiver) = mpsc::channel();
    let (work, stop) = (&work, &stop);
    // The calling thread waits for results and emits them; the pool's threads compute them.
    pool.in_place_scope(|scope| {
        // `held[k]`: the result of input `next + k`, once computed (`None` while it is not).
        let mut held: VecDeque<Option<std::thread::Result<T>>> = VecDeque::with_capacity(ahead);
        let mut started = 0;
        for next in 0..count {
            while started < count && started < next + ahead {
                if !on_caller(started) {
                    let sender = sender.clone();
                    let index = started;
                    scope.spawn(move |_| {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let result = catch_unwind(AssertUnwindSafe(|| work(index)));
                        // The receiver outlives the scope: the send cannot fail.
                        let _ = sender.send((index, result));
                    });
                }
                held.push_back(None);
                started += 1;
            }
            let result = if on_caller(next) {
                held.pop_front();
                work(next)
            } else {
                let result = loop {
                    if let Some(result) = held.front_mut().and_then(Option::take) {
                        break result;
                    }
                    // Every input before `started` not run here was spawned, and every spawned
                    // job sends (the stop flag is not set yet): a result is on its way.
                    let Ok((index, result)) = receiver.recv() else {
                        unreachable!("the calling thread holds a sender")
                    };
                    held[index - next] = Some(result);
                };
                held.pop_front();
                result.unwrap_or_else(|panic| resume_unwind(panic))
            };
            if emit(result).is_break() {
                stop.store(true, Ordering::Relaxed);
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
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
    fn at_most_a_window_of_results_is_held_or_in_progress() {
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
        assert!(most_ahead < AHEAD_AT_LEAST, "{most_ahead}");
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
        assert!(done.load(Ordering::SeqCst) <= 10 + AHEAD_AT_LEAST);
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
