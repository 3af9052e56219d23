//! Excel export (rust_xlsxwriter): a Summary sheet with per-phase progress and an Items sheet
//! (frozen header row, autofilter, column widths, coloured status cells). Dates and times are
//! real Excel dates with a date format (they sort and filter as dates); every other value is
//! written as a string cell, never as a formula, whatever it starts with.

use crate::journal::Status;
use crate::report::export::{Column, Export, cell, columns};
use chrono::{Datelike, Timelike};
use rust_xlsxwriter::{
    Color, ConditionalFormatDataBar, ConditionalFormatType, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

/// How Excel shows a date, and a time (the time is UTC, as the header says).
const DATE_FORMAT: &str = "yyyy-mm-dd";
const TIME_FORMAT: &str = "yyyy-mm-dd hh:mm";

/// Excel refuses cells longer than this many UTF-16 units.
const MAX_CELL: usize = 32_767;

/// The workbook's bytes.
pub fn render(e: &Export) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(format!("{} — FastTrack EMS onboarding", e.header.customer))
        .set_author("fasttrack");
    wb.set_properties(&props);
    summary(wb.add_worksheet(), e)?;
    items(wb.add_worksheet(), e)?;
    wb.save_to_buffer()
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x0F6CBD))
        .set_font_color(Color::White)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
}

fn summary(ws: &mut Worksheet, e: &Export) -> Result<(), XlsxError> {
    let h = &e.header;
    ws.set_name("Summary")?;
    let title = Format::new().set_bold().set_font_size(16);
    let label = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");
    let bold = Format::new().set_bold();
    let bold_pct = Format::new().set_bold().set_num_format("0.0%");
    let kind = if e.action_plan() {
        "action plan"
    } else {
        "progress"
    };
    ws.write_string_with_format(
        0,
        0,
        fit(&format!("{} — FastTrack EMS onboarding {kind}", h.customer)),
        &title,
    )?;
    let mut meta = vec![
        ("Customer", h.customer.clone()),
        ("Profile", h.profile_summary.clone()),
        ("Catalog", format!("{} {}", h.catalog.id, h.catalog.version)),
    ];
    if let Some(p) = &h.current_phase {
        meta.push(("Current phase", e.phase_name(p).to_owned()));
    }
    if let Some(filters) = h.filters.describe() {
        meta.push(("Filtered", filters));
    }
    let mut row = 2;
    for (k, v) in &meta {
        ws.write_string_with_format(row, 0, *k, &label)?;
        ws.write_string(row, 1, fit(v))?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "Exported (UTC)", &label)?;
    let left = Format::new().set_align(FormatAlign::Left);
    write_when(ws, row, 1, &h.exported_at, &left)?;
    row += 1;
    let counts = [("Overdue", h.overdue), ("Due within 7 days", h.due_soon)];
    for (k, n) in counts {
        ws.write_string_with_format(row, 0, k, &label)?;
        ws.write_number_with_format(row, 1, n as f64, &left)?;
        row += 1;
    }
    row += 1;
    let head = [
        "Phase",
        "Done %",
        "Done",
        "Applicable",
        "In progress",
        "Blocked",
        "Not started",
        "Skipped",
        "Items",
    ];
    let hf = header_format();
    for (c, name) in head.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *name, &hf)?;
    }
    let first = row + 1;
    let line = |ws: &mut Worksheet,
                row: u32,
                name: &str,
                c: &crate::report::rows::Counts,
                total: bool|
     -> Result<(), XlsxError> {
        let (text, number) = if total {
            (&bold, &bold_pct)
        } else {
            (&Format::new(), &pct)
        };
        ws.write_string_with_format(row, 0, fit(name), text)?;
        if c.applicable == 0 {
            // Nothing applies: a dash, not a misleading 100 %.
            ws.write_string_with_format(row, 1, "—", text)?;
        } else {
            ws.write_number_with_format(row, 1, c.percent / 100.0, number)?;
        }
        let counts = [
            c.done,
            c.applicable,
            c.in_progress,
            c.blocked,
            c.not_started,
            c.skipped,
            c.total,
        ];
        for (i, n) in counts.into_iter().enumerate() {
            ws.write_number_with_format(row, 2 + i as u16, n as f64, text)?;
        }
        Ok(())
    };
    for p in &h.phases {
        row += 1;
        line(ws, row, &p.name, &p.counts, false)?;
    }
    row += 1;
    line(ws, row, "Overall", &h.overall, true)?;
    // A progress bar in each Done % cell, on a fixed 0–100 % scale.
    let bar = ConditionalFormatDataBar::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_maximum(ConditionalFormatType::Number, 1)
        .set_fill_color(Color::RGB(0x1A7F37))
        .set_solid_fill(true);
    ws.add_conditional_format(first, 1, row, 1, &bar)?;
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 14)?;
    for c in 2..head.len() as u16 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn items(ws: &mut Worksheet, e: &Export) -> Result<(), XlsxError> {
    ws.set_name(if e.action_plan() {
        "Action plan"
    } else {
        "Items"
    })?;
    let columns = columns(e.action_plan());
    let hf = header_format().set_text_wrap();
    for (c, col) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, col.title(), &hf)?;
        ws.set_column_width(c as u16, width(*col))?;
    }
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let overdue = Format::new()
        .set_font_color(Color::RGB(0xCF222E))
        .set_bold()
        .set_align(FormatAlign::Top);
    for (i, r) in e.items.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, &col) in columns.iter().enumerate() {
            let value = cell(r, col);
            let c = c as u16;
            let format = match col {
                Column::Status => &status_format(r.status),
                Column::Title | Column::WhyNot | Column::Note => &wrap,
                Column::Overdue => &overdue,
                Column::Due | Column::PlanDate if r.overdue => &overdue,
                _ => &top,
            };
            if col.is_date() && write_when(ws, row, c, value, format)? {
                continue;
            }
            // write_string: a value starting with "=" stays text, it is never a formula.
            ws.write_string_with_format(row, c, fit(value), format)?;
        }
    }
    let last_row = e.items.len() as u32;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, columns.len() as u16 - 1)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// A column's width in characters.
