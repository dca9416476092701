//! `jumpgate render --out DIR` against what is already in DIR: symbolic links, stale files from
//! an earlier render, files it did not write, and a render killed midway.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

const SEED: &str = include_str!("../../examples/landing-zone.toml");

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("jumpgate-render-{}-{test}", std::process::id()));
        std::fs::remove_dir_all(&path).ok();
        std::fs::create_dir_all(&path).expect("creates a temp dir");
        Scratch(path)
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.0.join(name), contents).expect("writes a file");
        self
    }

    /// Runs `jumpgate` in the scratch directory.
    fn run(&self, arguments: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_jumpgate"))
            .args(arguments)
            .current_dir(&self.0)
            .output()
            .expect("jumpgate runs")
    }

    /// Runs `jumpgate` with the file size limit (RLIMIT_FSIZE) at 512 bytes: the first write
    /// past it kills the process with SIGXFSZ, midway through writing its files.
    fn run_killed_by_file_size_limit(&self, arguments: &[&str]) -> Output {
        Command::new("sh")
            .arg("-c")
            .arg("ulimit -f 1 && exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_jumpgate"))
            .args(arguments)
            .current_dir(&self.0)
            .output()
            .expect("sh runs")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// The seed with `from` replaced by `to` (which must occur).
fn seed_with(from: &str, to: &str) -> String {
    assert!(SEED.contains(from), "the seed has no {from:?}");
    SEED.replacen(from, to, 1)
}

/// The seed without the user `carol` and without the auditors' grant in JUMP (so without the
/// `read-only` role there).
fn seed_without_carol_and_a_grant() -> String {
    let layout = seed_with("[[user]]\nname = \"carol\"\ngroups = [\"auditors\"]\n", "");
    assert!(layout.contains(", \"LOG\", \"JUMP\"]"));
    layout.replacen(", \"LOG\", \"JUMP\"]", ", \"LOG\"]", 1)
}

/// Every file under `dir` (not following symbolic links) with its bytes, by relative path with
/// `/`; symbolic links as `-> target`.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((directory, prefix)) = pending.pop() {
        for entry in std::fs::read_dir(&directory).expect("reads a directory") {
            let entry = entry.expect("an entry");
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type().expect("a file type");
            if kind.is_dir() {
                pending.push((entry.path(), format!("{name}/")));
            } else if kind.is_symlink() {
                let target = std::fs::read_link(entry.path()).expect("a link");
                files.insert(name, format!("-> {}", target.display()).into_bytes());
            } else {
                files.insert(name, std::fs::read(entry.path()).expect("reads a file"));
            }
        }
    }
    files
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Asserts that `dir` holds exactly the files its `manifest.json` lists (plus the manifest),
/// each with the listed length and SHA-256; returns the paths.
fn assert_matches_its_manifest(dir: &Path) -> Vec<String> {
    let files = tree(dir);
    let manifest: serde_json::Value =
        serde_json::from_slice(files.get("manifest.json").expect("a manifest"))
            .expect("the manifest is JSON");
    let listed = manifest["files"].as_array().expect("a file list");
    let mut paths = Vec::new();
    for entry in listed {
        let path = entry["path"].as_str().expect("a path");
        let bytes = files
            .get(path)
            .unwrap_or_else(|| panic!("{path} is listed but missing"));
        assert_eq!(entry["bytes"].as_u64(), Some(bytes.len() as u64), "{path}");
        assert_eq!(
            entry["sha256"].as_str(),
            Some(sha256_hex(bytes).as_str()),
            "{path}"
        );
        paths.push(path.to_owned());
    }
    assert_eq!(
        files.len(),
        listed.len() + 1,
        "files on disk that the manifest does not list: {:?}",
        files
            .keys()
            .filter(|path| *path != "manifest.json" && !paths.contains(path))
            .collect::<Vec<_>>()
    );
    paths
}

