//! A seeded account: an admin (sees all chats), an agent (department chats) in "Suporte", and a
//! simulator channel, created through the store like `atende create-demo` does.

use std::sync::OnceLock;

use atende_host::auth;
use atende_host::domain::access::{ChatVisibility, Role};
use atende_host::store::views::{Permissions, UserView};
use atende_host::store::{NewAccount, NewUser, Store};

/// Password of every seeded user.
pub const PASSWORD: &str = "senha-de-teste";

fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| auth::hash_password(PASSWORD).expect("hash"))
}

/// What a seeded account holds.
#[derive(Debug, Clone)]
pub struct Seed {
    pub account_id: i64,
    pub admin: UserView,
    pub agent: UserView,
    pub department_id: i64,
    pub channel_id: i64,
    pub simulator_key: String,
}

impl Seed {
    /// Create an account named `name` with its users, department and simulator channel.
    pub async fn create(store: &Store, name: &str) -> Seed {
        let slug: String = name.to_lowercase().chars().filter(char::is_ascii_alphanumeric).collect();
        let reseller = store.create_reseller(&format!("Revenda {name}")).await.expect("reseller");
        let account = store
            .create_account(NewAccount {
                reseller_id: reseller,
                name: name.into(),
                timezone: "America/Sao_Paulo".into(),
            })
            .await
            .expect("account");
        let user = |n: &str, email: String, role, visibility| NewUser {
            account_id: account.id,
            name: n.into(),
            email,
            password_hash: password_hash().to_string(),
            role,
            chat_visibility: visibility,
            permissions: Permissions::default(),
        };
        let admin = store
            .create_user(user("Admin", format!("admin@{slug}.test"), Role::Admin, ChatVisibility::All))
            .await
            .expect("admin");
        let agent = store
            .create_user(user("Agente", format!("agente@{slug}.test"), Role::Agent, ChatVisibility::Department))
            .await
            .expect("agent");
        let department = store.create_department(account.id, "Suporte").await.expect("department");
        store.set_department_members(account.id, department.id, &[admin.id, agent.id]).await.expect("members");
        let key = format!("sim-{slug}-{}", uuid::Uuid::new_v4().simple());
        let channel = store.create_channel(account.id, "simulator", "Simulador", &key).await.expect("channel");
        let admin = store.user(account.id, admin.id).await.expect("admin");
        let agent = store.user(account.id, agent.id).await.expect("agent");
        Seed {
            account_id: account.id,
            admin,
            agent,
            department_id: department.id,
            channel_id: channel.id,
            simulator_key: key,
        }
    }
}
