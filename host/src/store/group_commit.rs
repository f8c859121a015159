//! Group commit of inbound messages (issue 15 part 1). Webhooks that arrive together are
//! written in one transaction: each caller hands its messages to a committer and waits until the
//! transaction holding them has committed, so a channel is still acknowledged only once what it
//! delivered is durable, but the fixed cost of a commit (the log flush, the account's event
//! counter lock) is paid once per group instead of once per message.
//!
//! Messages go to one of a few committers by their contact, so one contact's messages keep
//! their order and two committers never write the same contact's rows; the rows they share, an
//! account's protocol and event counters, each group locks in the order of the accounts, so two
//! groups never wait on each other in a circle. A committer takes what is waiting channel by
//! channel in turn ([`FairQueue`]), so a channel flooding webhooks delays another channel's by
//! one group at most. If a group fails (a bad row, a delivery stored by
//! another host at the same instant), each of its messages is retried in a transaction of its
//! own, so one message never fails the others.

use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{OnceLock, Weak};

use tokio::sync::{mpsc, oneshot};

use super::ingest::{Inbound, IngestOutcome};
use super::{Inner, Store, StoreError, StoreResult};

/// Most messages one transaction holds. On SQLite the group holds the single writer for its
/// whole length: a few milliseconds at this size.
pub(super) const GROUP_LIMIT: usize = 256;

/// Messages, each with its place in its caller's list.
type Placed = Vec<(usize, Inbound)>;

/// Messages of one caller for one committer.
struct Chunk {
    channel_id: i64,
    items: Placed,
    reply: oneshot::Sender<StoreResult<Vec<(usize, IngestOutcome)>>>,
}

/// Most committers a store may be given.
pub const MAX_COMMITTERS: usize = 16;

/// The committers of a store, started on first use.
pub(super) struct GroupCommit {
    committers: [OnceLock<mpsc::UnboundedSender<Chunk>>; MAX_COMMITTERS],
    /// How many are used; 0: no grouping, each message is committed alone in its caller's task
    /// (what the benchmarks compare group commit with). Set before the first message: changed
    /// later, a contact could move to another committer while one of its groups is pending.
    active: AtomicUsize,
}

impl GroupCommit {
    /// `committers` parallel transactions at most.
    pub(super) fn new(committers: usize) -> GroupCommit {
        GroupCommit {
            committers: std::array::from_fn(|_| OnceLock::new()),
            active: AtomicUsize::new(committers.min(MAX_COMMITTERS)),
        }
    }

    pub(super) fn set_committers(&self, committers: usize) {
        self.active.store(committers.min(MAX_COMMITTERS), Ordering::Relaxed);
    }

    /// Store `items` (in their order per channel); one outcome per item, once committed.
    pub(super) async fn submit(&self, store: &Store, items: &[Inbound]) -> StoreResult<Vec<IngestOutcome>> {
        if self.active.load(Ordering::Relaxed) == 0 {
            return store.ingest_each_alone(items.iter()).await;
        }
        let mut waiting = Vec::new();
        for (committer, chunk) in self.split(items) {
            let (reply, answer) = oneshot::channel();
            let chunk = Chunk { channel_id: chunk[0].1.channel_id, items: chunk, reply };
            self.sender(committer, store).send(chunk).map_err(|_| StoreError::Closed)?;
            waiting.push(answer);
        }
        let mut outcomes: Vec<Option<IngestOutcome>> = vec![None; items.len()];
        for answer in waiting {
            for (index, outcome) in answer.await.map_err(|_| StoreError::Closed)?? {
                outcomes[index] = Some(outcome);
            }
        }
        Ok(outcomes.into_iter().map(|o| o.expect("every item answered")).collect())
    }

    /// The items by committer (their contact's) and channel, in chunks of at most
    /// [`GROUP_LIMIT`], each keeping the order the items came in.
    fn split(&self, items: &[Inbound]) -> Vec<(usize, Placed)> {
        let mut chunks: Vec<((usize, i64), Placed)> = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let key = (self.committer_of(item), item.channel_id);
            match chunks.iter_mut().rev().find(|(k, list)| *k == key && list.len() < GROUP_LIMIT) {
                Some((_, list)) => list.push((index, item.clone())),
                None => chunks.push((key, vec![(index, item.clone())])),
            }
        }
        chunks.into_iter().map(|((committer, _), list)| (committer, list)).collect()
    }

    /// The committer of the item's contact: always the same one for a contact, whatever the
    /// channel, so that two committers never write the same contact's or chat's rows.
    fn committer_of(&self, item: &Inbound) -> usize {
        let mut hasher = std::hash::DefaultHasher::new();
        (&item.platform, &item.contact_external_id).hash(&mut hasher);
        (hasher.finish() % self.active.load(Ordering::Relaxed).max(1) as u64) as usize
    }

    fn sender(&self, committer: usize, store: &Store) -> &mpsc::UnboundedSender<Chunk> {
        self.committers[committer].get_or_init(|| {
            let (sender, receiver) = mpsc::unbounded_channel();
            // The committer holds the store weakly: when the last handle goes, the channel
            // closes and the task ends.
            tokio::spawn(run(std::sync::Arc::downgrade(&store.inner), receiver));
            sender
        })
    }
}

