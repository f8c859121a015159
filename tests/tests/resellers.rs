//! The reseller console (A1, A2, issue 14 part 6) through the API on both databases: its own
//! login and cookie, which opens no account route; the reseller's accounts with usage; an
//! account opened with its first admin (both or neither); suspension — the account's users
//! cannot log in and their sessions and tokens stop, its simulator (webhook) messages are still
//! stored — and reactivation; the support code verified only among the reseller's own
//! accounts; another reseller's accounts are invisible.

use atende_e2e::chat::contact_posts;
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use atende_host::auth;
use reqwest::StatusCode;
use serde_json::{Value, json};

const PASSWORD: &str = "revenda-segura";

/// A console person of the seed's reseller, logged in.
async fn console(db: &TestDb, server: &TestServer, seed: &Seed, email: &str) -> Client {
    let reseller = db.store.reseller_of(seed.account_id).await.unwrap();
    let hash = auth::hash_password(PASSWORD).unwrap();
    db.store.create_reseller_user(reseller, "Rita", email, &hash).await.unwrap();
    let mut client = server.client();
    let status = client.login_at("/api/v1/reseller/auth/login", email, PASSWORD).await;
    assert_eq!(status, 200, "the reseller logs in");
    client
}

async fn support_code(db: &TestDb, account_id: i64) -> String {
    db.store.ensure_support_code_jobs().await.unwrap();
    db.store.run_due_jobs(100).await.unwrap();
    let (code,): (Option<String>,) = db
        .store
        .read()
        .await
        .unwrap()
        .fetch_one("SELECT support_code FROM accounts WHERE id = $1", atende_host::args![account_id])
        .await
        .unwrap();
    code.expect("the account has a support code")
}

