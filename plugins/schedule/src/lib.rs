//! `schedule`: the scheduling node of a flow (F2, S9). The host hands it the account's free
//! slots (its manifest asks for them); it offers them a page at a time in a list, and books the
//! one the contact picks.
//!
//! - `enter`: no free slot → `no_availability`; else the first page ("Mais horários" for the
//!   next, "Cancelar") and wait.
//! - a reply: a slot (tapped, typed as its title or its number) → book it, set the variable,
//!   send the confirmation, leave by `booked`. A slot someone else took meanwhile → say so and
//!   offer what is free now. "Mais horários" → the next page; "Cancelar" → `cancelled`;
//!   anything else → ask again, up to `max_attempts`, then `no_match`.
//! - the wait's `timeout_ms` passes → `timeout`.
//!
//! If two contacts pick the same slot at once, the host writes the first booking and calls this
//! step again for the second with the slots free then: it takes the "someone else took it" path.

use atende_sdk::flow_step::parse_config;
use atende_sdk::{Choice, Effect, FlowStep, InboundMessage, PluginError, Slot, StepInput};
use serde::{Deserialize, Serialize};

const BOOKED: &str = "booked";
const NO_AVAILABILITY: &str = "no_availability";
const CANCELLED: &str = "cancelled";
const NO_MATCH: &str = "no_match";
const TIMEOUT: &str = "timeout";

const MORE: &str = "more";
const CANCEL: &str = "cancel";
const SLOT_PREFIX: &str = "slot:";

const QUESTION: &str = "Escolha um horário para o seu agendamento:";
const CONFIRMATION: &str = "Agendamento confirmado para {horario}.";
const TAKEN: &str = "Esse horário acabou de ser ocupado. Veja os horários livres agora:";
const NOT_UNDERSTOOD: &str = "Não entendi, escolha um dos horários da lista.";
const NONE_LEFT: &str = "Não há mais horários livres.";

const WEEKDAYS: [&str; 7] = ["seg.", "ter.", "qua.", "qui.", "sex.", "sáb.", "dom."];

/// A scheduling node's configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    days: Option<u32>,
    #[serde(default)]
    per_page: Option<usize>,
    #[serde(default)]
    confirmation: Option<String>,
    #[serde(default)]
    variable: Option<String>,
    #[serde(default)]
    max_attempts: Option<u32>,
    #[serde(default)]
    timeout_ms: Option<u64>,
}

impl Config {
    fn parse(json: &str) -> Result<Config, PluginError> {
        let config: Config = parse_config(json)?;
        if config.per_page.is_some_and(|n| !(1..=8).contains(&n)) {
            return Err(PluginError::InvalidConfig("per_page deve ficar entre 1 e 8.".into()));
        }
        if config.days.is_some_and(|n| !(1..=90).contains(&n)) {
            return Err(PluginError::InvalidConfig("days deve ficar entre 1 e 90.".into()));
        }
        Ok(config)
    }

    fn per_page(&self) -> usize {
        self.per_page.unwrap_or(5)
    }

    /// The free slots this node offers: the host's, cut to `days` from now.
    fn slots<'a>(&self, input: &'a StepInput) -> Vec<&'a Slot> {
        let until = self.days.map(|days| input.now_ms + i64::from(days) * 24 * 3_600_000);
        input.free_slots.iter().filter(|slot| until.is_none_or(|until| slot.start_ms < until)).collect()
    }
}

/// What the step remembers while it waits: the page shown and the answers missed.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Waiting {
    page: usize,
    missed: u32,
}

impl Waiting {
    fn of(input: &StepInput) -> Waiting {
        input.state.as_deref().and_then(|state| serde_json::from_str(state).ok()).unwrap_or_default()
    }
}

/// `slot` as the contact reads it: "seg., 07/12 às 09:00" (fits a list row's 24 characters).
fn label(slot: &Slot) -> String {
    let weekday = WEEKDAYS.get(usize::from(slot.weekday)).copied().unwrap_or("");
    // `local` is "2026-12-07T09:00".
    let (date, time) = slot.local.split_once('T').unwrap_or((&slot.local, ""));
    let mut parts = date.split('-').skip(1);
    let (month, day) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    format!("{weekday}, {day}/{month} às {time}")
}

