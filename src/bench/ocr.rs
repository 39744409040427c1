//! `savdo bench ocr`: per-field accuracy over the invoice fixtures (clean scans and phone photos
//! apart, for each page segmentation mode), and time per image against the `tesseract` command
//! line on the same files, and the throughput of a batch of photos one at a time and side by
//! side. The fields scored are the ones a purchase depends on: invoice number, date, both TINs,
//! total, and each line's quantity, unit price and amount.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use serde_json::Value;

use crate::domain::money::Money;
use crate::domain::scans::{self, Draft, Engine, EngineConfig};

/// A fixture: the image and its ground truth (`NAME.json` beside `NAME.png|jpg`).
pub struct Fixture {
    pub image: PathBuf,
    pub truth: Value,
}

impl Fixture {
    /// A phone photo, as the truth's `_meta.variant` says; anything else is a clean scan.
    pub fn is_photo(&self) -> bool {
        self.truth["_meta"]["variant"].as_str().is_some_and(|v| v != "clean_scan")
    }
}

/// Every fixture in `dir`, by name.
pub fn fixtures(dir: &Path) -> anyhow::Result<Vec<Fixture>> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "png" | "jpg" | "jpeg" | "tif" | "tiff" | "webp" | "pdf") {
            continue;
        }
        let truth_path = path.with_extension("json");
        if !truth_path.exists() {
            continue;
        }
        let truth = serde_json::from_str(&std::fs::read_to_string(&truth_path)?)?;
        out.push(Fixture { image: path, truth });
    }
    Ok(out)
}

/// Fields right out of fields scored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Score {
    pub right: usize,
    pub fields: usize,
}

impl Score {
    pub fn add(&mut self, other: Score) {
        self.right += other.right;
        self.fields += other.fields;
    }
    pub fn percent(&self) -> f64 {
        if self.fields == 0 {
            0.0
        } else {
            self.right as f64 * 100.0 / self.fields as f64
        }
    }
}

fn money_of(v: &Value) -> Option<Money> {
    v.as_f64().map(|f| Money((f * 100.0).round() as i64))
}

/// Scores a draft against a fixture's truth, field by field (a field the truth leaves null,
/// such as a receipt's buyer, is not scored).
pub fn score(draft: &Draft, truth: &Value) -> Score {
    let mut s = Score::default();
    let mut check = |right: bool| {
        s.fields += 1;
        s.right += usize::from(right);
    };
    let text = |f: &Option<scans::Field<String>>| f.as_ref().map(|f| f.value.clone());
    for (key, got) in [
        ("invoice_number", text(&draft.invoice_number)),
        ("seller_tin", text(&draft.seller_tin)),
        ("buyer_tin", text(&draft.buyer_tin)),
    ] {
        if let Some(want) = truth[key].as_str() {
            check(got.as_deref() == Some(want));
        }
    }
    if let Some(want) = truth["date"].as_str() {
        check(draft.date.as_ref().map(|d| d.value.to_string()).as_deref() == Some(want));
    }
    if let Some(want) = money_of(&truth["total"]) {
        check(draft.total.as_ref().map(|t| t.value) == Some(want));
    }
    for (i, want) in truth["items"].as_array().into_iter().flatten().enumerate() {
        let got = draft.items.get(i);
        let qty = want["quantity"].as_f64().map(|q| (q * 1000.0).round() as i64);
        check(got.map(|g| g.quantity.value.0) == qty);
        check(got.map(|g| g.unit_price.value) == money_of(&want["unit_price"]));
        check(got.map(|g| g.amount.value) == money_of(&want["amount"]));
    }
    s
}

#[derive(Debug, Serialize)]
pub struct Accuracy {
    pub page_segmentation: u8,
    pub clean: Score,
    pub photos: Score,
    /// Per file: name, score, milliseconds.
    pub files: Vec<(String, Score, i64)>,
}

/// Reads every fixture with an engine in `psm` mode and scores it.
pub async fn accuracy(fixtures: &[Fixture], psm: u8) -> anyhow::Result<Accuracy> {
    let engine = Engine::start(EngineConfig { page_segmentation: psm, ..EngineConfig::default() });
    let today = chrono::Local::now().date_naive();
    let mut result =
        Accuracy { page_segmentation: psm, clean: Score::default(), photos: Score::default(), files: Vec::new() };
    for fixture in fixtures {
        let bytes = std::fs::read(&fixture.image)?;
        let reading = scans::read(Some(&engine), &bytes, today).await;
        let (s, ms) = match &reading {
            Ok(r) => (score(&r.draft, &fixture.truth), r.elapsed_ms),
            Err(_) => (score(&Draft::default(), &fixture.truth), 0),
        };
        if fixture.is_photo() {
            result.photos.add(s);
        } else {
            result.clean.add(s);
        }
        result.files.push((name_of(&fixture.image), s, ms));
    }
    engine.stop();
    Ok(result)
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
}

