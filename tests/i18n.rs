//! Translation parity: every locale parses, has the same keys with the same arguments, and every key the
//! app or the core refers to exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use cvmobile::i18n::{FALLBACK, LOCALES};
use fluent_bundle::FluentResource;

/// Message id → the `$arguments` its value uses.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for line in source.lines() {
        if line.starts_with([' ', '#', '\t']) || line.trim().is_empty() {
            continue;
        }
        let Some((id, value)) = line.split_once('=') else {
            continue;
        };
        let args = value
            .split('$')
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect::<String>()
            })
            .collect();
        let previous = out.insert(id.trim().to_string(), args);
        assert!(previous.is_none(), "duplicate id {}", id.trim());
    }
    out
}

fn locale_messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let files = LOCALES.iter().find(|(l, _)| *l == lang).unwrap().1;
    let mut all = BTreeMap::new();
    for (name, source) in files {
        if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
            panic!("{lang}/{name}.ftl does not parse: {errors:?}");
        }
        for (id, args) in messages(source) {
            assert!(
                all.insert(id.clone(), args).is_none(),
                "{lang}: {id} is defined in more than one file"
            );
        }
    }
    all
}

#[test]
fn every_locale_has_the_same_keys_and_arguments() {
    let source = locale_messages(FALLBACK);
    assert!(
        source.len() > 50,
        "parsed too few messages: {}",
        source.len()
    );
    for (lang, _) in LOCALES {
        let other = locale_messages(lang);
        let missing: Vec<_> = source.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !source.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has keys en-US lacks: {extra:?}");
        for (id, args) in &source {
            assert_eq!(&other[id], args, "{lang}: {id} uses other arguments");
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals right after each `needle` (a whole word) in `text`, comments skipped.
fn literals_after<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .flat_map(|line| {
            line.match_indices(needle).filter_map(move |(i, _)| {
                let before = line[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '!') {
                    return None;
                }
                let rest = &line[i + needle.len()..];
                rest.find('"').map(|end| &rest[..end])
            })
        })
        .collect()
}

#[test]
fn every_key_used_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let known = locale_messages(FALLBACK);
    let mut used = BTreeSet::new();
    let mut files = vec![];
    rust_files(&root.join("src"), &mut files);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for needle in ["t!(\"", "tr(\""] {
            used.extend(literals_after(&text, needle).into_iter().map(String::from));
        }
    }
    let core_keys = std::fs::read_to_string(root.join("crates/core/src/message.rs")).unwrap();
    let from_core = literals_after(&core_keys, "&str = \"");
    assert!(from_core.len() > 40, "found too few core keys");
    used.extend(from_core.into_iter().map(String::from));
    assert!(used.len() > 60, "found too few keys: {}", used.len());
    let missing: Vec<_> = used.iter().filter(|k| !known.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used but not in en-US: {missing:?}"
    );
}

#[test]
fn spanish_is_picked_for_spanish_systems() {
    cvmobile::i18n::set_language("es-AR");
    assert_eq!(cvmobile::i18n::language(), "es-ES");
    assert_eq!(cvmobile::i18n::tr("nav-me", &[]), "Yo");
    cvmobile::i18n::set_language("en-US");
    assert_eq!(cvmobile::i18n::tr("nav-me", &[]), "Me");
}
