//! Keyset paging of the API's lists (SPEC §2b): newest first, an opaque `cursor` (the id of the last row
//! of the previous page) and `limit` ≤ 200.

use cvm_api::{EventId, Page};

use crate::error::{ApiError, ApiResult};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// A page's length: `limit` checked, or the default.
pub fn limit(limit: Option<u32>) -> ApiResult<u32> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::validation(
            "limit",
            format!("the limit must be 1 to {MAX_LIMIT}"),
        ));
    }
    Ok(limit)
}

/// Where a page starts and how long it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyset {
    /// Rows older than this id; `None` for the newest page.
    pub before: Option<EventId>,
    pub limit: u32,
}

impl Keyset {
    pub fn parse(cursor: Option<&str>, limit: Option<u32>) -> ApiResult<Self> {
        let limit = self::limit(limit)?;
        let before = cursor
            .map(|c| {
                c.parse::<EventId>()
                    .map_err(|_| ApiError::validation("cursor", "not a cursor of this list"))
            })
            .transpose()?;
        Ok(Self { before, limit })
    }

    /// How many rows to fetch: one more than the page, to learn whether another page follows.
    pub fn fetch(&self) -> i64 {
        i64::from(self.limit) + 1
    }

    /// The page of `rows` (fetched with [`Keyset::fetch`], newest first).
    pub fn page<T>(&self, mut rows: Vec<T>, id: impl Fn(&T) -> EventId) -> Page<T> {
        let more = rows.len() > self.limit as usize;
        rows.truncate(self.limit as usize);
        let next_cursor = if more {
            rows.last().map(|r| id(r).to_string())
        } else {
            None
        };
        Page {
            items: rows,
            next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_cursors_are_checked() {
        assert_eq!(
            Keyset::parse(None, None).unwrap(),
            Keyset {
                before: None,
                limit: 50
            }
        );
        assert_eq!(
            Keyset::parse(Some("7"), Some(200)).unwrap().before,
            Some(EventId(7))
        );
        assert!(Keyset::parse(None, Some(0)).is_err());
        assert!(Keyset::parse(None, Some(201)).is_err());
        assert!(Keyset::parse(Some("x"), None).is_err());
    }

    #[test]
    fn a_full_fetch_has_a_next_cursor() {
        let k = Keyset {
            before: None,
            limit: 2,
        };
        let p = k.page(vec![9, 8, 7], |n| EventId(*n));
        assert_eq!((p.items, p.next_cursor.as_deref()), (vec![9, 8], Some("8")));
        let p = k.page(vec![9, 8], |n| EventId(*n));
        assert_eq!(p.next_cursor, None);
    }
}
