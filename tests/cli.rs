//! The headless command line: `new`, `check`, `shared`, `search`, `matrix`, `synopsis`, `export` and
//! `import`.

use std::path::Path;

use synoptic::cli::{self, Command, EXIT_ATTENTION, EXIT_ERROR, EXIT_OK};
use synoptic::io::{import, project_file};
use synoptic::model::{Anchor, Annotation, CharRange, Project};

fn run(cmd: &Command) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::run(cmd, &mut out, &mut err);
    (code, String::from_utf8(out).expect("utf8"), String::from_utf8(err).expect("utf8"))
}

fn annotate(project: &Path, doc_path: &str, source: &Path, needle: &str) {
    let mut p = project_file::load(project).expect("load").project;
    let loaded = import::load_text(source, import::ImportOptions::default()).expect("source");
    let doc = p.documents().find(|d| d.path == doc_path).expect("doc").id;
    let s = loaded.text.as_str().find(needle).expect("needle");
    let r = CharRange::new(s, s + needle.len());
    p.apply(Project::add_annotation_edit(Annotation::new(doc, Anchor::from_text(&loaded.text, r)))).expect("add");
    project_file::save(&p, project).expect("save");
}

#[test]
fn new_then_check_through_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("texts/b.txt");
    std::fs::create_dir(dir.path().join("texts")).expect("mkdir");
    std::fs::write(&a, "Alpha beta gamma delta.\nEpsilon zeta eta theta.\n").expect("write");
    std::fs::write(&b, "One two three four five.\n").expect("write");
    let proj = dir.path().join("p.synoptic.ron");
    let (code, out, err) = run(&Command::New { project: proj.clone(), files: vec![a.clone(), b.clone()] });
    assert_eq!(code, EXIT_OK, "new: {out}{err}");
    assert!(out.contains("texts/b.txt"), "relative path reported: {out}");
    let (code, _, err) = run(&Command::New { project: proj.clone(), files: vec![a.clone()] });
    assert_eq!(code, EXIT_ERROR, "refuses to overwrite");
    assert!(err.contains("already exists"), "{err}");

    annotate(&proj, "a.txt", &a, "Epsilon zeta");
    annotate(&proj, "texts/b.txt", &b, "three four");
    let (code, out, _) = run(&Command::Check { project: proj.clone(), json: false, save: false });
    assert_eq!(code, EXIT_OK, "all exact: {out}");
    assert!(out.contains("a.txt: 1 exact, 0 moved, 0 needs-review, 0 orphaned"), "{out}");

    // Text inserted before the passage: moved, still exit 0.
    std::fs::write(&a, "Prologue.\nAlpha beta gamma delta.\nEpsilon zeta eta theta.\n").expect("write");
    let (code, out, _) = run(&Command::Check { project: proj.clone(), json: true, save: false });
    assert_eq!(code, EXIT_OK, "moved is fine: {out}");
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 2, "one object per annotation");
    let moved = lines.iter().find(|l| l["document"] == "a.txt").expect("a.txt line");
    assert_eq!(moved["status"], "moved", "{moved}");
    assert_eq!(moved["start"], 34, "resolved range: {moved}");
    assert_eq!(moved["end"], 46, "resolved range: {moved}");

    // Saving the re-anchored project records the new position.
    let (code, out, _) = run(&Command::Check { project: proj.clone(), json: false, save: true });
    assert_eq!(code, EXIT_OK, "{out}");
    let saved = project_file::load(&proj).expect("load").project;
    let a = saved.annotations().find(|a| a.anchor.exact == "Epsilon zeta").expect("annotation");
    assert_eq!(
        (a.anchor.range.start.0, a.status),
        (34, synoptic::model::AnchorStatus::Moved),
        "new place saved, still to review"
    );

    // Passage deleted: orphan, exit 1.
    std::fs::write(&b, "One two five.\n").expect("write");
    let (code, out, _) = run(&Command::Check { project: proj.clone(), json: false, save: false });
    assert_eq!(code, EXIT_ATTENTION, "orphan needs attention: {out}");
    assert!(out.contains("texts/b.txt: 0 exact, 0 moved, 0 needs-review, 1 orphaned"), "{out}");

    // Missing source: annotations intact, flagged, exit 1.
    std::fs::remove_file(&b).expect("rm");
    let (code, out, _) = run(&Command::Check { project: proj.clone(), json: false, save: false });
    assert_eq!(code, EXIT_ATTENTION, "{out}");
    assert!(out.contains("missing"), "missing source flagged: {out}");

    // Broken project file: exit 2, nothing overwritten.
    std::fs::write(&proj, "(format_version: 1, documents: [").expect("write");
    let (code, _, err) = run(&Command::Check { project: proj.clone(), json: false, save: false });
    assert_eq!(code, EXIT_ERROR, "error");
    assert!(err.contains("line 1"), "position in message: {err}");
    assert_eq!(std::fs::read_to_string(&proj).expect("read"), "(format_version: 1, documents: [", "untouched");
}

