//! Memory stays proportional to the layout when its lists repeat entries: a user listing one
//! group 15,000 times, or a grant listing one account 15,000 times, costs `access_paths`,
//! `production_rule`, `check` and `render` no more heap at their peak than the same layout
//! without the repeats, give or take a bound that does not grow with the repeats. Measured
//! with a counting global allocator (bytes, not time).

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use org_model::reachability::{access_paths, production_rule};
use org_model::{Layout, checks, render, seed};

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: AllocLayout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Tests measure one at a time: the counters are process-wide.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The peak of live heap bytes while `work` runs, above what was live before it.
fn peak_during(work: impl FnOnce()) -> usize {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    work();
    PEAK.load(Ordering::SeqCst).saturating_sub(before)
}

const REPEATS: usize = 15_000;

/// The seed with bob listing `operators` (admin and read-only in six accounts) 15,000 times.
fn repeated_group() -> Layout {
    let mut layout = seed::landing_zone();
    let bob = layout
        .users
        .iter_mut()
        .find(|user| user.name == "bob")
        .expect("the seed has bob");
    bob.groups
        .extend(std::iter::repeat_n("operators".to_owned(), REPEATS));
    layout
}

/// The seed with the operators' admin grant listing `PRD` 15,000 times.
fn repeated_account() -> Layout {
    let mut layout = seed::landing_zone();
    let grant = layout
        .grants
        .iter_mut()
        .find(|grant| grant.group == "operators" && grant.role == "admin")
        .expect("the seed grants operators admin");
    grant
        .accounts
        .extend(std::iter::repeat_n("PRD".to_owned(), REPEATS));
    layout
}

/// Bytes a pass may use beyond the clean layout's peak: twice the repeated list itself (a
/// `String` of up to 9 bytes each), i.e. memory proportional to the input; a pass that
/// expands each repeat into what the entry reaches needs several times more.
const SLACK: usize = 2 * REPEATS * (std::mem::size_of::<String>() + 9);

fn assert_bounded(name: &str, repeated: &Layout, pass: impl Fn(&Layout)) {
    let clean = seed::landing_zone();
    let clean_peak = peak_during(|| pass(&clean));
    let repeated_peak = peak_during(|| pass(repeated));
    assert!(
        repeated_peak <= clean_peak + SLACK,
        "{name}: peak {repeated_peak} bytes with {REPEATS} repeats, {clean_peak} without \
         (allowed: {SLACK} more)"
    );
}

/// A pass over a layout, by name.
type Pass = (&'static str, Box<dyn Fn(&Layout)>);

fn passes() -> Vec<Pass> {
    vec![
        (
            "access_paths",
            Box::new(|layout: &Layout| {
                std::hint::black_box(access_paths(layout));
            }),
        ),
        (
            "production_rule",
            Box::new(|layout: &Layout| {
                std::hint::black_box(production_rule(layout).verdict());
            }),
        ),
        (
            "check",
            Box::new(|layout: &Layout| {
                std::hint::black_box(checks::check(layout));
            }),
        ),
        (
            "render",
            Box::new(|layout: &Layout| {
                std::hint::black_box(render::render(layout).ok());
            }),
        ),
    ]
}

#[test]
fn a_group_listed_fifteen_thousand_times_costs_no_more_memory() {
    let _guard = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let layout = repeated_group();
    // The same paths as without the repeats.
    assert_eq!(
        access_paths(&layout).len(),
        access_paths(&seed::landing_zone()).len()
    );
    for (name, pass) in passes() {
        assert_bounded(name, &layout, pass);
    }
}

#[test]
fn an_account_listed_fifteen_thousand_times_costs_no_more_memory() {
    let _guard = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let layout = repeated_account();
    assert_eq!(
        access_paths(&layout).len(),
        access_paths(&seed::landing_zone()).len()
    );
    for (name, pass) in passes() {
        assert_bounded(name, &layout, pass);
    }
}
