//! The store contract: every domain operation behaves the same on SQLite and PostgreSQL.
//! Each test runs once per backend (`<name>::sqlite`, `<name>::postgres`).

use atende_e2e::{Seed, TestDb, on_both_backends};
use atende_host::domain::Vocabulary;
use atende_host::domain::access::{ChatAudience, ChatVisibility, Viewer};
use atende_host::domain::contact_import::Duplicates;
use atende_host::domain::content::{Content, Reaction};
use atende_host::domain::conversation::{ConversationKind, ConversationState};
use atende_host::domain::message::{MessageKind, MessageStatus};
use atende_host::domain::views::{ChatPlacement, View, in_view};
use atende_host::store::views::UserView;
use atende_host::store::{
    ConversationFilter, HostShare, Inbound, IngestOutcome, NewOutbound, SendFailure, Store, StoreError,
};
use serde_json::Value;

fn inbound(seed: &Seed, phone: &str, provider_id: &str, text: &str) -> Inbound {
    Inbound {
        channel_id: seed.channel_id,
        provider_message_id: provider_id.into(),
        platform: "simulator".into(),
        contact_external_id: phone.into(),
        contact_name: format!("Contato {phone}"),
        contact_phone: Some(phone.into()),
        kind: MessageKind::Text,
        text: Some(text.into()),
        payload: None,
        // Now (the test clock is never moved here): the contact's window is open (S4).
        sent_at: atende_host::clock::Clock::system().now(),
    }
}

async fn stored(store: &Store, inbound: &Inbound) -> (i64, i64) {
    match store.ingest_inbound(inbound).await.expect("ingest") {
        IngestOutcome::Stored { conversation_id, message_id } => (conversation_id, message_id),
        other => panic!("expected a stored message, got {other:?}"),
    }
}

async fn count(store: &Store, sql: &str) -> i64 {
    let (n,): (i64,) = store.read().await.unwrap().fetch_one(sql, vec![]).await.unwrap();
    n
}

fn text(conversation_id: i64, body: &str) -> NewOutbound {
    NewOutbound::new(conversation_id, Content::text(body).unwrap())
}

async fn exec(store: &Store, sql: &str, args: Vec<atende_host::store::Arg>) {
    let mut tx = store.begin().await.unwrap();
    tx.execute(sql, args).await.unwrap();
    store.commit(tx).await.unwrap();
}

