//! The assistant's offline understanding: a plain question in Uzbek (Latin or Cyrillic
//! letters), Russian or English, typed or forwarded, becomes a [`Question`] the core answers
//! with its own lookups — money or units sold in a period, the stock of a product, who owes.
//! Keyword tables and a one-letter tolerance for misspellings; no network, no model.
//! ("bugun savdo qancha?", "Bugun necha dona mahsulot sotildi?", "сколько осталось колы",
//! "how much did we sell last month?", "savdo 01.11.2026-15.11.2026").

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

use crate::domain::calendar::Period;

/// What a question asks.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "intent", content = "about", rename_all = "snake_case")]
pub enum Question {
    /// Money sold in the period (with the change on the period before).
    Sales(Period),
    /// Units sold in the period.
    Units(Period),
    /// The period's sales against the period before it ("this month against last month").
    Compare(Period),
    /// Why the period's sales differ from the period before ("why was this week weaker?").
    Why(Period),
    /// The best-selling products of the period.
    Top(Period),
    /// Products in stock that hardly sell.
    Slow,
    /// Products at or below their reorder point: what is running out.
    RunningOut,
    /// The stock of the products a search finds.
    Stock(String),
    /// Who owes, most first.
    Debts,
    /// What the shop owes its suppliers.
    Payables,
    /// Expenses of the period by category.
    Expenses(Period),
    /// Profit and loss for the period.
    Profit(Period),
    /// Cash in the tills.
    Cash,
    /// The expected sales of the coming days (of a product the words name, or the best sellers).
    Forecast,
}

/// Selling, in any form: "savdo", "sotildi", "продали", "sold", "revenue".
const SALES_WORDS: &[&str] = &[
    "savdo",
    "sotuv",
    "sotdi",
    "sotil",
    "sotib",
    "sotdik",
    "tushum",
    "daromad",
    "продаж",
    "продал",
    "продано",
    "выручк",
    "sales",
    "sell",
    "sold",
    "revenue",
    "turnover",
    "takings",
    "tushdi",
    "chek",
    "заработ",
    "prodal",
    "prodazh",
    "vyruchk",
    "earn",
];
/// Counting units rather than money.
const UNIT_WORDS: &[&str] =
    &["dona", "nechta", "necha", "штук", "единиц", "сколько товар", "units", "items", "pieces", "how many"];
/// Stock on hand.
const STOCK_WORDS: &[&str] = &[
    "qoldi",
    "qoldiq",
    "omborda",
    "zaxira",
    "остат",
    "осталось",
    "на складе",
    "в наличии",
    "in stock",
    "stock",
    "left",
    "on hand",
];
/// Debts the shop itself has: "qarzimiz", "мы должны", "we owe".
const OUR_DEBT_WORDS: &[&str] = &[
    "qarzimiz",
    "qarzdormiz",
    "yetkazib beruvchi",
    "мы должны",
    "наш долг",
    "наши долги",
    "поставщик",
    "we owe",
    "do we owe",
    "supplier",
];
/// Debts owed to the shop.
const DEBT_WORDS: &[&str] = &["qarz", "nasiya", "долг", "должен", "должны", "должник", "задолж", "owe", "debt"];
/// Money spent.
const EXPENSE_WORDS: &[&str] = &["xarajat", "chiqim", "расход", "затрат", "expense", "spent", "spend"];
/// What is left once costs are paid.
const PROFIT_WORDS: &[&str] = &["foyda", "прибыл", "profit"];
/// Money in the tills.
const CASH_WORDS: &[&str] = &["kassa", "naqd pul", "касс", "наличн", "cash", "till"];
/// Words a stock question wraps the product's name in.
const FILLER: &[&str] = &[
    "qancha",
    "nechta",
    "necha",
    "bor",
    "qoldi",
    "qoldiq",
    "omborda",
    "zaxira",
    "dona",
    "mahsulot",
    "tovar",
    "ning",
    "da",
    "сколько",
    "осталось",
    "остаток",
    "остатки",
    "остатков",
    "на",
    "складе",
    "в",
    "наличии",
    "есть",
    "у",
    "нас",
    "товара",
    "how",
    "many",
    "much",
    "is",
    "are",
    "there",
    "do",
    "we",
    "have",
    "left",
    "in",
    "stock",
    "of",
    "the",
    "on",
    "hand",
    "what",
    "what's",
    "whats",
    "nima",
    "что",
    "qoldimi",
    "по",
];

