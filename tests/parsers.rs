//! The parsers that read people's and machines' text never panic, whatever they are given, and
//! what they accept is within the books' bounds: amounts and quantities, plain-word sales
//! questions, commands, button payloads, sales files and webhook bodies. (Property tests on
//! stable Rust; they run with `cargo test` on every machine.)

use proptest::prelude::*;
use savdo::bot::commands;
use savdo::domain::assistant;
use savdo::domain::import;
use savdo::domain::money::{Money, Qty};
use savdo::i18n::Lang;
use savdo::telegram::Cb;

/// Text shaped like what people type for amounts: digits, separators, signs, letters, spaces.
fn amountish() -> impl Strategy<Value = String> {
    prop::string::string_regex("[0-9 ,.'’\\-+eE a-zA-Zа-яё‘]{0,40}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn amounts_and_quantities_never_panic(text in prop_oneof![amountish(), any::<String>()]) {
        if let Ok(m) = Money::read(&text) {
            prop_assert!(m.0 >= 0 && m <= Money::MAX);
        }
        if let Ok(q) = Qty::read(&text) {
            prop_assert!(q.0 > 0 && q <= Qty::MAX);
        }
        let _ = Money::parse(&text);
        let _ = Qty::parse(&text);
    }

    #[test]
    fn amounts_read_back_what_is_shown(tiyin in 0i64..=Money::MAX.0, lang in prop::sample::select(Lang::ALL.to_vec())) {
        let shown = Money(tiyin).format(lang);
        let digits = shown.rsplit_once(' ').map(|(d, _)| d).unwrap_or(&shown);
        prop_assert_eq!(Money::read(digits), Ok(Money(tiyin)), "{}", shown);
    }

    #[test]
    fn words_and_commands_never_panic(text in any::<String>()) {
        let _ = assistant::understand(&text);
        let _ = assistant::period_in(&text);
        let _ = assistant::unknown_words(&text);
        let _ = assistant::tools::read_period(Some(&text), savdo::domain::calendar::Period::Today);
        for name in ["sales_summary", "stock", "profit", &text] {
            let _ = assistant::tools::Tool::from_call(name, &text);
        }
        let _ = commands::parse(&text, "savdo_bot");
        let _ = Cb::decode(&text);
    }

    /// What a model writes as a tool call is read as a known tool with its arguments, or
    /// refused with a reason — never run as something else.
    #[test]
    fn tool_calls_are_typed_or_refused(name in "[a-z_]{0,20}", arguments in r#"\{("[a-z]{1,8}": ?("[a-z_0-9.-]{0,24}"|[0-9]{1,4}|null),? ?){0,3}\}"#) {
        if let Ok(tool) = assistant::tools::Tool::from_call(&name, &arguments) {
            prop_assert_eq!(tool.name(), name.as_str());
        }
    }

    #[test]
    fn button_payloads_are_read_only_when_whole(data in "[a-z]{1,4}(:[-a-z0-9]{0,12}){0,3}") {
        if let Some(cb) = Cb::decode(&data) {
            prop_assert!(cb.encode().len() <= 64, "Telegram allows 64 bytes");
        }
    }

    #[test]
    fn sales_files_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_000), xlsx in any::<bool>()) {
        let name = if xlsx { "sales.xlsx" } else { "sales.csv" };
        let _ = import::read_table(name, &bytes);
    }

    #[test]
    fn csv_like_files_never_panic(text in prop::string::string_regex("([a-z0-9,;.\\-: \"]{0,30}\\n){0,20}").unwrap()) {
        let _ = import::read_table("sales.csv", text.as_bytes());
    }

    #[test]
    fn webhook_bodies_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..1_000)) {
        let _ = serde_json::from_slice::<teloxide::types::Update>(&bytes);
    }

    /// Click's amounts: any text is an amount in tiyin or refused, never a panic; a well-formed
    /// one reads back exactly.
    #[test]
    fn click_amounts(text in ".{0,24}", som in 0i64..1_000_000_000_000, tiyin in 0i64..100) {
        let _ = savdo::domain::payments::click::tiyin(&text);
        let written = format!("{som}.{tiyin:02}");
        prop_assert_eq!(savdo::domain::payments::click::tiyin(&written), Some(som * 100 + tiyin));
    }
}

