//! Headless Chromium for the browser tests, driven through ChromeDriver (W3C WebDriver, with
//! the `fantoccini` client): the system Chromium and ChromeDriver (installed from Debian's
//! packages when missing), a browser at a given window size, waiting for pages and elements,
//! keys pressed as a keyboard presses them, and the errors a page logs.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::wd::{Locator, WebDriverCompatibleCommand};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The system Chromium, installed with apt-get (with its ChromeDriver) when missing.
pub fn chromium() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
            let install = Command::new("sh")
                .args(["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver"])
                .status();
            assert!(
                install.is_ok_and(|s| s.success())
                    && Path::new(CHROMIUM).exists()
                    && Path::new(CHROMEDRIVER).exists(),
                "the browser tests need Debian's chromium and chromium-driver: `apt-get install chromium chromium-driver` (as root) failed"
            );
        }
        PathBuf::from(CHROMIUM)
    })
    .clone()
}

/// What a command to the browser gives, or why it failed.
pub type Driven<T> = std::result::Result<T, String>;

fn failed(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Headless Chromium with one window, driven by its own ChromeDriver; both stop when dropped.
pub struct Browser {
    runtime: tokio::runtime::Runtime,
    client: Option<fantoccini::Client>,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A free port on the loopback interface.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Waits until something listens on `port`, for at most ten seconds.
fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A browser whose window (and so the page's viewport) is `width` × `height` CSS pixels.
pub fn browser(width: u32, height: u32) -> Browser {
    let binary = chromium();
    let port = free_port();
    let driver = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ChromeDriver starts");
    wait_for_port(port, "ChromeDriver");
    let profile = tempfile::tempdir().expect("a profile folder");
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": binary,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--allow-file-access-from-files",
                "--hide-scrollbars",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.path().display()),
            ],
        },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!("a JSON object")
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = runtime
        .block_on(
            fantoccini::ClientBuilder::new(connector)
                .capabilities(capabilities)
                .connect(&format!("http://127.0.0.1:{port}")),
        )
        .expect("Chromium starts under ChromeDriver");
    Browser {
        runtime,
        client: Some(client),
        driver,
        _profile: profile,
    }
}

impl Browser {
    fn client(&self) -> &fantoccini::Client {
        self.client
            .as_ref()
            .expect("the session is open until drop")
    }

    fn run<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        self.runtime.block_on(future)
    }

    /// The browser's window, to load pages in, one at a time.
    pub fn new_tab(&self) -> Driven<Tab<'_>> {
        Ok(Tab {
            browser: self,
            timeout: std::cell::Cell::new(Duration::from_secs(20)),
        })
    }
}

/// A `file://` address of a built page.
pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Waits until the tab's URL satisfies `done`, for at most `seconds`.
pub fn wait_for_url(tab: &Tab<'_>, seconds: u64, done: impl Fn(&str) -> bool) -> String {
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

/// The browser's window with `url` loaded.
pub fn open<'a>(browser: &'a Browser, url: &str) -> Tab<'a> {
    let tab = browser.new_tab().expect("a tab");
    tab.navigate_to(url)
        .expect("navigates")
        .wait_until_navigated()
        .expect("loads");
    tab
}

/// What a script gave back (JSON; `None` for `undefined`).
pub struct Evaluated {
    pub value: Option<Value>,
}

/// The browser's window: pages loaded, scripts run and keys pressed in it.
pub struct Tab<'a> {
    browser: &'a Browser,
    timeout: std::cell::Cell<Duration>,
}

impl<'a> Tab<'a> {
    fn client(&self) -> &fantoccini::Client {
        self.browser.client()
    }

    /// How long waiting for an element may take.
    pub fn set_default_timeout(&self, timeout: Duration) {
        self.timeout.set(timeout);
    }

    /// Loads `url` and waits for the page's load event.
    pub fn navigate_to(&self, url: &str) -> Driven<&Self> {
        self.browser
            .run(self.client().goto(url))
            .map_err(|e| format!("{url}: {e}"))?;
        Ok(self)
    }