/// Running out: "tugayapti", "заканчивается", "running out".
const RUNNING_OUT_WORDS: &[&str] = &[
    "tugayapti",
    "tugab",
    "tugay",
    "tugash",
    "kam qoldi",
    "заканчива",
    "закончи",
    "кончает",
    "на исходе",
    "заказать",
    "zakanchiva",
    "running out",
    "run out",
    "runs out",
    "low stock",
    "low on",
    "reorder",
    "restock",
];
/// Hardly selling: "kam sotilyapti", "залежался", "slow movers".
const SLOW_WORDS: &[&str] = &[
    "kam sotil",
    "sotilmay",
    "sotilmag",
    "yotib qol",
    "sust",
    "залеж",
    "плохо прода",
    "не продают",
    "не прода",
    "медленно",
    "неликвид",
    "slow",
    "not selling",
    "don't sell",
    "dont sell",
    "dead stock",
    "worst",
];
/// Best sellers: "eng ko‘p sotilgan", "самые продаваемые", "top products".
const TOP_WORDS: &[&str] = &[
    "eng ko'p",
    "ko'p sotil",
    "eng yaxshi",
    "ommabop",
    "top",
    "топ",
    "лучш",
    "самые прода",
    "самый прода",
    "больше всего",
    "популярн",
    "luchsh",
    "best",
    "most sold",
    "most popular",
    "popular",
];
/// The coming days' sales: "prognoz", "сколько продадим", "how much will we sell".
const FORECAST_WORDS: &[&str] =
    &["prognoz", "sotamiz", "sotilad", "прогноз", "продадим", "будет продано", "forecast", "will we sell", "will sell"];
/// "Why", asking for the reasons behind a change.
/// Going up or down, which a "why" asks about.
const CHANGE_WORDS: &[&str] = &[
    "kam",
    "past",
    "ko'p",
    "tushib",
    "слаб",
    "меньше",
    "больше",
    "упал",
    "хуже",
    "лучше",
    "weak",
    "lower",
    "less",
    "drop",
    "fell",
    "better",
    "more",
    "worse",
];
const WHY_WORDS: &[&str] = &["nega", "nima uchun", "nimaga", "почему", "отчего", "pochemu", "why"];
/// Putting two periods side by side.
const COMPARE_WORDS: &[&str] = &[
    "taqqosla",
    "solishtir",
    "nisbatan",
    "qarshi",
    "сравн",
    "против",
    "sravn",
    "compare",
    "compared",
    "against",
    "versus",
];

/// Period words, most specific first ("o‘tgan oy" before "oy").
const PERIOD_WORDS: &[(Period, &[&str])] = &[
    (
        Period::LastMonth,
        &[
            "o'tgan oy",
            "otgan oy",
            "прошлый месяц",
            "прошлого месяца",
            "прошлом месяце",
            "proshlyj mesyac",
            "last month",
        ],
    ),
    (
        Period::LastWeek,
        &[
            "o'tgan hafta",
            "otgan hafta",
            "прошлой неделе",
            "прошлая неделя",
            "прошлую неделю",
            "прошлой недели",
            "proshloj nedel",
            "last week",
        ],
    ),
    (Period::Yesterday, &["kecha", "вчера", "вчерашн", "vchera", "yesterday"]),
    (Period::ThisWeek, &["hafta", "недел", "nedel", "week"]),
    (Period::ThisMonth, &["shu oy", "bu oy", "oylik", "месяц", "mesyac", "mesyats", "month"]),
    (Period::Today, &["bugun", "сегодня", "segodnya", "today"]),
];

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})\s*(?:-|–|—|\.\.|to|gacha|по)\s*(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})")
        .expect("regex")
});

