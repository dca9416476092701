//! `jumpgate plan`, `jumpgate apply` and `jumpgate audit`: the layout against AWS (feature
//! `aws`).

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use clap::builder::TypedValueParser as _;
use clap::{Args, ValueEnum};
use jumpgate::credentials_dir::{self, CredentialsDir};
use jumpgate::iam_policy::AccountId;
use jumpgate::iam_policy::Partition;
use jumpgate::org_model::{CheckedLayout, Layout};
use jumpgate::planner::{Op, Plan, PlanOptions};
use jumpgate_aws::{Aws, CredentialSink, InitialPassword, RetrySettings, Settings, SettleSettings};

use super::check::{LoadedLayout, load_layout, parse_layout, text_lines};
use super::input::read_input;
use super::output::{Failed, Stdout, error_line, help_line};
use super::saved_plan::{self, LayoutRef};
use super::write_back::{NewId, lines_to_add, write_back};
use super::{EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE};

/// Exit code of `plan`: there are changes to make.
const EXIT_CHANGES: u8 = 2;

/// How to reach AWS.
#[derive(Debug, Args)]
pub(super) struct ConnectionArgs {
    /// A custom endpoint for every service (e.g. a moto server).
    #[arg(long, value_name = "URL")]
    endpoint_url: Option<String>,
    /// A named profile from the shared AWS config files (the management account's).
    #[arg(long)]
    profile: Option<String>,
    /// The Region (us-east-1 when neither this nor the environment sets one).
    #[arg(long)]
    region: Option<String>,
    /// The role assumed in member accounts.
    #[arg(
        long,
        default_value = "OrganizationAccountAccessRole",
        value_name = "NAME"
    )]
    member_role: String,
    /// Attempts per AWS call (retries back off exponentially with jitter, and the client slows
    /// down as a whole when AWS throttles; 1 disables them).
    #[arg(long, default_value_t = 5, value_name = "N")]
    max_attempts: u32,
    /// How many accounts are read and written at once (1: one call at a time, in the plan's
    /// order). The plan does not depend on it.
    #[arg(
        long,
        default_value_t = jumpgate_aws::connection::DEFAULT_PARALLELISM,
        value_name = "N",
        value_parser = clap::value_parser!(u16).range(1..=256).map(usize::from)
    )]
    parallelism: usize,
    /// How long to wait, in seconds, for what AWS makes eventually consistent: a new account's
    /// role becoming assumable, a fresh role or bucket policy becoming visible to Config and
    /// CloudTrail (only those answers are retried).
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    settle_timeout: u64,
}

impl ConnectionArgs {
    /// The connection settings for `layout` (its partition).
    fn settings(&self, layout: &Layout) -> Settings {
        self.settings_in(layout.organization.partition)
    }

    /// The connection settings in `partition`.
    fn settings_in(&self, partition: Partition) -> Settings {
        Settings {
            partition,
            endpoint_url: self.endpoint_url.clone(),
            profile: self.profile.clone(),
            region: self.region.clone(),
            retry: RetrySettings {
                max_attempts: self.max_attempts.max(1),
                ..RetrySettings::default()
            },
            member_role: self.member_role.clone(),
            parallelism: self.parallelism,
            settle: SettleSettings {
                timeout: std::time::Duration::from_secs(self.settle_timeout),
                ..SettleSettings::default()
            },
            progress: super::progress::on_terminal(),
            ..Settings::default()
        }
    }
}

/// Output format of `plan` and `audit`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub(super) struct PlanArgs {
    /// The layout file (TOML); `-` reads standard input.
    #[arg(value_name = "LAYOUT.toml")]
    file: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Plan deletions of managed resources that left the layout.
    #[arg(long)]
    prune: bool,
    /// Plan taking ownership of resources made outside jumpgate that the layout describes
    /// (tags roles, users and policies `managed-by = jumpgate`; marks groups with jumpgate's
    /// inline policy).
    #[arg(long)]
    adopt: bool,
    /// Also save the plan to this file, for `apply --plan` (a file or symbolic link there is
    /// replaced).
    #[arg(long, value_name = "PLAN.json")]
    out: Option<PathBuf>,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Debug, Args)]
