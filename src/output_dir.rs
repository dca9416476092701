//! Writing a rendering into a directory so that the directory cannot be turned against its user.
//!
//! [`replace_dir`] never writes into the output directory. It builds the whole tree beside it
//! (in `.NAME.jumpgate-PID-NANOS/tree`, in the same parent, created private to the user) and
//! swaps the tree into place with one rename, so that a render killed at any point leaves either
//! the earlier tree or the new one, never a mix, a truncated file or a tree without its
//! manifest:
//!
//! * `DIR` missing: created (its parents too), by renaming the finished tree to it.
//! * `DIR` empty, or holding only what an earlier render wrote: replaced. "What an earlier render
//!   wrote" is its `manifest.json` and the regular files that manifest lists, each with the
//!   listed length and SHA-256 (or FNV-1a, which manifests gave before), in directories on
//!   those files' paths. On Linux the swap is one
//!   `renameat2(RENAME_EXCHANGE)`; where the file system cannot exchange (or elsewhere) `DIR` is
//!   renamed away and the new tree renamed in, and a render killed between those two renames
//!   leaves the earlier tree at `.NAME.jumpgate-…/old`. Files of the earlier render that this
//!   one does not write (a removed user's `aws-config`) are gone with the earlier tree.
//! * `DIR` holding anything else (a file not in the manifest, one changed since it was written,
//!   a symbolic link, another directory, no manifest at all): refused with
//!   [`WriteError::Foreign`], which names them, and nothing is written. Nothing that jumpgate
//!   did not write is ever overwritten or deleted.
//! * `DIR` a symbolic link (given as `--out`): followed, once, to the directory it names, which
//!   is replaced (the link stays); a link to nothing is refused. Symbolic links inside `DIR` are
//!   never followed: they are foreign.
//!
//! Every file is created new (`O_EXCL`, which never follows a link) and flushed to disk with
//! its directory before the swap (`syncfs` on Linux, `fsync` elsewhere); the parent directory is
//! flushed after it.
//! The earlier tree is removed once it is out of place, file by file, each checked again against
//! its manifest; whatever appeared in it meanwhile is kept, and [`Replaced::kept`] says where.
//! A render killed before its swap leaves its `.NAME.jumpgate-…` directory behind; the next
//! render names such leftovers ([`Replaced::leftovers`]), which are safe to delete.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use org_model::render::Rendered;
use sha2::Digest as _;

/// The name of the manifest in a rendered tree.
const MANIFEST: &str = "manifest.json";

/// The largest earlier `manifest.json` read (a larger one is not one jumpgate wrote).
const MAX_MANIFEST_BYTES: u64 = 256 * 1024 * 1024;

/// How many foreign entries a refusal names (the rest are counted).
const NAMED_FOREIGN: usize = 10;

/// What [`replace_dir`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    /// The directory written: the output directory, or the directory its symbolic link names.
    pub dir: PathBuf,
    /// How many files were written, `manifest.json` included.
    pub written: usize,
    /// The files of the earlier render that this one does not write (removed), sorted.
    pub removed: Vec<String>,
    /// Where the earlier tree was kept because something it held could not be checked as
    /// written by jumpgate (it appeared after the check); `None` when it was removed.
    pub kept: Option<PathBuf>,
    /// Directories beside the output left by renders that were interrupted.
    pub leftovers: Vec<PathBuf>,
}

/// Something in the output directory that jumpgate did not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Foreign {
    /// The path inside the output directory, with `/`.
    pub path: String,
    /// What it is.
    pub kind: ForeignKind,
}

/// Why an entry of the output directory is not jumpgate's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForeignKind {
    /// A file the earlier manifest does not list (or there is no earlier manifest).
    File,
    /// A file the earlier manifest lists, with other contents now.
    Changed,
    /// A directory on none of the earlier manifest's paths.
    Directory,
    /// A symbolic link.
    SymbolicLink,
    /// A FIFO, socket or device.
    Special,
    /// `manifest.json` that is not a manifest jumpgate wrote.
    NotAManifest,
}

impl fmt::Display for Foreign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.path)?;
        match self.kind {
            ForeignKind::File => Ok(()),
            ForeignKind::Changed => f.write_str(" (changed since jumpgate wrote it)"),
            ForeignKind::Directory => f.write_str(" (a directory jumpgate did not write)"),
            ForeignKind::SymbolicLink => f.write_str(" (a symbolic link)"),
            ForeignKind::Special => f.write_str(" (not a regular file)"),
            ForeignKind::NotAManifest => f.write_str(" (not a manifest jumpgate wrote)"),
        }
    }
}