/// Lower case with every kind of Uzbek apostrophe made plain.
fn normalise(text: &str) -> String {
    text.to_lowercase().replace(['‘', '’', 'ʻ', 'ʼ', '`', '´'], "'")
}

/// Uzbek typed in Cyrillic letters, in Latin ones ("бугун қанча сотилди" → "bugun qancha
/// sotildi"), so one word list serves both; Russian words pass through changed but harmless.
fn latin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let l = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ғ' => "g'",
            'д' => "d",
            'е' => "e",
            'ё' => "yo",
            'ж' => "j",
            'з' => "z",
            'и' => "i",
            'й' => "y",
            'к' => "k",
            'қ' => "q",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ў' => "o'",
            'ф' => "f",
            'х' => "x",
            'ҳ' => "h",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "sh",
            'ъ' => "'",
            'ь' => "",
            'ы' => "i",
            'э' => "e",
            'ю' => "yu",
            'я' => "ya",
            other => {
                out.push(other);
                continue;
            }
        };
        out.push_str(l);
    }
    out
}

/// The question in `text`, if it is one the assistant answers offline.
pub fn understand(text: &str) -> Option<Question> {
    let plain = normalise(text);
    let forms = [plain.clone(), latin(&plain)];
    let words: Vec<&str> = forms.iter().flat_map(|f| words_of(f)).collect();
    let says_exactly = |list: &[&str]| forms.iter().any(|f| list.iter().any(|w| f.contains(w)));
    // Misspellings are forgiven for the topic words only: "kecha" is one letter from "necha".
    let says = |list: &[&str]| says_exactly(list) || near(&words, list);
    if says_exactly(OUR_DEBT_WORDS) {
        return Some(Question::Payables);
    }
    if says(DEBT_WORDS) {
        return Some(Question::Debts);
    }
    let period = period_in(&plain).or_else(|| period_in(&forms[1]));
    if says_exactly(RUNNING_OUT_WORDS) {
        return Some(Question::RunningOut);
    }
    if says_exactly(FORECAST_WORDS) {
        return Some(Question::Forecast);
    }
    let selling = says(SALES_WORDS) || says_exactly(CHANGE_WORDS);
    if says_exactly(WHY_WORDS) && (selling || period.is_some()) {
        return Some(Question::Why(current(period.unwrap_or(Period::ThisWeek))));
    }
    // Two periods named ("this month against last month"), or a word that compares.
    let this_and_last = period.is_some_and(|p| matches!(p, Period::LastMonth | Period::LastWeek | Period::Yesterday))
        && says_exactly(&["shu ", "bu ", "bugun", "этот", "этом", "эту", "сегодня", "this", "today"]);
    let compares = says_exactly(COMPARE_WORDS) || words.contains(&"vs");
    if (this_and_last || compares) && !says(EXPENSE_WORDS) && !says(PROFIT_WORDS) {
        return Some(Question::Compare(current(period.unwrap_or(Period::ThisMonth))));
    }
    if says(EXPENSE_WORDS) {
        return Some(Question::Expenses(period.unwrap_or(Period::ThisMonth)));
    }
    if says(PROFIT_WORDS) {
        return Some(Question::Profit(period.unwrap_or(Period::ThisMonth)));
    }
    if says_exactly(SLOW_WORDS) {
        return Some(Question::Slow);
    }
    if says_exactly(TOP_WORDS) || words.contains(&"top") {
        return Some(Question::Top(period.unwrap_or(Period::ThisMonth)));
    }
    if says_exactly(STOCK_WORDS) && !says(SALES_WORDS) {
        let stock_word = |w: &str| STOCK_WORDS.iter().any(|s| !s.contains(' ') && w.starts_with(s));
        let product: Vec<&str> =
            words_of(&plain).into_iter().filter(|w| !FILLER.contains(w) && !stock_word(w)).collect();
        return (!product.is_empty()).then(|| Question::Stock(product.join(" ")));
    }
    if says(SALES_WORDS) {
        let period = period.unwrap_or(Period::Today);
        // "How many receipts" is the summary's count, not units.
        let units = says_exactly(UNIT_WORDS) && !says_exactly(&["chek", "чек", "receipt"]);
        return Some(if units { Question::Units(period) } else { Question::Sales(period) });
    }
    if says_exactly(CASH_WORDS) {
        return Some(Question::Cash);
    }
    None
}

