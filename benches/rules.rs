//! The credential rules on the hot path: what the widget runs after every
//! keystroke (all five fields, with cross-field checks). Budget: under 1 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use quire_rules::{Input, Rule, check, compose_scope};
use std::hint::black_box;

fn inputs<'a>(values: &'a [&'a str; 5]) -> Vec<Input<'a>> {
    Rule::ALL
        .iter()
        .zip(values)
        .map(|(rule, value)| Input::new(rule.name(), *rule, value))
        .collect()
}

fn bench(c: &mut Criterion) {
    let good = [
        "https://contoso.crm4.dynamics.com/",
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token",
        "https://contoso.crm4.dynamics.com/.default",
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "Xy.8Q~AbC-dEf_GhI.jKl~MnO-pQr_StU.vWx~yZ",
    ];
    let bad = [
        " \"contoso.crm04.dynamics.com/main.aspx?appid=1\" ",
        "https://login.windows.net/common/oauth2/token?x=1",
        "https://fabrikam.crm.dynamics.com//.Default offline_access",
        "{72F988BF-86F1-41AF-91AB-2D7CD011DB47}",
        "abc\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}",
    ];
    c.bench_function("check all five fields, good values", |b| {
        b.iter(|| check(black_box(&inputs(&good))))
    });
    c.bench_function("check all five fields, wrong values", |b| {
        b.iter(|| check(black_box(&inputs(&bad))))
    });
    c.bench_function("compose the scope", |b| {
        b.iter(|| compose_scope(black_box(good[0])))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
