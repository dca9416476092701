//! The directory where `jumpgate apply` writes the initial console passwords of new login
//! profiles, one file per user, readable by its owner only.
//!
//! * The directory is created private (`0700`, its missing parents normally); an existing one
//!   must be a directory (not a symbolic link), owned by the user running jumpgate and closed to
//!   group and others, or it is refused: no one else may swap a file in it.
//! * Each password goes to `<account id>-<user>.password`, created new (`O_EXCL`, never
//!   following a link) with mode `0600`, flushed to disk, then renamed into place. A file of
//!   that name is replaced only when it is one jumpgate wrote (it starts with [`MARKER`]); a
//!   symbolic link, a directory, or a file of someone else's is refused and left untouched.
//! * The password is written before the login profile is created, and the file is removed
//!   again when the login profile cannot be created: a file only exists for a password that
//!   works (or was made by a call whose answer was lost).
//!
//! The default directory is `$XDG_STATE_HOME/jumpgate/credentials`, or
//! `$HOME/.local/state/jumpgate/credentials`.

use std::fs;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

/// The first line of every password file jumpgate writes.
pub const MARKER: &str = "jumpgate initial console password";

/// The largest file read to tell whether jumpgate wrote it.
const MAX_OWN_FILE: u64 = 4096;

/// Why the credentials directory or a password file cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsDirError {
    /// Neither `XDG_STATE_HOME` nor `HOME` names a directory.
    #[error("no default credentials directory: neither `XDG_STATE_HOME` nor `HOME` is set")]
    NoDefault,
    /// The path is a symbolic link.
    #[error("`{path}` is a symbolic link")]
    SymbolicLink {
        /// The path.
        path: String,
    },
    /// The path exists and is no directory.
    #[error("`{path}` is not a directory")]
    NotADirectory {
        /// The path.
        path: String,
    },
    /// The directory belongs to another user.
    #[error("`{path}` belongs to another user")]
    NotOwned {
        /// The path.
        path: String,
    },
    /// Group or others may use the directory.
    #[error("`{path}` is open to group or others (mode {mode:o})")]
    NotPrivate {
        /// The path.
        path: String,
        /// Its permission bits.
        mode: u32,
    },
    /// A file of the name jumpgate would write exists and is not one jumpgate wrote.
    #[error("`{path}` exists and jumpgate did not write it")]
    Foreign {
        /// The path.
        path: String,
    },
    /// A file system operation failed.
    #[error("cannot {action} `{path}`: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On what.
        path: String,
        /// Why.
        source: io::Error,
    },
}

impl CredentialsDirError {
    /// What to do about it, when there is something to say.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            CredentialsDirError::NoDefault => Some("name a directory with --credentials-dir"),
            CredentialsDirError::NotPrivate { .. } => {
                Some("run `chmod 700` on it, or name another directory with --credentials-dir")
            }
            CredentialsDirError::Foreign { .. } => {
                Some("move the file away, or name another directory with --credentials-dir")
            }
            CredentialsDirError::SymbolicLink { .. }
            | CredentialsDirError::NotADirectory { .. }
            | CredentialsDirError::NotOwned { .. } => {
                Some("name a directory of your own with --credentials-dir")
            }
            CredentialsDirError::Io { .. } => None,
        }
    }
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> CredentialsDirError {
    let path = path.display().to_string();
    move |source| CredentialsDirError::Io {
        action,
        path,
        source,
    }
}

/// The default credentials directory, from the environment.
pub fn default_dir() -> Result<PathBuf, CredentialsDirError> {
    let non_empty = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    if let Some(state) = non_empty("XDG_STATE_HOME") {
        return Ok(PathBuf::from(state).join("jumpgate").join("credentials"));
    }
    non_empty("HOME")
        .map(|home| {
            PathBuf::from(home)
                .join(".local")
                .join("state")
                .join("jumpgate")
                .join("credentials")
        })
        .ok_or(CredentialsDirError::NoDefault)
}

/// A private directory of password files (see the [module docs](self)).
#[derive(Debug)]
pub struct CredentialsDir {
    dir: PathBuf,
}

