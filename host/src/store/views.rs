//! What the store hands out: the JSON shapes of the API and of event payloads.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::Millis;
use crate::domain::access::{ChatVisibility, Role};
use crate::domain::closing::IfContactWrites;
use crate::domain::conversation::{ConversationKind, ConversationState};
use crate::domain::message::{AuthorKind, Direction, MessageKind, MessageStatus};
use crate::domain::timer::TimerColour;
use crate::domain::window::{self, WindowStatus, Windows};

/// A user as the API shows it (never with its password hash).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct UserView {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub chat_visibility: ChatVisibility,
    pub permissions: Permissions,
    pub department_ids: Vec<i64>,
    pub active: bool,
    /// Pre-fills the closing message (K3).
    pub default_closing_message: Option<String>,
    /// "Mostrar confirmação de envio de áudio" (C15): a recorded voice message is played back
    /// and confirmed before it goes.
    pub audio_confirmation: bool,
    /// An admin asked the user to choose a new password; until they do, their sessions reach
    /// nothing else (issue 17 part 5).
    pub must_change_password: bool,
}

/// General permissions of a user (A3).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, Default)]
pub struct Permissions {
    /// "Observações do contato": view, add, edit and delete contact notes (S6).
    pub contact_notes: bool,
    /// "Código de Suporte": see the account's support code (A2).
    pub support_code: bool,
}

/// An account (tenant).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct AccountView {
    pub id: i64,
    pub name: String,
    pub timezone: String,
    /// "Mostrar confirmação de envio de áudio" for users created from now on (C15).
    pub audio_confirmation_default: bool,
    /// Closed chats' messages older than this many months lose their content (LGPD retention,
    /// issue 17 part 3); `None`: kept.
    pub retention_months: Option<i64>,
}

/// A department.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct DepartmentView {
    pub id: i64,
    pub name: String,
    pub member_ids: Vec<i64>,
}

/// A channel connected to the account.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ChannelView {
    pub id: i64,
    pub kind: String,
    pub name: String,
    /// For simulator channels: the public page where a person plays the contact (CH4).
    pub simulator_url: Option<String>,
    /// For Meta channels: the callback URL path to give Meta (GET handshake and POST events).
    pub webhook_path: Option<String>,
    /// For Meta channels: Meta's id of the number (phone_number_id), Page or Instagram account.
    pub external_id: Option<String>,
    /// WhatsApp: the business account (WABA) id whose templates are synced.
    pub business_id: Option<String>,
    /// WhatsApp: the number as people dial it.
    pub display_phone: Option<String>,
    /// WhatsApp: the word that ends echo mode when sent from the Business app (C19).
    pub echo_keyword: Option<String>,
    pub created_at: Millis,
}

/// A contact with its system fields.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ContactView {
    pub id: i64,
    pub platform: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// `aaaa-mm-dd`.
    pub birth_date: Option<String>,
    pub cpf: Option<String>,
    pub rg: Option<String>,
    pub client_code: Option<String>,
    pub cnpj: Option<String>,
    pub company_name: Option<String>,
    pub receives_broadcasts: bool,
    pub blocked: bool,
    pub campaign: Option<String>,
    /// Tags on the contact (S11).
    pub tags: Vec<TagView>,
    /// Custom field values by key (`null` = no value).
    #[schema(value_type = Object)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
    /// The contact's default agent (S12).
    pub default_agent: Option<NamedRef>,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// When the contact's data was erased at their request (LGPD); `None`: not erased.
    pub erased_at: Option<Millis>,
}

/// A tag (A4, S11).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TagView {
    pub id: i64,
    pub name: String,
    /// "Apenas automação": only flows set it; the agents' picker hides it.
    pub automation_only: bool,
}

/// A custom field of the account's contacts (A4).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct CustomFieldView {
    pub id: i64,
    /// The variable name, as in `{key}` (C8).
    pub key: String,
    pub label: String,
    pub kind: CustomFieldKind,
    /// The choices of a `list` field.
    pub options: Vec<String>,
}

pub use crate::domain::field::CustomFieldKind;

/// A custom field asked for at close (K5).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ClosingFieldView {
    pub field: CustomFieldView,
    pub required: bool,
}

/// A note on a contact (S6).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct NoteView {
    pub id: i64,
    pub contact_id: i64,
    pub author: Option<NamedRef>,
    pub text: String,
    /// Optional date of the action the note describes, `aaaa-mm-dd`.
    pub due_date: Option<String>,
    /// Optional agent the note is forwarded to.
    pub forward_to: Option<NamedRef>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// An id with a display name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct NamedRef {
    pub id: i64,
    pub name: String,
}

/// The contact as the conversation list shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ContactRef {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    /// S17: the list shows a lock.
    pub blocked: bool,
    /// The ad campaign the contact came from (S10, L2 filter).
    pub campaign: Option<String>,
}

