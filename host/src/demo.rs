//! The demo account a new user logs into: an admin and an agent in a "Suporte" department, and
//! a simulator channel to play the contact. Created once; later runs find it again.

use crate::auth;
use crate::domain::access::{ChatVisibility, Role};
use crate::store::views::Permissions;
use crate::store::{NewAccount, NewUser, Store};

/// E-mail of the demo admin.
pub const DEMO_EMAIL: &str = "demo@atende.local";
/// E-mail of the demo agent.
pub const DEMO_AGENT_EMAIL: &str = "agente@atende.local";
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
    Ok(Demo { email: DEMO_EMAIL.into(), password, simulator_path })
}

async fn create_simulator(store: &Store, account_id: i64) -> anyhow::Result<String> {
    let channel = store.create_channel(account_id, "simulator", "Simulador", &auth::random_token()).await?;
    Ok(channel.simulator_url.unwrap_or_default())
}
