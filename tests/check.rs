//! `quire check`: one fixture per check, asserting the exact code, file,
//! line and column; the JSON report; and that build runs the same checks.

mod common;

use common::Fixture;

const OTHER: &str = "content/v2/guides/other.md";

/// The fixture with `OTHER`'s body replaced by `body`; returns the JSON
/// report's diagnostics as (code, file:line:col) pairs.
fn findings(body: &str) -> Vec<(String, String)> {
    let site = Fixture::new("basic");
    // connect.md links to `other.md#details`: keep that heading, last.
    site.write(
        OTHER,
        format!(
            "---\ntitle: Another guide\norder: 2\nupdated: 2026-11-26\n---\n{body}\n## Details\n"
        ),
    );
    report(&site)
}

fn report(site: &Fixture) -> Vec<(String, String)> {
    let run = site.quire(&["check", "--format", "json"]);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap_or(""),
                    d["line"],
                    d["col"]
                ),
            )
        })
        .collect()
}

fn one(code: &str, at: &str) -> Vec<(String, String)> {
    vec![(code.to_owned(), format!("{OTHER}:{at}"))]
}

#[test]
fn the_fixture_and_the_example_have_no_findings() {
    assert_eq!(report(&Fixture::new("basic")), vec![]);
    let example = Fixture::example();
    let run = example.quire(&["check"]).ok();
    assert!(run.stdout.contains("no problems"), "{}", run.stdout);
}

#[test]
fn anchor_on_the_same_page() {
    assert_eq!(
        findings("\n## Details\n\nSee [below](#detials).\n"),
        one("link.anchor", "9:5")
    );
    assert_eq!(findings("\n## Details\n\nSee [below](#details).\n"), vec![]);
}

#[test]
fn anchor_on_another_page() {
    assert_eq!(
        findings("\nSee [the steps](connect.md#register-an-ap).\n"),
        one("link.anchor", "7:5")
    );
    assert_eq!(
        findings("\nSee [the steps](connect.md#register-an-app).\n"),
        vec![]
    );
    // Explicit ids count: connect.md has `{.step #secret}`.
    assert_eq!(findings("\nSee [the secret](connect.md#secret).\n"), vec![]);
}

#[test]
fn link_into_another_version_is_checked_against_it() {
    assert_eq!(findings("\nSee [v1](/help/v1/guides/legacy/).\n"), vec![]);
    assert_eq!(
        findings("\nSee [v1](/help/v1/guides/legacy/#nothing).\n"),
        one("link.anchor", "7:5")
    );
    assert_eq!(
        findings("\nSee [v1](/help/v1/guides/other/).\n"),
        one("link.broken", "7:5")
    );
    assert_eq!(
        findings("\nSee [v1](/help/v1/guides/connect/#register-an-app).\n"),
        vec![]
    );
}

#[test]
fn broken_page_link() {
    assert_eq!(
        findings("\nSee [gone](gone.md).\n"),
        one("link.broken", "7:5")
    );
}

#[test]
fn images_must_exist_and_have_alt_text() {
    assert_eq!(
        findings("\n![The pane](/img/pane.png)\n"),
        one("image.missing", "7:1")
    );
    let site = Fixture::new("basic");
    site.write("static/img/pane.png", b"\x89PNG".as_slice());
    site.write(OTHER, "---\ntitle: Another guide\n---\n\n![The pane](/help/img/pane.png)\n\n![](/help/img/pane.png)\n\n## Details\n");
    assert_eq!(
        report(&site),
        vec![("image.alt".to_owned(), format!("{OTHER}:7:1"))]
    );
}

#[test]
fn headings_that_skip_a_level() {
    assert_eq!(
        findings("\n## Two\n\n#### Four\n"),
        one("heading.skipped_level", "9:1")
    );
    assert_eq!(
        findings("\n### Three first\n"),
        one("heading.skipped_level", "7:1")
    );
    assert_eq!(findings("\n## Two\n\n### Three\n\n## Two again\n"), vec![]);
}

