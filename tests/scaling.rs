//! Output size grows linearly with pages: a page's HTML does not carry a
//! copy of the whole navigation, so bytes per page stay flat as the site
//! grows. (Sizes only; timings live in benches/.)

mod common;

#[path = "../benches/corpus.rs"]
mod corpus;

use common::Fixture;
use corpus::Shape;

fn html_bytes_per_page(shape: Shape) -> f64 {
    let site = Fixture::empty();
    let dir = site.path().join("site");
    corpus::generate(&dir, shape).expect("corpus");
    let site = Fixture::copy_of(&dir);
    site.quire(&["build", "-q"]).ok();
    let mut bytes = 0u64;
    let mut pages = 0u64;
    for entry in walkdir::WalkDir::new(site.file("public"))
        .into_iter()
        .filter_map(Result::ok)
    {
        // The A–Z page lists every page by design: one per version.
        let a_to_z = entry.path().parent().is_some_and(|p| p.ends_with("a-z"));
        if entry.file_name() == "index.html" && !a_to_z {
            bytes += entry.metadata().map_or(0, |m| m.len());
            pages += 1;
        }
    }
    assert_eq!(
        pages as usize,
        shape.versions * (1 + shape.sections * (1 + shape.pages))
    );
    bytes as f64 / pages as f64
}

#[test]
fn bytes_per_page_stay_flat_as_the_site_grows() {
    // Both shapes are wider than the navigation window at every level.
    let small = html_bytes_per_page(Shape {
        versions: 1,
        sections: 30,
        pages: 30,
    });
    let large = html_bytes_per_page(Shape {
        versions: 1,
        sections: 60,
        pages: 60,
    });
    let growth = (large - small) / small;
    assert!(
        growth < 0.03,
        "bytes per page grew {:.1}% (from {small:.0} to {large:.0}) when the site grew 4x",
        growth * 100.0
    );
}
