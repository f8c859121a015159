//! Contacts (A6, issue 14 part 3) through the API on both databases: "Novo contato" validated
//! like "Editar dados" with a repeated phone refused; companies by a valid CNPJ with their
//! contacts; the list's filters (search, tag,
//! campaign, "Bloqueado?", broadcast switch, custom field) with their total and keyset pages;
//! the CSV export of the filtered list; the CSV import — upload, suggested mapping, the
//! admin's mapping checked, rows checked by the field validator and rejected with their reason
//! in a downloadable report, repeated phones merged or skipped — and, with the real binary, an
//! import that survives SIGKILL: resumed after the restart, no row written twice.

use std::time::Duration;

use atende_e2e::process::HostProcess;
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

fn csv_form(name: &str, body: impl Into<Vec<u8>>) -> Form {
    Form::new().part("file", Part::bytes(body.into()).file_name(name.to_string()).mime_str("text/csv").unwrap())
}

/// Upload `body` as an import; the server's answer.
async fn upload(admin: &Client, body: &str) -> (StatusCode, Value) {
    admin.post_form("/api/v1/contact-imports", csv_form("contatos.csv", body)).await
}

/// Wait (on the wall clock: the worker runs on its own) until the import is done.
async fn finished(admin: &Client, id: i64) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let import = admin.get_ok(&format!("/api/v1/contact-imports/{id}")).await;
        if import["state"] != "running" {
            return import;
        }
        assert!(tokio::time::Instant::now() < deadline, "the import did not finish: {import}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn names(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    let (n,): (i64,) = db.store.read().await.unwrap().fetch_one(sql, vec![]).await.unwrap();
    n
}

