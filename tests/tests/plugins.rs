//! The plugin host with real components (built by `plugins/build.sh`): the shipped plugins do
//! their jobs, and hostile ones (endless loop, memory bomb, panic, flood of output, invalid
//! effects) come back as typed failures while the host keeps serving.

use atende_e2e::components::{cpf, dist, load};
use atende_host::plugins::bindings::field_validator::Validation;
use atende_host::plugins::bindings::flow_step::{StepInput, Trigger};
use atende_host::plugins::bindings::types::{Contact, Conversation, FieldValue};
use atende_host::plugins::bindings::variable_expander::ExpansionRequest;
use atende_host::plugins::{Manifest, PluginFailure, PluginRuntime};

fn runtime() -> PluginRuntime {
    PluginRuntime::new(8, None).expect("plugin runtime")
}

fn contact() -> Contact {
    Contact {
        id: 1,
        name: "Maria Souza".into(),
        phone: Some("5511999990000".into()),
        email: Some("maria@exemplo.com.br".into()),
        birth_date: Some("1990-09-07".into()),
        cpf: Some("52998224725".into()),
        rg: None,
        client_code: Some("C-42".into()),
        cnpj: None,
        company_name: None,
        tags: vec![],
        custom_fields: vec![],
    }
}

fn expansion(text: &str) -> ExpansionRequest {
    ExpansionRequest { text: text.into(), contact: contact(), variables: vec![] }
}

#[tokio::test]
async fn the_variables_plugin_expands_contact_fields_and_leaves_unknown_ones() {
    let runtime = runtime();
    let variables = load(&runtime, "default", "variables").await;
    let out = runtime
        .expand(&variables, expansion("Olá {nome}! <nome>, seu código é {codigo_cliente}. {desconhecida}"))
        .await
        .unwrap();
    assert_eq!(out.text, "Olá Maria Souza! Maria Souza, seu código é C-42. {desconhecida}");
}

#[tokio::test]
async fn the_closing_fields_plugin_checks_cpf_digits_in_portuguese() {
    let runtime = runtime();
    let fields = load(&runtime, "default", "closing-fields").await;
    match runtime.validate(&fields, cpf("529.982.247-25")).await.unwrap() {
        Validation::Valid(FieldValue::Text(digits)) => assert_eq!(digits, "52998224725"),
        other => panic!("expected a valid CPF, got {other:?}"),
    }
    match runtime.validate(&fields, cpf("529.982.247-26")).await.unwrap() {
        Validation::Rejected(message) => assert!(message.contains("CPF"), "{message}"),
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[tokio::test]
async fn an_endless_loop_is_stopped_with_a_typed_failure() {
    let runtime = runtime();
    let spin = load(&runtime, "testing", "spin").await;
    let failure = runtime.validate(&spin, cpf("1")).await.unwrap_err();
    assert!(matches!(failure, PluginFailure::Timeout | PluginFailure::OutOfFuel), "{failure:?}");
}

#[tokio::test]
async fn a_memory_bomb_hits_the_cap() {
    let runtime = runtime();
    let balloon = load(&runtime, "testing", "balloon").await;
    assert_eq!(runtime.validate(&balloon, cpf("1")).await.unwrap_err(), PluginFailure::OutOfMemory);
}

#[tokio::test]
async fn a_panic_is_a_trap_not_a_crash() {
    let runtime = runtime();
    let crash = load(&runtime, "testing", "crash").await;
    assert!(matches!(runtime.validate(&crash, cpf("1")).await.unwrap_err(), PluginFailure::Trap(_)));
    let fields = load(&runtime, "default", "closing-fields").await;
    assert!(runtime.validate(&fields, cpf("529.982.247-25")).await.is_ok(), "the host keeps serving");
}

#[tokio::test]
async fn an_oversized_output_is_refused() {
    let runtime = runtime();
    let flood = load(&runtime, "testing", "flood").await;
    assert!(matches!(runtime.expand(&flood, expansion("oi")).await.unwrap_err(), PluginFailure::OutputTooLarge(_)));
}

#[tokio::test]
async fn an_oversized_input_is_refused_before_the_call() {
    let runtime = runtime();
    let variables = load(&runtime, "default", "variables").await;
    let huge = "x".repeat(200 << 10);
    assert!(matches!(runtime.expand(&variables, expansion(&huge)).await.unwrap_err(), PluginFailure::InputTooLarge(_)));
}

#[tokio::test]
async fn invalid_effects_fail_the_whole_step() {
    let runtime = runtime();
    let rogue = load(&runtime, "testing", "rogue-step").await;
    let input = StepInput {
        config: "{}".into(),
        contact: contact(),
        conversation: Conversation {
            id: 1,
            state: "bot".into(),
            channel_kind: "simulator".into(),
            protocol: None,
            agent: None,
            department: None,
        },
        variables: vec![],
        trigger: Trigger::Enter,
        state: None,
        now_ms: 0,
        in_business_hours: true,
        free_slots: vec![],
    };
    assert!(matches!(runtime.run_step(&rogue, input).await.unwrap_err(), PluginFailure::InvalidOutput(_)));
}

#[tokio::test]
async fn a_steps_ports_come_from_its_configuration() {
    let runtime = runtime();
    let content = load(&runtime, "default", "content").await;
    let menu = r#"{"input": {"kind": "choice", "text": "?", "options": [{"id": "vendas", "title": "Vendas"}]}}"#;
    assert_eq!(runtime.step_ports(&content, menu).await.unwrap(), ["vendas", "no_match", "timeout"]);
    assert!(matches!(runtime.step_ports(&content, "{}").await.unwrap_err(), PluginFailure::Plugin(_)));
}

#[tokio::test]
async fn a_core_module_or_garbage_is_refused_at_load_with_a_reason() {
    let runtime = runtime();
    let manifest = Manifest::parse(br#"{"name":"x","version":"1.0.0","kind":"field-validator"}"#).unwrap();
    let core_module = b"\0asm\x01\0\0\0";
    let err = runtime.load(manifest.clone(), core_module).await.unwrap_err();
    assert!(err.0.contains("componente"), "{err}");
    assert!(runtime.load(manifest.clone(), b"not wasm").await.is_err());
    // A real component of another kind does not export the declared world.
    let variables = std::fs::read(dist().join("default/variables.wasm")).unwrap();
    let err = runtime.load(manifest, &variables).await.unwrap_err();
    assert!(err.0.contains("field-validator"), "{err}");
}