pub(super) struct ApplyArgs {
    /// The layout file (TOML); with --plan, the one the plan was saved from when absent.
    #[arg(value_name = "LAYOUT.toml", required_unless_present = "plan")]
    file: Option<String>,
    /// Execute exactly the plan `plan --out` saved, refused when AWS or the layout changed
    /// since (its options --prune and --adopt are the plan's).
    #[arg(long, value_name = "PLAN.json")]
    plan: Option<String>,
    /// Delete managed resources that left the layout.
    #[arg(long, conflicts_with = "plan")]
    prune: bool,
    /// Take ownership of resources made outside jumpgate that the layout describes.
    #[arg(long, conflicts_with = "plan")]
    adopt: bool,
    /// Do not ask before applying (required when standard input is not a terminal).
    #[arg(long)]
    yes: bool,
    /// Where the initial passwords of new console users go, one file each, readable by you
    /// only (default: $XDG_STATE_HOME/jumpgate/credentials, or
    /// ~/.local/state/jumpgate/credentials).
    #[arg(long, value_name = "DIR")]
    credentials_dir: Option<PathBuf>,
    /// Do not write the ids of the accounts apply creates into the layout file: print the lines
    /// to add instead.
    #[arg(long)]
    no_write_back: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
}

/// The initial passwords of an apply, written to a [`CredentialsDir`]; the files of the login
/// profiles that exist are listed afterwards (never the passwords).
#[derive(Debug)]
struct PasswordFiles {
    dir: CredentialsDir,
    /// (account, user) → the file, while the login profile is being created.
    pending: Mutex<BTreeMap<(AccountId, String), PathBuf>>,
    /// The files of login profiles that exist, in order.
    written: Mutex<Vec<(AccountId, String, PathBuf)>>,
}

impl CredentialSink for PasswordFiles {
    fn store(
        &self,
        account: AccountId,
        user: &str,
        password: &InitialPassword,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let path = self.dir.write(account.as_str(), user, password.expose())?;
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert((account, user.to_owned()), path);
        Ok(())
    }

    fn confirm(&self, account: AccountId, user: &str) {
        let path = self
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&(account, user.to_owned()));
        if let Some(path) = path {
            self.written
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((account, user.to_owned(), path));
        }
    }

    fn discard(&self, account: AccountId, user: &str) {
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&(account, user.to_owned()));
        if let Err(error) = self.dir.remove(account.as_str(), user) {
            error_line(&format!("warning: {error}"));
        }
    }
}

impl PasswordFiles {
    /// Says where each initial password went (on standard output).
    fn report(&self) {
        let written =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(PoisonError::into_inner));
        let mut stdout = Stdout::lock();
        for (account, user, path) in written {
            // The summary is informational: the files are written either way.
            let _ = stdout.line(&format!(
                "Initial password of user `{user}` in {account}: written to {} (readable by you \
                 only); hand it over, then delete the file.",
                path.display()
            ));
        }
    }
}

/// Whether `plan` creates accounts (whose IAM comes in a second round).
fn creates_accounts(plan: &Plan) -> bool {
    plan.changes
        .iter()
        .flat_map(|change| &change.ops)
        .any(|op| matches!(op, Op::CreateAccount { .. }))
}

/// Whether `plan` creates login profiles (whose initial passwords need a directory).
fn creates_login_profiles(plan: &Plan) -> bool {
    plan.changes
        .iter()
        .flat_map(|change| &change.ops)
        .any(|op| matches!(op, Op::CreateLoginProfile { .. }))
}

/// Opens the credentials directory `--credentials-dir` names, or the default one.
fn password_files(
    dir: Option<&PathBuf>,
) -> Result<PasswordFiles, credentials_dir::CredentialsDirError> {
    let dir = match dir {
        Some(dir) => dir.clone(),
        None => credentials_dir::default_dir()?,
    };
    Ok(PasswordFiles {
        dir: CredentialsDir::open(&dir)?,
        pending: Mutex::new(BTreeMap::new()),
        written: Mutex::new(Vec::new()),
    })
}