#[test]
fn check_counts_passages_of_a_missing_source_as_not_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.txt");
    let gazette = dir.path().join("gazette.txt");
    std::fs::write(&a, "Alpha beta gamma delta.\n").expect("write");
    std::fs::write(&gazette, "The bridge closed on Monday. Shops shut early. Traffic stalled.\n").expect("write");
    let proj = dir.path().join("p.synoptic.ron");
    let (code, out, err) = run(&Command::New { project: proj.clone(), files: vec![a.clone(), gazette.clone()] });
    assert_eq!(code, EXIT_OK, "new: {out}{err}");
    annotate(&proj, "a.txt", &a, "beta gamma");
    for needle in ["bridge closed", "Shops shut", "Traffic stalled"] {
        annotate(&proj, "gazette.txt", &gazette, needle);
    }
    let (code, out, _) = run(&Command::Check { project: proj.clone(), json: false, save: false });
    assert_eq!(code, EXIT_OK, "{out}");
    assert!(out.contains("total: 4 exact, 0 moved, 0 needs-review, 0 orphaned, 0 not-checked"), "{out}");

    std::fs::remove_file(&gazette).expect("rm");
    let (code, out, _) = run(&Command::Check { project: proj.clone(), json: false, save: false });
    assert_eq!(code, EXIT_ATTENTION, "a missing source needs attention: {out}");
    let line = out.lines().find(|l| l.starts_with("gazette.txt:")).expect("a line for the missing source");
    assert!(line.contains("3 passages kept, not checked") && line.contains("missing"), "{line}");
    assert!(!line.contains("exact"), "nothing checked is called exact: {line}");
    assert!(out.contains("a.txt: 1 exact, 0 moved, 0 needs-review, 0 orphaned"), "{out}");
    assert!(
        out.contains("total: 1 exact, 0 moved, 0 needs-review, 0 orphaned, 3 not-checked"),
        "the totals count them as not checked: {out}"
    );

    let (_, out, _) = run(&Command::Check { project: proj.clone(), json: true, save: false });
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    let statuses: Vec<(&str, &str)> =
        lines.iter().map(|l| (l["document"].as_str().expect("doc"), l["status"].as_str().expect("status"))).collect();
    assert_eq!(statuses.iter().filter(|s| **s == ("gazette.txt", "not-checked")).count(), 3, "{out}");
    assert_eq!(statuses.iter().filter(|s| **s == ("a.txt", "exact")).count(), 1, "{out}");
    let kept = project_file::load(&proj).expect("load").project;
    assert_eq!(kept.annotations().count(), 4, "no passage lost");
}

