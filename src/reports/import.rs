//! What became of an imported file, as text in the reader's language (chat and command line).

use crate::domain::import::{Outcome, Problem};
use crate::i18n::Lang;
use crate::tr;

const SHOWN_PROBLEMS: usize = 20;

pub fn outcome_text(lang: Lang, outcome: &Outcome) -> String {
    match outcome {
        Outcome::Imported { receipts, rows, total, .. } => {
            tr!(lang, "import-done", receipts = *receipts, rows = *rows, total = total.format(lang))
        }
        Outcome::Refused(problems) => refused_text(lang, problems),
    }
}

pub fn refused_text(lang: Lang, problems: &[Problem]) -> String {
    let mut lines = vec![tr!(lang, "import-refused", count = problems.len())];
    lines.extend(problems.iter().take(SHOWN_PROBLEMS).map(|p| describe(lang, p)));
    if problems.len() > SHOWN_PROBLEMS {
        lines.push(tr!(lang, "import-more", count = problems.len() - SHOWN_PROBLEMS));
    }
    lines.join("\n")
}

/// One problem as a line: "3-qator: ..." (or the file's problem alone).
pub fn describe(lang: Lang, problem: &Problem) -> String {
    let text = tr!(lang, problem.key, value = problem.value.clone(), role = String::new());
    if problem.line == 0 {
        text
    } else {
        tr!(lang, "import-line", line = problem.line, problem = text)
    }
}
