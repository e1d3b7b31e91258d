//! The whole-site benchmark: one command, every figure in BENCHMARKS.md.
//!
//! cargo bench --bench site            # 30,000 and 3,000 pages
//! QUIRE_BENCH_QUICK=1 cargo bench --bench site   # smaller, for a smoke run
//!
//! Generates the synthetic help centre (benches/corpus.rs) under
//! target/bench-corpus/, then measures the release `quire` binary: cold
//! `build` wall time and peak memory, `check`, `serve` start to first page,
//! one page edited to its new HTML served (median of 20), and output bytes
//! per page at two sizes.

#[path = "../tests/common/chromium.rs"]
mod chromium;
#[path = "corpus.rs"]
mod corpus;
#[path = "common/search_figures.rs"]
mod search_figures;
#[path = "common/server.rs"]
mod server;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use corpus::Shape;
use server::{Serve, get};

const QUIRE: &str = env!("CARGO_BIN_EXE_quire");

fn main() {
    let quick = std::env::var_os("QUIRE_BENCH_QUICK").is_some();
    let (big, small) = if quick {
        (
            Shape {
                versions: 3,
                sections: 25,
                pages: 40,
            },
            Shape {
                versions: 3,
                sections: 25,
                pages: 4,
            },
        )
    } else {
        // Both shapes have at least 25 entries at each level, so the
        // navigation each page carries is equally full in both.
        (
            Shape {
                versions: 3,
                sections: 100,
                pages: 100,
            },
            Shape {
                versions: 3,
                sections: 25,
                pages: 40,
            },
        )
    };
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let big_dir = corpus::cached(&target, big);
    let small_dir = corpus::cached(&target, small);
    println!(
        "quire site benchmark: {} pages ({}x{}x{}); machine: {} cores",
        big.total(),
        big.versions,
        big.sections,
        big.pages,
        cores()
    );

    // Cold builds write into folders that do not exist yet, and nothing is
    // deleted until every timing is taken: on ext4 without a journal (the
    // development machine's disk), creating files right after tens of
    // thousands were deleted is several times slower, whatever writes them
    // (see BENCHMARKS.md). Earlier outputs are moved aside, then removed at
    // the end.
    let trash = target.join("trash");
    std::fs::create_dir_all(&trash).expect("trash folder");
    let set_aside = |path: &Path| {
        if path.exists() {
            let name = format!("{}-{}", std::process::id(), unique());
            std::fs::rename(path, trash.join(name)).expect("move an old output aside");
        }
    };
    for run in 0..RUNS {
        set_aside(&big_dir.join(format!("cold-{run}")));
    }
    set_aside(&big_dir.join("public"));
    set_aside(&small_dir.join("public"));

    let floor = file_creation_floor(&big_dir, &trash);
    let mut walls = Vec::new();
    let mut peaks = Vec::new();
    for run in 0..RUNS {
        let (wall, peak) = run_measured(Command::new(QUIRE).args(["--root"]).arg(&big_dir).args([
            "build",
            "-q",
            "--out",
            &format!("cold-{run}"),
        ]));
        walls.push(wall);
        peaks.push(peak);
    }
    report(
        "build, cold (no previous output), median of 5",
        median(&mut walls),
        &format!("budget 2.5 s on tmpfs (below); {}", spread(&walls)),
    );
    println!(
        "{:<58} {:>10.0} MB  (budget 200 MB)",
        "build, peak memory (max of 5)",
        peaks.iter().copied().fold(0.0, f64::max)
    );
    if let Some(floor) = floor {
        report(
            "  the disk's floor: the same folders and files, 2 threads",
            floor,
            "no rendering at all",
        );
    }
    if let Some(InMemory {
        mut walls,
        mut without,
        mut rebuilds,
        mut waiting,
        peak,
        cpu,
        mut floors,
    }) = cold_build_in_memory_fs(&big_dir)
    {
        // This machine's speed drifts by a fifth from minute to minute:
        // each build with search is compared with the build without it
        // that ran right after, and the middle of those ratios is kept;
        // so is each rebuild with the cold build it followed. Taken
        // before the medians below sort the runs.
        let ratio = middle_ratio(&walls, &without);
        let rebuild_ratio = middle_ratio(&rebuilds, &walls);
        let waiting_ratio = middle_ratio(&waiting, &walls);
        let (with_search, no_search) = (median(&mut walls), median(&mut without));
        report(
            &format!("build, cold, on tmpfs (/dev/shm), median of {TMPFS_PAIRS}"),
            with_search,
            &format!("budget 2.5 s; {}", spread(&walls)),
        );
        println!(
            "{:<58} {:>10.0} MB  (budget 200 MB)",
            "  its peak memory (max)", peak
        );
        // The VM's speed moves from hour to hour, the kernel's part most:
        // CPU time tells a change of the code from a change of the host.
        let (mut user, mut system): (Vec<Duration>, Vec<Duration>) = cpu.into_iter().unzip();
        let (user, system) = (median(&mut user), median(&mut system));
        println!(
            "{:<58} {:>10.0} ms  (user {} ms, system {} ms: the system part is mostly the kernel writing files)",
            "  its CPU time, medians",
            (user + system).as_secs_f64() * 1000.0,
            user.as_millis(),
            system.as_millis()
        );
        if !floors.is_empty() {
            let floor = median(&mut floors);
            report(
                "  the kernel's floor: its files on tmpfs, 2 threads",
                floor,
                &format!(
                    "median, each right after a build; no rendering at all; the build takes {:.0} ms more",
                    with_search.saturating_sub(floor).as_secs_f64() * 1000.0
                ),
            );
        }
        report(
            "  the same with [search] enabled = false, alternating",
            no_search,
            &format!(
                "search adds {:.0} % (median of the {TMPFS_PAIRS} pairs; of the medians {:.0} %), budget 25 %; {}",
                (ratio - 1.0) * 100.0,
                (with_search.as_secs_f64() / no_search.as_secs_f64() - 1.0) * 100.0,
                spread(&without)
            ),
        );
        report(
            "  the same over its own output, at a terminal, right after",
            median(&mut rebuilds),
            &format!(
                "{:.2}x the cold build (median of the pairs), budget 1.3x; {}",
                rebuild_ratio,
                spread(&rebuilds)
            ),
        );
        report(
            "  again, in a pipe (scripts wait for the removal)",
            median(&mut waiting),
            &format!(
                "{:.2}x the cold build (median of the pairs); {}",
                waiting_ratio,
                spread(&waiting)
            ),
        );
    }
    std::fs::rename(big_dir.join("cold-0"), big_dir.join("public")).expect("keep one output");
    let mut rebuilds = Vec::new();
    for _ in 0..RUNS {
        // The previous output is removed after each build returns; that
        // removal is over before the next build is timed.
        let (rebuild, _) = run_measured(&mut at_a_terminal(&big_dir, "build -q"));
        rebuilds.push(rebuild);
        wait_for_removal(&big_dir);
    }
    // What the disk takes right after a removal like the one each
    // rebuild followed: the same files, written by nothing but two threads.
    let after_removal = output_files(&big_dir.join("public")).map(|files| {
        let out = big_dir.join("floor-after-removal");
        let took = create_files(&files, &out);
        let name = format!("{}-{}", std::process::id(), unique());
        std::fs::rename(&out, trash.join(name)).expect("move aside");
        took
    });
    let cold = median(&mut walls.clone());
    let rebuild = median(&mut rebuilds);
    report(
        &format!("build over the previous output, at a terminal, median of {RUNS}"),
        rebuild,
        &format!(
            "{:.2}x the cold build, budget 1.3x; {}",
            rebuild.as_secs_f64() / cold.as_secs_f64(),
            spread(&rebuilds)
        ),
    );
    if let Some(floor) = after_removal {
        report(
            "  the disk's floor right after such a removal",
            floor,
            "no rendering at all",
        );
    }
    search_figures_of(&big_dir.join("public"), big);

    let big_bytes = bytes_per_page(&big_dir.join("public"));
    run_measured(
        Command::new(QUIRE)
            .args(["--root"])
            .arg(&small_dir)
            .args(["build", "-q"]),
    );
    let small_bytes = bytes_per_page(&small_dir.join("public"));
    println!(
        "{:<58} {:>10.0} B   ({} pages)",
        "HTML bytes per page, small site",
        small_bytes,
        small.total()
    );
    println!(
        "{:<58} {:>10.0} B   ({} pages; must not grow)",
        "HTML bytes per page, large site",
        big_bytes,
        big.total()
    );

    let check = Command::new(QUIRE)
        .args(["--root"])
        .arg(&big_dir)
        .args(["check", "--help"])
        .output();
    if check.is_ok_and(|o| o.status.success()) {
        let (wall, _) = run_measured(
            Command::new(QUIRE)
                .args(["--root"])
                .arg(&big_dir)
                .arg("check"),
        );
        report("check", wall, "");
    }

    serve(&big_dir, big);

    for run in 1..RUNS {
        set_aside(&big_dir.join(format!("cold-{run}")));
    }
    let _ = std::fs::remove_dir_all(&trash);
}