    /// Waits until the page has loaded.
    pub fn wait_until_navigated(&self) -> Driven<&Self> {
        let deadline = Instant::now() + self.timeout.get();
        loop {
            let state = self.evaluate("document.readyState", false)?;
            if state.value.as_ref().and_then(Value::as_str) == Some("complete") {
                return Ok(self);
            }
            if Instant::now() > deadline {
                return Err("the page did not finish loading".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The page's address.
    pub fn get_url(&self) -> String {
        self.browser
            .run(self.client().current_url())
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// The value of the JavaScript expression `js`; with `promise`, what the promise it gives
    /// resolves to.
    pub fn evaluate(&self, js: &str, promise: bool) -> Driven<Evaluated> {
        let value = if promise {
            let script = format!(
                "var done = arguments[arguments.length - 1]; \
                 Promise.resolve({js}).then(function (v) {{ done({{ value: v }}); }}, \
                 function (e) {{ done({{ error: String(e) }}); }});"
            );
            let answer = self
                .browser
                .run(self.client().execute_async(&script, vec![]))
                .map_err(failed)?;
            if let Some(error) = answer.get("error") {
                return Err(format!("the promise failed: {error}"));
            }
            answer.get("value").cloned().unwrap_or(Value::Null)
        } else {
            self.browser
                .run(self.client().execute(&format!("return ({js});"), vec![]))
                .map_err(failed)?
        };
        Ok(Evaluated {
            value: (!value.is_null()).then_some(value),
        })
    }

    /// Runs a script of statements (a library, say) in the page.
    pub fn run_script(&self, js: &str) -> Driven<()> {
        self.browser
            .run(self.client().execute(js, vec![]))
            .map(|_| ())
            .map_err(failed)
    }

    /// The first element `css` selects, now.
    pub fn find_element(&self, css: &str) -> Driven<Element<'_>> {
        let element = self
            .browser
            .run(self.client().find(Locator::Css(css)))
            .map_err(|e| format!("{css}: {e}"))?;
        Ok(Element { tab: self, element })
    }

    /// The first element `css` selects, waiting for it as long as the default timeout.
    pub fn wait_for_element(&self, css: &str) -> Driven<Element<'_>> {
        self.wait_for_element_with_custom_timeout(css, self.timeout.get())
    }

    /// The first element `css` selects, waiting for it at most `timeout`.
    pub fn wait_for_element_with_custom_timeout(
        &self,
        css: &str,
        timeout: Duration,
    ) -> Driven<Element<'_>> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.find_element(css) {
                Ok(found) => return Ok(found),
                Err(e) if Instant::now() > deadline => return Err(e),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// Presses and releases one key on the keyboard, where the focus is: a character, or one
    /// of `Tab`, `Enter`, `Escape`, `ArrowDown`, `ArrowUp`.
    pub fn press_key(&self, key: &str) -> Driven<()> {
        let value = match key {
            "Tab" => '\u{e004}',
            "Enter" => '\u{e007}',
            "Escape" => '\u{e00c}',
            "ArrowUp" => '\u{e013}',
            "ArrowDown" => '\u{e015}',
            _ => {
                let mut chars = key.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => c,
                    _ => return Err(format!("no such key: {key}")),
                }
            }
        };
        self.keys(&[value])
    }

    /// Types `text` on the keyboard, character by character, where the focus is.
    pub fn type_str(&self, text: &str) -> Driven<()> {
        self.keys(&text.chars().collect::<Vec<_>>())
    }

    fn keys(&self, values: &[char]) -> Driven<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for &value in values {
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value });
        }
        self.browser
            .run(self.client().perform_actions(actions))
            .map_err(failed)
    }

    /// A PNG of what the window shows.
    pub fn screenshot(&self) -> Driven<Vec<u8>> {
        self.browser.run(self.client().screenshot()).map_err(failed)
    }

    /// Lets pages of `origin` read and write the clipboard without asking.
    pub fn grant_clipboard(&self, origin: &str) -> Driven<()> {
        self.browser
            .run(self.client().issue_cmd(Cdp {
                cmd: "Browser.grantPermissions",
                params: json!({
                    "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
                    "origin": origin,
                }),
            }))
            .map(|_| ())
            .map_err(failed)
    }

    /// The errors the browser logged since the last call: exceptions, `console.error` and
    /// failed loads.
    pub fn logged_errors(&self) -> Vec<String> {
        let entries = self
            .browser
            .run(self.client().issue_cmd(BrowserLog))
            .expect("the browser's log");
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

/// The errors a tab's pages log, gathered from the moment this is called.
pub fn page_errors(tab: &Tab<'_>) -> PageErrors {
    // What was logged before is not this page's.
    tab.logged_errors();
    PageErrors
}

/// The errors logged since [`page_errors`].
pub struct PageErrors;

impl PageErrors {
    /// The errors logged since the last look.
    pub fn take(&self, tab: &Tab<'_>) -> Vec<String> {
        tab.logged_errors()
    }
}

/// An element of the page.
pub struct Element<'t> {
    tab: &'t Tab<'t>,
    element: fantoccini::elements::Element,
}

impl Element<'_> {
    fn run<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        self.tab.browser.run(future)
    }

    /// Clicks it, as a mouse does.
    pub fn click(&self) -> Driven<&Self> {
        self.run(self.element.click()).map_err(failed)?;
        Ok(self)
    }

    /// Moves the keyboard's focus to it.
    pub fn focus(&self) -> Driven<&Self> {
        let element = serde_json::to_value(&self.element).map_err(failed)?;
        self.run(
            self.tab
                .client()
                .execute("arguments[0].focus();", vec![element]),
        )
        .map_err(failed)?;
        Ok(self)
    }

    /// Its text as rendered.
    pub fn get_inner_text(&self) -> Driven<String> {
        self.run(self.element.text()).map_err(failed)
    }

    /// The value of its attribute `name`, if it has one.
    pub fn get_attribute_value(&self, name: &str) -> Driven<Option<String>> {
        self.run(self.element.attr(name)).map_err(failed)
    }
}

/// A Chrome DevTools command, through ChromeDriver.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or("")
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// The browser's log since it was last read (ChromeDriver's log endpoint).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or("")))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

/// A server of `dir` on a free port, as python3's http.server; stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(dir: &Path) -> Server {
    let port = free_port();
    let child = Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 serves the site");
    wait_for_port(port, "the server");
    Server { child, port }
}
