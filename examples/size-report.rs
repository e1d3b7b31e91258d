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
    let staging = quire::output::Staging::new(&sink_dir).expect("staging");
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
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    let mut widget = (0, 0);
    println!("{:<40} {:>10} {:>10}", "file", "raw", "gzip -9");
    for (name, bytes) in &assets {
        println!(
            "{:<40} {:>10} {:>10}",
            format!("assets/{name}"),
            bytes.len(),
            gzip(bytes)
        );
        if name.starts_with("quire-checker.") {
            widget.0 += bytes.len();
            widget.1 += gzip(bytes);
        }
    }
    println!(
        "{:<40} {:>10} {:>10}   (budget: 40 KB gzip)",
        "widget: wasm + JS glue", widget.0, widget.1
    );

    let page =
        std::fs::read(sink_dir.join("integrations/dynamics-365/index.html")).expect("guide page");
    let page_total: (usize, usize) = assets
        .iter()
        .map(|(_, b)| (b.len(), gzip(b)))
        .fold((page.len(), gzip(&page)), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "{:<40} {:>10} {:>10}",
        "guide page HTML",
        page.len(),
        gzip(&page)
    );
    println!(
        "{:<40} {:>10} {:>10}   (budget: 100 KB gzip)",
        "guide page + CSS + JS + wasm", page_total.0, page_total.1
    );
}