/// The index's files and the bytes before a first result, on a built site.
fn search_figures_of(public: &Path, shape: Shape) {
    for (version, files, bytes) in search_figures::index_files(public) {
        println!(
            "{:<58} {:>10} files, {:.1} MB (at most 5,000 files)",
            format!("search index of {version}"),
            files,
            bytes as f64 / 1e6
        );
    }
    let latest = format!("v{}", shape.versions);
    for query in [
        "conn",
        "verify connection",
        "team 42",
        "eu",
        "salesforce prepare",
    ] {
        let (bytes, results) = search_figures::bytes_to_first_result(public, &latest, query);
        println!(
            "{:<58} {:>10} B   ({results} results; budget 100 KB)",
            format!("search: gzip bytes to first result, {query:?}"),
            bytes
        );
    }
}

/// Flushes written data to disk and lets the machine go quiet.
fn settle() {
    let _ = Command::new("sync").status();
    std::thread::sleep(Duration::from_millis(500));
}

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// How long this disk takes to create the folders and files a build of
/// `site` writes, with their sizes, from two threads that render nothing:
/// what no generator can go below here. Builds `site` once (untimed) to
/// learn them; `None` if that output cannot be read.
fn file_creation_floor(site: &Path, trash: &Path) -> Option<Duration> {
    let sample = site.join("public");
    // The last output was moved to the trash; measure from a fresh build.
    run_measured(
        Command::new(QUIRE)
            .args(["--root"])
            .arg(site)
            .args(["build", "-q", "--out", "public"]),
    );
    let files = output_files(&sample)?;
    let out = site.join("floor");
    let took = create_files(&files, &out);
    for dir in [out, sample] {
        let name = format!("{}-{}", std::process::id(), unique());
        std::fs::rename(dir, trash.join(name)).expect("move aside");
    }
    Some(took)
}

