//! Appointments end to end (S9, F2's scheduling node): an admin sets the account's
//! availability; a flow's `schedule` step offers the free slots in the simulator as a list; a
//! tap books one; two contacts picking the same slot at once end with one booking and the other
//! told it was taken; the appointments are listed on the contact and exported as `.ics`;
//! cancelling frees the time; no availability leaves by `no_availability`.

use std::time::Duration;

use atende_e2e::chat::{chat_of, contact_writes};
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

const ANA: &str = "5511988880001";
const BIA: &str = "5511988880002";

/// Every day 09:00–12:00 in one-hour slots, bookable right up to their start, three days ahead (at least six slots whatever the hour).
fn mornings() -> Value {
    let morning = json!([["09:00", "12:00"]]);
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let hours: serde_json::Map<String, Value> = days.iter().map(|d| (d.to_string(), morning.clone())).collect();
    json!({"slot_minutes": 60, "hours": hours, "horizon_days": 3, "notice_minutes": 0})
}

fn schedule_flow() -> Value {
    let node =
        |id: &str, step: &str, config: Value| json!({"id": id, "type": step, "typeVersion": 1, "config": config});
    let edge = |from: &str, port: &str, to: &str| json!({"from": {"node": from, "port": port}, "to": to});
    json!({"formatVersion": "1.0.0", "name": "Agenda", "entry": "agenda",
        "nodes": [
            node("agenda", "schedule", json!({"text": "Qual horário fica melhor?", "per_page": 3,
                "variable": "horario", "confirmation": "Combinado: {horario}!"})),
            node("fim", "content", json!({"messages": ["Até lá, {nome}!"]})),
            node("lotado", "content", json!({"messages": ["Estamos sem horários livres."]})),
        ],
        "edges": [edge("agenda", "booked", "fim"), edge("agenda", "no_availability", "lotado")]})
}

struct Setup {
    seed: Seed,
    server: TestServer,
    admin: Client,
}

impl Setup {
    async fn new(db: &TestDb) -> Setup {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let (status, body) = admin.request(reqwest::Method::PUT, "/api/v1/availability", Some(mornings())).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let id = admin.post_expect("/api/v1/flows", schedule_flow(), 201).await["flow"]["id"].as_i64().unwrap();
        admin.post_expect(&format!("/api/v1/flows/{id}/publish"), json!({}), 201).await;
        let settings = json!({"chatbot_enabled": true, "initial_flow_id": id, "closing_flow_id": null});
        assert_eq!(
            admin.request(reqwest::Method::PUT, "/api/v1/flow-settings", Some(settings)).await.0,
            StatusCode::OK
        );
        Setup { seed, server, admin }
    }

    /// What the contact at `phone` received, oldest first.
    async fn received(&self, phone: &str) -> Vec<Value> {
        let page = self
            .server
            .client()
            .get_ok(&format!("/api/v1/simulator/{}/messages?phone={phone}", self.seed.simulator_key))
            .await;
        page["items"].as_array().unwrap().iter().filter(|m| m["direction"] == "outbound").cloned().collect()
    }

    /// Wait until the contact at `phone` has received `count` messages.
    async fn received_at_least(&self, phone: &str, count: usize) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let seen = self.received(phone).await;
            if seen.len() >= count {
                return seen;
            }
            assert!(tokio::time::Instant::now() < deadline, "{phone} received only {seen:#?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn tap(&self, phone: &str, id: &str, title: &str) {
        let body = json!({"phone": phone, "name": "Contato", "text": title, "reply_id": id});
        self.server
            .client()
            .post_expect(&format!("/api/v1/simulator/{}/messages", self.seed.simulator_key), body, 202)
            .await;
    }

    async fn free_slots(&self) -> Vec<Value> {
        self.admin.get_ok("/api/v1/availability/free-slots").await["items"].as_array().unwrap().clone()
    }
}

/// The rows of a list message.
fn rows(message: &Value) -> Vec<(String, String)> {
    assert_eq!(message["choices"]["kind"], "list", "{message}");
    message["choices"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["id"].as_str().unwrap().to_string(), o["title"].as_str().unwrap().to_string()))
        .collect()
}

