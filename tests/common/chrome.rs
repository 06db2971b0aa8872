//! Headless Chromium for the browser tests: the system Chromium (installed from Debian's
//! packages when missing), a tab, waiting for the page, and the errors a page logs.

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The system Chromium, installed with apt-get when missing.
pub fn chromium() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = PathBuf::from("/usr/bin/chromium");
        if !path.exists() {
            let install = Command::new("sh")
                .args(["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver"])
                .status();
            assert!(
                install.is_ok_and(|s| s.success()) && path.exists(),
                "the browser tests need Debian's chromium: `apt-get install chromium chromium-driver` (as root) failed"
            );
        }
        path
    })
    .clone()
}

pub fn browser(width: u32, height: u32) -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--allow-file-access-from-files",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium()))
        .headless(true)
        .sandbox(false)
        .window_size(Some((width, height)))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .expect("launch options");
    Browser::new(options).expect("Chromium starts")
}

pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Waits until the tab's URL satisfies `done`, for at most `seconds`.
pub fn wait_for_url(tab: &Tab, seconds: u64, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let url = tab.get_url();
        if done(&url) {
            return url;
        }
        assert!(Instant::now() < deadline, "the page stayed at {url}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn open(browser: &Browser, url: &str) -> Arc<Tab> {
    let tab = browser.new_tab().expect("a tab");
    tab.set_default_timeout(Duration::from_secs(20));
    tab.navigate_to(url)
        .expect("navigates")
        .wait_until_navigated()
        .expect("loads");
    tab
}

/// The errors a tab's pages log (exceptions, console errors, failed loads), gathered from the
/// moment this is called.
pub fn page_errors(tab: &Tab) -> Arc<Mutex<Vec<String>>> {
    let errors = Arc::new(Mutex::new(Vec::new()));
    tab.enable_log().expect("log domain");
    tab.enable_runtime().expect("runtime domain");
    let sink = errors.clone();
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let message = match event {
            Event::RuntimeExceptionThrown(e) => Some(format!("{:?}", e.params.exception_details)),
            Event::LogEntryAdded(e) if format!("{:?}", e.params.entry.level) == "Error" => {
                Some(format!("{}: {:?}", e.params.entry.text, e.params.entry.url))
            }
            Event::RuntimeConsoleAPICalled(e) if format!("{:?}", e.params.Type) == "Error" => {
                Some(format!("console.error {:?}", e.params.args))
            }
            _ => None,
        };
        if let Some(m) = message {
            sink.lock().unwrap().push(m);
        }
    }))
    .expect("listener");
    errors
}

/// A server of `dir` on a free port, as python3's http.server; stopped when dropped.
pub struct Server {
    child: std::process::Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(dir: &Path) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 serves the site");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Server { child, port }
}
