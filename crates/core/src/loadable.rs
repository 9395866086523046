//! Data a page shows while it loads: [`Loadable`] is what every service hook returns, and
//! [`Loadable::status`] is what the one shared loading / empty / error-with-retry view draws.

use cvm_api::{Dashboard, Failure, Page};

use crate::failure::FailureText;
use crate::message::Message;

/// Data on its way from the gateway.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Loadable<T> {
    #[default]
    Loading,
    Failed(Failure),
    Ready(T),
}

impl<T> From<Result<T, Failure>> for Loadable<T> {
    fn from(r: Result<T, Failure>) -> Self {
        match r {
            Ok(v) => Loadable::Ready(v),
            Err(f) => Loadable::Failed(f),
        }
    }
}

impl<T> Loadable<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Loadable::Ready(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Loadable::Loading)
    }

    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Loadable::Failed(f) => Some(f),
            _ => None,
        }
    }

    pub fn as_ref(&self) -> Loadable<&T> {
        match self {
            Loadable::Loading => Loadable::Loading,
            Loadable::Failed(f) => Loadable::Failed(f.clone()),
            Loadable::Ready(v) => Loadable::Ready(v),
        }
    }

    /// The same state with the data turned into what the page shows (e.g. rows from a list).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Loadable<U> {
        match self {
            Loadable::Loading => Loadable::Loading,
            Loadable::Failed(e) => Loadable::Failed(e),
            Loadable::Ready(v) => Loadable::Ready(f(v)),
        }
    }

    /// What the shared view shows for this state.
    pub fn status(&self) -> Status
    where
        T: Content,
    {
        match self {
            Loadable::Loading => Status::Loading,
            Loadable::Failed(f) => Status::Failed(f.message("")),
            Loadable::Ready(v) if v.is_empty() => Status::Empty,
            Loadable::Ready(_) => Status::Ready,
        }
    }
}

/// Whether loaded data has nothing to show: lists can be empty, a set of counts never is.
pub trait Content {
    fn is_empty(&self) -> bool {
        false
    }
}

impl<T> Content for Vec<T> {
    fn is_empty(&self) -> bool {
        <[T]>::is_empty(self)
    }
}

impl<T> Content for Page<T> {
    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<T: Content> Content for &T {
    fn is_empty(&self) -> bool {
        T::is_empty(self)
    }
}

impl Content for Dashboard {}
impl Content for cvm_api::Alarm {}
impl Content for cvm_api::AlarmSummary {}
impl Content for crate::dashboard::DashboardView {}
impl Content for cvm_api::LockdownState {}
impl Content for cvm_api::Invitation {}
impl Content for cvm_api::AccessRecord {}
impl Content for cvm_api::VisitSummary {}
impl Content for cvm_api::VisitStats {}

impl Content for cvm_api::VisitList {
    fn is_empty(&self) -> bool {
        self.visits.is_empty() && self.unavailable.is_none()
    }
}

/// What the shared data view draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Loading,
    /// With the message and a retry button.
    Failed(Message),
    /// Loaded, nothing to show: the page's "nothing here" text.
    Empty,
    /// Loaded: the page's own content.
    Ready,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::keys;
    use cvm_api::{ErrorCode, Problem};

    #[test]
    fn results_become_ready_or_failed() {
        assert_eq!(Loadable::from(Ok::<_, Failure>(3)), Loadable::Ready(3));
        let f = Failure::Unreachable("x".into());
        assert_eq!(
            Loadable::<u8>::from(Err(f.clone())),
            Loadable::Failed(f.clone())
        );
        assert_eq!(Loadable::<u8>::default(), Loadable::Loading);
        assert!(Loadable::<u8>::Loading.is_loading());
        assert_eq!(Loadable::<u8>::Failed(f.clone()).failure(), Some(&f));
        assert_eq!(Loadable::Ready(2).ready(), Some(&2));
    }

    #[test]
    fn map_keeps_the_state() {
        let l: Loadable<Vec<u8>> = Loadable::Ready(vec![1, 2, 3]);
        assert_eq!(l.clone().map(|v| v.len()), Loadable::Ready(3));
        assert_eq!(
            Loadable::<Vec<u8>>::Loading.map(|v| v.len()),
            Loadable::Loading
        );
        let f = Failure::Decode("x".into());
        assert_eq!(
            Loadable::<Vec<u8>>::Failed(f.clone()).map(|v| v.len()),
            Loadable::Failed(f)
        );
        assert_eq!(l.as_ref().map(|v| v[0]), Loadable::Ready(1));
    }

    #[test]
    fn status_tells_loading_failed_empty_and_ready_apart() {
        assert_eq!(Loadable::<Vec<u8>>::Loading.status(), Status::Loading);
        assert_eq!(Loadable::Ready(Vec::<u8>::new()).status(), Status::Empty);
        assert_eq!(Loadable::Ready(vec![1u8]).status(), Status::Ready);
        // Counts are never "empty", even when they are all zero.
        assert_eq!(
            Loadable::Ready(Dashboard::default()).status(),
            Status::Ready
        );
        let page = Page::<u8> {
            items: vec![],
            next_cursor: None,
        };
        assert_eq!(Loadable::Ready(page).status(), Status::Empty);
        match Loadable::<Vec<u8>>::Failed(Failure::api(Problem::new(ErrorCode::Forbidden, "no")))
            .status()
        {
            Status::Failed(m) => assert_eq!(m.text.key, keys::FORBIDDEN),
            other => panic!("{other:?}"),
        }
    }
}
