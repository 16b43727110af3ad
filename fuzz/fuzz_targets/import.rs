//! Every importer on any bytes (the first byte picks which): never panics,
//! and what it makes of them is text with LF line ends and page starts in
//! order inside it. A REFI-QDA project that imports is a valid project that
//! saves and loads back.
//!
//! The app runs each importer behind a guard that turns a panic into "could
//! not read this file" (`import::import_bytes`), because the crates that
//! read PDFs and archives can panic on malformed files. So here a panic
//! raised inside such a crate is contained, as in the app, and counted; a
//! panic in Synoptic's own code is a finding.
#![no_main]

use std::cell::Cell;
use std::io::{Cursor, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use synoptic::io::export::refi_import;
use synoptic::io::import::{self, Format, ImportOptions};
use synoptic::io::project_file;

thread_local! {
    static FOREIGN: Cell<bool> = const { Cell::new(false) };
}

/// Panics in other crates set `FOREIGN` (the first is printed); any other
/// goes to libFuzzer's hook, which reports it and aborts.
fn contain_foreign_panics() {
    static ONCE: Once = Once::new();
    static PRINTED: Once = Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let foreign = info.location().is_some_and(|l| l.file().contains("/.cargo/registry/"));
            if foreign {
                FOREIGN.set(true);
                PRINTED.call_once(|| eprintln!("contained (as the app's import guard does): {info}"));
            } else {
                fuzzer_hook(info);
            }
        }));
    });
}

/// The demo project as a .qdpx (the seed `corpus/import/refi-project`,
/// after its selector byte).
const DEMO_QDPX: &[u8] = include_bytes!("../corpus/import/refi-project");

/// The demo's .qdpx with its project.qde replaced by `xml`.
fn with_project_xml(xml: &[u8]) -> Vec<u8> {
    let mut demo = zip::ZipArchive::new(Cursor::new(&DEMO_QDPX[1..])).expect("the demo archive");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("project.qde", stored).expect("entry");
    out.write_all(xml).expect("write");
    for i in 0..demo.len() {
        let entry = demo.by_index_raw(i).expect("entry");
        if entry.name().is_ok_and(|n| n != "project.qde") {
            out.raw_copy_file(entry).expect("copy");
        }
    }
    out.finish().expect("archive").into_inner()
}

fuzz_target!(|data: &[u8]| {
    contain_foreign_panics();
    let Some((&which, bytes)) = data.split_first() else { return };
    let formats = Format::ALL;
    let pick = usize::from(which) % (formats.len() + 4);
    if let Some(&format) = formats.get(pick) {
        let opts = ImportOptions { all_text: which & 0x80 != 0, ..ImportOptions::default() };
        FOREIGN.set(false);
        let run = catch_unwind(AssertUnwindSafe(|| import::importer(format).extract(bytes, &opts)));
        let Ok(result) = run else {
            assert!(FOREIGN.get(), "{format:?}: a panic that was not contained");
            return;
        };
        if let Ok(ex) = result {
            assert!(!ex.text.contains('\r'), "{format:?}: a CR in imported text");
            let chars = ex.text.chars().count();
            assert!(ex.pages.windows(2).all(|w| w[0] <= w[1]), "{format:?}: pages out of order: {:?}", ex.pages);
            assert!(ex.pages.iter().all(|&p| p <= chars), "{format:?}: a page past the text's {chars} chars");
            let _ = import::Loaded::from_text(ex.text, "UTF-8");
        }
        return;
    }
    match pick - formats.len() {
        0 => {
            let _ = import::sniff(bytes, "source.html");
            let _ = import::sniff(bytes, "source.md");
        }
        1 => {
            let _ = refi_import::read_codebook(bytes);
        }
        k => {
            // 2: the bytes are a .qdpx; 3: they are its project.qde, put in
            // an archive beside the demo's texts (mutating the XML inside a
            // compressed, checksummed archive seldom gets past the checksum).
            let archive;
            let qdpx = if k == 2 {
                bytes
            } else {
                archive = with_project_xml(bytes);
                &archive
            };
            let dir = tempfile::tempdir().expect("a temporary folder");
            let out = dir.path().join("imported.synoptic.ron");
            if let Ok(imported) = refi_import::import_qdpx_bytes(qdpx, &out) {
                let ron = project_file::to_ron(&imported.project);
                if let Err(e) = project_file::parse(ron.as_bytes(), Path::new("imported.synoptic.ron")) {
                    panic!("an imported project does not load: {e}\n{ron}");
                }
            }
        }
    }
});
