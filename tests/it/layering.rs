//! The layering of `src/`: a module imports only itself and the layers before it.
//!
//! The order is the numbered list between the `<!-- layers -->` markers in ARCHITECTURE.md, read from there
//! so the document and this test cannot drift. Each `src/**/*.rs` belongs to its top-level module
//! (`src/model/span.rs` → `model`, `src/record.rs` → `record`); `src/lib.rs` is exempt, and `src/main.rs` and
//! `src/cli.rs` are the binary, which may use anything through `claimscan::`. An import is any `crate::X`
//! path in code, grouped ones included (`use crate::{a::B, c}`), and a `crate::Name` that `lib.rs`
//! re-exports counts as the module it comes from. Lines whose trimmed start is `//` (comments, doc comments
//! and their doctests) are skipped. `super::` paths are not followed: they stay inside a module unless they
//! climb twice, and none does.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::manifest_dir;

const BEGIN: &str = "<!-- layers -->";
const END: &str = "<!-- /layers -->";

/// The layers in order: the first backticked name of each numbered item between the markers
/// (`` 3. `document/` — … `` → `document`).
fn layers() -> Vec<String> {
    let doc = fs::read_to_string(manifest_dir().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let start = doc
        .find(BEGIN)
        .expect("ARCHITECTURE.md marks its layer list with <!-- layers -->");
    let end = doc[start..]
        .find(END)
        .expect("and ends it with <!-- /layers -->")
        + start;
    let layers: Vec<String> = doc[start..end]
        .lines()
        .filter_map(|line| {
            let (number, rest) = line.trim_start().split_once(". ")?;
            if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let name = rest.split('`').nth(1)?;
            Some(
                name.trim_end_matches('/')
                    .trim_end_matches(".rs")
                    .to_string(),
            )
        })
        .collect();
    assert!(
        layers.len() >= 5,
        "too few layers read from ARCHITECTURE.md: {layers:?}"
    );
    layers
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// What a file of `src/` belongs to.
enum Owner {
    /// `lib.rs`: declares and re-exports, may name anything.
    Root,
    /// `main.rs`, `cli.rs`: the binary, a crate of its own over `claimscan::`.
    Binary,
    /// A top-level module of the library.
    Module(String),
}

fn owner(relative: &Path) -> Owner {
    let first = relative.iter().next().unwrap().to_str().unwrap();
    match first {
        "lib.rs" => Owner::Root,
        "main.rs" | "cli.rs" => Owner::Binary,
        _ => Owner::Module(first.trim_end_matches(".rs").to_string()),
    }
}

/// The file's text with comment lines blanked, so byte offsets still give line numbers.
fn code(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn ident_at(s: &str) -> &str {
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    &s[..end]
}

/// Every `crate::X` in `code`: the first segment after `crate::` and its 1-based line. A group
/// (`crate::{a::B, c}`) gives each of its items.
fn crate_paths(code: &str) -> Vec<(String, usize)> {
    let line_of = |offset: usize| code[..offset].matches('\n').count() + 1;
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| is_ident(c) || c == '$')
        {
            continue;
        }
        let after = at + "crate::".len();
        let rest = &code[after..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && is_ident(c) => {
                        let offset = after + 1 + i;
                        found.push((ident_at(&code[offset..]).to_string(), line_of(offset)));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident_at(rest);
            if !name.is_empty() {
                found.push((name.to_string(), line_of(after)));
            }
        }
    }
    found
}

/// The names `lib.rs` re-exports, each with the module it comes from (`pub use document::{Document, …}`).
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in code(lib).split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module = ident_at(path).to_string();
        let leaves = match path.split_once('{') {
            Some((_, group)) => group.trim_end_matches('}').to_string(),
            None => path.rsplit("::").next().unwrap().to_string(),
        };
        for leaf in leaves.split(',') {
            let leaf = leaf.trim();
            let name = leaf
                .rsplit(" as ")
                .next()
                .unwrap()
                .rsplit("::")
                .next()
                .unwrap()
                .trim();
            if !name.is_empty() {
                names.insert(name.to_string(), module.clone());
            }
        }
    }
    names
}

#[test]
fn modules_import_only_earlier_layers() {
    let layers = layers();
    let layer_of = |m: &str| layers.iter().position(|l| l == m).map(|i| i + 1);
    let src = manifest_dir().join("src");
    let reexported = reexports(&fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "only {} files under src/", files.len());

    let mut problems = Vec::new();
    for path in &files {
        let relative = path.strip_prefix(manifest_dir()).unwrap();
        let shown = relative.display();
        let Owner::Module(module) = owner(path.strip_prefix(&src).unwrap()) else {
            continue;
        };
        let Some(own) = layer_of(&module) else {
            problems.push(format!(
                "{shown}: module `{module}` is not in the layer list of ARCHITECTURE.md"
            ));
            continue;
        };
        let text = fs::read_to_string(path).unwrap();
        for (name, line) in crate_paths(&code(&text)) {
            let target = match layer_of(&name) {
                Some(_) => name.clone(),
                None => {
                    if let Some(m) = reexported.get(&name) {
                        m.clone()
                    } else {
                        problems.push(format!(
                        "{shown}:{line} names crate::{name}, which is neither a layer nor a re-export of lib.rs"
                    ));
                        continue;
                    }
                }
            };
            let theirs = layer_of(&target).expect("re-exports come from layers");
            if target == "tools" && module != "tools" {
                problems.push(format!(
                    "{shown}:{line} imports crate::{name} (layer {theirs}) from layer {own}: nothing outside tools/ imports tools"
                ));
            } else if theirs > own {
                problems.push(format!(
                    "{shown}:{line} imports crate::{name} (layer {theirs}) from layer {own}"
                ));
            }
        }
    }
    let legend: Vec<String> = layers
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} {l}", i + 1))
        .collect();
    assert!(
        problems.is_empty(),
        "{} import(s) against the layers of ARCHITECTURE.md ({}):\n{}",
        problems.len(),
        legend.join(", "),
        problems.join("\n")
    );
}

/// Every top-level module of `src/` has a place in the list, and the list names no module that is gone.
#[test]
fn the_layer_list_names_every_module() {
    let layers = layers();
    let mut modules: Vec<String> = fs::read_dir(manifest_dir().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !matches!(n.as_str(), "lib.rs" | "main.rs" | "cli.rs"))
        .map(|n| n.trim_end_matches(".rs").to_string())
        .collect();
    modules.sort();
    // `output.rs` with its submodules in `output/` is one module.
    modules.dedup();
    let mut listed = layers.clone();
    listed.sort();
    assert_eq!(
        listed, modules,
        "the layers of ARCHITECTURE.md against src/"
    );
}

#[test]
fn import_paths_are_read_from_code_only() {
    let text = "use crate::model::span::Span;\n//! use crate::tools::x;\nuse crate::{\n    text::View,\n    rules::{Lexicon, RuleSet},\n};\nlet n = crate::document::hex(b);\nmacro_rules! m { () => { $crate::tools::x } }\npub(crate) fn f() {}\n";
    assert_eq!(
        crate_paths(&code(text)),
        [
            ("model".to_string(), 1),
            ("text".to_string(), 4),
            ("rules".to_string(), 5),
            ("document".to_string(), 7),
        ]
    );
    let lib = "pub use document::{DateSource, Document};\npub use model::span::Span;\npub use pipeline::{\n    Analysis, Extractor,\n};\n";
    let names = reexports(lib);
    assert_eq!(names["Document"], "document");
    assert_eq!(names["Span"], "model");
    assert_eq!(names["Extractor"], "pipeline");
}
