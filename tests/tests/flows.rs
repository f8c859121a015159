//! The flow engine end to end (F1–F5, P1, K4, S16, L1, L10, L13, C18): admins upload, validate
//! and publish flows through the API; a contact who writes meets the initial flow in the
//! simulator; every node kind runs as a shipped flow-step plugin; answers are saved through the
//! field validator; timeouts, keywords, errors and hand-over behave; a closing flow and forward
//! to flow start their flows; an admin's test run plays the draft with each step's effects.

use std::time::Duration;

use atende_e2e::chat::{contact_posts, contact_receives, contact_writes, simulator_template};
use atende_e2e::fake_graph::fixture_now;
use atende_e2e::whatsapp::WhatsApp;
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PHONE: &str = "5511999990001";

struct Setup {
    seed: Seed,
    server: TestServer,
    admin: Client,
}

async fn setup(db: &TestDb) -> Setup {
    let seed = Seed::create(&db.store, "Acme").await;
    let server = TestServer::start(&db.store).await;
    let admin = server.login(&seed.admin.email).await;
    Setup { seed, server, admin }
}

/// A content node.
fn content(id: &str, config: Value) -> Value {
    json!({"id": id, "type": "content", "typeVersion": 1, "config": config})
}

/// A node of any step.
fn node(id: &str, step: &str, config: Value) -> Value {
    json!({"id": id, "type": step, "typeVersion": 1, "config": config})
}

fn edge(from: &str, port: &str, to: &str) -> Value {
    json!({"from": {"node": from, "port": port}, "to": to})
}

fn flow(name: &str, entry: &str, nodes: Vec<Value>, edges: Vec<Value>) -> Value {
    json!({"formatVersion": "1.0.0", "name": name, "entry": entry, "nodes": nodes, "edges": edges})
}

/// The menu flow of most tests: a greeting with the contact's name and a choice; "Suporte" asks
/// for the e-mail ("Salvar") and opens a service for the Suporte department; "Falar com
/// atendente" opens one for the queue; a timeout ends the flow with a goodbye.
fn menu_flow(department_id: i64) -> Value {
    flow(
        "Atendimento",
        "menu",
        vec![
            content(
                "menu",
                json!({"messages": ["Olá, {nome}!"], "input": {"kind": "choice", "text": "Como podemos ajudar?",
                "variable": "assunto", "timeout_ms": 600000, "options": [
                    {"id": "suporte", "title": "Suporte"}, {"id": "humano", "title": "Falar com atendente"}]}}),
            ),
            content(
                "email",
                json!({"messages": ["Qual é o seu e-mail?"], "input": {"kind": "text", "save_to": "email"}}),
            ),
            node("etiqueta", "tag", json!({"add": ["Lead"]})),
            node("suporte", "open-service", json!({"assign": "department", "department_id": department_id})),
            node("fila", "open-service", json!({"assign": "none"})),
            content("tchau", json!({"messages": ["Até logo, {assunto}!"]})),
        ],
        vec![
            edge("menu", "suporte", "email"),
            edge("email", "next", "etiqueta"),
            edge("etiqueta", "next", "suporte"),
            edge("menu", "humano", "fila"),
            edge("menu", "no_match", "fila"),
            edge("menu", "timeout", "tchau"),
        ],
    )
}

impl Setup {
    /// Upload `document`, publish it and make it the initial flow with the chatbot on: its id.
    async fn initial_flow(&self, document: Value) -> i64 {
        let saved = self.admin.post_expect("/api/v1/flows", document, 201).await;
        let errors: Vec<&Value> =
            saved["issues"].as_array().unwrap().iter().filter(|i| i["severity"] == "error").collect();
        assert!(errors.is_empty(), "a sound flow has no errors: {saved}");
        let id = saved["flow"]["id"].as_i64().unwrap();
        self.admin.post_expect(&format!("/api/v1/flows/{id}/publish"), json!({"note": "primeira versão"}), 201).await;
        let settings = json!({"chatbot_enabled": true, "initial_flow_id": id, "closing_flow_id": null});
        let (status, answer) = self.admin.request(reqwest::Method::PUT, "/api/v1/flow-settings", Some(settings)).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        id
    }