#[test]
fn new_refuses_binary_sources() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = dir.path().join("img.png");
    std::fs::write(&bin, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let proj = dir.path().join("p.synoptic.ron");
    let (code, _, err) = run(&Command::New { project: proj.clone(), files: vec![bin] });
    assert_eq!(code, EXIT_ERROR, "binary refused");
    assert!(err.contains("img.png") && err.contains("PNG image"), "says what it is: {err}");
    assert!(!proj.exists(), "no project written");
    let blob = dir.path().join("data.bin");
    std::fs::write(&blob, [7u8, 0, 1, 0, 200, 13]).expect("write");
    let (code, _, err) = run(&Command::New { project: proj.clone(), files: vec![blob] });
    assert_eq!(code, EXIT_ERROR, "binary refused");
    assert!(err.contains("data.bin") && err.contains("binary"), "{err}");
    assert!(!proj.exists(), "no project written");
}

#[test]
fn bundled_demo_project_checks_clean() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/demo/demo.synoptic.ron");
    let (code, out, err) = run(&Command::Check { project: demo, json: false, save: false });
    assert_eq!(code, EXIT_OK, "{out}{err}");
    let docs: Vec<&str> = out.lines().filter(|l| !l.starts_with("total: ")).collect();
    assert_eq!(docs.len(), 3, "three documents: {out}");
    assert!(docs.iter().all(|l| l.contains(" 0 needs-review, 0 orphaned")), "{out}");
    let total: usize = docs.iter().filter_map(|l| l.split(": ").nth(1)?.split(' ').next()?.parse::<usize>().ok()).sum();
    assert_eq!(total, 13, "a dozen annotations, all exact: {out}");
    assert!(out.contains("total: 13 exact, 0 moved, 0 needs-review, 0 orphaned, 0 not-checked"), "{out}");
}

#[test]
fn shared_prints_passages_as_text_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let quote = "the harbour wall will be rebuilt before the autumn storms arrive this year";
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, format!("Opening line.\nThe engineer said {quote}, and left.\n")).expect("write");
    std::fs::write(&b, format!("According to the engineer, \u{201c}{quote}\u{201d}.\n")).expect("write");
    let cmd =
        |json, min_words| Command::Shared { files: vec![a.clone(), b.clone()], min_words, min_similarity: 0.8, json };
    let (code, out, err) = run(&cmd(false, 8));
    assert_eq!(code, EXIT_OK, "{err}");
    assert!(out.contains("1 shared passage(s) in 1 cluster(s)"), "{out}");
    assert!(out.contains(&format!("a.txt:32..{}  {quote}", 32 + quote.len())), "range and text: {out}");
    let (code, out, _) = run(&cmd(true, 8));
    assert_eq!(code, EXIT_OK, "json");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON line");
    assert_eq!(v["sides"][1]["text"], quote, "text of the second side");
    assert_eq!(v["sides"][1]["start"], 28, "char offset, counting the curly quote as one char");
    let (_, out, _) = run(&cmd(false, 20));
    assert!(out.contains("0 shared passage(s)"), "13 words < 20: {out}");
    let missing = Command::Shared {
        files: vec![a.clone(), dir.path().join("nope.txt")],
        min_words: 8,
        min_similarity: 0.8,
        json: false,
    };
    let (code, _, err) = run(&missing);
    assert_eq!(code, EXIT_ERROR, "missing file");
    assert!(err.contains("nope.txt"), "names the file: {err}");
}

