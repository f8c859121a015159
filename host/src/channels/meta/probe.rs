//! "Testar conexão" (A4, CH1–CH3): one harmless read of the channel's own object at Meta's
//! Graph API with its access token, and a sentence in Portuguese saying what Meta answered, so an
//! admin knows whether the ids and the token they typed work before a contact writes.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::Meta;
use super::graph::GraphError;
use crate::channels::{instagram, messenger, whatsapp};
use crate::store::MetaChannel;

/// What a connection test found.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ConnectionTest {
    /// Meta answered the channel's object with this token.
    pub ok: bool,
    /// What Meta answered, in a sentence.
    pub message: String,
    /// Meta's answer as it came, when it came with a body.
    #[schema(value_type = Option<Object>)]
    pub answer: Option<Value>,
}

/// The Graph API path that reads the channel's own object: the WhatsApp number (its
/// `phone_number_id`), the Facebook Page or the Instagram account.
pub fn probe_path(kind: &str, external_id: &str) -> Option<String> {
    let fields = match kind {
        k if k == whatsapp::KIND => "display_phone_number,verified_name,quality_rating",
        k if k == messenger::KIND => "name",
        k if k == instagram::KIND => "username,name",
        _ => return None,
    };
    Some(format!("{external_id}?fields={fields}"))
}

/// The sentence for Meta's answer to [`probe_path`].
pub fn describe(kind: &str, answer: &Value) -> String {
    let text = |key: &str| answer[key].as_str().filter(|s| !s.is_empty());
    let what = match kind {
        k if k == whatsapp::KIND => match (text("display_phone_number"), text("verified_name")) {
            (Some(number), Some(name)) => format!("o número {number} ({name})"),
            (Some(number), None) => format!("o número {number}"),
            _ => "o número".to_string(),
        },
        k if k == instagram::KIND => {
            text("username").map(|u| format!("a conta @{u}")).unwrap_or_else(|| "a conta do Instagram".into())
        }
        _ => text("name").map(|n| format!("a página {n}")).unwrap_or_else(|| "a página".into()),
    };
    let quality = text("quality_rating").map(|q| format!(", qualidade {q}")).unwrap_or_default();
    format!("Conexão funcionando: a Meta respondeu com {what}{quality}.")
}

/// The sentence for Meta's refusal (or for no answer at all).
pub fn describe_error(error: &GraphError) -> String {
    match error.http_status {
        Some(status) => format!("A Meta recusou (HTTP {status}, código {}): {}", error.code, error.title),
        None => format!("A Meta não respondeu ({}): {}", error.code, error.title),
    }
}

impl Meta {
    /// Read the channel's own object at Meta with its token and say what came back.
    pub async fn test_connection(&self, channel: &MetaChannel) -> anyhow::Result<ConnectionTest> {
        let path = probe_path(&channel.channel.kind, &channel.external_id)
            .ok_or_else(|| anyhow::anyhow!("channel kind {} has nothing to test", channel.channel.kind))?;
        let token = self.credentials(channel)?.access_token;
        Ok(match self.graph.get_json(&path, &token).await {
            Ok(answer) => {
                ConnectionTest { ok: true, message: describe(&channel.channel.kind, &answer), answer: Some(answer) }
            }
            Err(error) => ConnectionTest { ok: false, message: describe_error(&error), answer: None },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_kind_reads_its_own_object() {
        assert_eq!(
            probe_path("whatsapp", "1099").as_deref(),
            Some("1099?fields=display_phone_number,verified_name,quality_rating")
        );
        assert_eq!(probe_path("messenger", "77").as_deref(), Some("77?fields=name"));
        assert_eq!(probe_path("instagram", "88").as_deref(), Some("88?fields=username,name"));
        assert_eq!(probe_path("simulator", "x"), None);
    }

    #[test]
    fn the_sentence_says_what_meta_answered() {
        let number =
            json!({"display_phone_number": "+55 11 4000-0000", "verified_name": "Acme", "quality_rating": "GREEN"});
        assert_eq!(
            describe("whatsapp", &number),
            "Conexão funcionando: a Meta respondeu com o número +55 11 4000-0000 (Acme), qualidade GREEN."
        );
        assert_eq!(
            describe("messenger", &json!({"name": "Loja"})),
            "Conexão funcionando: a Meta respondeu com a página Loja."
        );
        assert_eq!(
            describe("instagram", &json!({"username": "loja"})),
            "Conexão funcionando: a Meta respondeu com a conta @loja."
        );
        let refused = GraphError {
            http_status: Some(401),
            code: "190".into(),
            title: "Invalid OAuth access token".into(),
            ambiguous: false,
        };
        assert_eq!(describe_error(&refused), "A Meta recusou (HTTP 401, código 190): Invalid OAuth access token");
    }
}