/// Loads and checks the layout; `None` (after printing why) when it cannot be used.
fn checked_layout(file: &str, limit: u64) -> Option<(String, CheckedLayout)> {
    check_loaded(load_layout(file, limit).ok()?)
}

/// Loads and checks the layout, with the SHA-256 of its bytes as read (lowercase hex); `None`
/// (after printing why) when it cannot be used.
fn hashed_layout(file: &str, limit: u64) -> Option<(String, CheckedLayout, String)> {
    let input = match read_input(file, limit) {
        Ok(input) => input,
        Err(unreadable) => {
            unreadable.print();
            return None;
        }
    };
    let sha256 = saved_plan::sha256_hex(&input.bytes);
    let (name, layout) = check_loaded(parse_layout(input.name, input.bytes).ok()?)?;
    Some((name, layout, sha256))
}

/// Checks a loaded layout, printing its findings; `None` on any ERROR.
fn check_loaded(loaded: LoadedLayout) -> Option<(String, CheckedLayout)> {
    let checked = CheckedLayout::check(loaded.layout);
    let report = match &checked {
        Ok(checked) => checked.report(),
        Err(rejected) => rejected.report(),
    };
    for finding in &report.findings {
        for line in text_lines(&loaded.name, finding) {
            error_line(&line);
        }
    }
    let Ok(checked) = checked else {
        error_line(&format!(
            "{}: error: the layout has ERROR findings (see above)",
            loaded.name
        ));
        return None;
    };
    Some((loaded.name, checked))
}

/// Prints multi-line text (a plan, an audit report) line by line.
fn print_text(stdout: &mut Stdout, text: &str) -> Result<(), Failed> {
    for line in text.lines() {
        stdout.line(line)?;
    }
    Ok(())
}

/// Prints pretty JSON (`serde_json::to_string_pretty`'s result); the exit code when it cannot.
fn print_json(json: serde_json::Result<String>) -> Result<(), u8> {
    match json {
        Ok(json) => Stdout::lock().json(&json).map_err(|Failed| Failed::CODE),
        Err(error) => {
            error_line(&format!("error: {error}"));
            Err(EXIT_INVALID_INPUT)
        }
    }
}

fn runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => Some(runtime),
        Err(error) => {
            error_line(&format!("error: cannot start the async runtime: {error}"));
            None
        }
    }
}

pub(super) fn plan(args: &PlanArgs, limit: u64) -> u8 {
    let Some((_, layout, sha256)) = hashed_layout(&args.file, limit) else {
        return EXIT_INVALID_INPUT;
    };
    let Some(runtime) = runtime() else {
        return EXIT_INVALID_INPUT;
    };
    let options = PlanOptions {
        prune: args.prune,
        adopt: args.adopt,
    };
    let result = runtime.block_on(async {
        let aws = Aws::connect(args.connection.settings(&layout)).await?;
        let plan = aws.plan(&layout, options).await?;
        Ok::<_, jumpgate_aws::Error>((plan, aws.caller_account()))
    });
    let (plan, caller) = match result {
        Ok(planned) => planned,
        Err(error) => {
            error_line(&format!("error: {error}"));
            return EXIT_INVALID_INPUT;
        }
    };
    if let Some(out) = &args.out {
        let layout_ref = LayoutRef {
            path: args.file.clone(),
            sha256,
        };
        let partition = layout.organization.partition;
        let written = saved_plan::to_text(&layout_ref, partition, caller, options, &plan)
            .map_err(|error| error.to_string())
            .and_then(|text| saved_plan::write_replacing(out, &text));
        if let Err(error) = written {
            error_line(&format!("error: the plan was not saved: {error}"));
            return EXIT_INVALID_INPUT;
        }
        error_line(&format!(
            "Saved the plan to {}: review it, then run `jumpgate apply --plan {}`.",
            out.display(),
            out.display()
        ));
    }
    let printed = match args.format {
        Format::Text => {
            print_text(&mut Stdout::lock(), &plan.to_text()).map_err(|Failed| Failed::CODE)
        }
        Format::Json => print_json(serde_json::to_string_pretty(&plan)),
    };
    if printed.is_err() {
        // 2 means "changes to apply" here: output that cannot be written is an error (1).
        return EXIT_INVALID_INPUT;
    }
    if plan.is_empty() {
        EXIT_OK
    } else {
        EXIT_CHANGES
    }
}