/// The foreign entries of a refusal: the first few named, the rest counted.
#[derive(Debug)]
pub struct ForeignList(pub Vec<Foreign>);

impl fmt::Display for ForeignList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, foreign) in self.0.iter().take(NAMED_FOREIGN).enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{foreign}")?;
        }
        if self.0.len() > NAMED_FOREIGN {
            write!(f, " and {} more", self.0.len() - NAMED_FOREIGN)?;
        }
        Ok(())
    }
}

/// Why the output directory was not replaced.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The directory holds what jumpgate did not write; nothing was written.
    #[error("refusing to replace `{dir}`: it holds what jumpgate did not write: {foreign}")]
    Foreign {
        /// The output directory, as given.
        dir: String,
        /// What is not jumpgate's.
        foreign: ForeignList,
    },
    /// The output path exists and is not a directory.
    #[error("`{path}` is not a directory")]
    NotADirectory {
        /// The output path, as given.
        path: String,
    },
    /// The output path is a symbolic link to nothing.
    #[error("`{path}` is a symbolic link to nothing")]
    DanglingLink {
        /// The output path, as given.
        path: String,
    },
    /// The output path names no directory that could be replaced (`/`, `..`).
    #[error("`{path}` names no directory that can be replaced")]
    NoName {
        /// The output path, as given.
        path: String,
    },
    /// A rendered path would leave the output directory (never from [`org_model::render`]).
    #[error("the rendered path `{path}` does not stay inside the output directory")]
    UnsafePath {
        /// The rendered path.
        path: String,
    },
    /// A file system operation failed; nothing was replaced.
    #[error("cannot {action} `{path}`: {source}")]
    Io {
        /// What was being done: `create`, `write`, `replace with the new tree`, ...
        action: &'static str,
        /// On what.
        path: String,
        /// Why.
        source: io::Error,
    },
}

impl WriteError {
    /// What to do about it, when there is something to say.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            WriteError::Foreign { .. } => Some(
                "render replaces the whole directory: move these out of it, or render into \
                 another directory",
            ),
            WriteError::NotADirectory { .. } | WriteError::DanglingLink { .. } => {
                Some("name a directory, or a path where one can be created")
            }
            _ => None,
        }
    }
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> WriteError + use<> {
    let path = path.display().to_string();
    move |source| WriteError::Io {
        action,
        path,
        source,
    }
}

/// Replaces the directory `out` with the files of `rendered` (see the [module docs](self)).
pub fn replace_dir(out: &Path, rendered: &Rendered) -> Result<Replaced, WriteError> {
    let files = rendered.files();
    for path in files.keys() {
        if !is_relative_path(path) {
            return Err(WriteError::UnsafePath { path: path.clone() });
        }
    }
    let target = resolve(out)?;
    let earlier = match &target.existing {
        Some(_) => Some(inspect(&target.dir, out)?),
        None => None,
    };
    let stage = Stage::create(&target)?;
    let tree = stage.path.join("tree");
    let staged = write_tree(&tree, files).and_then(|()| {
        if let Some(permissions) = &target.existing {
            fs::set_permissions(&tree, permissions.clone())
                .map_err(io_error("set the permissions of", &tree))?;
        }
        Ok(())
    });
    if let Err(error) = staged {
        stage.discard();
        return Err(error);
    }
    let old = match swap(&tree, &target, &stage) {
        Ok(old) => old,
        Err(error) => {
            stage.discard();
            return Err(error);
        }
    };
    sync_dir(&target.parent);
    let mut kept = None;
    if let (Some(old), Some(earlier)) = (old, &earlier)
        && !remove_earlier(&old, earlier)
    {
        kept = Some(stage.path.clone());
    }
    if kept.is_none() {
        let _ = fs::remove_dir(&stage.path);
    }
    let removed = earlier.map_or_else(Vec::new, |earlier| {
        let mut removed: Vec<String> = earlier
            .listed
            .into_keys()
            .filter(|path| !files.contains_key(path))
            .collect();
        removed.sort();
        removed
    });
    let leftovers = leftovers(&target, &stage.path);
    Ok(Replaced {
        dir: target.dir,
        written: files.len(),
        removed,
        kept,
        leftovers,
    })
}