/// One committer: take what waits, fairly by channel, write it in one transaction, answer.
async fn run(store: Weak<Inner>, mut receiver: mpsc::UnboundedReceiver<Chunk>) {
    let mut queue = FairQueue::default();
    loop {
        if queue.is_empty() {
            match receiver.recv().await {
                Some(chunk) => queue.push(chunk.channel_id, chunk.items.len(), chunk),
                None => return,
            }
        }
        while let Ok(chunk) = receiver.try_recv() {
            queue.push(chunk.channel_id, chunk.items.len(), chunk);
        }
        let group = queue.take(GROUP_LIMIT);
        let Some(inner) = store.upgrade() else { return };
        Store { inner }.commit_group(group).await;
    }
}

impl Store {
    async fn commit_group(&self, group: Vec<Chunk>) {
        let items: Vec<&Inbound> = group.iter().flat_map(|c| c.items.iter().map(|(_, item)| item)).collect();
        crate::metrics::ingest_group(items.len());
        match self.ingest_group(&items).await {
            Ok(outcomes) => {
                let mut outcomes = outcomes.into_iter();
                for chunk in group {
                    let answer = chunk.items.iter().map(|(index, _)| (*index, outcomes.next().expect("one per item")));
                    let _ = chunk.reply.send(Ok(answer.collect()));
                }
            }
            Err(err) => {
                tracing::debug!(error = %err, messages = items.len(), "group commit failed; each message alone");
                crate::metrics::ingest_group_failed();
                for chunk in group {
                    let outcomes = self.ingest_each_alone(chunk.items.iter().map(|(_, item)| item)).await;
                    let placed = outcomes.map(|o| chunk.items.iter().map(|(index, _)| *index).zip(o).collect());
                    let _ = chunk.reply.send(placed);
                }
            }
        }
    }

    /// Each message in a transaction of its own, in order; the first failure ends the list.
    async fn ingest_each_alone(&self, items: impl Iterator<Item = &Inbound>) -> StoreResult<Vec<IngestOutcome>> {
        let mut outcomes = Vec::new();
        for item in items {
            outcomes.push(self.ingest_alone(item).await?);
        }
        Ok(outcomes)
    }
}

/// Waiting work by key, taken key by key in turn so that no key starves the others.
pub(super) struct FairQueue<T> {
    turns: VecDeque<i64>,
    waiting: HashMap<i64, VecDeque<(usize, T)>>,
}

impl<T> Default for FairQueue<T> {
    fn default() -> Self {
        FairQueue { turns: VecDeque::new(), waiting: HashMap::new() }
    }
}

impl<T> FairQueue<T> {
    pub(super) fn is_empty(&self) -> bool {
        self.turns.is_empty()
    }

    /// Queue `item` of `size` units behind `key`'s earlier ones.
    pub(super) fn push(&mut self, key: i64, size: usize, item: T) {
        let list = self.waiting.entry(key).or_default();
        if list.is_empty() {
            self.turns.push_back(key);
        }
        list.push_back((size, item));
    }

    /// Items, one per key in turn, until `limit` units are reached (at least one item when any
    /// waits); a key's items come out in the order they were pushed.
    pub(super) fn take(&mut self, limit: usize) -> Vec<T> {
        let mut taken = Vec::new();
        let mut units = 0;
        while let Some(key) = self.turns.pop_front() {
            let list = self.waiting.get_mut(&key).expect("a key in turn has items");
            let (size, _) = list.front().expect("a key in turn has items");
            if !taken.is_empty() && units + size > limit {
                self.turns.push_front(key);
                break;
            }
            let (size, item) = list.pop_front().expect("checked above");
            units += size;
            taken.push(item);
            if list.is_empty() {
                self.waiting.remove(&key);
            } else {
                self.turns.push_back(key);
            }
        }
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_take_turns_and_each_keeps_its_order() {
        let mut queue = FairQueue::default();
        for n in 1..=4 {
            queue.push(1, 10, format!("a{n}"));
        }
        queue.push(2, 10, "b1".to_string());
        queue.push(3, 10, "c1".to_string());
        assert_eq!(queue.take(30), ["a1", "b1", "c1"]);
        assert_eq!(queue.take(30), ["a2", "a3", "a4"]);
        assert!(queue.is_empty());
    }

    #[test]
    fn a_flooding_key_waits_its_turn_behind_a_newcomer() {
        let mut queue = FairQueue::default();
        for n in 0..100 {
            queue.push(1, 100, n);
        }
        assert_eq!(queue.take(250), [0, 1]);
        queue.push(2, 1, 1000);
        // The newcomer is served in the very next group, not after key 1's backlog.
        assert_eq!(queue.take(250), [2, 1000, 3]);
    }

    #[test]
    fn an_item_larger_than_the_limit_still_goes_alone() {
        let mut queue = FairQueue::default();
        queue.push(1, 500, "big");
        queue.push(2, 1, "small");
        assert_eq!(queue.take(256), ["big"]);
        assert_eq!(queue.take(256), ["small"]);
        assert!(queue.take(256).is_empty());
    }
}
