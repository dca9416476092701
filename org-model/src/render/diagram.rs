//! Diagrams of the layout: the OU tree with accounts inside, the JUMP groups, and dashed edges
//! from each group to each role it may assume in each account (`diagram.mmd` for Mermaid,
//! `diagram.dot` for Graphviz); the guardrails attached to the root, an OU or an account are
//! listed in its label (`SCP protect-baseline`; `FullAWSAccess` only where it is replaced), the
//! root's in a node of their own. Diagrams show the whole layout, accounts without an id included;
//! node ids are generated (`ou_1`, `acct_2`, `group_0`, `role_0_2`), names only appear in quoted,
//! escaped labels.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::context::Context;
use super::output::{FileKind, Out};
use super::text;
use crate::guardrails::{Guardrails, PolicyTarget};

/// Indentation stops growing at this depth: valid layouts nest 8 levels at most (organization,
/// 5 OUs, account, role), and a deeper tree (an ERROR for the checks, but rendered all the same)
/// then costs output linear in its depth, not quadratic.
const MAX_INDENT: usize = 16;

fn indent(depth: usize) -> String {
    "  ".repeat(depth.min(MAX_INDENT))
}

/// A line break inside a label, in each syntax.
enum Syntax {
    Mermaid,
    Graphviz,
}

impl Syntax {
    /// Escapes each line and joins them with the syntax's line break.
    fn label(&self, lines: &[&str]) -> String {
        let escaped: Vec<String> = lines
            .iter()
            .map(|line| match self {
                Syntax::Mermaid => text::mermaid(line),
                Syntax::Graphviz => text::dot(line),
            })
            .collect();
        match self {
            Syntax::Mermaid => escaped.join("<br/>"),
            Syntax::Graphviz => escaped.join("\\n"),
        }
    }

    fn open_cluster(&self, out: &mut String, depth: usize, id: &str, label: &str) {
        let indent = indent(depth);
        match self {
            Syntax::Mermaid => out.push_str(&format!("{indent}subgraph {id} [\"{label}\"]\n")),
            Syntax::Graphviz => out.push_str(&format!(
                "{indent}subgraph cluster_{id} {{\n{indent}  label=\"{label}\";\n"
            )),
        }
    }

    fn close_cluster(&self, out: &mut String, depth: usize) {
        let indent = indent(depth);
        match self {
            Syntax::Mermaid => out.push_str(&format!("{indent}end\n")),
            Syntax::Graphviz => out.push_str(&format!("{indent}}}\n")),
        }
    }

    fn node(&self, out: &mut String, depth: usize, id: &str, label: &str, group: bool) {
        let indent = indent(depth);
        match (self, group) {
            (Syntax::Mermaid, false) => out.push_str(&format!("{indent}{id}[\"{label}\"]\n")),
            (Syntax::Mermaid, true) => out.push_str(&format!("{indent}{id}([\"{label}\"])\n")),
            (Syntax::Graphviz, false) => {
                out.push_str(&format!("{indent}{id} [label=\"{label}\"];\n"));
            }
            (Syntax::Graphviz, true) => out.push_str(&format!(
                "{indent}{id} [label=\"{label}\", shape=ellipse];\n"
            )),
        }
    }

    fn edge(&self, out: &mut String, from: &str, to: &str, label: &str) {
        match self {
            Syntax::Mermaid => out.push_str(&format!("  {from} -.->|\"{label}\"| {to}\n")),
            Syntax::Graphviz => out.push_str(&format!(
                "  {from} -> {to} [style=dashed, label=\"{label}\"];\n"
            )),
        }
    }
}

/// The layout as a tree of clusters and nodes, with edges.
struct Picture {
    /// OU paths, sorted; an OU's id is `ou_<index>`.
    ous: Vec<String>,
    /// Child OU indexes by parent path (`""` for the root).
    children: BTreeMap<String, Vec<usize>>,
    /// Account indexes by OU path.
    accounts_in: BTreeMap<String, Vec<usize>>,
    /// Role nodes per account index: (node id, label).
    roles_in: BTreeMap<usize, Vec<(String, String)>>,
    /// The account index that holds the groups (JUMP), when there is one.
    groups_account: Option<usize>,
    /// Group nodes: (node id, name).
    groups: Vec<(String, String)>,
    /// Edges: (group node, role node, label), each once, in grant order.
    edges: Vec<(String, String, String)>,
    /// The guardrails attached to each target, as label lines (`SCP protect-baseline`).
    attached: HashMap<PolicyTarget, Vec<String>>,
}

/// The position of the first item of each name.
fn positions<'n>(names: impl Iterator<Item = &'n str>) -> HashMap<&'n str, usize> {
    let mut map = HashMap::new();
    for (index, name) in names.enumerate() {
        map.entry(name).or_insert(index);
    }
    map
}