/// A `/`-separated relative path of plain names.
fn is_relative_path(path: &str) -> bool {
    path.split('/').all(|segment| {
        !segment.is_empty() && segment != "." && segment != ".." && !segment.contains('\\')
    }) && !path.contains('\0')
}

/// The output directory, resolved.
struct Target {
    /// The directory to replace (a symbolic link given as `--out` resolved).
    dir: PathBuf,
    /// Its parent, where the new tree is built.
    parent: PathBuf,
    /// Its name in the parent.
    name: OsString,
    /// When it exists: its permissions, given to the new tree.
    existing: Option<fs::Permissions>,
}

fn resolve(out: &Path) -> Result<Target, WriteError> {
    let shown = || out.display().to_string();
    let (dir, existing) = match fs::symlink_metadata(out) {
        Ok(metadata) if metadata.is_dir() || metadata.file_type().is_symlink() => {
            let dir = fs::canonicalize(out).map_err(|source| {
                if source.kind() == io::ErrorKind::NotFound {
                    WriteError::DanglingLink { path: shown() }
                } else {
                    io_error("resolve", out)(source)
                }
            })?;
            let metadata = fs::metadata(&dir).map_err(io_error("read", out))?;
            if !metadata.is_dir() {
                return Err(WriteError::NotADirectory { path: shown() });
            }
            (dir, Some(metadata.permissions()))
        }
        Ok(_) => return Err(WriteError::NotADirectory { path: shown() }),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            let name = out
                .file_name()
                .ok_or_else(|| WriteError::NoName { path: shown() })?;
            let parent = match out.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            fs::create_dir_all(parent).map_err(io_error("create", parent))?;
            let parent = fs::canonicalize(parent).map_err(io_error("resolve", parent))?;
            (parent.join(name), None)
        }
        Err(error) => return Err(io_error("read", out)(error)),
    };
    match (dir.parent(), dir.file_name()) {
        (Some(parent), Some(name)) => Ok(Target {
            parent: parent.to_path_buf(),
            name: name.to_os_string(),
            dir: dir.clone(),
            existing,
        }),
        _ => Err(WriteError::NoName { path: shown() }),
    }
}

/// What an earlier render wrote, by its manifest.
struct Earlier {
    /// Listed files: path → (length, hash).
    listed: HashMap<String, (u64, FileHash)>,
    /// Every directory on a listed path (`accounts`, `accounts/PRD`, ...).
    directories: BTreeSet<String>,
}

impl Earlier {
    fn empty() -> Self {
        Earlier {
            listed: HashMap::new(),
            directories: BTreeSet::new(),
        }
    }

    /// Reads the listing from a manifest's JSON; `None` when it is not one jumpgate wrote.
    fn from_manifest(bytes: &[u8]) -> Option<Self> {
        let manifest: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        let mut earlier = Earlier::empty();
        for entry in manifest.get("files")?.as_array()? {
            let path = entry.get("path")?.as_str()?;
            let length = entry.get("bytes")?.as_u64()?;
            let hash = FileHash::from_entry(entry)?;
            if !is_relative_path(path) || path == MANIFEST {
                return None;
            }
            let mut end = 0;
            while let Some(slash) = path[end..].find('/') {
                end += slash;
                earlier.directories.insert(path[..end].to_owned());
                end += 1;
            }
            earlier.listed.insert(path.to_owned(), (length, hash));
        }
        Some(earlier)
    }

    /// Whether the regular file at `path` (relative `relative`) is one this render wrote,
    /// unchanged. Reads it without following a link, at most its listed length plus one byte.
    fn wrote(&self, path: &Path, relative: &str) -> bool {
        let Some((length, hash)) = self.listed.get(relative) else {
            return false;
        };
        let Ok(file) = open_no_follow(path) else {
            return false;
        };
        match file.metadata() {
            Ok(metadata) if metadata.is_file() && metadata.len() == *length => {}
            _ => return false,
        }
        let mut file = file.take(length.saturating_add(1));
        let (copied, digest) = match hash {
            FileHash::Sha256(_) => {
                let mut hasher = sha2::Sha256::new();
                let copied = io::copy(&mut file, &mut hasher);
                (copied, format!("{:x}", hasher.finalize()))
            }
            FileHash::Fnv1a64(_) => {
                let mut hasher = Fnv1a64(0xcbf2_9ce4_8422_2325);
                let copied = io::copy(&mut file, &mut hasher);
                (copied, format!("{:016x}", hasher.0))
            }
        };
        matches!(copied, Ok(copied) if copied == *length) && digest == hash.hex()
    }
}