/// The list of page `page` (clamped to the last one) and the wait for the answer.
fn offer(config: &Config, slots: &[&Slot], page: usize, missed: u32, lead: Option<&str>) -> Vec<Effect> {
    let per_page = config.per_page();
    let pages = slots.len().div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let mut rows: Vec<Choice> = slots
        .iter()
        .skip(page * per_page)
        .take(per_page)
        .map(|slot| Choice::new(format!("{SLOT_PREFIX}{}", slot.start_ms), label(slot)))
        .collect();
    if page + 1 < pages {
        rows.push(Choice::new(MORE, "Mais horários"));
    }
    rows.push(Choice::new(CANCEL, "Cancelar"));
    let mut effects: Vec<Effect> = lead.map(Effect::send_text).into_iter().collect();
    effects.push(Effect::send_options(config.text.as_deref().unwrap_or(QUESTION), rows));
    let state = serde_json::to_string(&Waiting { page, missed }).unwrap_or_default();
    effects.push(Effect::wait_for_input(state, config.timeout_ms));
    effects
}

/// Book `slot`: the booking, the variable, the confirmation, then `booked`.
fn book(config: &Config, slot: &Slot) -> Vec<Effect> {
    let when = label(slot);
    let mut effects = vec![Effect::book(slot)];
    if let Some(variable) = &config.variable {
        effects.push(Effect::set_variable(variable, &when));
    }
    let confirmation = config.confirmation.as_deref().unwrap_or(CONFIRMATION).replace("{horario}", &when);
    effects.push(Effect::send_text(confirmation));
    effects.push(Effect::go_to(BOOKED));
    effects
}

/// The exported plugin.
struct Schedule;

impl FlowStep for Schedule {
    fn ports(config: &str) -> Result<Vec<String>, PluginError> {
        Config::parse(config)?;
        Ok([BOOKED, NO_AVAILABILITY, CANCELLED, NO_MATCH, TIMEOUT].map(String::from).to_vec())
    }

    fn on_enter(input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        let config = Config::parse(&input.config)?;
        let slots = config.slots(input);
        if slots.is_empty() {
            return Ok(vec![Effect::go_to(NO_AVAILABILITY)]);
        }
        Ok(offer(&config, &slots, 0, 0, None))
    }

    fn on_message(input: &StepInput, message: &InboundMessage) -> Result<Vec<Effect>, PluginError> {
        let config = Config::parse(&input.config)?;
        let waiting = Waiting::of(input);
        let slots = config.slots(input);
        if slots.is_empty() {
            return Ok(vec![Effect::send_text(NONE_LEFT), Effect::go_to(NO_AVAILABILITY)]);
        }
        let per_page = config.per_page();
        let mut shown: Vec<Choice> = slots
            .iter()
            .skip(waiting.page * per_page)
            .take(per_page)
            .map(|slot| Choice::new(format!("{SLOT_PREFIX}{}", slot.start_ms), label(slot)))
            .collect();
        shown.push(Choice::new(MORE, "Mais horários"));
        shown.push(Choice::new(CANCEL, "Cancelar"));
        // A tapped slot is known by its start, whichever page (or older list) it came from.
        let picked = atende_sdk::choose(&shown, message)
            .map(|choice| choice.id.clone())
            .or_else(|| message.reply_id.clone().filter(|id| id.starts_with(SLOT_PREFIX)));
        match picked.as_deref() {
            Some(MORE) => Ok(offer(&config, &slots, waiting.page + 1, waiting.missed, None)),
            Some(CANCEL) => Ok(vec![Effect::go_to(CANCELLED)]),
            Some(id) => {
                let start: Option<i64> = id.strip_prefix(SLOT_PREFIX).and_then(|ms| ms.parse().ok());
                match slots.iter().find(|slot| Some(slot.start_ms) == start) {
                    Some(slot) => Ok(book(&config, slot)),
                    None => Ok(offer(&config, &slots, 0, waiting.missed, Some(TAKEN))),
                }
            }
            None => {
                let missed = waiting.missed + 1;
                if missed >= config.max_attempts.unwrap_or(3) {
                    return Ok(vec![Effect::go_to(NO_MATCH)]);
                }
                Ok(offer(&config, &slots, waiting.page, missed, Some(NOT_UNDERSTOOD)))
            }
        }
    }

    fn on_timeout(_input: &StepInput) -> Result<Vec<Effect>, PluginError> {
        Ok(vec![Effect::go_to(TIMEOUT)])
    }
}

