//! Everything the account holds about one contact (issue 17 part 3, LGPD's right of access):
//! their data with custom fields and tags, notes, every chat with its services and messages,
//! the media files of those messages, appointments and broadcast receipts. The service layer
//! puts it in an archive with the files ([`crate::service::data_rights`]).

use serde::Serialize;

use super::messages::MessageRow;
use super::views::{ContactView, MessageView, NoteView};
use super::{AppointmentFilter, AppointmentView, Store, StoreResult};
use crate::args;
use crate::domain::Millis;

/// A contact's data, as exported.
#[derive(Debug, Clone, Serialize)]
pub struct ContactExport {
    pub exported_at: Millis,
    pub account: String,
    pub contact: ContactView,
    pub notes: Vec<NoteView>,
    pub conversations: Vec<ConversationExport>,
    pub appointments: Vec<AppointmentView>,
    pub broadcast_receipts: Vec<BroadcastReceipt>,
    /// The media files of the messages, each at `file` in the archive.
    pub media: Vec<MediaEntry>,
}

crate::row! {
    /// One of the contact's chats.
    #[derive(Debug, Clone, Serialize)]
    pub struct ConversationRow {
        pub id: i64,
        pub channel_kind: Option<String>,
        pub channel_name: Option<String>,
        pub state: String,
        pub created_at: i64,
    }
}

/// A chat with its services and every message.
#[derive(Debug, Clone, Serialize)]
pub struct ConversationExport {
    #[serde(flatten)]
    pub conversation: ConversationRow,
    pub services: Vec<ServiceEntry>,
    pub messages: Vec<MessageView>,
}

crate::row! {
    /// A service ("atendimento") of a chat, with its protocol.
    #[derive(Debug, Clone, Serialize)]
    pub struct ServiceEntry {
        pub protocol: String,
        pub opened_at: i64,
        pub closed_at: Option<i64>,
    }
}

crate::row! {
    /// What a broadcast did for the contact.
    #[derive(Debug, Clone, Serialize)]
    pub struct BroadcastReceipt {
        pub broadcast_id: i64,
        pub broadcast_name: String,
        pub state: String,
        pub sent_at: Option<i64>,
        pub error: Option<String>,
        pub message_id: Option<i64>,
    }
}

crate::row! {
    /// A media file of one of the contact's messages.
    #[derive(Debug, Clone, Serialize)]
    pub struct MediaEntry {
        pub message_id: i64,
        pub mime_type: String,
        pub file_name: Option<String>,
        /// The file's name in the media store; `file` is its place in the archive.
        #[serde(skip)]
        pub path: String,
        pub file: String,
    }
}

impl Store {
    /// Everything the account holds about `contact_id`.
    pub async fn contact_export(&self, account_id: i64, contact_id: i64) -> StoreResult<ContactExport> {
        let contact = self.contact(account_id, contact_id).await?;
        let account = self.account(account_id).await?.name;
        let notes = self.notes(account_id, contact_id).await?;
        let filter = AppointmentFilter { contact_id: Some(contact_id), include_cancelled: true, ..Default::default() };
        let appointments = self.appointments(account_id, filter).await?;
        let mut read = self.read().await?;
        let chats: Vec<ConversationRow> = read
            .fetch_all(
                "SELECT c.id, ch.kind AS channel_kind, ch.name AS channel_name, c.state, c.created_at \
                 FROM conversations c LEFT JOIN channels ch ON ch.id = c.channel_id \
                 WHERE c.account_id = $1 AND c.contact_id = $2 ORDER BY c.id",
                args![account_id, contact_id],
            )
            .await?;
        let mut conversations = Vec::with_capacity(chats.len());
        for chat in chats {
            let services: Vec<ServiceEntry> = read
                .fetch_all(
                    "SELECT protocol, opened_at, closed_at FROM services WHERE account_id = $1 AND conversation_id = $2 \
                     ORDER BY opened_at, id",
                    args![account_id, chat.id],
                )
                .await?;
            let rows: Vec<MessageRow> = read
                .fetch_all(
                    &format!("SELECT {} FROM messages WHERE conversation_id = $1 ORDER BY id", MessageRow::COLUMNS),
                    args![chat.id],
                )
                .await?;
            let messages = rows.into_iter().map(MessageRow::into_view).collect::<StoreResult<Vec<_>>>()?;
            conversations.push(ConversationExport { conversation: chat, services, messages });
        }
        let broadcast_receipts: Vec<BroadcastReceipt> = read
            .fetch_all(
                "SELECT r.broadcast_id, b.name AS broadcast_name, r.state, r.sent_at, r.error, r.message_id \
                 FROM broadcast_recipients r JOIN broadcasts b ON b.id = r.broadcast_id \
                 WHERE b.account_id = $1 AND r.contact_id = $2 ORDER BY r.broadcast_id",
                args![account_id, contact_id],
            )
            .await?;
        let media: Vec<MediaEntry> = read
            .fetch_all(
                "SELECT d.message_id, d.mime_type, d.file_name, d.path, '' AS file FROM media d \
                 JOIN messages m ON m.id = d.message_id JOIN conversations c ON c.id = m.conversation_id \
                 WHERE c.account_id = $1 AND c.contact_id = $2 AND d.path IS NOT NULL ORDER BY d.message_id, d.id",
                args![account_id, contact_id],
            )
            .await?;
        let media = media
            .into_iter()
            .enumerate()
            .map(|(i, mut entry)| {
                entry.file = crate::domain::data_rights::archive_file_name(
                    i,
                    entry.message_id,
                    entry.file_name.as_deref(),
                    &entry.mime_type,
                );
                entry
            })
            .collect();
        Ok(ContactExport {
            exported_at: self.now(),
            account,
            contact,
            notes,
            conversations,
            appointments,
            broadcast_receipts,
            media,
        })
    }
}
