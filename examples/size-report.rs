//! Builds the example help centre and reports what a reader downloads:
//! the widget (wasm + JS glue) and the whole guide page, raw and gzip -9.
//!
//! cargo run --release --example size-report

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temporary folder");
    let sink_dir = out.path().join("public");
    let staging =
        quire::output::Staging::new(&sink_dir, quire::output::Cleanup::Wait).expect("staging");
    quire::pipeline::build(
        root,
        &quire::pipeline::BuildOptions::default(),
        &staging.sink(),
    )
    .expect("the example site builds");
    staging.commit().expect("commit");

    let assets: Vec<_> = std::fs::read_dir(sink_dir.join("assets"))
        .expect("assets")
        .filter_map(Result::ok)
        // The search index has a folder of its own there.
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    // Each build of the widget: `quire-checker.*` has every part, the
    // others one (`quire-checker-dynamics.*`); a page loads one.
    let build_of = |name: &str| -> Option<String> {
        let rest = name.strip_prefix("quire-checker")?;
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        let build = rest.split('.').next().unwrap_or_default();
        Some(if build.is_empty() {
            "all".to_owned()
        } else {
            build.to_owned()
        })
    };
    let mut builds: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    println!("{:<50} {:>10} {:>10}", "file", "raw", "gzip -9");
    for (name, bytes) in &assets {
        println!(
            "{:<50} {:>10} {:>10}",
            format!("assets/{name}"),
            bytes.len(),
            gzip(bytes)
        );
        if let Some(build) = build_of(name) {
            let entry = builds.entry(build).or_default();
            entry.0 += bytes.len();
            entry.1 += gzip(bytes);
        }
    }
    for (build, (raw, gz)) in &builds {
        let budget = if build == "all" {
            "(pages with several apps)"
        } else {
            "(budget: 40 KiB gzip)"
        };
        println!(
            "{:<50} {raw:>10} {gz:>10}   {budget}",
            format!("widget build `{build}`: wasm + JS glue")
        );
    }
    for (guide, build) in [
        ("integrations/dynamics-365/index.html", "dynamics"),
        (
            "integrations/business-central/index.html",
            "business-central",
        ),
        ("integrations/salesforce/index.html", "kinds"),
    ] {
        let page = std::fs::read(sink_dir.join(guide)).expect("guide page");
        let page_total: (usize, usize) = assets
            .iter()
            .filter(|(name, _)| build_of(name).is_none_or(|b| b == build))
            .map(|(_, b)| (b.len(), gzip(b)))
            .fold((page.len(), gzip(&page)), |a, b| (a.0 + b.0, a.1 + b.1));
        println!(
            "{:<50} {:>10} {:>10}",
            format!("{guide} HTML"),
            page.len(),
            gzip(&page)
        );
        println!(
            "{:<50} {:>10} {:>10}   (budget: 100 KiB gzip)",
            "  + CSS + JS + its widget build", page_total.0, page_total.1
        );
    }
}
