//! Messaging windows ("Validade da Sessão", S4; C7; L8): when the company may write freely to a
//! contact on a channel number, and which template sessions are open.
//!
//! WhatsApp (and the simulator, which behaves like it so the rules can be tried without Meta):
//! - a contact message opens a 24 h *service* session and unlocks free-form messages for 24 h;
//!   another contact message inside it restarts the 24 h;
//! - a Marketing template opens a 24 h *marketing* session, a Utility template a 24 h *utility*
//!   session; both may run at once, one per category; a template whose category's session is
//!   open opens nothing new;
//! - a service session is not opened while a session of another category is open (the contact's
//!   reply still unlocks free-form messages: only the session type is not added);
//! - a template alone never unlocks free-form sending: only the contact's reply does;
//! - error 131047 (re-engagement) says the free-form window is in fact closed.
//!
//! Instagram and Messenger: free-form replies for 24 h from the contact's last message; a human
//! agent may answer up to 7 days after it with the `HUMAN_AGENT` tag; flows may not.
//!
//! "Expirando" from 30 minutes before the free-form window ends, "Expirado" after it (L8).

use chrono_free::format_local;

use super::Millis;
use crate::vocabulary;

/// One hour.
pub const HOUR: Millis = 3_600_000;
/// Length of every WhatsApp session and of the standard Messenger/Instagram window.
pub const WINDOW: Millis = 24 * HOUR;
/// How long after the contact's last message a human agent may answer on Messenger/Instagram.
pub const HUMAN_AGENT_WINDOW: Millis = 7 * 24 * HOUR;
/// "Expirando" starts this long before the end (L8).
pub const EXPIRING_BEFORE: Millis = 30 * 60_000;

vocabulary! {
    /// A template category (C7): the session a template opens.
    pub enum TemplateCategory {
        Marketing = "marketing",
        Utility = "utility",
        /// One-time codes; opens no session of its own in the product's rules.
        Authentication = "authentication",
    }
}

impl TemplateCategory {
    /// Meta's spelling (`MARKETING`, `UTILITY`, `AUTHENTICATION`), any case.
    pub fn from_meta(text: &str) -> Option<TemplateCategory> {
        TemplateCategory::parse_loose(text)
    }

    fn parse_loose(text: &str) -> Option<TemplateCategory> {
        match text.trim().to_ascii_lowercase().as_str() {
            "marketing" => Some(TemplateCategory::Marketing),
            "utility" | "utilidade" => Some(TemplateCategory::Utility),
            "authentication" => Some(TemplateCategory::Authentication),
            _ => None,
        }
    }

    /// The Portuguese label agents search by ("Utilidade" / "Marketing").
    pub fn label(self) -> &'static str {
        match self {
            TemplateCategory::Marketing => "Marketing",
            TemplateCategory::Utility => "Utilidade",
            TemplateCategory::Authentication => "Autenticação",
        }
    }
}

/// Which window rules a channel follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// WhatsApp Business Cloud API (and the simulator).
    WhatsApp,
    /// Messenger and Instagram.
    Messenger,
}

impl Rules {
    /// The rules of a channel kind.
    pub fn of(channel_kind: &str) -> Rules {
        match channel_kind {
            "messenger" | "instagram" => Rules::Messenger,
            _ => Rules::WhatsApp,
        }
    }
}

/// The windows of one contact on one channel number. `None` = never opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Windows {
    /// The contact's last message.
    pub last_contact_at: Option<Millis>,
    /// Free-form messages are allowed until then (the customer-service window).
    pub free_form_until: Option<Millis>,
    pub service_until: Option<Millis>,
    pub marketing_until: Option<Millis>,
    pub utility_until: Option<Millis>,
}

fn open(until: Option<Millis>, now: Millis) -> bool {
    until.is_some_and(|end| now < end)
}

impl Windows {
    /// Whether the service session is open at `now`.
    pub fn service_open(&self, now: Millis) -> bool {
        open(self.service_until, now)
    }

    /// Whether the session of `category` is open at `now`.
    pub fn category_open(&self, category: TemplateCategory, now: Millis) -> bool {
        match category {
            TemplateCategory::Marketing => open(self.marketing_until, now),
            TemplateCategory::Utility => open(self.utility_until, now),
            TemplateCategory::Authentication => false,
        }
    }

