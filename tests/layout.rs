//! The code's shape (issue #13): in every area of `src/`, no file imports from a file that
//! imports it back, a parent module and its children included, and no source file outside
//! the tests is over 600 lines. Read from the sources, outside `#[cfg(test)]` modules.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The areas this test holds to the rule: all of `src/`.
const CHECKED: [&str; 8] = [
    "format", "model", "store", "ops", "cli", "tui", "filter", "malloc",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("src entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/format/markdown/read.rs` is `format::markdown::read`; a `mod.rs` is its folder.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file
        .strip_prefix(src)
        .expect("under src")
        .with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into()).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The shipped code: cut at the first `#[cfg(test)]` module, comments dropped.
fn shipped(text: &str) -> String {
    let mut end = text.len();
    for (at, _) in text.match_indices("#[cfg(test)]") {
        let next = text[at + 12..].trim_start();
        if next.starts_with("mod ") || next.starts_with("pub(crate) mod ") {
            end = at;
            break;
        }
    }
    text[..end]
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident(s: &str) -> (&str, &str) {
    let n = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (&s[..n], &s[n..])
}

/// Every path written from `crate::`, `super::` or `self::`, a `{ … }` group spelled out.
fn paths(code: &str) -> Vec<Vec<String>> {
    fn read(mut s: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        let mut path = prefix;
        loop {
            let (id, rest) = ident(s);
            if !id.is_empty() {
                path.push(id.to_string());
            }
            if let Some(after) = rest.strip_prefix("::") {
                let after = after.trim_start();
                if let Some(group) = after.strip_prefix('{') {
                    let mut depth = 0;
                    let mut start = 0;
                    for (i, c) in group.char_indices() {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => {
                                read(group[start..i].trim(), path.clone(), out);
                                return;
                            }
                            '}' => depth -= 1,
                            ',' if depth == 0 => {
                                read(group[start..i].trim(), path.clone(), out);
                                start = i + 1;
                            }
                            _ => {}
                        }
                    }
                    return;
                }
                s = after;
            } else {
                out.push(path);
                return;
            }
        }
    }
    let mut out = Vec::new();
    for key in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(key) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            read(&code[at..], Vec::new(), &mut out);
        }
    }
    out
}

/// Which files each file imports from, by module path.
fn imports(src: &Path) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(src, f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let me = module_of(src, file);
        let text = fs::read_to_string(file).expect("source is UTF-8");
        let mut uses = BTreeSet::new();
        for path in paths(&shipped(&text)) {
            let mut at: Vec<String> = me.clone();
            let mut rest = path.as_slice();
            match rest.first().map(String::as_str) {
                Some("crate") => {
                    at.clear();
                    rest = &rest[1..];
                }
                _ => {
                    while let Some(first) = rest.first() {
                        match first.as_str() {
                            "super" => {
                                at.pop();
                            }
                            "self" => {}
                            _ => break,
                        }
                        rest = &rest[1..];
                    }
                }
            }
            at.extend(rest.iter().filter(|s| *s != "self").cloned());
            while !at.is_empty() && !modules.contains(&at) {
                at.pop();
            }
            if !at.is_empty() && at != me {
                uses.insert(at);
            }
        }
        // A child module named bare (`digest::parse` in `format/mod.rs`).
        let code = shipped(&text);
        for child in modules
            .iter()
            .filter(|m| m.len() == me.len() + 1 && m.starts_with(&me))
        {
            let name = format!("{}::", child[me.len()]);
            let named = code.match_indices(&name).any(|(at, _)| {
                let before = code[..at].chars().next_back();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            });
            if named {
                uses.insert(child.clone());
            }
        }
        graph.insert(me, uses);
    }
    graph
}

/// The first circle through a checked module, as the files in it.
fn circle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    fn walk(
        at: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        trail: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<String>> {
        if let Some(i) = trail.iter().position(|m| m == at) {
            return Some(
                trail[i..]
                    .iter()
                    .chain([at])
                    .map(|m| m.join("::"))
                    .collect(),
            );
        }
        if !done.insert(at.clone()) {
            return None;
        }
        trail.push(at.clone());
        for next in graph.get(at).into_iter().flatten() {
            if let Some(c) = walk(next, graph, trail, done) {
                return Some(c);
            }
        }
        trail.pop();
        None
    }
    let checked = |m: &str| CHECKED.contains(&m.split("::").next().unwrap_or(""));
    graph
        .keys()
        .filter(|m| checked(&m.join("::")))
        .filter_map(|m| walk(m, graph, &mut Vec::new(), &mut BTreeSet::new()))
        .find(|c| c.iter().any(|m| checked(m)))
}

#[test]
fn no_file_imports_from_a_file_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = imports(&src);
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(
        edges > 50,
        "the imports were read: {edges} in {} files",
        graph.len()
    );
    if let Some(c) = circle(&graph) {
        panic!("an import circle: {}", c.join(" -> "));
    }
}

#[test]
fn no_source_file_is_over_600_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        let area = module.first().map(String::as_str).unwrap_or("");
        let test_code = module.iter().any(|m| m == "tests" || m.ends_with("_tests"));
        if !CHECKED.contains(&area) || test_code {
            continue;
        }
        let lines = fs::read_to_string(file)
            .expect("source is UTF-8")
            .lines()
            .count();
        if lines > 600 {
            long.push(format!("{} ({lines} lines)", file.display()));
        }
    }
    assert!(long.is_empty(), "split by idea: {}", long.join(", "));
}
