//! `chancery serve`: the reviewers' desk, tested in a real browser (headless Chromium through
//! chromedriver and WebDriver) and with raw HTTP requests for the refusals (a client library
//! would normalise the paths an attacker sends).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{tempdir, workspace};

/// A running `chancery serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(ws: &Path) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("chancery"))
        .arg("serve")
        .arg(ws)
        .args(["--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server printed its address")
            .unwrap();
        if let Some(rest) = line.strip_prefix("chancery desk: http://") {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    // Keep draining stderr so the server never blocks on it.
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, addr }
}

/// One raw HTTP/1.1 request; the status and the body.
fn http(addr: &str, method: &str, path: &str, headers: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n{headers}\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    // A server may answer (413) before it has read the whole body.
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    let code = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let start = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(out.len(), |i| i + 4);
    (code, out[start..].to_vec())
}

fn get(addr: &str, path: &str) -> (u16, Vec<u8>) {
    http(addr, "GET", path, "", &[])
}

/// A multipart form with one file field `docx`.
fn upload(addr: &str, draft: &str, bytes: &[u8]) -> (u16, Vec<u8>) {
    let boundary = "chancery-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"docx\"; filename=\"r.docx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let headers = format!("Content-Type: multipart/form-data; boundary={boundary}\r\n");
    http(
        addr,
        "POST",
        &format!("/d/{draft}/redline"),
        &headers,
        &body,
    )
}

// Paths out of the workspace, in several encodings, a link out of it, a file that is not a
// draft, an oversized and a hostile upload: each a clear 4xx, and the server keeps serving.
#[test]
fn refusals_are_4xx_and_the_server_keeps_serving() {
    let ws = workspace();
    let outside = tempdir();
    std::fs::write(outside.path().join("meeting.toml"), "[series]\n").unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), ws.path().join("drafts/linked")).unwrap();
        // A real folder whose meeting.toml is a link out of the workspace.
        std::fs::create_dir(ws.path().join("drafts/half")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("meeting.toml"),
            ws.path().join("drafts/half/meeting.toml"),
        )
        .unwrap();
    }
    let server = serve(ws.path());
    let a = &server.addr;
    for path in [
        "/d/../../etc/passwd",
        "/d/..%2F..%2Fetc%2Fpasswd/",
        "/d/%2e%2e/%2e%2e/etc/passwd",
        "/d/%2E%2E%2F%2E%2E%2Fetc/",
        "/d/2015-tokyo-3rd/..%2F..%2F..%2Fetc%2Fpasswd",
        "/d/2015-tokyo-3rd/meeting.toml",
        "/d/2015-tokyo-3rd/%2e%2e%2fmeeting.toml",
        "/assets/..%2F..%2FCargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "//etc/passwd",
        "/d/linked/",
        "/d/linked/secret.txt",
        "/d/linked/statement.pdf",
        "/d/half/",
        "/d/half/statement.pdf",
        "/d/2015-tokyo-3rd/statement.exe",
    ] {
        let (code, body) = get(a, path);
        assert!((400..500).contains(&code), "{path}: {code}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            !body.contains("secret") && !body.contains("root:"),
            "{path}: {body}"
        );
    }
    assert_eq!(get(a, "/d/2015-tokyo-3rd/?copy=xx").0, 400);
    assert_eq!(get(a, "/d/2015-tokyo-3rd/?view=source").0, 400);
    // Request data is never a template: handlebars in the query is text.
    let (code, body) = get(
        a,
        "/d/2015-tokyo-3rd/?view=statement&against=%7B%7Bmeeting.city%7D%7D",
    );
    assert_eq!(code, 200);
    assert!(!String::from_utf8_lossy(&body).contains("draft:Tokyo"));
    // Oversized upload: 413, hostile bytes: 422; then a real DOCX compares.
    let big = vec![b'x'; 17 * 1024 * 1024];
    assert_eq!(upload(a, "2015-tokyo-3rd", &big).0, 413);
    let mut bomb = b"PK\x03\x04".to_vec();
    bomb.extend(std::iter::repeat_n(0u8, 4096));
    assert_eq!(upload(a, "2015-tokyo-3rd", &bomb).0, 422);
    assert_eq!(upload(a, "2015-tokyo-3rd", b"plain text, not a zip").0, 422);
    let docx_dir = tempdir();
    let built = common::chancery()
        .args([
            "build",
            "drafts/2014-05-09-washington-2nd",
            "--format",
            "docx",
            "--out",
        ])
        .arg(docx_dir.path())
        .output()
        .unwrap();
    assert!(built.status.success());
    let docx = std::fs::read(docx_dir.path().join("statement.docx")).unwrap();
    let (code, body) = upload(a, "2015-tokyo-3rd", &docx);
    assert_eq!(code, 200);
    assert!(
        String::from_utf8_lossy(&body)
            .contains("<ins>Both sides shared the view that ensuring the long-term")
    );
    let (code, body) = get(a, "/");
    assert_eq!(code, 200);
    let index = String::from_utf8_lossy(&body);
    assert!(
        index.contains("2015-tokyo-3rd") && !index.contains("linked"),
        "{index}"
    );
}

