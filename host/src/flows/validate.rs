//! What makes a flow publishable (F4, reference b.6), with the account and the steps at hand:
//! each node's step is resolved, its configuration checked against the step's JSON Schema, its
//! ports asked of the step, its first messages dry-run through the same content rules as the
//! composer (3 reply buttons, 20-character titles, list limits), and what it names checked
//! against the account (templates approved, flows published, departments and agents). The
//! document-wide rules (edges, entry, reachability, loops without a wait, variables) are
//! [`crate::domain::flow::check`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::runner::dry_run_input;
use super::steps;
use crate::domain::flow::FlowDocument;
use crate::domain::flow::check::{self, Issue, NodeFacts};
use crate::plugins::{LoadedPlugin, PluginFailure};
use crate::service::{App, Result};
use crate::store::TemplateFilter;

/// What validating a document found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Validation {
    /// Errors first; none at all: publishable as it is, without warnings.
    pub issues: Vec<Issue>,
    /// Each node's output ports as its step declares them (`next`, `no_match`, one per option
    /// …), for the nodes whose ports could be learned (not those whose step or configuration
    /// is wrong): what an editor draws a node's handles from.
    pub ports: BTreeMap<String, Vec<String>>,
}

impl Validation {
    /// Only issues: the document could not even be read.
    pub fn issues(issues: Vec<Issue>) -> Validation {
        Validation { issues, ports: BTreeMap::new() }
    }
}

/// Every problem of `doc` for `account_id`, errors first, and the ports learned.
pub async fn validate(app: &App, account_id: i64, doc: &FlowDocument) -> Result<Validation> {
    let custom: BTreeSet<String> =
        app.store.custom_fields(account_id).await?.into_iter().map(|field| field.key).collect();
    let refs = AccountRefs::load(app, account_id).await?;
    let mut resolved: HashMap<(String, u64), std::result::Result<Arc<LoadedPlugin>, String>> = HashMap::new();
    let mut facts = BTreeMap::new();
    for (i, node) in doc.nodes.iter().enumerate() {
        let key = (node.step.clone(), node.type_version);
        if !resolved.contains_key(&key) {
            let step = steps::resolve(&app.plugins, &app.store, account_id, node).await;
            resolved.insert(key.clone(), step);
        }
        let mut found = NodeFacts { waits: true, ..NodeFacts::default() };
        let id = Some(node.id.as_str());
        match &resolved[&key] {
            Err(message) => found.issues.push(Issue::error(id, format!("/nodes/{i}/type"), message.clone())),
            Ok(plugin) => {
                found.waits = plugin.manifest.may_wait();
                let problems = steps::config_problems(plugin, &node.config);
                for (pointer, message) in &problems {
                    found.issues.push(Issue::error(
                        id,
                        format!("/nodes/{i}/config{pointer}"),
                        format!("A configuração do nó \"{}\" é inválida em \"{pointer}\": {message}", node.id),
                    ));
                }
                if problems.is_empty() {
                    node_checks(app, plugin, node, i, &refs, &mut found).await;
                }
            }
        }
        facts.insert(node.id.clone(), found);
    }
    let issues = check::check(doc, &facts, &custom);
    let ports = facts.into_iter().filter_map(|(id, found)| Some((id, found.ports?))).collect();
    Ok(Validation { issues, ports })
}

/// The step's own checks of a node whose configuration fits its schema: its ports, its first
/// messages, and what it names in the account.
async fn node_checks(
    app: &App,
    plugin: &LoadedPlugin,
    node: &crate::domain::flow::Node,
    i: usize,
    refs: &AccountRefs,
    found: &mut NodeFacts,
) {
    let id = Some(node.id.as_str());
    let config = node.config.to_string();
    match app.plugins.runtime.step_ports(plugin, &config).await {
        Ok(ports) => found.ports = Some(ports),
        Err(PluginFailure::Plugin(message)) => {
            found.issues.push(Issue::error(id, format!("/nodes/{i}/config"), format!("Nó \"{}\": {message}", node.id)));
            return;
        }
        Err(other) => {
            found.issues.push(Issue::error(
                id,
                format!("/nodes/{i}"),
                format!("A etapa do nó \"{}\" falhou ao ler a configuração: {other}", node.id),
            ));
            return;
        }
    }
    // What the node does on entering, checked by the rules every message obeys.
    if let Err(PluginFailure::InvalidOutput(message)) =
        app.plugins.runtime.run_step(plugin, dry_run_input(&config)).await
    {
        found.issues.push(Issue::error(
            id,
            format!("/nodes/{i}/config"),
            format!("O nó \"{}\" enviaria algo que não pode ser enviado: {message}", node.id),
        ));
    }
    for message in refs.problems(&node.step, &node.config) {
        found.issues.push(Issue::error(id, format!("/nodes/{i}/config"), format!("Nó \"{}\": {message}", node.id)));
    }
}

/// What nodes of the shipped steps may name in the account.
struct AccountRefs {
    /// `(name, language)` → approved on some number.
    templates: HashMap<(String, String), bool>,
    /// Flow id → published.
    flows: HashMap<i64, bool>,
    departments: BTreeSet<i64>,
    agents: BTreeSet<i64>,
}

impl AccountRefs {
    async fn load(app: &App, account_id: i64) -> Result<AccountRefs> {
        let mut templates = HashMap::new();
        for template in app.store.templates(account_id, &TemplateFilter::default()).await? {
            let approved = template.deleted_at.is_none() && template.status == "APPROVED";
            let entry = templates.entry((template.name, template.language)).or_insert(false);
            *entry |= approved;
        }
        let flows =
            app.store.flows(account_id).await?.into_iter().map(|f| (f.id, f.published_revision.is_some())).collect();
        let departments = app.store.departments(account_id).await?.into_iter().map(|d| d.id).collect();
        let agents = app.store.users(account_id).await?.into_iter().filter(|u| u.active).map(|u| u.id).collect();
        Ok(AccountRefs { templates, flows, departments, agents })
    }

    /// What a node of step `step` with `config` names that the account does not have.
    fn problems(&self, step: &str, config: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        let id = |key: &str| config.get(key).and_then(Value::as_i64);
        match step {
            "send-template" => {
                let name = config["name"].as_str().unwrap_or_default().trim().to_string();
                let language = config["language"].as_str().unwrap_or_default().trim().to_string();
                match self.templates.get(&(name.clone(), language.clone())) {
                    None => problems
                        .push(format!("o template \"{name}\" ({language}) não existe em nenhum número da conta.")),
                    Some(false) => problems.push(format!("o template \"{name}\" ({language}) não está aprovado.")),
                    Some(true) => {}
                }
            }
            "go-to-flow" => match id("flow_id").and_then(|flow| self.flows.get(&flow)) {
                None => problems.push("o fluxo de destino não existe nesta conta.".into()),
                Some(false) => problems.push("o fluxo de destino ainda não tem revisão publicada.".into()),
                Some(true) => {}
            },
            "open-service" => {
                if let Some(department) = id("department_id")
                    && !self.departments.contains(&department)
                {
                    problems.push(format!("o departamento {department} não existe nesta conta."));
                }
                if let Some(agent) = id("agent_id")
                    && !self.agents.contains(&agent)
                {
                    problems.push(format!("o agente {agent} não é um usuário ativo desta conta."));
                }
            }
            _ => {}
        }
        problems
    }
}
