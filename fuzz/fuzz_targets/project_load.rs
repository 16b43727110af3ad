//! The project loader on any bytes: never panics; a file it accepts is a
//! valid project that saves and loads back the same.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use synoptic::io::project_file;

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("fuzz.synoptic.ron");
    let Ok(loaded) = project_file::parse(bytes, path) else { return };
    let project = loaded.project;
    let ron = project_file::to_ron(&project);
    let again = match project_file::parse(ron.as_bytes(), path) {
        Ok(p) => p,
        Err(e) => panic!("a loaded project saves to a file that does not load: {e}\n{ron}"),
    };
    assert!(again.read_only.is_none(), "a saved project loads read-only: {:?}", again.read_only);
    assert_eq!(project_file::to_ron(&again.project), ron, "save, load, save gives another file");
});