/// Found by the `commands` fuzz target: a payload longer than Telegram's 64 bytes decoded, and
/// encoded again past the limit.
#[test]
fn payloads_longer_than_telegram_allows_are_not_ours() {
    let long = format!("sb:\u{14}\u{14}{}~\u{14}\u{14}\u{14}\u{14};\u{14}", "E".repeat(73));
    assert_eq!(Cb::decode(&long), None);
    assert_eq!(Cb::decode(&format!("sb:{}", "m".repeat(62))), None);
    assert!(Cb::decode("sb:m").is_some());
}

#[test]
fn absurd_amounts_get_their_own_refusal() {
    use savdo::domain::Refusal;
    assert_eq!(Money::read("92 233 720 368 547 758"), Err(Refusal::AmountTooLarge));
    assert_eq!(Money::read("1 000 000 000 000"), Ok(Money::MAX));
    assert_eq!(Money::read("1 000 000 000 000,01"), Err(Refusal::AmountTooLarge));
    assert_eq!(Money::read("twelve"), Err(Refusal::BadAmount));
    assert_eq!(Qty::read("1000000"), Ok(Qty::MAX));
    assert_eq!(Qty::read("1000000,001"), Err(Refusal::QtyTooLarge));
    assert_eq!(Qty::read("0"), Err(Refusal::BadQuantity));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any bytes as a series file: a series or an error naming the problem, never a panic.
    #[test]
    fn series_files_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), text in "[0-9,.;\\-a-z\\n ]{0,200}") {
        let _ = savdo::domain::forecast::read_series(&bytes, None);
        if let Ok(values) = savdo::domain::forecast::read_series(text.as_bytes(), None) {
            prop_assert!(values.iter().all(|v| v.is_finite()));
        }
    }

    /// Whatever the history (spikes, zeros, negatives, one point, absurd sizes), every method
    /// gives finite forecasts and an interval around them.
    #[test]
    fn forecasts_are_always_finite(
        y in prop::collection::vec(prop_oneof![Just(0.0), 0.0..50.0f64, -1e6..1e9f64], 0..120),
        period in 1usize..14,
        method in prop::sample::select(savdo::domain::forecast::Method::ALL.to_vec()),
        auto in any::<bool>(),
    ) {
        use savdo::domain::forecast::{self, Options};
        let opts = Options { method: (!auto).then_some(method), ..Options::new(period, 10) };
        let f = forecast::forecast(&y, &opts);
        prop_assert_eq!(f.forecast.len(), 10);
        for i in 0..10 {
            prop_assert!(f.forecast[i].is_finite() && f.lower[i].is_finite() && f.upper[i].is_finite(), "{:?}", f);
            prop_assert!(f.lower[i] <= f.forecast[i] + 1e-9 && f.forecast[i] <= f.upper[i] + 1e-9, "{:?}", f);
        }
    }
}

/// Lines shaped like what Tesseract makes of an invoice: labels, digits in groups, units in
/// either script, table rules, apostrophes.
fn invoice_line() -> impl Strategy<Value = String> {
    prop::string::string_regex(
        "(STIR|ИНН|Jami|Итого|QQS|Sana|№|HISOB-FAKTURA|x|dona|кг|шт|qop|[0-9]{1,4}|[0-9]{3}[.,][0-9]{2}|[|:()%‘ʻ'A-Za-zА-Яа-я]{1,6}| ){0,14}",
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// The text-to-draft parser (the `scans` fuzz target's properties, on stable).
    #[test]
    fn invoice_text_never_panics_and_stays_in_bounds(
        lines in prop::collection::vec((prop_oneof![invoice_line(), any::<String>()], any::<u8>()), 0..40),
    ) {
        use savdo::domain::scans::{engine, extract, qr};
        let typed: Vec<extract::TextLine> =
            lines.iter().map(|(text, c)| extract::TextLine { text: text.clone(), confidence: *c }).collect();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let draft = extract::draft(&typed, today);
        prop_assert!(draft.items.len() <= extract::MAX_ITEMS);
        for item in &draft.items {
            prop_assert!((0..=Money::MAX.0).contains(&item.amount.value.0));
            prop_assert!((0..=Money::MAX.0).contains(&item.unit_price.value.0));
            prop_assert!((1..=Qty::MAX.0).contains(&item.quantity.value.0));
        }
        let joined: String = lines.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join("\t");
        let _ = engine::lines_of_tsv(&joined);
        let _ = qr::fiscal_link(&joined);
    }
}
