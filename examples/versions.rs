//! Write versions of an article the way outlets rework one story (the
//! generator the synopsis is scored with, `tests/fixtures/versions.rs`), to
//! try the synopsis view on:
//!
//! `cargo run --example versions -- ARTICLE.txt OTHER.txt OUT_DIR [COUNT]`
//!
//! OTHER's sentences are the ones the versions add.

#[path = "../tests/fixtures/versions.rs"]
#[allow(dead_code)] // the truth per sentence is for scoring
mod versions;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [article, other, out, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: versions ARTICLE.txt OTHER.txt OUT_DIR [COUNT]");
    };
    let count: usize = rest.first().map_or(Ok(5), |c| c.parse())?;
    let read = |p: &str| -> anyhow::Result<String> {
        let bytes = std::fs::read(p)?;
        Ok(synoptic::io::import::decode(&bytes)
            .ok_or_else(|| anyhow::anyhow!("{p} is not a text"))?
            .text
            .as_str()
            .to_owned())
    };
    let original = versions::paragraphs(&read(article)?);
    let foreign: Vec<String> = versions::paragraphs(&read(other)?).into_iter().flatten().skip(1).collect();
    std::fs::create_dir_all(out)?;
    for (i, v) in versions::versions(&original, &foreign, count, 1).into_iter().enumerate() {
        let path = std::path::Path::new(out).join(format!("version-{}.txt", i + 1));
        std::fs::write(&path, v.text)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