#[derive(Debug, Serialize)]
pub struct Timing {
    pub file: String,
    /// Savdo's whole pipeline (decode, preprocessing, recognition, extraction), engine warm.
    pub savdo_ms: f64,
    /// `tesseract FILE - -l uzb+rus+eng --psm 4` as a process (it loads its models each time),
    /// with its own default threads.
    pub tesseract_cli_ms: f64,
    /// Fields exact when Savdo reads the image, and when its extractor reads the command
    /// line's text of the same image (no preprocessing).
    pub savdo_fields: Score,
    pub tesseract_cli_fields: Score,
}

#[derive(Debug, Serialize)]
pub struct Throughput {
    pub photos: usize,
    pub one_at_a_time_ms: f64,
    pub side_by_side_ms: f64,
    pub speedup: f64,
}

/// Median time per image, `runs` runs each, Savdo against the command line.
pub async fn timing(fixtures: &[Fixture], runs: usize) -> anyhow::Result<Vec<Timing>> {
    let engine = Engine::start(EngineConfig::default());
    let today = chrono::Local::now().date_naive();
    let mut out = Vec::new();
    for fixture in fixtures {
        let bytes = std::fs::read(&fixture.image)?;
        // The first page creates the engine; what a user waits for after that is timed.
        let savdo_fields = match scans::read(Some(&engine), &bytes, today).await {
            Ok(r) => score(&r.draft, &fixture.truth),
            Err(_) => score(&Draft::default(), &fixture.truth),
        };
        let mut savdo = Vec::new();
        let mut cli = Vec::new();
        let mut cli_text = String::new();
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            let _ = scans::read(Some(&engine), &bytes, today).await;
            savdo.push(started.elapsed().as_secs_f64() * 1000.0);
            let started = Instant::now();
            let output = std::process::Command::new("tesseract")
                .arg(&fixture.image)
                .args(["-", "-l", "uzb+rus+eng", "--psm", "4"])
                // The command line as a user runs it: its own OpenMP threads (Savdo's binary
                // limits its own; see src/main.rs).
                .env_remove("OMP_THREAD_LIMIT")
                .stderr(std::process::Stdio::null())
                .output()?;
            anyhow::ensure!(output.status.success(), "tesseract failed on {}", fixture.image.display());
            cli.push(started.elapsed().as_secs_f64() * 1000.0);
            cli_text = String::from_utf8_lossy(&output.stdout).to_string();
        }
        let lines: Vec<scans::TextLine> = cli_text.lines().map(scans::TextLine::sure).collect();
        let tesseract_cli_fields = score(&scans::extract::draft(&lines, today), &fixture.truth);
        out.push(Timing {
            file: name_of(&fixture.image),
            savdo_ms: median(&mut savdo),
            tesseract_cli_ms: median(&mut cli),
            savdo_fields,
            tesseract_cli_fields,
        });
    }
    engine.stop();
    Ok(out)
}

/// A batch of `count` photos (the fixtures' photos, repeated): one at a time, then all at once.
pub async fn throughput(fixtures: &[Fixture], count: usize) -> anyhow::Result<Throughput> {
    let engine = Engine::start(EngineConfig::default());
    let today = chrono::Local::now().date_naive();
    let photos: Vec<Vec<u8>> = fixtures
        .iter()
        .filter(|f| f.is_photo())
        .cycle()
        .take(count)
        .map(|f| std::fs::read(&f.image))
        .collect::<Result<_, _>>()?;
    anyhow::ensure!(!photos.is_empty(), "no phone photos among the fixtures");
    // Warm every engine first.
    futures::future::join_all(
        photos.iter().take(engine.config().workers).map(|b| scans::read(Some(&engine), b, today)),
    )
    .await;
    let started = Instant::now();
    for bytes in &photos {
        let _ = scans::read(Some(&engine), bytes, today).await;
    }
    let one_at_a_time_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    futures::future::join_all(photos.iter().map(|b| scans::read(Some(&engine), b, today))).await;
    let side_by_side_ms = started.elapsed().as_secs_f64() * 1000.0;
    engine.stop();
    Ok(Throughput {
        photos: photos.len(),
        one_at_a_time_ms,
        side_by_side_ms,
        speedup: one_at_a_time_ms / side_by_side_ms,
    })
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}
