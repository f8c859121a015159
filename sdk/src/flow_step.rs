//! Flow-step plugins (P1): one node kind of a conversation flow.
//!
//! A step never acts: it receives a snapshot ([`StepInput`]) and returns the [`Effect`]s it wants;
//! the host validates them and applies them in the same transaction as the flow's state. Whatever
//! the step must remember across a wait travels in the wait's `state` string and comes back in
//! [`StepInput::state`]: an instance lives for one call only.

use serde::de::DeserializeOwned;

use crate::types::{FieldValue, PluginError, Variable};

pub use crate::__bindings::flow_step::exports::atende::plugin::flow_step::{
    Assignment, Choice, Effect, InboundMessage, OutboundMessage, Slot, StepInput, TemplateSend, Trigger, Wait,
};

/// Most reply buttons one message may carry (a WhatsApp limit).
pub const MAX_BUTTONS: usize = 3;

/// Most rows a list message may carry (a WhatsApp limit).
pub const MAX_OPTIONS: usize = 10;

/// A flow step. Implement [`FlowStep::on_enter`] and the triggers the step waits for, then export
/// the type with [`export_flow_step!`](crate::export_flow_step).
///
/// Every method is an associated function: there is no `self` because nothing survives between
/// calls.
pub trait FlowStep {
    /// The output ports a node with `config` (JSON) has, in order: what [`Effect::go_to`] may
    /// name and what the flow's edges start from. The host asks when a flow is validated.
    fn ports(config: &str) -> Result<Vec<String>, PluginError>;

    /// Handle one wake-up. The default dispatches on [`StepInput::trigger`] to the `on_*`
    /// functions; override it only to see every trigger in one place.
    fn run(input: StepInput) -> Result<Vec<Effect>, PluginError> {
        match &input.trigger {
            Trigger::Enter => Self::on_enter(&input),
            Trigger::ContactMessage(message) => Self::on_message(&input, message),
            Trigger::Timeout => Self::on_timeout(&input),
            Trigger::Scheduled(state) => Self::on_scheduled(&input, state),
        }
    }

    /// The flow reached this node.
    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError>;

    /// The contact wrote while the step waited for input. By default the step does not wait, so
    /// being woken this way is an error.
    fn on_message(input: &StepInput, message: &InboundMessage) -> Result<Vec<Effect>, PluginError> {
        let _ = (input, message);
        Err(PluginError::Unsupported("esta etapa não espera mensagens do contato".into()))
    }

    /// A wait's timeout passed. Unsupported by default.
    fn on_timeout(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let _ = input;
        Err(PluginError::Unsupported("esta etapa não espera com prazo".into()))
    }

    /// A wake-up the step scheduled arrived with its `state`. Unsupported by default.
    fn on_scheduled(input: &StepInput, state: &str) -> Result<Vec<Effect>, PluginError> {
        let _ = (input, state);
        Err(PluginError::Unsupported("esta etapa não agenda despertares".into()))
    }
}

impl StepInput {
    /// Decode the node's JSON configuration into `T`. A configuration that does not fit becomes
    /// [`PluginError::InvalidConfig`] naming the problem, which is what the host shows the admin.
    pub fn parse_config<T: DeserializeOwned>(&self) -> Result<T, PluginError> {
        parse_config(&self.config)
    }

    /// The value of the flow variable `name`, if set.
    pub fn variable(&self, name: &str) -> Option<&str> {
        self.variables.iter().find(|variable| variable.name == name).map(|variable| variable.value.as_str())
    }
}

impl Choice {
    /// A button or list row with this id and title.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Self { id: id.into(), title: title.into() }
    }
}

impl Effect {
    /// Send a plain text message (the host expands variables such as `{nome}` in it).
    pub fn send_text(text: impl Into<String>) -> Self {
        Self::Send(OutboundMessage::Text(text.into()))
    }

    /// Send a text with reply buttons (at most [`MAX_BUTTONS`]).
    pub fn send_buttons(text: impl Into<String>, choices: Vec<Choice>) -> Self {
        Self::Send(OutboundMessage::Buttons((text.into(), choices)))
    }

    /// Send a text with a list of options (at most [`MAX_OPTIONS`]).
    pub fn send_options(text: impl Into<String>, choices: Vec<Choice>) -> Self {
        Self::Send(OutboundMessage::Options((text.into(), choices)))
    }

