//! Sessions and passwords (issue 17 part 5) through the HTTP API, on both databases: a user
//! lists their sessions and ends one or all the others; changes their own password (the current
//! one first; the others end, this one stays); an admin lists and ends another user's sessions
//! and asks them to choose a new password, which holds their sessions back until they do;
//! common passwords are refused wherever a password is chosen; nothing crosses accounts.

use atende_e2e::seed::PASSWORD;
use atende_e2e::{Client, Seed, TestServer, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn logged_in(server: &TestServer, email: &str, password: &str) -> Client {
    let mut client = server.client();
    assert_eq!(client.login(email, password).await, StatusCode::OK, "{email} logs in");
    client
}

fn items(list: &Value) -> &Vec<Value> {
    list["items"].as_array().expect("items")
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or_default()
}

on_both_backends! {
    async fn a_user_sees_their_sessions_and_ends_one(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let laptop = logged_in(&server, &seed.agent.email, PASSWORD).await;
        let phone = logged_in(&server, &seed.agent.email, PASSWORD).await;
        let _admin = logged_in(&server, &seed.admin.email, PASSWORD).await;

        let list = laptop.get_ok("/api/v1/me/sessions").await;
        assert_eq!(items(&list).len(), 2, "only the agent's own sessions: {list}");
        let current: Vec<&Value> = items(&list).iter().filter(|s| s["current"] == true).collect();
        assert_eq!(current.len(), 1, "{list}");
        let session = &items(&list)[0];
        assert_eq!(session["ip"], "127.0.0.1");
        assert!(session["created_at"].as_i64().is_some() && session["expires_at"].as_i64().is_some(), "{session}");
        assert!(session.get("token_hash").is_none() && session["id"].as_str().unwrap().len() == 16, "{session}");

        let other = items(&list).iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_string();
        assert_eq!(laptop.delete(&format!("/api/v1/me/sessions/{other}")).await.0, StatusCode::NO_CONTENT);
        assert_eq!(phone.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED, "the ended session is gone");
        assert_eq!(laptop.get("/api/v1/me").await.0, StatusCode::OK);
        assert_eq!(items(&laptop.get_ok("/api/v1/me/sessions").await).len(), 1);

        // Unknown, malformed, or someone else's: not found, and nothing ends.
        let (status, body) = laptop.delete(&format!("/api/v1/me/sessions/{other}")).await;
        assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "not_found"));
        assert_eq!(laptop.delete("/api/v1/me/sessions/not-a-session").await.0, StatusCode::NOT_FOUND);
        let admins = server.login(&seed.admin.email).await;
        let admin_session = items(&admins.get_ok("/api/v1/me/sessions").await)[0]["id"].as_str().unwrap().to_string();
        assert_eq!(laptop.delete(&format!("/api/v1/me/sessions/{admin_session}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(admins.get("/api/v1/me").await.0, StatusCode::OK);
    }

    async fn a_user_ends_all_their_other_sessions(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let here = logged_in(&server, &seed.agent.email, PASSWORD).await;
        let a = logged_in(&server, &seed.agent.email, PASSWORD).await;
        let b = logged_in(&server, &seed.agent.email, PASSWORD).await;
        let admin = logged_in(&server, &seed.admin.email, PASSWORD).await;
        let ended = here.post_expect("/api/v1/me/sessions/end-others", json!({}), 200).await;
        assert_eq!(ended["ended"], 2);
        for client in [&a, &b] {
            assert_eq!(client.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(here.get("/api/v1/me").await.0, StatusCode::OK);
        assert_eq!(admin.get("/api/v1/me").await.0, StatusCode::OK, "another user's session is not touched");
    }

    async fn a_user_changes_their_own_password(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let here = logged_in(&server, &seed.agent.email, PASSWORD).await;
        let elsewhere = logged_in(&server, &seed.agent.email, PASSWORD).await;
        let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});

        let (status, body) = here.request(reqwest::Method::PUT, "/api/v1/me/password", Some(change("errada-demais", "girafa-azul-no-telhado"))).await;
        assert_eq!((status, message(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "A senha atual não confere."));
        let (status, body) = here.request(reqwest::Method::PUT, "/api/v1/me/password", Some(change(PASSWORD, "12345678"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(message(&body).starts_with("Essa senha está entre as mais usadas."), "{body}");
        let (status, body) = here.request(reqwest::Method::PUT, "/api/v1/me/password", Some(change(PASSWORD, "curta"))).await;
        assert_eq!((status, message(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "A senha precisa ter pelo menos 8 caracteres."));
        assert_eq!(elsewhere.get("/api/v1/me").await.0, StatusCode::OK, "refused changes end nothing");

        let (status, _) = here.request(reqwest::Method::PUT, "/api/v1/me/password", Some(change(PASSWORD, "girafa-azul-no-telhado"))).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(here.get("/api/v1/me").await.0, StatusCode::OK, "the session it was changed in stays");
        assert_eq!(elsewhere.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED, "the others end");
        assert_eq!(server.client().login(&seed.agent.email, PASSWORD).await, StatusCode::UNAUTHORIZED);
        logged_in(&server, &seed.agent.email, "girafa-azul-no-telhado").await;
    }

    async fn an_admin_asks_a_user_to_choose_a_new_password(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = logged_in(&server, &seed.admin.email, PASSWORD).await;
        let agent = logged_in(&server, &seed.agent.email, PASSWORD).await;
        let agent_id = seed.agent.id;

        // Not an agent's to ask, and not for oneself.
        let (status, _) = agent.post(&format!("/api/v1/users/{}/require-password-change", seed.admin.id), json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = admin.post(&format!("/api/v1/users/{}/require-password-change", seed.admin.id), json!({})).await;
        assert_eq!((status, message(&body)), (StatusCode::UNPROCESSABLE_ENTITY, "Troque a sua própria senha em Meu perfil."));

        assert_eq!(admin.post(&format!("/api/v1/users/{agent_id}/require-password-change"), json!({})).await.0, StatusCode::NO_CONTENT);
        // The agent's open session is held back at once, to what changing the password needs.
        let (status, body) = agent.get("/api/v1/conversations").await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "password_change_required"), "{body}");
        let me = agent.get_ok("/api/v1/me").await;
        assert_eq!(me["user"]["must_change_password"], true);
        let users = admin.get_ok("/api/v1/users").await;
        let listed = users["items"].as_array().or(users.as_array()).unwrap().iter().find(|u| u["id"] == agent_id).cloned().unwrap();
        assert_eq!(listed["must_change_password"], true, "the admin sees the change pending");
        // A fresh login is held back the same way.
        let again = logged_in(&server, &seed.agent.email, PASSWORD).await;
        assert_eq!(again.get("/api/v1/conversations").await.0, StatusCode::FORBIDDEN);

        let body = json!({"current_password": PASSWORD, "new_password": "jabuticaba-no-quintal"});
        assert_eq!(agent.request(reqwest::Method::PUT, "/api/v1/me/password", Some(body)).await.0, StatusCode::NO_CONTENT);
        assert_eq!(agent.get("/api/v1/conversations").await.0, StatusCode::OK);
        assert_eq!(agent.get_ok("/api/v1/me").await["user"]["must_change_password"], false);
        assert_eq!(again.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED, "the agent's other session ended");
    }

    async fn an_admin_lists_and_ends_a_users_sessions(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let other = Seed::create(&db.store, "Outra").await;
        let server = TestServer::start(&db.store).await;
        let admin = logged_in(&server, &seed.admin.email, PASSWORD).await;
        let a = logged_in(&server, &seed.agent.email, PASSWORD).await;
        let b = logged_in(&server, &seed.agent.email, PASSWORD).await;
        let agent_id = seed.agent.id;

        let list = admin.get_ok(&format!("/api/v1/users/{agent_id}/sessions")).await;
        assert_eq!(items(&list).len(), 2);
        assert!(items(&list).iter().all(|s| s["current"] == false));
        assert_eq!(a.get(&format!("/api/v1/users/{}/sessions", seed.admin.id)).await.0, StatusCode::FORBIDDEN, "agents may not");

        // Another account's admin finds nothing here, and ends nothing.
        let stranger = logged_in(&server, &other.admin.email, PASSWORD).await;
        assert_eq!(stranger.get(&format!("/api/v1/users/{agent_id}/sessions")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(stranger.delete(&format!("/api/v1/users/{agent_id}/sessions")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(stranger.post(&format!("/api/v1/users/{agent_id}/require-password-change"), json!({})).await.0, StatusCode::NOT_FOUND);
        assert_eq!(a.get("/api/v1/conversations").await.0, StatusCode::OK);

        let (status, ended) = admin.delete(&format!("/api/v1/users/{agent_id}/sessions")).await;
        assert_eq!((status, ended["ended"].as_i64()), (StatusCode::OK, Some(2)));
        for client in [&a, &b] {
            assert_eq!(client.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(admin.get("/api/v1/me").await.0, StatusCode::OK);
        assert!(items(&admin.get_ok(&format!("/api/v1/users/{agent_id}/sessions")).await).is_empty());
    }

    async fn common_passwords_are_refused_wherever_a_password_is_chosen(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = logged_in(&server, &seed.admin.email, PASSWORD).await;
        let users_before = admin.get_ok("/api/v1/users").await.to_string();
        let new_user = |password: &str| {
            json!({"name": "Rita Lima", "email": "rita@acme.test", "password": password, "role": "agent", "chat_visibility": "own"})
        };
        for weak in ["12345678", "password", "senha123", "ritalima", "acme2026"] {
            let (status, body) = admin.post("/api/v1/users", new_user(weak)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{weak}: {body}");
            assert!(message(&body).contains("adivinhar") || message(&body).contains("mais usadas"), "{weak}: {body}");
        }
        assert_eq!(admin.get_ok("/api/v1/users").await.to_string(), users_before, "no user half-created");
        let rita = admin.post_expect("/api/v1/users", new_user("cafe-com-pao-de-queijo"), 201).await;
        let (status, body) =
            admin.request(reqwest::Method::PUT, &format!("/api/v1/users/{}/password", rita["id"]), Some(json!({"password": "qwertyuiop"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an admin's reset is checked too: {body}");
        logged_in(&server, "rita@acme.test", "cafe-com-pao-de-queijo").await;
    }
}
