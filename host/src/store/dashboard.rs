//! The dashboard's figures (issue 14 part 5) from bounded reads: messages from the hourly
//! counters the roll-up keeps (plus the last minutes, counted live from the (account, time)
//! index), services opened or closed in the period from their (account, time) indexes, the
//! waiting queue from the open chats. Nothing scans the message table.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use utoipa::ToSchema;

use super::tx::Dialect;
use super::views::NamedRef;
use super::{Store, StoreResult};
use crate::args;
use crate::domain::Millis;
use crate::domain::dashboard::{DurationStat, Period, local_day, period_days, period_start, zone};

const HOUR_MS: i64 = 3_600_000;

crate::row! {
    /// A service opened in the period, with its contact's campaign.
    struct OpenedRow {
        opened_at: i64,
        first_response_at: Option<i64>,
        agent_id: Option<i64>,
        department_id: Option<i64>,
        contact_id: Option<i64>,
        campaign: Option<String>,
    }
}

/// A duration figure for one agent or department.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StatBy {
    /// `null`: no agent, or no department.
    pub who: Option<NamedRef>,
    pub stat: DurationStat,
}

/// A duration overall and per agent and department.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Durations {
    pub overall: DurationStat,
    pub by_agent: Vec<StatBy>,
    pub by_department: Vec<StatBy>,
}

/// Messages of one channel.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ChannelMessages {
    pub channel: NamedRef,
    pub inbound: i64,
    pub outbound: i64,
}

/// One local day of the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct DayFigures {
    /// `aaaa-mm-dd` in the account's time zone.
    pub day: String,
    pub inbound: i64,
    pub outbound: i64,
    pub services_opened: i64,
    pub services_closed: i64,
}

/// A campaign's results (S10): contacts from it served in the period and their services.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CampaignFigures {
    pub campaign: String,
    pub contacts: i64,
    pub services_opened: i64,
}

/// Chats waiting for a person in one department.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WaitingIn {
    pub department: Option<NamedRef>,
    pub count: i64,
}

/// The waiting queue now: open chats nobody has taken.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Waiting {
    pub total: i64,
    /// When the longest wait began.
    pub oldest_since: Option<Millis>,
    pub by_department: Vec<WaitingIn>,
}

/// The dashboard of one period.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DashboardView {
    pub period: Period,
    pub from: Millis,
    pub to: Millis,
    pub timezone: String,
    /// Contacts whose service opened in the period (an Instagram story mention opens none, L1).
    pub contacts_served: i64,
    pub services_opened: i64,
    pub services_closed: i64,
    pub waiting: Waiting,
    /// From a service's opening to its first answer by a person.
    pub first_response: Durations,
    /// From a service's opening to its close, for the services closed in the period.
    pub service_time: Durations,
    pub messages_by_channel: Vec<ChannelMessages>,
    pub days: Vec<DayFigures>,
    pub campaigns: Vec<CampaignFigures>,
}

/// One service's duration, with its agent and department.
struct Case {
    agent: Option<i64>,
    department: Option<i64>,
    ms: i64,
}

/// Durations grouped by who they belong to, with names.
fn durations(cases: &[Case], users: &HashMap<i64, String>, departments: &HashMap<i64, String>) -> Durations {
    let grouped = |key: fn(&Case) -> Option<i64>, names: &HashMap<i64, String>| {
        let mut by: BTreeMap<Option<i64>, Vec<i64>> = BTreeMap::new();
        for case in cases {
            by.entry(key(case)).or_default().push(case.ms);
        }
        by.into_iter()
            .map(|(id, values)| StatBy {
                who: id.map(|id| NamedRef { id, name: names.get(&id).cloned().unwrap_or_default() }),
                stat: DurationStat::of(values),
            })
            .collect()
    };
    Durations {
        overall: DurationStat::of(cases.iter().map(|c| c.ms).collect()),
        by_agent: grouped(|c| c.agent, users),
        by_department: grouped(|c| c.department, departments),
    }
}

