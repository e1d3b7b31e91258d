//! The credential checker in real headless Chromium, on the example help
//! centre built by `quire build` and served on loopback: what a reader
//! sees, and that nothing they paste leaves the page.

mod common;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::browser::{
    PermissionDescriptor, PermissionSetting, SetPermissionParams,
};
use chromiumoxide::cdp::browser_protocol::emulation::{
    MediaFeature, SetScriptExecutionDisabledParams,
};
use chromiumoxide::cdp::browser_protocol::input::InsertTextParams;
use chromiumoxide::cdp::browser_protocol::network::{
    self, EventRequestWillBeSent, EventWebSocketCreated,
};
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::page::Page;
use common::Fixture;
use common::static_server::StaticServer;
use futures::StreamExt;

const GUIDE: &str = "/integrations/dynamics-365/";
const WEB: &str = "https://contoso.crm.dynamics.com/";
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const SECRET: &str = "Xy.8Q~AbC-dEf_GhI.jKl~MnO-pQr_StU.vWx~yZ";

/// The example site, built once per test run and served on loopback.
fn site() -> &'static StaticServer {
    static SITE: OnceLock<(Fixture, StaticServer)> = OnceLock::new();
    let (_, server) = SITE.get_or_init(|| {
        let fixture = Fixture::example();
        fixture.quire(&["build", "-q"]).ok();
        let server = StaticServer::start(fixture.file("public"));
        (fixture, server)
    });
    server
}

fn chromium() -> Option<std::path::PathBuf> {
    let candidates = [
        std::env::var("QUIRE_CHROMIUM").unwrap_or_default(),
        "/usr/bin/chromium".into(),
        "/usr/bin/chromium-browser".into(),
        "/usr/bin/google-chrome".into(),
    ];
    let found = candidates
        .iter()
        .filter(|c| !c.is_empty())
        .map(std::path::PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        let required =
            std::env::var_os("QUIRE_REQUIRE_BROWSER").is_some() || std::env::var_os("CI").is_some();
        assert!(
            !required,
            "Chromium is required here: apt-get install -y chromium chromium-driver (or set QUIRE_CHROMIUM)"
        );
        eprintln!("skipping: no Chromium (install the `chromium` package to run browser tests)");
    }
    found
}

struct Session {
    _browser: Browser,
    page: Page,
    base: String,
    /// URLs the page asked the network for, seen at the protocol level.
    requests: Arc<Mutex<Vec<String>>>,
    sockets: Arc<Mutex<Vec<String>>>,
}