#[test]
fn search_the_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "The Bridge closed.\nHélène crossed the bridge at noon.\n").expect("write");
    std::fs::write(&b, "No bridges here, only Helene's boat.\n").expect("write");
    let proj = dir.path().join("p.synoptic.ron");
    let (code, _, _) = run(&Command::New { project: proj.clone(), files: vec![a, b] });
    assert_eq!(code, EXIT_OK, "project");
    let search = |pattern: &str, regex, case_insensitive, ignore_accents| Command::Search {
        project: proj.clone(),
        pattern: pattern.into(),
        regex,
        case_insensitive,
        ignore_accents,
        whole_word: false,
        json: true,
    };
    let lines =
        |out: &str| -> Vec<serde_json::Value> { out.lines().map(|l| serde_json::from_str(l).expect("json")).collect() };
    let (code, out, err) = run(&search("bridge", false, false, false));
    assert_eq!(code, EXIT_OK, "{err}");
    let hits = lines(&out);
    assert_eq!(hits.len(), 2, "literal, case-sensitive by default: {out}");
    assert_eq!((hits[0]["document"].as_str(), hits[0]["start"].as_u64()), (Some("a.txt"), Some(38)), "{out}");
    assert_eq!(hits[0]["end"], 44, "{out}");
    assert!(hits[0]["context"].as_str().is_some_and(|c| c.contains("crossed the bridge at noon")), "{out}");
    let (_, out, _) = run(&search("bridge", false, true, false));
    assert_eq!(lines(&out).len(), 3, "case-insensitive adds The Bridge: {out}");
    let (_, out, _) = run(&search("Helene", false, false, true));
    let hits = lines(&out);
    assert_eq!(hits.len(), 2, "accents ignored: {out}");
    assert_eq!(hits[0]["start"], 19, "Hélène at its char offset: {out}");
    let (_, out, _) = run(&search(r"bridges?\b", true, false, false));
    assert_eq!(lines(&out).len(), 2, "regex: {out}");
    let (code, out, err) = run(&search("(unclosed", true, false, false));
    assert_eq!(code, EXIT_ERROR, "invalid regex: exit 2");
    assert!(out.is_empty() && err.contains("invalid regular expression") && err.contains("unclosed"), "{err}");
}

#[test]
fn matrix_of_the_demo() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/demo/demo.synoptic.ron");
    let (code, out, err) = run(&Command::Matrix { project: demo.clone(), csv: true, json: false });
    assert_eq!(code, EXIT_OK, "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header = r.headers().expect("header").clone();
    assert_eq!(header.get(0), Some(""), "first cell empty");
    let p = project_file::load(&demo).expect("demo").project;
    assert_eq!(header.len(), p.codebook().len() + 1, "one column per tag");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), p.documents().count(), "one row per document");
    let total: usize = rows.iter().flat_map(|row| row.iter().skip(1).map(|c| c.parse::<usize>().expect("count"))).sum();
    let tagged: usize = p.annotations().map(|a| a.tags.len()).sum();
    assert_eq!(total, tagged, "every tag use counted once");
    let (code, out, _) = run(&Command::Matrix { project: demo, csv: false, json: true });
    assert_eq!(code, EXIT_OK, "json");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(v["counts"].as_array().map(Vec::len), Some(rows.len()), "rows");
}

fn synopsis_of(project: &Path, docs: Vec<String>, reference: Option<String>, pick: &str) -> Command {
    Command::Synopsis {
        project: project.to_owned(),
        docs,
        set: None,
        reference,
        json: pick == "json",
        md: pick == "md",
        html: pick == "html",
        csv: pick == "csv",
        output: None,
    }
}

/// The demo's synopsis as HTML: a table row per row, numbered, the changed
/// words marked, and the view's notes.
fn check_synopsis_html(html: &str, rows: usize) {
    assert_eq!(html.matches("<tr class=").count(), rows, "a table row per row");
    // Radio North's "work out" where the wire says "assess" (or the other
    // way round, by which leads the row): marked.
    assert!(
        html.contains("<ins>work out</ins>") || html.contains("<ins>assess</ins>"),
        "changed words are marked in the HTML"
    );
    assert!(html.contains("<ins class=\"key\">"), "numbers and names are marked apart");
    let noted = html.contains("lacks ") || html.contains("moved: ");
    assert!(html.contains("<td class=\"n\">1<br>") && noted, "rows numbered, the view's notes in the table");
}

