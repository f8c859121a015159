//! What makes a flow publishable (F4, reference b.6), as a pure function of the document and
//! what the engine learned about each node from its step (installed? its config valid? its
//! ports? does it wait?) and from the account (fields, templates, flows …). Every problem names
//! the node and the field (a JSON pointer into the document) in Portuguese; unreachable nodes
//! and ports that lead nowhere are warnings, the rest are errors.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::document::{FORMAT_MAJOR, FlowDocument};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The flow cannot be published.
    Error,
    /// Worth a look; publishing is allowed.
    Warning,
}

/// One problem of a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Issue {
    pub severity: Severity,
    /// The node it is about, if any.
    pub node: Option<String>,
    /// Where in the document (JSON pointer), e.g. `/nodes/2/config/input/options/0/title`.
    pub pointer: String,
    pub message: String,
}

impl Issue {
    pub fn error(node: Option<&str>, pointer: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            severity: Severity::Error,
            node: node.map(str::to_string),
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    pub fn warning(node: Option<&str>, pointer: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            severity: Severity::Warning,
            node: node.map(str::to_string),
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// What the engine learned about one node outside the document.
#[derive(Debug, Clone, Default)]
pub struct NodeFacts {
    /// Problems found by its step: unknown type or version, config against the schema, the
    /// step's own refusals, references to things the account does not have.
    pub issues: Vec<Issue>,
    /// Its output ports; `None` when they could not be learned (the node has errors already).
    pub ports: Option<Vec<String>>,
    /// Whether its step may wait (for the contact or a wake-up).
    pub waits: bool,
}

/// Names a text may use as `{name}` or `<name>`: the contact's system fields.
pub const SYSTEM_VARIABLES: &[&str] = &[
    "nome",
    "primeiro_nome",
    "telefone",
    "email",
    "data_nascimento",
    "cpf",
    "rg",
    "codigo_cliente",
    "cnpj",
    "empresa",
    "protocolo",
];

/// Whether `id` is a usable node id: 1 to 64 of `a-z`, `0-9`, `_` and `-`.
fn node_id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// `{name}` and `<name>` references in `text` (`{{1}}` template placeholders are not variables).
pub fn references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (open, close) in [('{', '}'), ('<', '>')] {
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len_utf8()..];
            if after.starts_with(open) {
                rest = after.trim_start_matches(open);
                continue;
            }
            match after.find(close) {
                Some(end) if end > 0 && end <= 64 => {
                    let name = &after[..end];
                    if name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                        found.push(name.to_string());
                    }
                    rest = &after[end + close.len_utf8()..];
                }
                _ => rest = after,
            }
        }
    }
    found
}

/// Every string in `value` with its JSON pointer below `pointer`.
fn strings<'a>(value: &'a Value, pointer: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(text) => out.push((pointer, text)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                strings(item, format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        _ => {}
    }
}

