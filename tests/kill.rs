//! The kill test: a child process saves a growing project over and over
//! (`synoptic save-loop`, a hidden command) and is killed with SIGKILL at a
//! random moment, a thousand times. After every kill the project file must
//! parse and hold either the last save the child reported or the one it
//! was making, and every backup must parse. The same for recovery copies.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use rand::{Rng, SeedableRng, rngs::StdRng};
use synoptic::io::project_file;

const KILLS: usize = 1000;
/// The project starts afresh this often, so that it stays small and each
/// run makes several saves before it is killed.
const RESET_EVERY: usize = 40;

fn memos(path: &Path) -> usize {
    project_file::load(path)
        .unwrap_or_else(|e| panic!("{} does not parse after a kill: {e}", path.display()))
        .project
        .memos()
        .count()
}

fn kill_loop(copy: bool, seed: u64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("k.synoptic.ron");
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut saves, mut mid_save, mut before_first) = (0usize, 0usize, 0usize);
    let start = Instant::now();
    for i in 0..KILLS {
        if i % RESET_EVERY == 0 {
            let _ = std::fs::remove_file(&project);
            let _ = std::fs::remove_dir_all(dir.path().join(".synoptic-backups"));
        }
        let before = if project.exists() { memos(&project) } else { 0 };
        let mut args = vec!["save-loop".to_owned(), project.display().to_string()];
        if copy {
            args.push("--copy".into());
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_synoptic"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the child");
        std::thread::sleep(Duration::from_micros(rng.random_range(0..40_000)));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        let mut printed = String::new();
        child.stdout.take().expect("stdout").read_to_string(&mut printed).expect("read");
        let last = printed.lines().filter_map(|l| l.trim().parse::<usize>().ok()).next_back().unwrap_or(before);
        saves += last - before;
        if !project.exists() {
            assert_eq!(last, 0, "kill {i}: the file is gone after saves were reported");
            before_first += 1;
            continue;
        }
        let now = memos(&project);
        assert!(now == last || now == last + 1, "kill {i}: the file holds {now} memos; the child reported {last}");
        if now == last + 1 {
            mid_save += 1;
        }
        if !copy {
            for b in backups(dir.path()) {
                let _ = memos(&b);
            }
        }
    }
    let leftovers = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".synoptic-save-"))
        .count();
    eprintln!(
        "{} kills of the {} loop in {:.1} s: {saves} saves completed, {mid_save} killed after the rename but before reporting, {before_first} before the first save; {leftovers} half-written temporary file(s) left",
        KILLS,
        if copy { "recovery-copy" } else { "save" },
        start.elapsed().as_secs_f64()
    );
    assert!(saves > KILLS / 2, "the kills came while saving, not only before it: {saves} saves");
}

fn backups(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join(".synoptic-backups"))
        .map(|r| r.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "bak")).collect())
        .unwrap_or_default()
}

#[test]
fn saves_survive_a_thousand_kills() {
    kill_loop(false, 1);
}

#[test]
fn recovery_copies_survive_a_thousand_kills() {
    kill_loop(true, 2);
}

/// The real app (`synoptic edit-loop`: the app without a window, frames on
/// a headless context in real time) adds a memo every 100 ms and is killed
/// a few seconds in. The recovery copy must hold every edit made more than
/// two seconds before the kill, and opening the project offers it back.
/// `SYNOPTIC_APP_KILLS` sets the number of runs (5 by default).
#[test]
fn the_app_killed_after_edits_offers_them_back() {
    let runs: usize = std::env::var("SYNOPTIC_APP_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let mut rng = StdRng::seed_from_u64(3);
    let (mut edits, mut lost, mut worst) = (0usize, 0usize, 0.0f64);
    for run in 0..runs {
        let dir = tempfile::tempdir().expect("tempdir");
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/demo");
        for e in std::fs::read_dir(&demo).expect("demo").flatten() {
            std::fs::copy(e.path(), dir.path().join(e.file_name())).expect("copy");
        }
        let project = dir.path().join("demo.synoptic.ron");
        let mut child = Command::new(env!("CARGO_BIN_EXE_synoptic"))
            .args(["edit-loop", &project.display().to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the app");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(n) = line.trim().parse::<usize>() {
                    let _ = tx.send((Instant::now(), n));
                }
            }
        });
        let (first, _) = rx.recv_timeout(Duration::from_mins(1)).expect("the app made its first edit");
        std::thread::sleep(Duration::from_millis(rng.random_range(2500..5000)));
        let killed = Instant::now();
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        let _ = reader.join();
        let mut reported: Vec<(Instant, usize)> = vec![(first, 1)];
        reported.extend(rx.try_iter());
        let recovery = synoptic::app::recovery_path(&project);
        let held: Vec<usize> = project_file::load(&recovery)
            .unwrap_or_else(|e| panic!("run {run}: no readable recovery copy after {} edits: {e}", reported.len()))
            .project
            .memos()
            .filter_map(|m| m.title.strip_prefix("edit ")?.parse().ok())
            .collect();
        let kept = held.iter().copied().max().unwrap_or(0);
        assert_eq!(held.len(), kept, "run {run}: the copy holds edits 1..={kept}, in order");
        edits += reported.len();
        for (at, n) in &reported {
            let age = killed.duration_since(*at).as_secs_f64();
            if *n > kept {
                worst = worst.max(age);
                if age > 2.0 {
                    lost += 1;
                }
            }
        }
        if run == 0 {
            let mut h = egui_kittest::Harness::builder().with_size([1200.0, 800.0]).build_ui_state(
                |ui, app: &mut synoptic::app::App| app.frame_ui(ui),
                synoptic::app::App::new(
                    Box::new(synoptic::ui::dialogs::ScriptedDialogs::default()),
                    synoptic::app::Settings::default(),
                ),
            );
            h.state_mut().open_project(project.clone());
            let start = Instant::now();
            while h.state().is_busy() {
                assert!(start.elapsed() < Duration::from_secs(20));
                std::thread::sleep(Duration::from_millis(10));
                h.step();
            }
            h.run();
            h.get_by_label("Restore unsaved work?");
            h.get_by_label("Restore").click();
            h.run();
            let title = format!("edit {kept}");
            assert!(h.state().project().memos().any(|m| m.title == title), "run {run}: {title} restored");
        }
    }
    eprintln!(
        "the app killed {runs} times after {edits} edits: {lost} edits lost that were older than 2 s; the oldest edit lost was {worst:.2} s old"
    );
    assert_eq!(lost, 0);
}