    /// Wait for the contact's reply, keeping `state`; after `timeout_ms`, wake with a timeout.
    pub fn wait_for_input(state: impl Into<String>, timeout_ms: Option<u64>) -> Self {
        Self::WaitForInput(Wait { state: state.into(), timeout_ms })
    }

    /// Leave the node through the output port `port`.
    pub fn go_to(port: impl Into<String>) -> Self {
        Self::GoTo(port.into())
    }

    /// Set the flow variable `name`.
    pub fn set_variable(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self::SetVariable(Variable::new(name, value))
    }

    /// Set the contact's system or custom field `key`.
    pub fn set_field(key: impl Into<String>, value: FieldValue) -> Self {
        Self::SetField((key.into(), value))
    }

    /// Store what the contact typed, `input`, in the field `key` once the account's field
    /// validator accepts it ("Salvar"); a refused value is answered by the host and waited for
    /// again.
    pub fn save_reply(key: impl Into<String>, input: impl Into<String>) -> Self {
        Self::SaveReply((key.into(), input.into()))
    }

    /// Start the flow `flow_id` for the contact; this one ends.
    pub fn go_to_flow(flow_id: i64) -> Self {
        Self::GoToFlow(flow_id)
    }

    /// End the flow here.
    pub fn end(reason: impl Into<String>) -> Self {
        Self::End(reason.into())
    }

    /// Book the appointment `slot` for the contact.
    pub fn book(slot: &Slot) -> Self {
        Self::Book((slot.start_ms, slot.end_ms))
    }
}

/// The option of `options` a contact's `message` picks: the button or row tapped (by id), else
/// a title typed in any case, else an option's number typed ("1" for the first). Titles come
/// before numbers so that an option titled "2024" is not read as the 2024th.
pub fn choose<'a>(options: &'a [Choice], message: &InboundMessage) -> Option<&'a Choice> {
    // A tap on a button of an older message carries an id this menu does not have: fall through
    // to its text.
    if let Some(option) = message.reply_id.as_ref().and_then(|id| options.iter().find(|option| &option.id == id)) {
        return Some(option);
    }
    let typed = message.text.as_deref()?.trim();
    let wanted = typed.to_lowercase();
    if let Some(option) = options.iter().find(|option| option.title.trim().to_lowercase() == wanted) {
        return Some(option);
    }
    let number: usize = typed.parse().ok()?;
    options.get(number.checked_sub(1)?)
}

/// Parse a node's JSON `config` into `T` (for [`FlowStep::ports`], which sees the config alone).
pub fn parse_config<T: DeserializeOwned>(config: &str) -> Result<T, PluginError> {
    serde_json::from_str(config).map_err(|e| PluginError::InvalidConfig(format!("configuração inválida: {e}")))
}

/// Export a type implementing [`FlowStep`] as the plugin's `atende:plugin/flow-step` interface.
///
/// Invoke it once, at the root of a `cdylib` crate, with the name of a type in scope:
/// `atende_sdk::export_flow_step!(MyStep);`
#[macro_export]
macro_rules! export_flow_step {
    ($ty:ident) => {
        const _: () = {
            use $crate::__bindings::flow_step::exports::atende::plugin::flow_step::Guest;
            impl Guest for $ty {
                fn ports(
                    config: ::std::string::String,
                ) -> ::core::result::Result<::std::vec::Vec<::std::string::String>, $crate::PluginError> {
                    <$ty as $crate::flow_step::FlowStep>::ports(&config)
                }

                fn run(
                    input: $crate::flow_step::StepInput,
                ) -> ::core::result::Result<::std::vec::Vec<$crate::flow_step::Effect>, $crate::PluginError> {
                    <$ty as $crate::flow_step::FlowStep>::run(input)
                }
            }
        };
        $crate::__bindings::flow_step::export!($ty with_types_in $crate::__bindings::flow_step);
    };
}

// The export macro expands the generated (unsafe) ABI glue in this test module.
#[cfg(test)]
#[allow(unsafe_code)]
mod tests {
    use super::*;
    use crate::testing::{step_input, tapped, typed};

    /// Only `on_enter` is written: every other trigger falls to the defaults.
    struct Hello;

    impl FlowStep for Hello {
        fn ports(_config: &str) -> Result<Vec<String>, PluginError> {
            Ok(vec!["next".into()])
        }

        fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
            let name = input.variable("apelido").unwrap_or(&input.contact.name);
            Ok(vec![Effect::send_text(format!("Olá, {name}!")), Effect::go_to("next")])
        }
    }

    crate::export_flow_step!(Hello);

    #[test]
    fn run_dispatches_enter_to_on_enter() {
        let effects = Hello::run(step_input("{}", Trigger::Enter)).unwrap();
        assert_eq!(effects, vec![Effect::send_text("Olá, Maria!"), Effect::go_to("next")]);
    }

    #[test]
    fn flow_variables_are_found_by_name() {
        let mut input = step_input("{}", Trigger::Enter);
        input.variables.push(Variable::new("apelido", "Mari"));
        assert_eq!(Hello::run(input).unwrap()[0], Effect::send_text("Olá, Mari!"));
    }

    #[test]
    fn triggers_a_step_does_not_handle_are_unsupported() {
        for trigger in [typed("oi"), tapped("a", "A"), Trigger::Timeout, Trigger::Scheduled("x".into())] {
            let error = Hello::run(step_input("{}", trigger)).unwrap_err();
            assert!(matches!(error, PluginError::Unsupported(_)), "{error:?}");
        }
    }

    #[test]
    fn parse_config_decodes_json_and_reports_what_does_not_fit() {
        #[derive(serde::Deserialize)]
        struct Config {
            text: String,
        }
        let config: Config = step_input(r#"{"text":"oi"}"#, Trigger::Enter).parse_config().unwrap();
        assert_eq!(config.text, "oi");

        let error = step_input(r#"{"txt":"oi"}"#, Trigger::Enter).parse_config::<Config>().err().unwrap();
        assert!(matches!(&error, PluginError::InvalidConfig(m) if m.contains("missing field `text`")), "{error:?}");
    }

    #[test]
    fn effect_helpers_build_the_wit_cases() {
        assert_eq!(
            Effect::wait_for_input("s", Some(5)),
            Effect::WaitForInput(Wait { state: "s".into(), timeout_ms: Some(5) })
        );
        assert_eq!(
            Effect::send_buttons("t", vec![Choice::new("a", "A")]),
            Effect::Send(OutboundMessage::Buttons(("t".into(), vec![Choice { id: "a".into(), title: "A".into() }])))
        );
        assert_eq!(Effect::set_field("cpf", FieldValue::Empty), Effect::SetField(("cpf".into(), FieldValue::Empty)));
    }
}

#[cfg(test)]
mod choose_tests {
    use super::*;

    fn options() -> Vec<Choice> {
        vec![Choice::new("novo", "Novo pedido"), Choice::new("status", "Status"), Choice::new("ano", "2024")]
    }

    fn chosen(text: Option<&str>, reply_id: Option<&str>) -> Option<String> {
        let message =
            InboundMessage { kind: "text".into(), text: text.map(Into::into), reply_id: reply_id.map(Into::into) };
        choose(&options(), &message).map(|option| option.id.clone())
    }

    #[test]
    fn a_tap_is_matched_by_id() {
        assert_eq!(chosen(Some("Status"), Some("status")).as_deref(), Some("status"));
        assert_eq!(chosen(None, Some("novo")).as_deref(), Some("novo"));
    }

    #[test]
    fn a_tap_from_an_older_menu_falls_back_to_its_text() {
        assert_eq!(chosen(Some("status"), Some("outro-menu")).as_deref(), Some("status"));
        assert_eq!(chosen(Some("Sim"), Some("outro-menu")), None);
    }

    #[test]
    fn a_typed_title_matches_in_any_case() {
        assert_eq!(chosen(Some(" novo PEDIDO "), None).as_deref(), Some("novo"));
    }

    #[test]
    fn a_typed_number_picks_by_position_after_titles() {
        assert_eq!(chosen(Some("2"), None).as_deref(), Some("status"));
        assert_eq!(chosen(Some("2024"), None).as_deref(), Some("ano"));
        assert_eq!(chosen(Some("0"), None), None);
        assert_eq!(chosen(Some("4"), None), None);
    }

    #[test]
    fn anything_else_is_no_choice() {
        assert_eq!(chosen(Some("quero ajuda"), None), None);
        assert_eq!(chosen(None, None), None);
    }
}
