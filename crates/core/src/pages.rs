//! A list loaded page by page (keyset cursors, newest first) that the live feed refreshes: the first
//! page loaded again is merged with what is already on screen, so older pages stay and nothing is
//! listed twice or skipped; a new query starts over.

use std::collections::BTreeSet;

use cvm_api::{Alarm, EventId, Failure, LiveEvent, Page};

use crate::failure::FailureText;
use crate::message::Message;

/// Items with a unique key that orders them: newer items have larger keys.
pub trait Keyed {
    type Key: Ord + Clone;
    fn key(&self) -> Self::Key;
}

impl Keyed for Alarm {
    type Key = EventId;
    fn key(&self) -> EventId {
        self.id
    }
}

impl Keyed for LiveEvent {
    type Key = EventId;
    fn key(&self) -> EventId {
        self.id
    }
}

impl Keyed for cvm_api::Invitation {
    type Key = EventId;
    fn key(&self) -> EventId {
        EventId(self.id)
    }
}

/// Access records are ordered by time; records of one second have no order between them, so their id
/// only makes the key unique.
impl Keyed for cvm_api::AccessRecord {
    type Key = (String, String);
    fn key(&self) -> (String, String) {
        (self.at.clone(), self.id.clone())
    }
}

/// Where loading the next page is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum More {
    #[default]
    Idle,
    Loading,
    Failed(Message),
}

/// The pages of one query loaded so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Pages<Q, T> {
    query: Option<Q>,
    items: Vec<T>,
    next: Option<String>,
    more: More,
}

impl<Q, T> Default for Pages<Q, T> {
    fn default() -> Self {
        Self {
            query: None,
            items: Vec::new(),
            next: None,
            more: More::Idle,
        }
    }
}

impl<Q: PartialEq + Clone, T: Keyed> Pages<Q, T> {
    /// Whether what is held answers `query` (else the page shows it loading).
    pub fn is_for(&self, query: &Q) -> bool {
        self.query.as_ref() == Some(query)
    }

    /// The query whose pages are held.
    pub fn query(&self) -> Option<&Q> {
        self.query.as_ref()
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn more(&self) -> &More {
        &self.more
    }

    /// The cursor of the next page, when there is one and it is not already loading.
    pub fn next_cursor(&self) -> Option<&str> {
        match self.more {
            More::Loading => None,
            _ => self.next.as_deref(),
        }
    }

    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }

    /// The first page of `query` arrived. For another query it replaces the list; for the same one
    /// (a refresh after a live event) it goes on top of the older items already loaded.
    pub fn first_page(&mut self, query: &Q, page: Page<T>) {
        if !self.is_for(query) {
            *self = Self {
                query: Some(query.clone()),
                items: page.items,
                next: page.next_cursor,
                more: More::Idle,
            };
            return;
        }
        let new: BTreeSet<T::Key> = page.items.iter().map(Keyed::key).collect();
        // A first page without a next cursor is the whole list.
        let keep: Vec<T> = match (new.first(), &page.next_cursor) {
            (Some(oldest), Some(_)) => self
                .items
                .drain(..)
                .filter(|i| {
                    let k = i.key();
                    k <= *oldest && !new.contains(&k)
                })
                .collect(),
            _ => Vec::new(),
        };
        self.next = if keep.is_empty() {
            page.next_cursor
        } else {
            self.next.take()
        };
        self.items = page.items;
        self.items.extend(keep);
    }

    pub fn more_started(&mut self) {
        self.more = More::Loading;
    }

    /// The next page of `query` arrived (ignored when the query changed meanwhile).
    pub fn more_loaded(&mut self, query: &Q, result: Result<Page<T>, Failure>) {
        if !self.is_for(query) {
            return;
        }
        match result {
            Ok(page) => {
                let shown: BTreeSet<T::Key> = self.items.iter().map(Keyed::key).collect();
                self.items
                    .extend(page.items.into_iter().filter(|i| !shown.contains(&i.key())));
                self.next = page.next_cursor;
                self.more = More::Idle;
            }
            Err(f) => self.more = More::Failed(f.message("")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Item(i64);

    impl Keyed for Item {
        type Key = EventId;
        fn key(&self) -> EventId {
            EventId(self.0)
        }
    }

    fn page(ids: &[i64], next: Option<&str>) -> Page<Item> {
        Page {
            items: ids.iter().map(|&i| Item(i)).collect(),
            next_cursor: next.map(String::from),
        }
    }

    fn ids(p: &Pages<&str, Item>) -> Vec<i64> {
        p.items().iter().map(|i| i.0).collect()
    }

    #[test]
    fn pages_append_and_a_new_query_starts_over() {
        let mut p = Pages::default();
        assert!(!p.is_for(&"a"));
        p.first_page(&"a", page(&[9, 8, 7], Some("7")));
        assert!(p.is_for(&"a"));
        assert_eq!(p.next_cursor(), Some("7"));
        p.more_started();
        assert_eq!(p.next_cursor(), None, "no second request while one runs");
        p.more_loaded(&"a", Ok(page(&[6, 5], None)));
        assert_eq!(ids(&p), [9, 8, 7, 6, 5]);
        assert!(!p.has_more());
        p.first_page(&"b", page(&[4], None));
        assert_eq!(ids(&p), [4]);
        // A late page of the old query is dropped.
        p.more_loaded(&"a", Ok(page(&[3], None)));
        assert_eq!(ids(&p), [4]);
    }

    #[test]
    fn a_refresh_puts_new_items_on_top_and_keeps_older_pages() {
        let mut p = Pages::default();
        p.first_page(&"a", page(&[9, 8, 7], Some("7")));
        p.more_loaded(&"a", Ok(page(&[6, 5, 4], Some("4"))));
        // Two new alarms: the first page now ends at 8; 7 was on it before and stays.
        p.first_page(&"a", page(&[11, 10, 9], Some("9")));
        assert_eq!(ids(&p), [11, 10, 9, 8, 7, 6, 5, 4]);
        assert_eq!(p.next_cursor(), Some("4"), "the next page is still after 4");
        // A refreshed first page holding everything replaces the list.
        p.first_page(&"a", page(&[12, 11], None));
        assert_eq!(ids(&p), [12, 11]);
        assert!(!p.has_more());
    }

    #[test]
    fn a_refresh_before_any_more_keeps_the_first_pages_cursor() {
        let mut p = Pages::default();
        p.first_page(&"a", page(&[3, 2], Some("2")));
        p.first_page(&"a", page(&[4, 3], Some("3")));
        assert_eq!(ids(&p), [4, 3, 2]);
        assert_eq!(p.next_cursor(), Some("2"));
        p.more_loaded(&"a", Ok(page(&[2, 1], None)));
        assert_eq!(ids(&p), [4, 3, 2, 1], "nothing twice");
    }

    #[test]
    fn a_failed_next_page_says_why_and_can_be_tried_again() {
        let mut p = Pages::default();
        p.first_page(&"a", page(&[3, 2], Some("2")));
        p.more_started();
        p.more_loaded(&"a", Err(Failure::Unreachable("x".into())));
        assert!(matches!(p.more(), More::Failed(_)));
        assert_eq!(p.next_cursor(), Some("2"));
        assert_eq!(ids(&p), [3, 2]);
    }
}
