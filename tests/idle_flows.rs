//! An idle window costs nothing: once the demo is open and its background
//! work done, a frame with no input asks for no other frame (egui paints
//! only on input or a request), and the search's marks stay cached.

mod common;

#[test]
fn an_idle_frame_asks_for_no_repaint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = common::ui::copy_demo(dir.path());
    let mut h = common::ui::harness(vec![]);
    h.state_mut().open_project(project);
    common::ui::settle(&mut h);
    // Let whatever settling is left (layout measured, fades) finish.
    for _ in 0..20 {
        h.step();
    }
    let serial = h.state().search_state().serial;
    for frame in 0..5 {
        h.step();
        assert!(
            !h.ctx.requested_repaint_last_pass(),
            "idle frame {frame} asked for another: {:?}",
            h.ctx.repaint_causes()
        );
    }
    assert_eq!(h.state().search_state().serial, serial, "the marks were not rebuilt");
}
