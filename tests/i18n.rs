//! Locale files: every key in every language, every key the code uses exists, and Uzbek is
//! spelled with the proper letters.

use std::collections::BTreeSet;
use std::path::Path;

use regex::Regex;
use savdo::domain::calendar::Period;
use savdo::domain::catalog::UNITS;
use savdo::domain::sales::{Payment, SaleType};
use savdo::i18n::{message_ids, source, t, Lang};

#[test]
fn every_locale_has_the_same_keys() {
    let uz = message_ids(Lang::Uz);
    assert!(uz.len() > 50, "uz.ftl looks empty");
    for lang in [Lang::Ru, Lang::En] {
        let other = message_ids(lang);
        let missing: Vec<_> = uz.difference(&other).collect();
        let extra: Vec<_> = other.difference(&uz).collect();
        assert!(missing.is_empty(), "{}.ftl lacks {missing:?}", lang.code());
        assert!(extra.is_empty(), "{}.ftl has keys uz.ftl lacks: {extra:?}", lang.code());
    }
}

/// Every string literal in src/ shaped like a message id (`word-word`) must be a message.
#[test]
fn every_key_the_code_uses_exists() {
    let shape = Regex::new(r#""([a-z]+(?:-[a-z0-9]+)+)""#).unwrap();
    // Codes that look like keys: export kinds (also in payloads and URLs) and a few names.
    let not_keys: BTreeSet<&str> = ["console-files", "savdo-sans", "savdo-minute", "kebab-case"]
        .into_iter()
        .chain(savdo::domain::exports::Kind::ALL.iter().map(|k| k.code()))
        .collect();
    let known = message_ids(Lang::Uz);
    let mut used = BTreeSet::new();
    visit(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut |text| {
        for cap in shape.captures_iter(text) {
            used.insert(cap[1].to_string());
        }
    });
    let missing: Vec<_> = used.iter().filter(|k| !known.contains(*k) && !not_keys.contains(k.as_str())).collect();
    assert!(missing.is_empty(), "keys used in src/ but missing from locales: {missing:?}");
    assert!(used.len() > 40, "the scan found too few keys: {used:?}");
    // Keys built at run time from a code.
    for unit in UNITS {
        assert!(known.contains(&format!("unit-{unit}")), "unit-{unit}");
    }
    for payment in Payment::ALL {
        assert!(known.contains(&format!("pay-{}", payment.as_str())), "pay-{}", payment.as_str());
    }
    for kind in SaleType::ALL {
        assert!(known.contains(&format!("type-{}", kind.as_str())), "type-{}", kind.as_str());
    }
    for (code, _) in savdo::domain::ledger::CHART {
        assert!(known.contains(&format!("account-{code}")), "account-{code}");
    }
    for kind in [
        "sale",
        "return",
        "supplier_payment",
        "customer_payment",
        "expense",
        "shift_open",
        "shift_close",
        "cash_in",
        "cash_out",
        "reversal",
    ] {
        assert!(known.contains(&format!("cf-{kind}")), "cf-{kind}");
    }
    for kind in savdo::reports::statements::Kind::ALL {
        assert!(known.contains(kind.title_key()));
    }
    for period in Period::BUTTONS.into_iter().chain([Period::Range(Default::default(), Default::default())]) {
        assert!(known.contains(period.label_key()));
    }
    // Every export's title and column header.
    for kind in savdo::domain::exports::Kind::ALL {
        assert!(known.contains(&format!("export-{}", kind.code())), "export-{}", kind.code());
        for (key, _) in kind.columns() {
            assert!(known.contains(*key), "{key}");
        }
    }
    // The activity log names each kind of change and of record.
    for change in savdo::domain::audit::Change::ALL {
        assert!(known.contains(&change.label_key()), "{}", change.label_key());
    }
    for entity in savdo::domain::audit::Entity::ALL {
        let key = format!("audit-entity-{}", entity.as_str().replace('_', "-"));
        assert!(known.contains(&key), "{key}");
    }
}

fn visit(dir: &Path, f: &mut impl FnMut(&str)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            f(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn uzbek_uses_one_proper_apostrophe() {
    let text = source(Lang::Uz);
    for (i, line) in text.lines().enumerate() {
        assert!(!line.contains('\''), "uz.ftl:{}: ASCII apostrophe in {line}", i + 1);
        assert!(!line.contains('\u{02BB}') && !line.contains('`'), "uz.ftl:{}: use ‘ (U+2018) only: {line}", i + 1);
    }
    assert!(text.contains("o‘") && text.contains("g‘"));
    assert_eq!(t(Lang::Uz, "currency-uzs"), "so‘m");
}

#[test]
fn arguments_are_not_wrapped_in_isolation_marks() {
    let text = savdo::tr!(Lang::Ru, "branch-added", name = "Chilonzor");
    assert_eq!(text, "✅ Филиал «Chilonzor» добавлен.");
    assert!(!text.contains('\u{2068}'));
}

#[test]
fn a_missing_key_is_visible_not_a_crash() {
    assert_eq!(t(Lang::En, "no-such-key"), "no-such-key");
}
