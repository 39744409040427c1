//! What a phone photo of a page needs before Tesseract reads it: grey levels, a small image
//! made about twice as large, contrast stretched over the ink-to-paper range, the page turned
//! level by a cheap angle search, and the table's rules erased (a gridded table breaks
//! Tesseract's line finding; with the rules gone its rows read as lines of text).

use image::{imageops, GrayImage, Luma};
use imageproc::geometric_transformations::{rotate_about_center, Border, Interpolation};

/// Pages narrower than this are photos or low-resolution scans: they are upscaled 2×
/// (Tesseract reads their small print badly). Measured in docs/benchmarks.md.
const UPSCALE_BELOW: u32 = 1200;
/// The angles tried, in degrees either way, and the step.
const MAX_SKEW: f32 = 6.0;
const SKEW_STEP: f32 = 0.2;

/// The page as Tesseract should see it, and the levelled page before its rules were erased
/// (where a QR code is looked for: erasing rules would erase its modules too).
pub struct Prepared {
    pub page: GrayImage,
    pub levelled: GrayImage,
    pub skew_degrees: f32,
}

pub fn prepare(gray: GrayImage) -> Prepared {
    let stretched = stretch_contrast(upscale(gray));
    let skew_degrees = skew_of(&stretched);
    let levelled = if skew_degrees.abs() >= 0.3 {
        rotate_about_center(
            &stretched,
            (-skew_degrees).to_radians(),
            Interpolation::Bilinear,
            Border::Constant(Luma([255])),
        )
    } else {
        stretched
    };
    let mut page = levelled.clone();
    erase_rules(&mut page);
    Prepared { page, levelled, skew_degrees }
}

fn upscale(gray: GrayImage) -> GrayImage {
    let (w, h) = gray.dimensions();
    if w >= UPSCALE_BELOW || w == 0 || h == 0 {
        return gray;
    }
    imageops::resize(&gray, w * 2, h * 2, imageops::FilterType::CatmullRom)
}

/// Maps the 1st percentile of brightness to black and the 99th to white.
pub fn stretch_contrast(mut gray: GrayImage) -> GrayImage {
    let mut histogram = [0u64; 256];
    for p in gray.pixels() {
        histogram[p.0[0] as usize] += 1;
    }
    let total: u64 = histogram.iter().sum();
    if total == 0 {
        return gray;
    }
    let percentile = |share: u64| {
        let mut seen = 0;
        for (level, count) in histogram.iter().enumerate() {
            seen += count;
            if seen * 100 >= total * share {
                return level as i32;
            }
        }
        255
    };
    let (low, high) = (percentile(1), percentile(99));
    if high - low < 16 {
        return gray;
    }
    for p in gray.pixels_mut() {
        let v = ((p.0[0] as i32 - low) * 255 / (high - low)).clamp(0, 255);
        p.0[0] = v as u8;
    }
    gray
}

/// How far the page is turned (degrees, as `rotate_about_center` would have turned it; the
/// page is levelled by turning it back): the angle that makes the ink's rows sharpest (the sum
/// of squared counts of ink pixels per row, on a copy about 800 px wide).
pub fn skew_of(gray: &GrayImage) -> f32 {
    let (w, _) = gray.dimensions();
    let factor = (w / 800).max(1);
    let small = if factor > 1 {
        imageops::resize(gray, w / factor, gray.height() / factor, imageops::FilterType::Triangle)
    } else {
        gray.clone()
    };
    let (sw, sh) = small.dimensions();
    if sw < 20 || sh < 20 {
        return 0.0;
    }
    // Ink is what is clearly darker than its surroundings: a dark desk around the page is not.
    let ink = imageproc::contrast::adaptive_threshold(&small, 12, 25);
    let (cx, cy) = (sw as f32 / 2.0, sh as f32 / 2.0);
    let dark: Vec<(f32, f32)> = ink
        .enumerate_pixels()
        .filter(|(_, _, p)| p.0[0] == 0)
        .map(|(x, y, _)| (x as f32 - cx, y as f32 - cy))
        .collect();
    if dark.len() < 50 {
        return 0.0;
    }
    let rows = (sw + sh) as usize * 2;
    let offset = rows as f32 / 2.0;
    let mut best = (0.0f32, 0u64);
    let steps = (MAX_SKEW / SKEW_STEP) as i32;
    for step in -steps..=steps {
        let degrees = step as f32 * SKEW_STEP;
        // Turning the page back by θ puts ink at (x, y) on row y·cos θ − x·sin θ.
        let (sin, cos) = (-degrees).to_radians().sin_cos();
        let mut counts = vec![0u64; rows];
        for &(x, y) in &dark {
            let row = (x * sin + y * cos + offset) as usize;
            if let Some(c) = counts.get_mut(row) {
                *c += 1;
            }
        }
        let score: u64 = counts.iter().map(|c| c * c).sum();
        if score > best.1 {
            best = (degrees, score);
        }
    }
    best.0
}

