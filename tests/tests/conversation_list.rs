//! The conversation list through the API (issue 4, part 1): filters (L2), the four sorts with
//! keyset pages (L3), search by name, phone and active protocol (L4), unread and "Marcar como
//! não lido" (L12), the timer's colour (L13), and the per-view counts (L1).

use atende_e2e::chat::contact_writes;
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn ids(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "contact")
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

/// Every contact chat of a query, following the cursor page by page.
async fn all_pages(client: &Client, query: &str) -> Vec<i64> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/conversations?{query}&limit=2&cursor={c}"),
            None => format!("/api/v1/conversations?{query}&limit=2"),
        };
        let page = client.get_ok(&path).await;
        out.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return out,
        }
    }
}

async fn set_times(db: &TestDb, chat: i64, last_message_at: i64, opened_at: Option<i64>) {
    db.store
        .read()
        .await
        .unwrap()
        .execute(
            "UPDATE conversations SET last_message_at = $1, service_opened_at = $2 WHERE id = $3",
            atende_host::args![last_message_at, opened_at, chat],
        )
        .await
        .unwrap();
}

on_both_backends! {
    async fn filters_combine_tag_department_campaign_agent_channel_and_unread(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let maria = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let ana = contact_writes(&server, &acme, "5511999990002", "Ana", "Oi").await;
        let rui = contact_writes(&server, &acme, "5511999990003", "Rui", "Oi").await;
        let vip = admin.post_expect("/api/v1/tags", json!({"name": "VIP"}), 201).await["id"].as_i64().unwrap();
        for chat in [&maria, &ana] {
            admin.post_expect(&format!("/api/v1/contacts/{}/tags", chat.contact.as_ref().unwrap().id), json!({"tag_id": vip}), 200).await;
        }
        admin.post_expect(&format!("/api/v1/conversations/{}/forward", ana.id), json!({"department_id": acme.department_id}), 200).await;
        admin.post_expect(&format!("/api/v1/conversations/{}/assign", rui.id), json!({"agent_id": acme.agent.id}), 200).await;
        db.store.read().await.unwrap().execute("UPDATE contacts SET campaign = 'Black Friday' WHERE id = $1", atende_host::args![maria.contact.as_ref().unwrap().id]).await.unwrap();
        admin.post_expect(&format!("/api/v1/conversations/{}/read", ana.id), json!({}), 204).await;

        let sorted = |mut v: Vec<i64>| { v.sort(); v };
        assert_eq!(sorted(ids(&admin.get_ok(&format!("/api/v1/conversations?tag={vip}")).await)), sorted(vec![maria.id, ana.id]));
        assert_eq!(ids(&admin.get_ok(&format!("/api/v1/conversations?tag={vip}&department={}", acme.department_id)).await), vec![ana.id]);
        assert_eq!(ids(&admin.get_ok("/api/v1/conversations?campaign=Black%20Friday").await), vec![maria.id]);
        assert_eq!(ids(&admin.get_ok(&format!("/api/v1/conversations?agent={}", acme.agent.id)).await), vec![rui.id]);
        assert_eq!(ids(&admin.get_ok("/api/v1/conversations?channel=simulator").await).len(), 3);
        assert!(ids(&admin.get_ok("/api/v1/conversations?channel=whatsapp").await).is_empty());
        assert_eq!(sorted(ids(&admin.get_ok(&format!("/api/v1/conversations?tag={vip}&unread=true")).await)), vec![maria.id]);
        let listed = admin.get_ok("/api/v1/conversations").await;
        let maria_row = listed["items"].as_array().unwrap().iter().find(|c| c["id"] == maria.id).unwrap().clone();
        assert_eq!(maria_row["contact"]["campaign"], "Black Friday");
        assert_eq!(maria_row["channel"]["kind"], "simulator", "L11");
    }

    async fn the_four_sorts_page_without_gaps_and_the_fifo_queue_puts_the_oldest_opening_first(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let mut chats = Vec::new();
        for i in 0..5 {
            chats.push(contact_writes(&server, &acme, &format!("551199999000{i}"), &format!("C{i}"), "Oi").await.id);
        }
        // Messages: c0 newest … c4 oldest. Openings: c2 oldest, c0 newest; c4 is closed.
        let base = 1_800_000_000_000;
        for (i, (chat, opened)) in chats.iter().zip([Some(50), Some(40), Some(10), Some(30), None]).enumerate() {
            set_times(&db, *chat, base - i as i64 * 1000, opened.map(|o| base + o)).await;
        }
        admin.post_expect(&format!("/api/v1/conversations/{}/close", chats[4]), json!({"message": null}), 200).await;
        set_times(&db, chats[4], base - 4000, None).await;

        assert_eq!(all_pages(&admin, "sort=recent").await, chats.clone());
        assert_eq!(all_pages(&admin, "sort=oldest").await, chats.iter().rev().copied().collect::<Vec<_>>());
        assert_eq!(all_pages(&admin, "sort=opening_oldest").await, vec![chats[2], chats[3], chats[1], chats[0], chats[4]]);
        assert_eq!(all_pages(&admin, "sort=opening_recent").await, vec![chats[0], chats[1], chats[3], chats[2], chats[4]]);
        assert_eq!(all_pages(&admin, "view=open&sort=opening_oldest").await, vec![chats[2], chats[3], chats[1], chats[0]]);
        let (status, answer) = admin.get("/api/v1/conversations?sort=alfabetica").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        let first = admin.get_ok("/api/v1/conversations?sort=recent&limit=2").await;
        let cursor = first["next_cursor"].as_str().unwrap();
        assert_eq!(admin.get(&format!("/api/v1/conversations?sort=oldest&cursor={cursor}")).await.0, StatusCode::UNPROCESSABLE_ENTITY, "a cursor belongs to its sort");
    }

    async fn messages_and_openings_move_chats_in_their_sorts(db: TestDb) {
        // L3 with the times the server itself records (the sort test above sets them by hand).
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let pause = || tokio::time::sleep(std::time::Duration::from_millis(5));
        let maria = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        pause().await;
        let ana = contact_writes(&server, &acme, "5511999990002", "Ana", "Oi").await;
        // All: the agent's reply below assigns the chat, which takes it out of Open.
        let order = |sort: &'static str| {
            let (admin, ours) = (&admin, [maria.id, ana.id]);
            async move {
                let listed = ids(&admin.get_ok(&format!("/api/v1/conversations?view=all&sort={sort}")).await);
                listed.into_iter().filter(|id| ours.contains(id)).collect::<Vec<_>>()
            }
        };
        assert_eq!(order("recent").await, vec![ana.id, maria.id]);
        assert_eq!(order("opening_oldest").await, vec![maria.id, ana.id], "the queue: first opened first");
        pause().await;
        contact_writes(&server, &acme, "5511999990001", "Maria", "Ainda estou aqui").await;
        assert_eq!(order("recent").await, vec![maria.id, ana.id], "a contact's message");
        pause().await;
        admin.post_expect(&format!("/api/v1/conversations/{}/messages", ana.id), json!({"text": "Olá, Ana!"}), 201).await;
        assert_eq!(order("recent").await, vec![ana.id, maria.id], "an agent's message");
        assert_eq!(order("oldest").await, vec![maria.id, ana.id]);
        assert_eq!(order("opening_oldest").await, vec![maria.id, ana.id], "messages do not move the opening");
    }

    async fn search_finds_name_phone_and_active_protocol_only(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let maria = contact_writes(&server, &acme, "5521987654321", "Maria Souza", "Oi").await;
        let ana = contact_writes(&server, &acme, "5511912345678", "Ana Lima", "Oi").await;
        let old_protocol = ana.protocol.clone().unwrap();
        admin.post_expect(&format!("/api/v1/conversations/{}/close", ana.id), json!({"message": null}), 200).await;

        assert_eq!(ids(&admin.get_ok("/api/v1/conversations?search=souza").await), vec![maria.id]);
        // Shorter than a trigram: PostgreSQL cannot use its index and tests the open chats.
        assert_eq!(ids(&admin.get_ok("/api/v1/conversations?search=Ma").await), vec![maria.id]);
        // What a user types is literal text: `%` and `_` are no wildcards.
        assert!(ids(&admin.get_ok("/api/v1/conversations?search=%25").await).is_empty());
        assert!(ids(&admin.get_ok("/api/v1/conversations?search=Maria_Souza").await).is_empty());
        assert_eq!(ids(&admin.get_ok("/api/v1/conversations?search=98765").await), vec![maria.id]);
        assert_eq!(ids(&admin.get_ok(&format!("/api/v1/conversations?search={}", maria.protocol.clone().unwrap())).await), vec![maria.id]);
        assert!(ids(&admin.get_ok("/api/v1/conversations?search=Ana").await).is_empty(), "closed: not found");
        assert!(ids(&admin.get_ok(&format!("/api/v1/conversations?search={old_protocol}")).await).is_empty(), "an ended protocol is not found");
        let reopened = contact_writes(&server, &acme, "5511912345678", "Ana Lima", "Voltei").await;
        assert_eq!(ids(&admin.get_ok("/api/v1/conversations?search=ana").await), vec![reopened.id]);
        assert!(ids(&admin.get_ok(&format!("/api/v1/conversations?search={old_protocol}")).await).is_empty());
    }

    async fn unread_marks_the_timer_colour_and_the_view_counts(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let agent = server.login(&acme.agent.email).await;
        let maria = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let ana = contact_writes(&server, &acme, "5511999990002", "Ana", "Oi").await;
        let rui = contact_writes(&server, &acme, "5511999990003", "Rui", "Oi").await;
        admin.post_expect(&format!("/api/v1/conversations/{}/assign", rui.id), json!({"agent_id": acme.agent.id}), 200).await;
        admin.post_expect(&format!("/api/v1/conversations/{}/close", ana.id), json!({"message": null}), 200).await;

        let counts = admin.get_ok("/api/v1/conversations/counts").await;
        assert_eq!((counts["all"].as_i64(), counts["open"].as_i64(), counts["mine"].as_i64(), counts["in_service"].as_i64()), (Some(3), Some(1), Some(0), Some(1)));
        let theirs = agent.get_ok("/api/v1/conversations/counts").await;
        assert_eq!((theirs["mine"].as_i64(), theirs["in_service"].as_i64()), (Some(1), Some(1)));
        assert_eq!(counts["unread_all"], 3);

        admin.post_expect(&format!("/api/v1/conversations/{}/read", maria.id), json!({}), 204).await;
        assert_eq!(admin.get_ok("/api/v1/conversations/counts").await["unread_all"], 2);
        assert_eq!(admin.get_ok(&format!("/api/v1/conversations/{}", maria.id)).await["unread"], false, "L12: opened by any user");
        admin.post_expect(&format!("/api/v1/conversations/{}/unread", maria.id), json!({}), 204).await;
        assert_eq!(agent.get_ok(&format!("/api/v1/conversations/{}", maria.id)).await["unread"], true, "\"Marcar como não lido\", for everyone");

        // L13: green now, red after an hour; none once answered.
        let view = admin.get_ok(&format!("/api/v1/conversations/{}", maria.id)).await;
        assert_eq!(view["unanswered_colour"], "green");
        db.store.read().await.unwrap().execute("UPDATE conversations SET unanswered_since = $1 WHERE id = $2", atende_host::args![db.clock.now() - 61 * 60_000, maria.id]).await.unwrap();
        assert_eq!(admin.get_ok(&format!("/api/v1/conversations/{}", maria.id)).await["unanswered_colour"], "red");
        admin.post_expect(&format!("/api/v1/conversations/{}/messages", maria.id), json!({"text": "Olá!"}), 201).await;
        let answered = admin.get_ok(&format!("/api/v1/conversations/{}", maria.id)).await;
        assert_eq!((answered["unanswered_since"].clone(), answered["unanswered_colour"].clone()), (Value::Null, Value::Null));
    }

    async fn a_target_phone_deep_link_opens_the_chat_or_a_new_one(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let maria = contact_writes(&server, &acme, "5521999999999", "Maria", "Oi").await;
        let found = admin.get_ok("/api/v1/chat-target?target_phone=21999999999").await;
        assert_eq!((found["conversation_id"].as_i64(), found["phone"].as_str()), (Some(maria.id), Some("5521999999999")));
        let hyphens = admin.get_ok("/api/v1/chat-target?target_phone=21-99999-9999").await;
        assert_eq!(hyphens["conversation_id"], maria.id, "hyphens are allowed");
        let new = admin.get_ok("/api/v1/chat-target?target_phone=21988887777").await;
        assert_eq!((new["conversation_id"].clone(), new["phone"].as_str()), (Value::Null, Some("5521988887777")), "New chat, phone filled in");
        let (status, answer) = admin.get("/api/v1/chat-target?target_phone=(21)999999999").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(answer["error"]["message"].as_str().unwrap().contains("parênteses"), "{answer}");
        let foreign = admin.get_ok("/api/v1/chat-target?target_phone=14155550100&foreign=true").await;
        assert_eq!(foreign["phone"], "14155550100");
        // An agent who may not see the chat is sent to New chat, never into someone else's chat.
        db.store.read().await.unwrap().execute("UPDATE users SET chat_visibility = 'own' WHERE id = $1", atende_host::args![acme.agent.id]).await.unwrap();
        let agent = server.login(&acme.agent.email).await;
        let hidden = agent.get_ok("/api/v1/chat-target?target_phone=21999999999").await;
        assert_eq!(hidden["conversation_id"], Value::Null);
    }

    async fn the_unanswered_timer_counts_from_the_first_unanswered_message_even_across_a_close(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let since = chat.unanswered_since.expect("L13: the timer starts when the chat is sent to service");
        contact_writes(&server, &acme, "5511999990001", "Maria", "Alguém?").await;
        let path = format!("/api/v1/conversations/{}", chat.id);
        let view = || admin.get_ok(&path);
        assert_eq!(view().await["unanswered_since"], since, "later messages do not move it");
        admin.post_expect(&format!("/api/v1/conversations/{}/messages", chat.id), json!({"text": "/interna cliente antigo"}), 201).await;
        assert_eq!(view().await["unanswered_since"], since, "an internal message is no answer");
        let first = admin.get_ok(&format!("/api/v1/conversations/{}/messages", chat.id)).await["items"][0]["id"].as_i64().unwrap();
        admin.post_expect(&format!("/api/v1/conversations/{}/reactions", chat.id), json!({"message_id": first, "emoji": "👍"}), 201).await;
        assert_eq!(view().await["unanswered_since"], since, "a reaction is no answer");
        admin.post_expect(&format!("/api/v1/conversations/{}/forward", chat.id), json!({"department_id": acme.department_id}), 200).await;
        assert_eq!(view().await["unanswered_since"], since, "the forward's system line is no answer");

        // Closed unanswered: hidden; the contact writes again: it counts from before the close.
        admin.post_expect(&format!("/api/v1/conversations/{}/close", chat.id), json!({"message": null}), 200).await;
        assert_eq!(view().await["unanswered_since"], Value::Null, "removed from view on close");
        let again = contact_writes(&server, &acme, "5511999990001", "Maria", "Voltei").await;
        assert_eq!(again.unanswered_since, Some(since), "the first unanswered message, from before the close");

        admin.post_expect(&format!("/api/v1/conversations/{}/messages", chat.id), json!({"text": "Oi Maria!"}), 201).await;
        assert_eq!(view().await["unanswered_since"], Value::Null, "an answer stops it");
        let later = contact_writes(&server, &acme, "5511999990001", "Maria", "Obrigada").await;
        assert!(later.unanswered_since.unwrap() > since, "a new unanswered message starts it again");
    }
}
