//! The modules of org-model depend on each other without a cycle: read from the sources (every
//! `crate::`, `super::` and child-module path in code, comments and literals left out), the
//! crate's top-level modules form a layered graph, and so do its files, apart from the subject
//! modules of `checks`, which use the rule table of `checks/mod.rs` that runs them.
//!
//! `cargo test -p org-model --test module_graph -- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// A module path: `[]` is the crate root, `["render", "text"]` is `render::text`.
type Module = Vec<String>;

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// `text` with comments, string, raw string and character literals blanked out.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut code = String::with_capacity(text.len());
    let mut i = 0;
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    while i < chars.len() {
        let c = chars[i];
        let ident_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if at(i, "//") {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            let mut depth = 0;
            while i < chars.len() {
                if at(i, "/*") {
                    depth += 1;
                    i += 2;
                } else if at(i, "*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            code.push(' ');
        } else if c == 'r'
            && !ident_before
            && (at(i + 1, "\"") || at(i + 1, "#\"") || at(i + 1, "##\""))
        {
            let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
            let close: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            i += 2 + hashes;
            while i < chars.len() && !at(i, &close) {
                i += 1;
            }
            i += close.chars().count();
            code.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            code.push_str("\"\"");
        } else if c == '\'' && (at(i + 1, "\\") || chars.get(i + 2) == Some(&'\'')) {
            // A character literal (`'"'`, `'\n'`), not a lifetime.
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            code.push_str("' '");
        } else {
            code.push(c);
            i += 1;
        }
    }
    code
}

/// Identifiers, `::` and single punctuation characters.
fn tokens(code: &str) -> Vec<(usize, String)> {
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let mut word = String::new();
            while i < chars.len() && (chars[i].1.is_alphanumeric() || chars[i].1 == '_') {
                word.push(chars[i].1);
                i += 1;
            }
            tokens.push((at, word));
        } else if c == ':' && chars.get(i + 1).map(|&(_, c)| c) == Some(':') {
            tokens.push((at, "::".to_owned()));
            i += 2;
        } else {
            if !c.is_whitespace() {
                tokens.push((at, c.to_string()));
            }
            i += 1;
        }
    }
    tokens
}

fn is_ident(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// The paths of a path tree starting at `tokens[i]` (`a::b`, `a::{b, c::d}`, `{a, b}`), and
/// where the tree ends.
fn path_tree(tokens: &[(usize, String)], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let token = |i: usize| tokens.get(i).map_or("", |(_, token)| token.as_str());
    if token(i) == "{" {
        let mut paths = Vec::new();
        i += 1;
        while i < tokens.len() && token(i) != "}" {
            let (more, next) = path_tree(tokens, i);
            paths.extend(more);
            i = next;
            while i < tokens.len() && token(i) != "," && token(i) != "}" {
                i += 1; // `as name`
            }
            if token(i) == "," {
                i += 1;
            }
        }
        return (paths, i + 1);
    }
    if is_ident(token(i)) {
        let head = token(i).to_owned();
        if token(i + 1) == "::" {
            let (rest, next) = path_tree(tokens, i + 2);
            let paths = rest
                .into_iter()
                .map(|mut path| {
                    path.insert(0, head.clone());
                    path
                })
                .collect();
            return (paths, next);
        }
        return (vec![vec![head]], i + 1);
    }
    (vec![Vec::new()], i + 1)
}

/// The byte range of the inline module `mod NAME { … }` in `code` (empty when there is none).
fn inline_module(code: &str, name: &str) -> std::ops::Range<usize> {
    let Some(start) = code.find(&format!("mod {name} {{")) else {
        return 0..0;
    };
    let mut depth = 0;
    for (at, c) in code[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return start..start + at;
                }
            }
            _ => {}
        }
    }
    start..code.len()
}

struct Crate {
    /// Every module with its code.
    modules: BTreeMap<Module, String>,
    /// Items the crate root re-exports, with the module they come from.
    reexports: BTreeMap<String, Module>,
}