/// Flow variables nodes set: the `variable` their configuration names.
pub fn variables_set(doc: &FlowDocument) -> BTreeSet<String> {
    fn walk(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    if key == "variable"
                        && let Value::String(name) = item
                    {
                        out.insert(name.clone());
                    }
                    walk(item, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    doc.nodes.iter().for_each(|node| walk(&node.config, &mut out));
    out
}

/// Check `doc` with what is known of its nodes (`facts`, by node id) and the account's custom
/// field keys. The issues, errors first.
pub fn check(doc: &FlowDocument, facts: &BTreeMap<String, NodeFacts>, custom_fields: &BTreeSet<String>) -> Vec<Issue> {
    let mut issues = Vec::new();
    let major = doc.format_version.split('.').next().and_then(|m| m.parse::<u64>().ok());
    if major != Some(FORMAT_MAJOR) {
        issues.push(Issue::error(
            None,
            "/formatVersion",
            format!("Versão de formato \"{}\" não suportada: use 1.x.", doc.format_version),
        ));
    }
    if doc.name.trim().is_empty() || doc.name.chars().count() > 100 {
        issues.push(Issue::error(None, "/name", "O nome do fluxo deve ter de 1 a 100 caracteres."));
    }
    // Nodes: ids, and what the engine found.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, node) in doc.nodes.iter().enumerate() {
        let pointer = format!("/nodes/{i}/id");
        if !node_id_ok(&node.id) {
            issues.push(Issue::error(
                Some(&node.id),
                pointer,
                format!("O id de nó \"{}\" é inválido: use de 1 a 64 letras minúsculas, dígitos, _ e -.", node.id),
            ));
        } else if index.insert(&node.id, i).is_some() {
            issues.push(Issue::error(
                Some(&node.id),
                pointer,
                format!("O id de nó \"{}\" aparece mais de uma vez.", node.id),
            ));
        }
        if let Some(found) = facts.get(&node.id) {
            issues.extend(found.issues.iter().cloned());
        }
    }
    if doc.nodes.is_empty() {
        issues.push(Issue::error(None, "/nodes", "O fluxo não tem nós."));
    }
    if !index.contains_key(doc.entry.as_str()) {
        issues.push(Issue::error(None, "/entry", format!("O nó de entrada \"{}\" não existe.", doc.entry)));
    }
    let ports = |id: &str| facts.get(id).and_then(|f| f.ports.as_ref());
    // Edges: from an existing port, to an existing node, one per port.
    let mut taken: BTreeSet<(&str, &str)> = BTreeSet::new();
    for (i, edge) in doc.edges.iter().enumerate() {
        let from = edge.from.node.as_str();
        if !index.contains_key(from) {
            issues.push(Issue::error(
                None,
                format!("/edges/{i}/from/node"),
                format!("A ligação {} sai do nó \"{from}\", que não existe.", i + 1),
            ));
        } else if let Some(known) = ports(from)
            && !known.iter().any(|p| p == &edge.from.port)
        {
            issues.push(Issue::error(
                Some(from),
                format!("/edges/{i}/from/port"),
                format!(
                    "O nó \"{from}\" não tem a saída \"{}\"; as saídas dele são: {}.",
                    edge.from.port,
                    if known.is_empty() { "nenhuma".into() } else { known.join(", ") }
                ),
            ));
        }
        if !taken.insert((from, edge.from.port.as_str())) {
            issues.push(Issue::error(
                Some(from),
                format!("/edges/{i}"),
                format!("A saída \"{}\" do nó \"{from}\" tem mais de uma ligação.", edge.from.port),
            ));
        }
        if !index.contains_key(edge.to.as_str()) {
            issues.push(Issue::error(
                Some(from),
                format!("/edges/{i}/to"),
                format!("A ligação {} vai para o nó \"{}\", que não existe.", i + 1, edge.to),
            ));
        }
    }
    // Settings point at nodes that exist.
    if let Some(target) = &doc.settings.on_error
        && !index.contains_key(target.as_str())
    {
        issues.push(Issue::error(None, "/settings/onError", format!("O nó de erro \"{target}\" não existe.")));
    }
    for (i, interrupt) in doc.settings.interrupts.iter().enumerate() {
        if !index.contains_key(interrupt.to.as_str()) {
            issues.push(Issue::error(
                None,
                format!("/settings/interrupts/{i}/to"),
                format!("O desvio leva ao nó \"{}\", que não existe.", interrupt.to),
            ));
        }
        if interrupt.keywords.iter().all(|k| k.trim().is_empty()) {
            issues.push(Issue::error(
                None,
                format!("/settings/interrupts/{i}/keywords"),
                "Um desvio precisa de ao menos uma palavra-chave.",
            ));
        }
    }
    // Ports that lead nowhere end the flow there: worth saying.
    for node in &doc.nodes {
        for port in ports(&node.id).into_iter().flatten() {
            if doc.target(&node.id, port).is_none() && !matches!(port.as_str(), "timeout" | "no_match" | "text") {
                issues.push(Issue::warning(
                    Some(&node.id),
                    format!("/nodes/{}", index.get(node.id.as_str()).copied().unwrap_or(0)),
                    format!("A saída \"{port}\" do nó \"{}\" não leva a nenhum nó: o fluxo termina ali.", node.id),
                ));
            }
        }
    }
    reachability(doc, &index, &mut issues);
    cycles(doc, facts, &index, &mut issues);
    variables(doc, custom_fields, &mut issues);
    issues.sort_by_key(|issue| issue.severity == Severity::Warning);
    issues
}

/// Nodes nothing leads to are a warning.
fn reachability(doc: &FlowDocument, index: &BTreeMap<&str, usize>, issues: &mut Vec<Issue>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = vec![doc.entry.as_str()];
    stack.extend(doc.settings.on_error.as_deref());
    stack.extend(doc.settings.interrupts.iter().map(|i| i.to.as_str()));
    while let Some(id) = stack.pop() {
        if !index.contains_key(id) || !seen.insert(id) {
            continue;
        }
        stack.extend(doc.edges.iter().filter(|e| e.from.node == id).map(|e| e.to.as_str()));
    }
    for (id, i) in index {
        if !seen.contains(id) {
            issues.push(Issue::warning(
                Some(id),
                format!("/nodes/{i}"),
                format!("O nó \"{id}\" não é alcançável a partir da entrada."),
            ));
        }
    }
}

/// A cycle made only of steps that never wait can only loop until the step limit trips.
fn cycles(
    doc: &FlowDocument,
    facts: &BTreeMap<String, NodeFacts>,
    index: &BTreeMap<&str, usize>,
    issues: &mut Vec<Issue>,
) {
    let waits = |id: &str| facts.get(id).is_none_or(|f| f.waits);
    let next: BTreeMap<&str, Vec<&str>> = index
        .keys()
        .map(|id| {
            (
                *id,
                doc.edges
                    .iter()
                    .filter(|e| e.from.node == *id && !waits(id) && !waits(&e.to))
                    .map(|e| e.to.as_str())
                    .collect(),
            )
        })
        .collect();
    // Depth-first search over the non-waiting subgraph; a back edge closes a cycle.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = index.keys().map(|id| (*id, Mark::New)).collect();
    let mut reported = BTreeSet::new();
    for start in index.keys() {
        if marks[start] != Mark::New || waits(start) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some((id, child)) = stack.pop() {
            let children = next.get(id).map(Vec::as_slice).unwrap_or_default();
            if child < children.len() {
                stack.push((id, child + 1));
                let to = children[child];
                match marks.get(to).copied() {
                    Some(Mark::New) => {
                        marks.insert(to, Mark::Open);
                        stack.push((to, 0));
                    }
                    Some(Mark::Open) if reported.insert(to) => {
                        issues.push(Issue::error(Some(to), format!("/nodes/{}", index[to]), format!("O nó \"{to}\" está num ciclo sem nenhuma espera pelo contato: o fluxo repetiria sem parar.")));
                    }
                    _ => {}
                }
            } else {
                marks.insert(id, Mark::Done);
            }
        }
    }
}

/// `{name}` references must name a system field, a custom field or a flow variable.
fn variables(doc: &FlowDocument, custom_fields: &BTreeSet<String>, issues: &mut Vec<Issue>) {
    let mut known: BTreeSet<String> = SYSTEM_VARIABLES.iter().map(|s| s.to_string()).collect();
    known.extend(custom_fields.iter().cloned());
    known.extend(doc.variables.iter().map(|v| v.key.clone()));
    known.extend(variables_set(doc));
    for (i, node) in doc.nodes.iter().enumerate() {
        let mut texts = Vec::new();
        strings(&node.config, format!("/nodes/{i}/config"), &mut texts);
        for (pointer, text) in texts {
            for name in references(text) {
                if !known.contains(&name) {
                    issues.push(Issue::error(Some(&node.id), pointer.clone(), format!("A variável {{{name}}} não existe: não é campo do contato, campo personalizado nem variável do fluxo.")));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(value: Value) -> FlowDocument {
        FlowDocument::from_value(value).unwrap()
    }

    fn facts(entries: &[(&str, &[&str], bool)]) -> BTreeMap<String, NodeFacts> {
        entries
            .iter()
            .map(|(id, ports, waits)| {
                (
                    id.to_string(),
                    NodeFacts {
                        issues: vec![],
                        ports: Some(ports.iter().map(|p| p.to_string()).collect()),
                        waits: *waits,
                    },
                )
            })
            .collect()
    }

    fn menu_flow() -> Value {
        json!({
            "formatVersion": "1.0.0", "name": "Menu", "entry": "menu",
            "nodes": [
                {"id": "menu", "type": "content", "typeVersion": 1, "config": {"messages": ["Olá, {nome}!"]}},
                {"id": "vendas", "type": "open-service", "typeVersion": 1, "config": {"assign": "none"}}
            ],
            "edges": [{"from": {"node": "menu", "port": "vendas"}, "to": "vendas"}]
        })
    }

    fn errors(issues: &[Issue]) -> Vec<&str> {
        issues.iter().filter(|i| i.severity == Severity::Error).map(|i| i.message.as_str()).collect()
    }

    #[test]
    fn a_sound_flow_has_no_errors_and_warns_of_ports_leading_nowhere() {
        let issues = check(
            &doc(menu_flow()),
            &facts(&[("menu", &["vendas", "suporte", "timeout"], true), ("vendas", &[], false)]),
            &BTreeSet::new(),
        );
        assert!(errors(&issues).is_empty(), "{issues:?}");
        assert_eq!(issues.len(), 1);
        assert!(issues[0].message.contains("\"suporte\"") && issues[0].severity == Severity::Warning);
    }

    #[test]
    fn edges_must_start_from_a_port_the_node_has_and_end_at_a_node() {
        let mut value = menu_flow();
        value["edges"] = json!([
            {"from": {"node": "menu", "port": "financeiro"}, "to": "vendas"},
            {"from": {"node": "menu", "port": "vendas"}, "to": "sumiu"},
            {"from": {"node": "menu", "port": "vendas"}, "to": "vendas"},
            {"from": {"node": "nada", "port": "next"}, "to": "vendas"}
        ]);
        let issues =
            check(&doc(value), &facts(&[("menu", &["vendas"], true), ("vendas", &[], false)]), &BTreeSet::new());
        let all = errors(&issues).join(" | ");
        assert!(all.contains("não tem a saída \"financeiro\"; as saídas dele são: vendas"), "{all}");
        assert!(all.contains("vai para o nó \"sumiu\", que não existe"), "{all}");
        assert!(all.contains("tem mais de uma ligação"), "{all}");
        assert!(all.contains("sai do nó \"nada\""), "{all}");
        let pointed: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
        assert!(pointed.contains(&"/edges/0/from/port") && pointed.contains(&"/edges/1/to"), "{pointed:?}");
    }

    #[test]
    fn the_entry_ids_and_format_are_checked() {
        let mut value = menu_flow();
        value["entry"] = json!("inicio");
        value["formatVersion"] = json!("2.0.0");
        value["nodes"][1]["id"] = json!("Vendas!");
        let issues = check(&doc(value), &BTreeMap::new(), &BTreeSet::new());
        let all = errors(&issues).join(" | ");
        assert!(all.contains("nó de entrada \"inicio\" não existe"), "{all}");
        assert!(all.contains("\"2.0.0\" não suportada"), "{all}");
        assert!(all.contains("id de nó \"Vendas!\" é inválido"), "{all}");
    }

    #[test]
    fn unreachable_nodes_are_warnings() {
        let mut value = menu_flow();
        value["edges"] = json!([]);
        let issues = check(&doc(value), &facts(&[("menu", &["next"], true), ("vendas", &[], false)]), &BTreeSet::new());
        assert!(errors(&issues).is_empty());
        assert!(
            issues.iter().any(|i| i.severity == Severity::Warning && i.message.contains("\"vendas\" não é alcançável"))
        );
    }

    #[test]
    fn a_cycle_without_a_wait_is_an_error_and_one_through_a_wait_is_fine() {
        let looping = json!({
            "formatVersion": "1.0.0", "name": "Laço", "entry": "a",
            "nodes": [
                {"id": "a", "type": "tag", "typeVersion": 1, "config": {"add": ["x"]}},
                {"id": "b", "type": "condition", "typeVersion": 1, "config": {}},
                {"id": "menu", "type": "content", "typeVersion": 1, "config": {}}
            ],
            "edges": [
                {"from": {"node": "a", "port": "next"}, "to": "b"},
                {"from": {"node": "b", "port": "else"}, "to": "a"},
                {"from": {"node": "b", "port": "sim"}, "to": "menu"},
                {"from": {"node": "menu", "port": "next"}, "to": "a"}
            ]
        });
        let no_wait = facts(&[("a", &["next"], false), ("b", &["sim", "else"], false), ("menu", &["next"], true)]);
        let issues = check(&doc(looping.clone()), &no_wait, &BTreeSet::new());
        assert_eq!(errors(&issues).len(), 1, "{issues:?}");
        assert!(errors(&issues)[0].contains("ciclo sem nenhuma espera"));
        let mut through_wait = looping;
        through_wait["edges"][1] = json!({"from": {"node": "b", "port": "else"}, "to": "menu"});
        assert!(errors(&check(&doc(through_wait), &no_wait, &BTreeSet::new())).is_empty());
    }

    #[test]
    fn variables_must_exist_somewhere() {
        let mut value = menu_flow();
        value["nodes"][0]["config"] = json!({"messages": ["Olá, {nome}! Seu plano: {plano}. Pedido <pedido>. {{1}} {desconhecida}"],
            "input": {"kind": "text", "variable": "pedido"}});
        let fields: BTreeSet<String> = ["plano".to_string()].into();
        let issues = check(&doc(value), &facts(&[("menu", &["vendas"], true), ("vendas", &[], false)]), &fields);
        let all = errors(&issues);
        assert_eq!(all.len(), 1, "{issues:?}");
        assert!(all[0].contains("{desconhecida}"));
        assert_eq!(issues[0].pointer, "/nodes/0/config/messages/0");
        assert_eq!(issues[0].node.as_deref(), Some("menu"));
    }

    #[test]
    fn references_are_found_in_both_spellings() {
        assert_eq!(references("Oi {nome}, <email> e {{1}} e {a b}"), ["nome", "email"]);
    }
}