impl Store {
    /// Count the messages older than `now - lag_ms` not counted yet into the hourly counters.
    /// The lag leaves time for transactions still open to commit what they wrote.
    pub async fn roll_up_messages(&self, lag_ms: Millis) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute("INSERT INTO message_rollup (id, counted_until) VALUES (1, 0) ON CONFLICT (id) DO NOTHING", vec![])
            .await?;
        let lock = if tx.dialect() == Dialect::Postgres { " FOR UPDATE" } else { "" };
        let (from,): (i64,) =
            tx.fetch_one(&format!("SELECT counted_until FROM message_rollup WHERE id = 1{lock}"), vec![]).await?;
        let to = tx.now() - lag_ms;
        if to <= from {
            return Ok(());
        }
        tx.execute(
            "INSERT INTO message_hours (account_id, channel_id, hour, direction, n) \
             SELECT account_id, channel_id, created_at / 3600000, direction, COUNT(*) FROM messages \
             WHERE created_at >= $1 AND created_at < $2 AND channel_id IS NOT NULL AND internal = FALSE \
             GROUP BY account_id, channel_id, created_at / 3600000, direction \
             ON CONFLICT (account_id, hour, channel_id, direction) DO UPDATE SET n = message_hours.n + excluded.n",
            args![from, to],
        )
        .await?;
        tx.execute("UPDATE message_rollup SET counted_until = $1 WHERE id = 1", args![to]).await?;
        self.commit(tx).await
    }

    /// The dashboard of `period` for the account, in its time zone.
    pub async fn dashboard(&self, account_id: i64, period: Period, lag_ms: Millis) -> StoreResult<DashboardView> {
        // Whatever the roll-up worker has not counted yet (bounded by its interval) first.
        self.roll_up_messages(lag_ms).await?;
        let account = self.account(account_id).await?;
        let tz = zone(&account.timezone);
        let now = self.now();
        let from = period_start(period, &tz, now);
        let mut read = self.read().await?;
        let (counted_until,): (i64,) =
            read.fetch_one("SELECT counted_until FROM message_rollup WHERE id = 1", vec![]).await?;
        let hours: Vec<(i64, i64, String, i64)> = read
            .fetch_all(
                "SELECT channel_id, hour, direction, n FROM message_hours WHERE account_id = $1 AND hour >= $2",
                args![account_id, from.div_euclid(HOUR_MS)],
            )
            .await?;
        let live: Vec<(i64, i64, String)> = read
            .fetch_all(
                "SELECT channel_id, created_at, direction FROM messages WHERE account_id = $1 AND created_at >= $2 \
                 AND channel_id IS NOT NULL AND internal = FALSE",
                args![account_id, counted_until.max(from)],
            )
            .await?;
        let opened: Vec<OpenedRow> = read
            .fetch_all(
                "SELECT s.opened_at, s.first_response_at, s.agent_id, \
                 COALESCE(s.department_id, c.department_id) AS department_id, c.contact_id, ct.campaign FROM services s JOIN conversations c ON c.id = s.conversation_id \
                 LEFT JOIN contacts ct ON ct.id = c.contact_id WHERE s.account_id = $1 AND s.opened_at >= $2",
                args![account_id, from],
            )
            .await?;
        let closed: Vec<(i64, i64, Option<i64>, Option<i64>)> = read
            .fetch_all(
                "SELECT opened_at, closed_at, agent_id, department_id FROM services \
                 WHERE account_id = $1 AND closed_at >= $2",
                args![account_id, from],
            )
            .await?;
        let waiting: Vec<(Option<i64>, i64, Option<i64>)> = read
            .fetch_all(
                "SELECT department_id, COUNT(*), MIN(service_opened_at) FROM conversations \
                 WHERE account_id = $1 AND kind = 'contact' AND state = 'open' AND agent_id IS NULL GROUP BY department_id",
                args![account_id],
            )
            .await?;
        let named = |rows: Vec<(i64, String)>| rows.into_iter().collect::<HashMap<i64, String>>();
        let users = named(read.fetch_all("SELECT id, name FROM users WHERE account_id = $1", args![account_id]).await?);
        let departments =
            named(read.fetch_all("SELECT id, name FROM departments WHERE account_id = $1", args![account_id]).await?);
        let channels: Vec<(i64, String)> = read
            .fetch_all("SELECT id, name FROM channels WHERE account_id = $1 ORDER BY id", args![account_id])
            .await?;
        drop(read);

        let mut days: BTreeMap<String, DayFigures> = period_days(period, &tz, now)
            .into_iter()
            .map(|day| (day.clone(), DayFigures { day, ..DayFigures::default() }))
            .collect();
        let mut per_channel: HashMap<i64, (i64, i64)> = HashMap::new();
        let counted = hours.into_iter().map(|(channel, hour, direction, n)| (channel, hour * HOUR_MS, direction, n));
        let recent = live.into_iter().map(|(channel, at, direction)| (channel, at, direction, 1));
        for (channel, at, direction, n) in counted.chain(recent) {
            let inbound = direction == "inbound";
            let slot = per_channel.entry(channel).or_default();
            // An hour that began before the period (a zone off the hour) counts for its channel only.
            let day = days.get_mut(&local_day(at, &tz));
            if inbound {
                slot.0 += n;
                if let Some(day) = day {
                    day.inbound += n;
                }
            } else {
                slot.1 += n;
                if let Some(day) = day {
                    day.outbound += n;
                }
            }
        }
        for service in &opened {
            if let Some(day) = days.get_mut(&local_day(service.opened_at, &tz)) {
                day.services_opened += 1;
            }
        }
        for (_, closed_at, ..) in &closed {
            if let Some(day) = days.get_mut(&local_day(*closed_at, &tz)) {
                day.services_closed += 1;
            }
        }
        let contacts: HashSet<i64> = opened.iter().filter_map(|o| o.contact_id).collect();
        let mut campaigns: BTreeMap<String, (HashSet<i64>, i64)> = BTreeMap::new();
        for service in &opened {
            if let Some(campaign) = service.campaign.as_ref().filter(|c| !c.is_empty()) {
                let entry = campaigns.entry(campaign.clone()).or_default();
                entry.0.extend(service.contact_id);
                entry.1 += 1;
            }
        }
        let first_cases: Vec<Case> = opened
            .iter()
            .filter_map(|s| {
                let ms = s.first_response_at? - s.opened_at;
                Some(Case { agent: s.agent_id, department: s.department_id, ms })
            })
            .collect();
        let service_cases: Vec<Case> = closed
            .iter()
            .map(|(opened_at, closed_at, agent, department)| Case {
                agent: *agent,
                department: *department,
                ms: closed_at - opened_at,
            })
            .collect();
        let waiting = Waiting {
            total: waiting.iter().map(|w| w.1).sum(),
            oldest_since: waiting.iter().filter_map(|w| w.2).min(),
            by_department: waiting
                .iter()
                .map(|(department, count, _)| WaitingIn {
                    department: department
                        .map(|id| NamedRef { id, name: departments.get(&id).cloned().unwrap_or_default() }),
                    count: *count,
                })
                .collect(),
        };
        Ok(DashboardView {
            period,
            from,
            to: now,
            timezone: account.timezone,
            contacts_served: contacts.len() as i64,
            services_opened: opened.len() as i64,
            services_closed: closed.len() as i64,
            waiting,
            first_response: durations(&first_cases, &users, &departments),
            service_time: durations(&service_cases, &users, &departments),
            messages_by_channel: channels
                .into_iter()
                .map(|(id, name)| {
                    let (inbound, outbound) = per_channel.get(&id).copied().unwrap_or_default();
                    ChannelMessages { channel: NamedRef { id, name }, inbound, outbound }
                })
                .collect(),
            days: days.into_values().collect(),
            campaigns: campaigns
                .into_iter()
                .map(|(campaign, (contacts, services))| CampaignFigures {
                    campaign,
                    contacts: contacts.len() as i64,
                    services_opened: services,
                })
                .collect(),
        })
    }
}
