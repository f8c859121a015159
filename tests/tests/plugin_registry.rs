//! The plugin registry through the API (issue 3, part 3): admins upload components with their
//! manifests, versions are kept, plugins are switched on and off and deleted; bad uploads get a
//! 4xx that says what is wrong and store nothing; one account's plugins are invisible to another.

use atende_e2e::components::{files, upload_form};
use atende_e2e::{Seed, TestDb, TestServer, on_both_backends};
use atende_host::plugins::Plugins;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn count(db: &TestDb, table: &str) -> i64 {
    let (n,): (i64,) =
        db.store.read().await.unwrap().fetch_one(&format!("SELECT COUNT(*) FROM {table}"), vec![]).await.unwrap();
    n
}

/// The `noop` test component's manifest under another version.
fn noop(version: &str) -> (Vec<u8>, Value) {
    let (wasm, mut manifest) = files("testing", "noop");
    manifest["version"] = version.into();
    (wasm, manifest)
}

fn names(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_string()).collect()
}

/// A Plugins service of its own (as another host would have): nothing prepared in memory.
async fn fresh_plugins() -> Plugins {
    Plugins::start(None).await.expect("plugins start")
}

on_both_backends! {
    async fn an_admin_uploads_a_plugin_and_its_versions_are_kept(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;

        let (wasm, manifest) = noop("1.0.0");
        let (status, first) = admin.post_form("/api/v1/plugins", upload_form(&manifest, wasm.clone())).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        assert_eq!(first["name"], "noop");
        assert_eq!(first["kind"], "variable-expander");
        assert_eq!(first["origin"], "account");
        assert_eq!(first["enabled"], true);
        assert_eq!(first["version"], "1.0.0");
        assert_eq!(first["versions"][0]["size_bytes"], wasm.len());
        assert_eq!(first["versions"][0]["uploaded_by"], acme.admin.id);
        let id = first["id"].as_i64().unwrap();

        let (wasm2, manifest2) = noop("1.1.0");
        let (status, second) = admin.post_form("/api/v1/plugins", upload_form(&manifest2, wasm2)).await;
        assert_eq!(status, StatusCode::CREATED, "{second}");
        assert_eq!(second["id"], id, "a new version of the same plugin");
        assert_eq!(second["version"], "1.1.0");
        let versions: Vec<&str> = second["versions"].as_array().unwrap().iter().map(|v| v["version"].as_str().unwrap()).collect();
        assert_eq!(versions, ["1.1.0", "1.0.0"]);

        let (status, again) = admin.post_form("/api/v1/plugins", upload_form(&manifest, wasm)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{again}");
        assert!(again["error"]["message"].as_str().unwrap().contains("1.0.0"), "{again}");

        let list = admin.get_ok("/api/v1/plugins").await;
        let all = names(&list);
        for shipped in ["variables", "templates", "closing-fields", "content", "condition", "open-service", "end"] {
            assert!(all.contains(&shipped.to_string()), "{all:?}");
        }
        assert!(all.contains(&"noop".to_string()));
        let shipped = list["items"].as_array().unwrap().iter().find(|p| p["name"] == "variables").unwrap();
        assert_eq!(shipped["origin"], "shipped");
        assert_eq!(shipped["id"], Value::Null);
        assert_eq!(admin.get_ok(&format!("/api/v1/plugins/{id}")).await["versions"].as_array().unwrap().len(), 2);

        // The highest version is the one calls reach, also from a host that never saw the upload.
        let other_host = fresh_plugins().await;
        let resolved = other_host.resolve(&db.store, acme.account_id, "noop").await.unwrap().expect("noop resolves");
        assert_eq!(resolved.manifest.version, "1.1.0");
    }

    async fn a_new_version_cannot_change_the_kind_and_a_shipped_name_cannot_be_taken(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let (wasm, manifest) = noop("1.0.0");
        assert_eq!(admin.post_form("/api/v1/plugins", upload_form(&manifest, wasm)).await.0, StatusCode::CREATED);

        // The flow-step fixture, uploaded under the name noop.
        let (step, mut step_manifest) = files("testing", "rogue-step");
        step_manifest["name"] = "noop".into();
        step_manifest["version"] = "2.0.0".into();
        let (status, body) = admin.post_form("/api/v1/plugins", upload_form(&step_manifest, step)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("variable-expander"), "{body}");

        let (wasm, mut taken) = noop("9.0.0");
        taken["name"] = "variables".into();
        let (status, body) = admin.post_form("/api/v1/plugins", upload_form(&taken, wasm)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("variables"), "{body}");
        assert_eq!(count(&db, "plugin_versions").await, 1);
    }

    async fn bad_uploads_get_a_clear_4xx_and_store_nothing(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let (wasm, manifest) = noop("1.0.0");
        let part = |bytes: Vec<u8>| reqwest::multipart::Part::bytes(bytes).file_name("x");

        // Not multipart at all.
        let (status, body) = admin.post("/api/v1/plugins", json!({"manifest": manifest})).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
        assert_eq!(body["error"]["code"], "unsupported_media_type");

        // A part missing, a part unknown, a part twice.
        let only_manifest = reqwest::multipart::Form::new().text("manifest", manifest.to_string());
        let (status, body) = admin.post_form("/api/v1/plugins", only_manifest).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["error"]["message"].as_str().unwrap().contains("component"), "{body}");
        let extra = upload_form(&manifest, wasm.clone()).text("readme", "oi");
        let (status, body) = admin.post_form("/api/v1/plugins", extra).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["error"]["message"].as_str().unwrap().contains("readme"), "{body}");
        let twice = upload_form(&manifest, wasm.clone()).part("component", part(wasm.clone()));
        assert_eq!(admin.post_form("/api/v1/plugins", twice).await.0, StatusCode::UNPROCESSABLE_ENTITY);

        // A manifest that is not JSON, or names a bad field.
        let garbage = reqwest::multipart::Form::new().text("manifest", "{não é json").part("component", part(wasm.clone()));
        let (status, body) = admin.post_form("/api/v1/plugins", garbage).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_manifest")));
        let mut bad_version = manifest.clone();
        bad_version["version"] = "um".into();
        let (status, body) = admin.post_form("/api/v1/plugins", upload_form(&bad_version, wasm.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["error"]["message"].as_str().unwrap().contains("version"), "{body}");
        let mut greedy = manifest.clone();
        greedy["limits"] = json!({"memory_bytes": 1u64 << 40});
        let (status, body) = admin.post_form("/api/v1/plugins", upload_form(&greedy, wasm.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["error"]["message"].as_str().unwrap().contains("memory_bytes"), "{body}");

        // Bytes that are not a component; a core module; a component of another world.
        let (status, body) = admin.post_form("/api/v1/plugins", upload_form(&manifest, b"MZ not wasm".to_vec())).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_component")));
        assert!(body["error"]["message"].as_str().unwrap().contains("componente"), "{body}");
        let core_module = vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        assert_eq!(admin.post_form("/api/v1/plugins", upload_form(&manifest, core_module)).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        let mut wrong_world = manifest.clone();
        wrong_world["kind"] = "field-validator".into();
        let (status, body) = admin.post_form("/api/v1/plugins", upload_form(&wrong_world, wasm.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["error"]["message"].as_str().unwrap().contains("field-validator"), "{body}");

        // Over the component cap: 413, and the server keeps serving.
        let huge = vec![0u8; 3 << 20];
        let (status, body) = admin.post_form("/api/v1/plugins", upload_form(&manifest, huge)).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert_eq!(body["error"]["code"], "payload_too_large");

        assert_eq!(count(&db, "plugins").await, 0, "no half-written plugin");
        assert_eq!(count(&db, "plugin_versions").await, 0);
        assert_eq!(admin.post_form("/api/v1/plugins", upload_form(&manifest, wasm)).await.0, StatusCode::CREATED);
    }

    async fn only_admins_manage_plugins(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let agent = server.login(&acme.agent.email).await;
        let (wasm, manifest) = noop("1.0.0");
        assert_eq!(agent.get("/api/v1/plugins").await.0, StatusCode::FORBIDDEN);
        assert_eq!(agent.post_form("/api/v1/plugins", upload_form(&manifest, wasm)).await.0, StatusCode::FORBIDDEN);
        assert_eq!(agent.patch_json("/api/v1/plugins/shipped/variables", json!({"enabled": false})).await.0, StatusCode::FORBIDDEN);
        assert_eq!(count(&db, "plugins").await, 0);
        assert_eq!(count(&db, "shipped_plugin_switches").await, 0);
    }

    async fn one_accounts_plugin_is_invisible_to_another(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let acme_admin = server.login(&acme.admin.email).await;
        let beta_admin = server.login(&beta.admin.email).await;
        let (wasm, manifest) = noop("1.0.0");
        let uploaded = acme_admin.post_form("/api/v1/plugins", upload_form(&manifest, wasm.clone())).await.1;
        let id = uploaded["id"].as_i64().unwrap();

        assert!(!names(&beta_admin.get_ok("/api/v1/plugins").await).contains(&"noop".to_string()));
        assert_eq!(beta_admin.get(&format!("/api/v1/plugins/{id}")).await.0, StatusCode::NOT_FOUND);
        assert!(server.running_plugins().resolve(&db.store, beta.account_id, "noop").await.unwrap().is_none());
        // Beta may have a plugin of the same name: names are per account.
        assert_eq!(beta_admin.post_form("/api/v1/plugins", upload_form(&manifest, wasm)).await.0, StatusCode::CREATED);
        assert_eq!(acme_admin.get_ok(&format!("/api/v1/plugins/{id}")).await["versions"].as_array().unwrap().len(), 1);
    }

    async fn a_switched_off_plugin_is_not_called(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let (wasm, manifest) = noop("1.0.0");
        let id = admin.post_form("/api/v1/plugins", upload_form(&manifest, wasm)).await.1["id"].as_i64().unwrap();
        let plugins = server.running_plugins();

        let (status, off) = admin.patch_json(&format!("/api/v1/plugins/{id}"), json!({"enabled": false})).await;
        assert_eq!((status, off["enabled"].as_bool()), (StatusCode::OK, Some(false)));
        assert!(plugins.resolve(&db.store, acme.account_id, "noop").await.unwrap().is_none());
        admin.patch_json(&format!("/api/v1/plugins/{id}"), json!({"enabled": true})).await;
        assert!(plugins.resolve(&db.store, acme.account_id, "noop").await.unwrap().is_some());

        // Switching off the shipped variables plugin: the composer sends {nome} as typed.
        server.client().post_expect(&format!("/api/v1/simulator/{}/messages", acme.simulator_key), json!({"phone": "5511999990000", "name": "Maria", "text": "Oi"}), 202).await;
        let chat = admin.get_ok("/api/v1/conversations?view=open").await["items"][0]["id"].as_i64().unwrap();
        let sent = admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Olá {nome}"}), 201).await;
        assert_eq!(sent["text"], "Olá Maria");
        let (status, shipped) = admin.patch_json("/api/v1/plugins/shipped/variables", json!({"enabled": false})).await;
        assert_eq!((status, shipped["enabled"].as_bool()), (StatusCode::OK, Some(false)));
        let sent = admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Olá {nome}"}), 201).await;
        assert_eq!(sent["text"], "Olá {nome}");
        assert_eq!(admin.get_ok("/api/v1/plugins/shipped/variables").await["enabled"], false);
        admin.patch_json("/api/v1/plugins/shipped/variables", json!({"enabled": true})).await;
        let sent = admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Olá {nome}"}), 201).await;
        assert_eq!(sent["text"], "Olá Maria");

        assert_eq!(admin.get("/api/v1/plugins/shipped/nada").await.0, StatusCode::NOT_FOUND);
        assert_eq!(admin.patch_json("/api/v1/plugins/shipped/nada", json!({"enabled": false})).await.0, StatusCode::NOT_FOUND);
        let (status, body) = admin.patch_json(&format!("/api/v1/plugins/{id}"), json!({"enabled": "sim"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }

    async fn versions_and_plugins_are_deleted(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        for version in ["1.0.0", "1.1.0"] {
            let (wasm, manifest) = noop(version);
            admin.post_form("/api/v1/plugins", upload_form(&manifest, wasm)).await;
        }
        let id = admin.get_ok("/api/v1/plugins").await["items"].as_array().unwrap().iter().find(|p| p["name"] == "noop").unwrap()["id"].as_i64().unwrap();
        assert_eq!(admin.delete(&format!("/api/v1/plugins/{id}/versions/9.9.9")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(admin.delete(&format!("/api/v1/plugins/{id}/versions/1.1.0")).await.0, StatusCode::NO_CONTENT);
        let left = admin.get_ok(&format!("/api/v1/plugins/{id}")).await;
        assert_eq!(left["version"], "1.0.0");
        assert_eq!(server.running_plugins().resolve(&db.store, acme.account_id, "noop").await.unwrap().unwrap().manifest.version, "1.0.0");

        let (status, body) = admin.delete(&format!("/api/v1/plugins/{id}/versions/1.0.0")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(count(&db, "plugin_versions").await, 1, "the refused delete removed nothing");

        assert_eq!(admin.delete(&format!("/api/v1/plugins/{id}")).await.0, StatusCode::NO_CONTENT);
        assert_eq!(admin.get(&format!("/api/v1/plugins/{id}")).await.0, StatusCode::NOT_FOUND);
        assert!(server.running_plugins().resolve(&db.store, acme.account_id, "noop").await.unwrap().is_none());
        assert_eq!(count(&db, "plugin_versions").await, 0);
    }
}

#[tokio::test]
async fn a_shipped_plugin_is_prepared_on_its_first_call_not_at_start() {
    // Issue 15 part 3 (idle memory): starting compiles nothing; the first call compiles the one
    // plugin it needs and caches its artifact, and later calls reuse what was prepared.
    let db = TestDb::new(atende_e2e::Backend::Sqlite).await;
    let acme = Seed::create(&db.store, "Acme").await;
    let cache = tempfile::tempdir().unwrap();
    let artifacts = || {
        std::fs::read_dir(cache.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "cwasm"))
            .count()
    };
    let plugins = Plugins::start(Some(cache.path().to_path_buf())).await.unwrap();
    assert!(plugins.shipped_names().contains(&"variables".to_string()), "offered from the start");
    assert_eq!(artifacts(), 0, "nothing compiled at start");
    let first = plugins.resolve(&db.store, acme.account_id, "variables").await.unwrap().expect("on by default");
    assert_eq!(artifacts(), 1, "the first call prepared the one plugin it needs");
    let again = plugins.resolve(&db.store, acme.account_id, "variables").await.unwrap().unwrap();
    assert_eq!(again.sha256, first.sha256);
    assert_eq!(artifacts(), 1, "prepared once");
}
