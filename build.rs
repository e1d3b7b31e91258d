//! Embeds the default theme into the binary as one generated table.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    embed_default_theme(
        &manifest.join("themes/default"),
        &out.join("default_theme.rs"),
    );
}

fn embed_default_theme(theme: &Path, dest: &Path) {
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(theme, theme, &mut files);
    files.sort();
    let mut table = String::from(
        "/// The default theme's files: (path inside the theme, contents).\npub static FILES: &[(&str, &[u8])] = &[\n",
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
