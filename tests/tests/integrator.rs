//! The integrator's path of `sdk/README.md`, followed literally (issue 3, part 5): copy the
//! template, build it for wasm32-wasip2, run it locally with `atende plugin run` against the
//! template's JSON input, upload it with `curl -F` and an API token — then the server calls it.
//!
//! The build uses the template's own size-tuned release profile. Its target folder is kept in
//! `target/integrator` so that a second run does not compile the SDK again.

use std::path::{Path, PathBuf};
use std::process::Command;

use atende_e2e::process::binary;
use atende_e2e::{Seed, TestDb, TestServer};
use atende_host::plugins::bindings::flow_step::StepInput;
use serde_json::{Value, json};

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().expect("repository root")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

fn run(command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?} could not start: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The template, copied out of the repository and renamed, as an integrator starts.
fn new_plugin_from_template(dir: &Path) {
    let repo = repository();
    copy_dir(&repo.join("sdk/template"), dir);
    // Copied elsewhere, the SDK path must point at the checkout (the template's comment says so).
    let cargo_toml = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let sdk = repo.join("sdk");
    let cargo_toml = cargo_toml
        .replace(
            r#"atende-sdk = { path = "../../sdk" }"#,
            &format!("atende-sdk = {{ path = {:?} }}", sdk.display().to_string()),
        )
        .replace(r#"name = "my-step""#, r#"name = "acme-step""#);
    assert!(cargo_toml.contains("acme-step") && cargo_toml.contains(&sdk.display().to_string()), "{cargo_toml}");
    std::fs::write(dir.join("Cargo.toml"), cargo_toml).unwrap();
    let manifest =
        std::fs::read_to_string(dir.join("manifest.json")).unwrap().replace(r#""my-step""#, r#""acme-step""#);
    std::fs::write(dir.join("manifest.json"), manifest).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_integrator_builds_runs_and_uploads_a_step_from_the_template() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("acme-step");
    new_plugin_from_template(&dir);

    // 1. Build.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo)
        .args(["build", "--release", "--target", "wasm32-wasip2"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", repository().join("target/integrator")));
    let wasm = repository().join("target/integrator/wasm32-wasip2/release/acme_step.wasm");
    let size = std::fs::metadata(&wasm).expect("the component was built").len();
    assert!(size < 200 * 1024, "the size-tuned profile keeps it small: {size} bytes");

    // 2. Run it locally against the template's input: the contact answered "981".
    let printed = run(Command::new(binary())
        .args(["plugin", "run", "--manifest", "manifest.json"])
        .arg(&wasm)
        .arg("input.json")
        .current_dir(&dir));
    let local: Value = serde_json::from_str(&printed).unwrap_or_else(|e| panic!("JSON output ({e}): {printed}"));
    assert_eq!(local, json!([{"SetVariable": {"name": "pedido", "value": "981"}}, {"GoTo": "next"}]), "{printed}");

    // 3. Upload it with curl and an admin's API token.
    let db = TestDb::new(atende_e2e::Backend::Sqlite).await;
    let acme = Seed::create(&db.store, "Acme").await;
    let server = TestServer::start(&db.store).await;
    let admin = server.login(&acme.admin.email).await;
    let token = admin.post_expect("/api/v1/api-tokens", json!({"name": "CI"}), 201).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let answer = run(Command::new("curl")
        .args(["-sS", "-X", "POST", &format!("{}/api/v1/plugins", server.url())])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .args(["-F", "manifest=@manifest.json", "-F"])
        .arg(format!("component=@{}", wasm.display()))
        .current_dir(&dir));
    let uploaded: Value = serde_json::from_str(&answer).unwrap_or_else(|e| panic!("JSON answer ({e}): {answer}"));
    assert_eq!(uploaded["name"], "acme-step", "{answer}");
    assert_eq!(uploaded["kind"], "flow-step");
    assert_eq!(uploaded["origin"], "account");

    // The server now runs it for the account, with the same answer as the local run.
    let plugins = server.running_plugins();
    let step = plugins.resolve(&db.store, acme.account_id, "acme-step").await.unwrap().expect("uploaded step");
    let input: StepInput = serde_json::from_slice(&std::fs::read(dir.join("input.json")).unwrap()).unwrap();
    let effects = plugins.runtime.run_step(&step, input).await.unwrap();
    assert_eq!(serde_json::to_value(&effects).unwrap(), local, "the server's call answers like the local run");
}