fn confirmed(changes: usize) -> bool {
    if Stdout::lock()
        .prompt(&format!("Apply {changes} change(s)? [y/N] "))
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    matches!(answer.trim(), "y" | "Y" | "yes")
}

/// Opens the credentials directory into `files` (once) when `plan` needs it: it creates login
/// profiles, or accounts while the layout has console users (they may be JUMP, whose users come
/// next). `false` (after printing why) when it cannot be opened.
fn open_password_files(
    args: &ApplyArgs,
    layout: &CheckedLayout,
    plan: &Plan,
    aws: &mut Aws,
    files: &mut Option<Arc<PasswordFiles>>,
) -> bool {
    let console_users = layout.users.iter().any(|user| user.console);
    if files.is_some()
        || !(creates_login_profiles(plan) || (console_users && creates_accounts(plan)))
    {
        return true;
    }
    match password_files(args.credentials_dir.as_ref()) {
        Ok(opened) => {
            let opened = Arc::new(opened);
            aws.set_credential_sink(opened.clone());
            *files = Some(opened);
            true
        }
        Err(error) => {
            error_line(&format!("error: credentials directory: {error}"));
            if let Some(help) = error.help() {
                help_line(help);
            }
            false
        }
    }
}

/// Refuses an apply that cannot ask; `true` when it may go on.
fn can_confirm(args: &ApplyArgs) -> bool {
    if !args.yes && !std::io::stdin().is_terminal() {
        error_line("error: standard input is not a terminal, so apply cannot ask: pass --yes");
        return false;
    }
    true
}

pub(super) fn apply(args: &ApplyArgs, limit: u64) -> u8 {
    if let Some(plan_file) = &args.plan {
        return apply_saved(args, plan_file, limit);
    }
    let Some(file) = args.file.as_deref() else {
        error_line("error: name the layout file (or a saved plan with --plan)");
        return EXIT_USAGE;
    };
    let Some((_, layout)) = checked_layout(file, limit) else {
        return EXIT_INVALID_INPUT;
    };
    if !can_confirm(args) {
        return EXIT_INVALID_INPUT;
    }
    let Some(runtime) = runtime() else {
        return EXIT_INVALID_INPUT;
    };
    let options = PlanOptions {
        prune: args.prune,
        adopt: args.adopt,
    };
    // Executes exactly the plan shown and confirmed. Accounts created by it get their IAM in a
    // second round (it cannot be planned before they have ids), shown and confirmed likewise.
    let mut files: Option<Arc<PasswordFiles>> = None;
    let result = runtime.block_on(async {
        let mut aws = Aws::connect(args.connection.settings(&layout)).await?;
        let mut applied = 0;
        let mut new_ids = Vec::new();
        for round in 0..2 {
            let plan = aws.plan(&layout, options).await?;
            let mut stdout = Stdout::lock();
            let shown = if round > 0 {
                stdout.line("IAM in the accounts just created:")
            } else {
                Ok(())
            };
            // Nothing is applied unless the plan could be shown.
            if shown
                .and_then(|()| print_text(&mut stdout, &plan.to_text()))
                .is_err()
            {
                return Ok(Err(Failed));
            }
            drop(stdout);
            if plan.is_empty() {
                break;
            }
            if !args.yes && !confirmed(plan.changes.len()) {
                if round == 0 {
                    return Ok(Ok(None));
                }
                error_line("Not applied: the new accounts get their IAM on the next apply.");
                break;
            }
            // Initial passwords need their directory before anything is written (accounts
            // created now may be JUMP, whose users come in the next round).
            if !open_password_files(args, &layout, &plan, &mut aws, &mut files) {
                return Ok(Ok(None));
            }
            if let Err(error) = aws.execute(&plan).await {
                error_line(
                    "note: the plan shown was computed before applying; run `jumpgate plan` to \
                     see what AWS looks like now",
                );
                return Err(error);
            }
            applied += plan.changes.len();
            if !creates_accounts(&plan) {
                break;
            }
        }
        // Accounts without an id in the layout that exist now (created by this apply or an
        // earlier one): their ids, to write into the layout file.
        if layout.accounts.iter().any(|account| account.id.is_none()) {
            new_ids = created_ids(&aws, &layout).await?;
        }
        Ok::<_, jumpgate_aws::Error>(Ok(Some((applied, aws.writes().count(), new_ids))))
    });
    // Where the passwords of the login profiles made went, also when a later change failed.
    if let Some(files) = &files {
        files.report();
    }
    match result {
        Ok(Err(Failed)) => Failed::CODE,
        Ok(Ok(None)) => {
            error_line("Not applied.");
            EXIT_INVALID_INPUT
        }
        Ok(Ok(Some((applied, writes, new_ids)))) => {
            // The changes are made: a summary that cannot be shown does not change the verdict.
            if applied > 0 {
                let _ = Stdout::lock().line(&format!(
                    "Applied {applied} change(s) with {writes} write call(s)."
                ));
            }
            record_new_ids(args, file, &new_ids, limit)
        }
        Err(error) => {
            error_line(&format!("error: {error}"));
            EXIT_INVALID_INPUT
        }
    }
}

