//! Access Records: the site's whole history, read from CVSecurity a time window at a time.
//!
//! CVSecurity's lists page by number, and a deep page number costs the upstream a deep scan (and shifts
//! as records arrive). cvlink never asks for one: every upstream call is the *first* page of a time
//! window that ends where the previous page stopped. The [`Cursor`] says where that is: the second of
//! the last record handed out and the ids handed out (or passed over) within that second, since the
//! upstream's time filter has a resolution of one second. So a page costs the same at any depth, and
//! paging while new records arrive never repeats or skips a record: new ones are newer than the cursor
//! (they reach the app live instead), and a second is left only once all its records have been read.
//!
//! A search or filter reads from the narrowest sources that hold every match (a device, a person; the
//! whole site when there is nothing narrower) and keeps the records that match. Several sources are read
//! side by side and merged, never past the oldest record that a source with more to give has returned.

use std::collections::HashSet;
use std::future::Future;

use base64::Engine;
use chrono::NaiveDateTime;
use cvm_api::{AccessRecord, EventLevel, Page};

use crate::error::{ApiError, ApiResult};
use crate::upstream::{RecordSource, UpResult, UpTransaction};

const TIME: &str = "%Y-%m-%d %H:%M:%S";
/// Upstream calls (per source) one request may make while a search finds few matches; then the page is
/// returned short, with a cursor.
const MAX_ROUNDS: usize = 6;
/// Rows asked for per call while filtering: enough to find matches among many others.
const SCAN_SIZE: u32 = 500;
/// The upstream's page size limit.
const MAX_SIZE: u32 = 1000;

/// Where the previous page stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The second of the last record handed out (`yyyy-MM-dd HH:mm:ss`).
    pub at: String,
    /// The ids of that second already handed out or passed over.
    pub seen: Vec<String>,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let text = format!("{}\n{}", self.at, self.seen.join("\n"));
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
    }

    pub fn decode(raw: &str) -> ApiResult<Self> {
        let bad = || ApiError::validation("cursor", "not a cursor of this list");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(raw.trim())
            .map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let mut lines = text.split('\n');
        let at = lines.next().ok_or_else(bad)?;
        let at = NaiveDateTime::parse_from_str(at, TIME)
            .map_err(|_| bad())?
            .format(TIME)
            .to_string();
        let seen: Vec<String> = lines.filter(|l| !l.is_empty()).map(str::to_owned).collect();
        if seen.len() > MAX_SIZE as usize {
            return Err(bad());
        }
        Ok(Self { at, seen })
    }

    /// One record handed out or passed over.
    fn consume(&mut self, at: &str, id: &str) {
        if self.at != at {
            self.at = at.to_string();
            self.seen.clear();
        }
        self.seen.push(id.to_string());
    }
}

/// What a record must match to be listed (beyond its source).
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// Lower-case search text: in the person's name, the door, the device's name or serial number, or
    /// the start of the person's ID.
    pub text: Option<String>,
    /// Persons whose current name matches the text (their records match even under an older name).
    pub pins: HashSet<String>,
    /// Only this door: (device serial number, door name).
    pub door: Option<(String, String)>,
}

impl Matcher {
    pub fn is_open(&self) -> bool {
        self.text.is_none() && self.door.is_none()
    }

    pub fn matches(&self, t: &UpTransaction) -> bool {
        if let Some((sn, name)) = &self.door {
            let at_door = t.dev_sn.as_deref() == Some(sn.as_str())
                && door_of(t).is_some_and(|d| d.trim() == name.trim());
            if !at_door {
                return false;
            }
        }
        let Some(text) = &self.text else {
            return true;
        };
        if t.pin.as_deref().is_some_and(|p| self.pins.contains(p)) {
            return true;
        }
        if t.pin
            .as_deref()
            .is_some_and(|p| p.to_lowercase().starts_with(text.as_str()))
        {
            return true;
        }
        let person = t.person_name();
        let found = [
            person.as_deref(),
            door_of(t),
            t.dev_name.as_deref(),
            t.dev_sn.as_deref(),
        ]
        .into_iter()
        .flatten()
        .any(|field| field.to_lowercase().contains(text.as_str()));
        found
    }
}

