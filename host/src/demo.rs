//! The demo account a new user logs into: an admin and an agent in a "Suporte" department, a
//! "Vendas" department, a simulator channel to play the contact, and a published initial flow
//! in Portuguese (a greeting with the contact's name, a menu — Vendas / Suporte / Falar com
//! atendente —, "Salvar" of the e-mail, and a service opened for the chosen department), so a
//! newcomer who writes "Oi" in the simulator meets the bot first. Created once; later runs find
//! it again (and give an older demo account its flow).

use crate::auth;
use crate::domain::access::{ChatVisibility, Role};
use crate::domain::flow::FlowDocument;
use crate::store::views::Permissions;
use crate::store::{NewAccount, NewUser, Store};

/// E-mail of the demo admin.
pub const DEMO_EMAIL: &str = "demo@atende.local";
/// E-mail of the demo agent.
pub const DEMO_AGENT_EMAIL: &str = "agente@atende.local";
/// The demo reseller's console login (A1, A2), at /revenda.
pub const DEMO_RESELLER_EMAIL: &str = "revenda@atende.local";
/// Password of both demo users unless `ATENDE_DEMO_PASSWORD` says otherwise.
pub const DEFAULT_DEMO_PASSWORD: &str = "atende-demo";

/// What a new user needs to try the demo.
#[derive(Debug, Clone)]
pub struct Demo {
    pub email: String,
    pub password: String,
    pub simulator_path: String,
}

fn password() -> String {
    std::env::var("ATENDE_DEMO_PASSWORD").ok().filter(|p| !p.is_empty()).unwrap_or_else(|| DEFAULT_DEMO_PASSWORD.into())
}

/// Create the demo account if it does not exist yet.
pub async fn ensure(store: &Store) -> anyhow::Result<Demo> {
    let password = password();
    if let Some((user, _)) = store.user_for_login(DEMO_EMAIL).await? {
        let channels = store.channels(user.account_id).await?;
        let simulator_path = match channels.iter().find_map(|c| c.simulator_url.clone()) {
            Some(path) => path,
            None => create_simulator(store, user.account_id).await?,
        };
        ensure_flow(store, user.account_id, user.id).await?;
        ensure_reseller_user(store, user.account_id, &password).await?;
        return Ok(Demo { email: DEMO_EMAIL.into(), password, simulator_path });
    }
    let reseller = store.create_reseller("Atende Demo").await?;
    let account = store
        .create_account(NewAccount { reseller_id: reseller, name: "Demo".into(), timezone: "America/Sao_Paulo".into() })
        .await?;
    let hash = {
        let password = password.clone();
        tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??
    };
    let admin = store
        .create_user(NewUser {
            account_id: account.id,
            name: "Ana Demo".into(),
            email: DEMO_EMAIL.into(),
            password_hash: hash.clone(),
            role: Role::Admin,
            chat_visibility: ChatVisibility::All,
            permissions: Permissions { contact_notes: true, support_code: true },
        })
        .await?;
    let agent = store
        .create_user(NewUser {
            account_id: account.id,
            name: "Bruno Agente".into(),
            email: DEMO_AGENT_EMAIL.into(),
            password_hash: hash,
            role: Role::Agent,
            chat_visibility: ChatVisibility::Department,
            permissions: Permissions { contact_notes: true, support_code: false },
        })
        .await?;
    let support = store.create_department(account.id, "Suporte").await?;
    store.set_department_members(account.id, support.id, &[admin.id, agent.id]).await?;
    let simulator_path = create_simulator(store, account.id).await?;
    ensure_flow(store, account.id, admin.id).await?;
    ensure_reseller_user(store, account.id, &password).await?;
    Ok(Demo { email: DEMO_EMAIL.into(), password, simulator_path })
}

/// Name of the demo's initial flow.
pub const DEMO_FLOW: &str = "Boas-vindas";

/// The department called `name`, created when missing.
async fn department(store: &Store, account_id: i64, name: &str) -> anyhow::Result<i64> {
    if let Some(found) = store.departments(account_id).await?.into_iter().find(|d| d.name == name) {
        return Ok(found.id);
    }
    Ok(store.create_department(account_id, name).await?.id)
}