/// The channel as the conversation list shows it (L11).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ChannelRef {
    pub id: i64,
    pub kind: String,
    pub name: String,
}

/// A conversation as the list and the pane show it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ConversationView {
    pub id: i64,
    pub kind: ConversationKind,
    pub state: ConversationState,
    pub contact: Option<ContactRef>,
    pub channel: Option<ChannelRef>,
    /// Assigned agent (L9, C3).
    pub agent: Option<NamedRef>,
    /// Assigned department (L7, C3).
    pub department: Option<NamedRef>,
    /// Protocol of the open service.
    pub protocol: Option<String>,
    pub service_opened_at: Option<Millis>,
    /// L12.
    pub unread: bool,
    pub last_message_at: Option<Millis>,
    pub last_message_preview: Option<String>,
    /// Start of the unanswered timer while in service (L13).
    pub unanswered_since: Option<Millis>,
    /// Its colour band when read (L13); clients recolour it every 3 minutes.
    pub unanswered_colour: Option<TimerColour>,
    /// A close scheduled for later (K2).
    pub scheduled_close: Option<ScheduledCloseView>,
    /// The contact's messaging windows on this number (S4, L8); `null` for the team chat.
    pub window: Option<WindowView>,
    /// Messages come from the WhatsApp Business app (C19) until close or the end-of-echo keyword.
    pub echo_mode: bool,
    /// While a flow waits for the contact's answer (L10: the automation icon): where.
    pub flow_waiting: Option<FlowWaitingView>,
}

/// A flow waiting for the contact's answer (L10).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct FlowWaitingView {
    /// The node it waits at.
    pub node: String,
    pub since: Millis,
}

/// A scheduled close (K2).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ScheduledCloseView {
    pub at: Millis,
    /// What a message from the contact before then does to it.
    pub if_contact_writes: IfContactWrites,
}

/// Session validity of a contact on a channel number (S4), as of when the view was made.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct WindowView {
    /// The free-form window: `none` (never opened), `open`, `expiring` (30 min or less left),
    /// `expired`.
    pub status: WindowStatus,
    /// "Expirando" or "Expirado" (L8), else `null`.
    pub tag: Option<String>,
    /// Free-form messages allowed until then.
    pub free_form_until: Option<Millis>,
    /// Messenger/Instagram: a human agent may answer with the HUMAN_AGENT tag until then.
    pub human_agent_until: Option<Millis>,
    /// End of the service session, when open.
    pub service_until: Option<Millis>,
    /// End of the marketing template session, when open.
    pub marketing_until: Option<Millis>,
    /// End of the utility template session, when open.
    pub utility_until: Option<Millis>,
}

impl WindowView {
    /// The view of `windows` at `now` for a channel of `channel_kind`.
    pub fn of(channel_kind: &str, windows: &Windows, now: Millis) -> WindowView {
        let status = window::status(windows.free_form_until, now);
        let open = |end: Option<Millis>| end.filter(|e| *e > now);
        let human_agent_until = match window::Rules::of(channel_kind) {
            window::Rules::Messenger => windows.last_contact_at.map(|at| at + window::HUMAN_AGENT_WINDOW),
            window::Rules::WhatsApp => None,
        };
        WindowView {
            status,
            tag: status.tag().map(str::to_string),
            free_form_until: windows.free_form_until,
            human_agent_until,
            service_until: open(windows.service_until),
            marketing_until: open(windows.marketing_until),
            utility_until: open(windows.utility_until),
        }
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct AuthorView {
    pub kind: AuthorKind,
    pub user_id: Option<i64>,
    pub name: Option<String>,
}

/// A channel's error for a failed message (C17).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct MessageErrorView {
    pub code: String,
    pub title: String,
}

/// A message in a conversation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct MessageView {
    pub id: i64,
    pub conversation_id: i64,
    pub direction: Direction,
    pub kind: MessageKind,
    pub author: AuthorView,
    pub text: Option<String>,
    /// Kind-specific content (reaction target, media, location …).
    #[schema(value_type = Option<Object>)]
    pub payload: Option<serde_json::Value>,
    /// Internal note: never sent to the contact (C13).
    pub internal: bool,
    pub status: MessageStatus,
    pub error: Option<MessageErrorView>,
    pub created_at: Millis,
    /// When the content was erased (the contact's erasure or the account's retention limit,
    /// LGPD): the message keeps its kind and time, and has no text, payload or media.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erased_at: Option<Millis>,
}

/// An API token as listed (the secret is shown only once, at creation).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct ApiTokenView {
    pub id: i64,
    pub name: String,
    /// First characters of the token, to recognise it.
    pub prefix: String,
    pub user_id: i64,
    pub created_at: Millis,
    pub last_used_at: Option<Millis>,
}