    /// Whether any session is open at `at`: the customer-service window, the service session or
    /// a template category's.
    pub fn any_session_open(&self, at: Millis) -> bool {
        open(self.free_form_until, at)
            || self.service_open(at)
            || self.category_open(TemplateCategory::Marketing, at)
            || self.category_open(TemplateCategory::Utility, at)
    }

    /// The contact wrote at `at` (any message, a story mention included: L1 says it opens a
    /// session).
    pub fn on_contact_message(self, at: Millis) -> Windows {
        let template_session_open =
            self.category_open(TemplateCategory::Marketing, at) || self.category_open(TemplateCategory::Utility, at);
        let service_until = if self.service_open(at) || !template_session_open {
            // Opened, or restarted when already open.
            Some(at + WINDOW)
        } else {
            // A session of another category is open: no service session is added.
            self.service_until
        };
        Windows {
            last_contact_at: Some(self.last_contact_at.map_or(at, |last| last.max(at))),
            free_form_until: Some(self.free_form_until.map_or(at + WINDOW, |end| end.max(at + WINDOW))),
            service_until,
            ..self
        }
    }

    /// A template of `category` was sent at `at`: it opens its category's session unless that
    /// one is open already. Free-form sending is never unlocked by it.
    pub fn on_template_sent(self, category: TemplateCategory, at: Millis) -> Windows {
        if self.category_open(category, at) {
            return self;
        }
        match category {
            TemplateCategory::Marketing => Windows { marketing_until: Some(at + WINDOW), ..self },
            TemplateCategory::Utility => Windows { utility_until: Some(at + WINDOW), ..self },
            TemplateCategory::Authentication => self,
        }
    }

    /// Meta answered 131047 at `at`: more than 24 h passed since the contact's last message, so
    /// the free-form window and the service session are closed whatever was stored.
    pub fn on_re_engagement_error(self, at: Millis) -> Windows {
        let close = |end: Option<Millis>| end.map(|e| e.min(at)).or(Some(at));
        Windows { free_form_until: close(self.free_form_until), service_until: close(self.service_until), ..self }
    }
}

vocabulary! {
    /// How the free-form window stands (L8 tags).
    pub enum WindowStatus {
        /// Never opened: the contact has not written.
        None = "none",
        /// Open for more than 30 more minutes.
        Open = "open",
        /// "Expirando": open, 30 minutes or less left.
        Expiring = "expiring",
        /// "Expirado": ended.
        Expired = "expired",
    }
}

impl WindowStatus {
    /// The tag the list shows, if any (L8).
    pub fn tag(self) -> Option<&'static str> {
        match self {
            WindowStatus::Expiring => Some("Expirando"),
            WindowStatus::Expired => Some("Expirado"),
            WindowStatus::None | WindowStatus::Open => None,
        }
    }
}

/// The free-form window's status at `now` for a window ending at `until`.
pub fn status(until: Option<Millis>, now: Millis) -> WindowStatus {
    match until {
        None => WindowStatus::None,
        Some(end) if now >= end => WindowStatus::Expired,
        Some(end) if end - now <= EXPIRING_BEFORE => WindowStatus::Expiring,
        Some(_) => WindowStatus::Open,
    }
}

/// When the L8 tag of a window ending at `until` next changes after `now`: when it starts
/// "Expirando" (30 minutes before the end), then when it becomes "Expirado" (the end).
pub fn next_tag_change(until: Option<Millis>, now: Millis) -> Option<Millis> {
    let end = until?;
    let expiring = end - EXPIRING_BEFORE;
    if now < expiring {
        Some(expiring)
    } else if now < end {
        Some(end)
    } else {
        None
    }
}

/// Who is writing a free-form message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// A person in the inbox.
    Agent,
    /// A flow or the system (automated).
    Automation,
}

/// How a free-form message may go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreeForm {
    /// Inside the window (Messenger: `messaging_type: RESPONSE`).
    Allowed,
    /// Messenger/Instagram after 24 h and within 7 days, by a human: `MESSAGE_TAG` + `HUMAN_AGENT`.
    HumanAgentTag,
}