/// Words of `text` that no keyword, period or filler accounts for: what may name a product
/// ("bugun Cola nechta sotildi" leaves "cola").
pub fn unknown_words(text: &str) -> Vec<String> {
    let plain = normalise(text);
    let lists: [&[&str]; 17] = [
        FORECAST_WORDS,
        SALES_WORDS,
        UNIT_WORDS,
        STOCK_WORDS,
        OUR_DEBT_WORDS,
        DEBT_WORDS,
        EXPENSE_WORDS,
        PROFIT_WORDS,
        CASH_WORDS,
        FILLER,
        RUNNING_OUT_WORDS,
        SLOW_WORDS,
        TOP_WORDS,
        WHY_WORDS,
        COMPARE_WORDS,
        CHANGE_WORDS,
        STOP_WORDS,
    ];
    let known = |w: &str| {
        // Short keywords only as whole words: "me" must not hide "mebel".
        let matches = |k: &str| w == k || k.chars().count() >= 4 && (w.starts_with(k) || k.starts_with(w));
        lists.iter().any(|list| list.iter().any(|k| !k.contains(' ') && matches(k)))
            || PERIOD_WORDS.iter().any(|(_, names)| names.iter().any(|n| n.split(' ').any(|part| w.starts_with(part))))
    };
    words_of(&plain)
        .into_iter()
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|w| !known(w) && !known(&latin(w)))
        .map(str::to_string)
        .collect()
}

/// Everyday words around a question that name nothing.
const STOP_WORDS: &[&str] = &[
    "did",
    "does",
    "sell",
    "today",
    "was",
    "were",
    "this",
    "that",
    "for",
    "and",
    "bugun",
    "qancha",
    "kecha",
    "hafta",
    "oy",
    "nechta",
    "necha",
    "dona",
    "biz",
    "sotdik",
    "сколько",
    "мы",
    "продали",
    "сегодня",
    "за",
    "был",
    "было",
    "штук",
    "какие",
    "какой",
    "как",
    "shu",
    "bu",
    "our",
    "with",
    "about",
    "give",
    "show",
    "tell",
    "me",
    "please",
    "next",
    "keyingi",
    "следующ",
];

/// The current period of a pair a comparison names: "last month against this one" asks about
/// this month.
fn current(period: Period) -> Period {
    match period {
        Period::LastMonth => Period::ThisMonth,
        Period::LastWeek => Period::ThisWeek,
        Period::Yesterday => Period::Today,
        other => other,
    }
}

