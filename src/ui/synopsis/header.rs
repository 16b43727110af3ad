//! The synopsis view's header (documents, reference, filter, choices, export), column names and the summary above the table.

#[allow(clippy::wildcard_imports)] // the view's types and constants
use super::*;

/// A column's name for menus: its title cut short, or its file's name
/// when another column has the same title.
pub(super) fn short_name(src: &Sources<'_>, docs: &[DocId], i: usize) -> String {
    match (clashes(src, docs, i), src.project.document(docs[i])) {
        (true, Some(d)) => file_of(d),
        _ => crate::ui::notes::excerpt(&title(src, docs[i]), 28),
    }
}

/// A column's title, with its file's name when another column has the
/// same title (the project names all but the first copy by file; here
/// every one is).
pub(super) fn label(src: &Sources<'_>, docs: &[DocId], i: usize) -> String {
    match (clashes(src, docs, i), src.project.document(docs[i])) {
        (true, Some(d)) => format!("{} ({})", base_title(&d.meta.title), file_of(d)),
        _ => title(src, docs[i]),
    }
}

pub(super) fn file_of(d: &crate::model::Document) -> String {
    std::path::Path::new(&d.path).file_name().map_or(d.path.clone(), |f| f.to_string_lossy().into_owned())
}

/// A title without the "(file.txt)" added to tell copies apart.
pub(super) fn base_title(t: &str) -> &str {
    match t.strip_suffix(')').and_then(|x| x.rsplit_once(" (")) {
        Some((head, inner)) if inner.contains('.') => head,
        _ => t,
    }
}

pub(super) fn clashes(src: &Sources<'_>, docs: &[DocId], i: usize) -> bool {
    let t = title(src, docs[i]);
    docs.iter().enumerate().any(|(k, d)| k != i && base_title(&title(src, *d)) == base_title(&t))
}

/// *Documents…*: the columns in order (untick to drop, move left or
/// right), the project's other documents to add, and orders by date or
/// outlet. The reference stays the same document.
pub(super) fn columns_menu(ui: &mut Ui, view: &mut SynopsisView, src: &Sources<'_>) {
    // Stays open while columns are ticked, moved and ordered.
    let config =
        egui::containers::menu::MenuConfig::new().close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    egui::containers::menu::MenuButton::new("Documents…").config(config).ui(ui, |ui| {
        ui.label(RichText::new("Columns, in this order").small().weak());
        let mut swap = None;
        let mut drop = None;
        for k in 0..view.docs.len() {
            ui.horizontal(|ui| {
                let mut on = true;
                if ui.checkbox(&mut on, crate::ui::notes::excerpt(&label(src, &view.docs, k), 60)).changed() {
                    drop = Some(k);
                }
                if ui.add_enabled(k > 0, egui::Button::new("<").small()).on_hover_text("One column left").clicked() {
                    swap = Some((k - 1, k));
                }
                if ui
                    .add_enabled(k + 1 < view.docs.len(), egui::Button::new(">").small())
                    .on_hover_text("One column right")
                    .clicked()
                {
                    swap = Some((k, k + 1));
                }
            });
        }
        let reference = view.docs.get(view.reference).copied();
        if let Some((a, b)) = swap {
            view.docs.swap(a, b);
        }
        if let Some(k) = drop {
            view.docs.remove(k);
        }
        let mut others: Vec<(String, String, DocId)> = src
            .project
            .documents()
            .filter(|d| !view.docs.contains(&d.id))
            .map(|d| (d.meta.date.clone(), d.meta.title.clone(), d.id))
            .collect();
        if !others.is_empty() {
            ui.separator();
            ui.label(RichText::new("Not shown").small().weak());
            others.sort();
            for (_, t, id) in others {
                let mut on = false;
                if ui.checkbox(&mut on, crate::ui::notes::excerpt(&t, 60)).changed() {
                    view.docs.push(id);
                }
            }
        }
        let sets = src.project.sets();
        if !sets.is_empty() {
            ui.separator();
            ui.label(RichText::new("All of a set, by date").small().weak());
            for set in sets {
                if ui.button(crate::ui::notes::excerpt(&set.name, 40)).clicked() {
                    let mut docs: Vec<(String, String, DocId)> = set
                        .docs
                        .iter()
                        .filter_map(|d| src.project.document(*d))
                        .map(|d| (d.meta.date.clone(), d.meta.title.clone(), d.id))
                        .collect();
                    docs.sort();
                    view.docs = docs.into_iter().map(|(_, _, d)| d).collect();
                }
            }
        }
        ui.separator();
        if ui.button("Order by date").clicked() {
            let key = |d: &DocId| src.project.document(*d).map(|x| (x.meta.date.clone(), x.meta.title.clone()));
            view.docs.sort_by_key(key);
        }
        if ui.button("Order by outlet").clicked() {
            let key = |d: &DocId| {
                src.project.document(*d).map(|x| (crate::analysis::retrieve::outlet(x).to_owned(), x.meta.date.clone()))
            };
            view.docs.sort_by_key(key);
        }
        view.reference = reference.and_then(|r| view.docs.iter().position(|x| *x == r)).unwrap_or(0);
    });
}