/// A file's hash as a manifest gives it, in lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileHash {
    /// `sha256`: what manifests give.
    Sha256(String),
    /// `fnv1a64`: what manifests gave before SHA-256, still read so that an earlier render by an
    /// earlier jumpgate is recognised as jumpgate's.
    Fnv1a64(String),
}

impl FileHash {
    /// The hash of a manifest entry: `sha256` (64 hex digits) or `fnv1a64` (16).
    fn from_entry(entry: &serde_json::Value) -> Option<Self> {
        let is_hex = |text: &str, length: usize| {
            text.len() == length
                && text
                    .bytes()
                    .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
        };
        if let Some(hash) = entry.get("sha256") {
            let hash = hash.as_str().filter(|hash| is_hex(hash, 64))?;
            return Some(FileHash::Sha256(hash.to_owned()));
        }
        let hash = entry
            .get("fnv1a64")?
            .as_str()
            .filter(|hash| is_hex(hash, 16))?;
        Some(FileHash::Fnv1a64(hash.to_owned()))
    }

    fn hex(&self) -> &str {
        match self {
            FileHash::Sha256(hex) | FileHash::Fnv1a64(hex) => hex,
        }
    }
}

/// The 64-bit FNV-1a hash, fed as a writer.
struct Fnv1a64(u64);

impl io::Write for Fnv1a64 {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Opens a file for reading without following a symbolic link and without blocking on a FIFO.
fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads the earlier manifest of `dir` and checks every entry of `dir` against it; refuses
/// when anything is not what an earlier render wrote.
fn inspect(dir: &Path, out: &Path) -> Result<Earlier, WriteError> {
    let mut foreign = Vec::new();
    let manifest = dir.join(MANIFEST);
    let earlier = match fs::symlink_metadata(&manifest) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Earlier::empty(),
        Err(error) => return Err(io_error("read", &manifest)(error)),
        // Anything but a regular file is reported by the walk below.
        Ok(metadata) if !metadata.is_file() => Earlier::empty(),
        Ok(_) => match read_manifest(&manifest).map(|bytes| Earlier::from_manifest(&bytes)) {
            Ok(Some(earlier)) => earlier,
            Ok(None) => {
                foreign.push(Foreign {
                    path: MANIFEST.to_owned(),
                    kind: ForeignKind::NotAManifest,
                });
                Earlier::empty()
            }
            Err(error) => return Err(io_error("read", &manifest)(error)),
        },
    };
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((directory, prefix)) = pending.pop() {
        let entries = fs::read_dir(&directory).map_err(io_error("read", &directory))?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(io_error("read", &directory))?;
            let kind = entry.file_type().map_err(io_error("read", &entry.path()))?;
            names.push((entry.file_name(), entry.path(), kind));
        }
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, path, kind) in names {
            let relative = format!("{prefix}{}", name.to_string_lossy());
            let is_name = name.to_str().is_some();
            let kind = if kind.is_symlink() {
                Some(ForeignKind::SymbolicLink)
            } else if kind.is_dir() {
                if is_name && earlier.directories.contains(&relative) {
                    pending.push((path, format!("{relative}/")));
                    None
                } else {
                    Some(ForeignKind::Directory)
                }
            } else if !kind.is_file() {
                Some(ForeignKind::Special)
            } else if relative == MANIFEST {
                // A foreign manifest is already listed.
                None
            } else if !is_name || !earlier.listed.contains_key(&relative) {
                Some(ForeignKind::File)
            } else if earlier.wrote(&path, &relative) {
                None
            } else {
                Some(ForeignKind::Changed)
            };
            if let Some(kind) = kind {
                foreign.push(Foreign {
                    path: relative,
                    kind,
                });
            }
        }
    }
    if !foreign.is_empty() {
        foreign.sort_by(|a, b| a.path.cmp(&b.path));
        return Err(WriteError::Foreign {
            dir: out.display().to_string(),
            foreign: ForeignList(foreign),
        });
    }
    Ok(earlier)
}