fn width(c: Column) -> f64 {
    match c {
        Column::Phase => 11.0,
        Column::Section => 18.0,
        Column::Id => 30.0,
        Column::Title => 44.0,
        Column::Owner => 11.0,
        Column::Applies => 8.0,
        Column::WhyNot => 28.0,
        Column::Status => 12.0,
        Column::Assignee | Column::PlanOwner => 16.0,
        Column::Due | Column::NextAction | Column::PlanDate => 12.0,
        Column::Overdue => 9.0,
        Column::LastChange => 17.0,
        Column::ChangedBy => 14.0,
        Column::Note => 60.0,
        Column::Comment => 24.0,
    }
}

/// Writes a date (YYYY-MM-DD) or a journal time (RFC 3339, shown in UTC) as an Excel date with
/// a date format; false (nothing written) when `value` is empty or neither.
fn write_when(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    base: &Format,
) -> Result<bool, XlsxError> {
    if let Some(d) = crate::time::date(value) {
        let (Ok(y), Ok(m), Ok(day)) = (
            u16::try_from(d.year()),
            u8::try_from(d.month()),
            u8::try_from(d.day()),
        ) else {
            return Ok(false);
        };
        let Ok(date) = ExcelDateTime::from_ymd(y, m, day) else {
            return Ok(false);
        };
        ws.write_datetime_with_format(row, col, date, &base.clone().set_num_format(DATE_FORMAT))?;
        return Ok(true);
    }
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(value) else {
        return Ok(false);
    };
    let t = t.with_timezone(&chrono::Utc);
    let (Ok(y), Ok(m), Ok(day)) = (
        u16::try_from(t.year()),
        u8::try_from(t.month()),
        u8::try_from(t.day()),
    ) else {
        return Ok(false);
    };
    let Ok(when) = ExcelDateTime::from_ymd(y, m, day)
        .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64))
    else {
        return Ok(false);
    };
    ws.write_datetime_with_format(row, col, when, &base.clone().set_num_format(TIME_FORMAT))?;
    Ok(true)
}

fn status_format(s: Status) -> Format {
    let (fg, bg) = match s {
        Status::Done => (0x1A7F37, 0xDAFBE1),
        Status::Blocked => (0xCF222E, 0xFFEBE9),
        Status::InProgress => (0x9A6700, 0xFFF8C5),
        Status::Skipped => (0x59636E, 0xEFF2F5),
        Status::NotStarted => (0x1F2328, 0xFFFFFF),
    };
    Format::new()
        .set_font_color(Color::RGB(fg))
        .set_background_color(Color::RGB(bg))
        .set_bold()
        .set_align(FormatAlign::Top)
}

/// A value cut to Excel's cell limit, saying so at its end (the other exports keep it whole).
pub fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= MAX_CELL || s.encode_utf16().count() <= MAX_CELL {
        return s.into();
    }
    let total = s.chars().count();
    let marker = |kept: usize| {
        format!(
            " … [cut at Excel's cell limit: {kept} of {total} characters; the CSV and JSON exports hold it all]"
        )
    };
    let budget = MAX_CELL - marker(total).encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    let mut kept = 0;
    for (i, c) in s.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
        kept += 1;
    }
    format!("{}{}", &s[..end], marker(kept)).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_long_values_to_excels_limit() {
        assert_eq!(fit("short"), "short");
        let long = "é".repeat(40_000);
        let cut = fit(&long);
        assert!(cut.encode_utf16().count() <= MAX_CELL);
        assert!(cut.ends_with("the CSV and JSON exports hold it all]"));
        assert!(cut.starts_with("ééé"));
        let astral = "😀".repeat(20_000);
        assert!(fit(&astral).encode_utf16().count() <= MAX_CELL);
    }
}