pub(super) fn header_ui(ui: &mut Ui, view: &mut SynopsisView, src: &Sources<'_>, out: &mut Vec<SynopsisAction>) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Synopsis");
        if let Some(r) = &view.result {
            ui.label(format!("{} documents · {} rows · aligned in {:.0} ms", r.docs.len(), r.syn.rows.len(), r.millis));
        }
        ui.separator();
        let before = (view.docs.clone(), view.reference);
        columns_menu(ui, view, src);
        if !view.docs.is_empty() {
            view.reference = view.reference.min(view.docs.len() - 1);
            let name = |i: usize| short_name(src, &view.docs, i);
            egui::ComboBox::from_label("reference")
                .selected_text(name(view.reference))
                .show_ui(ui, |ui| {
                    for i in 0..view.docs.len() {
                        ui.selectable_value(&mut view.reference, i, name(i));
                    }
                })
                .response
                .on_hover_text("Rows follow this document's order; the others' words are marked against it");
            let label = |f: RowFilter| match f {
                RowFilter::All => "All rows".to_owned(),
                RowFilter::Differs => "Only what differs".to_owned(),
                RowFilter::Alone(c) => format!("Only what {} alone says", name(c.min(view.docs.len() - 1))),
            };
            let show = ui.label("Show:");
            egui::ComboBox::from_id_salt("synopsis filter")
                .selected_text(label(view.filter))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut view.filter, RowFilter::All, label(RowFilter::All));
                    ui.selectable_value(&mut view.filter, RowFilter::Differs, label(RowFilter::Differs));
                    for c in 0..view.docs.len() {
                        ui.selectable_value(&mut view.filter, RowFilter::Alone(c), label(RowFilter::Alone(c)));
                    }
                })
                .response
                .labelled_by(show.id);
        }
        if (view.docs.clone(), view.reference) != before {
            view.stale = true;
            // "Only what X alone says" names a column that may have moved.
            if matches!(view.filter, RowFilter::Alone(_)) {
                view.filter = RowFilter::All;
            }
        }
        let mine: Vec<crate::model::ChoiceId> =
            src.project.choices().filter(|c| c.places().any(|p| view.docs.contains(&p.doc))).map(|c| c.id).collect();
        if !mine.is_empty() {
            let stale = view.result.as_ref().map_or(0, |r| r.stale);
            let plural = if mine.len() == 1 { "" } else { "s" };
            let text = if stale > 0 {
                format!("{} row choice{plural} ({stale} set aside)", mine.len())
            } else {
                format!("{} row choice{plural}", mine.len())
            };
            ui.label(RichText::new(text).weak()).on_hover_text(
                "Rows you joined, split or took sentences out of (right-click a cell), saved with the project. One \
                 set aside names a sentence whose text has changed since.",
            );
            if ui.small_button("Forget them").clicked() {
                out.push(SynopsisAction::Forget(mine));
            }
        }
        ui.checkbox(&mut view.hide_summary, "Hide the summary");
        if view.result.is_some() {
            ui.menu_button("Export…", |ui| {
                for (label, ext) in [
                    ("HTML: a printable table, differences marked", "html"),
                    ("Markdown table", "md"),
                    ("CSV, a column per document", "csv"),
                ] {
                    if ui.button(label).clicked() {
                        out.push(SynopsisAction::Export(ext));
                        ui.close();
                    }
                }
            });
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Back to the desk").on_hover_text("Esc").clicked() {
                out.push(SynopsisAction::Close);
            }
        });
    });
}

/// Per document: its sentences, how many it alone has, a bar of how widely
/// the others share them, and the rows it carried first.
pub(super) fn summary_ui(ui: &mut Ui, r: &Aligned, src: &Sources<'_>) {
    let n = r.docs.len();
    let dated = r.summary.first.iter().any(|f| *f > 0);
    egui::Grid::new("synopsis summary").num_columns(4).spacing([12.0, 2.0]).show(ui, |ui| {
        for d in 0..r.docs.len() {
            ui.allocate_ui(vec2(300.0, ui.spacing().interact_size.y), |ui| {
                ui.set_min_width(300.0);
                crate::ui::bidi_line::truncated(ui, &label(src, &r.docs, d), true, false);
            });
            let counts = &r.summary.shared_with[d];
            let total: usize = counts.iter().sum();
            let alone = counts.first().copied().unwrap_or(0);
            ui.label(format!("{total} sentences · {alone} only here"));
            let (rect, resp) = ui.allocate_exact_size(vec2(220.0, 12.0), Sense::hover());
            let mut x = rect.left();
            for (k, c) in counts.iter().enumerate() {
                if total == 0 || *c == 0 {
                    continue;
                }
                #[allow(clippy::cast_precision_loss)] // counts of sentences
                let w = rect.width() * *c as f32 / total as f32;
                let seg = Rect::from_min_size(pos2(x, rect.top()), vec2(w, rect.height()));
                ui.painter().rect_filled(seg, 0.0, width_colour(k + 1, n, ui.visuals().dark_mode, 255));
                x += w;
            }
            let tip: Vec<String> = counts
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(k, c)| match k {
                    0 => format!("{c} found only here"),
                    k if k + 1 == n => format!("{c} in every document"),
                    k => format!("{c} in {k} other{}", if k == 1 { "" } else { "s" }),
                })
                .collect();
            resp.on_hover_text(tip.join("\n"));
            if dated {
                ui.label(RichText::new(format!("first to carry {} rows", r.summary.first[d])).weak());
            } else {
                ui.label("");
            }
            ui.end_row();
        }
    });
}

/// The tint of a row carried by `width` of `n` documents: amber for one
/// alone, blue for some, none (or green in bars) for all.
pub(super) fn width_colour(width: usize, n: usize, dark: bool, alpha: u8) -> Color32 {
    let (r, g, b) = if width <= 1 && n > 1 {
        (230, 160, 40)
    } else if width >= n {
        (70, 160, 90)
    } else if dark {
        (90, 130, 200)
    } else {
        (80, 130, 210)
    };
    Color32::from_rgba_unmultiplied(r, g, b, alpha)
}
