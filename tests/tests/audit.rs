//! The audit log (issue 17 part 4) through the HTTP API, on both databases: every audited
//! action writes one entry with who, when, from where, on what and what changed (secrets left
//! out); reads, chat work and refused actions write none; logins and failed logins are
//! recorded; an agent's sensitive action is recorded, not their ordinary work; the admins'
//! search by user, action and date; nothing crosses accounts.

use atende_e2e::seed::PASSWORD;
use atende_e2e::{Client, Seed, TestServer, on_both_backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn log(admin: &Client, query: &str) -> Vec<Value> {
    admin.get_ok(&format!("/api/v1/audit{query}")).await["items"].as_array().expect("items").clone()
}

/// Run `action` and check it wrote exactly one entry, which is returned.
async fn one_entry(admin: &Client, expected: &str, action: impl std::future::Future<Output = ()>) -> Value {
    let before = log(admin, "?limit=200").await.len();
    action.await;
    let after = log(admin, "?limit=200").await;
    assert_eq!(after.len(), before + 1, "{expected}: one entry, got {:?}", &after[..after.len() - before]);
    let entry = after[0].clone();
    assert_eq!(entry["action"], expected, "{entry}");
    entry
}

async fn contact_id(server: &TestServer, seed: &Seed, admin: &Client) -> i64 {
    let body = json!({"phone": "5511988887777", "name": "Maria Auditada", "text": "Oi"});
    server.client().post_expect(&format!("/api/v1/simulator/{}/messages", seed.simulator_key), body, 202).await;
    let list = admin.get_ok("/api/v1/conversations?view=all").await;
    list["items"].as_array().unwrap().iter().find(|c| c["contact"]["name"] == "Maria Auditada").unwrap()["contact"]["id"]
        .as_i64()
        .unwrap()
}

on_both_backends! {
    async fn every_audited_action_writes_one_entry_and_nothing_else_does(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let admin_id = seed.admin.id;

        let tag = one_entry(&admin, "tag.create", async {
            admin.post_expect("/api/v1/tags", json!({"name": "VIP"}), 201).await;
        })
        .await;
        assert_eq!(tag["user_id"], admin_id);
        assert_eq!(tag["user_name"], "Admin");
        assert_eq!(tag["user_email"], seed.admin.email.as_str());
        assert_eq!(tag["ip"], "127.0.0.1");
        assert_eq!(tag["details"], json!({"name": "VIP"}));
        assert!(tag["created_at"].as_i64().unwrap() > 0);
        let tag_id = admin.get_ok("/api/v1/tags").await.to_string();
        let tag_id: i64 = {
            let tags: Value = serde_json::from_str(&tag_id).unwrap();
            let list = tags["items"].as_array().or(tags.as_array()).unwrap().clone();
            list.iter().find(|t| t["name"] == "VIP").unwrap()["id"].as_i64().unwrap()
        };
        let renamed = one_entry(&admin, "tag.update", async {
            admin.patch_json(&format!("/api/v1/tags/{tag_id}"), json!({"name": "Cliente VIP"})).await;
        })
        .await;
        assert_eq!(renamed["target"], json!({"id": tag_id.to_string()}));
        one_entry(&admin, "tag.delete", async {
            assert_eq!(admin.delete(&format!("/api/v1/tags/{tag_id}")).await.0, StatusCode::NO_CONTENT);
        })
        .await;

        let created = one_entry(&admin, "user.create", async {
            let body = json!({"name": "Rita", "email": "rita@acme.test", "password": "jabuticaba-no-quintal", "role": "agent", "chat_visibility": "own"});
            admin.post_expect("/api/v1/users", body, 201).await;
        })
        .await;
        assert_eq!(created["details"]["password"], "•••", "the password is not kept: {created}");
        assert!(!created.to_string().contains("jabuticaba"), "{created}");
        let rita = admin.get_ok("/api/v1/users").await;
        let rita = rita["items"].as_array().or(rita.as_array()).unwrap().iter().find(|u| u["email"] == "rita@acme.test").unwrap()["id"].as_i64().unwrap();
        one_entry(&admin, "user.update", async {
            assert_eq!(admin.patch_json(&format!("/api/v1/users/{rita}"), json!({"role": "admin"})).await.0, StatusCode::OK);
        })
        .await;
        one_entry(&admin, "user.password_reset", async {
            let body = Some(json!({"password": "outra-senha-de-rita-9"}));
            assert_eq!(admin.request(Method::PUT, &format!("/api/v1/users/{rita}/password"), body).await.0, StatusCode::NO_CONTENT);
        })
        .await;
        one_entry(&admin, "user.require_password_change", async {
            admin.post_expect(&format!("/api/v1/users/{rita}/require-password-change"), json!({}), 204).await;
        })
        .await;
        one_entry(&admin, "user.end_sessions", async {
            admin.delete(&format!("/api/v1/users/{rita}/sessions")).await;
        })
        .await;
        let department = one_entry(&admin, "department.create", async {
            admin.post_expect("/api/v1/departments", json!({"name": "Financeiro"}), 201).await;
        })
        .await;
        assert_eq!(department["details"], json!({"name": "Financeiro"}));
        let token = one_entry(&admin, "api_token.create", async {
            admin.post_expect("/api/v1/api-tokens", json!({"name": "ERP"}), 201).await;
        })
        .await;
        assert_eq!(token["details"], json!({"name": "ERP"}));
        let tokens = admin.get_ok("/api/v1/api-tokens").await;
        let token_id = tokens["items"].as_array().or(tokens.as_array()).unwrap()[0]["id"].as_i64().unwrap();
        one_entry(&admin, "api_token.revoke", async {
            admin.delete(&format!("/api/v1/api-tokens/{token_id}")).await;
        })
        .await;

        // Reads, chat work, one's own profile and refused actions write nothing.
        let before = log(&admin, "?limit=200").await.len();
        let contact = contact_id(&server, &seed, &admin).await;
        admin.get_ok("/api/v1/users").await;
        admin.patch_json("/api/v1/me", json!({"name": "Admin Chefe"})).await;
        assert_eq!(admin.post("/api/v1/tags", json!({"name": ""})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(admin.delete("/api/v1/tags/999999").await.0, StatusCode::NOT_FOUND);
        assert_eq!(log(&admin, "?limit=200").await.len(), before, "nothing recorded");

        // An agent's sensitive action is recorded under the agent; their ordinary work is not.
        let agent = server.login(&seed.agent.email).await;
        let blocked = one_entry(&admin, "contact.block", async {
            assert_eq!(agent.post(&format!("/api/v1/contacts/{contact}/block"), json!({})).await.0, StatusCode::OK);
        })
        .await;
        assert_eq!((blocked["user_id"].as_i64(), blocked["target"].clone()), (Some(seed.agent.id), json!({"id": contact.to_string()})));
        one_entry(&admin, "contact.unblock", async {
            assert_eq!(agent.post(&format!("/api/v1/contacts/{contact}/unblock"), json!({})).await.0, StatusCode::OK);
        })
        .await;
        let before = log(&admin, "?limit=200").await.len();
        let (status, body) = agent.patch_json(&format!("/api/v1/contacts/{contact}"), json!({"email": "maria@exemplo.com.br"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(log(&admin, "?limit=200").await.len(), before, "an agent editing a contact's data is their ordinary work");

        // Agents may not read the log.
        assert_eq!(agent.get("/api/v1/audit").await.0, StatusCode::FORBIDDEN);
    }

    async fn logins_and_failed_logins_are_recorded(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let mut agent = server.client();
        assert_eq!(agent.login(&seed.agent.email, "senha-errada-demais").await, StatusCode::UNAUTHORIZED);
        assert_eq!(agent.login("ninguem@acme.test", "senha-errada-demais").await, StatusCode::UNAUTHORIZED);
        assert_eq!(agent.login(&seed.agent.email, PASSWORD).await, StatusCode::OK);
        let admin = server.login(&seed.admin.email).await;
        let entries = log(&admin, &format!("?user={}", seed.agent.id)).await;
        let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, vec!["auth.login", "auth.login_failed"], "newest first");
        assert!(entries.iter().all(|e| e["ip"] == "127.0.0.1" && e["details"].is_null()), "{entries:?}");
        let failed = log(&admin, "?action=auth.login_failed").await;
        assert_eq!(failed.len(), 1, "an unknown e-mail belongs to no account's log: {failed:?}");
    }

    async fn admins_search_their_own_log_by_user_action_and_date(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let other = Seed::create(&db.store, "Outra").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let stranger = server.login(&other.admin.email).await;
        for name in ["A", "B", "C"] {
            admin.post_expect("/api/v1/tags", json!({"name": name}), 201).await;
        }
        db.clock.advance(std::time::Duration::from_secs(3600));
        let later = db.store.now();
        admin.post_expect("/api/v1/departments", json!({"name": "Vendas"}), 201).await;
        stranger.post_expect("/api/v1/tags", json!({"name": "Só da Outra"}), 201).await;

        let tags = log(&admin, "?action=tag.create").await;
        assert_eq!(tags.iter().map(|e| e["details"]["name"].as_str().unwrap()).collect::<Vec<_>>(), vec!["C", "B", "A"]);
        let since = log(&admin, &format!("?from={later}")).await;
        assert_eq!(since.iter().map(|e| e["action"].as_str().unwrap()).collect::<Vec<_>>(), vec!["department.create"]);
        let until = log(&admin, &format!("?until={later}&action=tag.create")).await;
        assert_eq!(until.len(), 3);
        assert!(log(&admin, &format!("?user={}", acme.agent.id)).await.is_empty());

        // Pages.
        let page = admin.get_ok("/api/v1/audit?action=tag.create&limit=2").await;
        assert_eq!(page["items"].as_array().unwrap().len(), 2);
        let next = page["next_before"].as_i64().expect("a next page");
        let rest = log(&admin, &format!("?action=tag.create&limit=2&before={next}")).await;
        assert_eq!(rest.iter().map(|e| e["details"]["name"].as_str().unwrap()).collect::<Vec<_>>(), vec!["A"]);
        assert!(page["actions"].as_array().unwrap().iter().any(|a| a == "flow.publish"));

        // Each account sees its own log only, whatever it asks for.
        let theirs = log(&stranger, "?limit=200").await;
        assert!(theirs.iter().all(|e| !e.to_string().contains("Vendas") && e["user_id"] != acme.admin.id), "{theirs:?}");
        assert!(theirs.iter().any(|e| e["details"]["name"] == "Só da Outra"));
        assert!(log(&stranger, &format!("?user={}", acme.admin.id)).await.is_empty());
        assert!(log(&admin, "?limit=200").await.iter().all(|e| e["details"]["name"] != "Só da Outra"));

        // Bad filters are refused with a clear message.
        let (status, body) = admin.get("/api/v1/audit?action=nada.disso").await;
        assert_eq!((status, body["error"]["message"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("Ação desconhecida: nada.disso.")));
        let (status, _) = admin.get(&format!("/api/v1/audit?from={later}&until={later}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
