//! Headless Chromium as the tests and the benchmarks start it: no sandbox,
//! no GPU, no QUIC, and nothing that reaches the network by itself, with
//! a profile folder of its own.

use std::path::Path;

use chromiumoxide::browser::BrowserConfig;

/// The browser at `executable`, with its profile in `profile` and, if
/// given, a window of that size.
pub(crate) fn config(
    executable: &Path,
    profile: &Path,
    window: Option<(u32, u32)>,
) -> BrowserConfig {
    let mut builder = BrowserConfig::builder()
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
        ]);
    if let Some((width, height)) = window {
        builder = builder.window_size(width, height);
    }
    builder.build().expect("browser config")
}
