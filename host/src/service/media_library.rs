//! The media library ("Biblioteca de Mídias", C11): a file saved once by an admin — a sticker
//! above all — and sent by agents from the composer. Saving keeps the file like an upload
//! ([`App::keep_file`]); sending reads it back and sends it through [`App::send_file`], so the
//! window (S4), a blocked contact (S17) and the content limits are the very ones an upload gets.

use super::media::UploadedFile;
use super::{App, Error, Result};
use crate::domain::media_library;
use crate::store::MediaItemView;
use crate::store::views::{MessageView, UserView};

impl App {
    /// Save `file` to the library of `account_id` as `name`. A type no channel takes, or a
    /// picture whose bytes are not what it claims, is refused before anything is written.
    pub async fn add_to_media_library(&self, account_id: i64, name: &str, file: UploadedFile) -> Result<MediaItemView> {
        let name = media_library::name(name).map_err(Error::Invalid)?;
        let file = UploadedFile { mime: media_library::mime_essence(&file.mime), ..file };
        let kind = media_library::kind(&file.mime, &file.bytes).map_err(Error::Invalid)?;
        let kept = self.keep_file(account_id, None, &file).await?;
        Ok(self.store.add_media_item(&name, kind, &kept).await?)
    }

    /// Send the library item `item_id` from `by` on a chat they may see, with `caption` for the
    /// kinds that take one.
    pub async fn send_from_media_library(
        &self,
        by: &UserView,
        conversation_id: i64,
        item_id: i64,
        caption: Option<&str>,
    ) -> Result<MessageView> {
        // The chat first: another account's chat is not found whatever the item.
        self.store.conversation_for(by, conversation_id).await?;
        let saved = self.store.media_item(by.account_id, item_id).await?;
        let caption = media_library::caption(saved.item.kind, caption).map_err(Error::Invalid)?;
        let bytes =
            self.media.get(&saved.path).await.map_err(|e| Error::Internal(format!("library item {item_id}: {e}")))?;
        let file = UploadedFile { bytes, mime: saved.item.mime_type, file_name: saved.item.file_name };
        self.send_file(by, conversation_id, &file, caption.as_deref()).await
    }
}