impl Picture {
    fn new(cx: &Context<'_>) -> Self {
        let layout = cx.layout;
        let mut paths = BTreeSet::new();
        let declared = layout
            .organizational_units
            .iter()
            .map(|ou| ou.path.as_str());
        let used = layout.accounts.iter().map(|account| account.ou.as_str());
        for path in declared.chain(used).filter(|path| !path.is_empty()) {
            // Every ancestor too, so that the tree has no gaps; never the empty path (before a
            // leading `/`), which is the root and would be its own child.
            let mut end = 0;
            for (index, c) in path.char_indices() {
                if c == '/' && index > 0 {
                    paths.insert(path[..index].to_owned());
                }
                end = index + c.len_utf8();
            }
            paths.insert(path[..end].to_owned());
        }
        let ous: Vec<String> = paths.into_iter().collect();
        let mut children: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, path) in ous.iter().enumerate() {
            let parent = path.rsplit_once('/').map_or("", |(parent, _)| parent);
            children.entry(parent.to_owned()).or_default().push(index);
        }
        let mut accounts_in: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, account) in layout.accounts.iter().enumerate() {
            accounts_in
                .entry(account.ou.clone())
                .or_default()
                .push(index);
        }
        // Positions by name (the first of a name), built once: lookups inside the loops below
        // would otherwise make the diagram quadratic in the layout.
        let account_positions = positions(layout.accounts.iter().map(|a| a.name.as_str()));
        let role_positions = positions(layout.roles.iter().map(|r| r.name.as_str()));
        let group_positions = positions(layout.groups.iter().map(|g| g.name.as_str()));
        let account_index = |name: &str| account_positions.get(name).copied();
        let role_index = |name: &str| role_positions.get(name).copied();
        let mut roles_in: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
        let mut role_nodes: HashSet<(usize, usize)> = HashSet::new();
        for (role, accounts) in layout.role_deployments() {
            let Some(r) = role_index(&role.name) else {
                continue;
            };
            for account in accounts {
                let Some(a) = account_index(&account.name) else {
                    continue;
                };
                if role_nodes.insert((r, a)) {
                    roles_in.entry(a).or_default().push((
                        format!("role_{r}_{a}"),
                        format!("{}@{}", role.name, account.name),
                    ));
                }
            }
        }
        let groups_account = layout
            .jump_account()
            .and_then(|jump| account_index(&jump.name));
        let groups = layout
            .groups
            .iter()
            .enumerate()
            .map(|(index, group)| (format!("group_{index}"), group.name.clone()))
            .collect();
        let mut edges = Vec::new();
        let mut seen = BTreeSet::new();
        for grant in &layout.grants {
            let Some(&g) = group_positions.get(grant.group.as_str()) else {
                continue;
            };
            let Some(r) = role_index(&grant.role) else {
                continue;
            };
            let trust = &layout.roles[r].trust;
            let label = match (trust.requires_mfa(), trust.max_mfa_age) {
                (false, _) => "no MFA".to_owned(),
                (true, Some(seconds)) => format!("MFA, at most {seconds} s old"),
                (true, None) => "MFA".to_owned(),
            };
            for account in &grant.accounts {
                let Some(a) = account_index(account) else {
                    continue;
                };
                if seen.insert((g, r, a)) {
                    edges.push((format!("group_{g}"), format!("role_{r}_{a}"), label.clone()));
                }
            }
        }
        let mut attached: HashMap<PolicyTarget, Vec<String>> = HashMap::new();
        if let Ok(guardrails) = Guardrails::of(layout) {
            for policy in guardrails
                .policies
                .iter()
                .filter(|policy| policy.is_managed())
            {
                for target in &policy.targets {
                    attached
                        .entry(target.clone())
                        .or_default()
                        .push(format!("{} {}", policy.kind, policy.name));
                }
            }
            for target in &guardrails.full_aws_access_replaced {
                attached
                    .entry(target.clone())
                    .or_default()
                    .push("no FullAWSAccess".to_owned());
            }
        }
        Self {
            ous,
            children,
            accounts_in,
            roles_in,
            groups_account,
            groups,
            edges,
            attached,
        }
    }

    /// `first` and the guardrails attached to `target`, as label lines.
    fn lines<'l>(&'l self, first: &[&'l str], target: &PolicyTarget) -> Vec<&'l str> {
        let mut lines = first.to_vec();
        if let Some(attached) = self.attached.get(target) {
            lines.extend(attached.iter().map(String::as_str));
        }
        lines
    }

    fn draw(&self, cx: &Context<'_>, syntax: &Syntax, out: &mut String) {
        let organization = format!("Organization {}", cx.layout.organization.name);
        syntax.open_cluster(out, 1, "org", &syntax.label(&[&organization]));
        if self.attached.contains_key(&PolicyTarget::Root) {
            let lines = self.lines(&["guardrails on the root"], &PolicyTarget::Root);
            syntax.node(out, 2, "guardrails_root", &syntax.label(&lines), false);
        }
        self.draw_ous(cx, syntax, out, 2);
        syntax.close_cluster(out, 1);
        if self.groups_account.is_none() && !self.groups.is_empty() {
            syntax.open_cluster(out, 1, "jump_groups", &syntax.label(&["JUMP groups"]));
            self.draw_groups(syntax, out, 2);
            syntax.close_cluster(out, 1);
        }
        for (from, to, label) in &self.edges {
            syntax.edge(out, from, to, &syntax.label(&[label]));
        }
    }

    /// The OU tree from the root at `depth`: in each OU the accounts directly in it, then its
    /// child OUs. Depth first with a stack of its own: OU paths nest as deep as they are long
    /// (the checks allow 5 levels, but the renderer takes any layout).
    fn draw_ous(&self, cx: &Context<'_>, syntax: &Syntax, out: &mut String, depth: usize) {
        enum Step<'p> {
            Accounts(&'p str, usize),
            Open(usize, usize),
            Close(usize),
        }
        let mut steps = vec![Step::Accounts("", depth)];
        while let Some(step) = steps.pop() {
            match step {
                Step::Accounts(path, depth) => {
                    self.draw_accounts(cx, syntax, out, path, depth);
                    let children = self.children.get(path).map_or(&[][..], Vec::as_slice);
                    steps.extend(children.iter().rev().map(|&index| Step::Open(index, depth)));
                }
                Step::Open(index, depth) => {
                    let ou = &self.ous[index];
                    let name = ou.rsplit('/').next().unwrap_or(ou);
                    let lines = self.lines(&[name], &PolicyTarget::Ou(ou.clone()));
                    syntax.open_cluster(out, depth, &format!("ou_{index}"), &syntax.label(&lines));
                    steps.push(Step::Close(depth));
                    steps.push(Step::Accounts(ou, depth + 1));
                }
                Step::Close(depth) => syntax.close_cluster(out, depth),
            }
        }
    }

    /// The accounts directly in OU `path`, each with its roles (and the JUMP groups).
    fn draw_accounts(
        &self,
        cx: &Context<'_>,
        syntax: &Syntax,
        out: &mut String,
        path: &str,
        depth: usize,
    ) {
        for &index in self.accounts_in.get(path).map_or(&[][..], Vec::as_slice) {
            let account = &cx.layout.accounts[index];
            let id = account
                .id
                .map_or_else(|| "no id yet".to_owned(), |id| id.to_string());
            let lines = self.lines(
                &[&account.name, &id, account.purpose.label()],
                &PolicyTarget::Account(account.name.clone()),
            );
            let label = syntax.label(&lines);
            let node = format!("acct_{index}");
            let roles = self.roles_in.get(&index).map_or(&[][..], Vec::as_slice);
            let holds_groups = self.groups_account == Some(index) && !self.groups.is_empty();
            if roles.is_empty() && !holds_groups {
                syntax.node(out, depth, &node, &label, false);
                continue;
            }
            syntax.open_cluster(out, depth, &node, &label);
            if holds_groups {
                self.draw_groups(syntax, out, depth + 1);
            }
            for (role, role_label) in roles {
                syntax.node(out, depth + 1, role, &syntax.label(&[role_label]), false);
            }
            syntax.close_cluster(out, depth);
        }
    }

    fn draw_groups(&self, syntax: &Syntax, out: &mut String, depth: usize) {
        for (id, name) in &self.groups {
            let label = syntax.label(&[&format!("group {name}")]);
            syntax.node(out, depth, id, &label, true);
        }
    }
}

/// `diagram.mmd`: a Mermaid flowchart.
pub(super) fn mermaid(cx: &Context<'_>, out: &mut Out) {
    let mut mmd = "%% generated by jumpgate; do not edit\nflowchart LR\n".to_owned();
    Picture::new(cx).draw(cx, &Syntax::Mermaid, &mut mmd);
    out.add("diagram.mmd".to_owned(), FileKind::Diagram, mmd);
}

/// `diagram.dot`: a Graphviz digraph.
pub(super) fn graphviz(cx: &Context<'_>, out: &mut Out) {
    let mut dot = "// generated by jumpgate; do not edit\ndigraph jumpgate {\n  \
                   graph [rankdir=LR, compound=true, fontname=\"Helvetica\"];\n  \
                   node [shape=box, fontname=\"Helvetica\"];\n  \
                   edge [fontname=\"Helvetica\"];\n"
        .to_owned();
    Picture::new(cx).draw(cx, &Syntax::Graphviz, &mut dot);
    dot.push_str("}\n");
    out.add("diagram.dot".to_owned(), FileKind::Diagram, dot);
}