fn read_manifest(path: &Path) -> io::Result<Vec<u8>> {
    let file = open_no_follow(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_MANIFEST_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        // Too large to be one jumpgate wrote: not parsed, so reported as not a manifest.
        bytes.clear();
    }
    Ok(bytes)
}

/// The private directory beside the output where the new tree is built.
struct Stage {
    path: PathBuf,
}

impl Stage {
    /// The prefix of stage directory names for `target`: `.NAME.jumpgate-`.
    fn prefix(target: &Target) -> OsString {
        let mut prefix = OsString::from(".");
        prefix.push(&target.name);
        prefix.push(".jumpgate-");
        prefix
    }

    /// Creates `.NAME.jumpgate-PID-NANOS` beside the output, readable by the user alone (so that
    /// no one else can put anything into the tree built in it).
    fn create(target: &Target) -> Result<Self, WriteError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt as _;
            builder.mode(0o700);
        }
        let mut attempt = 0u32;
        loop {
            let mut name = Stage::prefix(target);
            name.push(format!("{}-{nanos}-{attempt}", std::process::id()));
            let path = target.parent.join(name);
            match builder.create(&path) {
                Ok(()) => return Ok(Stage { path }),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(error) => return Err(io_error("create", &path)(error)),
            }
        }
    }

    /// Removes the new tree built here (after a failure, when it was not swapped in), then the
    /// stage if nothing else is in it (an earlier tree that could not be put back stays).
    fn discard(&self) {
        let _ = fs::remove_dir_all(self.path.join("tree"));
        let _ = fs::remove_dir(&self.path);
    }
}

/// Writes every file under `root` (created here), each new and flushed to disk.
fn write_tree(root: &Path, files: &BTreeMap<String, String>) -> Result<(), WriteError> {
    fs::create_dir(root).map_err(io_error("create", root))?;
    let mut directories = vec![root.to_path_buf()];
    let mut created = BTreeSet::new();
    for (relative, contents) in files {
        let mut path = root.to_path_buf();
        let segments: Vec<&str> = relative.split('/').collect();
        for (depth, segment) in segments.iter().enumerate() {
            path.push(segment);
            if depth + 1 < segments.len() && created.insert(segments[..=depth].join("/")) {
                fs::create_dir(&path).map_err(io_error("create", &path))?;
                directories.push(path.clone());
            }
        }
        write_new(&path, contents.as_bytes()).map_err(io_error("write", &path))?;
    }
    flush_tree(root, &directories).map_err(io_error("flush to disk", root))
}

/// Creates `path` (failing if anything, a link included, is there) with `contents`; flushed to
/// disk here where [`flush_tree`] cannot do it at once.
fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(contents)?;
    #[cfg(not(target_os = "linux"))]
    file.sync_all()?;
    Ok(())
}

/// Flushes the tree at `root` to disk before it is swapped in, so that not even a power failure
/// after the swap can leave the new tree with empty files. Linux: one `syncfs` for the file
/// system holding it (every file and directory at once; an `fsync` each made a render of two
/// thousand files six times slower). Elsewhere the files are flushed as written, and here each
/// directory.
fn flush_tree(root: &Path, directories: &[PathBuf]) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd as _;
        let _ = directories;
        let directory = File::open(root)?;
        // SAFETY: the descriptor is open for as long as `directory` lives, past the call.
        if unsafe { libc::syncfs(directory.as_raw_fd()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = root;
        for directory in directories.iter().rev() {
            sync_dir(directory);
        }
        Ok(())
    }
}

/// Flushes a directory's entries to disk, where directories can be opened (best effort: the
/// rename that publishes them is what matters to a reader).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Ok(directory) = File::open(path) {
        let _ = directory.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Puts `tree` in place of the output; returns where the earlier tree went, if there was one.
fn swap(tree: &Path, target: &Target, stage: &Stage) -> Result<Option<PathBuf>, WriteError> {
    if target.existing.is_none() {
        // Renaming a directory onto an empty one replaces it; onto anything else it fails.
        fs::rename(tree, &target.dir).map_err(io_error("create", &target.dir))?;
        return Ok(None);
    }
    #[cfg(target_os = "linux")]
    match exchange(tree, &target.dir) {
        Ok(()) => return Ok(Some(tree.to_path_buf())),
        Err(error)
            if matches!(
                error.raw_os_error(),
                Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
            ) => {}
        Err(error) => return Err(io_error("replace", &target.dir)(error)),
    }
    swap_by_renames(tree, &target.dir, &stage.path.join("old")).map(Some)
}

