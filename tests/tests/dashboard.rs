//! The dashboard (issue 14 part 5) through the API on both databases: contacts served and
//! services opened and closed in the period, the waiting queue now, first-response and service
//! times per agent and department, messages per channel and per day — the same whether they are
//! still counted live or already rolled up into the hourly counters —, and the campaigns'
//! results (S10). Admins only; another account's traffic never shows.

use std::time::Duration;

use atende_e2e::chat::contact_writes;
use atende_e2e::{Seed, TestServer, on_both_backends};
use atende_host::domain::dashboard::ROLLUP_LAG_MS;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn inbound_outbound(dashboard: &Value) -> (i64, i64) {
    let channel = &dashboard["messages_by_channel"][0];
    (channel["inbound"].as_i64().unwrap(), channel["outbound"].as_i64().unwrap())
}

on_both_backends! {
    async fn the_dashboard_counts_services_times_messages_and_campaigns(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let beta_admin = server.login(&beta.admin.email).await;

        // Three contacts write; two came from the "Black Friday" campaign.
        let ana = contact_writes(&server, &acme, "5521955591001", "Ana", "Oi").await;
        let bia = contact_writes(&server, &acme, "5521955591002", "Bia", "Oi").await;
        contact_writes(&server, &acme, "5521955591003", "Caio", "Oi").await;
        contact_writes(&server, &beta, "5521955591009", "Outra", "Oi").await;
        for chat in [&ana, &bia] {
            db.store.read().await.unwrap()
                .execute("UPDATE contacts SET campaign = 'Black Friday' WHERE id = $1", atende_host::args![chat.contact.as_ref().unwrap().id])
                .await
                .unwrap();
        }
        // The admin answers Ana two minutes later and closes her service five minutes after that.
        db.clock.advance(Duration::from_secs(120));
        admin.post_expect(&format!("/api/v1/conversations/{}/messages", ana.id), json!({"text": "Olá, Ana!"}), 201).await;
        db.clock.advance(Duration::from_secs(300));
        admin.post_expect(&format!("/api/v1/conversations/{}/close", ana.id), json!({}), 200).await;

        let week = admin.get_ok("/api/v1/dashboard?period=7d").await;
        assert_eq!(week["contacts_served"], 3, "{week}");
        assert_eq!(week["services_opened"], 3);
        assert_eq!(week["services_closed"], 1);
        assert_eq!(week["waiting"]["total"], 2, "Bia and Caio wait for a person: {}", week["waiting"]);
        let first = &week["first_response"];
        assert_eq!(first["overall"]["count"], 1);
        let answered = first["overall"]["median_ms"].as_i64().unwrap();
        assert!((120_000..130_000).contains(&answered), "about two minutes: {answered}");
        assert_eq!(first["by_agent"][0]["who"]["name"], "Admin");
        let served = week["service_time"]["overall"]["p90_ms"].as_i64().unwrap();
        assert!((420_000..430_000).contains(&served), "about seven minutes: {served}");
        assert_eq!(week["service_time"]["by_department"].as_array().unwrap().len(), 1);
        let (inbound, outbound) = inbound_outbound(&week);
        assert_eq!(inbound, 3, "{week}");
        assert!(outbound >= 1, "the admin's answer: {week}");
        assert_eq!(week["days"].as_array().unwrap().len(), 7);
        let day_in: i64 = week["days"].as_array().unwrap().iter().map(|d| d["inbound"].as_i64().unwrap()).sum();
        assert_eq!(day_in, 3, "the days add up to the channel's count");
        assert_eq!(week["campaigns"], json!([{"campaign": "Black Friday", "contacts": 2, "services_opened": 2}]));

        // Rolled up into the hourly counters, the figures do not change.
        db.clock.advance(Duration::from_millis(ROLLUP_LAG_MS as u64 + 1_000));
        let rolled = admin.get_ok("/api/v1/dashboard?period=7d").await;
        assert_eq!(inbound_outbound(&rolled), (inbound, outbound), "counted once, live or rolled up");
        let (counted,): (i64,) = db.store.read().await.unwrap()
            .fetch_one("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM message_hours WHERE account_id = $1", atende_host::args![acme.account_id])
            .await
            .unwrap();
        assert!(counted >= inbound + outbound, "the roll-up counted them: {counted}");

        let today = admin.get_ok("/api/v1/dashboard").await;
        assert_eq!(today["period"], "today");
        assert_eq!(today["days"].as_array().unwrap().len(), 1);
        let beta_week = beta_admin.get_ok("/api/v1/dashboard?period=30d").await;
        assert_eq!(beta_week["contacts_served"], 1, "another account's traffic is not counted");
        assert_eq!(inbound_outbound(&beta_week).0, 1);
        let (status, _) = server.login(&acme.agent.email).await.get("/api/v1/dashboard").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "the dashboard is an admin's");
        let (status, answer) = admin.get("/api/v1/dashboard?period=ano").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    }
}
