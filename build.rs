//! Build steps of the `quire` binary:
//! - embeds the default theme as one generated table;
//! - compiles the credential-checker widget (`wasm/widget`) to WebAssembly
//!   with a nested cargo, runs wasm-bindgen in-process, and leaves the
//!   `.wasm` and its JS glue in OUT_DIR for `include_bytes!`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn main() {
    let manifest = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env("OUT_DIR"));
    embed_default_theme(
        &manifest.join("themes/default"),
        &out.join("default_theme.rs"),
    );
    build_widget(&manifest, &out);
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name}"))
}

fn embed_default_theme(theme: &Path, dest: &Path) {
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    // Only what a theme is made of; its README stays out of the binary.
    for part in ["templates", "static"] {
        collect(theme, &theme.join(part), &mut files);
    }
    files.sort();
    let mut table = String::from(
        "/// The default theme's files: (path inside the theme, contents).\npub(crate) static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &files {
        writeln!(table, "    ({rel:?}, include_bytes!({abs:?})),").expect("writing to a String");
    }
    table.push_str("];\n");
    std::fs::write(dest, table).expect("cannot write the embedded theme table");
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, files);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, path.display().to_string()));
        }
    }
}

fn build_widget(manifest: &Path, out: &Path) {
    for dir in [
        "wasm/widget/src",
        "wasm/widget/Cargo.toml",
        "wasm/rules/src",
        "wasm/rules/Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", manifest.join(dir).display());
    }
    ensure_wasm_target();
    let dest = out.join("widget");
    let _ = std::fs::remove_dir_all(&dest);
    let mut table = String::from(
        "/// Every build of the widget: (name, JS glue, WebAssembly).\npub(super) const BUILDS: &[(&str, &str, &[u8])] = &[\n",
    );
    // One build with every part, and one per part: a page loads the
    // smallest that has what it uses (see `quire_rules::Part`).
    for (name, features) in [
        ("all", None),
        ("dynamics", Some("dynamics")),
        ("business-central", Some("business-central")),
        ("graph", Some("graph")),
        ("kinds", Some("kinds")),
    ] {
        let dir = dest.join(name);
        build_variant(manifest, out, features, &dir);
        let _ = writeln!(
            table,
            "    ({name:?}, include_str!({:?}), include_bytes!({:?})),",
            dir.join("quire_widget.js").display().to_string(),
            dir.join("quire_widget_bg.wasm").display().to_string()
        );
    }
    table.push_str("];\n");
    std::fs::write(dest.join("builds.rs"), table).expect("cannot write the widget table");
}

