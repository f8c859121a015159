//! The unanswered timer (L13): it counts from the first contact message nobody answered, is
//! stopped only by a reply sent to the contact, and is shown only while the chat is in service.

use super::Millis;
use super::conversation::ConversationState;

/// The timer's start after a contact message arrives at `at`: the first unanswered message
/// stays the start, whatever the contact sends after — even across a close (L13).
pub fn after_contact_message(unanswered_since: Option<Millis>, at: Millis) -> Option<Millis> {
    Some(unanswered_since.unwrap_or(at))
}

/// The timer's start after a message goes to the contact: a reply clears it; internal notes,
/// reactions and silent flow actions leave it running.
pub fn after_outbound(unanswered_since: Option<Millis>, is_reply: bool) -> Option<Millis> {
    if is_reply { None } else { unanswered_since }
}

/// What the list shows: the timer only while the chat is in service (L13: removed on close).
pub fn visible(state: ConversationState, unanswered_since: Option<Millis>) -> Option<Millis> {
    if state == ConversationState::Open { unanswered_since } else { None }
}

crate::vocabulary! {
    /// Colour band of the timer.
    pub enum TimerColour { Green = "green", Blue = "blue", Orange = "orange", Red = "red" }
}

/// L13 colours: under 15 min green, 15–30 blue, 30–60 orange, over 60 red.
pub fn colour(since: Millis, now: Millis) -> TimerColour {
    const MINUTE: Millis = 60_000;
    let waited = (now - since).max(0);
    if waited < 15 * MINUTE {
        TimerColour::Green
    } else if waited < 30 * MINUTE {
        TimerColour::Blue
    } else if waited <= 60 * MINUTE {
        TimerColour::Orange
    } else {
        TimerColour::Red
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Millis = 60_000;

    #[test]
    fn the_first_unanswered_message_starts_the_timer_and_later_ones_do_not_move_it() {
        let t = after_contact_message(None, 1000);
        assert_eq!(t, Some(1000));
        assert_eq!(after_contact_message(t, 5000), Some(1000));
    }

    #[test]
    fn a_reply_stops_the_timer_but_internal_notes_and_reactions_do_not() {
        assert_eq!(after_outbound(Some(1000), true), None);
        assert_eq!(after_outbound(Some(1000), false), Some(1000));
    }

    #[test]
    fn the_timer_is_hidden_outside_service_and_comes_back_from_before_the_close() {
        // Contact wrote at 1000, chat closed unanswered: hidden.
        assert_eq!(visible(ConversationState::Closed, Some(1000)), None);
        // Contact writes again, chat in service again: counts from 1000.
        let since = after_contact_message(Some(1000), 9000);
        assert_eq!(visible(ConversationState::Open, since), Some(1000));
        assert_eq!(visible(ConversationState::Bot, since), None);
    }

    #[test]
    fn colours_follow_the_four_bands() {
        assert_eq!(colour(0, 14 * MIN + 59_000), TimerColour::Green);
        assert_eq!(colour(0, 15 * MIN), TimerColour::Blue);
        assert_eq!(colour(0, 30 * MIN), TimerColour::Orange);
        assert_eq!(colour(0, 60 * MIN), TimerColour::Orange);
        assert_eq!(colour(0, 60 * MIN + 1), TimerColour::Red);
    }
}