fn names(list: &Value) -> Vec<&str> {
    list["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect()
}

on_both_backends! {
    async fn a_reseller_opens_suspends_and_reactivates_only_their_accounts(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let rita = console(&db, &server, &acme, "rita@revenda.test").await;
        let other = console(&db, &server, &beta, "outro@revenda.test").await;

        let mut wrong = server.client();
        assert_eq!(wrong.login_at("/api/v1/reseller/auth/login", "rita@revenda.test", "errada-errada").await, 401);
        let me = rita.get_ok("/api/v1/reseller/me").await;
        assert_eq!(me["user"]["reseller_name"], "Revenda Acme");
        // The console's cookie is not an account session: no messages, no contacts.
        assert_eq!(rita.get("/api/v1/contacts").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(rita.get("/api/v1/conversations").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(server.login(&acme.admin.email).await.get("/api/v1/reseller/accounts").await.0, StatusCode::UNAUTHORIZED);

        // Usage of their account; the other reseller's is not listed.
        contact_posts(&server, &acme, "5521955590001", "Maria", "Oi").await;
        let accounts = rita.get_ok("/api/v1/reseller/accounts").await;
        assert_eq!(names(&accounts), vec!["Acme"]);
        let usage = &accounts["items"][0]["usage"];
        assert_eq!((usage["active_users"].as_i64(), usage["channels"].as_i64(), usage["contacts"].as_i64()), (Some(2), Some(1), Some(1)), "{usage}");
        assert!(usage["messages_30d"].as_i64().unwrap() >= 1, "{usage}");

        // An account with its first admin; bad input and a taken e-mail leave nothing behind.
        let open = |email: &str, password: &str| json!({"name": "Padaria Pão Quente", "admin_name": "Paulo",
            "admin_email": email, "admin_password": password});
        let (status, answer) = rita.post("/api/v1/reseller/accounts", open("paulo@padaria.test", "curta")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        let (status, answer) = rita.post("/api/v1/reseller/accounts", open(&acme.admin.email, "senha-longa-1")).await;
        assert_eq!(status, StatusCode::CONFLICT, "{answer}");
        let (status, answer) = rita
            .post("/api/v1/reseller/accounts", json!({"name": "X", "timezone": "Marte/Olimpo", "admin_name": "P",
                "admin_email": "p@x.test", "admin_password": "senha-longa-1"}))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(names(&rita.get_ok("/api/v1/reseller/accounts").await), vec!["Acme"], "nothing half-made");
        let padaria = rita.post_expect("/api/v1/reseller/accounts", open("paulo@padaria.test", "senha-longa-1"), 201).await;
        let padaria_id = padaria["id"].as_i64().unwrap();
        assert_eq!(names(&rita.get_ok("/api/v1/reseller/accounts").await), vec!["Acme", "Padaria Pão Quente"]);
        let mut paulo = server.client();
        assert_eq!(paulo.login("paulo@padaria.test", "senha-longa-1").await, 200, "the first admin logs in");
        assert_eq!(paulo.get_ok("/api/v1/me").await["user"]["role"], "admin");
        let token = paulo.post_expect("/api/v1/api-tokens", json!({"name": "integração"}), 201).await;
        let api = Client::with_token(&server.url(), token["token"].as_str().unwrap());
        assert_eq!(api.get("/api/v1/me").await.0, StatusCode::OK);

        // Another reseller can neither see nor suspend it.
        assert!(!names(&other.get_ok("/api/v1/reseller/accounts").await).contains(&"Padaria Pão Quente"));
        for action in ["suspend", "reactivate"] {
            let (status, _) = other.post(&format!("/api/v1/reseller/accounts/{padaria_id}/{action}"), json!({})).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{action}");
        }

        // Suspended: no login, the session and the token stop; the simulator still stores.
        let suspended = rita.post_expect(&format!("/api/v1/reseller/accounts/{padaria_id}/suspend"), json!({}), 200).await;
        assert!(suspended["suspended_at"].is_i64());
        assert_eq!(paulo.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED, "the open session stops");
        assert_eq!(api.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED, "the API token stops");
        let mut again = server.client();
        let (status, answer) = again.login_json("paulo@padaria.test", "senha-longa-1").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("suspensa"), "{answer}");
        let (status, _) = contact_posts(&server, &acme, "5521955590002", "João", "Oi").await;
        assert_eq!(status, StatusCode::ACCEPTED);
        // Acme is unaffected by the Padaria's suspension; suspending Acme keeps its webhooks.
        rita.post_expect(&format!("/api/v1/reseller/accounts/{}/suspend", acme.account_id), json!({}), 200).await;
        let (status, _) = contact_posts(&server, &acme, "5521955590003", "Rosa", "Oi").await;
        assert_eq!(status, StatusCode::ACCEPTED, "a suspended account's incoming messages are still stored");
        let (stored,): (i64,) = db.store.read().await.unwrap()
            .fetch_one("SELECT COUNT(*) FROM contacts WHERE account_id = $1", atende_host::args![acme.account_id]).await.unwrap();
        assert_eq!(stored, 3);
        rita.post_expect(&format!("/api/v1/reseller/accounts/{}/reactivate", acme.account_id), json!({}), 200).await;

        let back = rita.post_expect(&format!("/api/v1/reseller/accounts/{padaria_id}/reactivate"), json!({}), 200).await;
        assert_eq!(back["suspended_at"], Value::Null);
        assert_eq!(again.login("paulo@padaria.test", "senha-longa-1").await, 200, "reactivated, the admin logs in again");

        // The console's writes need its CSRF token.
        let mut bare = rita.clone();
        bare.drop_csrf();
        let (status, _) = bare.post(&format!("/api/v1/reseller/accounts/{padaria_id}/suspend"), json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(rita.post("/api/v1/reseller/auth/logout", json!({})).await.0, StatusCode::NO_CONTENT);
        assert_eq!(rita.get("/api/v1/reseller/me").await.0, StatusCode::UNAUTHORIZED);
    }

    async fn a_support_code_is_found_only_among_the_resellers_own_accounts(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let rita = console(&db, &server, &acme, "rita@revenda.test").await;
        let acme_code = support_code(&db, acme.account_id).await;
        let beta_code = support_code(&db, beta.account_id).await;

        let found = rita.post_expect("/api/v1/reseller/support-codes/verify", json!({"code": acme_code.to_lowercase()}), 200).await;
        assert_eq!(found["accounts"], json!([{"id": acme.account_id, "name": "Acme"}]), "typed in any case");
        let theirs = rita.post_expect("/api/v1/reseller/support-codes/verify", json!({"code": beta_code}), 200).await;
        assert_eq!(theirs["accounts"], json!([]), "another reseller's account is not revealed");
        let (status, answer) = rita.post("/api/v1/reseller/support-codes/verify", json!({"code": " "})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    }
}