/// Builds the widget with `features` (all when `None`) into `dest`.
fn build_variant(manifest: &Path, out: &Path, features: Option<&str>, dest: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target_dir = out.join("widget-target");
    let mut command = Command::new(cargo);
    command
        .arg("build")
        .arg("--manifest-path")
        .arg(manifest.join("Cargo.toml"))
        .args([
            "-p",
            "quire-widget",
            "--lib",
            "--target",
            WASM_TARGET,
            "--profile",
            "wasm-release",
        ])
        .args(match features {
            Some(features) => vec!["--no-default-features", "--features", features],
            None => vec![],
        })
        .arg("--target-dir")
        .arg(&target_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if std::env::var("CARGO_NET_OFFLINE").is_ok_and(|v| v == "true") {
        command.arg("--offline");
    }
    // The outer build's settings (clippy's wrapper, host rustflags, profile
    // overrides) must not leak into the wasm build.
    for (name, _) in std::env::vars() {
        let inherited = matches!(
            name.as_str(),
            "RUSTFLAGS"
                | "CARGO_ENCODED_RUSTFLAGS"
                | "RUSTC_WRAPPER"
                | "RUSTC_WORKSPACE_WRAPPER"
                | "CARGO_TARGET_DIR"
        ) || name.starts_with("CARGO_TARGET_")
            || name.starts_with("CARGO_BUILD_")
            || name.starts_with("CARGO_PROFILE_")
            || name.starts_with("CARGO_CFG_")
            || name.starts_with("CARGO_FEATURE_")
            || name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || name == "OUT_DIR"
            || name == "TARGET"
            || name == "HOST"
            || name == "PROFILE"
            || name == "OPT_LEVEL"
            || name == "DEBUG"
            || name == "NUM_JOBS";
        if inherited {
            command.env_remove(&name);
        }
    }
    let output = command
        .output()
        .expect("cannot run cargo to build the widget");
    if !output.status.success() {
        panic!(
            "building the credential checker widget for {WASM_TARGET} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let wasm = target_dir
        .join(WASM_TARGET)
        .join("wasm-release")
        .join("quire_widget.wasm");
    std::fs::create_dir_all(dest).expect("cannot create the widget output folder");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .expect("web target")
        // With the default (true), init() cannot take our fingerprinted URL.
        .omit_default_module_path(false)
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(dest)
        .unwrap_or_else(|e| panic!("wasm-bindgen failed on {}: {e:#}", wasm.display()));
    let glue = dest.join("quire_widget.js");
    let js = std::fs::read_to_string(&glue).expect("cannot read the widget's JS glue");
    let module = dest.join("quire_widget_bg.wasm");
    let wasm = std::fs::read(&module).expect("cannot read the widget's module");
    let (wasm, js) = shorten_imports(&wasm, &compact(&js));
    std::fs::write(&module, wasm).expect("cannot write the widget's module");
    std::fs::write(&glue, js).expect("cannot write the widget's JS glue");
}

/// Renames the module's imports from wasm-bindgen's hashed names
/// (`__wbg_addEventListener_847fd86b8c33ec43`) to short ones (`a0`), in
/// the module's import section and in the glue that provides them: random
/// hex does not compress, and it was a tenth of the download.
fn shorten_imports(wasm: &[u8], js: &str) -> (Vec<u8>, String) {
    fn leb(bytes: &[u8], at: &mut usize) -> u32 {
        let (mut value, mut shift) = (0u32, 0);
        loop {
            let byte = bytes[*at];
            *at += 1;
            value |= u32::from(byte & 0x7f) << shift;
            shift += 7;
            if byte < 0x80 {
                return value;
            }
        }
    }
    fn put_leb(out: &mut Vec<u8>, mut value: u32) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    fn name(bytes: &[u8], at: &mut usize) -> String {
        let len = leb(bytes, at) as usize;
        let text = String::from_utf8(bytes[*at..*at + len].to_vec()).expect("a UTF-8 name");
        *at += len;
        text
    }
    let mut js = js.to_owned();
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at) as usize;
        let body = &wasm[at..at + size];
        at += size;
        if id != 2 {
            out.push(id);
            put_leb(&mut out, size as u32);
            out.extend_from_slice(body);
            continue;
        }
        let mut section = Vec::new();
        let mut i = 0;
        let count = leb(body, &mut i);
        put_leb(&mut section, count);
        for n in 0..count {
            let module = name(body, &mut i);
            let mut field = name(body, &mut i);
            let start = i;
            let kind = body[i];
            i += 1;
            match kind {
                0 => {
                    leb(body, &mut i);
                }
                1 | 2 => {
                    if kind == 1 {
                        i += 1;
                    }
                    let flags = body[i];
                    i += 1;
                    leb(body, &mut i);
                    if flags & 1 == 1 {
                        leb(body, &mut i);
                    }
                }
                3 => i += 2,
                _ => {
                    i += 1;
                    leb(body, &mut i);
                }
            }
            if field.starts_with("__wbg_") && js.matches(&format!("{field}:")).count() == 1 {
                let short = format!("a{n}");
                js = js.replace(&format!("{field}:"), &format!("{short}:"));
                field = short;
            }
            for text in [&module, &field] {
                put_leb(&mut section, text.len() as u32);
                section.extend_from_slice(text.as_bytes());
            }
            section.extend_from_slice(&body[start..i]);
        }
        out.push(2);
        put_leb(&mut out, section.len() as u32);
        out.extend_from_slice(&section);
    }
    (out, js)
}

/// The glue without indentation, blank lines and whole-line comments: a
/// tenth of the widget's download. Safe for wasm-bindgen's output, whose
/// strings and template literals never span lines.
fn compact(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_comment = false;
    for line in js.lines().map(str::trim) {
        if in_comment {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Installs the wasm target through rustup when it is missing, since
/// machines with RUSTUP_AUTO_INSTALL=0 do not add rust-toolchain.toml's
/// targets by themselves.
fn ensure_wasm_target() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let installed = sysroot.is_some_and(|root| root.join("lib/rustlib").join(WASM_TARGET).is_dir());
    if installed {
        return;
    }
    println!(
        "cargo:warning=the {WASM_TARGET} target is missing; running `rustup target add {WASM_TARGET}`"
    );
    let added = Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !added {
        panic!(
            "the {WASM_TARGET} target is not installed and could not be added. Run `rustup target add {WASM_TARGET}` and build again."
        );
    }
}