    /// What the contact's phone shows, outbound texts only.
    async fn contact_sees(&self) -> Vec<String> {
        let page = self
            .server
            .client()
            .get_ok(&format!("/api/v1/simulator/{}/messages?phone={PHONE}", self.seed.simulator_key))
            .await;
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["direction"] == "outbound")
            .filter_map(|m| m["text"].as_str().map(str::to_string))
            .collect()
    }

    /// Wait until the contact has seen `count` messages from the company.
    async fn contact_has_seen(&self, count: usize) -> Vec<String> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let seen = self.contact_sees().await;
            if seen.len() >= count {
                return seen;
            }
            assert!(tokio::time::Instant::now() < deadline, "the contact saw only {seen:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn chat(&self, id: i64) -> Value {
        self.admin.get_ok(&format!("/api/v1/conversations/{id}")).await
    }

    async fn sessions(&self, id: i64) -> Vec<Value> {
        self.admin.get_ok(&format!("/api/v1/conversations/{id}/flow-sessions")).await["items"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// Wait until the chat's newest session satisfies `done`.
    async fn session_until(&self, id: i64, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(session) = self.sessions(id).await.first()
                && done(session)
            {
                return session.clone();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "the session never got there: {:?}",
                self.sessions(id).await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn in_view(&self, view: &str, id: i64) -> bool {
        let list = self.admin.get_ok(&format!("/api/v1/conversations?view={view}")).await;
        list["items"].as_array().unwrap().iter().any(|c| c["id"] == id)
    }
}

fn waiting_at(node: &'static str) -> impl Fn(&Value) -> bool {
    move |s| s["status"] == "waiting" && s["node"] == node
}

on_both_backends! {
    async fn a_contact_meets_the_initial_flow_answers_it_and_is_handed_to_the_department(db: TestDb) {
        let s = setup(&db).await;
        s.initial_flow(menu_flow(s.seed.department_id)).await;
        let chat = contact_writes(&s.server, &s.seed, PHONE, "Maria", "Oi").await.id;

        let seen = s.contact_has_seen(2).await;
        assert_eq!(seen, ["Olá, Maria!", "Como podemos ajudar?"], "F2: variables expanded, then the choice");
        let waiting = s.session_until(chat, waiting_at("menu")).await;
        assert_eq!(waiting["waiting_for"], "input");
        let listed = s.chat(chat).await;
        assert_eq!(listed["state"], "bot");
        assert_eq!(listed["flow_waiting"]["node"], "menu", "L10: the automation icon while the flow waits");
        assert!(listed["unanswered_since"].is_null(), "L13: the flow's message answered the contact");
        assert!(s.in_view("all", chat).await && !s.in_view("open", chat).await, "L1: a chat in a flow is only in All");

        contact_posts(&s.server, &s.seed, PHONE, "Maria", "2").await;
        s.session_until(chat, |s| s["status"] == "handover").await;
        let opened = s.chat(chat).await;
        assert_eq!(opened["state"], "open", "\"Falar com atendente\" (typed as its number) opens a service");
        assert!(opened["department"].is_null() && opened["agent"].is_null(), "for the queue");
        assert!(opened["flow_waiting"].is_null());
        assert!(s.in_view("open", chat).await);

        // Once the service is closed, the next message meets the flow again; this time "Suporte".
        s.admin.post_expect(&format!("/api/v1/conversations/{chat}/close"), json!({"message": null}), 200).await;
        contact_posts(&s.server, &s.seed, PHONE, "Maria", "Oi de novo").await;
        s.session_until(chat, waiting_at("menu")).await;
        contact_posts(&s.server, &s.seed, PHONE, "Maria", "suporte").await;
        s.session_until(chat, waiting_at("email")).await;
        assert_eq!(s.contact_has_seen(5).await.last().unwrap(), "Qual é o seu e-mail?");

        // "Salvar": the field validator refuses a bad e-mail, its words reach the contact, the node waits again.
        contact_posts(&s.server, &s.seed, PHONE, "Maria", "não tenho").await;
        let seen = s.contact_has_seen(6).await;
        assert!(seen.last().unwrap().contains("e-mail"), "the validator's words: {seen:?}");
        s.session_until(chat, waiting_at("email")).await;
        contact_posts(&s.server, &s.seed, PHONE, "Maria", " Maria@Exemplo.com.BR ").await;
        let ended = s.session_until(chat, |s| s["status"] == "handover").await;
        let nodes: Vec<&str> = ended["steps"].as_array().unwrap().iter().map(|step| step["node"].as_str().unwrap()).collect();
        assert_eq!(nodes, ["menu", "menu", "email", "email", "email", "etiqueta", "suporte"], "the session's history: the refused e-mail too");
        let contact_id = s.chat(chat).await["contact"]["id"].as_i64().unwrap();
        let contact = s.admin.get_ok(&format!("/api/v1/contacts/{contact_id}")).await;
        assert_eq!(contact["email"], "Maria@exemplo.com.br", "saved trimmed, the domain in lower case, by the field validator");
        assert_eq!(contact["tags"][0]["name"], "Lead", "the tag step created and put the tag");
        let handed = s.chat(chat).await;
        assert_eq!(handed["department"]["id"], s.seed.department_id, "opened for the chosen department");
        let history = s.admin.get_ok(&format!("/api/v1/conversations/{chat}/messages?limit=200")).await;
        let flow_messages: Vec<&Value> = history["items"].as_array().unwrap().iter().filter(|m| m["author"]["kind"] == "flow").collect();
        assert!(flow_messages.len() >= 5, "the flow's messages show with the author \"flow\"");
        assert_eq!(flow_messages[0]["author"]["name"], "Atendimento");
    }

    async fn the_demo_account_greets_a_newcomer_with_its_published_flow(db: TestDb) {
        let demo = atende_host::demo::ensure(&db.store).await.unwrap();
        atende_host::demo::ensure(&db.store).await.unwrap();
        let server = TestServer::start(&db.store).await;
        let mut admin = server.client();
        assert_eq!(admin.login(&demo.email, &demo.password).await, StatusCode::OK);
        let flows = admin.get_ok("/api/v1/flows").await["items"].as_array().unwrap().clone();
        assert_eq!(flows.len(), 1, "created once: {flows:?}");
        assert_eq!((flows[0]["name"].as_str(), flows[0]["published_revision"].as_i64()), (Some("Boas-vindas"), Some(1)));
        let draft = admin.get_ok(&format!("/api/v1/flows/{}", flows[0]["id"])).await["draft"].clone();
        let issues = admin.post_expect("/api/v1/flows/validate", draft, 200).await;
        assert!(issues["issues"].as_array().unwrap().iter().all(|i| i["severity"] != "error"), "{issues}");

        let key = demo.simulator_path.rsplit('/').next().unwrap().to_string();
        let write = |text: &str| json!({"phone": PHONE, "name": "Joana", "text": text});
        let post = |body: Value| { let client = server.client(); let key = key.clone(); async move { client.post_expect(&format!("/api/v1/simulator/{key}/messages"), body, 202).await } };
        let seen = |n: usize| { let client = server.client(); let key = key.clone(); async move {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
            loop {
                let page = client.get_ok(&format!("/api/v1/simulator/{key}/messages?phone={PHONE}")).await;
                let texts: Vec<String> = page["items"].as_array().unwrap().iter().filter(|m| m["direction"] == "outbound").filter_map(|m| m["text"].as_str().map(str::to_string)).collect();
                if texts.len() >= n { return texts; }
                assert!(tokio::time::Instant::now() < deadline, "saw only {texts:?}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        } };
        post(write("Oi")).await;
        assert_eq!(seen(2).await, ["Olá, Joana! Eu sou a assistente virtual da Demo.", "Como podemos ajudar?"]);
        post(write("Vendas")).await;
        assert_eq!(seen(3).await[2], "Para agilizar, qual é o seu e-mail?");
        post(write("joana@exemplo.com.br")).await;
        assert_eq!(seen(4).await[3], "Obrigado! Já vou chamar alguém de Vendas para falar com você.");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let open = admin.get_ok("/api/v1/conversations?view=open").await;
            if let Some(chat) = open["items"].as_array().unwrap().iter().find(|c| c["contact"]["name"] == "Joana") {
                assert_eq!(chat["department"]["name"], "Vendas", "opened for the chosen department");
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "the chat never reached Chats abertos");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn the_simulator_shows_the_buttons_and_a_tap_answers_by_its_id(db: TestDb) {
        let s = setup(&db).await;
        s.initial_flow(menu_flow(s.seed.department_id)).await;
        let chat = contact_writes(&s.server, &s.seed, PHONE, "Maria", "Oi").await.id;
        s.session_until(chat, waiting_at("menu")).await;
        s.contact_has_seen(2).await;
        let page = s.server.client().get_ok(&format!("/api/v1/simulator/{}/messages?phone={PHONE}", s.seed.simulator_key)).await;
        let menu = page["items"].as_array().unwrap().iter().find(|m| m["text"] == "Como podemos ajudar?").unwrap().clone();
        assert_eq!(menu["choices"]["kind"], "buttons");
        assert_eq!(menu["choices"]["options"][1], json!({"id": "humano", "title": "Falar com atendente"}));
        // A tap carries the button's id the way WhatsApp's button_reply does: it wins over the text.
        let tap = json!({"phone": PHONE, "name": "Maria", "text": "Falar com atendente", "reply_id": "suporte"});
        s.server.client().post_expect(&format!("/api/v1/simulator/{}/messages", s.seed.simulator_key), tap, 202).await;
        s.session_until(chat, waiting_at("email")).await;
    }

    async fn a_timeout_leaves_by_the_timeout_port_and_keywords_hand_over(db: TestDb) {
        let s = setup(&db).await;
        s.initial_flow(menu_flow(s.seed.department_id)).await;
        let chat = contact_writes(&s.server, &s.seed, PHONE, "Maria", "Oi").await.id;
        s.session_until(chat, waiting_at("menu")).await;
        db.clock.advance(Duration::from_secs(11 * 60));
        let ended = s.session_until(chat, |s| s["status"] == "completed").await;
        assert_eq!(ended["steps"].as_array().unwrap().last().unwrap()["node"], "tchau");
        assert_eq!(s.contact_has_seen(3).await.last().unwrap(), "Até logo, !", "the choice was never made");
        assert_eq!(s.chat(chat).await["state"], "bot", "L1: a flow that ended without a service leaves the chat in All only");

        // The next message starts the flow again; "atendente" hands over whatever the node waits for.
        contact_posts(&s.server, &s.seed, PHONE, "Maria", "Oi").await;
        s.session_until(chat, waiting_at("menu")).await;
        contact_posts(&s.server, &s.seed, PHONE, "Maria", "Atendente").await;
        let handed = s.session_until(chat, |s| s["status"] == "handover").await;
        assert_eq!(handed["end_reason"], "o contato pediu um atendente");
        assert_eq!(s.chat(chat).await["state"], "open");
    }

    async fn validation_names_each_problem_by_node_and_field(db: TestDb) {
        let s = setup(&db).await;
        let broken = flow(
            "Quebrado",
            "inicio",
            vec![
                content("menu", json!({"input": {"kind": "choice", "text": "?", "options": [{"id": "a", "title": "Uma opção longa demais para a lista"}]}})),
                node("x", "nao-existe", json!({})),
                node("laco1", "tag", json!({"add": ["a"]})),
                node("laco2", "tag", json!({"add": ["b"]})),
                node("tpl", "send-template", json!({"name": "sumiu", "language": "pt_BR"})),
                content("oi", json!({"messages": ["Olá {apelido}"]})),
            ],
            vec![edge("menu", "z", "x"), edge("laco1", "next", "laco2"), edge("laco2", "next", "laco1"), edge("oi", "next", "fantasma")],
        );
        let issues = s.admin.post_expect("/api/v1/flows/validate", broken.clone(), 200).await["issues"].as_array().unwrap().clone();
        let find = |needle: &str| issues.iter().find(|i| i["message"].as_str().unwrap().contains(needle)).cloned().unwrap_or_else(|| panic!("no issue with {needle:?} in {issues:#?}"));
        assert_eq!(find("nó de entrada")["pointer"], "/entry");
        let long = find("/input/options/0/title");
        assert_eq!((long["node"].as_str(), long["pointer"].as_str()), (Some("menu"), Some("/nodes/0/config/input/options/0/title")));
        assert_eq!(find("\"nao-existe\" não existe")["pointer"], "/nodes/1/type");
        assert_eq!(find("ciclo sem nenhuma espera")["severity"], "error");
        assert_eq!(find("template \"sumiu\"")["node"], "tpl");
        assert_eq!(find("{apelido}")["pointer"], "/nodes/5/config/messages/0");
        assert_eq!(find("\"fantasma\", que não existe")["pointer"], "/edges/3/to");
        let saved = s.admin.post_expect("/api/v1/flows", broken, 201).await;
        assert!(!saved["issues"].as_array().unwrap().is_empty(), "a draft keeps its problems and lists them");
        let id = saved["flow"]["id"].as_i64().unwrap();
        let (status, refused) = s.admin.post(&format!("/api/v1/flows/{id}/publish"), json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["error"]["code"], "invalid_flow");
        assert!(refused["error"]["issues"].as_array().unwrap().len() >= 7, "{refused}");
        let (status, bad) = s.admin.post("/api/v1/flows", json!({"formatVersion": "1.0.0", "nodes": []})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(bad["error"]["issues"][0]["message"].as_str().unwrap().contains("não segue o formato"));
        let agent = s.server.login(&s.seed.agent.email).await;
        assert_eq!(agent.post("/api/v1/flows", menu_flow(1)).await.0, StatusCode::FORBIDDEN, "admins manage flows");
    }

    async fn a_template_that_is_gone_stops_the_flow_with_the_c18_line(db: TestDb) {
        let s = setup(&db).await;
        simulator_template(&s.admin, &s.seed, "boas_vindas", "utility", "Bem-vindo, {{1}}!").await;
        let document = flow(
            "Template",
            "tpl",
            vec![node("tpl", "send-template", json!({"name": "boas_vindas", "language": "pt_BR", "parameters": ["{nome}"]})), node("fim", "end", json!({}))],
            vec![edge("tpl", "next", "fim")],
        );
        s.initial_flow(document).await;
        let chat = contact_writes(&s.server, &s.seed, PHONE, "Maria", "Oi").await.id;
        s.session_until(chat, |s| s["status"] == "completed").await;
        assert_eq!(s.contact_has_seen(1).await, ["Bem-vindo, Maria!"], "the template, rendered with the contact's name");

        // The template is deleted at Meta (here: by hand): the next run cannot send it (C18).
        let mut tx = db.store.begin().await.unwrap();
        tx.execute("UPDATE templates SET status = 'PAUSED'", vec![]).await.unwrap();
        db.store.commit(tx).await.unwrap();
        contact_posts(&s.server, &s.seed, PHONE, "Maria", "Oi de novo").await;
        s.session_until(chat, |s| s["status"] == "failed").await;
        let history = s.admin.get_ok(&format!("/api/v1/conversations/{chat}/messages")).await;
        let last = history["items"].as_array().unwrap().last().unwrap().clone();
        assert_eq!((last["kind"].as_str(), last["text"].as_str()), (Some("system"), Some("--- Mensagem template não enviada, verifique o fluxo ---")));
        assert_eq!(s.contact_sees().await.len(), 1, "the contact sees nothing of it");
    }

    async fn forward_to_flow_closes_the_service_and_the_closing_flow_runs_after_a_close(db: TestDb) {
        let s = setup(&db).await;
        let goodbye = flow("Pesquisa", "nota", vec![content("nota", json!({"messages": ["Como foi o atendimento?"]}))], vec![]);
        let saved = s.admin.post_expect("/api/v1/flows", goodbye, 201).await;
        let survey = saved["flow"]["id"].as_i64().unwrap();
        s.admin.post_expect(&format!("/api/v1/flows/{survey}/publish"), json!({}), 201).await;
        let settings = json!({"chatbot_enabled": false, "initial_flow_id": null, "closing_flow_id": survey});
        s.admin.request(reqwest::Method::PUT, "/api/v1/flow-settings", Some(settings)).await;

        let chat = contact_writes(&s.server, &s.seed, PHONE, "Maria", "Oi").await.id;
        assert_eq!(s.chat(chat).await["state"], "open", "chatbot off: the chat goes to Chats abertos");
        s.admin.post_expect(&format!("/api/v1/conversations/{chat}/close"), json!({"message": null}), 200).await;
        s.session_until(chat, |s| s["status"] == "completed" && s["flow"]["id"] == survey).await;
        assert_eq!(s.contact_has_seen(1).await, ["Como foi o atendimento?"], "K4: the closing flow ran after the close");

        let menu = s.admin.post_expect("/api/v1/flows", menu_flow(s.seed.department_id), 201).await["flow"]["id"].as_i64().unwrap();
        s.admin.post_expect(&format!("/api/v1/flows/{menu}/publish"), json!({}), 201).await;
        contact_posts(&s.server, &s.seed, PHONE, "Maria", "Mais uma dúvida").await;
        assert_eq!(s.chat(chat).await["state"], "open");
        let forwarded = s.admin.post_expect(&format!("/api/v1/conversations/{chat}/forward-to-flow"), json!({"flow_id": menu}), 200).await;
        assert_eq!(forwarded["state"], "closed", "S16: the service is closed first");
        s.session_until(chat, waiting_at("menu")).await;
        assert_eq!(s.sessions(chat).await.len(), 2, "S16 started the chosen flow, not the closing flow");
        assert_eq!(s.chat(chat).await["state"], "bot");
    }

    async fn an_agent_reply_or_assignment_ends_the_waiting_flow(db: TestDb) {
        let s = setup(&db).await;
        s.initial_flow(menu_flow(s.seed.department_id)).await;
        let chat = contact_writes(&s.server, &s.seed, PHONE, "Maria", "Oi").await.id;
        s.session_until(chat, waiting_at("menu")).await;
        s.admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Oi, aqui é a Ana"}), 201).await;
        let interrupted = s.session_until(chat, |s| s["status"] == "interrupted").await;
        assert_eq!(interrupted["end_reason"], "atendimento aberto", "no bot talks over a human");
        contact_posts(&s.server, &s.seed, PHONE, "Maria", "1").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(s.sessions(chat).await.len(), 1, "the answer goes to the agent, not to a flow");
        assert_eq!(s.contact_sees().await.len(), 3, "greeting, choice, the agent's reply: nothing more");
    }

    async fn the_editor_gets_the_accounts_step_types_and_each_nodes_ports(db: TestDb) {
        // Issue 16 parts 2 and 4: the palette from the registry, the handles from the steps.
        let s = setup(&db).await;
        let palette = |admin: &atende_e2e::Client| {
            let admin = admin.clone();
            async move { admin.get_ok("/api/v1/flows/steps").await["items"].as_array().unwrap().clone() }
        };
        let steps = palette(&s.admin).await;
        let content_step = steps.iter().find(|step| step["type"] == "content").expect("the shipped content step");
        assert_eq!(content_step["title"], "Conteúdo", "its Portuguese title, from the manifest");
        assert_eq!((content_step["origin"].as_str(), content_step["type_version"].as_i64()), (Some("shipped"), Some(1)));
        assert!(content_step["description"].as_str().unwrap().starts_with("Conteúdo"), "{content_step}");
        assert_eq!(content_step["config_schema"]["type"], "object");
        assert_eq!(content_step["waits"], true);
        assert!(steps.iter().all(|step| step["type"] != "variables"), "only flow steps: {steps:?}");
        let titles: Vec<String> = steps.iter().map(|step| step["title"].as_str().unwrap().to_lowercase()).collect();
        assert!(titles.windows(2).all(|pair| pair[0] <= pair[1]), "by title: {titles:?}");
        // A shipped step switched off leaves the palette; an integrator's upload joins it.
        s.admin.patch_json("/api/v1/plugins/shipped/delay", json!({"enabled": false})).await;
        let (wasm, manifest) = atende_e2e::components::files("testing", "hostile-step");
        let (status, answer) = s.admin.post_form("/api/v1/plugins", atende_e2e::components::upload_form(&manifest, wasm)).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        let steps = palette(&s.admin).await;
        assert!(steps.iter().all(|step| step["type"] != "delay"), "switched off: {steps:?}");
        let uploaded = steps.iter().find(|step| step["type"] == "hostile-step").expect("the uploaded step");
        assert_eq!(uploaded["origin"], "account");
        let agent = s.server.login(&s.seed.agent.email).await;
        assert_eq!(agent.get("/api/v1/flows/steps").await.0, StatusCode::FORBIDDEN, "for admins");

        // Each node's ports, as its step declares them, where they can be learned.
        let document = flow(
            "Portas",
            "menu",
            vec![
                content("menu", json!({"input": {"kind": "choice", "text": "Qual?", "options": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]}})),
                node("etiqueta", "tag", json!({"add": ["Lead"]})),
                node("x", "nao-existe", json!({})),
            ],
            vec![edge("menu", "a", "etiqueta")],
        );
        let checked = s.admin.post_expect("/api/v1/flows/validate", document.clone(), 200).await;
        let ports = |node: &str| -> Vec<String> {
            checked["ports"][node].as_array().unwrap_or_else(|| panic!("no ports for {node}: {checked}")).iter().map(|p| p.as_str().unwrap().to_string()).collect()
        };
        let menu = ports("menu");
        assert!(["a", "b", "no_match"].iter().all(|port| menu.contains(&port.to_string())), "one per option and the fallback: {menu:?}");
        assert_eq!(ports("etiqueta"), ["next"]);
        assert!(checked["ports"].get("x").is_none(), "an unknown step has no ports: {checked}");
        let saved = s.admin.post_expect("/api/v1/flows", document, 201).await;
        assert_eq!(saved["ports"], checked["ports"], "a save answers with the same ports");
    }

    async fn a_draft_saved_from_a_stale_version_is_refused_and_nothing_is_lost(db: TestDb) {
        // Issue 16 part 8: two admins editing one flow; the second save from the same version
        // is refused, and either admin may then save over it knowingly.
        let s = setup(&db).await;
        let created = s.admin.post_expect("/api/v1/flows", menu_flow(s.seed.department_id), 201).await;
        let id = created["flow"]["id"].as_i64().unwrap();
        assert_eq!(created["flow"]["draft_version"], 1);
        let put = |name: &str, version: Option<i64>| {
            let mut document = menu_flow(s.seed.department_id);
            document["name"] = name.into();
            let path = match version {
                Some(v) => format!("/api/v1/flows/{id}?version={v}"),
                None => format!("/api/v1/flows/{id}"),
            };
            let admin = s.admin.clone();
            async move { admin.request(reqwest::Method::PUT, &path, Some(document)).await }
        };
        let (status, mine) = put("Atendimento A", Some(1)).await;
        assert_eq!(status, StatusCode::OK, "{mine}");
        assert_eq!(mine["flow"]["draft_version"], 2);
        let (status, refused) = put("Atendimento B", Some(1)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{refused}");
        assert_eq!(refused["error"]["code"], "draft_conflict");
        assert!(refused["error"]["message"].as_str().unwrap().contains("Outra pessoa alterou"), "{refused}");
        let kept = s.admin.get_ok(&format!("/api/v1/flows/{id}")).await;
        assert_eq!((kept["name"].as_str(), kept["draft_version"].as_i64()), (Some("Atendimento A"), Some(2)), "nothing saved");
        let (status, over) = put("Atendimento B", Some(2)).await;
        assert_eq!(status, StatusCode::OK, "saved over the other knowingly: {over}");
        assert_eq!((over["flow"]["name"].as_str(), over["flow"]["draft_version"].as_i64()), (Some("Atendimento B"), Some(3)));
        let (status, plain) = put("Atendimento C", None).await;
        assert_eq!((status, plain["flow"]["draft_version"].as_i64()), (StatusCode::OK, Some(4)), "no version: saved as before");
        assert_eq!(put("Atendimento D", Some(1)).await.0, StatusCode::CONFLICT);
        let (status, missing) = s.admin.request(reqwest::Method::PUT, "/api/v1/flows/999999?version=1", Some(menu_flow(1))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
    }

    async fn hostile_steps_go_to_the_error_route_and_the_server_stays_healthy(db: TestDb) {
        let s = setup(&db).await;
        let (wasm, manifest) = atende_e2e::components::files("testing", "hostile-step");
        let (status, answer) = s.admin.post_form("/api/v1/plugins", atende_e2e::components::upload_form(&manifest, wasm)).await;
        assert_eq!(status, StatusCode::CREATED, "an integrator's step is a node type like the shipped ones: {answer}");
        for (i, mischief) in ["loop", "memory", "trap", "rogue"].into_iter().enumerate() {
            let mut document = flow(
                &format!("Hostil {mischief}"),
                "mau",
                vec![
                    node("mau", "hostile-step", json!({"on_reply": mischief})),
                    content("desculpa", json!({"messages": ["Tivemos um problema."]})),
                    node("fila", "open-service", json!({"assign": "none"})),
                ],
                vec![edge("mau", "next", "fila"), edge("desculpa", "next", "fila")],
            );
            document["settings"] = json!({"onError": "desculpa"});
            s.initial_flow(document).await;
            let phone = format!("55119999900{i:02}");
            let chat = contact_writes(&s.server, &s.seed, &phone, "Maria", "Oi").await.id;
            s.session_until(chat, waiting_at("mau")).await;
            contact_posts(&s.server, &s.seed, &phone, "Maria", "e agora?").await;
            let ended = s.session_until(chat, |s| s["status"] == "handover").await;
            let outcomes: Vec<&str> = ended["steps"].as_array().unwrap().iter().map(|st| st["outcome"].as_str().unwrap()).collect();
            assert!(outcomes[1].starts_with("error:"), "{mischief}: {outcomes:?}");
            // The error route ran (its message goes out through the outbox, after the run's commit).
            contact_receives(&s.server, &s.seed, &phone, "Tivemos um problema.").await;
            let page = s.server.client().get_ok(&format!("/api/v1/simulator/{}/messages?phone={phone}", s.seed.simulator_key)).await;
            let texts: Vec<&str> = page["items"].as_array().unwrap().iter().filter(|m| m["direction"] == "outbound").filter_map(|m| m["text"].as_str()).collect();
            assert!(!texts.contains(&"Vinte botões"), "{mischief}: none of its effects");
            assert_eq!(s.chat(chat).await["state"], "open", "{mischief}: a contact is never stuck in a broken flow");
        }
        assert_eq!(s.server.client().get("/healthz").await.0, StatusCode::OK);
    }

    async fn scheduled_flows_start_at_their_time_and_can_be_removed(db: TestDb) {
        let s = setup(&db).await;
        let survey = flow("Lembrete", "oi", vec![content("oi", json!({"messages": ["Passando para lembrar do seu horário."]}))], vec![]);
        let id = s.admin.post_expect("/api/v1/flows", survey, 201).await["flow"]["id"].as_i64().unwrap();
        s.admin.post_expect(&format!("/api/v1/flows/{id}/publish"), json!({}), 201).await;
        let chat = contact_writes(&s.server, &s.seed, PHONE, "Maria", "Oi").await.id;
        s.admin.post_expect(&format!("/api/v1/conversations/{chat}/close"), json!({"message": null}), 200).await;
        let path = format!("/api/v1/conversations/{chat}/scheduled-flows");
        let hour = 3_600_000;
        let first = s.admin.post_expect(&path, json!({"flow_id": id, "run_at": db.clock.now() + hour}), 201).await;
        assert_eq!((first["flow"]["name"].as_str(), first["scheduled_by"]["name"].as_str()), (Some("Lembrete"), Some("Admin")));
        s.admin.post_expect(&path, json!({"flow_id": id, "run_at": db.clock.now() + 3 * hour}), 201).await;
        s.admin.post_expect(&path, json!({"flow_id": id, "run_at": db.clock.now() + 5 * hour}), 201).await;
        let (status, past) = s.admin.post(&path, json!({"flow_id": id, "run_at": db.clock.now() - 1})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{past}");
        assert_eq!(s.admin.get_ok(&path).await["items"].as_array().unwrap().len(), 3);

        db.clock.advance(Duration::from_secs(2 * 3600));
        s.session_until(chat, |s| s["status"] == "completed").await;
        assert_eq!(s.contact_has_seen(1).await, ["Passando para lembrar do seu horário."], "S8: it started at its time");
        assert_eq!(s.admin.get_ok(&path).await["items"].as_array().unwrap().len(), 2, "the one that ran is no longer listed");

        let second = s.admin.get_ok(&path).await["items"][0]["id"].as_i64().unwrap();
        assert_eq!(s.admin.delete(&format!("{path}/{second}")).await.0, StatusCode::NO_CONTENT);
        assert_eq!(s.admin.delete(&format!("{path}/{second}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(s.admin.delete(&path).await.1["removed"], 1, "Remover fluxos");
        db.clock.advance(Duration::from_secs(6 * 3600));
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(s.sessions(chat).await.len(), 1, "nothing removed ever ran");
    }

    async fn messages_sent_at_once_are_handled_one_at_a_time_in_order(db: TestDb) {
        let s = setup(&db).await;
        let counting = flow(
            "Contagem",
            "primeira",
            vec![
                content("primeira", json!({"input": {"kind": "text", "variable": "a"}, "messages": ["Primeira?"]})),
                content("segunda", json!({"input": {"kind": "text", "variable": "b"}, "messages": ["Recebi {a}. Segunda?"]})),
                content("terceira", json!({"input": {"kind": "text", "variable": "c"}, "messages": ["Recebi {b}. Terceira?"]})),
                content("fim", json!({"messages": ["Recebi {c}. Obrigado!"]})),
            ],
            vec![edge("primeira", "next", "segunda"), edge("segunda", "next", "terceira"), edge("terceira", "next", "fim")],
        );
        s.initial_flow(counting).await;
        let chat = contact_writes(&s.server, &s.seed, PHONE, "Maria", "Oi").await.id;
        s.session_until(chat, waiting_at("primeira")).await;
        // Three answers at once: each waits for the one before it, none is dropped.
        let send = |text: &'static str| { let s = &s; async move { contact_posts(&s.server, &s.seed, PHONE, "Maria", text).await } };
        tokio::join!(send("um"), send("dois"), send("três"));
        s.session_until(chat, |s| s["status"] == "completed").await;
        let seen = s.contact_has_seen(4).await;
        let answers: Vec<&String> = seen.iter().filter(|t| t.starts_with("Recebi")).collect();
        assert_eq!(answers.len(), 3, "{seen:?}");
        let history = s.admin.get_ok(&format!("/api/v1/conversations/{chat}/messages?limit=200")).await;
        let inbound: Vec<&str> = history["items"].as_array().unwrap().iter().filter(|m| m["direction"] == "inbound").map(|m| m["text"].as_str().unwrap()).collect();
        let expected = format!("Recebi {}. Obrigado!", inbound[3]);
        assert_eq!(seen.last().unwrap(), &expected, "the answers were taken in the order they arrived: {inbound:?} {seen:?}");
        assert_eq!(*answers[0], format!("Recebi {}. Segunda?", inbound[1]));
    }

    async fn a_flow_that_only_tags_leaves_the_unanswered_timer_running(db: TestDb) {
        let s = setup(&db).await;
        let tagging = flow(
            "Etiqueta",
            "marca",
            vec![node("marca", "tag", json!({"add": ["Novo"]})), node("fila", "open-service", json!({"assign": "none"}))],
            vec![edge("marca", "next", "fila")],
        );
        s.initial_flow(tagging).await;
        let chat = contact_writes(&s.server, &s.seed, PHONE, "Maria", "Oi").await.id;
        s.session_until(chat, |s| s["status"] == "handover").await;
        let opened = s.chat(chat).await;
        assert_eq!(opened["state"], "open");
        assert!(opened["unanswered_since"].is_i64(), "L13: a flow that sends nothing does not stop the timer: {opened}");
    }

    async fn on_whatsapp_the_menu_goes_as_buttons_and_a_button_reply_answers_it(db: TestDb) {
        let channel = json!({"name": "WhatsApp", "external_id": "106540352242922", "business_id": "102290129340398"});
        let wa = WhatsApp::start(&db, channel, |_| {}).await;
        let document = flow(
            "Cancelamento",
            "menu",
            vec![
                content("menu", json!({"input": {"kind": "choice", "text": "Deseja alterar ou cancelar?", "options": [
                    {"id": "change-button", "title": "Change"}, {"id": "cancel-button", "title": "Cancel"}]}})),
                node("fila", "open-service", json!({"assign": "none"})),
            ],
            vec![edge("menu", "cancel-button", "fila")],
        );
        let saved = wa.admin.post_expect("/api/v1/flows", document, 201).await;
        let id = saved["flow"]["id"].as_i64().unwrap();
        wa.admin.post_expect(&format!("/api/v1/flows/{id}/publish"), json!({}), 201).await;
        let settings = json!({"chatbot_enabled": true, "initial_flow_id": id, "closing_flow_id": null});
        wa.admin.request(reqwest::Method::PUT, "/api/v1/flow-settings", Some(settings)).await;

        wa.play_ok(&fixture_now("wa_inbound_text")).await;
        let sent = wa.fake.wait_for("106540352242922/messages", 1).await;
        let body = sent[0].json();
        assert_eq!(body["type"], "interactive");
        assert_eq!(body["interactive"]["type"], "button", "Meta's reply buttons");
        assert_eq!(body["interactive"]["action"]["buttons"][1]["reply"], json!({"id": "cancel-button", "title": "Cancel"}));

        wa.play_ok(&fixture_now("wa_inbound_interactive_button_reply")).await;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let open = wa.admin.get_ok("/api/v1/conversations?view=open").await;
            if open["items"].as_array().unwrap().iter().any(|c| c["contact"]["name"] == "Sheena Nelson") {
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "the button_reply never handed the chat over");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn an_admin_test_runs_the_draft_as_their_own_test_contact_and_restarts_it(db: TestDb) {
        // Issue 16 part 7: "Testar" plays the draft (never published) on the simulator as the
        // admin's test contact, records each step's effects, and restarts from the entry; a
        // real contact's chat and the published revisions are untouched.
        let s = setup(&db).await;
        let real_chat = contact_writes(&s.server, &s.seed, PHONE, "Maria", "Oi").await.id;
        let saved = s.admin.post_expect("/api/v1/flows", menu_flow(s.seed.department_id), 201).await;
        let id = saved["flow"]["id"].as_i64().unwrap();

        let run = s.admin.post_expect(&format!("/api/v1/flows/{id}/test-run"), json!({}), 200).await;
        let revision = run["revision"].as_i64().unwrap();
        assert!(revision < 0, "a test snapshot, never a published revision: {run}");
        assert_eq!(run["simulator"]["key"], s.seed.simulator_key.as_str(), "the account's simulator channel");
        let phone = run["simulator"]["phone"].as_str().unwrap().to_string();
        let name = format!("Teste do fluxo ({})", s.seed.admin.name);
        assert_eq!(run["simulator"]["name"], name.as_str());
        let chat = run["conversation_id"].as_i64().unwrap();
        assert_ne!(chat, real_chat);

        let waiting = s.session_until(chat, waiting_at("menu")).await;
        assert_eq!(waiting["revision"], revision);
        assert_eq!(waiting["steps"][0]["node"], "menu");
        assert_eq!(
            waiting["steps"][0]["effects"],
            json!([{"kind": "sent", "preview": format!("Olá, {name}!")}, {"kind": "sent", "preview": "Como podemos ajudar?"}]),
            "the greeting with the test contact's name, then the choice"
        );
        // The test contact's phone shows them: its window opened as the test started.
        let phone_shows = |phone: String| {
            let client = s.server.client();
            let key = s.seed.simulator_key.clone();
            async move {
                let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
                loop {
                    let page = client.get_ok(&format!("/api/v1/simulator/{key}/messages?phone={phone}")).await;
                    let texts: Vec<String> = page["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter_map(|m| m["text"].as_str().map(str::to_string))
                        .collect();
                    if texts.len() >= 2 || tokio::time::Instant::now() > deadline {
                        return texts;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        };
        assert_eq!(phone_shows(phone.clone()).await, [format!("Olá, {name}!"), "Como podemos ajudar?".to_string()]);
        contact_posts(&s.server, &s.seed, &phone, &name, "suporte").await;
        s.session_until(chat, waiting_at("email")).await;
        contact_posts(&s.server, &s.seed, &phone, &name, "teste@example.com").await;
        let ended = s.session_until(chat, |s| s["status"] == "handover").await;
        let effects: Vec<Value> =
            ended["steps"].as_array().unwrap().iter().flat_map(|step| step["effects"].as_array().unwrap().clone()).collect();
        for expected in [
            json!({"kind": "variable", "name": "assunto", "value": "Suporte"}),
            json!({"kind": "field", "key": "email", "value": "teste@example.com"}),
            json!({"kind": "tag", "name": "Lead", "added": true}),
            json!({"kind": "service", "assignment": {"rule": "department", "department_id": s.seed.department_id}}),
        ] {
            assert!(effects.contains(&expected), "{expected} among {effects:?}");
        }
        assert_eq!(s.chat(chat).await["state"], "open", "the hand-over happens for real, in the test contact's chat");
        assert_eq!(s.chat(real_chat).await["contact"]["name"], "Maria");
        assert!(s.sessions(real_chat).await.is_empty(), "the real contact met no flow");
        let published = s.admin.get_ok(&format!("/api/v1/flows/{id}/revisions")).await;
        assert_eq!(published["items"], json!([]), "a test run publishes nothing");
        assert!(s.admin.get_ok(&format!("/api/v1/flows/{id}")).await["published_revision"].is_null());

        // Restart from the entry: the service the test opened is closed, the draft starts again.
        let again = s.admin.post_expect(&format!("/api/v1/flows/{id}/test-run"), json!({}), 200).await;
        assert_eq!(again["revision"], revision, "the same draft, the same snapshot");
        assert_eq!(again["conversation_id"], chat);
        let restarted = s.session_until(chat, waiting_at("menu")).await;
        assert_ne!(restarted["id"], ended["id"]);
        assert_eq!(s.chat(chat).await["state"], "bot");

        // A changed draft is tested as changed; the session waiting on the old one is interrupted.
        let mut changed = menu_flow(s.seed.department_id);
        changed["nodes"][0]["config"]["messages"] = json!(["Oi de novo, {nome}!"]);
        let (status, _) = s.admin.request(reqwest::Method::PUT, &format!("/api/v1/flows/{id}"), Some(changed)).await;
        assert_eq!(status, StatusCode::OK);
        let newer = s.admin.post_expect(&format!("/api/v1/flows/{id}/test-run"), json!({}), 200).await;
        let newer_revision = newer["revision"].as_i64().unwrap();
        assert!(newer_revision < revision, "each draft version has its snapshot");
        let session = s.session_until(chat, |s| s["status"] == "waiting" && s["revision"] == newer_revision).await;
        assert_eq!(session["steps"][0]["effects"][0]["preview"], format!("Oi de novo, {name}!"));
        let interrupted = s.sessions(chat).await.into_iter().find(|old| old["id"] == restarted["id"]).unwrap();
        assert_eq!(interrupted["status"], "interrupted");
        assert_eq!(interrupted["end_reason"], "teste reiniciado");

        // A draft with errors is refused with them; agents may not test; an unknown flow is 404.
        let mut broken = menu_flow(s.seed.department_id);
        broken["entry"] = json!("nenhum");
        let (status, kept) = s.admin.request(reqwest::Method::PUT, &format!("/api/v1/flows/{id}"), Some(broken)).await;
        assert_eq!(status, StatusCode::OK, "a draft may keep its errors: {kept}");
        let refused = s.admin.post_expect(&format!("/api/v1/flows/{id}/test-run"), json!({}), 422).await;
        assert_eq!(refused["error"]["code"], "invalid_flow", "{refused}");
        let agent = s.server.login(&s.seed.agent.email).await;
        agent.post_expect(&format!("/api/v1/flows/{id}/test-run"), json!({}), 403).await;
        s.admin.post_expect("/api/v1/flows/999999/test-run", json!({}), 404).await;
    }
}