/// Why a free-form message may not go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The contact never wrote on this number; `template_session` = a template session is open.
    NeverOpened { template_session: bool },
    /// The window ended at this time.
    Expired { ended_at: Millis, template_session: bool },
    /// Messenger/Instagram: more than 7 days since the contact's last message.
    HumanAgentExpired { last_contact_at: Millis },
    /// Messenger/Instagram after 24 h: only a human agent may answer (HUMAN_AGENT tag).
    AutomationOutsideWindow { ended_at: Millis },
}

/// Whether a free-form message by `sender` may go out at `now`.
pub fn free_form(rules: Rules, windows: &Windows, sender: Sender, now: Millis) -> Result<FreeForm, Refusal> {
    let template_session = windows.category_open(TemplateCategory::Marketing, now)
        || windows.category_open(TemplateCategory::Utility, now);
    match rules {
        Rules::WhatsApp => match windows.free_form_until {
            Some(end) if now < end => Ok(FreeForm::Allowed),
            Some(end) => Err(Refusal::Expired { ended_at: end, template_session }),
            None => Err(Refusal::NeverOpened { template_session }),
        },
        Rules::Messenger => {
            let Some(last) = windows.last_contact_at else {
                return Err(Refusal::NeverOpened { template_session: false });
            };
            if now < last + WINDOW {
                Ok(FreeForm::Allowed)
            } else if sender == Sender::Automation {
                Err(Refusal::AutomationOutsideWindow { ended_at: last + WINDOW })
            } else if now < last + HUMAN_AGENT_WINDOW {
                Ok(FreeForm::HumanAgentTag)
            } else {
                Err(Refusal::HumanAgentExpired { last_contact_at: last })
            }
        }
    }
}

impl Refusal {
    /// What the agent reads, naming the window's state; times in the account's `timezone`.
    pub fn message(&self, timezone: &str) -> String {
        let template_note = |open: bool| {
            if open {
                " Há uma sessão de Mensagem Template aberta, mas ela não libera o envio livre: só a resposta do contato libera."
            } else {
                ""
            }
        };
        match *self {
            Refusal::NeverOpened { template_session } => format!(
                "Sessão não iniciada: o contato ainda não enviou mensagem neste número, então só é possível \
                 enviar Mensagens Template.{}",
                template_note(template_session)
            ),
            Refusal::Expired { ended_at, template_session } => format!(
                "Sessão expirada em {}: só é possível enviar Mensagens Template até o contato responder.{}",
                format_local(ended_at, timezone),
                template_note(template_session)
            ),
            Refusal::HumanAgentExpired { last_contact_at } => format!(
                "Sessão expirada: a última mensagem do contato foi em {}, há mais de 7 dias; não é possível \
                 responder até o contato escrever de novo.",
                format_local(last_contact_at, timezone)
            ),
            Refusal::AutomationOutsideWindow { ended_at } => format!(
                "Sessão expirada em {}: depois de 24 horas só um agente pode responder (até 7 dias), \
                 não uma automação.",
                format_local(ended_at, timezone)
            ),
        }
    }
}

/// `dd/mm/aaaa hh:mm` in a time zone, without pulling a date crate into the rules.
mod chrono_free {
    use crate::domain::Millis;