/// The door a record happened at.
fn door_of(t: &UpTransaction) -> Option<&str> {
    t.event_point_name.as_deref().or(t.door_name.as_deref())
}

/// The time window of a request: `from` and `to` bounds, `yyyy-MM-dd HH:mm:ss`.
#[derive(Debug, Clone, Default)]
pub struct Window {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A record as the API gives it.
pub fn record(t: &UpTransaction, with_details: bool) -> AccessRecord {
    AccessRecord {
        id: record_id(t),
        at: t.event_time.trim().to_string(),
        name: t.event_name.trim().to_string(),
        level: t
            .event_level
            .filter(|_| with_details)
            .map(EventLevel::from_upstream),
        pin: t.pin.clone(),
        person: t.person_name(),
        department: t.dept_name.clone(),
        card: t.card_no.clone(),
        door: door_of(t).map(str::to_owned),
        reader: t.reader_name.clone(),
        device: t.dev_name.clone(),
        device_sn: t.dev_sn.clone(),
        area: t.area_name.clone(),
        verify: t.verify_mode_name.clone(),
        event_no: t.event_no.filter(|_| with_details),
        photo: t
            .photo
            .as_deref()
            .filter(|_| with_details)
            .map(crate::alarms::data_url),
    }
}

/// The record's id, or for a record without one (not seen from CVSecurity's lists) its content key.
fn record_id(t: &UpTransaction) -> String {
    t.id.clone().unwrap_or_else(|| t.dedup_key())
}

/// The record's time in the fixed-width form (compared as text), or `None` when unreadable.
fn time_of(t: &UpTransaction) -> Option<String> {
    let raw = t.event_time.trim();
    NaiveDateTime::parse_from_str(raw, TIME)
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%-m-%-d %-H:%-M:%-S"))
        .ok()
        .map(|t| t.format(TIME).to_string())
}

/// One source's answer in a round.
struct Batch {
    rows: Vec<(String, UpTransaction)>,
    /// The source returned all it was asked for: it may have more, older.
    full: bool,
    /// The time of the oldest row it returned (before any was set aside as already seen).
    oldest: Option<String>,
}

/// One page of records: read from `sources` (side by side, merged newest first) through `fetch(source,
/// from, to, size)`, keeping those `matcher` matches, after `cursor`.
pub async fn page<F, Fut>(
    fetch: F,
    sources: &[RecordSource],
    matcher: &Matcher,
    window: &Window,
    cursor: Option<Cursor>,
    limit: u32,
) -> ApiResult<Page<AccessRecord>>
where
    F: Fn(RecordSource, Option<String>, Option<String>, u32) -> Fut,
    Fut: Future<Output = UpResult<Vec<UpTransaction>>>,
{
    let limit = limit as usize;
    let mut cursor = cursor;
    let mut out: Vec<AccessRecord> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let end = match (&cursor, &window.to) {
            (Some(c), Some(to)) => Some(c.at.clone().min(to.clone())),
            (Some(c), None) => Some(c.at.clone()),
            (None, to) => to.clone(),
        };
        if let (Some(end), Some(from)) = (&end, &window.from) {
            if end < from {
                return Ok(Page {
                    items: out,
                    next_cursor: None,
                });
            }
        }
        let seen: HashSet<&str> = cursor
            .as_ref()
            .filter(|c| Some(&c.at) == end.as_ref())
            .map(|c| c.seen.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let wanted = if matcher.is_open() {
            (limit - out.len() + 1) as u32
        } else {
            SCAN_SIZE
        };
        let size = (wanted + seen.len() as u32).min(MAX_SIZE);
        let answers = futures::future::join_all(
            sources
                .iter()
                .map(|s| fetch(s.clone(), window.from.clone(), end.clone(), size)),
        )
        .await;
        let mut batches = Vec::with_capacity(answers.len());
        for answer in answers {
            let rows = answer?;
            let full = rows.len() >= size as usize;
            let oldest = rows.last().and_then(time_of);
            let rows = rows
                .into_iter()
                .filter_map(|t| {
                    let at = time_of(&t)?;
                    let newer = end.as_ref().is_some_and(|e| &at > e);
                    let passed = end.as_ref() == Some(&at) && seen.contains(record_id(&t).as_str());
                    (!newer && !passed).then_some((at, t))
                })
                .collect();
            batches.push(Batch { rows, full, oldest });
        }
        // Rows older than the oldest row of a source that has more could still be preceded by that
        // source's next rows: stop there (its second included: the rest of it comes from `seen`).
        let horizon = batches
            .iter()
            .filter(|b| b.full)
            .filter_map(|b| b.oldest.clone())
            .max();
        let more_upstream = batches.iter().any(|b| b.full);
        let mut merged: Vec<(String, UpTransaction)> =
            batches.into_iter().flat_map(|b| b.rows).collect();
        merged.sort_by(|a, b| b.0.cmp(&a.0));
        let mut taken: HashSet<String> = HashSet::new();
        let mut progressed = false;
        let mut page_full = false;
        for (at, t) in merged {
            if horizon.as_ref().is_some_and(|h| &at < h) {
                break;
            }
            let id = record_id(&t);
            if !taken.insert(id.clone()) {
                continue;
            }
            let matched = matcher.matches(&t);
            if matched && out.len() == limit {
                page_full = true;
                break;
            }
            cursor
                .get_or_insert_with(|| Cursor {
                    at: at.clone(),
                    seen: Vec::new(),
                })
                .consume(&at, &id);
            progressed = true;
            if matched {
                out.push(record(&t, false));
            }
        }
        if page_full {
            return Ok(next(out, cursor));
        }
        if !more_upstream {
            return Ok(Page {
                items: out,
                next_cursor: None,
            });
        }
        if !progressed {
            // More records in one second than one upstream page holds: the rest of that second cannot
            // be reached by time; go on from the second before rather than loop.
            let c = cursor.get_or_insert_with(|| Cursor {
                at: end.clone().unwrap_or_default(),
                seen: Vec::new(),
            });
            tracing::warn!(second = %c.at, "more access records in one second than an upstream page holds; the rest of that second is skipped");
            let earlier = NaiveDateTime::parse_from_str(&c.at, TIME)
                .map(|t| (t - chrono::Duration::seconds(1)).format(TIME).to_string())
                .map_err(|_| ApiError::Internal(anyhow::anyhow!("cursor time {}", c.at)))?;
            *c = Cursor {
                at: earlier,
                seen: Vec::new(),
            };
        }
        if out.len() == limit {
            return Ok(next(out, cursor));
        }
    }
    // A search that found few matches in this many rows: hand out what it has, with the way on.
    Ok(next(out, cursor))
}

fn next(items: Vec<AccessRecord>, cursor: Option<Cursor>) -> Page<AccessRecord> {
    Page {
        items,
        next_cursor: cursor.map(|c| c.encode()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// One upstream call: the source, the window's end and the size asked for.
    type Call = (RecordSource, Option<String>, u32);

    /// An upstream holding `rows` (newest first, ties in insertion order, as CVSecurity lists them).
    #[derive(Clone, Default)]
    struct Fake {
        rows: Arc<Mutex<Vec<UpTransaction>>>,
        calls: Arc<Mutex<Vec<Call>>>,
    }

    fn tx(id: usize, at: &str, pin: &str, door: &str, sn: &str) -> UpTransaction {
        UpTransaction {
            id: Some(format!("id{id:05}")),
            event_time: at.into(),
            pin: Some(pin.into()),
            name: Some(format!("Person {pin}")),
            event_name: "Normal Verify Open".into(),
            event_point_name: Some(door.into()),
            dev_sn: Some(sn.into()),
            dev_name: Some(format!("Device {sn}")),
            ..UpTransaction::default()
        }
    }

    impl Fake {
        /// Adds a record as the newest (its time must not be older than the newest's).
        fn add(&self, t: UpTransaction) {
            self.rows.lock().unwrap().insert(0, t);
        }

        async fn fetch(
            &self,
            source: RecordSource,
            from: Option<String>,
            to: Option<String>,
            size: u32,
        ) -> UpResult<Vec<UpTransaction>> {
            self.calls
                .lock()
                .unwrap()
                .push((source.clone(), to.clone(), size));
            let rows = self.rows.lock().unwrap();
            let mut all: Vec<&UpTransaction> = rows.iter().collect();
            all.sort_by(|a, b| b.event_time.cmp(&a.event_time));
            Ok(all
                .into_iter()
                .filter(|t| match &source {
                    RecordSource::All => true,
                    RecordSource::Device(sn) => t.dev_sn.as_deref() == Some(sn),
                    RecordSource::Person(pin) => t.pin.as_deref() == Some(pin),
                })
                .filter(|t| from.as_ref().is_none_or(|f| &t.event_time >= f))
                .filter(|t| to.as_ref().is_none_or(|e| &t.event_time <= e))
                .take(size as usize)
                .cloned()
                .collect())
        }
    }

    fn at(second: usize) -> String {
        let t = NaiveDateTime::parse_from_str("2026-12-01 00:00:00", TIME).unwrap()
            + chrono::Duration::seconds(second as i64);
        t.format(TIME).to_string()
    }

    /// Several records per second, some seconds empty.
    fn site(n: usize) -> Fake {
        let fake = Fake::default();
        let mut rows: Vec<UpTransaction> = (0..n)
            .map(|i| {
                tx(
                    i,
                    &at(i / 3 + (i / 7) * 2),
                    &format!("{}", 1000 + i % 13),
                    &format!("Door {}", i % 5),
                    &format!("SN{}", i % 5 / 2),
                )
            })
            .collect();
        rows.reverse();
        *fake.rows.lock().unwrap() = rows;
        fake
    }

    async fn all_pages(
        fake: &Fake,
        sources: &[RecordSource],
        matcher: &Matcher,
        window: &Window,
        limit: u32,
        mut between: impl FnMut(usize),
    ) -> Vec<String> {
        let mut ids = Vec::new();
        let mut cursor = None;
        for round in 0..10_000 {
            let f = fake.clone();
            let page = page(
                move |s, from, to, size| {
                    let f = f.clone();
                    async move { f.fetch(s, from, to, size).await }
                },
                sources,
                matcher,
                window,
                cursor,
                limit,
            )
            .await
            .unwrap();
            assert!(page.items.len() <= limit as usize);
            ids.extend(page.items.into_iter().map(|r| r.id));
            between(round);
            match page.next_cursor {
                Some(c) => cursor = Some(Cursor::decode(&c).unwrap()),
                None => return ids,
            }
        }
        panic!("no end");
    }

    #[tokio::test]
    async fn every_record_exactly_once_while_new_ones_arrive() {
        let fake = site(500);
        let expected: Vec<String> = fake
            .rows
            .lock()
            .unwrap()
            .iter()
            .map(|t| t.id.clone().unwrap())
            .collect();
        let adder = fake.clone();
        let mut next = 500;
        let ids = all_pages(
            &fake,
            &[RecordSource::All],
            &Matcher::default(),
            &Window::default(),
            50,
            |_| {
                // Two new records land between pages (newer than all listed: they reach the app live).
                for _ in 0..2 {
                    adder.add(tx(next, &at(next / 3 + 400), "1001", "Door 1", "SN0"));
                    next += 1;
                }
            },
        )
        .await;
        assert_eq!(ids, expected);
        // Every upstream call was a first page of a window, asking for at most a page and the seen ids.
        assert!(fake
            .calls
            .lock()
            .unwrap()
            .iter()
            .all(|(_, _, size)| *size <= 51 + 3));
    }

    #[tokio::test]
    async fn filters_return_exactly_the_matches_across_sources() {
        let fake = site(400);
        let rows = fake.rows.lock().unwrap().clone();
        // A door: read from its device only.
        let door = Matcher {
            door: Some(("SN1".into(), "Door 2".into())),
            ..Matcher::default()
        };
        let ids = all_pages(
            &fake,
            &[RecordSource::Device("SN1".into())],
            &door,
            &Window::default(),
            20,
            |_| {},
        )
        .await;
        let want: Vec<String> = rows
            .iter()
            .filter(|t| t.event_point_name.as_deref() == Some("Door 2"))
            .map(|t| t.id.clone().unwrap())
            .collect();
        assert_eq!(ids, want);
        assert!(!want.is_empty());
        // A person and a device together, merged newest first without doubles.
        let text = Matcher {
            text: Some("person 1003".into()),
            pins: ["1003".to_string()].into(),
            door: None,
        };
        let ids = all_pages(
            &fake,
            &[
                RecordSource::Person("1003".into()),
                RecordSource::Device("SN0".into()),
            ],
            &text,
            &Window::default(),
            7,
            |_| {},
        )
        .await;
        let want: Vec<String> = rows
            .iter()
            .filter(|t| t.pin.as_deref() == Some("1003"))
            .map(|t| t.id.clone().unwrap())
            .collect();
        assert_eq!(ids, want);
        // A time window.
        let window = Window {
            from: Some(at(20)),
            to: Some(at(40)),
        };
        let ids = all_pages(
            &fake,
            &[RecordSource::All],
            &Matcher::default(),
            &window,
            9,
            |_| {},
        )
        .await;
        let want: Vec<String> = rows
            .iter()
            .filter(|t| t.event_time >= at(20) && t.event_time <= at(40))
            .map(|t| t.id.clone().unwrap())
            .collect();
        assert_eq!(ids, want);
        assert!(want.len() > 9);
    }

    #[tokio::test]
    async fn a_search_scans_in_bounded_rounds() {
        let fake = site(5000);
        let rare = Matcher {
            text: Some("nobody".into()),
            ..Matcher::default()
        };
        let f = fake.clone();
        let first = page(
            move |s, from, to, size| {
                let f = f.clone();
                async move { f.fetch(s, from, to, size).await }
            },
            &[RecordSource::All],
            &rare,
            &Window::default(),
            None,
            50,
        )
        .await
        .unwrap();
        assert!(first.items.is_empty());
        assert!(
            first.next_cursor.is_some(),
            "a short page says there may be more"
        );
        assert_eq!(fake.calls.lock().unwrap().len(), MAX_ROUNDS);
    }

    #[tokio::test]
    async fn a_crowded_second_is_read_through_the_seen_ids() {
        let fake = Fake::default();
        let rows: Vec<UpTransaction> = (0..120)
            .rev()
            .map(|i| tx(i, &at(if i < 100 { 5 } else { 6 }), "1", "D", "S"))
            .collect();
        *fake.rows.lock().unwrap() = rows.clone();
        let ids = all_pages(
            &fake,
            &[RecordSource::All],
            &Matcher::default(),
            &Window::default(),
            30,
            |_| {},
        )
        .await;
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 120);
        assert_eq!(ids.len(), 120);
    }

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = Cursor {
            at: "2026-12-01 10:00:00".into(),
            seen: vec!["a".into(), "b".into()],
        };
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        for bad in ["", "!!", "eA", "MjAyNi0xMy0wMSAxMDowMDowMA"] {
            assert!(Cursor::decode(bad).is_err(), "{bad}");
        }
    }
}