/// Erases runs of ink longer than a twentieth of the page across or down (a table's rules,
/// signature lines), allowing a one-pixel step for rules that are not quite level.
pub fn erase_rules(gray: &mut GrayImage) {
    let (w, h) = gray.dimensions();
    if w < 100 || h < 100 {
        return;
    }
    let threshold = imageproc::contrast::otsu_level(gray).max(40);
    let ink: Vec<bool> = gray.as_raw().iter().map(|&v| v < threshold).collect();
    let dark = |_: &GrayImage, x: u32, y: u32| ink[(y * w + x) as usize];
    let min_run = (w.min(h) / 20).max(40);
    let mut rule = vec![false; (w * h) as usize];
    // Across: a pixel counts as ink if it or its neighbour above or below is dark.
    for y in 0..h {
        let mut run = 0u32;
        for x in 0..=w {
            let ink = x < w && (y.saturating_sub(1)..=(y + 1).min(h - 1)).any(|yy| dark(gray, x, yy));
            if ink {
                run += 1;
            } else {
                if run >= min_run {
                    for xx in x - run..x {
                        if dark(gray, xx, y) {
                            rule[(y * w + xx) as usize] = true;
                        }
                    }
                }
                run = 0;
            }
        }
    }
    for x in 0..w {
        let mut run = 0u32;
        for y in 0..=h {
            let ink = y < h && (x.saturating_sub(1)..=(x + 1).min(w - 1)).any(|xx| dark(gray, xx, y));
            if ink {
                run += 1;
            } else {
                if run >= min_run {
                    for yy in y - run..y {
                        if dark(gray, x, yy) {
                            rule[(yy * w + x) as usize] = true;
                        }
                    }
                }
                run = 0;
            }
        }
    }
    // Whiten the rules and the pixel around them (their anti-aliased edge).
    for y in 0..h {
        for x in 0..w {
            if !rule[(y * w + x) as usize] {
                continue;
            }
            for yy in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                for xx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                    gray.put_pixel(xx, yy, Luma([255]));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of "text" (short dashes) on a white page.
    fn page() -> GrayImage {
        let mut img = GrayImage::from_pixel(800, 600, Luma([255]));
        for row in (60..540).step_by(40) {
            for x in (80..720).step_by(12) {
                for dx in 0..8 {
                    for dy in 0..6 {
                        img.put_pixel(x + dx, row + dy, Luma([0]));
                    }
                }
            }
        }
        img
    }

    #[test]
    fn a_turned_page_is_levelled() {
        let turned =
            rotate_about_center(&page(), 3.0f32.to_radians(), Interpolation::Bilinear, Border::Constant(Luma([255])));
        let skew = skew_of(&turned);
        assert!((skew - 3.0).abs() <= 0.4, "found {skew}");
        assert!(skew_of(&page()).abs() <= 0.2);
    }

    #[test]
    fn rules_are_erased_and_text_is_kept() {
        let mut img = page();
        for x in 20..780 {
            img.put_pixel(x, 30, Luma([0]));
        }
        erase_rules(&mut img);
        assert!((20..780).all(|x| img.get_pixel(x, 30).0[0] == 255));
        assert_eq!(img.get_pixel(82, 62).0[0], 0);
    }
}