/// How `apply --plan` ended (AWS errors aside).
enum SavedOutcome {
    /// The plan could not be shown: nothing applied.
    NotShown,
    /// Refused (why already printed), or not confirmed: nothing applied.
    NotApplied,
    /// AWS does not match the saved plan: nothing applied.
    Differs(jumpgate::planner::compare::PlanDifference),
    /// Applied: changes, write calls, whether accounts were created, the ids to record.
    Applied(usize, usize, bool, Vec<NewId>),
}

/// `jumpgate apply --plan PLAN.json [LAYOUT]`: executes exactly the saved plan, after checking
/// with read calls only that planning the same layout now gives the same plan; refused, before
/// any write, when the layout, the management account, the partition or AWS differ.
fn apply_saved(args: &ApplyArgs, plan_file: &str, limit: u64) -> u8 {
    let saved = match saved_plan::read(plan_file, limit) {
        Ok(saved) => saved,
        Err(code) => return code,
    };
    let file = match &args.file {
        Some(file) => file.clone(),
        None if saved.layout.path == "-" => {
            error_line(&format!(
                "{plan_file}: error: the plan was saved from a layout read from standard input: \
                 name the layout file"
            ));
            return EXIT_USAGE;
        }
        None => saved.layout.path.clone(),
    };
    let Some((name, layout, sha256)) = hashed_layout(&file, limit) else {
        return EXIT_INVALID_INPUT;
    };
    if sha256 != saved.layout.sha256 {
        error_line(&format!(
            "{name}: error: the layout changed since the plan was saved (sha256 {sha256}, the \
             plan's {})",
            saved.layout.sha256
        ));
        help_line(&format!(
            "plan it again with `jumpgate plan {file} --out {plan_file}` and review that plan"
        ));
        return EXIT_INVALID_INPUT;
    }
    let partition = layout.organization.partition;
    if partition != saved.partition {
        error_line(&format!(
            "{plan_file}: error: the plan was saved for partition `{}`, the layout is in `{}`",
            saved.partition.as_str(),
            partition.as_str()
        ));
        return EXIT_INVALID_INPUT;
    }
    if !can_confirm(args) {
        return EXIT_INVALID_INPUT;
    }
    let Some(runtime) = runtime() else {
        return EXIT_INVALID_INPUT;
    };
    let options = PlanOptions::from(saved.options);
    let mut files: Option<Arc<PasswordFiles>> = None;
    let result = runtime.block_on(async {
        let mut aws = Aws::connect(args.connection.settings(&layout)).await?;
        if aws.caller_account() != saved.management_account {
            error_line(&format!(
                "{plan_file}: error: the plan was saved for management account `{}`, the \
                 credentials are account `{}`'s",
                saved.management_account,
                aws.caller_account()
            ));
            return Ok(SavedOutcome::NotApplied);
        }
        // Read calls only: the plan of the same layout now, which must be the saved one.
        let plan = aws.plan(&layout, options).await?;
        let now = match serde_json::to_value(&plan) {
            Ok(now) => now,
            Err(error) => {
                error_line(&format!("error: {error}"));
                return Ok(SavedOutcome::NotApplied);
            }
        };
        if let Some(difference) = jumpgate::planner::compare::first_difference(&saved.plan, &now) {
            return Ok(SavedOutcome::Differs(difference));
        }
        if print_text(&mut Stdout::lock(), &plan.to_text()).is_err() {
            return Ok(SavedOutcome::NotShown);
        }
        if plan.is_empty() {
            return Ok(SavedOutcome::Applied(0, 0, false, Vec::new()));
        }
        if !args.yes && !confirmed(plan.changes.len()) {
            error_line("Not applied.");
            return Ok(SavedOutcome::NotApplied);
        }
        if !open_password_files(args, &layout, &plan, &mut aws, &mut files) {
            error_line("Not applied.");
            return Ok(SavedOutcome::NotApplied);
        }
        aws.execute(&plan).await?;
        let new_ids = if layout.accounts.iter().any(|account| account.id.is_none()) {
            created_ids(&aws, &layout).await?
        } else {
            Vec::new()
        };
        Ok::<_, jumpgate_aws::Error>(SavedOutcome::Applied(
            plan.changes.len(),
            aws.writes().count(),
            creates_accounts(&plan),
            new_ids,
        ))
    });
    if let Some(files) = &files {
        files.report();
    }
    match result {
        Ok(SavedOutcome::NotShown) => Failed::CODE,
        Ok(SavedOutcome::NotApplied) => EXIT_INVALID_INPUT,
        Ok(SavedOutcome::Differs(difference)) => {
            error_line(&format!(
                "{plan_file}: error: AWS no longer matches the saved plan: {difference}"
            ));
            for line in &difference.lines {
                error_line(&format!("    {line}"));
            }
            if saved.jumpgate_version != env!("CARGO_PKG_VERSION") {
                error_line(&format!(
                    "note: the plan was saved by jumpgate {}, this is {}",
                    saved.jumpgate_version,
                    env!("CARGO_PKG_VERSION")
                ));
            }
            help_line(&format!(
                "nothing was written; plan again with `jumpgate plan {file} --out {plan_file}` \
                 and review that plan"
            ));
            EXIT_INVALID_INPUT
        }
        Ok(SavedOutcome::Applied(applied, writes, created, new_ids)) => {
            let mut stdout = Stdout::lock();
            if applied > 0 {
                let _ = stdout.line(&format!(
                    "Applied {applied} change(s) with {writes} write call(s)."
                ));
            }
            if created {
                let _ = stdout.line(
                    "The IAM of the accounts just created is planned on the next `jumpgate \
                     plan` (it could not be planned before they had ids).",
                );
            }
            drop(stdout);
            record_new_ids(args, &file, &new_ids, limit)
        }
        Err(error) => {
            error_line(&format!("error: {error}"));
            EXIT_INVALID_INPUT
        }
    }
}