#[test]
fn synopsis_of_the_demo_as_json_markdown_csv_and_html() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/demo/demo.synoptic.ron");
    let (code, out, err) = run(&synopsis_of(&demo, vec![], None, "json"));
    assert_eq!(code, EXIT_OK, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let docs = v["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 3);
    let opened = synoptic::io::workspace::open(&demo, import::ImportOptions::default()).expect("demo");
    let text_of = |k: usize| {
        let path = docs[k]["path"].as_str().expect("path");
        let d = opened.project.documents().find(|d| d.path == path).expect("document");
        match opened.sources.get(&d.id) {
            Some(synoptic::io::workspace::SourceState::Loaded(l)) => l.text.clone(),
            _ => panic!("source of {path}"),
        }
    };
    let texts: Vec<_> = (0..3).map(text_of).collect();
    let rows = v["rows"].as_array().expect("rows");
    let mut seen = vec![Vec::new(); 3];
    let mut shared = 0;
    for row in rows {
        let cells = row["cells"].as_array().expect("cells");
        assert!(!cells.is_empty(), "no empty row");
        let in_docs: std::collections::BTreeSet<u64> =
            cells.iter().map(|c| c["document"].as_u64().expect("doc")).collect();
        if in_docs.len() > 1 {
            shared += 1;
        }
        for c in cells {
            let d = c["document"].as_u64().expect("doc") as usize;
            let (a, b) = (c["start"].as_u64().expect("start") as usize, c["end"].as_u64().expect("end") as usize);
            assert_eq!(texts[d].slice(CharRange::new(a, b)), c["text"].as_str().expect("text"), "text is the span");
            seen[d].push((a, b));
        }
    }
    // Every sentence once: the cells of a document never overlap and
    // cover its words.
    for (d, spans) in seen.iter_mut().enumerate() {
        spans.sort_unstable();
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "document {d}: cells overlap");
        let covered: usize =
            spans.iter().map(|(a, b)| texts[d].slice(CharRange::new(*a, *b)).split_whitespace().count()).sum();
        assert_eq!(covered, texts[d].as_str().split_whitespace().count(), "document {d}: every word in a cell");
    }
    assert!(shared >= 4, "the three reports share sentences: {shared} rows");
    // The wire report's lead and the radio's say the same thing.
    let lead = rows
        .iter()
        .find(|r| {
            r["cells"]
                .as_array()
                .expect("cells")
                .iter()
                .any(|c| c["text"].as_str().is_some_and(|t| t.starts_with("HARLOW, March 3")))
        })
        .expect("the wire report's lead");
    assert!(
        lead["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .any(|c| c["text"].as_str().is_some_and(|t| t.starts_with("The Kessel footbridge in Harlow"))),
        "aligned with the radio's: {lead}"
    );
    let (code, md, _) = run(&synopsis_of(&demo, vec![], None, "md"));
    assert_eq!(code, EXIT_OK);
    assert_eq!(md.lines().count(), rows.len() + 2, "a header, a rule and a line per row");
    let (code, csv_out, _) = run(&synopsis_of(&demo, vec![], None, "csv"));
    assert_eq!(code, EXIT_OK);
    let mut r = csv::Reader::from_reader(csv_out.as_bytes());
    assert_eq!(r.headers().expect("header").len(), 3, "a column per document");
    assert_eq!(r.records().count(), rows.len());
    let (code, html, _) = run(&synopsis_of(&demo, vec![], None, "html"));
    assert_eq!(code, EXIT_OK);
    check_synopsis_html(&html, rows.len());
    // Two documents by name, the reference named: its sentences in order.
    let pick = vec!["radio-north.txt".to_owned(), "wire-report.txt".to_owned()];
    let (code, out, err) = run(&synopsis_of(&demo, pick.clone(), Some("wire-report.txt".into()), "json"));
    assert_eq!(code, EXIT_OK, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(2));
    let starts: Vec<u64> = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|r| {
            r["cells"]
                .as_array()
                .expect("cells")
                .iter()
                .filter(|c| c["document"] == 1)
                .map(|c| c["start"].as_u64().expect("start"))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "the reference reads in order: {starts:?}");
    let (code, _, err) = run(&synopsis_of(&demo, vec!["nothing.txt".into()], None, "json"));
    assert_eq!(code, EXIT_ERROR);
    assert!(err.contains("no document titled or named \"nothing.txt\""), "{err}");
}

#[test]
fn export_every_format_then_import_the_qdpx() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/demo/demo.synoptic.ron");
    let export = |format: &str, output: std::path::PathBuf, tags: Vec<String>| Command::Export {
        project: demo.clone(),
        format: format.into(),
        output,
        tags,
        docs: vec![],
        sets: vec![],
        no_notes: false,
        no_context: false,
    };
    for f in ["md", "html", "csv", "xlsx", "qdpx", "qdc"] {
        let out = dir.path().join(format!("demo.{f}"));
        let (code, stdout, err) = run(&export(f, out.clone(), vec![]));
        assert_eq!(code, EXIT_OK, "{f}: {err}");
        assert!(stdout.contains("wrote"), "{stdout}");
        assert!(std::fs::metadata(&out).expect("written").len() > 100, "{f} has content");
    }
    // Only one tag: the CSV's tag column holds only it.
    let one = dir.path().join("cost.csv");
    let (code, _, err) = run(&export("csv", one.clone(), vec!["cost".into()]));
    assert_eq!(code, EXIT_OK, "{err}");
    let text = std::fs::read_to_string(&one).expect("csv");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let col = r.headers().expect("h").iter().position(|h| h == "tag").expect("tag column");
    let tags: Vec<String> = r.records().map(|x| x.expect("row")[col].to_owned()).collect();
    assert!(!tags.is_empty() && tags.iter().all(|t| t == "Cost"), "{tags:?}");
    // Only the demo's "Print" set: every passage is from the Gazette.
    let print = dir.path().join("print.csv");
    let only_set = |sets: Vec<String>, output: std::path::PathBuf| Command::Export {
        project: demo.clone(),
        format: "csv".into(),
        output,
        tags: vec![],
        docs: vec![],
        sets,
        no_notes: false,
        no_context: false,
    };
    let (code, _, err) = run(&only_set(vec!["print".into()], print.clone()));
    assert_eq!(code, EXIT_OK, "{err}");
    let text = std::fs::read_to_string(&print).expect("csv");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let col = r.headers().expect("h").iter().position(|h| h == "document").expect("document column");
    let docs: std::collections::BTreeSet<String> = r.records().map(|x| x.expect("row")[col].to_owned()).collect();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert!(docs.iter().all(|d| d.contains("Bridge closure")), "{docs:?}");
    let (code, _, err) = run(&only_set(vec!["tabloids".into()], dir.path().join("t.csv")));
    assert_eq!(code, EXIT_ERROR);
    assert!(err.contains("no document set named \"tabloids\"") && err.contains("Broadcast and wire"), "{err}");
    // Bad requests: exit 2 with a message.
    let (code, _, err) = run(&export("pdf", dir.path().join("x.pdf"), vec![]));
    assert_eq!(code, EXIT_ERROR);
    assert!(err.contains("unknown format"), "{err}");
    let (code, _, err) = run(&export("csv", dir.path().join("x.csv"), vec!["No such tag".into()]));
    assert_eq!(code, EXIT_ERROR);
    assert!(err.contains("no tag named"), "{err}");
    // The .qdpx comes back as a project whose passages are all exact.
    let back = dir.path().join("back/back.synoptic.ron");
    std::fs::create_dir(dir.path().join("back")).expect("mkdir");
    let (code, out, err) = run(&Command::Import { file: dir.path().join("demo.qdpx"), output: back.clone() });
    assert_eq!(code, EXIT_OK, "{err}");
    assert!(out.contains("3 document(s), 7 tag(s), 13 passage(s), 2 link(s), 1 memo(s)"), "{out}");
    let (code, out, _) = run(&Command::Check { project: back.clone(), json: false, save: false });
    assert_eq!(code, EXIT_OK, "every passage exact: {out}");
    let (code, _, err) = run(&Command::Import { file: dir.path().join("demo.qdpx"), output: back });
    assert_eq!(code, EXIT_ERROR, "never overwrites a project");
    assert!(err.contains("exists already"), "{err}");
}