#[test]
fn bad_checker_blocks() {
    assert_eq!(
        findings("\n```checker\npreset: nope\n```\n"),
        one("checker.unknown_preset", "8:1")
    );
    assert_eq!(
        findings(
            "\n```checker\npreset: dynamics-365\nsummary: true\nfields:\n  - id: client_id\n    example: common\n```\n"
        ),
        one("checker.bad_example", "11:3")
    );
}

/// Blocks in the steps: each field in one of them, all fields in some.
#[test]
fn checker_fields_across_a_page() {
    let block = |yaml: &str| format!("\n```checker\npreset: dynamics-365\n{yaml}```\n");
    // Every field shown once across the steps, plus the summary: fine.
    let good = [
        block("fields: [client_id, token_url]\n"),
        block("fields: [client_secret]\n"),
        block("fields: [web_api_url, scopes]\n"),
        block(""),
    ]
    .concat();
    assert_eq!(findings(&good), vec![]);
    // The secret in no block: reported at the summary.
    let missing = [
        block("fields: [client_id, token_url]\n"),
        block("fields: [web_api_url, scopes]\n"),
        block(""),
    ]
    .concat();
    assert_eq!(findings(&missing), one("checker.field_missing", "18:1"));
    // Without a summary, at the first step's block.
    let missing = [
        block("fields: [client_id, token_url]\n"),
        block("fields: [web_api_url, scopes]\n"),
    ]
    .concat();
    assert_eq!(findings(&missing), one("checker.field_missing", "8:1"));
    // The Client ID in two steps: at its second mention.
    let twice = [
        block("fields: [client_id, token_url]\n"),
        block("fields: [client_secret, client_id]\n"),
        block("fields: [web_api_url, scopes]\n"),
    ]
    .concat();
    assert_eq!(findings(&twice), one("checker.field_twice", "14:25"));
    // Two summaries.
    assert_eq!(
        findings(&[block(""), block("")].concat()),
        one("checker.field_twice", "12:1")
    );
    // Twice in one block: at the repeat.
    let repeat = [
        block("fields: [client_id, client_id, token_url]\n"),
        block("fields: [client_secret, web_api_url, scopes]\n"),
    ]
    .concat();
    assert_eq!(findings(&repeat), one("checker.field_twice", "9:21"));
    // A title on a step's block, and `fields:` with nothing after it.
    assert_eq!(
        findings(&block(
            "fields: [client_id, token_url, client_secret, web_api_url, scopes]\ntitle: X\n"
        )),
        one("checker.invalid", "10:1")
    );
    assert_eq!(findings(&block("fields:\n")), one("checker.invalid", "9:1"));
}

#[test]
fn live_looking_secrets() {
    assert_eq!(
        findings("\nUse `abc8Q~abcdefghijklmnopqrstuvwxyz01234567`.\n"),
        one("secret.client_secret", "7:6")
    );
    assert_eq!(
        findings(
            "\n    Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\n"
        ),
        one("secret.jwt", "7:27")
    );
    assert_eq!(
        findings("\nAuthorization: Bearer 0123456789abcdefghijABCDEF\n"),
        one("secret.bearer", "7:23")
    );
    assert_eq!(
        findings("\n`Server=db;Password=S3cr3t!x;`\n"),
        one("secret.password", "7:21")
    );
    assert_eq!(
        findings("\nClient ID: 3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b\n"),
        one("secret.identifier", "7:12")
    );
    // Placeholders are what writers should use, and pass.
    assert_eq!(
        findings(
            "\nClient ID: 00000000-0000-0000-0000-000000000000, secret {client-secret}, Password=<password>\n"
        ),
        vec![]
    );
}

#[test]
fn json_report_shape() {
    let site = Fixture::new("basic");
    site.write(OTHER, "---\ntitle: Another guide\nupdated: 2026-11-26\n---\n\nSee [x](#nowhere) and [Microsoft](https://learn.microsoft.com/).\n\n#### Deep\n\n## Details\n");
    let run = site.quire(&["check", "--format", "json"]);
    assert!(!run.success);
    insta::assert_snapshot!("check_json", run.stdout);
}