#[test]
fn the_manifest_gives_each_file_its_sha256() {
    let scratch = Scratch::new("sha256");
    scratch.write("layout.toml", SEED);
    let output = scratch.run(&["render", "layout.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let paths = assert_matches_its_manifest(&scratch.path("out"));
    assert!(paths.iter().any(|path| path == "jump/users.json"));
}

#[test]
fn render_never_writes_through_symbolic_links_in_the_output_directory() {
    let scratch = Scratch::new("symlinks");
    scratch
        .write("layout.toml", SEED)
        .write("victim", "victim\n");
    std::fs::create_dir(scratch.path("elsewhere")).expect("mkdir");
    std::fs::create_dir(scratch.path("o")).expect("mkdir");
    let links = [
        ("manifest.json", "../victim"),
        ("jump", "../elsewhere"),
        ("switch-roles.md", "../created-outside"),
    ];
    for (link, target) in links {
        std::os::unix::fs::symlink(target, scratch.path("o").join(link)).expect("symlink");
    }
    let before = tree(&scratch.0);

    let output = scratch.run(&["render", "layout.toml", "--out", "o"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "");
    let stderr = text(&output.stderr);
    for (link, _) in links {
        assert!(stderr.contains(&format!("`{link}`")), "{link}: {stderr}");
    }
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(
        tree(&scratch.0),
        before,
        "nothing changed, inside or outside"
    );
    assert!(!scratch.path("created-outside").exists());
}

#[test]
fn render_removes_what_the_earlier_render_wrote_and_this_one_does_not() {
    let scratch = Scratch::new("stale");
    scratch
        .write("seed.toml", SEED)
        .write("smaller.toml", seed_without_carol_and_a_grant());
    let output = scratch.run(&["render", "seed.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let carol = "aws-config/carol.config";
    let dropped_role = "accounts/JUMP/roles/read-only/trust-policy.json";
    let first = assert_matches_its_manifest(&scratch.path("out"));
    assert!(first.iter().any(|path| path == carol));
    assert!(first.iter().any(|path| path == dropped_role));

    let output = scratch.run(&["render", "smaller.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let second = assert_matches_its_manifest(&scratch.path("out"));
    let gone: Vec<&String> = first.iter().filter(|path| !second.contains(path)).collect();
    assert!(gone.contains(&&carol.to_owned()), "{gone:?}");
    assert!(gone.contains(&&dropped_role.to_owned()), "{gone:?}");
    assert!(!scratch.path("out").join(carol).exists());
    assert!(!scratch.path("out/accounts/JUMP/roles/read-only").exists());
    assert_eq!(
        text(&output.stdout),
        format!(
            "smaller.toml: wrote {} files to out (removed {} files of the earlier render)\n",
            second.len() + 1,
            gone.len()
        )
    );
}

#[test]
fn render_refuses_files_it_did_not_write_and_files_changed_since() {
    let scratch = Scratch::new("foreign");
    scratch.write("layout.toml", SEED);
    let output = scratch.run(&["render", "layout.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    // A file of the user's own in the output directory.
    scratch.write("out/notes.txt", "mine\n");
    std::fs::create_dir(scratch.path("out/drafts")).expect("mkdir");
    let before = tree(&scratch.path("out"));
    let output = scratch.run(&["render", "layout.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    // After the seed's suggestion (ORG081), the refusal.
    assert!(
        stderr.contains("\nlayout.toml: error: refusing to replace `out`: "),
        "{stderr}"
    );
    assert!(stderr.contains("`notes.txt`"), "{stderr}");
    assert!(stderr.contains("`drafts`"), "{stderr}");
    assert!(stderr.contains("\n  = help: "), "{stderr}");
    assert_eq!(tree(&scratch.path("out")), before);
    std::fs::remove_file(scratch.path("out/notes.txt")).expect("rm");
    std::fs::remove_dir(scratch.path("out/drafts")).expect("rmdir");

    // A rendered file edited since.
    let edited = "out/aws-config/alice.config";
    let mut contents = std::fs::read(scratch.path(edited)).expect("reads");
    contents.extend_from_slice(b"# my own profile\n");
    scratch.write(edited, &contents);
    let output = scratch.run(&["render", "layout.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("`aws-config/alice.config` (changed since jumpgate wrote it)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(scratch.path(edited)).expect("reads"),
        contents
    );

    // A directory jumpgate never wrote into.
    std::fs::create_dir(scratch.path("mine")).expect("mkdir");
    scratch.write("mine/thesis.tex", "x\n");
    let output = scratch.run(&["render", "layout.toml", "--out", "mine"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("`thesis.tex`"));
    assert_eq!(
        std::fs::read(scratch.path("mine/thesis.tex")).expect("reads"),
        b"x\n"
    );
}

#[test]
fn render_replaces_an_empty_directory_and_creates_missing_ones() {
    let scratch = Scratch::new("fresh");
    scratch.write("layout.toml", SEED);
    std::fs::create_dir(scratch.path("empty")).expect("mkdir");
    for out in ["empty", "a/b/c"] {
        let output = scratch.run(&["render", "layout.toml", "--out", out]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        assert_matches_its_manifest(&scratch.path(out));
    }
    // Nothing is left beside the output directory.
    let beside: Vec<String> = std::fs::read_dir(&scratch.0)
        .expect("reads")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut beside = beside;
    beside.sort();
    assert_eq!(beside, ["a", "empty", "layout.toml"]);
}

#[test]
fn an_output_directory_given_as_a_symbolic_link_is_followed() {
    let scratch = Scratch::new("out-link");
    scratch.write("layout.toml", SEED);
    std::fs::create_dir(scratch.path("real")).expect("mkdir");
    std::os::unix::fs::symlink("real", scratch.path("link")).expect("symlink");
    for _ in 0..2 {
        let output = scratch.run(&["render", "layout.toml", "--out", "link"]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        assert!(
            std::fs::symlink_metadata(scratch.path("link"))
                .expect("link")
                .file_type()
                .is_symlink(),
            "the link stays a link"
        );
        assert_matches_its_manifest(&scratch.path("real"));
    }
    // A link to nothing, or to a file, is refused.
    std::os::unix::fs::symlink("nowhere", scratch.path("dangling")).expect("symlink");
    std::os::unix::fs::symlink("layout.toml", scratch.path("file-link")).expect("symlink");
    for out in ["dangling", "file-link", "layout.toml"] {
        let output = scratch.run(&["render", "layout.toml", "--out", out]);
        assert_eq!(output.status.code(), Some(2), "{out}");
        assert!(text(&output.stderr).contains(&format!("`{out}`")), "{out}");
    }
    assert!(!scratch.path("nowhere").exists());
    assert_eq!(
        std::fs::read_to_string(scratch.path("layout.toml")).expect("reads"),
        SEED
    );
}

#[test]
fn a_killed_render_leaves_the_old_tree_or_nothing() {
    use std::os::unix::process::ExitStatusExt;

    let scratch = Scratch::new("killed");
    scratch
        .write("seed.toml", SEED)
        .write("smaller.toml", seed_without_carol_and_a_grant());

    // Killed on the first render: no output directory at all.
    let output = scratch.run_killed_by_file_size_limit(&["render", "seed.toml", "--out", "out"]);
    assert_eq!(output.status.signal(), Some(libc::SIGXFSZ), "{output:?}");
    assert!(
        !scratch.path("out").exists(),
        "{:?}",
        tree(&scratch.path("out"))
    );

    // Killed while replacing an earlier render: that render, intact.
    let output = scratch.run(&["render", "seed.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let before = tree(&scratch.path("out"));
    let output = scratch.run_killed_by_file_size_limit(&["render", "smaller.toml", "--out", "out"]);
    assert_eq!(output.status.signal(), Some(libc::SIGXFSZ), "{output:?}");
    assert_eq!(tree(&scratch.path("out")), before);
    assert_matches_its_manifest(&scratch.path("out"));

    // The next render goes through and says what the killed ones left behind.
    let output = scratch.run(&["render", "smaller.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_matches_its_manifest(&scratch.path("out"));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("left by an interrupted render") && stderr.contains("/.out.jumpgate-"),
        "{stderr}"
    );
}

/// The 64-bit FNV-1a hash that manifests gave before SHA-256.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn a_render_by_an_earlier_jumpgate_with_fnv_hashes_is_replaced() {
    let scratch = Scratch::new("fnv");
    scratch
        .write("seed.toml", SEED)
        .write("smaller.toml", seed_without_carol_and_a_grant());
    let output = scratch.run(&["render", "seed.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // The manifest as jumpgate wrote it before SHA-256.
    let out = scratch.path("out");
    let manifest_path = out.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).expect("reads")).expect("JSON");
    for entry in manifest["files"].as_array_mut().expect("files") {
        let path = entry["path"].as_str().expect("a path").to_owned();
        let bytes = std::fs::read(out.join(&path)).expect("reads");
        let entry = entry.as_object_mut().expect("an object");
        entry.remove("sha256");
        entry.insert(
            "fnv1a64".to_owned(),
            format!("{:016x}", fnv1a64(&bytes)).into(),
        );
    }
    std::fs::write(&manifest_path, manifest.to_string()).expect("writes");

    // A file changed since is still refused.
    let users = out.join("jump/users.json");
    let original = std::fs::read(&users).expect("reads");
    std::fs::write(&users, b"{}\n").expect("writes");
    let output = scratch.run(&["render", "smaller.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("`jump/users.json` (changed since jumpgate wrote it)"),
        "{}",
        text(&output.stderr)
    );
    std::fs::write(&users, original).expect("writes");

    let output = scratch.run(&["render", "smaller.toml", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_matches_its_manifest(&out);
    assert!(!out.join("aws-config/carol.config").exists());
}