    pub fn format_local(at: Millis, timezone: &str) -> String {
        let Ok(ts) = jiff::Timestamp::from_millisecond(at) else { return at.to_string() };
        let tz = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
        ts.to_zoned(tz).strftime("%d/%m/%Y %H:%M").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::TemplateCategory::*;
    use super::*;

    const T0: Millis = 1_750_000_000_000;
    const MIN: Millis = 60_000;

    fn wa(w: &Windows, now: Millis) -> Result<FreeForm, Refusal> {
        free_form(Rules::WhatsApp, w, Sender::Agent, now)
    }

    // "Um contato te envia uma mensagem. Isso abre uma sessão denominada de Serviço e que dura 24h.
    // O envio de mensagem de forma livre ao contato fica liberado."
    #[test]
    fn a_contact_message_opens_a_24h_service_session_and_unlocks_free_form() {
        let w = Windows::default().on_contact_message(T0);
        assert_eq!(w.service_until, Some(T0 + WINDOW));
        assert_eq!(w.free_form_until, Some(T0 + WINDOW));
        assert_eq!(wa(&w, T0 + 1), Ok(FreeForm::Allowed));
        assert_eq!(wa(&w, T0 + WINDOW - 1), Ok(FreeForm::Allowed));
        assert_eq!(wa(&w, T0 + WINDOW), Err(Refusal::Expired { ended_at: T0 + WINDOW, template_session: false }));
    }

    // "… mas você já estava com uma sessão aberta. Nesse caso, o tempo da sessão será atualizado,
    // contando a partir de então 24h para o fim da sessão."
    #[test]
    fn another_contact_message_inside_the_service_session_restarts_the_24h() {
        let w = Windows::default().on_contact_message(T0).on_contact_message(T0 + 10 * HOUR);
        assert_eq!(w.service_until, Some(T0 + 34 * HOUR));
        assert_eq!(w.free_form_until, Some(T0 + 34 * HOUR));
        assert_eq!(w.last_contact_at, Some(T0 + 10 * HOUR));
    }

    #[test]
    fn a_contact_message_after_the_session_ended_opens_a_new_one() {
        let w = Windows::default().on_contact_message(T0).on_contact_message(T0 + 30 * HOUR);
        assert_eq!(w.service_until, Some(T0 + 54 * HOUR));
        assert_eq!(wa(&w, T0 + 30 * HOUR + 1), Ok(FreeForm::Allowed));
    }

    // "Se você fizer uma transmissão com Mensagem Template de Marketing, abrirá uma sessão de 24h
    // de Mensagem Template de Marketing." / "… de Utilidade, abrirá uma sessão de 24h de … Utilidade."
    #[test]
    fn a_marketing_or_utility_template_opens_its_own_24h_session() {
        let m = Windows::default().on_template_sent(Marketing, T0);
        assert_eq!(m.marketing_until, Some(T0 + WINDOW));
        assert_eq!((m.utility_until, m.service_until), (None, None));
        let u = Windows::default().on_template_sent(Utility, T0);
        assert_eq!(u.utility_until, Some(T0 + WINDOW));
        assert_eq!((u.marketing_until, u.service_until), (None, None));
    }

    // "… Marketing e depois uma outra … Utilidade, abrirá uma sessão de 24h para cada uma."
    #[test]
    fn marketing_and_utility_sessions_run_at_once_one_per_category() {
        let w = Windows::default().on_template_sent(Marketing, T0).on_template_sent(Utility, T0 + HOUR);
        assert_eq!(w.marketing_until, Some(T0 + WINDOW));
        assert_eq!(w.utility_until, Some(T0 + HOUR + WINDOW));
        assert!(w.category_open(Marketing, T0 + 2 * HOUR) && w.category_open(Utility, T0 + 2 * HOUR));
    }

    // "Durante a abertura das sessões, mensagens do mesmo tipo não abrem sessão …"
    #[test]
    fn a_template_whose_category_session_is_open_opens_nothing_new() {
        let w = Windows::default().on_template_sent(Marketing, T0);
        assert_eq!(w.on_template_sent(Marketing, T0 + 5 * HOUR), w);
        // Once it has ended, the next one opens a new session.
        let later = w.on_template_sent(Marketing, T0 + WINDOW + 1);
        assert_eq!(later.marketing_until, Some(T0 + 2 * WINDOW + 1));
    }

    // "O único tipo de mensagem diferente que não abre outra sessão é a de serviço quando ela é
    // enviado no período em que há uma outra sessão de outro tipo aberta."
    #[test]
    fn a_service_message_while_a_template_session_is_open_opens_no_service_session() {
        let w = Windows::default().on_template_sent(Marketing, T0).on_contact_message(T0 + HOUR);
        assert_eq!(w.service_until, None);
        assert_eq!(w.marketing_until, Some(T0 + WINDOW));
        // The contact's reply still unlocks free-form messages.
        assert_eq!(wa(&w, T0 + 2 * HOUR), Ok(FreeForm::Allowed));
        assert_eq!(w.free_form_until, Some(T0 + HOUR + WINDOW));
        let u = Windows::default().on_template_sent(Utility, T0).on_contact_message(T0 + HOUR);
        assert_eq!(u.service_until, None);
    }

    #[test]
    fn an_open_service_session_is_restarted_even_with_a_template_session_open() {
        let w = Windows::default().on_contact_message(T0).on_template_sent(Utility, T0 + HOUR);
        let w = w.on_contact_message(T0 + 2 * HOUR);
        assert_eq!(w.service_until, Some(T0 + 2 * HOUR + WINDOW));
    }

    #[test]
    fn a_service_session_opens_again_once_the_template_session_has_ended() {
        let w = Windows::default().on_template_sent(Marketing, T0).on_contact_message(T0 + WINDOW);
        assert_eq!(w.service_until, Some(T0 + 2 * WINDOW));
    }

    // "⚠️ O envio de mensagem de forma livre ao contato só será liberado com a resposta do cliente
    // à Mensagem Template enviada. ⚠️"
    #[test]
    fn a_template_alone_never_unlocks_free_form_sending() {
        let w = Windows::default().on_template_sent(Marketing, T0).on_template_sent(Utility, T0);
        assert_eq!(wa(&w, T0 + 1), Err(Refusal::NeverOpened { template_session: true }));
        let expired = Windows::default().on_contact_message(T0).on_template_sent(Utility, T0 + 30 * HOUR);
        assert_eq!(
            wa(&expired, T0 + 31 * HOUR),
            Err(Refusal::Expired { ended_at: T0 + WINDOW, template_session: true })
        );
    }

    #[test]
    fn authentication_templates_open_no_session() {
        assert_eq!(Windows::default().on_template_sent(Authentication, T0), Windows::default());
    }

    #[test]
    fn error_131047_closes_the_free_form_window_and_the_service_session() {
        let w = Windows::default().on_contact_message(T0).on_re_engagement_error(T0 + HOUR);
        assert_eq!(w.free_form_until, Some(T0 + HOUR));
        assert_eq!(w.service_until, Some(T0 + HOUR));
        assert!(wa(&w, T0 + HOUR).is_err());
        // A window already over keeps its end; a never-opened one is recorded as closed.
        let old = Windows::default().on_contact_message(T0).on_re_engagement_error(T0 + 2 * WINDOW);
        assert_eq!(old.free_form_until, Some(T0 + WINDOW));
        assert_eq!(Windows::default().on_re_engagement_error(T0).free_form_until, Some(T0));
        // The contact writing again opens it again.
        let back = w.on_contact_message(T0 + 2 * HOUR);
        assert_eq!(wa(&back, T0 + 2 * HOUR + 1), Ok(FreeForm::Allowed));
    }

    #[test]
    fn an_older_contact_message_delivered_late_never_shortens_the_window() {
        let w = Windows::default().on_contact_message(T0 + HOUR).on_contact_message(T0);
        assert_eq!(w.free_form_until, Some(T0 + HOUR + WINDOW));
        assert_eq!(w.last_contact_at, Some(T0 + HOUR));
    }

    // L8: "Quando faltar 30 minutos para uma sessão deixar de ser válida … 'Expirando'" and
    // "Depois do período de validade da sessão, o contato recebe a etiqueta 'Expirado'".
    #[test]
    fn expiring_from_30_minutes_before_the_end_and_expired_after() {
        let end = T0 + WINDOW;
        assert_eq!(status(None, T0), WindowStatus::None);
        assert_eq!(status(Some(end), end - 30 * MIN - 1), WindowStatus::Open);
        assert_eq!(status(Some(end), end - 30 * MIN), WindowStatus::Expiring);
        assert_eq!(status(Some(end), end - 1), WindowStatus::Expiring);
        assert_eq!(status(Some(end), end), WindowStatus::Expired);
        assert_eq!(WindowStatus::Expiring.tag(), Some("Expirando"));
        assert_eq!(WindowStatus::Expired.tag(), Some("Expirado"));
        assert_eq!(WindowStatus::Open.tag(), None);
    }

    #[test]
    fn messenger_allows_responses_for_24h_and_human_agents_for_7_days() {
        let w = Windows::default().on_contact_message(T0);
        let at = |dt, sender| free_form(Rules::Messenger, &w, sender, T0 + dt);
        assert_eq!(at(WINDOW - 1, Sender::Automation), Ok(FreeForm::Allowed));
        assert_eq!(at(WINDOW, Sender::Agent), Ok(FreeForm::HumanAgentTag));
        assert_eq!(at(HUMAN_AGENT_WINDOW - 1, Sender::Agent), Ok(FreeForm::HumanAgentTag));
        assert_eq!(at(WINDOW, Sender::Automation), Err(Refusal::AutomationOutsideWindow { ended_at: T0 + WINDOW }));
        assert_eq!(at(HUMAN_AGENT_WINDOW, Sender::Agent), Err(Refusal::HumanAgentExpired { last_contact_at: T0 }));
        assert_eq!(
            free_form(Rules::Messenger, &Windows::default(), Sender::Agent, T0),
            Err(Refusal::NeverOpened { template_session: false })
        );
    }

    #[test]
    fn messenger_counts_from_the_contacts_last_message() {
        let w = Windows::default().on_contact_message(T0).on_contact_message(T0 + 5 * 24 * HOUR);
        assert_eq!(free_form(Rules::Messenger, &w, Sender::Agent, T0 + 6 * 24 * HOUR), Ok(FreeForm::HumanAgentTag));
        assert_eq!(free_form(Rules::Messenger, &w, Sender::Agent, T0 + 5 * 24 * HOUR + HOUR), Ok(FreeForm::Allowed));
    }

    #[test]
    fn the_simulator_follows_the_whatsapp_rules_and_pages_the_messenger_ones() {
        assert_eq!(Rules::of("simulator"), Rules::WhatsApp);
        assert_eq!(Rules::of("whatsapp"), Rules::WhatsApp);
        assert_eq!(Rules::of("messenger"), Rules::Messenger);
        assert_eq!(Rules::of("instagram"), Rules::Messenger);
    }

    #[test]
    fn refusals_name_the_window_state_in_portuguese() {
        let expired = Refusal::Expired { ended_at: 1_764_612_000_000, template_session: false };
        assert_eq!(
            expired.message("America/Sao_Paulo"),
            "Sessão expirada em 01/12/2025 15:00: só é possível enviar Mensagens Template até o contato responder."
        );
        let never = Refusal::NeverOpened { template_session: true }.message("America/Sao_Paulo");
        assert!(
            never.starts_with("Sessão não iniciada") && never.contains("só a resposta do contato libera"),
            "{never}"
        );
        assert!(Refusal::HumanAgentExpired { last_contact_at: T0 }.message("UTC").contains("mais de 7 dias"));
        assert!(Refusal::AutomationOutsideWindow { ended_at: T0 }.message("UTC").contains("não uma automação"));
    }

    #[test]
    fn categories_read_meta_and_portuguese_spellings() {
        assert_eq!(TemplateCategory::from_meta("MARKETING"), Some(Marketing));
        assert_eq!(TemplateCategory::from_meta("utility"), Some(Utility));
        assert_eq!(TemplateCategory::from_meta("Utilidade"), Some(Utility));
        assert_eq!(TemplateCategory::from_meta("AUTHENTICATION"), Some(Authentication));
        assert_eq!(TemplateCategory::from_meta("outra"), None);
        assert_eq!(Utility.label(), "Utilidade");
    }

    #[test]
    fn the_tag_changes_thirty_minutes_before_the_end_and_at_the_end() {
        let end = T0 + WINDOW;
        assert_eq!(next_tag_change(Some(end), T0), Some(end - 30 * 60_000), "first it starts expiring");
        assert_eq!(next_tag_change(Some(end), end - 30 * 60_000), Some(end), "then it expires");
        assert_eq!(next_tag_change(Some(end), end - 60_000), Some(end));
        assert_eq!(next_tag_change(Some(end), end), None, "expired: nothing more changes");
        assert_eq!(next_tag_change(None, T0), None);
    }
}
