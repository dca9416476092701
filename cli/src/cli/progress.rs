//! Progress of `plan`, `apply`, `audit` and `import` on a terminal: one bar per phase on
//! standard error (accounts or changes done of the total, the item last started, elapsed
//! time), and nothing at all when standard error is not a terminal.

use std::io::IsTerminal as _;
use std::sync::{Arc, Mutex, PoisonError};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jumpgate_aws::Progress;

use super::output::escape_controls;

/// A bar on standard error, drawn only while it is a terminal.
#[derive(Debug, Default)]
struct Bar {
    current: Mutex<Option<ProgressBar>>,
}

/// The progress reporter for the adapter: a bar when standard error is a terminal, else none.
pub(super) fn on_terminal() -> Option<Arc<dyn Progress>> {
    if std::io::stderr().is_terminal() {
        Some(Arc::new(Bar::default()))
    } else {
        None
    }
}

impl Bar {
    fn with(&self, act: impl FnOnce(&ProgressBar)) {
        if let Some(bar) = self
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            act(bar);
        }
    }
}

impl Progress for Bar {
    fn begin(&self, phase: &str, total: usize) {
        let bar = ProgressBar::with_draw_target(
            Some(u64::try_from(total).unwrap_or(u64::MAX)),
            ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            ProgressStyle::with_template("{prefix} [{elapsed_precise}] {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar.set_prefix(escape_controls(phase).into_owned());
        let previous = self
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(bar);
        if let Some(previous) = previous {
            previous.finish_and_clear();
        }
    }

    fn started(&self, what: &str) {
        let what = escape_controls(what).into_owned();
        self.with(|bar| bar.set_message(what));
    }

    fn finished(&self) {
        self.with(|bar| bar.inc(1));
    }

    fn end(&self) {
        let bar = self
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    }
}