impl Session {
    async fn launch() -> Option<(Browser, tokio::task::JoinHandle<()>)> {
        let executable = chromium()?;
        let profile = tempfile::Builder::new()
            .prefix("chromium-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("profile dir")
            .keep();
        let config = BrowserConfig::builder()
            .chrome_executable(executable)
            .no_sandbox()
            .user_data_dir(profile)
            .args([
                "--disable-gpu",
                "--disable-quic",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-background-networking",
            ])
            .window_size(1200, 900)
            .build()
            .expect("browser config");
        let (browser, mut handler) = Browser::launch(config).await.expect("launch Chromium");
        let task = tokio::spawn(async move { while handler.next().await.is_some() {} });
        Some((browser, task))
    }

    /// Opens `path` of the example site with JavaScript on or off.
    async fn open_with(path: &str, javascript: bool) -> Option<Session> {
        let session = Session::open_url(&site().base, path, javascript).await?;
        if javascript {
            session
                .wait_for("document.querySelector('.quire-checker')?.dataset.ready === 'true'")
                .await;
        }
        Some(session)
    }

    /// Opens `base` + `path` in a fresh browser.
    async fn open_url(base: &str, path: &str, javascript: bool) -> Option<Session> {
        Session::open_prepared(base, path, javascript, None).await
    }

    /// Opens `base` + `path` after `before` is set to run first in every
    /// document (through the DevTools protocol, not the page).
    async fn open_prepared(
        base: &str,
        path: &str,
        javascript: bool,
        before: Option<&str>,
    ) -> Option<Session> {
        let (browser, _task) = Session::launch().await?;
        let page = browser.new_page("about:blank").await.expect("page");
        if let Some(script) = before {
            page.evaluate_on_new_document(script)
                .await
                .expect("script before the page");
        }
        page.execute(network::EnableParams::default())
            .await
            .expect("network");
        // The theme scrolls smoothly unless motion is reduced; clicks at
        // computed coordinates need the page to stand still.
        page.emulate_media_features(vec![MediaFeature {
            name: "prefers-reduced-motion".into(),
            value: "reduce".into(),
        }])
        .await
        .expect("reduced motion");
        if !javascript {
            page.execute(SetScriptExecutionDisabledParams::new(true))
                .await
                .expect("disable js");
        }
        let requests = Arc::new(Mutex::new(Vec::new()));
        let sockets = Arc::new(Mutex::new(Vec::new()));
        let mut sent = page
            .event_listener::<EventRequestWillBeSent>()
            .await
            .expect("listen");
        let seen = requests.clone();
        tokio::spawn(async move {
            while let Some(event) = sent.next().await {
                seen.lock().expect("log").push(event.request.url.clone());
            }
        });
        let mut created = page
            .event_listener::<EventWebSocketCreated>()
            .await
            .expect("listen");
        let seen = sockets.clone();
        tokio::spawn(async move {
            while let Some(event) = created.next().await {
                seen.lock().expect("log").push(event.url.clone());
            }
        });
        page.goto(format!("{base}{path}")).await.expect("navigate");
        Some(Session {
            _browser: browser,
            page,
            base: base.to_owned(),
            requests,
            sockets,
        })
    }

    async fn open(path: &str) -> Option<Session> {
        Session::open_with(path, true).await
    }

    async fn eval<T: serde::de::DeserializeOwned>(&self, expression: &str) -> T {
        let params = EvaluateParams::builder()
            .expression(expression)
            .await_promise(true)
            .return_by_value(true)
            .build()
            .expect("params");
        let result = self
            .page
            .evaluate(params)
            .await
            .unwrap_or_else(|e| panic!("{expression}: {e}"));
        result
            .into_value()
            .unwrap_or_else(|e| panic!("{expression}: {e}"))
    }

    /// Polls `condition` until it holds; exceptions and a page that is
    /// reloading count as "not yet".
    async fn wait_for(&self, condition: &str) {
        let started = Instant::now();
        let expression = format!(
            "(() => {{ try {{ return !!({condition}); }} catch (e) {{ return false; }} }})()"
        );
        loop {
            let params = EvaluateParams::builder()
                .expression(expression.as_str())
                .return_by_value(true)
                .build()
                .expect("params");
            let holds = match self.page.evaluate(params).await {
                Ok(result) => result.into_value::<bool>().unwrap_or(false),
                Err(_) => false,
            };
            if holds {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "timed out waiting for {condition}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Pastes `text` into a field, replacing what was there.
    async fn paste(&self, field: &str, text: &str) {
        let selector =
            serde_json::to_string(&format!("input[data-field=\"{field}\"]")).expect("json");
        self.eval::<bool>(&format!("(() => {{ const e = document.querySelector({selector}); e.focus(); e.select(); return true; }})()")).await;
        if text.is_empty() {
            let input = self
                .page
                .find_element(format!("input[data-field=\"{field}\"]"))
                .await
                .expect("input");
            input.press_key("Backspace").await.expect("backspace");
        } else {
            self.page
                .execute(InsertTextParams::new(text))
                .await
                .expect("insert text");
        }
    }

    /// Clicks like a reader: the element is first brought to the middle of
    /// the window, clear of the sticky header.
    async fn click(&self, selector: &str) {
        let quoted = serde_json::to_string(selector).expect("json");
        self.eval::<bool>(&format!(
            "(document.querySelector({quoted}).scrollIntoView({{ block: 'center' }}), true)"
        ))
        .await;
        let element = self
            .page
            .find_element(selector)
            .await
            .unwrap_or_else(|e| panic!("{selector}: {e}"));
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {selector}: {e}"));
    }

    async fn status(&self, field: &str) -> (String, String) {
        self.eval(&format!(
            "(() => {{ const s = document.querySelector('[data-status-for=\"{field}\"]'); return [s.dataset.state, s.textContent]; }})()"
        ))
        .await
    }

    async fn value(&self, field: &str) -> String {
        self.eval(&format!(
            "document.querySelector('input[data-field=\"{field}\"]').value"
        ))
        .await
    }

    async fn expect(&self, field: &str, state: &str, text: &str) {
        let (got_state, got_text) = self.status(field).await;
        assert_eq!(got_state, state, "{field}: {got_text}");
        assert!(
            got_text.contains(text),
            "{field}: expected {text:?} in {got_text:?}"
        );
    }

    async fn fill_all_good(&self) {
        self.paste("web_api_url", WEB).await;
        self.paste(
            "token_url",
            &format!("https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token"),
        )
        .await;
        self.paste("client_id", CLIENT).await;
        self.paste("client_secret", SECRET).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_of_wrong_value_gets_its_verdict() {
    let Some(s) = Session::open(GUIDE).await else {
        return;
    };
    for field in [
        "web_api_url",
        "token_url",
        "scopes",
        "client_id",
        "client_secret",
    ] {
        let (state, _) = s.status(field).await;
        assert_eq!(state, "empty", "{field}");
        let attrs: Vec<String> = s.eval(&format!("(() => {{ const e = document.querySelector('input[data-field=\"{field}\"]'); return [e.autocomplete, e.spellcheck ? 'true' : 'false', e.getAttribute('autocapitalize'), document.querySelector('label[for=\"' + e.id + '\"]').textContent]; }})()")).await;
        assert_eq!(&attrs[..3], ["off", "false", "off"], "{field}");
        assert!(!attrs[3].is_empty(), "{field} has a label");
    }
    let cases = [
        (
            "web_api_url",
            "https://contoso.crm.dynamics.com.example.net",
            "error",
            "not a Dynamics 365 environment address",
        ),
        (
            "web_api_url",
            "https://make.powerapps.com/environments/x",
            "error",
            "a portal, not of your environment",
        ),
        (
            "web_api_url",
            "http://contoso.crm.dynamics.com/",
            "error",
            "must start with https://",
        ),
        (
            "web_api_url",
            "contoso.crm4.dynamics.com/main.aspx?appid=1",
            "warning",
            "we added it",
        ),
        (
            "web_api_url",
            "https://contoso.crm4.dynamics.com/",
            "ok",
            "Europe, Middle East and Africa (crm4)",
        ),
        (
            "token_url",
            "https://login.microsoftonline.com/common/oauth2/v2.0/token",
            "error",
            "cannot issue tokens to an app",
        ),
        (
            "token_url",
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/token",
            "warning",
            "older v1 endpoint",
        ),
        (
            "token_url",
            "https://login.microsoftonline.com/{tenant-id}/oauth2/v2.0/token",
            "error",
            "is a placeholder",
        ),
        (
            "client_id",
            "{0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}",
            "warning",
            "Removed the brackets",
        ),
        (
            "client_id",
            "00000007-0000-0000-c000-000000000000",
            "error",
            "Microsoft's own apps",
        ),
        (
            "client_id",
            "\u{200B}0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "error",
            "Character 1 is a zero-width space (U+200B)",
        ),
        (
            "client_id",
            "0a1b2c3d\u{2013}4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "error",
            "en dash",
        ),
        (
            "client_secret",
            CLIENT,
            "error",
            "That is the Secret ID. Copy the Value column instead",
        ),
        (
            "client_secret",
            "abc\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}",
            "error",
            "masked secret",
        ),
        (
            "client_secret",
            "abc8Q~abcdefghijklmnopqrstuvwxyz0123",
            "error",
            "looks cut off",
        ),
        ("client_secret", SECRET, "ok", "client secret Value"),
        (
            "scopes",
            "https://contoso.crm4.dynamics.com/user_impersonation",
            "error",
            "Use: https://contoso.crm4.dynamics.com/.default",
        ),
    ];
    for (field, value, state, text) in cases {
        s.paste(field, value).await;
        s.expect(field, state, text).await;
        let invalid: String = s.eval(&format!("document.querySelector('input[data-field=\"{field}\"]').getAttribute('aria-invalid')")).await;
        assert_eq!(
            invalid,
            if state == "error" { "true" } else { "false" },
            "{field} {value}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_is_composed_until_the_reader_edits_it() {
    let Some(s) = Session::open(GUIDE).await else {
        return;
    };
    s.paste(
        "web_api_url",
        "https://contoso.crm4.dynamics.com/main.aspx?appid=1",
    )
    .await;
    assert_eq!(
        s.value("scopes").await,
        "https://contoso.crm4.dynamics.com/.default"
    );
    s.expect("scopes", "ok", "contoso.crm4.dynamics.com").await;
    // The reader's own scope is checked against the Web API URL…
    s.paste("scopes", "https://fabrikam.crm4.dynamics.com/.default")
        .await;
    s.expect("scopes", "error", "They must name the same environment")
        .await;
    // …and is not overwritten when the URL changes.
    s.paste("web_api_url", "https://fabrikam.crm4.dynamics.com/")
        .await;
    assert_eq!(
        s.value("scopes").await,
        "https://fabrikam.crm4.dynamics.com/.default"
    );
    s.expect("scopes", "ok", "").await;
    s.paste("scopes", "https://fabrikam.crm4.dynamics.com//.default")
        .await;
    s.expect("scopes", "warning", "double slash").await;
    // Clearing it hands it back to the composer.
    s.paste("scopes", "").await;
    s.paste("web_api_url", WEB).await;
    assert_eq!(
        s.value("scopes").await,
        "https://contoso.crm.dynamics.com/.default"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_field_errors_appear_and_clear() {
    let Some(s) = Session::open(GUIDE).await else {
        return;
    };
    s.fill_all_good().await;
    for field in [
        "web_api_url",
        "token_url",
        "scopes",
        "client_id",
        "client_secret",
    ] {
        s.expect(field, "ok", "").await;
    }
    s.paste("client_id", TENANT).await;
    s.expect("client_id", "error", "That is the Directory (tenant) ID")
        .await;
    s.paste("client_id", CLIENT).await;
    s.expect("client_id", "ok", "").await;
    s.paste(
        "token_url",
        &format!("https://login.microsoftonline.us/{TENANT}/oauth2/v2.0/token"),
    )
    .await;
    s.expect("token_url", "error", "US Government cloud").await;
    s.expect("web_api_url", "error", "US Government cloud")
        .await;
    s.paste(
        "token_url",
        &format!("https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token"),
    )
    .await;
    s.expect("token_url", "ok", "").await;
    s.expect("web_api_url", "ok", "").await;
    s.paste("client_secret", CLIENT).await;
    s.expect("client_id", "error", "same value").await;
    s.expect("client_secret", "error", "same as the Client ID")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_is_masked_and_never_written_into_the_page() {
    let Some(s) = Session::open(GUIDE).await else {
        return;
    };
    s.paste("client_secret", SECRET).await;
    let kind: String = s
        .eval("document.querySelector('input[data-field=\"client_secret\"]').type")
        .await;
    assert_eq!(kind, "password");
    let html: String = s
        .eval("document.documentElement.outerHTML + document.body.innerText")
        .await;
    assert!(!html.contains(SECRET), "the secret appears in the page");
    s.click("button[data-toggle-for=\"client_secret\"]").await;
    let state: Vec<String> = s.eval("(() => { const b = document.querySelector('button[data-toggle-for=\"client_secret\"]'); return [document.querySelector('input[data-field=\"client_secret\"]').type, b.getAttribute('aria-pressed'), b.textContent]; })()").await;
    assert_eq!(state, ["text", "true", "Hide"]);
    s.click("button[data-toggle-for=\"client_secret\"]").await;
    let kind: String = s
        .eval("document.querySelector('input[data-field=\"client_secret\"]').type")
        .await;
    assert_eq!(kind, "password");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_puts_the_normalised_value_on_the_clipboard() {
    let Some(s) = Session::open(GUIDE).await else {
        return;
    };
    for name in ["clipboard-read", "clipboard-write"] {
        let permission = PermissionDescriptor {
            name: name.to_owned(),
            sysex: None,
            user_visible_only: None,
            allow_without_sanitization: None,
            allow_without_gesture: None,
            pan_tilt_zoom: None,
        };
        let mut params = SetPermissionParams::new(permission, PermissionSetting::Granted);
        params.origin = Some(s.base.clone());
        s.page
            .execute(params)
            .await
            .expect("grant clipboard permission");
    }
    s.paste("web_api_url", "  contoso.crm.dynamics.com/main.aspx ")
        .await;
    s.click("button[data-copy-for=\"scopes\"]").await;
    s.wait_for(
        "document.querySelector('button[data-copy-for=\"scopes\"]').textContent === 'Copied'",
    )
    .await;
    let copied: String = s.eval("navigator.clipboard.readText()").await;
    assert_eq!(copied, "https://contoso.crm.dynamics.com/.default");
    s.click("button[data-copy-for=\"web_api_url\"]").await;
    s.wait_for(
        "document.querySelector('button[data-copy-for=\"web_api_url\"]').textContent === 'Copied'",
    )
    .await;
    let copied: String = s.eval("navigator.clipboard.readText()").await;
    assert_eq!(copied, "https://contoso.crm.dynamics.com/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_makes_no_request_and_writes_no_storage() {
    let Some(s) = Session::open(GUIDE).await else {
        return;
    };
    // Let the page finish loading, then watch from a clean slate.
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.requests.lock().expect("log").clear();
    let served_before = site().requests().len();
    s.fill_all_good().await;
    s.paste(
        "scopes",
        "https://contoso.crm.dynamics.com/.default offline_access",
    )
    .await;
    s.paste("client_id", "urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
        .await;
    s.click("button[data-copy-for=\"client_id\"]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        s.requests.lock().expect("log").clone(),
        Vec::<String>::new(),
        "the page made requests while values were typed"
    );
    assert!(
        s.sockets.lock().expect("log").is_empty(),
        "the page opened a WebSocket"
    );
    // Positive control: the listener does see a request the page makes.
    let _: bool = s.eval("fetch('/robots.txt').then(() => true)").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        s.requests
            .lock()
            .expect("log")
            .iter()
            .any(|u| u.ends_with("/robots.txt")),
        "the listener missed a deliberate request"
    );
    assert!(site().requests().len() > served_before);
    // No storage of any kind.
    let cookies = s.page.get_cookies().await.expect("cookies");
    assert!(cookies.is_empty(), "{cookies:?}");
    let storage: Vec<f64> = s.eval("indexedDB.databases().then(d => [document.cookie.length, localStorage.length, sessionStorage.length, d.length])").await;
    assert_eq!(storage, [0.0, 0.0, 0.0, 0.0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pasted_markup_never_runs() {
    let Some(s) = Session::open(GUIDE).await else {
        return;
    };
    let attacks = [
        "<img src=x onerror=\"window.__pwned=1\">",
        "\"><script>window.__pwned=2</script>",
        "<svg onload=window.__pwned=3>",
    ];
    for field in [
        "web_api_url",
        "token_url",
        "scopes",
        "client_id",
        "client_secret",
    ] {
        for attack in attacks {
            s.paste(field, attack).await;
            let (state, text) = s.status(field).await;
            // Flagged, never accepted (a secret in no known shape is a warning).
            assert!(
                state == "error" || (field == "client_secret" && state == "warning"),
                "{field} {attack}: {state} {text}"
            );
        }
        s.paste(
            field,
            "https://x<img src=x onerror=window.__pwned=4>.crm.dynamics.com/",
        )
        .await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pwned: bool = s.eval("window.__pwned !== undefined || document.querySelectorAll('.quire-checker img, .quire-checker svg, .quire-checker script').length > 0").await;
    assert!(!pwned, "pasted markup ran or was inserted");
    assert!(
        !site().requests().iter().any(|r| r.ends_with("/x")),
        "an injected image was requested"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_are_cleared_when_the_page_is_left() {
    let Some(s) = Session::open(GUIDE).await else {
        return;
    };
    s.fill_all_good().await;
    let _: bool = s
        .eval("window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }))")
        .await;
    for field in [
        "web_api_url",
        "token_url",
        "scopes",
        "client_id",
        "client_secret",
    ] {
        assert_eq!(s.value(field).await, "", "{field}");
        assert_eq!(s.status(field).await.0, "empty", "{field}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_reaches_every_control_in_order() {
    let Some(s) = Session::open(GUIDE).await else {
        return;
    };
    let _: bool = s
        .eval("(document.querySelector('input[data-field=\"client_secret\"]').focus(), true)")
        .await;
    let input = s
        .page
        .find_element("input[data-field=\"client_secret\"]")
        .await
        .expect("input");
    let mut order = Vec::new();
    for _ in 0..2 {
        input.press_key("Tab").await.expect("tab");
        let focused: String = s.eval("document.activeElement.getAttribute('data-toggle-for') ? 'toggle' : document.activeElement.getAttribute('data-copy-for') ? 'copy' : document.activeElement.tagName").await;
        order.push(focused);
    }
    assert_eq!(order, ["toggle", "copy"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_the_table_remains() {
    let Some(s) = Session::open_with(GUIDE, false).await else {
        return;
    };
    let (rows, inputs, ready): (f64, f64, bool) = s
        .eval("[document.querySelectorAll('.quire-checker tbody tr').length, document.querySelectorAll('input[data-field]').length, document.querySelector('.quire-checker').hasAttribute('data-ready')]")
        .await;
    assert_eq!((rows, inputs, ready), (5.0, 0.0, false));
    let text: String = s
        .eval("document.querySelector('.quire-checker').innerText")
        .await;
    assert!(
        text.contains("Client Secret Value") && text.contains("Certificates & secrets"),
        "{text}"
    );
    // The rest of the page reads fine too: steps and navigation are plain HTML.
    let steps: f64 = s
        .eval("document.querySelectorAll('.step-list li').length")
        .await;
    assert_eq!(steps, 6.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_shows_edits_with_the_scroll_kept_and_errors_over_the_page() {
    if chromium().is_none() {
        return;
    }
    let site = Fixture::new("basic");
    let paragraphs: String = (1..=80)
        .map(|i| format!("Paragraph {i} of a long page.\n\n"))
        .collect();
    let page = "content/v2/guides/other.md";
    site.write(
        page,
        format!("---\ntitle: Another guide\norder: 2\n---\n\n## Details\n\n{paragraphs}The end.\n"),
    );
    let server = common::serve::Server::start(&site);
    let base = format!("http://127.0.0.1:{}", server.port);
    let Some(s) = Session::open_url(&base, "/guides/other/", true).await else {
        return;
    };
    s.wait_for("document.body.innerText.includes('The end.')")
        .await;
    let _: bool = s.eval("(window.scrollTo(0, 1200), true)").await;
    s.wait_for("Math.abs(window.scrollY - 1200) < 2").await;

    site.write(
        page,
        format!(
            "---\ntitle: Another guide\norder: 2\n---\n\n## Details\n\n{paragraphs}The new end.\n"
        ),
    );
    s.wait_for("document.body.innerText.includes('The new end.')")
        .await;
    // Let the restored position settle after load, then check it held.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let y: f64 = s.eval("window.scrollY").await;
    assert!((y - 1200.0).abs() < 2.0, "the reload moved the page to {y}");

    site.write(page, "---\ntitle: [\n---\n");
    s.wait_for("document.getElementById('quire-error-overlay')")
        .await;
    let overlay: String = s
        .eval("document.getElementById('quire-error-overlay').textContent")
        .await;
    assert!(
        overlay.contains("content/v2/guides/other.md:2:8"),
        "{overlay}"
    );
    assert!(
        s.eval::<bool>("document.body.innerText.includes('The new end.')")
            .await,
        "the last good page stays"
    );

    site.write(
        page,
        format!(
            "---\ntitle: Another guide\norder: 2\n---\n\n## Details\n\n{paragraphs}Fixed at last.\n"
        ),
    );
    s.wait_for("document.body.innerText.includes('Fixed at last.')")
        .await;
    assert!(
        s.eval::<bool>("!document.getElementById('quire-error-overlay')")
            .await,
        "the overlay is gone"
    );
}

/// Regression: a page whose URL is not ASCII never reloaded, because the
/// server named `/überblick/` and the browser's path is `/%C3%BCberblick/`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_reloads_a_page_whose_url_is_not_ascii() {
    if chromium().is_none() {
        return;
    }
    let site = Fixture::new("basic");
    let page = "content/v2/überblick.md";
    site.write(page, "---\ntitle: Überblick\n---\n\nErste Fassung.\n");
    let server = common::serve::Server::start(&site);
    let base = format!("http://127.0.0.1:{}", server.port);
    let Some(s) = Session::open_url(&base, "/überblick/", true).await else {
        return;
    };
    s.wait_for("document.body.innerText.includes('Erste Fassung.')")
        .await;
    site.write(page, "---\ntitle: Überblick\n---\n\nZweite Fassung.\n");
    s.wait_for("document.body.innerText.includes('Zweite Fassung.')")
        .await;
}

/// Regression: a checker that failed to start was dropped without a word;
/// now the console and the page say so, and the table stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checker_that_cannot_start_says_so() {
    if chromium().is_none() {
        return;
    }
    // Make the DOM refuse the widget's input rows, and record console errors.
    let sabotage = "window.__errors = []; \
        const logged = console.error.bind(console); \
        console.error = (...args) => { window.__errors.push(args.map(String).join(' ')); logged(...args); }; \
        const append = Node.prototype.appendChild; \
        Node.prototype.appendChild = function (node) { \
          if (this.classList && this.classList.contains('checker-row')) throw new Error('refused'); \
          return append.call(this, node); };";
    let Some(s) = Session::open_prepared(&site().base, GUIDE, true, Some(sabotage)).await else {
        return;
    };
    s.wait_for("document.querySelector('.quire-checker .checker-failed')")
        .await;
    let note: String = s
        .eval("document.querySelector('.checker-failed').textContent")
        .await;
    assert!(note.contains("could not start"), "{note}");
    let errors: String = s.eval("window.__errors.join('\\n')").await;
    assert!(
        errors.contains("credential checker could not start"),
        "{errors}"
    );
    assert!(
        s.eval::<bool>("!document.querySelector('.quire-checker').dataset.ready")
            .await
    );
    assert!(
        s.eval::<bool>("document.querySelectorAll('.quire-credentials tbody tr').length === 5")
            .await,
        "the table stays"
    );
}