/// The one of `names` (id, name) that `text` mentions — a branch ("Chilonzorda bugun savdo",
/// "продажи Чиланзар") — matched as a word's start in either script; `None` when none or
/// several are.
pub fn name_in(text: &str, names: &[(i64, &str)]) -> Option<i64> {
    let plain = normalise(text);
    let forms = [plain.clone(), latin(&plain)];
    let mentioned: Vec<i64> = names
        .iter()
        .filter(|(_, name)| {
            let name = latin(&normalise(name));
            name.chars().count() >= 3
                && forms.iter().any(|f| {
                    words_of(f).iter().any(|w| w.starts_with(&name) || name.starts_with(*w) && w.chars().count() >= 5)
                })
        })
        .map(|(id, _)| *id)
        .collect();
    match mentioned.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// A period as words [`period_in`] reads back, for the commands that take one as text.
pub fn period_words(period: Period) -> String {
    match period {
        Period::Today => "today".into(),
        Period::Yesterday => "yesterday".into(),
        Period::ThisWeek => "week".into(),
        Period::ThisMonth => "month".into(),
        Period::LastMonth => "last month".into(),
        Period::LastWeek => "last week".into(),
        Period::Range(from, to) => format!("{from}..{to}"),
    }
}

fn words_of(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-').filter(|w| !w.is_empty()).collect()
}

/// A word within one letter of a one-word keyword of five letters or more ("savod", "продожи"):
/// shorter words are too easily another word.
fn near(words: &[&str], list: &[&str]) -> bool {
    list.iter().filter(|k| !k.contains(' ') && k.chars().count() >= 5).any(|k| {
        // The word's start, a letter shorter, as long or a letter longer than the keyword:
        // "savdosi" starts with "savdo", "sotldi" lost a letter of "sotil".
        let n = k.chars().count();
        words.iter().any(|w| (n - 1..=n + 1).any(|len| edits(&w.chars().take(len).collect::<String>(), k) <= 1))
    })
}

/// Edits between two short words: a letter added, dropped, changed, or two swapped ("savod").
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        d[0][j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The period named in `text` (the argument of `/sales`), if any.
pub fn period_in(text: &str) -> Option<Period> {
    let text = normalise(text);
    if let Some(caps) = RANGE.captures(&text) {
        if let (Some(a), Some(b)) = (parse_date(&caps[1]), parse_date(&caps[2])) {
            return Some(Period::Range(a, b));
        }
    }
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).collect();
    for (period, names) in PERIOD_WORDS {
        if names.iter().any(|name| text.contains(name)) {
            return Some(*period);
        }
    }
    // "oy" alone is a month only as a whole word ("oy savdosi"), not inside another word.
    if words.contains(&"oy") {
        return Some(Period::ThisMonth);
    }
    None
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d.%m.%Y").or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sales question in plain words, and the period it asks about.
    fn sales_question(text: &str) -> Option<Period> {
        match understand(text)? {
            Question::Sales(period) => Some(period),
            _ => None,
        }
    }

    #[test]
    fn understands_three_languages() {
        let cases = [
            ("bugun savdo qancha?", Period::Today),
            ("Bugungi savdo", Period::Today),
            ("kechagi savdo", Period::Yesterday),
            ("haftalik savdo", Period::ThisWeek),
            ("shu oy savdo", Period::ThisMonth),
            ("o‘tgan oy savdosi", Period::LastMonth),
            ("oʻtgan oy savdo", Period::LastMonth),
            ("продажи за неделю", Period::ThisWeek),
            ("Продажи сегодня", Period::Today),
            ("выручка за прошлый месяц", Period::LastMonth),
            ("продажи за месяц", Period::ThisMonth),
            ("sales this month", Period::ThisMonth),
            ("sales yesterday", Period::Yesterday),
            ("Sales last month", Period::LastMonth),
            ("savdo", Period::Today),
        ];
        for (text, period) in cases {
            assert_eq!(sales_question(text), Some(period), "{text}");
        }
        assert_eq!(sales_question("salom"), None);
        assert_eq!(sales_question("qoyil"), None);
    }

    #[test]
    fn date_ranges() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            sales_question("savdo 01.11.2026-15.11.2026"),
            Some(Period::Range(d("2026-11-01"), d("2026-11-15")))
        );
        assert_eq!(period_in("2026-10-01 .. 2026-10-31"), Some(Period::Range(d("2026-10-01"), d("2026-10-31"))));
        assert_eq!(period_in("nonsense"), None);
    }
}