atende_sdk::export_flow_step!(Schedule);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::{step_input, tapped, typed};
    use atende_sdk::{OutboundMessage, Trigger};

    const HOUR: i64 = 3_600_000;

    /// Monday 07/12 09:00 … : `count` one-hour slots.
    fn slots(count: usize) -> Vec<Slot> {
        (0..count)
            .map(|i| Slot {
                start_ms: 1_000 * HOUR + i as i64 * HOUR,
                end_ms: 1_001 * HOUR + i as i64 * HOUR,
                local: format!("2026-12-07T{:02}:00", 9 + i),
                weekday: 0,
            })
            .collect()
    }

    fn run(config: &str, free: Vec<Slot>, state: Option<&str>, trigger: Trigger) -> Vec<Effect> {
        let mut input = step_input(config, trigger);
        input.free_slots = free;
        input.state = state.map(String::from);
        Schedule::run(input).unwrap()
    }

    fn rows(effects: &[Effect]) -> Vec<(String, String)> {
        effects
            .iter()
            .find_map(|effect| match effect {
                Effect::Send(OutboundMessage::Options((_, rows))) => {
                    Some(rows.iter().map(|row| (row.id.clone(), row.title.clone())).collect())
                }
                _ => None,
            })
            .expect("a list was sent")
    }

    #[test]
    fn entering_offers_the_first_page_and_waits() {
        let effects = run(r#"{"per_page": 2}"#, slots(3), None, Trigger::Enter);
        assert_eq!(
            rows(&effects),
            [
                (format!("slot:{}", 1_000 * HOUR), "seg., 07/12 às 09:00".to_string()),
                (format!("slot:{}", 1_001 * HOUR), "seg., 07/12 às 10:00".to_string()),
                ("more".into(), "Mais horários".into()),
                ("cancel".into(), "Cancelar".into()),
            ]
        );
        assert_eq!(effects.last(), Some(&Effect::wait_for_input(r#"{"page":0,"missed":0}"#, None)));
        assert_eq!(run("{}", vec![], None, Trigger::Enter), [Effect::go_to("no_availability")]);
    }

    #[test]
    fn a_picked_slot_is_booked_and_confirmed() {
        let config = r#"{"variable": "horario", "confirmation": "Até {horario}!"}"#;
        let free = slots(3);
        let tap = tapped(&format!("slot:{}", 1_001 * HOUR), "seg., 07/12 às 10:00");
        assert_eq!(
            run(config, free.clone(), Some(r#"{"page":0,"missed":0}"#), tap),
            [
                Effect::book(&free[1]),
                Effect::set_variable("horario", "seg., 07/12 às 10:00"),
                Effect::send_text("Até seg., 07/12 às 10:00!"),
                Effect::go_to("booked"),
            ]
        );
        assert_eq!(run(config, free.clone(), None, typed("3"))[0], Effect::book(&free[2]), "by its number");
    }

    #[test]
    fn a_slot_taken_meanwhile_is_said_and_the_free_ones_offered_again() {
        let taken = tapped(&format!("slot:{}", 1_000 * HOUR), "seg., 07/12 às 09:00");
        let effects = run("{}", slots(3)[1..].to_vec(), Some(r#"{"page":0,"missed":0}"#), taken);
        assert_eq!(effects[0], Effect::send_text(TAKEN));
        assert_eq!(rows(&effects)[0].1, "seg., 07/12 às 10:00");
    }

    #[test]
    fn more_pages_on_cancel_leaves_and_misses_end_in_no_match() {
        let more = run(r#"{"per_page": 2}"#, slots(3), None, tapped("more", "Mais horários"));
        assert_eq!(
            rows(&more),
            [(format!("slot:{}", 1_002 * HOUR), "seg., 07/12 às 11:00".into()), ("cancel".into(), "Cancelar".into())]
        );
        assert_eq!(run("{}", slots(3), None, typed("cancelar")), [Effect::go_to("cancelled")]);
        assert_eq!(run("{}", slots(3), None, typed("amanhã?"))[0], Effect::send_text(NOT_UNDERSTOOD));
        assert_eq!(run("{}", slots(3), Some(r#"{"page":0,"missed":2}"#), typed("?")), [Effect::go_to("no_match")]);
        assert_eq!(run("{}", slots(3), None, Trigger::Timeout), [Effect::go_to("timeout")]);
    }

    #[test]
    fn days_cut_the_offer_and_ports_are_fixed() {
        let mut input = step_input(r#"{"days": 1}"#, Trigger::Enter);
        input.now_ms = 1_000 * HOUR - 23 * HOUR;
        input.free_slots = slots(3);
        assert_eq!(rows(&Schedule::run(input).unwrap()).len(), 2, "10:00 is 24 hours away; 09:00 and cancel");
        assert_eq!(Schedule::ports("{}").unwrap(), ["booked", "no_availability", "cancelled", "no_match", "timeout"]);
        assert!(matches!(Schedule::ports(r#"{"per_page": 20}"#), Err(PluginError::InvalidConfig(_))));
    }
}