/// `quire --root SITE ARGS` on a pseudo-terminal (util-linux `script`),
/// outside CI: as a writer runs it, with the previous output removed
/// after the build returns.
fn at_a_terminal(site: &Path, args: &str) -> Command {
    let mut command = Command::new("script");
    command
        .args([
            "-qefc",
            &format!("{QUIRE} --root {} {args}", site.display()),
            "/dev/null",
        ])
        .env_remove("CI")
        .stdin(Stdio::null());
    command
}

/// Waits until no previous output beside `site`'s outputs (`.NAME.old-PID`)
/// is left: `quire build` has them removed after it returns.
fn wait_for_removal(site: &Path) {
    let started = Instant::now();
    let left = || {
        std::fs::read_dir(site).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains(".old-"))
        })
    };
    while left() && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What the builds on tmpfs measured.
struct InMemory {
    /// Cold builds with search.
    walls: Vec<Duration>,
    /// Cold builds without search, each right after one with it.
    without: Vec<Duration>,
    /// Builds over the output of each cold build with search, right after,
    /// at a terminal: the previous output is removed after they return.
    rebuilds: Vec<Duration>,
    /// The same once more in a pipe, as scripts run it: they wait for
    /// the removal.
    waiting: Vec<Duration>,
    /// The highest peak memory of the builds with search, in MB.
    peak: f64,
    /// The CPU time of each cold build with search: user, then system.
    cpu: Vec<(Duration, Duration)>,
    /// Right after each of them, how long two threads take to create its
    /// files on tmpfs, rendering nothing: the kernel's part at that time.
    floors: Vec<Duration>,
}

/// Every file below `public`, with its size.
fn output_files(public: &Path) -> Option<Vec<(std::path::PathBuf, usize)>> {
    let mut files = Vec::new();
    let mut stack = vec![public.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let size = entry.metadata().map_or(0, |m| m.len()) as usize;
                let rel = path.strip_prefix(public).ok()?.to_owned();
                files.push((rel, size));
            }
        }
    }
    Some(files)
}

/// How long two threads take to create `files` below `out`, with their
/// sizes, rendering nothing.
fn create_files(files: &[(std::path::PathBuf, usize)], out: &Path) -> Duration {
    let bytes = vec![b'x'; files.iter().map(|f| f.1).max().unwrap_or(0)];
    settle();
    let started = Instant::now();
    std::thread::scope(|scope| {
        for part in 0..2 {
            let bytes = &bytes;
            scope.spawn(move || {
                for (rel, size) in files.iter().skip(part).step_by(2) {
                    let path = out.join(rel);
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent).expect("mkdir");
                    }
                    std::fs::write(&path, &bytes[..*size]).expect("write");
                }
            });
        }
    });
    started.elapsed()
}