/// The accounts of `layout` without an id that exist in the organization, with their ids
/// (matched by email, as the planner matches them).
async fn created_ids(aws: &Aws, layout: &CheckedLayout) -> Result<Vec<NewId>, jumpgate_aws::Error> {
    let org = aws.read_org().await?;
    Ok(layout
        .accounts
        .iter()
        .filter(|account| account.id.is_none())
        .filter_map(|account| {
            let live = org
                .accounts
                .iter()
                .find(|live| live.email.eq_ignore_ascii_case(&account.email))?;
            Some(NewId {
                account: account.name.clone(),
                id: live.id.to_string(),
            })
        })
        .collect())
}

/// After an apply, the ids of the layout's accounts without one that exist now: written into the layout file (comments and
/// formatting kept), or, with `--no-write-back`, for a layout read from standard input, or when
/// the file cannot be rewritten, the lines to add printed. Exit 0 unless writing failed.
fn record_new_ids(args: &ApplyArgs, file: &str, new_ids: &[NewId], limit: u64) -> u8 {
    if new_ids.is_empty() {
        return EXIT_OK;
    }
    let print_lines = |why: &str| {
        let mut stdout = Stdout::lock();
        let _ = stdout.line(&format!(
            "Add the ids of the accounts just created to the layout ({why}):"
        ));
        for line in lines_to_add(new_ids) {
            let _ = stdout.line(&line);
        }
    };
    if args.no_write_back {
        print_lines("--no-write-back");
        return EXIT_OK;
    }
    if file == "-" {
        print_lines("it was read from standard input");
        return EXIT_OK;
    }
    let written = read_input(file, limit)
        .map_err(|_| "the layout file can no longer be read".to_owned())
        .and_then(|input| String::from_utf8(input.bytes).map_err(|_| "not UTF-8".to_owned()))
        .and_then(|text| write_back(&text, new_ids).map_err(|error| error.to_string()))
        .and_then(|text| {
            replace_file(std::path::Path::new(file), &text)
                .map_err(|error| format!("cannot write it: {error}"))
        });
    match written {
        Ok(()) => {
            let mut stdout = Stdout::lock();
            for new in new_ids {
                let _ = stdout.line(&format!(
                    "Wrote id = \"{}\" of account `{}` into {}.",
                    new.id, new.account, file
                ));
            }
            EXIT_OK
        }
        Err(why) => {
            error_line(&format!(
                "{file}: error: the new ids were not written: {why}"
            ));
            print_lines("by hand");
            EXIT_USAGE
        }
    }
}