impl CredentialsDir {
    /// Opens `dir`, creating it (`0700`) when it is missing; refuses a directory that is a
    /// symbolic link, someone else's, or open to group or others.
    pub fn open(dir: &Path) -> Result<Self, CredentialsDirError> {
        let shown = || dir.display().to_string();
        match fs::symlink_metadata(dir) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return Err(CredentialsDirError::SymbolicLink { path: shown() });
            }
            Ok(metadata) if !metadata.is_dir() => {
                return Err(CredentialsDirError::NotADirectory { path: shown() });
            }
            Ok(_) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                    fs::create_dir_all(parent).map_err(io_error("create", parent))?;
                }
                let mut builder = fs::DirBuilder::new();
                #[cfg(unix)]
                {
                    use std::os::unix::fs::DirBuilderExt as _;
                    builder.mode(0o700);
                }
                match builder.create(dir) {
                    Ok(()) => {}
                    // Made meanwhile: checked below like any existing directory.
                    Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(error) => return Err(io_error("create", dir)(error)),
                }
            }
            Err(error) => return Err(io_error("read", dir)(error)),
        }
        let metadata = fs::symlink_metadata(dir).map_err(io_error("read", dir))?;
        if metadata.file_type().is_symlink() {
            return Err(CredentialsDirError::SymbolicLink { path: shown() });
        }
        if !metadata.is_dir() {
            return Err(CredentialsDirError::NotADirectory { path: shown() });
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            // SAFETY: geteuid has no preconditions and cannot fail.
            let user = unsafe { libc::geteuid() };
            if metadata.uid() != user {
                return Err(CredentialsDirError::NotOwned { path: shown() });
            }
            let mode = metadata.mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(CredentialsDirError::NotPrivate {
                    path: shown(),
                    mode,
                });
            }
        }
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The file of `user`'s initial password in account `account`.
    pub fn file(&self, account: &str, user: &str) -> PathBuf {
        self.dir.join(format!("{account}-{user}.password"))
    }

    /// Writes the initial password of `user` in `account` to its file (see the
    /// [module docs](self)); returns the file's path.
    pub fn write(
        &self,
        account: &str,
        user: &str,
        password: &str,
    ) -> Result<PathBuf, CredentialsDirError> {
        let path = self.file(account, user);
        if !self.is_free_or_ours(&path)? {
            return Err(CredentialsDirError::Foreign {
                path: path.display().to_string(),
            });
        }
        let contents = format!(
            "{MARKER}\naccount: {account}\nuser: {user}\npassword: {password}\n\
             It must be changed at the first sign-in. Hand it to {user} over a safe channel, \
             then delete this file.\n"
        );
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let temporary = self.dir.join(format!(
            ".{account}-{user}.password.{}-{nanos}",
            std::process::id()
        ));
        let mut contents = contents.into_bytes();
        let written = write_private(&temporary, &contents);
        // The password is kept in the file only.
        contents.fill(0);
        std::hint::black_box(&contents);
        if let Err(error) = written {
            let _ = fs::remove_file(&temporary);
            return Err(io_error("write", &temporary)(error));
        }
        // A file that appeared since it was checked is someone else's: not replaced.
        if !self.is_free_or_ours(&path)? {
            let _ = fs::remove_file(&temporary);
            return Err(CredentialsDirError::Foreign {
                path: path.display().to_string(),
            });
        }
        if let Err(error) = fs::rename(&temporary, &path) {
            let _ = fs::remove_file(&temporary);
            return Err(io_error("rename into", &path)(error));
        }
        if let Ok(directory) = fs::File::open(&self.dir) {
            let _ = directory.sync_all();
        }
        Ok(path)
    }

    /// Removes the password file of `user` in `account` when it is one jumpgate wrote.
    pub fn remove(&self, account: &str, user: &str) -> Result<(), CredentialsDirError> {
        let path = self.file(account, user);
        if self.is_free_or_ours(&path)? {
            match fs::remove_file(&path) {
                Ok(()) => Ok(()),
                Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
                Err(error) => Err(io_error("remove", &path)(error)),
            }
        } else {
            Ok(())
        }
    }

    /// Whether `path` does not exist or is a regular file jumpgate wrote (its first line is
    /// [`MARKER`]); read without following a link.
    fn is_free_or_ours(&self, path: &Path) -> Result<bool, CredentialsDirError> {
        let metadata = match fs::symlink_metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(true),
            Err(error) => return Err(io_error("read", path)(error)),
        };
        if !metadata.is_file() {
            return Ok(false);
        }
        let mut options = fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        let Ok(file) = options.open(path) else {
            return Ok(false);
        };
        let mut head = Vec::new();
        if file.take(MAX_OWN_FILE).read_to_end(&mut head).is_err() {
            return Ok(false);
        }
        Ok(head.starts_with(format!("{MARKER}\n").as_bytes()))
    }
}