/// Cold builds with the site copied to /dev/shm, where files cost no disk
/// work: what quire itself takes, with search and, alternating, without;
/// and each build with search again over its own output. `None` where
/// there is no /dev/shm.
fn cold_build_in_memory_fs(site: &Path) -> Option<InMemory> {
    let shm = Path::new("/dev/shm");
    if !shm.is_dir() {
        return None;
    }
    let copy = shm.join(format!("quire-bench-{}", std::process::id()));
    let copied = std::fs::create_dir_all(&copy).is_ok()
        && Command::new("cp")
            .arg("-r")
            .arg(site.join("content"))
            .arg(site.join("site.toml"))
            .arg(&copy)
            .status()
            .is_ok_and(|s| s.success());
    let config = std::fs::read_to_string(copy.join("site.toml")).unwrap_or_default();
    let without_search = format!("{config}\n[search]\nenabled = false\n");
    let mut walls = Vec::new();
    let mut without = Vec::new();
    let mut rebuilds = Vec::new();
    let mut waiting = Vec::new();
    let mut peak = 0.0f64;
    let mut cpu = Vec::new();
    let mut floors = Vec::new();
    let mut files = None;
    if copied {
        for run in 0..TMPFS_PAIRS * 2 {
            let search = run % 2 == 0;
            let text = if search { &config } else { &without_search };
            std::fs::write(copy.join("site.toml"), text).expect("site.toml");
            let out = format!("cold-{run}");
            let build = || {
                run_timed(
                    Command::new(QUIRE)
                        .args(["--root"])
                        .arg(&copy)
                        .args(["build", "-q", "--out", &out]),
                )
            };
            let measured = build();
            let wall = measured.wall;
            if search {
                walls.push(wall);
                peak = peak.max(measured.peak);
                cpu.push((measured.user, measured.system));
                let files = files.get_or_insert_with(|| output_files(&copy.join(&out)));
                if let Some(files) = files {
                    let floor = copy.join("floor");
                    floors.push(create_files(files, &floor));
                    let _ = std::fs::remove_dir_all(&floor);
                }
                let command = format!("build -q --out {out}");
                rebuilds.push(run_measured(&mut at_a_terminal(&copy, &command)).0);
                wait_for_removal(&copy);
                waiting.push(build().wall);
            } else {
                without.push(wall);
            }
            // Memory, not disk: removing it costs the next run nothing.
            let _ = std::fs::remove_dir_all(copy.join(&out));
        }
    }
    let _ = std::fs::remove_dir_all(&copy);
    (!walls.is_empty()).then_some(InMemory {
        walls,
        without,
        rebuilds,
        waiting,
        peak,
        cpu,
        floors,
    })
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn report(what: &str, took: Duration, budget: &str) {
    println!(
        "{what:<58} {:>10.0} ms  {}",
        took.as_secs_f64() * 1000.0,
        if budget.is_empty() {
            String::new()
        } else {
            format!("({budget})")
        }
    );
}

/// How many cold builds each figure is the median of.
const RUNS: usize = 5;

/// How many pairs of cold builds on tmpfs, with search and without, the
/// cost of search is measured on.
const TMPFS_PAIRS: usize = 9;

/// The fastest and slowest of `walls`, for the reader to judge the noise.
fn spread(walls: &[Duration]) -> String {
    let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    format!(
        "runs {:.0}-{:.0} ms",
        ms(walls.iter().min()),
        ms(walls.iter().max())
    )
}

/// The middle of `runs[i] / against[i]`: each run over the one it is
/// paired with.
fn middle_ratio(runs: &[Duration], against: &[Duration]) -> f64 {
    let mut ratios: Vec<f64> = runs
        .iter()
        .zip(against)
        .map(|(run, other)| run.as_secs_f64() / other.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN)
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// [`run_timed`]'s wall time and peak memory.
fn run_measured(command: &mut Command) -> (Duration, f64) {
    let measured = run_timed(command);
    (measured.wall, measured.peak)
}

/// What one run of quire took.
struct Measured {
    wall: Duration,
    /// Peak memory, in MB.
    peak: f64,
    /// CPU time of all its threads, user and system, as last read before
    /// it ended (Linux's /proc; zero elsewhere).
    user: Duration,
    system: Duration,
}

/// Clock ticks per second, as /proc counts CPU time; asked once.
static CLOCK_TICKS: std::sync::LazyLock<f64> = std::sync::LazyLock::new(|| {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8_lossy(&out.stdout).trim().parse().ok())
        .unwrap_or(100.0)
});

/// User and system CPU ticks of a process from its /proc stat line.
fn cpu_ticks(stat: &str) -> Option<(u64, u64)> {
    // After the command's name in parentheses: state is field 3, user
    // time field 14, system time field 15.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some((fields.get(11)?.parse().ok()?, fields.get(12)?.parse().ok()?))
}

/// Runs a command to completion: wall time, peak resident memory (its
/// VmHWM) and CPU time, polled from /proc until it exits. Data earlier
/// steps wrote is flushed first, so the kernel's write-back of it does
/// not take a core from the run being measured.
fn run_timed(command: &mut Command) -> Measured {
    settle();
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run quire");
    let status_file = format!("/proc/{}/status", child.id());
    let stat_file = format!("/proc/{}/stat", child.id());
    let mut peak_kb = 0.0f64;
    let mut ticks = (0, 0);
    loop {
        if let Some(read) = std::fs::read_to_string(&stat_file)
            .ok()
            .as_deref()
            .and_then(cpu_ticks)
        {
            ticks = read;
        }
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb: f64 = line
                .split_whitespace()
                .nth(1)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0);
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            let wall = started.elapsed();
            if !status.success() {
                let mut err = String::new();
                let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
                panic!("quire failed: {err}");
            }
            let per_second = *CLOCK_TICKS;
            let seconds = |t: u64| Duration::from_secs_f64(t as f64 / per_second);
            return Measured {
                wall,
                peak: peak_kb / 1024.0,
                user: seconds(ticks.0),
                system: seconds(ticks.1),
            };
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn bytes_per_page(public: &Path) -> f64 {
    let mut bytes = 0u64;
    let mut pages = 0u64;
    let mut stack = vec![public.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                bytes += entry.metadata().map_or(0, |m| m.len());
                pages += 1;
            }
        }
    }
    bytes as f64 / pages.max(1) as f64
}

