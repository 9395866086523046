//! The site's persons by name and ID, for searches (access records by person, hosts of a visit): the
//! whole person list read once from CVSecurity and kept, refreshed in the background when it is older
//! than [`FRESH_FOR`], so no keystroke reads the person list.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::upstream::{UpResult, Upstream};

/// How long a read of the person list is used before it is read again (in the background).
pub const FRESH_FOR: Duration = Duration::from_secs(300);

/// One person as searches see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub pin: String,
    pub name: String,
    pub department: Option<String>,
    /// Lower-case name and ID, for matching (made once, not per search).
    key: String,
    pin_key: String,
}

impl Person {
    pub fn new(pin: String, name: String, department: Option<String>) -> Self {
        let key = name.to_lowercase();
        let pin_key = pin.to_lowercase();
        Self {
            pin,
            name,
            department,
            key,
            pin_key,
        }
    }

    /// Whether `q` (lower case, trimmed) is in the name or starts the ID.
    pub fn matches(&self, q: &str) -> bool {
        !q.is_empty() && (self.key.contains(q) || self.pin_key.starts_with(q))
    }
}

/// The persons as read, and where each ID is.
#[derive(Debug, Default)]
pub struct People {
    pub list: Vec<Person>,
    by_pin: HashMap<String, usize>,
}

impl People {
    pub fn new(list: Vec<Person>) -> Self {
        let by_pin = list
            .iter()
            .enumerate()
            .map(|(i, p)| (p.pin.clone(), i))
            .collect();
        Self { list, by_pin }
    }

    /// The name of the person with this ID.
    pub fn name_of(&self, pin: &str) -> Option<&str> {
        self.by_pin.get(pin).map(|&i| self.list[i].name.as_str())
    }
}

#[derive(Default)]
pub struct Directory {
    cached: tokio::sync::Mutex<Option<(Instant, Arc<People>)>>,
    refreshing: AtomicBool,
}

impl Directory {
    /// Every person: the kept list (starting a refresh when it is old), or read now the first time.
    pub async fn people(self: &Arc<Self>, upstream: &Upstream) -> UpResult<Arc<People>> {
        let mut cached = self.cached.lock().await;
        if let Some((at, people)) = &*cached {
            if at.elapsed() >= FRESH_FOR && !self.refreshing.swap(true, Ordering::SeqCst) {
                let (me, upstream) = (self.clone(), upstream.clone());
                tokio::spawn(async move {
                    match read(&upstream).await {
                        Ok(people) => *me.cached.lock().await = Some((Instant::now(), people)),
                        Err(e) => tracing::warn!(error = %e, "could not refresh the person list"),
                    }
                    me.refreshing.store(false, Ordering::SeqCst);
                });
            }
            return Ok(people.clone());
        }
        let people = read(upstream).await?;
        *cached = Some((Instant::now(), people.clone()));
        Ok(people)
    }
}

async fn read(upstream: &Upstream) -> UpResult<Arc<People>> {
    let started = Instant::now();
    let people: Vec<Person> = upstream
        .persons()
        .await?
        .into_iter()
        .map(|p| {
            let name = p.full_name();
            Person::new(p.pin, name, p.dept_name)
        })
        .collect();
    tracing::debug!(
        persons = people.len(),
        ms = started.elapsed().as_millis() as u64,
        "read the person list"
    );
    Ok(Arc::new(People::new(people)))
}

/// The persons matching `q` (name or start of the ID, any case), at most `max`, exact IDs first.
pub fn search<'a>(people: &'a [Person], q: &str, max: usize) -> Vec<&'a Person> {
    let q = q.trim().to_lowercase();
    let mut found: Vec<&Person> = people.iter().filter(|p| p.matches(&q)).collect();
    found.sort_by(|a, b| (a.pin_key != q, &a.key).cmp(&(b.pin_key != q, &b.key)));
    found.truncate(max);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_anywhere_ids_from_the_start_exact_first() {
        let people = vec![
            Person::new("1001".into(), "Alice Walker".into(), None),
            Person::new("2100".into(), "Bob Stone".into(), None),
            Person::new("10".into(), "Carla Alvarez".into(), None),
        ];
        let pins = |q: &str| {
            search(&people, q, 10)
                .iter()
                .map(|p| p.pin.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(pins("walk"), ["1001"]);
        assert_eq!(pins("al"), ["1001", "10"]);
        assert_eq!(pins("10"), ["10", "1001"]);
        assert_eq!(pins("100"), ["1001"]);
        assert!(pins("  ").is_empty());
        assert_eq!(search(&people, "a", 2).len(), 2);
    }
}
