//! Writes the synthetic benchmark site.
//!
//! cargo run --release --example gen-corpus -- --versions 3 --sections 100 --pages 100 OUT

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() {
    let mut shape = corpus::Shape {
        versions: 3,
        sections: 100,
        pages: 100,
    };
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> usize {
            args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
                eprintln!("{name} takes a number");
                std::process::exit(2)
            })
        };
        match arg.as_str() {
            "--versions" => shape.versions = number("--versions"),
            "--sections" => shape.sections = number("--sections"),
            "--pages" => shape.pages = number("--pages"),
            _ if !arg.starts_with('-') => out = Some(std::path::PathBuf::from(arg)),
            _ => {
                eprintln!("usage: gen-corpus [--versions N] [--sections N] [--pages N] OUT");
                std::process::exit(2)
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen-corpus [--versions N] [--sections N] [--pages N] OUT");
        std::process::exit(2)
    };
    if out.exists() {
        eprintln!("{} exists; choose a new folder", out.display());
        std::process::exit(1);
    }
    corpus::generate(&out, shape).unwrap_or_else(|e| {
        eprintln!("cannot write {}: {e}", out.display());
        std::process::exit(1)
    });
    println!("wrote {} pages to {}", shape.total(), out.display());
}