#[test]
fn new_titles_a_gutenberg_text_from_its_header_and_a_wrapped_novel_by_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pg = dir.path().join("pg2600.txt");
    std::fs::write(
        &pg,
        "The Project Gutenberg eBook of War and Peace\n\nTitle: War and Peace\n\nAuthor: Leo Tolstoy\n\n\
         *** START OF THE PROJECT GUTENBERG EBOOK WAR AND PEACE ***\n\nBOOK ONE: 1805\n",
    )
    .expect("write");
    let novel = dir.path().join("novel.txt");
    let para = "\u{201c}Well, Prince, so Genoa and Lucca are now just family estates of the\n\
                Buonapartes. But I warn you, if you don\u{2019}t tell me that this means war,\n\
                if you still try to defend the infamies and horrors perpetrated by that\n\
                Antichrist. I will have nothing more to do with you.\u{201d}\n\n";
    std::fs::write(&novel, para.repeat(3)).expect("write");
    let proj = dir.path().join("p.synoptic.ron");
    let (code, out, err) = run(&Command::New { project: proj.clone(), files: vec![pg, novel] });
    assert_eq!(code, EXIT_OK, "{out}{err}");
    let p = project_file::load(&proj).expect("load").project;
    let meta = |path: &str| p.documents().find(|d| d.path == path).expect("doc").meta.clone();
    let m = meta("pg2600.txt");
    assert_eq!((m.title.as_str(), m.author.as_str()), ("War and Peace", "Leo Tolstoy"), "from the header");
    assert_eq!(meta("novel.txt").title, "novel.txt", "a wrapped first line is not a headline");
}

