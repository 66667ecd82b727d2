//! The shape ARCHITECTURE.md promises, checked on the source: no module imports another that
//! imports it back (in every crate), front ends never reach into core's storage, and the domain
//! modules hold no SQL.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file below `dir`, with its path relative to `dir`.
fn rust_files(dir: &Path) -> Vec<(PathBuf, String)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((p.strip_prefix(base).unwrap().to_path_buf(), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The module path of a source file relative to its crate's `src/` (`lib.rs`/`main.rs` → "",
/// `storage/mod.rs` → "storage", `storage/hr.rs` → "storage::hr").
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// Strip `//` comments (doc comments included) so prose that names a path is not an import.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `use a::{b, c::{d, e}};` → "a::b a::c::d a::c::e" (each path once, spaces between), so that
/// grouped imports are read like single ones.
fn expand_uses(code: &str) -> String {
    fn tree(s: &str, prefix: &str, out: &mut Vec<String>) {
        // Split `s` at top-level commas.
        let mut depth = 0;
        let mut start = 0;
        let bytes: Vec<char> = s.chars().collect();
        let mut items = Vec::new();
        for (k, c) in bytes.iter().enumerate() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(bytes[start..k].iter().collect::<String>());
                    start = k + 1;
                }
                _ => {}
            }
        }
        items.push(bytes[start..].iter().collect::<String>());
        for item in items {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            match item.find('{') {
                Some(open) => {
                    let head = item[..open].trim().trim_end_matches("::");
                    let inner = item[open + 1..].trim_end().trim_end_matches('}');
                    tree(inner, &join(prefix, head), out);
                }
                None => {
                    let path = item.split(" as ").next().unwrap_or(item).trim();
                    out.push(join(prefix, path));
                }
            }
        }
    }
    fn join(a: &str, b: &str) -> String {
        match (a.is_empty(), b.is_empty()) {
            (true, _) => b.to_string(),
            (_, true) => a.to_string(),
            _ => format!("{a}::{b}"),
        }
    }
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let word_start = at == 0 || !is_ident(rest[..at].chars().last().unwrap_or(' '));
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        let Some(end) = after.find(';').filter(|_| word_start) else {
            out.push_str("use ");
            rest = after;
            continue;
        };
        let mut paths = Vec::new();
        let stmt = after[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        tree(&stmt, "", &mut paths);
        out.push_str(&paths.join(" "));
        out.push(';');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The module paths a file refers to: `crate::a::b`, `super::x`, `self::x`, and `use child::…`
/// for the file's own child modules; each resolved to the longest module that exists.
fn references(module: &str, text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let code = expand_uses(&code_only(text));
    let segs = |m: &str| -> Vec<String> {
        if m.is_empty() {
            Vec::new()
        } else {
            m.split("::").map(str::to_string).collect()
        }
    };
    let mut out = BTreeSet::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_ident(chars[i]) || (i > 0 && (is_ident(chars[i - 1]) || chars[i - 1] == ':')) {
            i += 1;
            continue;
        }
        // Read a path a::b::c starting here.
        let mut path = Vec::new();
        let mut j = i;
        loop {
            let start = j;
            while j < chars.len() && is_ident(chars[j]) {
                j += 1;
            }
            if start == j {
                break;
            }
            path.push(chars[start..j].iter().collect::<String>());
            if j + 1 < chars.len() && chars[j] == ':' && chars[j + 1] == ':' {
                j += 2;
            } else {
                break;
            }
        }
        i = j.max(i + 1);
        if path.len() < 2 {
            continue;
        }
        let mut base = match path[0].as_str() {
            "crate" => Vec::new(),
            "super" => {
                let mut b = segs(module);
                b.pop();
                b
            }
            "self" => segs(module),
            first => {
                let mut child = segs(module);
                child.push(first.to_string());
                if !modules.contains(&child.join("::")) {
                    continue;
                }
                child.pop();
                child
            }
        };
        let rest = if matches!(path[0].as_str(), "crate" | "super" | "self") {
            &path[1..]
        } else {
            &path[..]
        };
        let mut best = None;
        for s in rest {
            if s == "super" {
                base.pop();
                continue;
            }
            base.push(s.clone());
            let m = base.join("::");
            if modules.contains(&m) {
                best = Some(m);
            } else {
                break;
            }
        }
        if let Some(m) = best {
            out.insert(m);
        }
    }
    out
}

fn is_ancestor(a: &str, b: &str) -> bool {
    a.is_empty() || b.starts_with(&format!("{a}::"))
}

