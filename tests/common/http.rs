//! A tiny HTTP server for tests (CI has no network).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A tiny HTTP/1.1 server on a free local port; returns its base URL and
/// the number of requests to `/versioned` (whose text changes each time).
pub fn serve() -> (String, Arc<AtomicUsize>) {
    let (base, hits, _) = serve_tracked();
    (base, hits)
}

/// As `serve`, also counting requests for anything under `/track` (what a
/// page's images, styles and scripts point at in the no-tracking tests).
pub fn serve_tracked() -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let hits = Arc::new(AtomicUsize::new(0));
    let h = Arc::clone(&hits);
    let tracked = Arc::new(AtomicUsize::new(0));
    let t = Arc::clone(&tracked);
    let article = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/article.html"))
        .expect("fixture");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let article = article.clone();
            let h = Arc::clone(&h);
            let t = Arc::clone(&t);
            std::thread::spawn(move || {
                let mut r = BufReader::new(s.try_clone().expect("clone"));
                let mut first = String::new();
                let _ = r.read_line(&mut first);
                let mut agent = String::new();
                loop {
                    let mut l = String::new();
                    if r.read_line(&mut l).unwrap_or(0) == 0 || l == "\r\n" {
                        break;
                    }
                    if l.to_ascii_lowercase().starts_with("user-agent:") {
                        l[11..].trim().clone_into(&mut agent);
                    }
                }
                let path = first.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let reply = |s: &mut std::net::TcpStream, status: &str, ctype: &str, body: &[u8], extra: &str| {
                    let _ = write!(
                        s,
                        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
                        body.len()
                    );
                    let _ = s.write_all(body);
                };
                if path.starts_with("/track") {
                    t.fetch_add(1, Ordering::SeqCst);
                }
                match path.as_str() {
                    "/news/bridge" => reply(&mut s, "200 OK", "text/html; charset=utf-8", &article, ""),
                    "/agent" => reply(&mut s, "200 OK", "text/plain", agent.as_bytes(), ""),
                    "/loop" => reply(&mut s, "302 Found", "text/plain", b"", "Location: /loop\r\n"),
                    "/moved" => reply(&mut s, "301 Moved", "text/plain", b"", "Location: /news/bridge\r\n"),
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(5));
                        reply(&mut s, "200 OK", "text/html", b"<p>late</p>", "");
                    }
                    "/photo.png" => reply(&mut s, "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ""),
                    "/huge" => {
                        // No Content-Length: the cap must hold while reading.
                        let _ = write!(s, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n");
                        let chunk = vec![b'a'; 1024 * 1024];
                        for _ in 0..25 {
                            if s.write_all(&chunk).is_err() {
                                break;
                            }
                        }
                    }
                    "/versioned" => {
                        let n = h.fetch_add(1, Ordering::SeqCst) + 1;
                        let body = String::from_utf8_lossy(&article).replace("six weeks", &format!("{} weeks", 5 + n));
                        reply(&mut s, "200 OK", "text/html", body.as_bytes(), "");
                    }
                    _ => reply(&mut s, "404 Not Found", "text/html", b"<h1>Not found</h1>", ""),
                }
            });
        }
    });
    (base, hits, tracked)
}