/// Replaces the file at `path` (a symbolic link: its target) with `text` in one rename, so that
/// an interrupted write leaves the old file or the new one, never a mix; its permissions are
/// kept.
fn replace_file(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let path = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&path)?.permissions();
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.jumpgate-{}", std::process::id()));
    let result = std::fs::write(&temporary, text)
        .and_then(|()| std::fs::set_permissions(&temporary, permissions))
        .and_then(|()| std::fs::rename(&temporary, &path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[derive(Debug, Args)]
pub(super) struct AuditArgs {
    /// The layout file (TOML); `-` reads standard input.
    #[arg(value_name = "LAYOUT.toml")]
    file: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    connection: ConnectionArgs,
}

/// `jumpgate audit`: reads every account (read calls only) and reports each baseline item; exit
/// 0 when every item holds (waived ones included), 1 otherwise or on error.
pub(super) fn audit(args: &AuditArgs, limit: u64) -> u8 {
    let Some((_, layout)) = checked_layout(&args.file, limit) else {
        return EXIT_INVALID_INPUT;
    };
    let Some(runtime) = runtime() else {
        return EXIT_INVALID_INPUT;
    };
    let result = runtime.block_on(async {
        let aws = Aws::connect(args.connection.settings(&layout)).await?;
        aws.audit(&layout).await
    });
    let report = match result {
        Ok(report) => report,
        Err(error) => {
            error_line(&format!("error: {error}"));
            return EXIT_INVALID_INPUT;
        }
    };
    let printed = match args.format {
        Format::Text => {
            print_text(&mut Stdout::lock(), &report.to_text()).map_err(|Failed| Failed::CODE)
        }
        Format::Json => print_json(serde_json::to_string_pretty(&report)),
    };
    if let Err(code) = printed {
        return code;
    }
    if report.holds {
        EXIT_OK
    } else {
        EXIT_INVALID_INPUT
    }
}

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    /// Write the layout to this file (refused if it exists); standard output when absent.
    #[arg(long, value_name = "FILE")]
    out: Option<std::path::PathBuf>,
    /// The JUMP account's name (found from its groups when absent).
    #[arg(long, value_name = "NAME")]
    jump: Option<String>,
    /// The partition (`aws`, `aws-us-gov`, `aws-cn`, ...).
    #[arg(long, default_value = "aws", value_parser = parse_partition)]
    partition: Partition,
    #[command(flatten)]
    connection: ConnectionArgs,
}

fn parse_partition(text: &str) -> Result<Partition, String> {
    Partition::ALL
        .into_iter()
        .find(|partition| partition.as_str() == text)
        .ok_or_else(|| {
            let names: Vec<&str> = Partition::ALL.iter().map(|p| p.as_str()).collect();
            format!(
                "unknown partition `{text}`, expected one of {}",
                names.join(", ")
            )
        })
}

/// Writes `text` to `path`, which must not exist: into a new file beside it (`O_EXCL`), flushed,
/// then linked into place, which fails rather than replace anything that appeared meanwhile.
fn write_new_file(path: &std::path::Path, text: &str) -> Result<(), String> {
    let shown = path.display();
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(format!(
            "`{shown}` exists; remove it or choose another --out"
        ));
    }
    let temporary = super::saved_plan::temporary_beside(path)?;
    let written = write_and_link(&temporary, path, text);
    let _ = std::fs::remove_file(&temporary);
    written.map_err(|error| format!("cannot write `{shown}`: {error}"))
}