/// Puts `tree` in place of `dir` with two renames, `dir` to `old` first: between them `dir`
/// does not exist, and a render killed there leaves the earlier tree at `old`. Returns `old`.
fn swap_by_renames(tree: &Path, dir: &Path, old: &Path) -> Result<PathBuf, WriteError> {
    fs::rename(dir, old).map_err(io_error("move away", dir))?;
    if let Err(error) = fs::rename(tree, dir) {
        let _ = fs::rename(old, dir);
        return Err(io_error("replace", dir)(error));
    }
    Ok(old.to_path_buf())
}

/// Exchanges two paths atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt as _;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are to NUL-terminated strings that live until the call returns;
    // renameat2 only reads them.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Removes the earlier tree at `old`, each file checked again against its manifest; returns
/// whether all of it is gone.
fn remove_earlier(old: &Path, earlier: &Earlier) -> bool {
    // What was swapped out is a directory unless something replaced the output meanwhile (a
    // link is never followed).
    if !fs::symlink_metadata(old).is_ok_and(|metadata| metadata.is_dir()) {
        return false;
    }
    let mut pending = vec![(old.to_path_buf(), String::new(), false)];
    let mut complete = true;
    while let Some((directory, prefix, visited)) = pending.pop() {
        if visited {
            complete &= fs::remove_dir(&directory).is_ok();
            continue;
        }
        pending.push((directory.clone(), prefix.clone(), true));
        let Ok(entries) = fs::read_dir(&directory) else {
            complete = false;
            continue;
        };
        for entry in entries {
            let Ok(entry) = entry else {
                complete = false;
                continue;
            };
            let (Ok(kind), Some(name)) = (
                entry.file_type(),
                entry.file_name().to_str().map(str::to_owned),
            ) else {
                complete = false;
                continue;
            };
            let relative = format!("{prefix}{name}");
            if kind.is_dir() && earlier.directories.contains(&relative) {
                pending.push((entry.path(), format!("{relative}/"), false));
            } else if kind.is_file()
                && (relative == MANIFEST || earlier.wrote(&entry.path(), &relative))
            {
                complete &= fs::remove_file(entry.path()).is_ok();
            } else {
                complete = false;
            }
        }
    }
    complete
}

