//! Tables to an A4 PDF. Text is real text in the compiled-in DejaVu Sans (Uzbek o‘ g‘ and
//! Cyrillic), so it can be searched, copied and extracted, not drawn as shapes.

use anyhow::Context;
use printpdf::{
    FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    TextItem, TextMatrix,
};

use super::table::money_text;
use super::table::{Cell, ColumnKind, Table};

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

// Geometry in millimetres; `y` always counts down from the top edge, as a reader would.
const MARGIN: f32 = 15.0;

/// An A4 page: portrait, or landscape for a table of more than six columns (a payroll, sales by
/// day, branch and payment), so names and numbers are not cut.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Size {
    w: f32,
    h: f32,
}

const PORTRAIT: Size = Size { w: 210.0, h: 297.0 };
const LANDSCAPE: Size = Size { w: 297.0, h: 210.0 };

impl Size {
    fn for_table(table: &Table) -> Size {
        if table.columns.len() > 6 {
            LANDSCAPE
        } else {
            PORTRAIT
        }
    }

    fn content_w(self) -> f32 {
        self.w - 2.0 * MARGIN
    }

    /// The lowest baseline allowed on a page.
    fn bottom(self) -> f32 {
        self.h - MARGIN
    }
}
const LINE_H: f32 = 5.0;
/// Room for a money column: "-1 250 000 000,00" at 9 pt is about 29 mm.
const MONEY_COL_W: f32 = 34.0;
/// Space kept between a truncated text cell and the next column.
const CELL_GAP: f32 = 2.0;

const TITLE_PT: f32 = 14.0;
const SUBTITLE_PT: f32 = 10.0;
const BODY_PT: f32 = 9.0;
const FOOTER_PT: f32 = 8.0;

const MM_PER_PT: f32 = 25.4 / 72.0;
/// Average advance of a DejaVu Sans character in ems; close enough for digits, which is
/// what gets right-aligned.
const CHAR_EM: f32 = 0.55;

/// Renders the tables into a PDF in memory, each table starting on a new page.
pub fn to_pdf(tables: &[Table]) -> anyhow::Result<Vec<u8>> {
    let title = tables.first().map_or("Hisobot", |t| t.title.as_str());
    let mut doc = PdfDocument::new(title);
    let full =
        ParsedFont::from_bytes(FONT, 0, &mut Vec::new()).context("the compiled-in DejaVu Sans does not parse")?;
    // printpdf subsets only with its `text_layout` feature (a layout engine we do not need),
    // so the font is cut here: a one-page report went from 387 KB to tens of KB.
    let font = match subset(&full, tables)
        .and_then(|bytes| ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).context("the subset font does not parse"))
    {
        Ok(font) => font,
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "font not subset; embedding all of it");
            full
        }
    };
    let mut writer = Writer::new(doc.add_font(&font));
    for table in tables {
        write_table(&mut writer, table);
    }
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(writer.finish()).save(&PdfSaveOptions::default(), &mut warnings);
    for warning in &warnings {
        tracing::debug!(msg = %warning.msg, "printpdf warning");
    }
    Ok(bytes)
}

/// DejaVu Sans cut to the characters the tables use, plus printable ASCII and the ellipsis
/// (page numbers, money, cut text).
fn subset(full: &ParsedFont, tables: &[Table]) -> anyhow::Result<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let mut chars: std::collections::BTreeSet<char> = (' '..='~').chain(['…']).collect();
    for table in tables {
        let cells = table.rows.iter().chain(table.totals.iter()).flatten().filter_map(|c| match c {
            Cell::Text(s) => Some(s.as_str()),
            _ => None,
        });
        let texts = [table.title.as_str(), table.subtitle.as_str()].into_iter();
        for text in texts.chain(table.columns.iter().map(|c| c.header.as_str())).chain(cells) {
            chars.extend(text.chars());
        }
    }
    let mut glyphs: std::collections::BTreeSet<u16> =
        chars.iter().filter_map(|c| full.lookup_glyph_index(*c as u32)).collect();
    // .notdef first, as allsorts requires.
    glyphs.remove(&0);
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    let data = ReadScope::new(FONT).read::<FontData<'_>>().map_err(|e| anyhow::anyhow!("{e}"))?;
    let provider = data.table_provider(0).map_err(|e| anyhow::anyhow!("{e}"))?;
    allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Where one column sits on the page.