on_both_backends! {
    async fn a_contact_picks_a_free_slot_and_the_appointment_is_listed_and_exported(db: TestDb) {
        let s = Setup::new(&db).await;
        let free = s.free_slots().await;
        assert!(free.len() >= 6, "tomorrow and the day after: {free:?}");
        let first = format!("slot:{}", free[0]["start"]);

        contact_writes(&s.server, &s.seed, ANA, "Ana", "Oi").await;
        let offer = s.received_at_least(ANA, 1).await;
        assert_eq!(offer[0]["text"], "Qual horário fica melhor?");
        let offered = rows(&offer[0]);
        assert_eq!(offered.len(), 5, "three slots, more, cancel: {offered:?}");
        assert_eq!(offered[0].0, first);
        assert!(offered[0].1.contains(" às ") && offered[0].1.ends_with(":00"), "\"seg., 07/12 às 09:00\": {offered:?}");
        assert_eq!(offered[3], ("more".to_string(), "Mais horários".to_string()));
        assert_eq!(offered[4], ("cancel".to_string(), "Cancelar".to_string()));

        s.tap(ANA, &offered[0].0, &offered[0].1).await;
        let after = s.received_at_least(ANA, 3).await;
        assert_eq!(after[1]["text"], format!("Combinado: {}!", offered[0].1));
        assert_eq!(after[2]["text"], "Até lá, Ana!");

        let ana = chat_of(&s.server.running.store, &s.seed, ANA).await;
        let contact = ana.contact.as_ref().unwrap().id;
        let listed = s.admin.get_ok(&format!("/api/v1/contacts/{contact}/appointments")).await["items"].clone();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(listed[0]["starts_at"], free[0]["start"]);
        assert_eq!(listed[0]["ends_at"], free[0]["end"]);
        assert_eq!((listed[0]["status"].as_str(), listed[0]["flow_name"].as_str()), (Some("booked"), Some("Agenda")));
        assert!(!s.free_slots().await.iter().any(|slot| slot["start"] == free[0]["start"]), "the time is taken");

        // The calendar file: one event at the booked time, in UTC.
        let (status, content_type, ics) = s.admin.get_text(&format!("/api/v1/contacts/{contact}/appointments/calendar.ics")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type.starts_with("text/calendar"), "{content_type}");
        let start = chrono::DateTime::from_timestamp_millis(free[0]["start"].as_i64().unwrap()).unwrap();
        assert!(ics.contains(&format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ"))), "{ics}");
        assert!(ics.contains("SUMMARY:Atendimento: Ana"), "{ics}");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);

        // Cancelled: the time is free again, and the account's calendar says so when asked.
        let id = listed[0]["id"].as_i64().unwrap();
        let cancelled = s.admin.post_expect(&format!("/api/v1/appointments/{id}/cancel"), json!({}), 200).await;
        assert_eq!(cancelled["status"], "cancelled");
        let (status, again) = s.admin.post(&format!("/api/v1/appointments/{id}/cancel"), json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
        assert!(s.free_slots().await.iter().any(|slot| slot["start"] == free[0]["start"]));
        assert!(s.admin.get_ok("/api/v1/appointments").await["items"].as_array().unwrap().is_empty(), "booked only");
        let (_, _, ics) = s.admin.get_text("/api/v1/appointments/calendar.ics?include_cancelled=true").await;
        assert!(ics.contains("STATUS:CANCELLED"), "{ics}");
        assert_eq!(s.admin.get("/api/v1/contacts/999999/appointments").await.0, StatusCode::NOT_FOUND);
    }

    async fn two_contacts_picking_one_slot_end_with_one_booking(db: TestDb) {
        let s = Setup::new(&db).await;
        contact_writes(&s.server, &s.seed, ANA, "Ana", "Oi").await;
        contact_writes(&s.server, &s.seed, BIA, "Bia", "Oi").await;
        let slot = rows(&s.received_at_least(ANA, 1).await[0])[0].clone();
        assert_eq!(rows(&s.received_at_least(BIA, 1).await[0])[0], slot, "both were offered the same first time");
        // Both tap it at once: whichever run writes second finds it taken and is redone.
        tokio::join!(s.tap(ANA, &slot.0, &slot.1), s.tap(BIA, &slot.0, &slot.1));
        let ana = s.received_at_least(ANA, 2).await;
        let bia = s.received_at_least(BIA, 2).await;
        let ana_won = ana[1]["text"].as_str().unwrap().starts_with("Combinado");
        let (winner, loser, loser_phone) = if ana_won { (ana, bia, BIA) } else { (bia, ana, ANA) };
        assert_eq!(winner[1]["text"], format!("Combinado: {}!", slot.1));
        assert_eq!(loser[1]["text"], "Esse horário acabou de ser ocupado. Veja os horários livres agora:");
        let offered_again = rows(&s.received_at_least(loser_phone, 3).await[2]);
        assert!(!offered_again.iter().any(|row| row.0 == slot.0), "the taken time is not offered again");
        let booked = s.admin.get_ok("/api/v1/appointments").await["items"].as_array().unwrap().clone();
        assert_eq!(booked.len(), 1, "{booked:?}");
    }

    async fn availability_is_checked_and_none_leaves_by_no_availability(db: TestDb) {
        let s = Setup::new(&db).await;
        let (status, refused) = s
            .admin
            .request(reqwest::Method::PUT, "/api/v1/availability", Some(json!({"slot_minutes": 0})))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused["error"]["message"].as_str().unwrap().contains("entre 5 e 480 minutos"), "{refused}");
        let agent = s.server.login(&s.seed.agent.email).await;
        assert_eq!(agent.request(reqwest::Method::PUT, "/api/v1/availability", Some(json!({}))).await.0, StatusCode::FORBIDDEN);
        assert_eq!(s.admin.get_ok("/api/v1/availability").await["slot_minutes"], 60, "unchanged");

        let (status, _) = s.admin.request(reqwest::Method::PUT, "/api/v1/availability", Some(json!({}))).await;
        assert_eq!(status, StatusCode::OK, "no hours at all: nothing can be booked");
        assert!(s.free_slots().await.is_empty());
        contact_writes(&s.server, &s.seed, ANA, "Ana", "Oi").await;
        assert_eq!(s.received_at_least(ANA, 1).await[0]["text"], "Estamos sem horários livres.");
    }
}