on_both_backends! {
    async fn inbound_message_creates_contact_conversation_service_and_message(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let (conversation_id, message_id) = stored(store, &inbound(&seed, "5511999990000", "m1", "Oi")).await;
        let conversation = store.conversation(seed.account_id, conversation_id).await.unwrap();
        assert_eq!(conversation.state, ConversationState::Open, "chatbot off: the chat opens for service (L1)");
        assert_eq!(conversation.contact.as_ref().unwrap().name, "Contato 5511999990000");
        assert!(conversation.unread);
        assert_eq!(conversation.last_message_preview.as_deref(), Some("Oi"));
        let protocol = conversation.protocol.expect("a protocol for the new service");
        assert!(protocol.len() == 15 && protocol.ends_with("-000001"), "{protocol}");
        assert!(conversation.unanswered_since.is_some(), "L13 timer starts");
        let message = store.message_by_id(seed.account_id, message_id).await.unwrap();
        assert_eq!(message.text.as_deref(), Some("Oi"));
        assert_eq!(message.status, MessageStatus::Received);
    }

    async fn a_duplicate_delivery_stores_nothing_new(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let first = inbound(&seed, "5511999990000", "wamid.1", "Oi");
        let (_, message_id) = stored(store, &first).await;
        let events_before = store.event_head(seed.account_id).await.unwrap();
        let again = store.ingest_inbound(&first).await.unwrap();
        assert_eq!(again, IngestOutcome::Duplicate { message_id });
        assert_eq!(count(store, "SELECT COUNT(*) FROM messages").await, 1);
        assert_eq!(count(store, "SELECT COUNT(*) FROM contacts").await, 1);
        assert_eq!(count(store, "SELECT COUNT(*) FROM services").await, 1);
        assert_eq!(store.event_head(seed.account_id).await.unwrap(), events_before, "no event for a duplicate");
    }

    async fn concurrent_deliveries_of_one_message_store_it_once(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        // Grouped (the default), then with every message committed alone (no committer): the
        // race between transactions is then settled by the unique provider id.
        for (committers, id) in [(None, "wamid.race"), (Some(0), "wamid.race-alone")] {
            if let Some(n) = committers {
                store.set_ingest_committers(n);
            }
            let message = inbound(&seed, "5511999990000", id, "Oi");
            let tasks: Vec<_> = (0..8)
                .map(|_| {
                    let (store, message) = (store.clone(), message.clone());
                    tokio::spawn(async move { store.ingest_inbound(&message).await })
                })
                .collect();
            let mut stored_count = 0;
            for task in tasks {
                match task.await.unwrap().expect("no error for a duplicate") {
                    IngestOutcome::Stored { .. } => stored_count += 1,
                    IngestOutcome::Duplicate { .. } => {}
                    IngestOutcome::Blocked => panic!("not blocked"),
                }
            }
            assert_eq!(stored_count, 1, "{id}");
        }
        assert_eq!(count(store, "SELECT COUNT(*) FROM messages").await, 2);
    }

    async fn webhooks_arriving_together_are_committed_together_each_stored_once_in_order(db: TestDb) {
        // Issue 15 part 1: concurrent deliveries share transactions (group commit), yet each
        // caller hears back only once its messages are durable, a contact's messages keep their
        // order, and a message delivered twice in one group is stored once.
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let tasks: Vec<_> = (0..40)
            .map(|task| {
                let store = store.clone();
                let batch: Vec<Inbound> = (0..5)
                    .map(|n| inbound(&seed, &format!("55119{:08}", task % 10), &format!("g{task}-{n}"), &format!("{task}:{n}")))
                    .collect();
                tokio::spawn(async move {
                    let mut with_repeat = batch.clone();
                    with_repeat.push(batch[0].clone());
                    let outcomes = store.ingest_all(&with_repeat).await.expect("ingest");
                    // Acknowledged means committed: another connection reads every message.
                    let mut read = store.read().await.unwrap();
                    for item in &batch {
                        let (n,): (i64,) = read
                            .fetch_one("SELECT COUNT(*) FROM messages WHERE provider_message_id = $1", atende_host::args![&item.provider_message_id])
                            .await
                            .unwrap();
                        assert_eq!(n, 1, "{} readable once acknowledged", item.provider_message_id);
                    }
                    outcomes
                })
            })
            .collect();
        for task in tasks {
            let outcomes = task.await.unwrap();
            let IngestOutcome::Stored { message_id: first, .. } = outcomes[0] else { panic!("stored: {outcomes:?}") };
            assert!(outcomes[1..5].iter().all(|o| matches!(o, IngestOutcome::Stored { .. })), "{outcomes:?}");
            assert_eq!(outcomes[5], IngestOutcome::Duplicate { message_id: first }, "the repeat names the stored message");
        }
        assert_eq!(count(store, "SELECT COUNT(*) FROM messages").await, 200);
        assert_eq!(count(store, "SELECT COUNT(*) FROM contacts").await, 10);
        // One event per message, numbered without a gap.
        assert_eq!(count(store, "SELECT COUNT(*) FROM events WHERE kind = 'message.created'").await, 200);
        let account = seed.account_id;
        assert_eq!(
            count(store, &format!("SELECT MAX(seq) - MIN(seq) + 1 FROM events WHERE account_id = {account}")).await,
            count(store, &format!("SELECT COUNT(*) FROM events WHERE account_id = {account}")).await
        );
        // Each delivery's messages in the order it listed them.
        let rows: Vec<(String,)> = store
            .read().await.unwrap()
            .fetch_all("SELECT body FROM messages ORDER BY id", vec![])
            .await
            .unwrap();
        for task in 0..40 {
            let mine: Vec<&str> = rows.iter().map(|(b,)| b.as_str()).filter(|b| b.starts_with(&format!("{task}:"))).collect();
            let expected: Vec<String> = (0..5).map(|n| format!("{task}:{n}")).collect();
            assert_eq!(mine, expected);
        }
    }

    async fn a_groups_ordinary_messages_are_written_together_with_every_effect_of_one_by_one(db: TestDb) {
        // Issue 15 part 1: in one group, the ordinary messages (a known contact writing again in
        // a chat in service) are written together, the others one by one; both the same way.
        let store = &db.store;
        store.set_ingest_committers(1);
        let acme = Seed::create(store, "Acme").await;
        let phone = |n: usize| format!("55119999900{n:02}");
        let mut chats = Vec::new();
        let mut firsts = Vec::new();
        for n in 0..4 {
            let (chat, message) = stored(store, &inbound(&acme, &phone(n), &format!("first-{n}"), "Oi")).await;
            chats.push(chat);
            firsts.push(message);
        }
        let before: Vec<_> = futures::future::join_all(chats.iter().map(|c| store.conversation(acme.account_id, *c))).await;
        let blocked = before[3].as_ref().unwrap().contact.as_ref().unwrap().id;
        store.set_blocked(acme.account_id, blocked, true).await.unwrap();
        let jobs_before = count(store, "SELECT COUNT(*) FROM jobs WHERE kind = 'window_tag' AND state = 'pending'").await;
        let head = store.event_head(acme.account_id).await.unwrap();

        let group = vec![
            inbound(&acme, &phone(0), "o-0", "Segunda"),
            inbound(&acme, &phone(1), "o-1", "Outra"),
            inbound(&acme, &phone(2), "r-1", "Uma"),
            inbound(&acme, &phone(2), "r-2", "Duas"),
            inbound(&acme, &phone(3), "b-1", "Bloqueado"),
            inbound(&acme, &phone(9), "n-1", "Novo"),
            inbound(&acme, &phone(0), "first-0", "Oi"),
        ];
        let outcomes = store.ingest_all(&group).await.unwrap();
        let stored_in = |i: usize| match outcomes[i] {
            IngestOutcome::Stored { conversation_id, message_id } => (conversation_id, message_id),
            ref other => panic!("message {i} stored: {other:?}"),
        };
        assert_eq!(stored_in(0).0, chats[0]);
        assert_eq!(stored_in(1).0, chats[1]);
        assert_eq!((stored_in(2).0, stored_in(3).0), (chats[2], chats[2]), "a contact writing twice, in order");
        assert_eq!(outcomes[4], IngestOutcome::Blocked);
        assert!(!chats.contains(&stored_in(5).0), "a new contact's new chat");
        assert_eq!(outcomes[6], IngestOutcome::Duplicate { message_id: firsts[0] });
        assert_eq!(count(store, "SELECT COUNT(*) FROM contacts").await, 5);
        assert_eq!(count(store, "SELECT COUNT(*) FROM messages WHERE provider_message_id = 'b-1'").await, 0);

        for (n, text) in [(0, "Segunda"), (1, "Outra"), (2, "Duas")] {
            let chat = store.conversation(acme.account_id, chats[n]).await.unwrap();
            let was = before[n].as_ref().unwrap();
            assert_eq!(chat.last_message_preview.as_deref(), Some(text), "chat {n}");
            assert!(chat.unread);
            assert_eq!(chat.unanswered_since, was.unanswered_since, "L13: still from the first unanswered message");
            assert_eq!(chat.state, ConversationState::Open);
            assert_eq!(chat.protocol, was.protocol, "the same service");
            let message = store.message_by_id(acme.account_id, stored_in(n).1).await.unwrap();
            assert_eq!(message.author.name.as_deref(), Some(format!("Contato {}", phone(n)).as_str()));
            assert_eq!(message.status, MessageStatus::Received);
        }
        // The windows run from the new message; each chat keeps one window-tag job (moved).
        let (last_contact,): (Option<i64>,) = store
            .read().await.unwrap()
            .fetch_one("SELECT last_contact_at FROM windows WHERE contact_id = $1", atende_host::args![before[1].as_ref().unwrap().contact.as_ref().unwrap().id])
            .await
            .unwrap();
        let message_1 = store.message_by_id(acme.account_id, stored_in(1).1).await.unwrap();
        assert!(last_contact >= Some(message_1.created_at - 60_000), "{last_contact:?}");
        let jobs_after = count(store, "SELECT COUNT(*) FROM jobs WHERE kind = 'window_tag' AND state = 'pending'").await;
        assert!(jobs_after >= jobs_before);
        let most = count(store, "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM jobs WHERE kind = 'window_tag' \
            AND state = 'pending' GROUP BY conversation_id) per_chat").await;
        assert!(most <= 1, "a chat's pending window-tag job is moved, never doubled: {most}");
        // One event per stored message, each carrying its chat as that message left it.
        let events = store.events_after(acme.account_id, head, 100).await.unwrap();
        let created: Vec<Value> = events
            .iter()
            .filter(|e| e.kind == "message.created")
            .map(|e| serde_json::from_str(&e.payload).unwrap())
            .collect();
        assert_eq!(created.len(), 5, "{created:#?}");
        for (i, event) in created.iter().enumerate() {
            let text = event["message"]["text"].as_str().unwrap();
            assert_eq!(event["conversation"]["last_message_preview"], text, "event {i}");
        }
        let order: Vec<&str> = created.iter().map(|e| e["message"]["text"].as_str().unwrap()).filter(|t| ["Uma", "Duas"].contains(t)).collect();
        assert_eq!(order, ["Uma", "Duas"]);
    }

    async fn a_message_that_cannot_be_stored_does_not_fail_those_grouped_with_it(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let good = inbound(&seed, "5511999990000", "good", "Oi");
        // A channel that does not exist, sharing the good one's committer.
        let bad = Inbound { channel_id: seed.channel_id + 4000, ..inbound(&seed, "5511999990001", "bad", "Oi") };
        let (ours, theirs) = tokio::join!(store.ingest_all(std::slice::from_ref(&bad)), store.ingest_inbound(&good));
        assert!(ours.is_err(), "the unknown channel fails: {ours:?}");
        assert!(matches!(theirs, Ok(IngestOutcome::Stored { .. })), "{theirs:?}");
        assert_eq!(count(store, "SELECT COUNT(*) FROM messages").await, 1);
    }

    async fn protocols_are_unique_and_sequential_per_account(db: TestDb) {
        let store = &db.store;
        let acme = Seed::create(store, "Acme").await;
        let beta = Seed::create(store, "Beta").await;
        for i in 0..3 {
            stored(store, &inbound(&acme, &format!("55119999900{i:02}"), &format!("a{i}"), "Oi")).await;
        }
        let (beta_chat, _) = stored(store, &inbound(&beta, "5511999990000", "b0", "Oi")).await;
        let mut protocols: Vec<String> = store
            .read().await.unwrap()
            .fetch_all::<(String,)>("SELECT protocol FROM services WHERE account_id = $1 ORDER BY id", atende_host::args![acme.account_id])
            .await.unwrap()
            .into_iter().map(|(p,)| p).collect();
        let suffixes: Vec<&str> = protocols.iter().map(|p| &p[9..]).collect();
        assert_eq!(suffixes, ["000001", "000002", "000003"]);
        protocols.dedup();
        assert_eq!(protocols.len(), 3);
        let beta_protocol = store.conversation(beta.account_id, beta_chat).await.unwrap().protocol.unwrap();
        assert!(beta_protocol.ends_with("-000001"), "each account counts on its own: {beta_protocol}");
    }

    async fn a_blocked_contact_is_not_received_and_not_sent_to(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let (conversation_id, _) = stored(store, &inbound(&seed, "5511999990000", "m1", "Oi")).await;
        exec(store, "UPDATE contacts SET blocked = TRUE", vec![]).await;
        assert_eq!(store.ingest_inbound(&inbound(&seed, "5511999990000", "m2", "Oi de novo")).await.unwrap(), IngestOutcome::Blocked);
        assert_eq!(count(store, "SELECT COUNT(*) FROM messages").await, 1, "nothing received (S17)");
        let refused = store.send_message(&seed.admin, text(conversation_id, "Olá")).await;
        assert!(matches!(&refused, Err(StoreError::Blocked)), "{refused:?}");
        assert_eq!(refused.unwrap_err().to_string(), "Contato bloqueado, não é possível enviar ou receber mensagem");
        assert_eq!(count(store, "SELECT COUNT(*) FROM messages").await, 1, "nothing half-written");
        assert_eq!(count(store, "SELECT COUNT(*) FROM outbox").await, 0);
    }

    async fn internal_notes_are_stored_never_sent_and_are_no_reply(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let (conversation_id, _) = stored(store, &inbound(&seed, "5511999990000", "m1", "Oi")).await;
        let note = store
            .send_message(&seed.agent, NewOutbound { internal: true, ..text(conversation_id, "ligar amanhã") })
            .await
            .unwrap();
        assert!(note.internal);
        assert_eq!(note.kind, MessageKind::Internal);
        assert_eq!(note.status, MessageStatus::Received);
        assert_eq!(count(store, "SELECT COUNT(*) FROM outbox").await, 0, "C13: never sent");
        let conversation = store.conversation(seed.account_id, conversation_id).await.unwrap();
        assert!(conversation.unanswered_since.is_some(), "L13: an internal note does not stop the timer");
        assert!(conversation.agent.is_none(), "an internal note assigns nobody");
    }

    async fn a_reply_stops_the_timer_and_assigns_the_agent_only_when_nobody_is_assigned(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let (conversation_id, _) = stored(store, &inbound(&seed, "5511999990000", "m1", "Oi")).await;
        let reply = store.send_message(&seed.agent, text(conversation_id, "Olá!")).await.unwrap();
        assert_eq!(reply.status, MessageStatus::Pending);
        assert_eq!(count(store, "SELECT COUNT(*) FROM outbox").await, 1);
        let after = store.conversation(seed.account_id, conversation_id).await.unwrap();
        assert!(after.unanswered_since.is_none(), "L13: a reply stops the timer");
        assert_eq!(after.agent.as_ref().map(|a| a.id), Some(seed.agent.id), "S13: the replying agent is assigned");
        store.send_message(&seed.admin, text(conversation_id, "Também estou aqui")).await.unwrap();
        let after = store.conversation(seed.account_id, conversation_id).await.unwrap();
        assert_eq!(after.agent.as_ref().map(|a| a.id), Some(seed.agent.id), "S13: another agent's reply never replaces");
    }

    async fn the_timer_counts_from_the_first_unanswered_message(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let (conversation_id, _) = stored(store, &inbound(&seed, "5511999990000", "m1", "Oi")).await;
        let first = store.conversation(seed.account_id, conversation_id).await.unwrap().unanswered_since;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        stored(store, &inbound(&seed, "5511999990000", "m2", "Alguém?")).await;
        assert_eq!(store.conversation(seed.account_id, conversation_id).await.unwrap().unanswered_since, first);
    }

    async fn reactions_are_sent_but_are_no_reply(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let (conversation_id, message_id) = stored(store, &inbound(&seed, "5511999990000", "m1", "Oi")).await;
        let reaction =
            NewOutbound::new(conversation_id, Content::Reaction(Reaction { message_id, emoji: Some("👍".into()) }));
        let sent = store.send_message(&seed.agent, reaction).await.unwrap();
        assert_eq!(sent.status, MessageStatus::Pending);
        assert_eq!(count(store, "SELECT COUNT(*) FROM outbox").await, 1, "C6: the reaction is sent");
        let after = store.conversation(seed.account_id, conversation_id).await.unwrap();
        assert!(after.agent.is_none(), "C6: a reaction assigns no agent");
        assert!(after.unanswered_since.is_some(), "C6: a reaction does not stop the timer");
    }

    async fn the_team_chat_exists_per_account_and_is_never_sent(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let team = store.internal_conversation(seed.account_id).await.unwrap();
        assert_eq!(team.kind, ConversationKind::Internal);
        let message = store.send_message(&seed.agent, text(team.id, "Bom dia, equipe")).await.unwrap();
        assert_eq!(message.status, MessageStatus::Received);
        assert!(!message.internal, "a team message is an ordinary message of an internal chat");
        assert_eq!(count(store, "SELECT COUNT(*) FROM outbox").await, 0, "L14: never sent to any channel");
        let other = Seed::create(store, "Beta").await;
        assert_ne!(store.internal_conversation(other.account_id).await.unwrap().id, team.id);
    }

    async fn events_are_numbered_without_gaps_per_account(db: TestDb) {
        let store = &db.store;
        let acme = Seed::create(store, "Acme").await;
        let beta = Seed::create(store, "Beta").await;
        for i in 0..5 {
            stored(store, &inbound(&acme, "5511999990000", &format!("a{i}"), "Oi")).await;
        }
        stored(store, &inbound(&beta, "5511999990000", "b0", "Oi")).await;
        let events = store.events_after(acme.account_id, 0, 100).await.unwrap();
        let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2, 3, 4, 5]);
        assert_eq!(store.event_head(acme.account_id).await.unwrap(), 5);
        assert_eq!(store.events_after(beta.account_id, 0, 100).await.unwrap().len(), 1, "accounts do not share a log");
        assert_eq!(store.events_after(acme.account_id, 3, 100).await.unwrap().iter().map(|e| e.seq).collect::<Vec<_>>(), [4, 5]);
    }

    async fn the_outbox_leases_sends_and_records_results(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let (conversation_id, _) = stored(store, &inbound(&seed, "5511999990000", "m1", "Oi")).await;
        let first = store.send_message(&seed.agent, text(conversation_id, "um")).await.unwrap();
        let second = store.send_message(&seed.agent, text(conversation_id, "dois")).await.unwrap();
        let one = store.claim_send(60_000).await.unwrap().expect("a due send");
        let two = store.claim_send(60_000).await.unwrap().expect("the next one");
        assert_eq!([one.message_id, two.message_id], [first.id, second.id], "in the order they were written");
        assert_eq!(one.contact_external_id.as_deref(), Some("5511999990000"));
        assert!(store.claim_send(60_000).await.unwrap().is_none(), "a leased send is not claimed twice");
        let claimed = [one, two];
        store.record_sent(&claimed[0], "provider-1").await.unwrap();
        let failure = SendFailure { code: "131026".into(), title: "Message undeliverable".into(), retry_at: None };
        store.record_send_failure(&claimed[1], &failure).await.unwrap();
        let sent = store.message_by_id(seed.account_id, first.id).await.unwrap();
        assert_eq!(sent.status, MessageStatus::Sent);
        let failed = store.message_by_id(seed.account_id, second.id).await.unwrap();
        assert_eq!(failed.status, MessageStatus::Failed);
        assert_eq!(failed.error.as_ref().map(|e| e.code.as_str()), Some("131026"), "C17 keeps the code");
    }

    async fn a_retryable_failure_is_claimed_again_when_due(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let (conversation_id, _) = stored(store, &inbound(&seed, "5511999990000", "m1", "Oi")).await;
        let message = store.send_message(&seed.agent, text(conversation_id, "um")).await.unwrap();
        let claimed = store.claim_send(60_000).await.unwrap().unwrap();
        let retry = SendFailure { code: "130429".into(), title: "Rate limit hit".into(), retry_at: Some(0) };
        store.record_send_failure(&claimed, &retry).await.unwrap();
        assert_eq!(store.message_by_id(seed.account_id, message.id).await.unwrap().status, MessageStatus::Pending);
        let again = store.claim_send(60_000).await.unwrap().expect("claimed again");
        assert_eq!(again.attempts, 2);
    }

    async fn an_interrupted_send_is_failed_not_sent_twice(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let (conversation_id, _) = stored(store, &inbound(&seed, "5511999990000", "m1", "Oi")).await;
        let cut = store.send_message(&seed.agent, text(conversation_id, "um")).await.unwrap();
        let next = store.send_message(&seed.agent, text(conversation_id, "dois")).await.unwrap();
        assert_eq!(store.claim_send(60_000).await.unwrap().unwrap().message_id, cut.id);
        assert_eq!(store.fail_interrupted_sends().await.unwrap(), 0, "a live lease is left alone");
        db.clock.advance(std::time::Duration::from_secs(61));
        // The worker died mid-attempt: Meta may have the message, so it is not sent again.
        assert_eq!(store.fail_interrupted_sends().await.unwrap(), 1);
        let failed = store.message_by_id(seed.account_id, cut.id).await.unwrap();
        assert_eq!(failed.status, MessageStatus::Failed);
        assert_eq!(failed.error.as_ref().map(|e| e.code.as_str()), Some(atende_host::store::INTERRUPTED_CODE));
        assert_eq!(store.claim_send(60_000).await.unwrap().unwrap().message_id, next.id, "the others go on");
        assert!(store.claim_send(60_000).await.unwrap().is_none());
    }

    async fn a_booking_that_lost_its_time_writes_nothing_and_runs_again(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let (ana, _) = stored(store, &inbound(&seed, "5511999990001", "m1", "Oi")).await;
        let (bia, _) = stored(store, &inbound(&seed, "5511999990002", "m2", "Oi")).await;
        let doc: atende_host::domain::flow::FlowDocument = serde_json::from_value(serde_json::json!({
            "formatVersion": "1.0.0", "name": "Agenda", "entry": "agenda", "edges": [],
            "nodes": [{"id": "agenda", "type": "schedule", "typeVersion": 1, "config": {}}]}))
        .unwrap();
        let flow = store.create_flow(seed.account_id, "Agenda", &doc).await.unwrap();
        store.publish_flow(seed.account_id, flow.id, seed.admin.id, &doc, None).await.unwrap();
        // Two contacts' runs, both started before either is written (one batch, run at once).
        let at = db.clock.now() + 120_000;
        for chat in [ana, bia] {
            store.schedule_flow(&seed.admin, chat, flow.id, at).await.unwrap();
        }
        db.clock.advance(std::time::Duration::from_secs(180));
        let claimed = store.claim_flow_inputs(10, 60_000).await.unwrap();
        assert_eq!(claimed.len(), 2);
        let booking = |input: &atende_host::store::ClaimedInput| atende_host::store::FlowRun {
            input_id: input.id,
            lease: input.lease.clone().unwrap(),
            account_id: seed.account_id,
            conversation_id: input.conversation_id,
            found: None,
            found_end: None,
            session: None,
            actions: vec![atende_host::store::FlowAction::Book {
                starts_at: at + 3_600_000,
                ends_at: at + 7_200_000,
                flow_name: "Agenda".into(),
            }],
            follow_ups: vec![],
        };
        assert!(store.apply_flow_run(&booking(&claimed[0])).await.unwrap());
        assert!(!store.apply_flow_run(&booking(&claimed[1])).await.unwrap(), "the time is taken: nothing is written");
        let booked = store.appointments(seed.account_id, Default::default()).await.unwrap();
        assert_eq!(booked.len(), 1);
        assert_eq!(booked[0].conversation_id, Some(claimed[0].conversation_id));
        // The loser's input is still there, to run again on the times free now.
        store.retry_flow_input(&claimed[1], db.clock.now()).await.unwrap();
        let again = store.claim_flow_inputs(10, 60_000).await.unwrap();
        assert_eq!(again.iter().map(|i| i.id).collect::<Vec<_>>(), [claimed[1].id]);
    }

    async fn list_views_and_visibility_match_the_domain_rules(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        let other_department = store.create_department(seed.account_id, "Financeiro").await.unwrap().id;
        let other_agent = seed.admin.id;
        let me = seed.agent.id;
        // One chat per combination of state, agent and department.
        let mut chats = vec![];
        let mut n = 0;
        for state in [ConversationState::Bot, ConversationState::Open, ConversationState::Closed] {
            for agent in [None, Some(me), Some(other_agent)] {
                for department in [None, Some(seed.department_id), Some(other_department)] {
                    n += 1;
                    let (id, _) = stored(store, &inbound(&seed, &format!("55119999{n:05}"), &format!("g{n}"), "Oi")).await;
                    exec(
                        store,
                        "UPDATE conversations SET state = $1, agent_id = $2, department_id = $3 WHERE id = $4",
                        atende_host::args![state.as_str(), agent, department, id],
                    )
                    .await;
                    chats.push((id, ChatPlacement { kind: ConversationKind::Contact, state, agent_id: agent, department_id: department }));
                }
            }
        }
        let team = store.internal_conversation(seed.account_id).await.unwrap().id;
        chats.push((team, ChatPlacement {
            kind: ConversationKind::Internal,
            state: ConversationState::Open,
            agent_id: None,
            department_id: None,
        }));
        for visibility in ChatVisibility::ALL {
            let viewer_user: UserView = store
                .update_user(seed.account_id, me, atende_host::store::UserPatch { chat_visibility: Some(*visibility), ..Default::default() })
                .await
                .unwrap();
            let viewer = Viewer { user_id: me, visibility: *visibility, department_ids: vec![seed.department_id] };
            for view in View::ALL {
                let filter = ConversationFilter { view: *view, limit: 200, ..Default::default() };
                let mut listed: Vec<i64> = store.list_conversations(&viewer_user, &filter).await.unwrap().items.iter().map(|c| c.id).collect();
                listed.sort();
                let mut expected: Vec<i64> = chats
                    .iter()
                    .filter(|(_, c)| {
                        let audience = ChatAudience { internal: c.kind == ConversationKind::Internal, agent_id: c.agent_id, department_id: c.department_id };
                        viewer.can_see(audience) && in_view(*view, me, &viewer.department_ids, *c)
                    })
                    .map(|(id, _)| *id)
                    .collect();
                expected.sort();
                assert_eq!(listed, expected, "visibility {visibility}, view {view}");
                // The per-view counts (kept by triggers) agree with the list, without the team chat.
                let counts = store.view_counts(&viewer_user).await.unwrap();
                let counted = match view {
                    View::All => counts.all,
                    View::Open => counts.open,
                    View::Mine => counts.mine,
                    View::InService => counts.in_service,
                };
                let contacts_listed = listed.iter().filter(|id| **id != team).count() as i64;
                assert_eq!(counted, contacts_listed, "counts: visibility {visibility}, view {view}");
            }
        }
    }

    async fn the_list_pages_with_a_cursor_without_gaps_or_repeats(db: TestDb) {
        let store = &db.store;
        let seed = Seed::create(store, "Acme").await;
        for i in 0..7 {
            stored(store, &inbound(&seed, &format!("55119999900{i:02}"), &format!("p{i}"), "Oi")).await;
        }
        let mut seen = vec![];
        let mut cursor = None;
        loop {
            let filter = ConversationFilter { view: View::All, limit: 3, cursor, ..Default::default() };
            let page = store.list_conversations(&seed.admin, &filter).await.unwrap();
            seen.extend(page.items.iter().map(|c| c.id));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(seen.len(), 8, "7 contacts and the team chat");
        assert_eq!(unique.len(), 8);
    }

    async fn every_read_is_scoped_to_the_account(db: TestDb) {
        let store = &db.store;
        let acme = Seed::create(store, "Acme").await;
        let beta = Seed::create(store, "Beta").await;
        let (beta_chat, beta_message) = stored(store, &inbound(&beta, "5511999990000", "b1", "Oi")).await;
        assert!(matches!(store.conversation_for(&acme.admin, beta_chat).await, Err(StoreError::NotFound)));
        assert!(matches!(store.messages(&acme.admin, beta_chat, atende_host::store::HistoryPage::Before(None), 50).await, Err(StoreError::NotFound)));
        assert!(matches!(store.message_by_id(acme.account_id, beta_message).await, Err(StoreError::NotFound)));
        assert!(matches!(store.send_message(&acme.admin, text(beta_chat, "x")).await, Err(StoreError::NotFound)));
        assert!(matches!(store.user(acme.account_id, beta.admin.id).await, Err(StoreError::NotFound)));
        assert!(matches!(store.department(acme.account_id, beta.department_id).await, Err(StoreError::NotFound)));
        assert!(matches!(store.set_department_members(acme.account_id, acme.department_id, &[beta.agent.id]).await, Err(StoreError::Rejected(_))));
        assert_eq!(count(store, "SELECT COUNT(*) FROM messages").await, 1);
    }

    async fn a_flow_claim_takes_the_accounts_in_turn_keeping_one_input_per_chat(db: TestDb) {
        // Issue 15 part 8: Acme's backlog over many chats must not hold back Beta's one input.
        let store = &db.store;
        let acme = Seed::create(store, "Acme").await;
        let beta = Seed::create(store, "Beta").await;
        let mut acme_chats = vec![];
        for n in 0..12 {
            acme_chats.push(stored(store, &inbound(&acme, &format!("55119000000{n:02}"), &format!("a{n}"), "Oi")).await.0);
        }
        let (beta_chat, _) = stored(store, &inbound(&beta, "5511999990000", "b1", "Oi")).await;
        let queue = |account: i64, chat: i64| {
            format!(
                "INSERT INTO flow_inputs (account_id, conversation_id, kind, run_at, state, created_at) \
                 VALUES ({account}, {chat}, 'wake', 0, 'pending', 0)"
            )
        };
        for &chat in &acme_chats {
            exec(store, &queue(acme.account_id, chat), vec![]).await;
        }
        // A second input of Acme's first chat, older than Beta's: it waits for the first.
        exec(store, &queue(acme.account_id, acme_chats[0]), vec![]).await;
        exec(store, &queue(beta.account_id, beta_chat), vec![]).await;

        let claimed = store.claim_flow_inputs(3, 60_000).await.unwrap();
        let order: Vec<(i64, i64)> = claimed.iter().map(|i| (i.account_id, i.conversation_id)).collect();
        assert_eq!(order.len(), 3, "{order:?}");
        assert_eq!(order[..2], [(acme.account_id, acme_chats[0]), (beta.account_id, beta_chat)], "first turn: each account's oldest, in id order");
        assert_eq!(order[2], (acme.account_id, acme_chats[1]));

        let rest = store.claim_flow_inputs(100, 60_000).await.unwrap();
        assert_eq!(rest.len(), 10, "each other chat of Acme once; not the second input of a chat whose first is running");
        assert!(rest.iter().all(|i| i.conversation_id != acme_chats[0]));
    }

    async fn a_job_claim_takes_the_accounts_in_turn(db: TestDb) {
        let store = &db.store;
        // Each account starts with its support-code rotation due now (A2).
        let acme = Seed::create(store, "Acme").await;
        let beta = Seed::create(store, "Beta").await;
        // Acme's backlog, all due before Beta's rotation (jobs of a kind no runner takes fail
        // and are retried: what counts here is which jobs a batch takes).
        for _ in 0..30 {
            exec(
                store,
                &format!("INSERT INTO jobs (account_id, kind, run_at, state, created_at) VALUES ({}, 'noisy', 0, 'pending', 0)", acme.account_id),
                vec![],
            )
            .await;
        }
        assert_eq!(store.run_due_jobs(3).await.unwrap(), 3);
        let beta_done = count(store, &format!("SELECT COUNT(*) FROM jobs WHERE account_id = {} AND kind = 'support_code' AND state = 'done'", beta.account_id)).await;
        assert_eq!(beta_done, 1, "Beta's one job is in the first batch");
        let acme_tried = count(store, &format!("SELECT COUNT(*) FROM jobs WHERE account_id = {} AND attempts > 0", acme.account_id)).await;
        assert_eq!(acme_tried, 2, "the rest of the batch is Acme's, oldest first");
        let oldest_tried = count(store, &format!("SELECT COUNT(*) FROM jobs WHERE account_id = {} AND kind = 'noisy' AND attempts > 0", acme.account_id)).await;
        assert_eq!(oldest_tried, 2, "Acme's own jobs keep their order (its rotation, due last, waits)");
    }

    async fn the_outbox_sends_for_each_account_in_turn(db: TestDb) {
        let store = &db.store;
        let acme = Seed::create(store, "Acme").await;
        let beta = Seed::create(store, "Beta").await;
        let (acme_chat, _) = stored(store, &inbound(&acme, "5511999990000", "a1", "Oi")).await;
        let (beta_chat, _) = stored(store, &inbound(&beta, "5511999990001", "b1", "Oi")).await;
        let mut acme_sends = vec![];
        for n in 0..5 {
            acme_sends.push(store.send_message(&acme.agent, text(acme_chat, &format!("a{n}"))).await.unwrap().id);
        }
        let beta_send = store.send_message(&beta.agent, text(beta_chat, "b")).await.unwrap().id;
        let mut claimed = vec![];
        while let Some(send) = store.claim_send(60_000).await.unwrap() {
            claimed.push((send.account_id, send.message_id));
        }
        assert_eq!(claimed.len(), 6);
        let beta_at = claimed.iter().position(|c| *c == (beta.account_id, beta_send)).unwrap();
        assert!(beta_at <= 1, "Beta's send waits one send at most, not Acme's backlog: {claimed:?}");
        let acme_order: Vec<i64> = claimed.iter().filter(|c| c.0 == acme.account_id).map(|c| c.1).collect();
        assert_eq!(acme_order, acme_sends, "an account's sends keep the order they were written in");
    }

    async fn a_download_claim_takes_the_accounts_in_turn(db: TestDb) {
        let store = &db.store;
        let acme = Seed::create(store, "Acme").await;
        let beta = Seed::create(store, "Beta").await;
        let file = |seed: &Seed| {
            format!(
                "INSERT INTO media (account_id, channel_id, direction, provider_media_id, mime_type, state, next_attempt_at, created_at) \
                 VALUES ({}, {}, 'inbound', 'wamid', 'image/jpeg', 'pending', 0, 0)",
                seed.account_id, seed.channel_id
            )
        };
        for _ in 0..10 {
            exec(store, &file(&acme), vec![]).await;
        }
        exec(store, &file(&beta), vec![]).await;
        let claimed: Vec<i64> = store.claim_downloads(3, 60_000).await.unwrap().iter().map(|d| d.account_id).collect();
        assert_eq!(claimed, [acme.account_id, beta.account_id, acme.account_id], "Beta's file in the first turn");
        assert_eq!(store.claim_downloads(100, 60_000).await.unwrap().len(), 8, "a leased file is not claimed again");
    }

    async fn an_import_lease_leaves_an_account_its_share_and_serves_idle_accounts_first(db: TestDb) {
        // Issue 15 part 8: a host runs imports side by side; the next lease skips an account at
        // its share there and takes an account running nothing there before one that does.
        let store = &db.store;
        let acme = Seed::create(store, "Acme").await;
        let beta = Seed::create(store, "Beta").await;
        let csv = b"nome;telefone\nAna;5521999990001\n".to_vec();
        let head = atende_host::domain::contact_import::read_head(&csv).unwrap();
        let mut imports = Vec::new();
        for seed in [&acme, &acme, &beta] {
            let import = store.create_contact_import(seed.account_id, seed.admin.id, "a.csv", csv.clone(), &head, &[]).await.unwrap();
            let mapping = [Some("name".to_string()), Some("phone".to_string())];
            store.start_contact_import(seed.account_id, import.id, &mapping, Duplicates::Skip).await.unwrap();
            imports.push(import.id);
        }
        let lease = |share: HostShare| async move { store.lease_contact_import(store.now() + 60_000, &share).await.unwrap().map(|i| i.id) };
        let acme_busy = HostShare { busy: vec![acme.account_id], ..HostShare::default() };
        assert_eq!(lease(acme_busy).await, Some(imports[2]), "Beta, running nothing here, goes before Acme's older import");
        let both_full = HostShare { busy: vec![acme.account_id, beta.account_id], full: vec![acme.account_id, beta.account_id], ..HostShare::default() };
        assert_eq!(lease(both_full).await, None, "Acme at its share here: its imports wait");
        assert_eq!(lease(HostShare::default()).await, Some(imports[0]), "otherwise the oldest first");
        assert_eq!(lease(HostShare::default()).await, Some(imports[1]));
        assert_eq!(lease(HostShare::default()).await, None, "a leased import is not leased again");
        // Its lease lapsed while this host still runs it: another host may take it, not this one.
        exec(store, "UPDATE contact_imports SET lease_until = 0", vec![]).await;
        let running_here = HostShare { running: vec![imports[0], imports[1]], ..HostShare::default() };
        assert_eq!(lease(running_here).await, Some(imports[2]), "never a second task on a unit this host runs");
    }
}

#[tokio::test]
async fn sqlite_runs_with_wal_and_foreign_keys_on() {
    let db = TestDb::new(atende_e2e::Backend::Sqlite).await;
    let mut read = db.store.read().await.unwrap();
    let (mode,): (String,) = read.fetch_one("PRAGMA journal_mode", vec![]).await.unwrap();
    assert_eq!(mode, "wal");
    let (foreign_keys,): (i64,) = read.fetch_one("PRAGMA foreign_keys", vec![]).await.unwrap();
    assert_eq!(foreign_keys, 1);
    drop(read);
    let mut tx = db.store.begin().await.unwrap();
    let orphan =
        tx.execute("INSERT INTO departments (account_id, name, created_at) VALUES (424242, 'x', 0)", vec![]).await;
    assert!(orphan.is_err(), "a row pointing at a missing account is refused");
}
