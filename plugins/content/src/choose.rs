//! Which option a reply picks.

use atende_sdk::InboundMessage;

use crate::config::MenuOption;

/// The option the contact chose: the button or row tapped, else the title typed (any case),
/// else the option's number typed ("1" for the first). Titles come before numbers so that an
/// option titled "2024" is not read as the 2024th.
pub fn choose<'a>(options: &'a [MenuOption], message: &InboundMessage) -> Option<&'a MenuOption> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Vec<MenuOption> {
        [("novo", "Novo pedido"), ("status", "Status"), ("ano", "2024")]
            .into_iter()
            .map(|(id, title)| MenuOption { id: id.into(), title: title.into() })
            .collect()
    }

    fn message(text: Option<&str>, reply_id: Option<&str>) -> InboundMessage {
        InboundMessage { kind: "text".into(), text: text.map(Into::into), reply_id: reply_id.map(Into::into) }
    }

    fn chosen(text: Option<&str>, reply_id: Option<&str>) -> Option<String> {
        choose(&options(), &message(text, reply_id)).map(|option| option.id.clone())
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
