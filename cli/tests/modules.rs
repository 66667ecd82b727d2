//! The CLI's modules import one way only: no module imports another that imports it back
//! (directly or through others), and no source file is over 600 lines. Reads `cli/src`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a failure is the test failing
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, with its module path (`main.rs` is `crate`).
fn modules(root: &Path, dir: &Path, out: &mut BTreeMap<String, PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            modules(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "main") {
                parts.pop();
            }
            let name = if parts.is_empty() {
                "crate".to_string()
            } else {
                parts.join("::")
            };
            out.insert(name, path);
        }
    }
}

fn ident_path(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The longest known module that `path` (`a::b::Item`) names.
fn resolve(path: &str, known: &BTreeMap<String, PathBuf>) -> Option<String> {
    let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    (1..=segments.len())
        .rev()
        .map(|n| segments[..n].join("::"))
        .find(|m| known.contains_key(m))
}

/// The modules that module `me` refers to: `crate::…` paths (with one level of `{…}` groups),
/// `super::…`, and `use child::…` of its own child modules.
fn imports(me: &str, text: &str, known: &BTreeMap<String, PathBuf>) -> BTreeSet<String> {
    let mut paths = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let head = ident_path(rest);
        let after = &rest[head.len()..];
        if head.ends_with("::") && after.starts_with('{') {
            let group = &after[1..after.find('}').unwrap_or(after.len())];
            for item in group.split(',') {
                paths.push(format!("{head}{}", ident_path(item.trim())));
            }
        } else {
            paths.push(head.to_string());
        }
    }
    let parent = me.rsplit_once("::").map_or("", |(p, _)| p);
    for (i, _) in text.match_indices("super::") {
        let rest = ident_path(&text[i + "super::".len()..]);
        paths.push(if parent.is_empty() {
            rest.to_string()
        } else {
            format!("{parent}::{rest}")
        });
    }
    for line in text.lines() {
        if let Some(rest) = line.trim().strip_prefix("use ") {
            let rest = rest.trim_start_matches("pub ");
            let prefix = if me == "crate" {
                String::new()
            } else {
                format!("{me}::")
            };
            let first = ident_path(rest).split("::").next().unwrap_or("");
            if known.contains_key(&format!("{prefix}{first}")) {
                paths.push(format!("{prefix}{}", ident_path(rest)));
            }
        }
    }
    paths
        .iter()
        .filter_map(|p| resolve(p, known))
        .filter(|m| m != me)
        .collect()
}

#[test]
fn cli_modules_import_one_way_and_stay_small() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut known = BTreeMap::new();
    modules(&root, &root, &mut known);
    assert!(known.contains_key("commands::journal"), "{known:?}");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, path) in &known {
        let text = std::fs::read_to_string(path).unwrap();
        let lines = text.lines().count();
        assert!(lines <= 600, "{} has {lines} lines", path.display());
        graph.insert(name.clone(), imports(name, &text, &known));
    }
    assert!(graph["commands::team"].contains("output"), "{graph:#?}");
    assert!(graph["commands::appraisal"].contains("commands::appraisal::fields"));
    // A depth-first search from every module: reaching a module on the current path is a circle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == m) {
            panic!("import circle: {} -> {m}", path[i..].join(" -> "));
        }
        if done.contains(m) {
            return;
        }
        path.push(m.to_string());
        for next in &graph[m] {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}
