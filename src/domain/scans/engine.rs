//! Tesseract engines, kept alive. Loading the language models costs more than reading a page,
//! so a small pool of worker threads each creates one engine on its first page and keeps it.
//! `LepTess` is not `Send`: an engine lives and dies on its own thread; pages reach it over a
//! channel and the text comes back on a oneshot.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use image::GrayImage;
use tokio::sync::oneshot;

use super::extract::TextLine;

/// How Tesseract reads a page; the page segmentation mode that keeps tables (4, a single
/// column of text of variable sizes: a table's row stays one line) was measured against 3 and
/// 6 in docs/benchmarks.md.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// Tesseract's languages, `uzb+rus+eng` unless `OCR_LANGUAGES` says otherwise.
    pub languages: String,
    /// Where the `.traineddata` files are; Tesseract's own default when `None`.
    pub data_path: Option<String>,
    pub page_segmentation: u8,
    /// Engines at most (one per worker thread); the number of cores unless set.
    pub workers: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            languages: "uzb+rus+eng".to_string(),
            data_path: None,
            page_segmentation: 4,
            workers: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// Tesseract could not start (not installed, or a language's model is missing).
    #[error("OCR is not available on this server: {0}")]
    Unavailable(String),
    #[error("OCR failed on this page: {0}")]
    Failed(String),
}

struct Job {
    page: GrayImage,
    reply: oneshot::Sender<Result<Vec<TextLine>, EngineError>>,
}

/// The pool. Cloning shares it.
#[derive(Clone)]
pub struct Engine {
    jobs: SyncSender<Job>,
    config: Arc<EngineConfig>,
    threads: Arc<Mutex<Vec<std::thread::JoinHandle<()>>>>,
}

impl Engine {
    /// Starts the worker threads; no engine is created until a page arrives.
    pub fn start(config: EngineConfig) -> Engine {
        let workers = config.workers.clamp(1, 16);
        let (jobs, queue) = sync_channel::<Job>(workers * 16);
        let queue = Arc::new(Mutex::new(queue));
        let config = Arc::new(config);
        let threads = (0..workers)
            .map(|n| {
                let (queue, config) = (queue.clone(), config.clone());
                std::thread::Builder::new()
                    .name(format!("ocr-{n}"))
                    .spawn(move || work(&queue, &config))
                    .expect("spawn an OCR thread")
            })
            .collect();
        Engine { jobs, config, threads: Arc::new(Mutex::new(threads)) }
    }

    /// Lets the engines finish and free their models (a process that exits with engines
    /// alive makes Tesseract print leak warnings). Other clones must be gone first.
    pub fn stop(self) {
        let Engine { jobs, threads, .. } = self;
        drop(jobs);
        let handles = threads.lock().map(|mut t| std::mem::take(&mut *t)).unwrap_or_default();
        for handle in handles {
            let _ = handle.join();
        }
    }

    /// One pool for the whole process with the default settings (tests and benchmarks: the
    /// models load once however many servers a test starts).
    pub fn shared() -> Engine {
        static SHARED: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| Engine::start(EngineConfig::default())).clone()
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// Reads a prepared page: its lines with Tesseract's confidence.
    pub async fn read(&self, page: GrayImage) -> Result<Vec<TextLine>, EngineError> {
        let (reply, answer) = oneshot::channel();
        let jobs = self.jobs.clone();
        // The queue is bounded: a full one waits on a blocking thread, not on the runtime.
        tokio::task::spawn_blocking(move || jobs.send(Job { page, reply }))
            .await
            .map_err(|e| EngineError::Failed(e.to_string()))?
            .map_err(|_| EngineError::Unavailable("the OCR threads have stopped".into()))?;
        answer.await.map_err(|_| EngineError::Failed("the OCR thread stopped".into()))?
    }

    /// Whether an engine can be created here (languages installed); for start-up logs.
    pub fn probe(config: &EngineConfig) -> Result<(), EngineError> {
        leptess::LepTess::new(config.data_path.as_deref(), &config.languages)
            .map(|_| ())
            .map_err(|e| EngineError::Unavailable(e.to_string()))
    }
}