/// A free local port.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver on a free port, stopped when dropped.
struct Driver(Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn driver() -> Driver {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver(child, port)
}

async fn browser(port: u16, profile: &Path) -> fantoccini::Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_owned(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run",
                     format!("--user-data-dir={}", profile.display())],
        }),
    );
    fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session")
}

/// The statement's text as the page shows it: its blocks' text, a blank line between.
const STATEMENT_TEXT: &str = "return Array.from(document.querySelectorAll('#statement > h1, #statement > h2, #statement > p')).map(e => e.innerText.trim()).join('\\n\\n');";

async fn text_of(c: &fantoccini::Client, script: &str) -> String {
    c.execute(script, vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Wait until `script` returns text containing `want`; the time it took.
async fn wait_for_text(
    c: &fantoccini::Client,
    script: &str,
    want: &str,
    limit: Duration,
) -> Duration {
    let start = Instant::now();
    loop {
        if text_of(c, script).await.contains(want) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < limit,
            "no `{want}` after {limit:?}: {}",
            text_of(c, script).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn build_to(ws: &Path, format: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempdir();
    let o = common::chancery()
        .arg("build")
        .arg(ws.join("drafts/2015-tokyo-3rd"))
        .args(["--format", format, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = out.path().join(format!("statement.{format}"));
    (out, file)
}

// The walk through the desk, in Chromium.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_in_a_browser() {
    if !common::require_tool("chromedriver") || !common::require_tool("chromium") {
        return;
    }
    let ws = workspace();
    let server = serve(ws.path());
    let driver = driver();
    let profile = tempdir();
    let c = browser(driver.1, profile.path()).await;
    let base = format!("http://{}", server.addr);
    // The index, then the 2015 draft; its text in the DOM is the txt render's.
    c.goto(&format!("{base}/")).await.unwrap();
    c.find(fantoccini::Locator::LinkText("2015-tokyo-3rd"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let (_txt_dir, txt) = build_to(ws.path(), "txt");
    let expected = std::fs::read_to_string(txt).unwrap();
    assert_eq!(text_of(&c, STATEMENT_TEXT).await, expected.trim_end());
    // An edit on disk shows within 2 s.
    let meeting = ws.path().join("drafts/2015-tokyo-3rd/meeting.toml");
    let source = std::fs::read_to_string(&meeting).unwrap();
    std::fs::write(
        &meeting,
        source.replace("city = \"Tokyo\"", "city = \"Kyoto\""),
    )
    .unwrap();
    wait_for_text(
        &c,
        STATEMENT_TEXT,
        "in Kyoto on June 10, 2015",
        Duration::from_secs(2),
    )
    .await;
    // Broken inputs: the diagnostic with its line, over the last good build.
    std::fs::write(&meeting, source.replace("number = 3", "number = \"three\"")).unwrap();
    let problems = "var p = document.getElementById('problems'); return p ? p.innerText : '';";
    wait_for_text(&c, problems, "meeting.toml:10:10", Duration::from_secs(2)).await;
    assert!(
        text_of(&c, problems)
            .await
            .contains("must be a whole number of 1 or more")
    );
    assert!(
        text_of(&c, STATEMENT_TEXT).await.contains("in Kyoto"),
        "the last good build is gone"
    );
    std::fs::write(&meeting, &source).unwrap();
    wait_for_text(
        &c,
        STATEMENT_TEXT,
        "in Tokyo on June 10, 2015",
        Duration::from_secs(2),
    )
    .await;
    // The redline against the previous meeting shows the inserted paragraph.
    c.find(fantoccini::Locator::LinkText("Redline"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let inserted = "return Array.from(document.querySelectorAll('#statement ins')).map(e => e.innerText).join('|');";
    wait_for_text(
        &c,
        inserted,
        "Both sides shared the view that ensuring the long-term sustainability",
        Duration::from_secs(5),
    )
    .await;
    // The alternat: the U.S. copy reads "U.S.-Japan".
    c.find(fantoccini::Locator::LinkText("Statement"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(fantoccini::Locator::LinkText("U.S. copy"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(
        &c,
        STATEMENT_TEXT,
        "U.S.-Japan Comprehensive Dialogue",
        Duration::from_secs(5),
    )
    .await;
    // The PDF download is `chancery build`'s bytes (the as-written copy).
    c.goto(&format!("{base}/d/2015-tokyo-3rd/")).await.unwrap();
    let href = c
        .find(fantoccini::Locator::Id("download-pdf"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let (code, pdf) = get(&server.addr, &href);
    assert_eq!(code, 200);
    let (_pdf_dir, built) = build_to(ws.path(), "pdf");
    assert!(
        pdf == std::fs::read(built).unwrap(),
        "the downloaded PDF differs from the build's"
    );
    c.close().await.unwrap();
}

// A bilingual draft on the desk: the Japanese page, the two side by side, a Japanese redline
// against another bilingual draft, the Japanese DOCX download (the bytes `build --lang ja`
// writes); a language the draft does not have is a 400 naming those it has.
#[test]
fn a_bilingual_draft_in_each_language_and_side_by_side() {
    let ws = workspace();
    let draft = "2014-05-09-washington-2nd";
    // A second bilingual draft whose Japanese one-off sentence changed.
    let copy = ws.path().join("drafts/2014-edited");
    std::fs::create_dir(&copy).unwrap();
    let toml = std::fs::read_to_string(ws.path().join("drafts").join(draft).join("meeting.toml"))
        .unwrap()
        .replace("楽しみにしている。", "心から楽しみにしている。");
    std::fs::write(copy.join("meeting.toml"), toml).unwrap();
    let server = serve(ws.path());
    let a = &server.addr;
    let page = |q: &str| {
        let (code, body) = get(a, &format!("/d/{draft}/{q}"));
        (code, String::from_utf8_lossy(&body).into_owned())
    };

    let (code, own) = page("");
    assert_eq!(code, 200);
    assert!(own.contains("<h2>Language</h2>"), "{own}");
    assert!(own.contains("<span class=\"on\">English</span>"), "{own}");
    assert!(own.contains("lang=ja\">日本語</a>"), "{own}");
    assert!(own.contains("lang=en-ja\">English | 日本語 side by side</a>"));

    let (code, ja) = page("?lang=ja");
    assert_eq!(code, 200);
    assert!(ja.contains("<span class=\"on\">日本語</span>"), "{ja}");
    assert!(ja.contains("第2回"), "{ja}");
    assert!(ja.contains("双方は、2016年又は2017年に日本が主催する国際宇宙探査フォーラム"));
    assert!(!ja.contains("Both sides are looking forward"));
    // The other links keep the language.
    assert!(ja.contains("view=redline&amp;lang=ja"), "{ja}");
    assert!(ja.contains("statement.pdf?lang=ja"), "{ja}");

    let (code, both) = page("?lang=en-ja");
    assert_eq!(code, 200);
    assert!(both.contains("Both sides are looking forward"), "{both}");
    assert!(
        both.contains("国際宇宙探査フォーラムを楽しみにしている"),
        "{both}"
    );

    let (code, bad) = page("?lang=fr");
    assert_eq!(code, 400);
    assert!(bad.contains("(en, ja)"), "{bad}");
    let (code, bad) = get(a, "/d/2015-tokyo-3rd/?lang=ja");
    assert_eq!(code, 400, "{}", String::from_utf8_lossy(&bad));

    // The Japanese redline against the first draft: exactly the inserted words.
    let (code, red) = get(
        a,
        &format!("/d/2014-edited/?view=redline&lang=ja&against=draft:{draft}"),
    );
    let red = String::from_utf8_lossy(&red);
    assert_eq!(code, 200, "{red}");
    assert!(red.contains("<ins"), "{red}");
    assert!(red.contains("心から"), "{red}");
    assert!(!red.contains("<del"), "{red}");

    let (code, docx) = get(a, &format!("/d/{draft}/statement.docx?lang=ja"));
    assert_eq!(code, 200);
    let out = tempdir();
    let o = common::chancery()
        .arg("build")
        .arg(ws.path().join("drafts").join(draft))
        .args(["--lang", "ja", "--format", "docx", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        docx,
        std::fs::read(out.path().join("statement.ja.docx")).unwrap()
    );
}