#[derive(Clone, Copy, Debug)]
struct Slot {
    left: f32,
    width: f32,
    kind: ColumnKind,
}

impl Slot {
    fn right(&self) -> f32 {
        self.left + self.width
    }
}

/// Money columns get a fixed width; text columns share what is left.
fn layout(table: &Table, size: Size) -> Vec<Slot> {
    let content_w = size.content_w();
    let total = table.columns.len();
    let money = table.columns.iter().filter(|c| c.kind == ColumnKind::Money).count();
    let text = total - money;
    let money_w = if text == 0 { content_w / money.max(1) as f32 } else { MONEY_COL_W.min(content_w / total as f32) };
    let text_w = if text == 0 { 0.0 } else { (content_w - money_w * money as f32) / text as f32 };
    let mut left = MARGIN;
    table
        .columns
        .iter()
        .map(|column| {
            let width = match column.kind {
                ColumnKind::Text => text_w,
                ColumnKind::Money => money_w,
            };
            let slot = Slot { left, width, kind: column.kind };
            left += width;
            slot
        })
        .collect()
}

fn write_table(w: &mut Writer, table: &Table) {
    let size = Size::for_table(table);
    let slots = layout(table, size);
    w.new_page(size);
    w.advance(5.0); // a 14 pt title's ascent below the margin
    w.text(MARGIN, TITLE_PT, &fit(&table.title, size.content_w(), TITLE_PT));
    if !table.subtitle.is_empty() {
        w.advance(6.0);
        w.text(MARGIN, SUBTITLE_PT, &fit(&table.subtitle, size.content_w(), SUBTITLE_PT));
    }
    w.advance(9.0);
    write_header(w, table, &slots);
    for row in &table.rows {
        if !w.fits(LINE_H) {
            continue_on_new_page(w, table, &slots);
        }
        w.advance(LINE_H);
        write_cells(w, &slots, row);
    }
    if let Some(totals) = &table.totals {
        // The rule and the totals stay together.
        if !w.fits(LINE_H + 1.0) {
            continue_on_new_page(w, table, &slots);
        }
        w.rule_below();
        w.advance(LINE_H);
        write_cells(w, &slots, totals);
    }
}

/// A fresh page that repeats the column headers, so every page can be read alone.
fn continue_on_new_page(w: &mut Writer, table: &Table, slots: &[Slot]) {
    w.new_page(w.size);
    w.advance(4.0); // a 9 pt line's ascent below the margin
    write_header(w, table, slots);
}

/// The header line at the current baseline, with a rule under it.
fn write_header(w: &mut Writer, table: &Table, slots: &[Slot]) {
    for (slot, column) in slots.iter().zip(&table.columns) {
        match slot.kind {
            ColumnKind::Text => w.text(slot.left, BODY_PT, &fit(&column.header, slot.width - CELL_GAP, BODY_PT)),
            ColumnKind::Money => {
                w.text_right(slot.right(), BODY_PT, &fit(&column.header, slot.width - CELL_GAP, BODY_PT))
            }
        }
    }
    w.rule_below();
}

/// Text cells left-aligned (cut to their column), money right-aligned so digits line up.
fn write_cells(w: &mut Writer, slots: &[Slot], cells: &[Cell]) {
    for (slot, cell) in slots.iter().zip(cells) {
        match cell {
            Cell::Text(s) => w.text(slot.left, BODY_PT, &fit(s, slot.width - CELL_GAP, BODY_PT)),
            Cell::Money(tiyin) => w.text_right(slot.right(), BODY_PT, &money_text(*tiyin)),
            Cell::Empty => {}
        }
    }
}