#[test]
fn new_from_a_folder_titles_skips_and_duplicates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    let files: [(&str, &[u8]); 7] = [
        ("article/business/001.txt", b"Ad sales boost Time Warner profit\n\nQuarterly profits rose.\n"),
        ("summary/business/001.txt", b"TimeWarner said fourth quarter sales rose 2%.\nMore.\n"),
        ("summary/sport/001.txt", b"The coach said the team played well.\n"),
        ("copy/001-again.txt", b"Ad sales boost Time Warner profit\n\nQuarterly profits rose.\n"),
        (".hidden/secret.txt", b"Hidden text that must not come in\n"),
        ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01"),
        ("notes.md", b"# Reading notes\n\nSome notes.\n"),
    ];
    for (name, bytes) in files {
        let p = corpus.join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
    let proj = dir.path().join("p.synoptic.ron");
    let (code, out, err) = run(&Command::New { project: proj.clone(), files: vec![corpus] });
    assert_eq!(code, EXIT_OK, "{out}{err}");
    assert!(out.contains("with 4 document(s)"), "{out}");
    assert!(out.contains("skipped 2 file(s)"), "the PNG and the copy: {out}");
    assert!(out.contains("the same text as"), "{out}");
    let p = project_file::load(&proj).expect("load").project;
    let mut titles: Vec<String> = p.documents().map(|d| d.meta.title.clone()).collect();
    titles.sort();
    assert_eq!(
        titles,
        ["Ad sales boost Time Warner profit", "Reading notes", "summary/business/001.txt", "summary/sport/001.txt"],
        "a headline, the Markdown's title, and numbered files named with the folders that say what they are"
    );
    assert!(!titles.iter().any(|t| t.contains("Hidden")), "hidden folders left out");
}

