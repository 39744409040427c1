//! PNG charts (plotters, with the DejaVu font compiled in so Cyrillic and o‘ g‘ render anywhere).

use std::sync::Once;

use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::FontStyle;

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "savdo-sans";

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is compiled in; failing to parse it would be a build mistake.
        if plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_err() {
            tracing::error!("the compiled-in chart font does not parse");
        }
    });
}

/// A bar chart of daily totals (tiyin), titled, with amounts in so‘m on the axis.
pub fn daily_totals_png(title: &str, days: &[(NaiveDate, i64)]) -> anyhow::Result<Vec<u8>> {
    register_font();
    let (width, height) = (1000u32, 560u32);
    let mut rgb = vec![255u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let max_som = days.iter().map(|(_, t)| t / 100).max().unwrap_or(0).max(1);
        let n = days.len().max(1) as u32;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FAMILY, 26))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(110)
            .build_cartesian_2d((0u32..n).into_segmented(), 0i64..(max_som + max_som / 10 + 1))?;
        let labels: Vec<String> = days.iter().map(|(d, _)| d.format("%d.%m").to_string()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(days.len().min(16))
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_label_formatter(&|y| group_thousands(*y))
            .label_style((FAMILY, 14))
            .draw()?;
        chart.draw_series(
            Histogram::vertical(&chart)
                .style(RGBColor(33, 150, 243).filled())
                .margin(3)
                .data(days.iter().enumerate().map(|(i, (_, t))| (i as u32, (t / 100).max(0)))),
        )?;
        root.present()?;
    }
    encode_png(&rgb, width, height)
}

/// A product's recent daily sales (a line), its forecast (a dashed line) and the forecast's
/// interval (a shaded band). `days` of the forecast: date, forecast, lower, upper.
pub fn forecast_png(
    title: &str,
    history: &[(NaiveDate, f64)],
    days: &[(NaiveDate, f64, f64, f64)],
) -> anyhow::Result<Vec<u8>> {
    register_font();
    let (width, height) = (1000u32, 560u32);
    let mut rgb = vec![255u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let n = (history.len() + days.len()).max(2) as i32;
        let top = history.iter().map(|d| d.1).chain(days.iter().map(|d| d.3)).fold(1.0f64, f64::max);
        let labels: Vec<NaiveDate> = history.iter().map(|d| d.0).chain(days.iter().map(|d| d.0)).collect();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FAMILY, 26))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(80)
            .build_cartesian_2d(0i32..n - 1, 0f64..top * 1.1)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(12)
            .x_label_formatter(&|x| labels.get(*x as usize).map(|d| d.format("%d.%m").to_string()).unwrap_or_default())
            .y_label_formatter(&|y| format!("{y:.0}"))
            .label_style((FAMILY, 14))
            .draw()?;
        let first = history.len() as i32;
        let band: Vec<(i32, f64)> = days
            .iter()
            .enumerate()
            .map(|(i, d)| (first + i as i32, d.3))
            .chain(days.iter().enumerate().rev().map(|(i, d)| (first + i as i32, d.2)))
            .collect();
        chart.draw_series(std::iter::once(Polygon::new(band, RGBColor(255, 152, 0).mix(0.25).filled())))?;
        let blue = RGBColor(33, 150, 243);
        chart.draw_series(LineSeries::new(
            history.iter().enumerate().map(|(i, d)| (i as i32, d.1)),
            blue.stroke_width(2),
        ))?;
        let orange = RGBColor(230, 81, 0);
        // The forecast joins the last day of history, dashed.
        let joined: Vec<(i32, f64)> = history
            .last()
            .map(|d| (first - 1, d.1))
            .into_iter()
            .chain(days.iter().enumerate().map(|(i, d)| (first + i as i32, d.1)))
            .collect();
        chart.draw_series(DashedLineSeries::new(joined, 8, 5, orange.stroke_width(3)))?;
        root.present()?;
    }
    encode_png(&rgb, width, height)
}

fn group_thousands(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", crate::domain::money::group_digits(value.unsigned_abs(), ' '))
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.write_header()?.write_image_data(rgb)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_png_with_cyrillic_title() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let png = daily_totals_png("Продажи · Savdo o‘sishi", &[(day(1), 1_250_000_00), (day(2), 0), (day(3), 99_00)])
            .unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert!(png.len() > 5_000, "a real picture, {} bytes", png.len());
    }

    #[test]
    fn draws_a_forecast_with_its_band() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let history: Vec<(NaiveDate, f64)> = (1..=14).map(|d| (day(d), (d % 7) as f64 + 3.0)).collect();
        let days: Vec<_> = (15..=28).map(|d| (day(d), 5.0, 3.0, 7.0)).collect();
        let png = forecast_png("Prognoz · Coca-Cola 1,5 l", &history, &days).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert!(png.len() > 5_000, "a real picture, {} bytes", png.len());
    }
}
