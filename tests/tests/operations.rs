//! What an operator relies on (issue 15, parts 6 and 9): `/readyz`, `/metrics` in Prometheus
//! text, a request id on every error answer, the browser security headers, and
//! `atende backup` / `atende restore` of a running SQLite server.

use atende_e2e::process::{HostProcess, binary};
use atende_e2e::{Backend, Client, Seed, TestDb, TestServer, on_both_backends};
use serde_json::json;

/// The value of the sample `name{labels}` in a Prometheus text answer (0 when absent).
fn sample(text: &str, name_and_labels: &str) -> f64 {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once(' '))
        .filter(|(series, _)| {
            series.starts_with(name_and_labels.split('{').next().unwrap())
                && name_and_labels.split(['{', '}', ',']).skip(1).filter(|p| !p.is_empty()).all(|p| series.contains(p))
        })
        .filter_map(|(_, v)| v.parse::<f64>().ok())
        .sum()
}

async fn metrics(server: &TestServer) -> String {
    let response = reqwest::get(format!("{}/metrics", server.url())).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    response.text().await.unwrap()
}

on_both_backends! {
    async fn readyz_answers_ready_and_refuses_a_database_with_a_newer_migration(db: TestDb) {
        let server = TestServer::start(&db.store).await;
        let response = reqwest::get(format!("{}/readyz", server.url())).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.text().await.unwrap(), "ready");

        // A newer binary migrated this database: this one must not take traffic.
        let mut tx = db.store.begin().await.unwrap();
        tx.execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99999, 'from the future', TRUE, $1, 0)",
            atende_host::args![vec![0u8; 48]],
        )
        .await
        .unwrap();
        db.store.commit(tx).await.unwrap();
        let response = reqwest::get(format!("{}/readyz", server.url())).await.unwrap();
        assert_eq!(response.status(), 503);
        let text = response.text().await.unwrap();
        assert!(text.contains("99999") && text.contains("expects"), "{text}");
        assert_eq!(reqwest::get(format!("{}/healthz", server.url())).await.unwrap().status(), 200, "alive, not ready");
    }

    async fn metrics_count_requests_ingest_and_sockets_and_read_the_queues(db: TestDb) {
        let seed = Seed::create(&db.store, "Metricas").await;
        let server = TestServer::start(&db.store).await;
        let before = metrics(&server).await;
        let admin = server.login(&seed.admin.email).await;
        let mut events = admin.events(None).await;
        events.next().await;
        // One message in, one reply out (queued in the outbox).
        let path = format!("/api/v1/simulator/{}/messages", seed.simulator_key);
        server.client().post_expect(&path, json!({"phone": "5511988887777", "name": "Ana", "text": "oi"}), 202).await;
        let list = admin.get_ok("/api/v1/conversations?view=all").await;
        let conversation = list["items"][0]["id"].as_i64().expect("Ana's chat");
        admin.post_expect(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": "Olá!"}), 201).await;
        let after = metrics(&server).await;

        let stored = r#"atende_inbound_messages_total{outcome="stored"}"#;
        assert!(sample(&after, stored) >= sample(&before, stored) + 1.0, "{after}");
        assert!(after.contains("atende_ingest_duration_seconds_bucket"), "latency is a histogram");
        let simulator_posts = r#"atende_http_requests_total{route="/api/v1/simulator/{key}/messages",status="202"}"#;
        assert!(sample(&after, simulator_posts) >= 1.0, "requests are counted by route template: {after}");
        assert!(sample(&after, "atende_websocket_clients") >= 1.0);
        for gauge in ["atende_outbox_pending", "atende_outbox_lag_seconds", "atende_jobs_due", "atende_job_lag_seconds",
                      "atende_broadcast_pending_recipients"] {
            assert!(after.lines().any(|l| l.starts_with(gauge)), "{gauge} missing: {after}");
        }
        if db.backend == Backend::Postgres {
            assert!(after.contains(r#"atende_db_pool_connections{state="idle"}"#));
        }
        // Every label is a template or a bounded name: no conversation id leaks into a series.
        assert!(!after.contains(&format!("/conversations/{conversation}/")), "raw paths never become labels");
        events.close().await;
    }

    async fn every_error_answer_carries_the_request_id_of_its_header(db: TestDb) {
        let server = TestServer::start(&db.store).await;
        let response = reqwest::get(format!("{}/api/v1/nada", server.url())).await.unwrap();
        assert_eq!(response.status(), 404);
        let id = response.headers()["x-request-id"].to_str().unwrap().to_string();
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["request_id"], id.as_str());
    }
}

#[tokio::test]
async fn metrics_need_the_configured_token() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = TestServer::start_with(&db.store, |a| a.metrics_token = "segredo-das-metricas".into()).await;
    let url = format!("{}/metrics", server.url());
    let http = reqwest::Client::new();
    assert_eq!(http.get(&url).send().await.unwrap().status(), 401);
    assert_eq!(http.get(&url).bearer_auth("outro").send().await.unwrap().status(), 401);
    let ok = http.get(&url).bearer_auth("segredo-das-metricas").send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert!(ok.text().await.unwrap().contains("atende_outbox_pending"));
}

#[tokio::test]
async fn the_ui_and_the_api_answer_with_the_browser_security_headers() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = TestServer::start(&db.store).await;
    for path in ["/", "/login", "/api/v1/me", "/healthz"] {
        let response = reqwest::get(format!("{}{path}", server.url())).await.unwrap();
        let header =
            |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let csp = header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "same-origin", "{path}");
    }
}