/// Groups of modules that import each other, directly or round a longer circle. A module and its
/// own ancestors are not counted (a parent is the child's namespace).
fn circles(files: &[(PathBuf, String)]) -> Vec<Vec<String>> {
    let modules: BTreeSet<String> = files.iter().map(|(p, _)| module_of(p)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (p, text) in files {
        let m = module_of(p);
        let refs: BTreeSet<String> = references(&m, text, &modules)
            .into_iter()
            .filter(|r| *r != m && !is_ancestor(r, &m) && !is_ancestor(&m, r))
            .collect();
        edges.entry(m).or_default().extend(refs);
    }
    // Tarjan's strongly connected components.
    struct T<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on: BTreeSet<String>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit(t: &mut T<'_>, v: &str) {
        t.index.insert(v.to_string(), t.next);
        t.low.insert(v.to_string(), t.next);
        t.next += 1;
        t.stack.push(v.to_string());
        t.on.insert(v.to_string());
        let targets: Vec<String> = t.edges.get(v).into_iter().flatten().cloned().collect();
        for w in targets {
            if !t.index.contains_key(&w) {
                visit(t, &w);
                let lw = t.low[&w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(&w) {
                let iw = t.index[&w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut group = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(&w);
                let done = w == v;
                group.push(w);
                if done {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                t.out.push(group);
            }
        }
    }
    let mut t = T {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    let all: Vec<String> = edges.keys().cloned().collect();
    for v in all {
        if !t.index.contains_key(&v) {
            visit(&mut t, &v);
        }
    }
    t.out
}

/// The crates of the workspace whose modules are checked.
const CRATES: &[&str] = &[
    "core/src",
    "pdf/src",
    "cli/src",
    "src-tauri/src",
    "tests/src",
];

#[test]
fn no_module_imports_another_that_imports_it_back() {
    let mut checked = 0;
    for krate in CRATES {
        let files = rust_files(&root().join(krate));
        if files.is_empty() {
            continue;
        }
        checked += files.len();
        let found = circles(&files);
        assert!(
            found.is_empty(),
            "{krate}: these modules import each other (directly or round a circle): {found:?}"
        );
    }
    assert!(
        checked > 20,
        "only {checked} files found: is the layout wrong?"
    );
}

#[test]
fn the_circle_check_finds_a_circle() {
    let f = |p: &str, t: &str| (PathBuf::from(p), t.to_string());
    // a → b::inner → c → a, through a grouped `use crate::{…}`, `super::super::` and a path in
    // code; b's own `use inner::X` (a parent using its child) is no circle.
    let files = vec![
        f("lib.rs", "mod a; mod b; mod c; mod x;"),
        f("x.rs", ""),
        f("a.rs", "use crate::{x::Y, b::{inner::Thing, Other as O}};"),
        f("b/mod.rs", "mod inner; use inner::X;"),
        f(
            "b/inner.rs",
            "use super::super::c::Y; // crate::a is only prose",
        ),
        f("c.rs", "fn f() { crate::a::g() }"),
    ];
    assert_eq!(
        circles(&files),
        vec![vec![
            "a".to_string(),
            "b::inner".to_string(),
            "c".to_string()
        ]]
    );
    // Without c → a there is no circle.
    let mut open = files.clone();
    open[5] = f("c.rs", "fn f() { crate::x::h() }");
    assert_eq!(circles(&open), Vec::<Vec<String>>::new());
}

#[test]
fn front_ends_never_import_storage() {
    // Built from parts so that this file does not name it.
    let needle = ["reflect_core", "storage"].join("::");
    for krate in [
        "cli/src",
        "src-tauri/src",
        "pdf/src",
        "tests/tests",
        "tests/src",
    ] {
        for (p, text) in rust_files(&root().join(krate)) {
            let code = code_only(&text);
            assert!(
                !code.contains(&needle),
                "{krate}/{} imports {needle}: front ends use the Store API",
                p.display()
            );
        }
    }
}

#[test]
fn the_domain_holds_no_sql() {
    // Only storage, the store that owns the connection, migrations, and the error type (which
    // wraps SQLite's errors) may name rusqlite.
    let allowed = |p: &Path| {
        p.starts_with("storage")
            || ["store.rs", "migrate.rs", "error.rs"]
                .iter()
                .any(|f| p == Path::new(f))
    };
    let mut domain = 0;
    for (p, text) in rust_files(&root().join("core/src")) {
        if allowed(&p) {
            continue;
        }
        domain += 1;
        let code = code_only(&text);
        assert!(
            !code.contains("rusqlite"),
            "core/src/{} is a domain module but uses rusqlite",
            p.display()
        );
    }
    assert!(domain > 5);
}

#[test]
fn source_files_stay_small() {
    // Each file is one cohesive thing; tests, benches and generated bindings are exempt.
    const LIMIT: usize = 600;
    let mut long = Vec::new();
    for dir in [
        "core/src",
        "pdf/src",
        "cli/src",
        "src-tauri/src",
        "tests/src",
        "ui/src",
    ] {
        let base = root().join(dir);
        let mut stack = vec![base.clone()];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                if p.is_dir() {
                    if name != "bindings" && name != "node_modules" {
                        stack.push(p);
                    }
                } else if (name.ends_with(".rs") || name.ends_with(".ts") || name.ends_with(".tsx"))
                    && !name.contains(".test.")
                {
                    let lines = std::fs::read_to_string(&p).unwrap().lines().count();
                    if lines > LIMIT {
                        long.push(format!(
                            "{} ({lines})",
                            p.strip_prefix(root()).unwrap().display()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "over {LIMIT} lines, split into cohesive parts: {long:?}"
    );
}

#[test]
fn no_file_in_the_repository_is_over_two_mib() {
    // The repository's limit for one file: a larger one (a font, a corpus, a database) comes
    // from a package at build time or is generated, never committed.
    const LIMIT: u64 = 2 * 1024 * 1024;
    let out = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "git ls-files failed");
    let files: Vec<String> = out
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).to_string())
        .collect();
    assert!(files.len() > 100, "git ls-files listed {}", files.len());
    let big: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let len = std::fs::metadata(root().join(f)).ok()?.len();
            (len > LIMIT).then(|| format!("{f} ({len} bytes)"))
        })
        .collect();
    assert!(big.is_empty(), "files over 2 MiB: {big:?}");
}
