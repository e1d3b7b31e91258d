//! The per-page hot paths, with criterion: one page's Markdown, and one
//! page placed in the default theme's templates (sidebar included), on a
//! page of the synthetic corpus.
//!
//! cargo bench --bench pages

#[path = "corpus.rs"]
mod corpus;

use criterion::{Criterion, criterion_group, criterion_main};
use quire::markdown;
use quire::markdown::PageLinks;
use quire::pipeline::{BuildOptions, Project};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let shape = corpus::Shape {
        versions: 2,
        sections: 30,
        pages: 30,
    };
    corpus::generate(dir.path(), shape).expect("write the corpus");
    let project = Project::load(dir.path(), &BuildOptions::default()).expect("load the corpus");
    let version = &project.site.versions[0];
    // A page in the middle of a section in the middle of the site: its
    // sidebar is as full as any.
    let wanted = "section-015/page-015/";
    let p = version
        .pages
        .iter()
        .position(|page| page.key == wanted)
        .expect("the corpus has this page");
    let page = &version.pages[p];
    let source = markdown::Source {
        file: &page.source,
        text: &page.text,
        body_start: page.body_start,
        presets: &project.site.presets,
        copy_origin: Some("https://example.com"),
    };
    let links = PageLinks {
        site: &project.site,
        version,
        page,
    };
    c.bench_function("one page's Markdown to HTML", |b| {
        b.iter(|| markdown::render(&source, &links))
    });
    let rendered = markdown::render(&source, &links);
    assert!(
        rendered.diagnostics.is_empty(),
        "{:?}",
        rendered.diagnostics
    );
    let renderer = project.renderer();
    c.bench_function("one page in the theme's templates", |b| {
        b.iter(|| renderer.page(version, p, &rendered).expect("renders"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