async fn atende(args: &[&str], database_url: &str) -> std::process::Output {
    tokio::process::Command::new(binary())
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("atende runs")
}

/// The real binary counts from its start: the first scrape already has the requests served
/// before it and the queue gauges.
#[tokio::test]
async fn the_first_scrape_of_a_new_process_has_every_metric() {
    let data = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", data.path().join("atende.db").display());
    let host = HostProcess::start(&url, data.path()).await;
    assert_eq!(reqwest::get(format!("{}/api/v1/me", host.url)).await.unwrap().status(), 401);
    let text = reqwest::get(format!("{}/metrics", host.url)).await.unwrap().text().await.unwrap();
    assert!(sample(&text, r#"atende_http_requests_total{route="/api/v1/me",status="401"}"#) >= 1.0, "{text}");
    assert!(text.lines().any(|l| l.starts_with("atende_outbox_pending ")), "{text}");
    host.kill().await;
}

/// `atende backup` copies a running server's database while messages keep arriving; the copy
/// restores into a new data folder and a server on it has every message acknowledged before
/// the backup began.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_of_a_running_server_restores_into_a_working_server() {
    let live = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", live.path().join("atende.db").display());
    let seed = {
        let db = atende_host::store::Store::connect(&url).await.unwrap();
        let seed = Seed::create(&db, "Copia").await;
        db.close().await;
        seed
    };
    let host = HostProcess::start(&url, live.path()).await;
    let http = reqwest::Client::new();
    let post = |n: usize| {
        let (http, url) = (http.clone(), format!("{}/api/v1/simulator/{}/messages", host.url, seed.simulator_key));
        async move {
            let body = json!({"phone": "5511977776666", "name": "Bia", "text": format!("antes {n}")});
            let response = http.post(url).json(&body).send().await.unwrap();
            assert_eq!(response.status(), 202);
        }
    };
    for n in 0..50 {
        post(n).await;
    }
    // Writes go on while the backup runs.
    let writer = {
        let (http, url) = (http.clone(), format!("{}/api/v1/simulator/{}/messages", host.url, seed.simulator_key));
        tokio::spawn(async move {
            for n in 0..200 {
                let body = json!({"phone": "5511966665555", "name": "Caio", "text": format!("durante {n}")});
                let _ = http.post(&url).json(&body).send().await;
            }
        })
    };
    let file = live.path().join("copia.db");
    let out = atende(&["backup", file.to_str().unwrap()], &url).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Backup written"));
    writer.await.unwrap();
    let again = atende(&["backup", file.to_str().unwrap()], &url).await;
    assert!(!again.status.success(), "an existing backup is never overwritten");
    host.kill().await;

    let restored = tempfile::tempdir().unwrap();
    let restored_url = format!("sqlite://{}", restored.path().join("atende.db").display());
    let out = atende(&["restore", file.to_str().unwrap()], &restored_url).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let host = HostProcess::start(&restored_url, restored.path()).await;
    let mut admin = Client::new(&host.url);
    assert!(admin.login(&seed.admin.email, atende_e2e::seed::PASSWORD).await.is_success());
    let list = admin.get_ok("/api/v1/conversations?view=all").await;
    let maria = list["items"].as_array().unwrap().iter().find(|c| c["contact"]["name"] == "Bia").expect("Bia's chat");
    let history = admin.get_ok(&format!("/api/v1/conversations/{}/messages?limit=100", maria["id"])).await;
    let texts: Vec<&str> = history["items"].as_array().unwrap().iter().filter_map(|m| m["text"].as_str()).collect();
    for n in 0..50 {
        assert!(texts.contains(&format!("antes {n}").as_str()), "message {n} acknowledged before the backup is in it");
    }
    host.kill().await;

    // Not a database at all: refused with what is wrong, nothing replaced.
    let junk = restored.path().join("junk.db");
    std::fs::write(&junk, b"not sqlite").unwrap();
    let out = atende(&["restore", junk.to_str().unwrap()], &restored_url).await;
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a usable backup"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn backup_of_a_postgresql_database_points_to_pg_dump() {
    let out = atende(&["backup", "/tmp/x.db"], "postgres://postgres@127.0.0.1:5432/postgres").await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
}

/// One account past its API quota gets 429 with Retry-After; another account is not slowed.
#[tokio::test]
async fn an_account_past_its_api_quota_waits_and_another_account_does_not() {
    let db = TestDb::new(Backend::Sqlite).await;
    let busy = Seed::create(&db.store, "Barulhenta").await;
    let quiet = Seed::create(&db.store, "Quieta").await;
    let server = TestServer::start_with(&db.store, |a| a.api_per_account_per_minute = 5).await;
    let noisy = server.login(&busy.admin.email).await;
    let token = noisy.post_expect("/api/v1/api-tokens", json!({"name": "integração"}), 201).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let http = reqwest::Client::new();
    let mut refused = None;
    for n in 0..10 {
        let response = http.get(format!("{}/api/v1/me", server.url())).bearer_auth(&token).send().await.unwrap();
        if response.status() == 429 {
            refused = Some((n, response));
            break;
        }
        assert_eq!(response.status(), 200);
    }
    let (n, response) = refused.expect("the quota of 5 a minute runs out");
    assert!(n <= 4, "refused after {n} requests and the token's creation");
    let retry: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=12).contains(&retry), "a request a 12 s refills: {retry}");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    assert!(body["error"]["message"].as_str().unwrap().contains("tente de novo"));
    let other = server.login(&quiet.admin.email).await;
    assert_eq!(other.get("/api/v1/me").await.0, 200, "the other account has its own quota");
}