/// Stage directories of earlier renders into the same output, other than `current`.
fn leftovers(target: &Target, current: &Path) -> Vec<PathBuf> {
    let prefix = Stage::prefix(target);
    let Some(prefix) = prefix.to_str() else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(&target.parent) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(|name| name.starts_with(prefix))
        })
        .map(|entry| entry.path())
        .filter(|path| path != current)
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_plain_names() {
        assert!(is_relative_path("jump/users.json"));
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "a/./b",
            "a\\..\\b",
            "a/",
            "a\0b",
        ] {
            assert!(!is_relative_path(bad), "{bad:?}");
        }
    }

    /// A scratch directory, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(test: &str) -> Self {
            let path = std::env::temp_dir()
                .join(format!("jumpgate-output-dir-{}-{test}", std::process::id()));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).expect("creates a temp dir");
            Scratch(path)
        }

        fn write(&self, relative: &str, contents: &str) {
            let path = self.0.join(relative);
            fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            fs::write(path, contents).expect("writes");
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// The manifest of files with these contents.
    fn manifest(files: &[(&str, &str)]) -> String {
        let files: Vec<serde_json::Value> = files
            .iter()
            .map(|(path, contents)| {
                serde_json::json!({
                    "path": path,
                    "bytes": contents.len(),
                    "sha256": format!("{:x}", sha2::Sha256::digest(contents.as_bytes())),
                })
            })
            .collect();
        serde_json::json!({ "files": files }).to_string()
    }

    #[test]
    fn swapping_by_two_renames_moves_the_earlier_tree_aside() {
        let scratch = Scratch::new("renames");
        scratch.write("out/a.txt", "earlier\n");
        scratch.write("stage/tree/a.txt", "new\n");
        let old = swap_by_renames(
            &scratch.0.join("stage/tree"),
            &scratch.0.join("out"),
            &scratch.0.join("stage/old"),
        )
        .expect("swaps");
        assert_eq!(old, scratch.0.join("stage/old"));
        let read = |path: &str| fs::read_to_string(scratch.0.join(path)).expect("reads");
        assert_eq!(read("out/a.txt"), "new\n");
        assert_eq!(read("stage/old/a.txt"), "earlier\n");
        assert!(!scratch.0.join("stage/tree").exists());

        // When the new tree cannot be moved in, the earlier one is put back.
        let error = swap_by_renames(
            &scratch.0.join("stage/missing"),
            &scratch.0.join("out"),
            &scratch.0.join("stage/old2"),
        )
        .expect_err("nothing to move in");
        assert!(error.to_string().starts_with("cannot replace `"), "{error}");
        assert_eq!(read("out/a.txt"), "new\n");
        assert!(!scratch.0.join("stage/old2").exists());
    }

    #[test]
    fn removing_the_earlier_tree_keeps_what_it_did_not_write() {
        let scratch = Scratch::new("remove");
        let files = [("a/b.json", "{}\n"), ("c.md", "# c\n"), ("d/e.txt", "e\n")];
        for (path, contents) in files {
            scratch.write(&format!("old/{path}"), contents);
        }
        let listing = manifest(&files);
        scratch.write("old/manifest.json", &listing);
        let earlier = Earlier::from_manifest(listing.as_bytes()).expect("a manifest");
        // Added after the check: a file, a changed file, a link.
        scratch.write("old/a/new.txt", "mine\n");
        scratch.write("old/d/e.txt", "changed\n");
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/passwd", scratch.0.join("old/link")).expect("symlink");

        assert!(!remove_earlier(&scratch.0.join("old"), &earlier));
        let mut left: Vec<String> = Vec::new();
        let mut pending = vec![(scratch.0.join("old"), String::new())];
        while let Some((directory, prefix)) = pending.pop() {
            for entry in fs::read_dir(&directory).expect("reads") {
                let entry = entry.expect("an entry");
                let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
                if entry.file_type().expect("a type").is_dir() {
                    pending.push((entry.path(), format!("{name}/")));
                } else {
                    left.push(name);
                }
            }
        }
        left.sort();
        let mut expected = vec!["a/new.txt", "d/e.txt"];
        if cfg!(unix) {
            expected.push("link");
        }
        assert_eq!(left, expected);
        assert!(fs::metadata("/etc/passwd").is_ok());

        // Only what it wrote: all of it goes.
        let scratch = Scratch::new("remove-all");
        for (path, contents) in files {
            scratch.write(&format!("old/{path}"), contents);
        }
        scratch.write("old/manifest.json", &listing);
        // A link in the earlier tree's place is not followed.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("old", scratch.0.join("link")).expect("symlink");
            assert!(!remove_earlier(&scratch.0.join("link"), &earlier));
            assert!(scratch.0.join("old/c.md").exists());
        }
        assert!(remove_earlier(&scratch.0.join("old"), &earlier));
        assert!(!scratch.0.join("old").exists());
    }

    #[test]
    fn a_manifest_lists_files_and_their_directories() {
        let hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let manifest = serde_json::json!({
            "files": [
                {"path": "a/b/c.json", "bytes": 0, "sha256": hash},
                {"path": "d.md", "bytes": 0, "sha256": hash},
            ]
        });
        let earlier = Earlier::from_manifest(manifest.to_string().as_bytes()).expect("parses");
        assert_eq!(earlier.directories.iter().collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(earlier.listed.len(), 2);
        for bad in [
            serde_json::json!({"files": [{"path": "../x", "bytes": 0, "sha256": hash}]}),
            serde_json::json!({"files": [{"path": "x", "bytes": 0, "fnv1a64": "00"}]}),
            serde_json::json!({"files": [{"path": "x", "bytes": 0}]}),
            serde_json::json!({"files": [{"path": "x", "bytes": 0, "sha256": "XYZ"}]}),
            serde_json::json!({"files": [{"path": "manifest.json", "bytes": 0, "sha256": hash}]}),
            serde_json::json!({"files": {}}),
            serde_json::json!([]),
        ] {
            assert!(
                Earlier::from_manifest(bad.to_string().as_bytes()).is_none(),
                "{bad}"
            );
        }
    }
}