#[test]
fn metadata_export_and_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), "Bridge closes\n\nText.\n").expect("write");
    std::fs::write(dir.path().join("b.txt"), "Bridge reopens\n\nText.\n").expect("write");
    let proj = dir.path().join("p.synoptic.ron");
    let (code, _, err) = run(&Command::New { project: proj.clone(), files: vec![dir.path().to_owned()] });
    assert_eq!(code, EXIT_OK, "{err}");
    let csv = dir.path().join("meta.csv");
    std::fs::write(&csv, "path,outlet,date\na.txt,Gazette,04/03/2026\nnope.txt,X,\n").expect("csv");
    let (code, out, err) = run(&Command::Metadata {
        project: proj.clone(),
        import: Some(csv.clone()),
        export: None,
        month_first: false,
        day_first: false,
    });
    assert_eq!(code, EXIT_OK, "{err}");
    assert!(
        out.contains("row 3: no single document matches \"nope.txt\"") && out.contains("updated 1 document(s)"),
        "{out}"
    );
    // The ambiguous date is named with the order used; each change is listed.
    assert!(out.contains("1 date(s) such as \"04/03/2026\" (row 2) read two ways; they were read day first"), "{out}");
    assert!(out.contains("a.txt: date (empty) becomes “2026-03-04”"), "{out}");
    assert!(out.contains("a.txt: outlet (empty) becomes “Gazette”"), "{out}");
    let p = project_file::load(&proj).expect("load").project;
    let a = p.documents().find(|d| d.path == "a.txt").expect("a");
    assert_eq!((a.meta.source.as_str(), a.meta.date.as_str()), ("Gazette", "2026-03-04"), "day first by default");
    let back = dir.path().join("back.csv");
    let (code, _, err) = run(&Command::Metadata {
        project: proj.clone(),
        import: None,
        export: Some(back.clone()),
        month_first: false,
        day_first: false,
    });
    assert_eq!(code, EXIT_OK, "{err}");
    let text = std::fs::read_to_string(back).expect("csv");
    assert!(text.contains("a.txt,Bridge closes,Gazette,,2026-03-04,"), "{text}");
    // Said --month-first: the same cell reads 3 April, and no note.
    let (code, out, err) = run(&Command::Metadata {
        project: proj.clone(),
        import: Some(csv),
        export: None,
        month_first: true,
        day_first: false,
    });
    assert_eq!(code, EXIT_OK, "{err}");
    assert!(!out.contains("read two ways"), "the order was said: {out}");
    assert!(out.contains("a.txt: date “2026-03-04” becomes “2026-04-03”"), "{out}");
}

#[test]
fn check_points_out_absolute_paths_and_save_makes_them_relative() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("texts")).expect("mkdir");
    let a = dir.path().join("texts/a.txt");
    std::fs::write(&a, "Alpha beta gamma.\n").expect("write");
    let proj = dir.path().join("p.synoptic.ron");
    let mut p = Project::new();
    let mut d = synoptic::model::Document::new(a.to_string_lossy().into_owned());
    d.meta.title = "A".into();
    p.apply(Project::add_document_edit(d)).expect("doc");
    project_file::save(&p, &proj).expect("save");
    let (code, out, _) = run(&Command::Check { project: proj.clone(), json: false, save: false });
    assert_eq!(code, EXIT_OK, "{out}");
    assert!(out.contains("is stored as an absolute path; relative to the project it is texts/a.txt"), "{out}");
    let (code, out, _) = run(&Command::Check { project: proj.clone(), json: false, save: true });
    assert_eq!(code, EXIT_OK, "{out}");
    let back = project_file::load(&proj).expect("load").project;
    assert_eq!(back.documents().next().expect("doc").path, "texts/a.txt", "stored relative");
    let (_, out, _) = run(&Command::Check { project: proj, json: false, save: false });
    assert!(!out.contains("absolute path"), "nothing more to point out: {out}");
}

#[test]
fn check_of_a_damaged_project_names_its_newest_good_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/demo");
    for f in ["demo.synoptic.ron", "gazette.txt", "radio-north.txt", "wire-report.txt"] {
        std::fs::copy(demo.join(f), dir.path().join(f)).expect("copy");
    }
    let path = dir.path().join("demo.synoptic.ron");
    // Two saves make a backup of the good file.
    let p = project_file::load(&path).expect("load").project;
    project_file::save(&p, &path).expect("save");
    let backup = project_file::save(&p, &path).expect("save again").backup.expect("a backup");
    // Then the file is damaged.
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, &text[..text.len() / 2]).expect("damage");
    let (code, out, err) = run(&Command::Check { project: path, json: false, save: false });
    assert_eq!(code, EXIT_ERROR, "{out}{err}");
    assert!(err.contains("damaged"), "{err}");
    assert!(err.contains("newest backup that reads") && err.contains(&backup.display().to_string()), "{err}");
}
