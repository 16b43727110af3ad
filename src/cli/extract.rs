//! `synoptic extract`: the text an importer reads from a file.

use super::EXIT_OK;
use crate::analysis::job::Control;
use crate::io::import;
use crate::io::import::ImportOptions;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
pub(super) struct ExtractJson<'a> {
    format: &'static str,
    text: &'a str,
    title: &'a str,
    author: &'a str,
    site: &'a str,
    date: &'a str,
    url: &'a str,
    lang: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<&'a [usize]>,
    notes: &'a [String],
}

pub(super) fn extract(file: &Path, json: bool, all_text: bool, out: &mut dyn Write) -> anyhow::Result<i32> {
    let opts = ImportOptions { all_text, ..ImportOptions::default() };
    let url = file.to_str().filter(|s| crate::io::fetch::is_url(s));
    let result = match url {
        Some(u) => {
            let f = crate::io::fetch::fetch(u, crate::io::fetch::FetchOptions::default(), &Control::new(), &|_, _| {})?;
            let name = f.file_name();
            import::import_bytes(f.bytes, &name, opts).map_err(|e| e.at(Path::new(u)))
        }
        None => import::import_file(file, opts),
    };
    let imp = match result {
        Ok(i) => i,
        Err(e) if e.failure() == Some(&import::Failure::NoArticle) => {
            anyhow::bail!("{e}; rerun with --all-text to take all of its visible text")
        }
        Err(e) => return Err(e.into()),
    };
    let text = imp.loaded.text.as_str();
    if json {
        let m = &imp.meta;
        let line = ExtractJson {
            format: imp.format.name(),
            text,
            title: &m.title,
            author: &m.author,
            site: &m.site,
            date: &m.date,
            url: &m.url,
            lang: &m.lang,
            pages: (imp.format == import::Format::Pdf).then_some(imp.pages.as_slice()),
            notes: &imp.notes,
        };
        writeln!(out, "{}", serde_json::to_string(&line)?)?;
    } else {
        out.write_all(text.as_bytes())?;
        if !text.is_empty() && !text.ends_with('\n') {
            writeln!(out)?;
        }
    }
    Ok(EXIT_OK)
}