/// Estimated width of one character (see `CHAR_EM`), in mm.
fn char_width_mm(size_pt: f32) -> f32 {
    size_pt * CHAR_EM * MM_PER_PT
}

fn text_width_mm(s: &str, size_pt: f32) -> f32 {
    s.chars().count() as f32 * char_width_mm(size_pt)
}

/// Cuts `s` with an ellipsis so that its estimated width stays within `max_mm`
/// and it does not run into the next column.
fn fit(s: &str, max_mm: f32, size_pt: f32) -> String {
    let max_chars = (max_mm / char_width_mm(size_pt)).floor().max(1.0) as usize;
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let mut cut: String = s.chars().take(max_chars - 1).collect();
    cut.push('…');
    cut
}

/// Collects the ops of the current page and the finished pages; `y` is the current
/// baseline in mm from the top edge.
struct Writer {
    font: FontId,
    /// Finished pages' ops and sizes; made into pages at the end, when their count is known.
    pages: Vec<(Vec<Op>, Size)>,
    ops: Vec<Op>,
    y: f32,
    size: Size,
    page_open: bool,
}

impl Writer {
    fn new(font: FontId) -> Self {
        Self { font, pages: Vec::new(), ops: Vec::new(), y: MARGIN, size: PORTRAIT, page_open: false }
    }

    fn new_page(&mut self, size: Size) {
        self.close_page();
        self.page_open = true;
        self.size = size;
        self.y = MARGIN;
    }

    fn close_page(&mut self) {
        if self.page_open {
            self.pages.push((std::mem::take(&mut self.ops), self.size));
            self.page_open = false;
        }
    }

    /// The finished pages, each numbered "3 / 7" at its foot; at least one, so even an empty
    /// report is a valid document.
    fn finish(mut self) -> Vec<PdfPage> {
        self.close_page();
        if self.pages.is_empty() {
            self.pages.push((Vec::new(), PORTRAIT));
        }
        let count = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        pages
            .into_iter()
            .enumerate()
            .map(|(i, (ops, size))| {
                self.ops = ops;
                self.size = size;
                if count > 1 {
                    self.y = size.h - MARGIN / 2.0;
                    self.text_right(size.w - MARGIN, FOOTER_PT, &format!("{} / {count}", i + 1));
                }
                PdfPage::new(Mm(size.w), Mm(size.h), std::mem::take(&mut self.ops))
            })
            .collect()
    }

    fn advance(&mut self, dy: f32) {
        self.y += dy;
    }

    fn fits(&self, dy: f32) -> bool {
        self.y + dy <= self.size.bottom()
    }