impl Crate {
    fn read() -> Self {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut modules = BTreeMap::new();
        let mut pending = vec![src.clone()];
        while let Some(dir) = pending.pop() {
            for entry in fs::read_dir(&dir).expect("src is readable") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                if path.extension().is_none_or(|extension| extension != "rs") {
                    continue;
                }
                let relative = path
                    .strip_prefix(&src)
                    .expect("under src")
                    .with_extension("");
                let mut module: Module = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if module
                    .last()
                    .is_some_and(|last| last == "mod" || last == "lib")
                {
                    module.pop();
                }
                let text = fs::read_to_string(&path).expect("a source file is readable");
                assert!(
                    !text.contains("#[path"),
                    "{}: mount modules where they are",
                    path.display()
                );
                modules.insert(module, code_only(&text));
            }
        }
        let mut reexports = BTreeMap::new();
        let root = tokens(&modules[&Vec::new()]);
        for i in 0..root.len() {
            if root[i].1 == "use" && i > 0 && root[i - 1].1 == "pub" {
                for path in path_tree(&root, i + 1).0 {
                    if let (Some(first), Some(item)) = (path.first(), path.last()) {
                        reexports.insert(item.clone(), vec![first.clone()]);
                    }
                }
            }
        }
        Self { modules, reexports }
    }

    /// The module `path` names from `base`: the longest prefix that is a module, or the module
    /// a re-exported item of the crate root comes from.
    fn resolve(&self, base: &[String], path: &[String]) -> Module {
        let mut module = base.to_vec();
        for segment in path {
            let mut longer = module.clone();
            longer.push(segment.clone());
            if self.modules.contains_key(&longer) {
                module = longer;
            } else {
                if module.is_empty()
                    && let Some(from) = self.reexports.get(segment)
                {
                    return from.clone();
                }
                break;
            }
        }
        module
    }

    /// Module → the modules its code (tests included) names.
    fn graph(&self) -> BTreeMap<Module, BTreeSet<Module>> {
        let mut graph: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        for (module, code) in &self.modules {
            let tokens = tokens(code);
            let token = |i: usize| tokens.get(i).map_or("", |(_, token)| token.as_str());
            let children: BTreeSet<&str> = (0..tokens.len())
                .filter(|&i| token(i) == "mod" && token(i + 2) == ";")
                .map(|i| token(i + 1))
                .collect();
            // `super` inside the file's `mod tests { … }` is the file's module.
            let tests = inline_module(code, "tests");
            let parent = &module[..module.len().saturating_sub(1)];
            let mut used = BTreeSet::new();
            for i in 0..tokens.len() {
                if token(i + 1) != "::" || (i > 0 && token(i - 1) == "::") {
                    continue;
                }
                let (base, start) = match token(i) {
                    "crate" => (&module[..0], i + 2),
                    "super" if tests.contains(&tokens[i].0) => (&module[..], i + 2),
                    "super" => (parent, i + 2),
                    child if children.contains(child) => (&module[..], i),
                    _ => continue,
                };
                for path in path_tree(&tokens, start).0 {
                    used.insert(self.resolve(base, &path));
                }
            }
            used.retain(|target| !target.is_empty() && target != module);
            graph.insert(module.clone(), used);
        }
        graph
    }
}

/// A cycle of `graph`, if it has one.
fn cycle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        module: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        done: &mut BTreeSet<Module>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(at) = stack.iter().position(|on| on == module) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(module.clone());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        stack.push(module.clone());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(module.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|module| visit(module, graph, &mut done, &mut Vec::new()))
}

fn show(graph: &BTreeMap<Module, BTreeSet<Module>>) -> String {
    graph
        .iter()
        .map(|(module, used)| {
            let used: Vec<String> = used.iter().map(|module| name(module)).collect();
            format!("{} -> {}\n", name(module), used.join(", "))
        })
        .collect()
}