fn work(queue: &Mutex<Receiver<Job>>, config: &EngineConfig) {
    let mut engine: Option<leptess::LepTess> = None;
    loop {
        let job = {
            let Ok(queue) = queue.lock() else { return };
            match queue.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        if engine.is_none() {
            match new_engine(config) {
                Ok(e) => engine = Some(e),
                Err(e) => {
                    let _ = job.reply.send(Err(e));
                    continue;
                }
            }
        }
        let lt = engine.as_mut().expect("created above");
        let result = recognise(lt, &job.page);
        let _ = job.reply.send(result);
    }
}

fn new_engine(config: &EngineConfig) -> Result<leptess::LepTess, EngineError> {
    let mut lt = leptess::LepTess::new(config.data_path.as_deref(), &config.languages)
        .map_err(|e| EngineError::Unavailable(e.to_string()))?;
    // Tesseract's debug messages ("Detected 15 diacritics") go nowhere, not to our stderr.
    let _ = lt.set_variable(leptess::Variable::DebugFile, "/dev/null");
    let psm = config.page_segmentation.to_string();
    lt.set_variable(leptess::Variable::TesseditPagesegMode, &psm)
        .map_err(|_| EngineError::Unavailable("page segmentation mode".into()))?;
    Ok(lt)
}

fn recognise(lt: &mut leptess::LepTess, page: &GrayImage) -> Result<Vec<TextLine>, EngineError> {
    lt.set_image_from_mem(&pgm(page)).map_err(|e| EngineError::Failed(e.to_string()))?;
    // Photos carry no resolution; 300 dpi is what the page's upscaled text looks like.
    lt.set_source_resolution(300);
    let tsv = lt.get_tsv_text(0).map_err(|e| EngineError::Failed(e.to_string()))?;
    Ok(lines_of_tsv(&tsv))
}

/// A binary PGM: the cheapest encoding Leptonica reads from memory.
fn pgm(page: &GrayImage) -> Vec<u8> {
    let (w, h) = page.dimensions();
    let mut out = format!("P5\n{w} {h}\n255\n").into_bytes();
    out.extend_from_slice(page.as_raw());
    out
}

/// Tesseract's TSV (level, page, block, paragraph, line, word, box, confidence, text) as lines
/// of words with the mean confidence of their words.
pub fn lines_of_tsv(tsv: &str) -> Vec<TextLine> {
    let mut lines: Vec<TextLine> = Vec::new();
    let mut current: Option<((u32, u32, u32), Vec<String>, Vec<f32>)> = None;
    let mut flush = |current: &mut Option<((u32, u32, u32), Vec<String>, Vec<f32>)>| {
        if let Some((_, words, confs)) = current.take() {
            if !words.is_empty() {
                let mean = confs.iter().sum::<f32>() / confs.len().max(1) as f32;
                lines.push(TextLine { text: words.join(" "), confidence: mean.clamp(0.0, 100.0) as u8 });
            }
        }
    };
    for row in tsv.lines() {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let key = (cols[2].parse().unwrap_or(0), cols[3].parse().unwrap_or(0), cols[4].parse().unwrap_or(0));
        let text = cols[11].trim();
        if text.is_empty() {
            continue;
        }
        let confidence: f32 = cols[10].parse().unwrap_or(0.0);
        if current.as_ref().is_some_and(|(k, _, _)| *k != key) {
            flush(&mut current);
        }
        let entry = current.get_or_insert_with(|| (key, Vec::new(), Vec::new()));
        entry.1.push(text.to_string());
        entry.2.push(confidence.max(0.0));
    }
    flush(&mut current);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_become_lines() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.5\tJami:\n5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t90\t6\n\
                   4\t1\t1\t1\t2\t0\t0\t0\t1\t1\t-1\t\n5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t50\tSTIR";
        let lines = lines_of_tsv(tsv);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "Jami: 6");
        assert_eq!(lines[0].confidence, 93);
        assert_eq!(lines[1].text, "STIR");
    }
}
