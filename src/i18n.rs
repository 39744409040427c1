//! Every user-facing string comes from `locales/{uz,ru,en}.ftl` (Fluent). The files are
//! compiled into the binary, so it runs from any directory.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Uzbek in Latin script, the default.
    #[default]
    Uz,
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Uz, Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Uz => "uz",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_lowercase();
        Lang::ALL.into_iter().find(|l| code == l.code() || code.starts_with(&format!("{}-", l.code())))
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Uz => include_str!("../locales/uz.ftl"),
            Lang::Ru => include_str!("../locales/ru.ftl"),
            Lang::En => include_str!("../locales/en.ftl"),
        }
    }
}

struct Bundles([FluentBundle<FluentResource>; 3]);

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| Bundles(Lang::ALL.map(build_bundle)));

fn build_bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(lang.source().to_string())
        .unwrap_or_else(|(_, errors)| panic!("locales/{}.ftl does not parse: {errors:?}", lang.code()));
    let langid = lang.code().parse().expect("language id");
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Without this Fluent wraps every argument in invisible isolation marks.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).expect("no duplicate message ids");
    bundle
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    &BUNDLES.0[lang as usize]
}

/// The text of `key` in `lang`. A missing key shows as the key itself (and a test fails).
pub fn t(lang: Lang, key: &str) -> String {
    t_args(lang, key, &[])
}

pub fn t_args(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        tracing::error!(key, lang = lang.code(), "missing message");
        return key.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::error!(key, lang = lang.code(), ?errors, "message formatting failed");
    }
    text.into_owned()
}

/// `tr!(lang, "key")` or `tr!(lang, "key", name = value, …)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:expr) => {
        $crate::i18n::t($lang, $key)
    };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::t_args($lang, $key, &[$((stringify!($name), ::fluent_bundle::FluentValue::from($value))),+])
    };
}

/// Every message id in a locale (for the completeness test).
pub fn message_ids(lang: Lang) -> BTreeSet<String> {
    let resource = FluentResource::try_new(lang.source().to_string()).expect("parses");
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// The raw text of a locale file (for tests of spelling rules).
pub fn source(lang: Lang) -> &'static str {
    lang.source()
}