fn serve(site: &Path, shape: Shape) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    settle();
    let started = Instant::now();
    let child = Command::new(QUIRE)
        .arg("--root")
        .arg(site)
        .args(["serve", "--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start quire serve");
    let mut server = Serve(child);
    let stdout = server.0.stdout.take().expect("stdout");
    std::thread::spawn(move || for _ in BufReader::new(stdout).lines() {});
    while get(port, "/").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    report(
        "serve: start to first page served",
        started.elapsed(),
        "budget 4 s",
    );

    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let (mut socket, _) = tungstenite::client(format!("ws://127.0.0.1:{port}/__quire/ws"), stream)
        .expect("websocket");
    let (section, number) = (shape.sections / 2, shape.pages / 2);
    let page = site.join(format!(
        "content/v{}/section-{section:03}/page-{number:03}.md",
        shape.versions
    ));
    let url = format!("/section-{section:03}/page-{number:03}/");
    let original = std::fs::read_to_string(&page).expect("read page");
    let mut times = Vec::new();
    for round in 0..20 {
        let marker = format!("Edited in round {round}.");
        let edited = format!("{original}\n{marker}\n");
        let started = Instant::now();
        std::fs::write(&page, edited).expect("edit");
        loop {
            match socket.read().expect("websocket") {
                tungstenite::Message::Text(text) if text.contains("\"reload\"") => break,
                _ => {}
            }
        }
        let body = get(port, &url).expect("page");
        times.push(started.elapsed());
        assert!(body.contains(&marker), "the edit was not served");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::write(&page, original).expect("restore");
    report(
        "serve: page edited to new HTML served, median of 20",
        median(&mut times),
        "budget 100 ms",
    );
    // The edits are indexed by now; the latest version's is served.
    let queries = [
        "connection",
        "prepare",
        "verify",
        "settings",
        "account",
        "timeout",
        "region",
        "contacts",
        "activities",
        "administrator",
        "integrations",
        "records",
        "status",
        "minutes",
        "guide",
        "queued",
        "consent",
        "owners",
        "quiet",
        "connected",
    ];
    match search_figures::keystroke_to_results(&format!("http://127.0.0.1:{port}{url}"), &queries) {
        Some(mut ms) => {
            ms.sort_by(f64::total_cmp);
            println!(
                "{:<58} {:>10.1} ms  (budget 50 ms; slowest {:.1} ms)",
                "search: keystroke to results in Chromium, median of 20",
                ms[ms.len() / 2],
                ms[ms.len() - 1]
            );
        }
        None => println!("search: keystroke to results: skipped, no Chromium"),
    }
}
