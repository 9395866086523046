//! The live event stream, `GET /api/v1/events` (server-sent events), read over a streaming fetch with
//! the bearer header on every platform: reqwest's byte stream natively, `fetch` + `ReadableStream` (through
//! reqwest's wasm backend) in the browser. A token never goes into a URL, so no `EventSource`.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use cvm_api::{paths, EventId, EventKind, Failure, LiveEvent};
use futures::{Stream, StreamExt};
use reqwest::header;

use crate::sse::{SseMessage, SseParser};
use crate::transport::{body_of, error_chain, error_of, excerpt, Call};
use crate::Client;

#[cfg(not(target_arch = "wasm32"))]
type Body = Pin<Box<dyn Stream<Item = Result<Vec<u8>, String>> + Send>>;
#[cfg(target_arch = "wasm32")]
type Body = Pin<Box<dyn Stream<Item = Result<Vec<u8>, String>>>>;

impl Client {
    /// Opens the live event stream; with `last`, the gateway resumes after that event
    /// (`Last-Event-ID`). Returns once the gateway has accepted the stream; an expired or invalid
    /// access token is refreshed once first, as for every authenticated call.
    ///
    /// One connection: the stream ends when the gateway closes it or the network fails, and the
    /// caller reconnects (with back-off, and the id of the last event it got).
    pub async fn events(&self, last: Option<EventId>) -> Result<EventStream, Failure> {
        let call = Call::event_stream(paths::EVENTS)
            .header("last-event-id", last.map(|id| id.to_string()));
        let resp = self.send_authed(&call).await?;
        let status = resp.status();
        if !status.is_success() {
            let body = body_of(resp).await?;
            return Err(error_of(status, &body));
        }
        let content_type = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        if !content_type.starts_with("text/event-stream") {
            let body = body_of(resp).await?;
            return Err(Failure::Decode(format!(
                "HTTP {status}: expected text/event-stream, got {content_type:?}: {}",
                excerpt(&body)
            )));
        }
        let body = resp
            .bytes_stream()
            .map(|chunk| chunk.map(|b| b.to_vec()).map_err(|e| error_chain(&e)));
        Ok(EventStream::new(Box::pin(body)))
    }
}

/// The events of one open stream, oldest first. Items are `Ok(event)`, or `Err` for an event the
/// gateway sent but this build cannot read (`Failure::Decode`; the stream goes on) and for a broken
/// connection (`Failure::Unreachable`; the stream ends after it). Heartbeats and messages of event
/// types this build does not know are skipped.
pub struct EventStream {
    body: Body,
    parser: SseParser,
    pending: VecDeque<Result<LiveEvent, Failure>>,
    done: bool,
    activity: u64,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("pending", &self.pending.len())
            .field("done", &self.done)
            .field("activity", &self.activity)
            .finish()
    }
}

impl EventStream {
    fn new(body: Body) -> Self {
        Self {
            body,
            parser: SseParser::default(),
            pending: VecDeque::new(),
            done: false,
            activity: 0,
        }
    }

    /// A counter that moves whenever anything arrives, heartbeats included: a reader that sees it
    /// stand still for several heartbeat periods knows the connection is dead although no error came.
    pub fn activity(&self) -> u64 {
        self.activity
    }
}

impl Stream for EventStream {
    type Item = Result<LiveEvent, Failure>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.pending.pop_front() {
                return Poll::Ready(Some(item));
            }
            if this.done {
                return Poll::Ready(None);
            }
            match this.body.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    this.activity += 1;
                    let messages = this.parser.feed(&chunk);
                    this.pending
                        .extend(messages.into_iter().filter_map(read_event));
                }
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(Failure::Unreachable(format!(
                        "the event stream broke: {e}"
                    )))));
                }
                Poll::Ready(None) => this.done = true,
            }
        }
    }
}

/// The event a message carries; `None` for a message this build does not know (a newer gateway's).
fn read_event(m: SseMessage) -> Option<Result<LiveEvent, Failure>> {
    match serde_json::from_str::<LiveEvent>(&m.data) {
        Ok(e) => Some(Ok(e)),
        Err(_) if !is_event_name(&m.event) => None,
        Err(e) => Some(Err(Failure::Decode(format!(
            "event {:?} (id {:?}): {e}; data: {}",
            m.event,
            m.id,
            excerpt(m.data.as_bytes())
        )))),
    }
}

/// Whether an SSE `event:` name is one that carries a [`LiveEvent`].
fn is_event_name(name: &str) -> bool {
    name == "message"
        || name == EventKind::Other.as_str()
        || EventKind::parse(name) != EventKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvm_api::EventLevel;
    use futures::executor::block_on;

    fn event(id: i64) -> LiveEvent {
        LiveEvent {
            device: Some("Gate".into()),
            ..LiveEvent::new(
                EventId(id),
                "2026-01-01 08:00:00",
                EventKind::Alarm,
                EventLevel::Alarm,
                "door opened forcibly",
            )
        }
    }

    fn stream_of(chunks: Vec<Result<Vec<u8>, String>>) -> EventStream {
        EventStream::new(Box::pin(futures::stream::iter(chunks)))
    }

    fn sse(e: &LiveEvent) -> String {
        format!(
            "id: {}\nevent: {}\ndata: {}\n\n",
            e.id,
            e.kind.as_str(),
            serde_json::to_string(e).unwrap()
        )
    }

    #[test]
    fn events_come_out_in_order_and_the_rest_is_skipped() {
        let text = format!(
            ": ping\n\n{}event: parking\ndata: {{\"spot\":3}}\n\n{}",
            sse(&event(1)),
            sse(&event(2))
        );
        // Cut the text in three anywhere: the parser joins the pieces.
        let bytes = text.into_bytes();
        let chunks = vec![
            Ok(bytes[..10].to_vec()),
            Ok(bytes[10..77].to_vec()),
            Ok(bytes[77..].to_vec()),
        ];
        let mut s = stream_of(chunks);
        let got: Vec<_> = block_on(async { (&mut s).collect::<Vec<_>>().await });
        assert_eq!(got, vec![Ok(event(1)), Ok(event(2))]);
        assert_eq!(s.activity(), 3);
    }

    #[test]
    fn an_unreadable_known_event_is_reported_and_the_stream_goes_on() {
        let text = format!("event: alarm\ndata: {{}}\n\n{}", sse(&event(3)));
        let got: Vec<_> = block_on(stream_of(vec![Ok(text.into_bytes())]).collect());
        assert!(matches!(got[0], Err(Failure::Decode(_))), "{got:?}");
        assert_eq!(got[1], Ok(event(3)));
    }

    #[test]
    fn a_broken_connection_ends_the_stream_with_its_reason() {
        let chunks = vec![Ok(sse(&event(1)).into_bytes()), Err("reset".to_string())];
        let got: Vec<_> = block_on(stream_of(chunks).collect());
        assert_eq!(got.len(), 2);
        assert!(matches!(&got[1], Err(Failure::Unreachable(m)) if m.contains("reset")));
    }
}
