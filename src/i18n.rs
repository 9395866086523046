//! Translations: Fluent bundles embedded in the binary, the language picked from the system with an
//! en-US fallback, and the `t!` macro that every visible string goes through.

use std::cell::RefCell;
use std::rc::Rc;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use unic_langid::LanguageIdentifier;

/// The source language; also the fallback for any key a translation lacks.
pub const FALLBACK: &str = "en-US";

/// Every locale with its `.ftl` files (one per area of the app).
pub const LOCALES: &[(&str, &[(&str, &str)])] = &[
    (
        "en-US",
        &[
            ("common", include_str!("../locales/en-US/common.ftl")),
            ("admin", include_str!("../locales/en-US/admin.ftl")),
            ("personnel", include_str!("../locales/en-US/personnel.ftl")),
        ],
    ),
    (
        "es-ES",
        &[
            ("common", include_str!("../locales/es-ES/common.ftl")),
            ("admin", include_str!("../locales/es-ES/admin.ftl")),
            ("personnel", include_str!("../locales/es-ES/personnel.ftl")),
        ],
    ),
];

/// The bundles for one language, best first (the chosen language, then en-US).
pub struct Translations {
    lang: &'static str,
    bundles: Vec<FluentBundle<FluentResource>>,
}

impl Translations {
    pub fn new(lang: &'static str) -> Self {
        let mut chain = vec![lang];
        if lang != FALLBACK {
            chain.push(FALLBACK);
        }
        let bundles = chain.into_iter().map(bundle).collect();
        Self { lang, bundles }
    }

    pub fn lang(&self) -> &'static str {
        self.lang
    }

    /// The message `key` with `args`; the key itself when no locale has it (visible, never a panic).
    pub fn format(&self, key: &str, args: &[(&str, String)]) -> String {
        let fargs = (!args.is_empty()).then(|| {
            let mut a = FluentArgs::new();
            for (name, value) in args {
                // Whole numbers as numbers, so plural variants (`[one]`) are chosen by them; anything else
                // (an ID with leading zeros, a name) as text.
                match value.parse::<i64>() {
                    Ok(n) if n.to_string() == *value => a.set(*name, n),
                    _ => a.set(*name, value.clone()),
                }
            }
            a
        });
        for b in &self.bundles {
            if let Some(pattern) = b.get_message(key).and_then(|m| m.value()) {
                let mut errors = vec![];
                return b
                    .format_pattern(pattern, fargs.as_ref(), &mut errors)
                    .into_owned();
            }
        }
        key.to_string()
    }
}

fn bundle(lang: &'static str) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = lang.parse().expect("locale ids in LOCALES are valid");
    let mut bundle = FluentBundle::new(vec![id]);
    // Isolation marks would end up inside ids, numbers and commands the user copies.
    bundle.set_use_isolating(false);
    let files = LOCALES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, f)| *f)
        .unwrap_or_default();
    for (_, source) in files {
        let resource =
            FluentResource::try_new((*source).to_string()).unwrap_or_else(|(res, _errors)| res);
        // Duplicate ids across files are a bug the parity test catches; keep the first.
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// Picks the supported locale for a BCP 47 tag like `es-MX` or `en_GB.UTF-8`.
pub fn negotiate(tag: &str) -> &'static str {
    let primary = tag
        .split(['-', '_', '.'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    LOCALES
        .iter()
        .map(|(l, _)| *l)
        .find(|l| l.split('-').next() == Some(primary.as_str()))
        .unwrap_or(FALLBACK)
}

/// The system's language tag (web: `navigator.language`; native: the OS locale).
pub fn system_language() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.navigator().language())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        sys_locale::get_locale()
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Translations>>> = const { RefCell::new(None) };
}

/// Uses the system language (called once at start).
pub fn init_from_system() {
    let lang = negotiate(&system_language().unwrap_or_default());
    set_language(lang);
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang);
    }
}

pub fn set_language(lang: &str) {
    let lang = negotiate(lang);
    CURRENT.with(|c| *c.borrow_mut() = Some(Rc::new(Translations::new(lang))));
}

fn current() -> Rc<Translations> {
    CURRENT.with(|c| {
        c.borrow_mut()
            .get_or_insert_with(|| Rc::new(Translations::new(FALLBACK)))
            .clone()
    })
}

/// The current language.
pub fn language() -> &'static str {
    current().lang()
}

/// Translates `key` with `args` in the current language.
pub fn tr(key: &str, args: &[(&str, String)]) -> String {
    current().format(key, args)
}

/// Translates a text decided by `cvm-core`.
pub fn text(t: &cvm_core::Text) -> String {
    tr(t.key, &t.args)
}

/// `t!("key")` or `t!("key", name = value, ...)`: the translated string.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::tr($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr($key, &[$((stringify!($name), ($value).to_string())),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_languages() {
        assert_eq!(negotiate("es-MX"), "es-ES");
        assert_eq!(negotiate("es_ES.UTF-8"), "es-ES");
        assert_eq!(negotiate("en-GB"), "en-US");
        assert_eq!(negotiate("fr-FR"), "en-US");
        assert_eq!(negotiate(""), "en-US");
    }

    #[test]
    fn formats_with_arguments_and_falls_back() {
        let es = Translations::new("es-ES");
        assert_eq!(es.format("no-such-key", &[]), "no-such-key");
        let en = Translations::new("en-US");
        let s = en.format("error-app-login-disabled-help", &[("id", "1001".into())]);
        assert!(s.contains("cvlink app-login enable 1001"), "{s}");
        // Numbers choose plural variants; text that looks like a number keeps its digits.
        assert_eq!(
            en.format("vis-people", &[("count", "1".into())]),
            "1 person"
        );
        assert_eq!(
            en.format("vis-people", &[("count", "3".into())]),
            "3 people"
        );
        assert_eq!(
            en.format("vis-host", &[("host", "0012".into())]),
            "Visiting 0012"
        );
    }
}