/// Writes `text` into the new file `temporary`, flushes it and links it as `path`.
fn write_and_link(
    temporary: &std::path::Path,
    path: &std::path::Path,
    text: &str,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temporary)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::hard_link(temporary, path)
}

pub(super) fn import(args: &ImportArgs) -> u8 {
    use jumpgate::planner::import::{ImportOptions, import_layout};
    let Some(runtime) = runtime() else {
        return EXIT_INVALID_INPUT;
    };
    let settings = args.connection.settings_in(args.partition);
    let region = args
        .connection
        .region
        .clone()
        .unwrap_or_else(|| "us-east-1".to_owned());
    let read = runtime.block_on(async {
        let aws = Aws::connect(settings).await?;
        aws.read_for_import(&region).await
    });
    let read = match read {
        Ok(read) => read,
        Err(error) => {
            error_line(&format!("error: {error}"));
            return EXIT_INVALID_INPUT;
        }
    };
    let options = ImportOptions {
        jump: args.jump.clone(),
        partition: args.partition,
        region,
    };
    let imported = match import_layout(&read, &options) {
        Ok(imported) => imported,
        Err(error) => {
            error_line(&format!("error: {error}"));
            return EXIT_INVALID_INPUT;
        }
    };
    let text = match imported.to_toml() {
        Ok(text) => text,
        Err(error) => {
            error_line(&format!("error: {error}"));
            return EXIT_INVALID_INPUT;
        }
    };
    let name = match &args.out {
        Some(path) => {
            if let Err(error) = write_new_file(path, &text) {
                error_line(&format!("error: {error}"));
                return EXIT_INVALID_INPUT;
            }
            path.display().to_string()
        }
        None => {
            if print_text(&mut Stdout::lock(), &text).is_err() {
                return EXIT_INVALID_INPUT;
            }
            "<imported>".to_owned()
        }
    };
    for left in &imported.not_imported {
        error_line(&format!("not imported: {}: {}", left.what, left.reason));
    }
    // The checks, as `check` reports them: the file describes the world, findings included.
    let checked = CheckedLayout::check(imported.layout);
    let report = match &checked {
        Ok(checked) => checked.report(),
        Err(rejected) => rejected.report(),
    };
    for finding in &report.findings {
        for line in text_lines(&name, finding) {
            error_line(&line);
        }
    }
    EXIT_OK
}
