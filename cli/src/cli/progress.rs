//! Progress of `plan`, `apply`, `audit` and `import` on a terminal: one bar per phase on
//! standard error (phases read side by side get a bar each: items done of the total, the item
//! last started, elapsed time), and nothing at all when standard error is not a terminal.

use std::collections::HashMap;
use std::io::IsTerminal as _;
use std::sync::{Arc, Mutex, PoisonError};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use jumpgate_aws::Progress;

use super::output::escape_controls;

/// Bars on standard error, drawn only while it is a terminal.
#[derive(Debug)]
struct Bars {
    all: MultiProgress,
    by_phase: Mutex<HashMap<String, ProgressBar>>,
}

/// The progress reporter for the adapter: bars when standard error is a terminal, else none.
pub(super) fn on_terminal() -> Option<Arc<dyn Progress>> {
    if std::io::stderr().is_terminal() {
        Some(Arc::new(Bars {
            all: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            by_phase: Mutex::new(HashMap::new()),
        }))
    } else {
        None
    }
}

impl Bars {
    fn with(&self, phase: &str, act: impl FnOnce(&ProgressBar)) {
        if let Some(bar) = self
            .by_phase
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(phase)
        {
            act(bar);
        }
    }
}

impl Progress for Bars {
    fn begin(&self, phase: &str, total: usize) {
        let bar = self
            .all
            .add(ProgressBar::new(u64::try_from(total).unwrap_or(u64::MAX)));
        if let Ok(style) =
            ProgressStyle::with_template("{prefix} [{elapsed_precise}] {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar.set_prefix(escape_controls(phase).into_owned());
        let previous = self
            .by_phase
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(phase.to_owned(), bar);
        if let Some(previous) = previous {
            previous.finish_and_clear();
        }
    }

    fn started(&self, phase: &str, what: &str) {
        let what = escape_controls(what).into_owned();
        self.with(phase, |bar| bar.set_message(what));
    }

    fn finished(&self, phase: &str) {
        self.with(phase, |bar| bar.inc(1));
    }

    fn end(&self, phase: &str) {
        let bar = self
            .by_phase
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(phase);
        if let Some(bar) = bar {
            bar.finish_and_clear();
            self.all.remove(&bar);
        }
    }
}
