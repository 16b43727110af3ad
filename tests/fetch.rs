//! Fetching pages by URL against a local HTTP server started by each test
//! (CI has no network): a page, 404, a redirect loop, a server too slow to
//! answer, an image, a page over the size cap, and cancelling.

mod common;

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::http::serve;
use synoptic::analysis::job::Control;
use synoptic::cli::{self, Command, EXIT_ERROR, EXIT_OK};
use synoptic::io::fetch::{FetchError, FetchOptions, USER_AGENT, fetch};
use synoptic::io::import::{Format, ImportOptions, import_bytes};

fn get(url: &str, opts: FetchOptions) -> Result<synoptic::io::fetch::Fetched, FetchError> {
    fetch(url, opts, &Control::new(), &|_, _| {})
}

#[test]
fn a_page_is_fetched_and_imported() {
    let (base, _) = serve();
    let f = get(&format!("{base}/moved"), FetchOptions::default()).expect("fetched");
    assert!(f.final_url.ends_with("/news/bridge"), "redirect followed: {}", f.final_url);
    assert_eq!(f.file_name(), "bridge.html", "name from the URL");
    let imp = import_bytes(f.bytes.clone(), &f.file_name(), ImportOptions::default()).expect("imported");
    assert_eq!(imp.format, Format::Html, "a web page");
    assert!(imp.loaded.text.as_str().contains("Safety comes first"), "the article");
    let agent = get(&format!("{base}/agent"), FetchOptions::default()).expect("agent");
    assert_eq!(String::from_utf8_lossy(&agent.bytes), USER_AGENT, "a real User-Agent is sent");
}

#[test]
fn bad_answers_give_clear_errors() {
    let (base, _) = serve();
    let err = get(&format!("{base}/gone"), FetchOptions::default()).expect_err("404");
    assert!(matches!(err, FetchError::Status { status: 404, .. }), "{err}");
    assert!(err.to_string().contains("404") && err.to_string().contains("/gone"), "{err}");
    let err = get(&format!("{base}/loop"), FetchOptions::default()).expect_err("loop");
    assert!(matches!(err, FetchError::Redirects { .. }), "{err}");
    let quick = FetchOptions { timeout: Duration::from_millis(500), ..FetchOptions::default() };
    let err = get(&format!("{base}/slow"), quick).expect_err("slow");
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    let err = get(&format!("{base}/huge"), FetchOptions::default()).expect_err("huge");
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
    let err = get("file:///etc/passwd", FetchOptions::default()).expect_err("not http");
    assert!(matches!(err, FetchError::BadUrl(_)), "{err}");
    // An image arrives fine but is no article.
    let f = get(&format!("{base}/photo.png"), FetchOptions::default()).expect("image fetched");
    let err = import_bytes(f.bytes.clone(), &f.file_name(), ImportOptions::default()).expect_err("not importable");
    assert!(format!("{err:?}").contains("PNG"), "{err:?}");
    // Nothing listens here.
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let err = get(&format!("http://{addr}/x"), FetchOptions::default()).expect_err("refused");
    assert!(matches!(err, FetchError::Network { .. }), "{err}");
    // Said for a reader, not as the library's error.
    let said = err.to_string();
    assert!(!said.contains("io:") && (said.contains("refused") || said.contains("could not be reached")), "{said}");
    // A name that is nowhere (the .invalid top-level domain never resolves).
    let err = get("http://no-such-host.invalid/x", FetchOptions::default()).expect_err("no such host");
    let said = err.to_string();
    assert!(said.contains("name was not found") && !said.contains("io:"), "{said}");
}

#[test]
fn a_fetch_can_be_cancelled() {
    let (base, _) = serve();
    let control = Control::new();
    let seen = AtomicUsize::new(0);
    let err = fetch(&format!("{base}/huge"), FetchOptions::default(), &control, &|n, _| {
        seen.store(n as usize, Ordering::SeqCst);
        control.cancel();
    })
    .expect_err("cancelled");
    assert!(matches!(err, FetchError::Cancelled), "{err}");
    assert!(seen.load(Ordering::SeqCst) > 0, "progress was reported");
}

#[test]
fn extract_takes_a_url() {
    let (base, _) = serve();
    let run = |file: &str| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = cli::run(&Command::Extract { file: file.into(), json: true, all_text: false }, &mut out, &mut err);
        (code, String::from_utf8(out).expect("utf8"), String::from_utf8(err).expect("utf8"))
    };
    let (code, out, err) = run(&format!("{base}/news/bridge"));
    assert_eq!(code, EXIT_OK, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(v["title"], "Footbridge closed after cracks found", "{v}");
    assert_eq!(v["site"], "The Riverton Ledger", "{v}");
    let (code, _, err) = run(&format!("{base}/gone"));
    assert_eq!(code, EXIT_ERROR, "404 fails");
    assert!(err.contains("404"), "{err}");
}

#[test]
fn importing_loads_nothing_remote() {
    let (base, _, tracked) = common::http::serve_tracked();
    let page = format!(
        "<!doctype html><html><head><link rel=stylesheet href=\"{base}/track/style.css\">\
         <script src=\"{base}/track/app.js\"></script><style>@import url({base}/track/more.css);</style></head>\
         <body><article><h1>Bridge</h1><p>The footbridge over the river was closed on Monday after engineers found \
         cracks in two of its supports, the council said.</p><img src=\"{base}/track/pixel.gif\">\
         <iframe src=\"{base}/track/frame\"></iframe><p style=\"background:url({base}/track/bg.png)\">Repairs are \
         expected to take six weeks, and the road bridge has a new footpath.</p></article></body></html>"
    );
    let imp = import_bytes(page.into_bytes(), "page.html", ImportOptions::default()).expect("imported");
    assert!(imp.loaded.text.as_str().contains("Repairs are expected"), "the article");
    // The importer runs on its own thread; give a stray request time to land.
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(tracked.load(Ordering::SeqCst), 0, "no image, style, script or frame was requested");
    // The server does count such requests.
    let _ = fetch(&format!("{base}/track/pixel.gif"), FetchOptions::default(), &Control::new(), &|_, _| {});
    assert_eq!(tracked.load(Ordering::SeqCst), 1, "the counter works");
}