/// Creates `path` new (never following a link), readable and writable by its owner only, with
/// `contents`, flushed to disk.
fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch directory removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(test: &str) -> Self {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_nanos());
            let path = std::env::temp_dir().join(format!(
                "jumpgate-credentials-{test}-{}-{nanos}",
                std::process::id()
            ));
            fs::create_dir_all(&path).expect("scratch");
            Scratch(path)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::MetadataExt as _;
        fs::symlink_metadata(path).expect("metadata").mode() & 0o777
    }

    #[test]
    fn writes_private_files_in_a_private_directory_and_replaces_only_its_own() {
        let scratch = Scratch::new("write");
        let dir = scratch.0.join("a").join("credentials");
        let credentials = CredentialsDir::open(&dir).expect("created");
        let path = credentials
            .write("100000000001", "alice", "Secret-1")
            .expect("written");
        assert_eq!(path, dir.join("100000000001-alice.password"));
        let text = fs::read_to_string(&path).expect("read");
        assert!(text.starts_with(&format!("{MARKER}\n")), "{text}");
        assert!(text.contains("\npassword: Secret-1\n"), "{text}");
        #[cfg(unix)]
        {
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(&path), 0o600);
        }
        // Its own file is replaced; nothing else is left behind.
        credentials
            .write("100000000001", "alice", "Secret-2")
            .expect("replaced");
        assert!(
            fs::read_to_string(&path)
                .expect("read")
                .contains("password: Secret-2\n")
        );
        assert_eq!(fs::read_dir(&dir).expect("list").count(), 1);
        // Someone else's file of that name is refused and left as it is.
        fs::write(dir.join("100000000001-bob.password"), "mine\n").expect("theirs");
        let error = credentials
            .write("100000000001", "bob", "Secret-3")
            .expect_err("foreign");
        assert!(
            matches!(error, CredentialsDirError::Foreign { .. }),
            "{error}"
        );
        assert_eq!(
            fs::read_to_string(dir.join("100000000001-bob.password")).expect("read"),
            "mine\n"
        );
        credentials.remove("100000000001", "bob").expect("left");
        assert!(dir.join("100000000001-bob.password").exists());
        credentials
            .remove("100000000001", "alice")
            .expect("removed");
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_and_open_directories_are_refused() {
        use std::os::unix::fs::PermissionsExt as _;
        let scratch = Scratch::new("refuse");
        let dir = scratch.0.join("credentials");
        let credentials = CredentialsDir::open(&dir).expect("created");
        // A link where the file goes: refused, and its target untouched.
        let target = scratch.0.join("elsewhere");
        fs::write(&target, "precious\n").expect("target");
        std::os::unix::fs::symlink(&target, dir.join("1-carol.password")).expect("link");
        let error = credentials.write("1", "carol", "Secret").expect_err("link");
        assert!(
            matches!(error, CredentialsDirError::Foreign { .. }),
            "{error}"
        );
        assert_eq!(fs::read_to_string(&target).expect("read"), "precious\n");
        // The directory itself a link: refused.
        let link = scratch.0.join("link");
        std::os::unix::fs::symlink(&dir, &link).expect("link");
        assert!(matches!(
            CredentialsDir::open(&link),
            Err(CredentialsDirError::SymbolicLink { .. })
        ));
        // Open to others: refused.
        let open = scratch.0.join("open");
        fs::create_dir(&open).expect("dir");
        fs::set_permissions(&open, fs::Permissions::from_mode(0o755)).expect("chmod");
        let error = CredentialsDir::open(&open).expect_err("open");
        assert_eq!(
            error.to_string(),
            format!("`{}` is open to group or others (mode 755)", open.display())
        );
        assert!(error.help().is_some_and(|help| help.contains("chmod 700")));
        // A file: refused.
        assert!(matches!(
            CredentialsDir::open(&target),
            Err(CredentialsDirError::NotADirectory { .. })
        ));
    }
}