/// Give an account without flows the demo's initial flow, published, with the chatbot on.
async fn ensure_flow(store: &Store, account_id: i64, admin_id: i64) -> anyhow::Result<()> {
    if !store.flows(account_id).await?.is_empty() {
        return Ok(());
    }
    let support = department(store, account_id, "Suporte").await?;
    let sales = department(store, account_id, "Vendas").await?;
    let document = FlowDocument::from_value(demo_flow(sales, support)).map_err(anyhow::Error::msg)?;
    let flow = store.create_flow(account_id, DEMO_FLOW, &document).await?;
    store.publish_flow(account_id, flow.id, admin_id, &document, Some("Fluxo de demonstração")).await?;
    let mut settings = store.account_flows(account_id).await?;
    settings.chatbot_enabled = true;
    settings.initial_flow_id = Some(flow.id);
    store.set_account_flows(account_id, &settings).await?;
    Ok(())
}

/// The demo's initial flow, for the departments `sales` and `support`.
pub fn demo_flow(sales: i64, support: i64) -> serde_json::Value {
    serde_json::json!({
        "formatVersion": "1.0.0",
        "name": DEMO_FLOW,
        "entry": "boas_vindas",
        "nodes": [
            {"id": "boas_vindas", "type": "content", "typeVersion": 1, "label": "Boas-vindas e menu", "config": {
                "messages": ["Olá, {nome}! Eu sou a assistente virtual da Demo."],
                "input": {"kind": "choice", "text": "Como podemos ajudar?", "variable": "assunto", "options": [
                    {"id": "vendas", "title": "Vendas"},
                    {"id": "suporte", "title": "Suporte"},
                    {"id": "atendente", "title": "Falar com atendente"}
                ]}
            }},
            {"id": "email", "type": "content", "typeVersion": 1, "label": "Salvar o e-mail", "config": {
                "messages": ["Para agilizar, qual é o seu e-mail?"],
                "input": {"kind": "text", "save_to": "email", "max_attempts": 2}
            }},
            {"id": "aguarde", "type": "content", "typeVersion": 1, "config": {
                "messages": ["Obrigado! Já vou chamar alguém de {assunto} para falar com você."]
            }},
            {"id": "setor", "type": "condition", "typeVersion": 1, "label": "Qual departamento?", "config": {
                "rules": [{"id": "vendas", "tests": [{"left": "assunto", "op": "eq", "right": "Vendas"}]}]
            }},
            {"id": "abrir_vendas", "type": "open-service", "typeVersion": 1, "config": {"assign": "department", "department_id": sales}},
            {"id": "abrir_suporte", "type": "open-service", "typeVersion": 1, "config": {"assign": "department", "department_id": support}},
            {"id": "fila", "type": "open-service", "typeVersion": 1, "label": "Fila de atendimento", "config": {"assign": "none"}}
        ],
        "edges": [
            {"from": {"node": "boas_vindas", "port": "vendas"}, "to": "email"},
            {"from": {"node": "boas_vindas", "port": "suporte"}, "to": "email"},
            {"from": {"node": "boas_vindas", "port": "atendente"}, "to": "fila"},
            {"from": {"node": "boas_vindas", "port": "no_match"}, "to": "fila"},
            {"from": {"node": "email", "port": "next"}, "to": "aguarde"},
            {"from": {"node": "email", "port": "no_match"}, "to": "aguarde"},
            {"from": {"node": "aguarde", "port": "next"}, "to": "setor"},
            {"from": {"node": "setor", "port": "vendas"}, "to": "abrir_vendas"},
            {"from": {"node": "setor", "port": "else"}, "to": "abrir_suporte"}
        ]
    })
}

async fn create_simulator(store: &Store, account_id: i64) -> anyhow::Result<String> {
    let channel = store.create_channel(account_id, "simulator", "Simulador", &auth::random_token()).await?;
    Ok(channel.simulator_url.unwrap_or_default())
}

/// The demo reseller's console login, made when missing (a demo made before the console has none).
async fn ensure_reseller_user(store: &Store, account_id: i64, password: &str) -> anyhow::Result<()> {
    if store.reseller_user_for_login(DEMO_RESELLER_EMAIL).await?.is_some() {
        return Ok(());
    }
    let reseller = store.reseller_of(account_id).await?;
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??;
    store.create_reseller_user(reseller, "Rita Revenda", DEMO_RESELLER_EMAIL, &hash).await?;
    Ok(())
}