fn assert_acyclic(what: &str, graph: &BTreeMap<Module, BTreeSet<Module>>) {
    if let Some(cycle) = cycle(graph) {
        let cycle: Vec<String> = cycle.iter().map(|module| name(module)).collect();
        panic!("{what}: cycle {}\n{}", cycle.join(" -> "), show(graph));
    }
}

#[test]
fn modules_depend_on_each_other_without_a_cycle() {
    let krate = Crate::read();
    let files = krate.graph();

    // The reading is not vacuous: paths of every kind are found.
    let edge = |from: &str, to: &str| {
        let module = |name: &str| -> Module { name.split("::").map(str::to_owned).collect() };
        files
            .get(&module(from))
            .is_some_and(|used| used.contains(&module(to)))
    };
    for (from, to) in [
        ("checks", "reachability"),     // `crate::reachability::production_rule`
        ("checks::accounts", "checks"), // `use super::{…}`
        ("checks", "checks::aws_managed"), // a child module by name
        ("checks::accounts", "names"),  // `use crate::names::{…}`
        ("checks::production", "model"), // `crate::Layout`, re-exported from `model`
        ("baseline", "seed"),           // in `mod tests`
        ("render::output", "error"),    // `crate::Error`, re-exported from `error`
    ] {
        assert!(
            edge(from, to),
            "{from} -> {to} not found:\n{}",
            show(&files)
        );
    }
    assert!(!edge("reachability", "checks"), "{}", show(&files));

    let mut layers: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, used) in &files {
        let top = |module: &Module| module.iter().take(1).cloned().collect::<Module>();
        let entry = layers.entry(top(module)).or_default();
        entry.extend(used.iter().map(top).filter(|used| *used != top(module)));
    }
    println!("top-level modules:\n{}", show(&layers));
    assert_acyclic("top-level modules", &layers);

    let checks: Module = vec!["checks".to_owned()];
    let mut within = files.clone();
    for (module, used) in &mut within {
        if module.len() == 2 && module.starts_with(&checks) {
            used.remove(&checks);
        }
    }
    println!(
        "files (without checks' subjects -> checks):\n{}",
        show(&within)
    );
    assert_acyclic("files", &within);
}

#[test]
fn a_cycle_is_found() {
    let module = |name: &str| -> Module { vec![name.to_owned()] };
    let mut graph = BTreeMap::from([
        (module("a"), BTreeSet::from([module("b")])),
        (module("b"), BTreeSet::from([module("c")])),
        (module("c"), BTreeSet::new()),
    ]);
    assert_eq!(cycle(&graph), None);
    graph.get_mut(&module("c")).unwrap().insert(module("a"));
    assert_eq!(
        cycle(&graph),
        Some(vec![module("a"), module("b"), module("c"), module("a")])
    );
}

#[test]
fn comments_and_literals_are_not_code() {
    let code = code_only(
        "use crate::a; // crate::b\n/* crate::c /* nested */ crate::d */ let s = \"crate::e\";\n\
         let r = r#\"crate::f\"#; let q = '\"'; let t = crate::g::h; fn f<'a>(x: &'a str) {}",
    );
    let found: Vec<String> = tokens(&code)
        .windows(3)
        .filter(|window| window[0].1 == "crate" && window[1].1 == "::")
        .map(|window| window[2].1.clone())
        .collect();
    assert_eq!(found, ["a", "g"]);
    let code = "fn a() {}\nmod tests {\n    fn b() { {} }\n}\nfn c() {}";
    assert_eq!(
        &code[inline_module(code, "tests")],
        "mod tests {\n    fn b() { {} }\n"
    );
    let tree = tokens("{a::{b, c::d as e}, f, g::*}");
    assert_eq!(
        path_tree(&tree, 0).0,
        [vec!["a", "b"], vec!["a", "c", "d"], vec!["f"], vec!["g"],]
    );
}