    /// Text with its left edge at `x`, on the current baseline.
    fn text(&mut self, x: f32, size_pt: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        // One text object per string: the text matrix (Tm) places it absolutely,
        // so no cursor state leaks between cells.
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(self.font.clone()), size: Pt(size_pt) },
            Op::SetTextMatrix { matrix: TextMatrix::Translate(Mm(x).into_pt(), Mm(self.size.h - self.y).into_pt()) },
            Op::ShowText { items: vec![TextItem::Text(s.to_string())] },
            Op::EndTextSection,
        ]);
    }

    /// Text with its (estimated) right edge at `right`.
    fn text_right(&mut self, right: f32, size_pt: f32, s: &str) {
        self.text(right - text_width_mm(s, size_pt), size_pt, s);
    }

    /// A thin rule across the content width just under the current baseline
    /// (clear of descenders), then a little extra space before the next line.
    fn rule_below(&mut self) {
        let y = Mm(self.size.h - (self.y + 1.5));
        let point = |x: f32| LinePoint { p: Point::new(Mm(x), y), bezier: false };
        self.ops.extend([
            Op::SetOutlineThickness { pt: Pt(0.5) },
            Op::DrawLine { line: Line { points: vec![point(MARGIN), point(self.size.w - MARGIN)], is_closed: false } },
        ]);
        self.advance(1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::table::Column;
    use std::process::Command;

    fn sample(rows: usize) -> Table {
        Table {
            title: "Foyda va zarar — o‘tgan oy / Прибыль и убытки".into(),
            subtitle: "Savdo MChJ, 2024-yil may".into(),
            columns: vec![
                Column { header: "Modda".into(), kind: ColumnKind::Text },
                Column { header: "Summa".into(), kind: ColumnKind::Money },
            ],
            rows: (0..rows).map(|i| vec![Cell::Text(format!("Qator {i}")), Cell::Money(125_000_050)]).collect(),
            totals: Some(vec![Cell::Text("Jami".into()), Cell::Money(-5)]),
        }
    }

    /// The text `pdftotext` extracts, or `None` where poppler is not installed.
    fn pdftotext(bytes: &[u8]) -> Option<String> {
        Command::new("pdftotext").arg("-v").output().ok()?;
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let path = std::env::temp_dir().join(format!("savdo-pdf-test-{}-{nanos}.pdf", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let output = Command::new("pdftotext").arg(&path).arg("-").output();
        let _ = std::fs::remove_file(&path);
        let output = output.unwrap();
        assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
        Some(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    #[test]
    fn pdf_has_extractable_unicode_text() {
        // 80 rows do not fit on one page, so the header must repeat.
        let bytes = to_pdf(&[sample(80)]).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        let Some(text) = pdftotext(&bytes) else {
            eprintln!("pdftotext not installed; skipping the text check");
            return;
        };
        assert!(text.contains("o‘tgan"), "{text}");
        assert!(text.contains("Прибыль"), "{text}");
        assert!(text.contains("1 250 000,50"), "{text}");
        assert!(text.contains("-0,05"), "{text}");
        assert!(text.matches("Summa").count() >= 2, "header not repeated: {text}");
        // pdftotext may drop the spaces around the slash of a short footer.
        let squeezed = text.replace(' ', "");
        assert!(squeezed.contains("1/2") && squeezed.contains("2/2"), "pages not numbered: {text}");
    }

    /// Only the glyphs a document uses travel with it: a page of a report is small enough to
    /// send over mobile data (the whole DejaVu Sans is 740 KB).
    #[test]
    fn the_font_is_subset() {
        let bytes = to_pdf(&[sample(20)]).unwrap();
        assert!(bytes.len() < 60_000, "{} bytes", bytes.len());
    }

    #[test]
    fn empty_input_is_still_a_pdf() {
        assert!(to_pdf(&[]).unwrap().starts_with(b"%PDF"));
    }

    #[test]
    fn columns_fill_the_content_width_and_long_text_is_cut() {
        let slots = layout(&sample(1), PORTRAIT);
        assert_eq!(slots[0].left, MARGIN);
        assert!((slots[1].right() - (PORTRAIT.w - MARGIN)).abs() < 1e-3);
        let wide = Table {
            columns: (0..8)
                .map(|i| Column {
                    header: format!("C{i}"),
                    kind: if i < 3 { ColumnKind::Text } else { ColumnKind::Money },
                })
                .collect(),
            ..sample(1)
        };
        assert_eq!(Size::for_table(&wide), LANDSCAPE, "a payroll's eight columns go across the page");
        let slots = layout(&wide, LANDSCAPE);
        assert!((slots[7].right() - (LANDSCAPE.w - MARGIN)).abs() < 1e-3);
        assert!(slots[0].width > 30.0, "room for a name or a PINFL: {}", slots[0].width);
        let cut = fit(&"x".repeat(500), 50.0, BODY_PT);
        assert!(cut.ends_with('…') && text_width_mm(&cut, BODY_PT) <= 50.0);
        assert_eq!(fit("Jami", 50.0, BODY_PT), "Jami");
    }
}