on_both_backends! {
    async fn new_contacts_are_validated_and_a_phone_is_one_contact(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let agent = server.login(&acme.agent.email).await;

        let (status, carla) = admin
            .post("/api/v1/contacts", json!({"name": " Carla Contato ", "phone": "+55 21 95555-8001",
                "cpf": "529.982.247-25", "email": "Carla@Exemplo.com", "cnpj": "11.222.333/0001-81",
                "company_name": "Padaria Pão Quente"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{carla}");
        assert_eq!(carla["name"], "Carla Contato");
        assert_eq!(carla["phone"], "5521955558001");
        assert_eq!(carla["cpf"], "52998224725", "checked and stored like 'Editar dados'");
        assert_eq!(carla["company_name"], "Padaria Pão Quente", "companies by CNPJ");

        let (status, answer) = admin.post("/api/v1/contacts", json!({"name": "Outra", "phone": "5521955558001"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("Carla Contato"), "{answer}");
        for (body, says) in [
            (json!({"name": "Sem telefone"}), "telefone"),
            (json!({"name": "CPF", "phone": "5521955558002", "cpf": "123"}), "CPF"),
            (json!({"name": "Fone", "phone": "(21) 9555"}), "telefone"),
        ] {
            let (status, answer) = admin.post("/api/v1/contacts", body.clone()).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
            assert!(answer["error"]["message"].as_str().unwrap().to_lowercase().contains(&says.to_lowercase()), "{answer}");
        }
        let (status, _) = agent.post("/api/v1/contacts", json!({"name": "Agente", "phone": "5521955558003"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "creating contacts is an admin's (A6)");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM contacts").await, 1, "refused requests wrote nothing");
    }

    async fn companies_are_kept_by_a_valid_cnpj_with_their_contacts(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let (status, answer) = admin.post("/api/v1/companies", json!({"cnpj": "11.222.333/0001-82", "name": "Padaria"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "check digits: {answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("CNPJ"), "{answer}");
        let padaria = admin
            .post_expect("/api/v1/companies", json!({"cnpj": "11.222.333/0001-81", "name": " Padaria Pão Quente "}), 201)
            .await;
        assert_eq!((padaria["cnpj"].as_str(), padaria["name"].as_str()), (Some("11222333000181"), Some("Padaria Pão Quente")));
        let (status, _) = admin.post("/api/v1/companies", json!({"cnpj": "11222333000181", "name": "Outra"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "one company per CNPJ");
        for (name, phone) in [("Paulo", "5521955592001"), ("Pedro", "5521955592002")] {
            admin.post_expect("/api/v1/contacts", json!({"name": name, "phone": phone, "cnpj": "11.222.333/0001-81"}), 201).await;
        }
        admin.post_expect("/api/v1/contacts", json!({"name": "Sem empresa", "phone": "5521955592003"}), 201).await;
        let list = admin.get_ok("/api/v1/companies?search=pão").await;
        assert_eq!(list["items"][0]["contacts"], 2, "{list}");
        let theirs = admin.get_ok("/api/v1/contacts?cnpj=11.222.333/0001-81").await;
        assert_eq!(names(&theirs), vec!["Paulo", "Pedro"], "a company's contacts");
        assert_eq!(theirs["items"][0]["company_name"], "Padaria Pão Quente");
        let id = padaria["id"].as_i64().unwrap();
        let renamed = admin.patch_json(&format!("/api/v1/companies/{id}"), json!({"name": "Padaria Nova"})).await.1;
        assert_eq!(renamed["name"], "Padaria Nova");
        assert_eq!(admin.get_ok("/api/v1/contacts?cnpj=11222333000181").await["items"][0]["company_name"], "Padaria Nova");
        let (status, _) = admin.patch_json(&format!("/api/v1/companies/{id}"), json!({"name": " "})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, _) = server.login(&acme.agent.email).await.get("/api/v1/companies").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    async fn the_list_filters_counts_and_pages_by_name(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let other = server.login(&beta.admin.email).await;
        other.post_expect("/api/v1/contacts", json!({"name": "Ana de Beta", "phone": "5521955550999"}), 201).await;
        admin
            .post_expect("/api/v1/custom-fields", json!({"key": "plano", "label": "Plano", "kind": "text"}), 201)
            .await;
        let mut ids = Vec::new();
        for i in 0..25 {
            let contact = admin
                .post_expect("/api/v1/contacts", json!({"name": format!("Pessoa {i:02}"), "phone": format!("55219555500{i:02}")}), 201)
                .await;
            ids.push(contact["id"].as_i64().unwrap());
        }
        let tag = admin.post_expect("/api/v1/tags", json!({"name": "VIP"}), 201).await["id"].as_i64().unwrap();
        admin.post_expect(&format!("/api/v1/contacts/{}/tags", ids[3]), json!({"tag_id": tag}), 200).await;
        admin.post_expect(&format!("/api/v1/contacts/{}/block", ids[4]), json!({}), 200).await;
        admin.patch_json(&format!("/api/v1/contacts/{}", ids[5]), json!({"receives_broadcasts": false})).await;
        let (status, _) = admin
            .request(reqwest::Method::PUT, &format!("/api/v1/contacts/{}/fields/plano", ids[6]), Some(json!({"value": "Ouro Plus"})))
            .await;
        assert_eq!(status, StatusCode::OK);

        // Pages of 10 by name, with the total; the last page has no cursor.
        let first = admin.get_ok("/api/v1/contacts?limit=10").await;
        assert_eq!(first["total"], 25, "another account's contact is not counted");
        assert_eq!(names(&first)[0], "Pessoa 00");
        let cursor = first["next_cursor"].as_str().unwrap().to_string();
        let second = admin.get_ok(&format!("/api/v1/contacts?limit=10&cursor={cursor}")).await;
        assert_eq!(names(&second)[0], "Pessoa 10");
        let third = admin.get_ok(&format!("/api/v1/contacts?limit=10&cursor={}", second["next_cursor"].as_str().unwrap())).await;
        assert_eq!(names(&third).len(), 5);
        assert_eq!(third["next_cursor"], Value::Null);
        let (status, answer) = admin.get("/api/v1/contacts?cursor=garbage!").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");

        for (query, expected) in [
            ("search=pessoa%2007".to_string(), vec!["Pessoa 07"]),
            ("search=955550012".to_string(), vec!["Pessoa 12"]),
            (format!("tag_id={tag}"), vec!["Pessoa 03"]),
            ("blocked=true".to_string(), vec!["Pessoa 04"]),
            ("receives_broadcasts=false".to_string(), vec!["Pessoa 05"]),
            ("field=plano&field_value=ouro".to_string(), vec!["Pessoa 06"]),
            ("field=plano".to_string(), vec!["Pessoa 06"]),
        ] {
            let page = admin.get_ok(&format!("/api/v1/contacts?{query}")).await;
            assert_eq!(names(&page), expected, "{query}");
            assert_eq!(page["total"], expected.len(), "{query}");
        }
        let not_blocked = admin.get_ok("/api/v1/contacts?blocked=false&limit=500").await;
        assert_eq!(not_blocked["total"], 24);

        // The export holds what the filter holds, in the import's columns.
        let (status, kind, body) = admin.get_text("/api/v1/contacts/export.csv?search=pessoa%200").await;
        assert_eq!(status, StatusCode::OK);
        assert!(kind.starts_with("text/csv"), "{kind}");
        let lines: Vec<&str> = body.lines().collect();
        assert!(lines[0].starts_with("nome;telefone;email;"), "{}", lines[0]);
        assert!(lines[0].ends_with(";etiquetas;plano"), "{}", lines[0]);
        assert_eq!(lines.len(), 11, "the header and Pessoa 00 to 09: {body}");
        assert!(lines.iter().any(|l| l.starts_with("Pessoa 03;5521955550003;") && l.contains(";VIP;")), "{body}");
        assert!(lines.iter().any(|l| l.starts_with("Pessoa 06;") && l.ends_with(";Ouro Plus")), "{body}");
        let (status, _, _) = server.login(&acme.agent.email).await.get_text("/api/v1/contacts/export.csv").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    async fn an_import_checks_each_row_and_reports_the_rejected_ones(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        admin
            .post_expect("/api/v1/custom-fields", json!({"key": "plano", "label": "Plano", "kind": "list", "options": ["Ouro", "Prata"]}), 201)
            .await;
        let existing =
            admin.post_expect("/api/v1/contacts", json!({"name": "Já Existe", "phone": "5521955560001"}), 201).await;

        // Files that are not CSV contacts are refused with a reason, nothing kept.
        for (body, says) in [("nome;telefone\n", "linhas"), ("", "vazio")] {
            let (status, answer) = upload(&admin, body).await;
            assert!(status == StatusCode::UNPROCESSABLE_ENTITY, "{body:?}: {status} {answer}");
            assert!(answer["error"]["message"].as_str().unwrap().contains(says), "{answer}");
        }
        let (status, answer) = admin.post_form("/api/v1/contact-imports", csv_form("latin1.csv", b"nome\nJo\xe3o\n".to_vec())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(answer["error"]["message"].as_str().unwrap().contains("UTF-8"), "{answer}");

        let file = "Nome;Celular;E-mail;Plano;Observação\n\
                    Ana Import;5521955560002;ana@exemplo.com;Ouro;x\n\
                    Bruno Import;5521955560003;bruno@;Prata;\n\
                    Sem Fone;;semfone@exemplo.com;;\n\
                    Carla Import;5521955560004;;Bronze;\n\
                    Novo Nome;5521955560001;ja@exemplo.com;Prata;\n\
                    Ana Repetida;5521955560002;;;\n";
        let (status, import) = upload(&admin, file).await;
        assert_eq!(status, StatusCode::CREATED, "{import}");
        assert_eq!(import["state"], "uploaded");
        assert_eq!(import["total_rows"], 6);
        assert_eq!(import["suggested_mapping"], json!(["nome", "telefone", "email", "plano", null]));
        assert_eq!(import["preview"][0][0], "Ana Import");
        let id = import["id"].as_i64().unwrap();
        let fields = admin.get_ok("/api/v1/contact-imports/fields").await;
        assert!(fields["items"].as_array().unwrap().iter().any(|f| f["key"] == "plano" && f["label"] == "Plano"));

        let start = format!("/api/v1/contact-imports/{id}/start");
        for (mapping, says) in [
            (json!(["nome", null, "email", "plano", null]), "Telefone"),
            (json!(["nome", "telefone", "telefone", null, null]), "mais de uma coluna"),
            (json!(["nome", "telefone"]), "5 colunas"),
            (json!(["nome", "telefone", "idade", null, null]), "idade"),
        ] {
            let (status, answer) = admin.post(&start, json!({"mapping": mapping, "duplicates": "skip"})).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{mapping}: {answer}");
            assert!(answer["error"]["message"].as_str().unwrap().contains(says), "{answer}");
        }
        let other = server.login(&beta.admin.email).await;
        let (status, _) = other.post(&start, json!({"mapping": import["suggested_mapping"], "duplicates": "skip"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another account's import is invisible");

        let started = admin.post_expect(&start, json!({"mapping": import["suggested_mapping"], "duplicates": "skip"}), 200).await;
        assert_eq!(started["duplicates"], "skip");
        let (status, _) = admin.post(&start, json!({"mapping": import["suggested_mapping"], "duplicates": "merge"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "an import starts once");
        let done = finished(&admin, id).await;
        assert_eq!(done["state"], "done", "{done}");
        assert_eq!(
            (done["processed_rows"].as_i64(), done["created"].as_i64(), done["skipped"].as_i64(), done["rejected"].as_i64()),
            (Some(6), Some(1), Some(2), Some(3)),
            "Ana created; 'Novo Nome' (an existing phone) and 'Ana Repetida' (a phone earlier in the file) skipped; \
             a bad e-mail, no phone and an option not in the list rejected: {done}"
        );
        let ana = admin.get_ok("/api/v1/contacts?search=Ana%20Import").await;
        assert_eq!(ana["items"][0]["email"], "ana@exemplo.com");
        assert_eq!(ana["items"][0]["custom_fields"]["plano"], "Ouro");
        assert_eq!(admin.get_ok(&format!("/api/v1/contacts/{}", existing["id"])).await["name"], "Já Existe", "skipped");

        let (status, kind, report) = admin.get_text(&format!("/api/v1/contact-imports/{id}/rejections.csv")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(kind.starts_with("text/csv"));
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines[0], "linha;motivo;Nome;Celular;E-mail;Plano;Observação");
        assert_eq!(lines.len(), 4, "{report}");
        assert!(lines[1].starts_with("3;E-mail:") && lines[1].contains("Bruno Import"), "{report}");
        assert!(lines[2].starts_with("4;Telefone:"), "{report}");
        assert!(lines[3].starts_with("5;Plano:") && lines[3].contains("Bronze"), "{report}");
        let (status, _, _) = other.get_text(&format!("/api/v1/contact-imports/{id}/rejections.csv")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // The same file again, merging: the existing contacts take the rows' values.
        let again = upload(&admin, file).await.1;
        let again_id = again["id"].as_i64().unwrap();
        admin
            .post_expect(&format!("/api/v1/contact-imports/{again_id}/start"), json!({"mapping": again["suggested_mapping"], "duplicates": "merge"}), 200)
            .await;
        let merged = finished(&admin, again_id).await;
        assert_eq!((merged["created"].as_i64(), merged["merged"].as_i64()), (Some(0), Some(3)), "{merged}");
        let renamed = admin.get_ok(&format!("/api/v1/contacts/{}", existing["id"])).await;
        assert_eq!(renamed["name"], "Novo Nome");
        assert_eq!(renamed["email"], "ja@exemplo.com");
        assert_eq!(renamed["custom_fields"]["plano"], "Prata");
        let ana = admin.get_ok("/api/v1/contacts?search=5521955560002").await;
        assert_eq!(names(&ana), vec!["Ana Repetida"], "the later row merged its name, the rest kept");
        assert_eq!(ana["items"][0]["email"], "ana@exemplo.com");
        assert_eq!(admin.get_ok("/api/v1/contact-imports").await["items"].as_array().unwrap().len(), 2);
        assert_eq!(other.get_ok("/api/v1/contact-imports").await["items"].as_array().unwrap().len(), 0);
    }

    async fn an_import_killed_mid_way_resumes_and_writes_no_row_twice(db: TestDb) {
        const ROWS: usize = 20_000;
        let acme = Seed::create(&db.store, "Acme").await;
        let data = tempfile::tempdir().unwrap();
        let settings = [("ATENDE_WORKER_LEASE_MS", "3000"), ("ATENDE_GRAPH_TIMEOUT_MS", "1000")];
        let host = HostProcess::start_with(&db.url, data.path(), &settings).await;
        let mut admin = Client::new(&host.url);
        assert_eq!(admin.login(&acme.admin.email, atende_e2e::seed::PASSWORD).await, 200);
        let mut file = String::from("nome;telefone;email\n");
        for i in 0..ROWS {
            file.push_str(&format!("Pessoa {i};55119{i:08};pessoa{i}@exemplo.com\n"));
        }
        let (status, import) = upload(&admin, &file).await;
        assert_eq!(status, StatusCode::CREATED, "{import}");
        let id = import["id"].as_i64().unwrap();
        admin
            .post_expect(&format!("/api/v1/contact-imports/{id}/start"), json!({"mapping": import["suggested_mapping"], "duplicates": "merge"}), 200)
            .await;
        // Kill the host once some chunks are written and others are not.
        loop {
            let progress = admin.get_ok(&format!("/api/v1/contact-imports/{id}")).await;
            let processed = progress["processed_rows"].as_i64().unwrap();
            assert!(processed < ROWS as i64, "the import ended before the kill; make the file larger: {progress}");
            if processed > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        host.kill().await;

        let host = HostProcess::start_with(&db.url, data.path(), &settings).await;
        let mut admin = Client::new(&host.url);
        assert_eq!(admin.login(&acme.admin.email, atende_e2e::seed::PASSWORD).await, 200);
        let done = finished(&admin, id).await;
        assert_eq!(done["state"], "done", "{done}");
        assert_eq!(done["processed_rows"], ROWS);
        let (_, _, rejections) = admin.get_text(&format!("/api/v1/contact-imports/{id}/rejections.csv")).await;
        assert_eq!(done["created"], ROWS, "every row created once, none merged into itself: {done}\n{rejections}");
        assert_eq!(done["merged"], 0, "{done}");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM contacts").await, ROWS as i64);
        assert_eq!(count(&db, "SELECT COUNT(DISTINCT phone) FROM contacts").await, ROWS as i64);
        host.kill().await;
    }
}
