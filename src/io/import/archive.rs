//! Reading entries of the zip containers DOCX, ODT and EPUB are made of,
//! with caps on what an entry may expand to (zip bombs declare small sizes
//! and expand to gigabytes) and no file ever written: entries are read into
//! memory by name, so `../` in a name cannot reach outside anything.

use std::io::{Cursor, Read};

use super::{Failure, Format};

/// Most bytes one entry may expand to.
pub const ENTRY_CAP: u64 = 128 * 1024 * 1024;

/// Most bytes all entries read from one archive may expand to.
pub const TOTAL_CAP: u64 = 512 * 1024 * 1024;

/// An open zip archive in memory.
pub struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    what: &'static str,
    total: u64,
}

impl<'a> Zip<'a> {
    /// Open the archive; `what` names the format in messages ("Word").
    pub fn open(bytes: &'a [u8], what: &'static str) -> Result<Self, Failure> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| Failure::Damaged { what, detail: format!("its zip container cannot be read ({e})") })?;
        Ok(Self { archive, what, total: 0 })
    }

    /// Whether an entry of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The names of all entries that can be read as names, in archive order.
    pub fn names(&self) -> Vec<String> {
        self.archive.file_names().filter_map(Result::ok).map(std::borrow::Cow::into_owned).collect()
    }

    /// An entry's bytes, `None` when there is no such entry.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, Failure> {
        let Some(i) = self.archive.index_for_name(name) else { return Ok(None) };
        let what = self.what;
        let damaged = |e: &dyn std::fmt::Display| Failure::Damaged { what, detail: format!("{name}: {e}") };
        let mut f = self.archive.by_index(i).map_err(|e| damaged(&e))?;
        let cap = ENTRY_CAP.min(TOTAL_CAP.saturating_sub(self.total));
        if f.size() > cap {
            return Err(bomb(what, name, Some(f.size()), cap));
        }
        let mut out = Vec::with_capacity(f.size().min(cap) as usize);
        // The declared size may lie: read one byte past the cap to find out.
        (&mut f).take(cap + 1).read_to_end(&mut out).map_err(|e| damaged(&e))?;
        if out.len() as u64 > cap {
            return Err(bomb(what, name, None, cap));
        }
        self.total += out.len() as u64;
        Ok(Some(out))
    }

    /// An entry as text (UTF-8, BOM dropped); `None` when absent.
    pub fn read_string(&mut self, name: &str) -> Result<Option<String>, Failure> {
        Ok(self.read(name)?.map(|b| {
            let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&b);
            String::from_utf8_lossy(b).into_owned()
        }))
    }

    /// An entry that must be there.
    pub fn require(&mut self, name: &str) -> Result<String, Failure> {
        let what = self.what;
        self.read_string(name)?.ok_or_else(|| Failure::Damaged { what, detail: format!("it has no {name}") })
    }
}

/// An entry over `cap`; `declared`: the size its header gives, when that
/// is what gave it away.
fn bomb(what: &'static str, name: &str, declared: Option<u64>, cap: u64) -> Failure {
    use crate::model::limits::{human_over, human_size};
    let size = declared.map_or_else(|| format!("more than {}", human_size(cap)), |s| human_over(s, cap));
    Failure::Damaged { what, detail: format!("{name} expands to {size}, which no real document needs") }
}

/// Which zip-based format the archive is.
pub fn sniff_zip(bytes: &[u8]) -> Result<Format, Failure> {
    let mut z = Zip::open(bytes, "zip")?;
    let mimetype = z.read("mimetype").ok().flatten().map(|m| String::from_utf8_lossy(&m).trim().to_owned());
    match mimetype.as_deref() {
        Some("application/epub+zip") => return Ok(Format::Epub),
        Some("application/vnd.oasis.opendocument.text") => return Ok(Format::Odt),
        Some(m) if m.starts_with("application/vnd.oasis.opendocument.") => {
            return Err(Failure::Unsupported(format!(
                "this OpenDocument file is not a text document ({m}); only texts (.odt) can be imported"
            )));
        }
        _ => {}
    }
    if z.has("word/document.xml") {
        Ok(Format::Docx)
    } else if z.has("META-INF/container.xml") {
        Ok(Format::Epub)
    } else if z.has("xl/workbook.xml") || z.has("ppt/presentation.xml") {
        Err(Failure::Unsupported(
            "spreadsheets and presentations cannot be imported; save the text as .docx or .odt".into(),
        ))
    } else {
        Err(Failure::Unsupported(
            "this is a zip archive, not a Word, OpenDocument or EPUB file; unpack it and import the texts in it".into(),
        ))
    }
}

#[cfg(test)]
pub mod tests {
    use std::io::Write;

    use super::*;

    /// A zip of the given entries (stored uncompressed, or deflated).
    pub fn make_zip(entries: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let method = if deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, data) in entries {
            w.start_file(*name, opts).expect("entry");
            w.write_all(data).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    #[test]
    fn a_bomb_is_capped() {
        let big = vec![b'a'; (ENTRY_CAP + 10) as usize];
        let z = make_zip(&[("word/document.xml", &big)], true);
        assert!(z.len() < 2 * 1024 * 1024, "compresses well: {}", z.len());
        let mut zip = Zip::open(&z, "Word").expect("opens");
        let err = zip.read("word/document.xml").expect_err("capped");
        assert!(err.to_string().contains("expands to over the limit of 128 MB,"), "one unit: {err}");
        let message = bomb("Word", "word/document.xml", None, ENTRY_CAP).to_string();
        assert!(message.contains("expands to more than 128 MB,"), "{message}");
        let message = bomb("Word", "x.xml", Some(314_572_984), ENTRY_CAP).to_string();
        assert!(message.contains("x.xml expands to 300 MB, over the limit of 128 MB,"), "{message}");
        assert!(!message.contains("bytes") && !message.contains("314"), "no raw byte count: {message}");
    }

    #[test]
    fn sniffs_by_entries() {
        assert_eq!(sniff_zip(&make_zip(&[("mimetype", b"application/epub+zip")], false)), Ok(Format::Epub), "epub");
        assert_eq!(
            sniff_zip(&make_zip(&[("mimetype", b"application/vnd.oasis.opendocument.text")], false)),
            Ok(Format::Odt),
            "odt"
        );
        assert_eq!(sniff_zip(&make_zip(&[("word/document.xml", b"<x/>")], true)), Ok(Format::Docx), "docx");
        assert!(matches!(sniff_zip(&make_zip(&[("a.txt", b"x")], true)), Err(Failure::Unsupported(_))), "plain zip");
        assert!(matches!(sniff_zip(b"PK\x03\x04truncated"), Err(Failure::Damaged { .. })), "broken zip");
    }
}