#[test]
fn build_runs_the_same_checks_and_fails_on_errors() {
    let site = Fixture::new("basic");
    site.write(
        OTHER,
        "---\ntitle: Another guide\n---\n\nSee [x](#nowhere).\n\n## Details\n",
    );
    let run = site.quire(&["build"]).fails();
    assert!(run.stderr.contains("error[link.anchor]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/v2/guides/other.md:5:5"),
        "{}",
        run.stderr
    );
    assert!(!site.file("public").exists());
}

#[test]
fn warnings_fail_only_when_denied_and_levels_can_change() {
    let site = Fixture::new("basic");
    site.write(
        OTHER,
        "---\ntitle: Another guide\n---\n\n#### Deep\n\n## Details\n",
    );
    let run = site.quire(&["check"]).ok();
    assert!(
        run.stderr.contains("warning[heading.skipped_level]"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("0 errors, 1 warning"), "{}", run.stdout);
    let run = site.quire(&["check", "--deny-warnings"]).fails();
    assert!(run.stderr.contains("--deny-warnings"), "{}", run.stderr);
    site.quire(&["build"]).ok();
    // A [check] table turns it into an error, or off.
    site.edit(
        "site.toml",
        "[versions]",
        "[check]\n\"heading.skipped_level\" = \"error\"\n\n[versions]",
    );
    site.quire(&["check"]).fails();
    site.quire(&["build"]).fails();
    site.edit("site.toml", "= \"error\"", "= \"off\"");
    let run = site.quire(&["check", "--deny-warnings"]).ok();
    assert!(run.stdout.contains("no problems"), "{}", run.stdout);
    site.edit(
        "site.toml",
        "\"heading.skipped_level\"",
        "\"heading.skiped_level\"",
    );
    let run = site.quire(&["check"]).fails();
    assert!(
        run.stderr.contains("error[config.check]") && run.stderr.contains("site.toml:5:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_problem_at_once() {
    let site = Fixture::new("basic");
    site.write(OTHER, "---\ntitle: Another guide\n---\n\nSee [x](#nowhere) and [y](gone.md).\n\n![](/nope.png)\n\n## Details\n");
    let found = report(&site);
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes.len(), 4, "{found:?}");
    for code in ["link.anchor", "link.broken", "image.missing", "image.alt"] {
        assert!(codes.contains(&code), "{code} missing from {found:?}");
    }
}

#[test]
fn external_links_are_fetched_only_when_asked_and_good_ones_are_cached() {
    let files = tempfile::tempdir().expect("tempdir");
    std::fs::write(files.path().join("ok.html"), "fine").expect("write");
    let server = common::static_server::StaticServer::start(files.path().to_owned());
    let base = &server.base;
    let site = Fixture::new("basic");
    site.write(OTHER, format!("---\ntitle: Another guide\n---\n\n[good]({base}/ok.html) and [bad]({base}/missing)\n\n## Details\n"));
    assert_eq!(
        report(&site),
        vec![],
        "nothing is fetched without --external"
    );
    assert!(server.requests().is_empty());

    let external = |site: &Fixture| {
        let run = site.quire(&["check", "--external", "--timeout", "5", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        json["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .map(|d| format!("{} {}:{}", d["code"], d["line"], d["col"]))
            .collect::<Vec<_>>()
    };
    let col = 22 + base.len(); // where `[bad]` starts
    assert_eq!(external(&site), vec![format!("\"link.external\" 5:{col}")]);
    let requested = server.requests();
    assert!(
        requested.iter().any(|r| r == "/ok.html") && requested.iter().any(|r| r == "/missing"),
        "{requested:?}"
    );

    let before = server.requests().len();
    assert_eq!(external(&site), vec![format!("\"link.external\" 5:{col}")]);
    let again: Vec<String> = server.requests()[before..].to_vec();
    assert!(
        !again.iter().any(|r| r == "/ok.html"),
        "a good link was fetched again: {again:?}"
    );
    assert!(
        again.iter().any(|r| r == "/missing"),
        "a failed link is always checked again"
    );
}

/// A site's own preset: a YAML file of field kinds, named by its blocks.
const ACME: &str = "title: Acme CRM (API key)
fields:
  - id: api_url
    label: API URL
    kind: url
    hosts: [\"*.acme-crm.com\"]
    paths: [/api]
    trailing_slash: remove
    where: Acme > Settings > API > Base URL
    placeholder: https://yourcompany.acme-crm.com/api
    messages:
      url.host: That is not an Acme CRM address; yours ends in .acme-crm.com.
  - id: token_url
    label: Token URL
    kind: composed
    template: \"{api_url}/oauth/token\"
  - id: tenant
    label: Tenant ID
    kind: guid
  - id: api_key
    label: API key
    kind: secret
    min_length: 32
    max_length: 32
    alphabet: hex
";

#[test]
fn a_site_preset_checks_its_blocks_and_reaches_the_page() {
    let site = Fixture::new("basic");
    site.write("checkers/acme-crm.yml", ACME);
    site.write(
        "content/v2/guides/acme.md",
        "---\ntitle: Connect Acme CRM\n---\n\n## Find the API URL {.step}\n\n```checker\npreset: acme-crm\nfields: [api_url, token_url]\n```\n\n## Create a key {.step}\n\n```checker\npreset: acme-crm\nfields: [tenant, api_key]\n```\n\n```checker\npreset: acme-crm\n```\n",
    );
    assert_eq!(report(&site), vec![]);
    site.quire(&["build", "-q"]).ok();
    let html = site.read("public/guides/acme/index.html");
    assert!(html.contains("data-rule=\"custom\""), "{html}");
    assert!(html.contains("data-kind=\"kind url\nhost *.acme-crm.com\npath /api\nslash remove\nmessage url.host That is not an Acme CRM address; yours ends in .acme-crm.com.\n\""), "{html}");
    assert!(html.contains("data-composed-from=\"api_url\""), "{html}");
    // The page loads the build with the field kinds, not the one with all.
    assert!(html.contains("quire-checker-kinds."), "{html}");
    // An example in a block is checked against the site's kind.
    site.write(
        "content/v2/guides/acme.md",
        "---\ntitle: Connect Acme CRM\n---\n\n```checker\npreset: acme-crm\nfields:\n  - id: api_url\n    example: https://evil.com/api\n  - token_url\n  - tenant\n  - api_key\n```\n",
    );
    assert_eq!(
        report(&site),
        vec![(
            "checker.bad_example".to_owned(),
            "content/v2/guides/acme.md:8:3".to_owned()
        )]
    );
}

#[test]
fn a_broken_preset_file_is_reported_at_its_line() {
    let site = Fixture::new("basic");
    let cases: &[(&str, &str, &str)] = &[
        (
            "title: X\nfields:\n  - id: a\n    label: A\n    kind: spaceship\n",
            "3:3",
            "unknown kind `spaceship`",
        ),
        (
            "title: X\nfields:\n  - id: a\n    label: A\n    kind: guid\n    hosts: [x.com]\n",
            "3:3",
            "`hosts` does not apply",
        ),
        (
            "title: X\nfields:\n  - id: a\n    label: A\n    kind: url\n  - id: b\n    label: B\n    kind: composed\n    template: \"{nope}/x\"\n",
            "6:3",
            "names `nope`",
        ),
        (
            "title: X\nfields:\n  - id: a\n    label: A\n    kind: secret\n    min_length: 9\n    max_length: 3\n",
            "3:3",
            "allow no value",
        ),
        (
            "title: X\nfields:\n  - id: a\n    label: A\n    kind: secret\n    messages:\n      url.host: no\n",
            "3:3",
            "not a finding of a `secret` field",
        ),
        (
            "title: X\nfields:\n  - id: a\n    label: A\n    kind: token_url\n    provider: okta\n",
            "3:3",
            "unknown identity provider",
        ),
        (
            "title: X\nfields:\n  - id: a\n    lable: A\n    kind: guid\n",
            "4:5",
            "unknown field `lable`",
        ),
    ];
    for (yaml, at, words) in cases {
        site.write("checkers/broken.yml", yaml);
        let run = site.quire(&["check"]).fails();
        let text = format!("{}{}", run.stdout, run.stderr);
        assert!(
            text.contains(&format!("checkers/broken.yml:{at}")),
            "{yaml}\n{text}"
        );
        assert!(text.contains(words), "{yaml}\n{text}");
        assert!(text.contains("preset.invalid"), "{text}");
        // The build refuses it too, and writes nothing.
        site.quire(&["build", "-q"]).fails();
        assert!(!site.file("public").exists());
    }
    // A name that is taken, or not a name.
    site.write(
        "checkers/broken.yml",
        "title: X\nfields:\n  - id: a\n    label: A\n    kind: guid\n",
    );
    site.quire(&["check"]).ok();
    std::fs::remove_file(site.file("checkers/broken.yml")).expect("remove");
    site.write(
        "checkers/salesforce.yml",
        "title: X\nfields:\n  - id: a\n    label: A\n    kind: guid\n",
    );
    let run = site.quire(&["check"]).fails();
    assert!(
        run.stderr.contains("already a preset named `salesforce`")
            || run.stdout.contains("already a preset named `salesforce`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_preset_declared_in_a_block_serves_the_page() {
    let site = Fixture::new("basic");
    let page = "---\ntitle: Connect Acme CRM\n---\n\n## Find the API URL {.step}\n\n```checker\npreset:\n  name: acme-crm\n  title: Acme CRM\n  fields:\n    - id: api_url\n      label: API URL\n      kind: url\n      hosts: [\"*.acme-crm.com\"]\n    - id: api_key\n      label: API key\n      kind: secret\n      min_length: 32\nfields: [api_url]\n```\n\n## Create a key {.step}\n\n```checker\npreset: acme-crm\nfields: [api_key]\n```\n";
    site.write("content/v2/guides/acme.md", page);
    assert_eq!(report(&site), vec![]);
    site.quire(&["build", "-q"]).ok();
    let html = site.read("public/guides/acme/index.html");
    assert_eq!(html.matches("data-rule=\"custom\"").count(), 2, "{html}");
    assert!(html.contains("quire-checker-kinds."), "{html}");
    // Another page does not know it.
    site.write(
        "content/v2/guides/elsewhere.md",
        "---\ntitle: Elsewhere\n---\n\n```checker\npreset: acme-crm\n```\n",
    );
    assert_eq!(
        report(&site),
        vec![(
            "checker.unknown_preset".to_owned(),
            "content/v2/guides/elsewhere.md:6:1".to_owned()
        )]
    );
    std::fs::remove_file(site.file("content/v2/guides/elsewhere.md")).expect("remove");
    // A field's problem is placed in the page, at the field.
    site.write(
        "content/v2/guides/acme.md",
        page.replace("kind: secret", "kind: password"),
    );
    assert_eq!(
        report(&site),
        vec![(
            "preset.invalid".to_owned(),
            "content/v2/guides/acme.md:16:5".to_owned()
        )]
    );
    // A built-in name cannot be declared again.
    site.write(
        "content/v2/guides/acme.md",
        page.replace("name: acme-crm", "name: salesforce")
            .replace("preset: acme-crm", "preset: salesforce"),
    );
    let found = report(&site);
    assert!(
        found.contains(&(
            "preset.invalid".to_owned(),
            "content/v2/guides/acme.md:8:1".to_owned()
        )),
        "{found:?}"
    );
}

#[test]
fn preset_files_keep_secrets_out_of_sight_and_place_repeats() {
    let site = Fixture::new("basic");
    site.write(
        "checkers/leaky.yml",
        "title: X\nfields:\n  - id: key\n    label: Key\n    kind: secret\n  - id: header\n    label: Header\n    kind: composed\n    template: \"Basic {key}\"\n",
    );
    let run = site.quire(&["check"]).fails();
    assert!(
        run.stderr.contains("checkers/leaky.yml:6:3"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("names the secret field `key`"),
        "{}",
        run.stderr
    );
    site.write(
        "checkers/leaky.yml",
        "title: X\nfields:\n  - id: key\n    label: Key\n    kind: guid\n  - id: key\n    label: Key again\n    kind: guid\n",
    );
    let run = site.quire(&["check"]).fails();
    assert!(
        run.stderr.contains("checkers/leaky.yml:6:3"),
        "{}",
        run.stderr
    );
    site.write(
        "checkers/leaky.yml",
        "title: X\nfields:\n  - id: key\n    label: Key\n    kind: secret\n    max_length: 5000000000\n",
    );
    let run = site.quire(&["check"]).fails();
    assert!(run.stderr.contains("at most 65536"), "{}", run.stderr);
}

#[test]
fn a_client_id_added_to_a_salesforce_block_loads_a_build_that_checks_it() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/mixed.md",
        "---\ntitle: Mixed\n---\n\n```checker\npreset: salesforce\nfields:\n  - token_url\n  - consumer_key\n  - consumer_secret\n  - id: app_id\n    label: App ID\n    rule: client_id\n```\n",
    );
    site.quire(&["build", "-q"]).ok();
    let html = site.read("public/guides/mixed/index.html");
    assert!(html.contains("/assets/quire-checker."), "{html}");
}

#[test]
fn a_typo_in_a_preset_declared_in_a_block_is_placed_at_it() {
    let site = Fixture::new("basic");
    site.write(
        "content/v2/guides/acme.md",
        "---\ntitle: Acme\n---\n\n```checker\npreset:\n  name: acme\n  title: Acme\n  fields:\n    - id: key\n      label: Key\n      kind: guid\n      lable: oops\n```\n",
    );
    let run = site.quire(&["check"]).fails();
    assert!(
        run.stderr.contains("content/v2/guides/acme.md:13:7"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown field `lable`"),
        "{}",
        run.stderr
    );
}

#[test]
fn files_beside_pages_are_checked_like_pages_links() {
    let site = Fixture::new("basic");
    site.write("content/v2/guides/files/template.json", "{}\n");
    site.write("content/v2/guides/images/pane.png", b"\x89PNG".as_slice());
    site.write(
        OTHER,
        "---\ntitle: Another guide\n---\n\n![The pane](images/pane.png) [template](files/template.json)\n\n![Gone](images/gone.png) [gone](files/gone.json) [a page](../other-page/)\n\n<img src=\"images/pane.png\" alt=\"The pane\"> <img src=\"images/none.png\" alt=\"\">\n\n[out](../../../x.pdf)\n\n## Details\n",
    );
    assert_eq!(
        report(&site),
        vec![
            ("image.missing".to_owned(), format!("{OTHER}:7:1")),
            ("link.broken".to_owned(), format!("{OTHER}:7:26")),
            ("link.broken".to_owned(), format!("{OTHER}:9:44")),
            ("link.broken".to_owned(), format!("{OTHER}:11:1")),
        ]
    );
}

#[test]
fn other_tools_front_matter_keys_are_warnings_at_their_line() {
    let site = Fixture::new("basic");
    site.write(
        OTHER,
        "---\ntitle: Another guide\nsidebar_position: 2\nms.topic: how-to\n---\n\n## Details\n",
    );
    assert_eq!(
        report(&site),
        vec![
            (
                "front_matter.foreign_key".to_owned(),
                format!("{OTHER}:3:1")
            ),
            (
                "front_matter.foreign_key".to_owned(),
                format!("{OTHER}:4:1")
            ),
        ]
    );
    // `[check]` can turn them off, as for any check.
    site.edit(
        "site.toml",
        "[versions]",
        "[check]\n\"front_matter.foreign_key\" = \"off\"\n\n[versions]",
    );
    assert_eq!(report(&site), vec![]);
}
