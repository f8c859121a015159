//! The account's flow settings (F1): the words that, written alone while a flow waits, hand the
//! chat to a person ("atendente") or start the flow again ("menu"), and the business hours the
//! condition step's `in_business_hours` asks about. Stored as JSON on the account.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::Millis;

/// The account's flow settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowSettings {
    /// Written alone while a flow waits, they hand the chat to a person (the open queue).
    #[serde(default = "handover_words")]
    pub handover_keywords: Vec<String>,
    /// Written alone while a flow waits, they start the flow again from its entry.
    #[serde(default = "restart_words")]
    pub restart_keywords: Vec<String>,
    /// Open intervals per weekday; none at all means always open.
    #[serde(default)]
    pub business_hours: BusinessHours,
}

fn handover_words() -> Vec<String> {
    vec!["atendente".into(), "humano".into()]
}

fn restart_words() -> Vec<String> {
    vec!["menu".into()]
}

impl Default for FlowSettings {
    fn default() -> Self {
        FlowSettings {
            handover_keywords: handover_words(),
            restart_keywords: restart_words(),
            business_hours: BusinessHours::default(),
        }
    }
}

/// Open intervals (`["08:00", "18:00"]`, local time) for each weekday.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    #[serde(default)]
    pub monday: Vec<[String; 2]>,
    #[serde(default)]
    pub tuesday: Vec<[String; 2]>,
    #[serde(default)]
    pub wednesday: Vec<[String; 2]>,
    #[serde(default)]
    pub thursday: Vec<[String; 2]>,
    #[serde(default)]
    pub friday: Vec<[String; 2]>,
    #[serde(default)]
    pub saturday: Vec<[String; 2]>,
    #[serde(default)]
    pub sunday: Vec<[String; 2]>,
}

/// What a keyword written while a flow waits does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    Handover,
    Restart,
}

/// `text` trimmed, lowercase, without accents: how keywords are compared.
pub fn folded(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// Minutes since midnight of `"HH:MM"`.
pub(crate) fn minutes(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

impl FlowSettings {
    /// What `text`, written alone, asks for.
    pub fn keyword(&self, text: &str) -> Option<Keyword> {
        let typed = folded(text);
        if typed.is_empty() {
            return None;
        }
        if self.handover_keywords.iter().any(|k| folded(k) == typed) {
            Some(Keyword::Handover)
        } else if self.restart_keywords.iter().any(|k| folded(k) == typed) {
            Some(Keyword::Restart)
        } else {
            None
        }
    }

    /// Why the settings cannot be kept, in Portuguese.
    pub fn check(&self) -> Result<(), String> {
        for keyword in self.handover_keywords.iter().chain(&self.restart_keywords) {
            if folded(keyword).is_empty() || keyword.chars().count() > 40 {
                return Err("As palavras-chave devem ter de 1 a 40 caracteres.".into());
            }
        }
        self.business_hours.check()
    }
}

impl BusinessHours {
    /// Why the hours cannot be kept, in Portuguese.
    pub fn check(&self) -> Result<(), String> {
        for (day, intervals) in self.days() {
            for [from, to] in intervals {
                match (minutes(from), minutes(to)) {
                    (Some(a), Some(b)) if a < b => {}
                    _ => return Err(format!("Horário de {day} inválido: use \"HH:MM\" e o início antes do fim.")),
                }
            }
        }
        Ok(())
    }

    /// Whether no interval is set on any day.
    pub fn is_empty(&self) -> bool {
        self.days().iter().all(|(_, intervals)| intervals.is_empty())
    }

    /// Each weekday's Portuguese name and intervals, Monday first.
    pub fn days(&self) -> [(&'static str, &Vec<[String; 2]>); 7] {
        [
            ("segunda", &self.monday),
            ("terça", &self.tuesday),
            ("quarta", &self.wednesday),
            ("quinta", &self.thursday),
            ("sexta", &self.friday),
            ("sábado", &self.saturday),
            ("domingo", &self.sunday),
        ]
    }

    /// Whether `at` falls in an open interval, read in `timezone`; always when no hours are set.
    pub fn open_at(&self, at: Millis, timezone: &str) -> bool {
        if self.is_empty() {
            return true;
        }
        let days = self.days();
        let Ok(ts) = jiff::Timestamp::from_millisecond(at) else { return true };
        let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
        let local = ts.to_zoned(zone);
        let weekday = local.weekday().to_monday_zero_offset() as usize;
        let now = local.hour() as u32 * 60 + local.minute() as u32;
        days[weekday]
            .1
            .iter()
            .any(|[from, to]| matches!((minutes(from), minutes(to)), (Some(a), Some(b)) if a <= now && now < b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_alone_whatever_the_case_and_accents() {
        let settings = FlowSettings::default();
        assert_eq!(settings.keyword(" ATENDENTE "), Some(Keyword::Handover));
        assert_eq!(settings.keyword("Menu"), Some(Keyword::Restart));
        assert_eq!(settings.keyword("quero um atendente"), None, "only alone");
        let accented = FlowSettings { handover_keywords: vec!["Atenção".into()], ..FlowSettings::default() };
        assert_eq!(accented.keyword("atencao"), Some(Keyword::Handover));
    }

    #[test]
    fn business_hours_are_read_in_the_accounts_time_zone() {
        let hours = BusinessHours { monday: vec![["08:00".into(), "18:00".into()]], ..Default::default() };
        // Monday 2026-12-07 10:00 in São Paulo is 13:00 UTC.
        let monday_ten = jiff::civil::date(2026, 12, 7).at(13, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).unwrap();
        let at = monday_ten.timestamp().as_millisecond();
        assert!(hours.open_at(at, "America/Sao_Paulo"));
        assert!(!hours.open_at(at + 9 * 3_600_000, "America/Sao_Paulo"), "19:00 is closed");
        assert!(!hours.open_at(at + 24 * 3_600_000, "America/Sao_Paulo"), "Tuesday has no hours");
        assert!(BusinessHours::default().open_at(at, "America/Sao_Paulo"), "no hours set: always open");
    }

    #[test]
    fn bad_hours_and_keywords_are_refused() {
        let mut settings = FlowSettings::default();
        settings.business_hours.friday = vec![["18:00".into(), "08:00".into()]];
        assert!(settings.check().unwrap_err().contains("sexta"));
        let blank = FlowSettings { restart_keywords: vec![" ".into()], ..FlowSettings::default() };
        assert!(blank.check().is_err());
        assert!(FlowSettings::default().check().is_ok());
    }
}
