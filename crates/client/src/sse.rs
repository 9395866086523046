//! An incremental parser of `text/event-stream` (the WHATWG server-sent events format): bytes in, in
//! whatever chunks the network delivers, messages out. Pure, so every framing rule is unit-tested.

/// Longest line kept; a longer one is dropped whole (a broken or hostile server must not fill memory).
const MAX_LINE: usize = 1 << 20;

/// One dispatched message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SseMessage {
    /// The `event:` name, `message` when the server gave none.
    pub event: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The last event id at the time of dispatch (an `id:` of this or an earlier message).
    pub id: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct SseParser {
    /// The bytes of the line being read (decoded only once complete: a chunk may split a character).
    line: Vec<u8>,
    /// The current line grew past [`MAX_LINE`]: skip it up to its end.
    overlong: bool,
    /// The last byte was CR: an LF right after it belongs to the same line break.
    after_cr: bool,
    /// The first line has been read (only it may start with a byte order mark).
    started: bool,
    event: String,
    data: String,
    last_id: Option<String>,
    retry: Option<u64>,
}

impl SseParser {
    /// Reads one chunk; returns the messages it completed.
    pub(crate) fn feed(&mut self, chunk: &[u8]) -> Vec<SseMessage> {
        let mut out = Vec::new();
        for &b in chunk {
            if std::mem::take(&mut self.after_cr) && b == b'\n' {
                continue;
            }
            match b {
                b'\r' => {
                    self.after_cr = true;
                    self.end_line(&mut out);
                }
                b'\n' => self.end_line(&mut out),
                _ if self.overlong => {}
                _ if self.line.len() >= MAX_LINE => {
                    self.overlong = true;
                    self.line.clear();
                }
                _ => self.line.push(b),
            }
        }
        out
    }

    /// The last event id seen (what a reconnect sends as `Last-Event-ID`).
    #[cfg(test)]
    pub(crate) fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// The reconnection delay the server asked for with `retry:`, in milliseconds.
    #[cfg(test)]
    pub(crate) fn retry(&self) -> Option<u64> {
        self.retry
    }

    fn end_line(&mut self, out: &mut Vec<SseMessage>) {
        let raw = std::mem::take(&mut self.line);
        if std::mem::take(&mut self.overlong) {
            return;
        }
        let text = String::from_utf8_lossy(&raw);
        let mut line: &str = &text;
        if !std::mem::replace(&mut self.started, true) {
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.starts_with(':') {
            // A comment: the server's heartbeat.
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = value.to_string(),
            // Past the limit further data lines are dropped, like an overlong line.
            "data" if self.data.len() + value.len() < MAX_LINE => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => {
                self.last_id = (!value.is_empty()).then(|| value.to_string());
            }
            "retry" if !value.is_empty() && value.bytes().all(|c| c.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut Vec<SseMessage>) {
        let event = std::mem::take(&mut self.event);
        let mut data = std::mem::take(&mut self.data);
        if data.is_empty() {
            return;
        }
        data.pop();
        out.push(SseMessage {
            event: if event.is_empty() {
                "message".into()
            } else {
                event
            },
            data,
            id: self.last_id.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(event: &str, data: &str, id: Option<&str>) -> SseMessage {
        SseMessage {
            event: event.into(),
            data: data.into(),
            id: id.map(String::from),
        }
    }

    fn parse(chunks: &[&[u8]]) -> Vec<SseMessage> {
        let mut p = SseParser::default();
        chunks.iter().flat_map(|c| p.feed(c)).collect()
    }

    const STREAM: &str = ": ping\n\nid: 7\nevent: alarm\ndata: {\"a\":1}\n\n\
                          : ping\nid: 8\nevent: door_state\ndata: x\ndata: y\n\nevent: lockdown\ndata:z\n\n";

    fn expected() -> Vec<SseMessage> {
        vec![
            msg("alarm", "{\"a\":1}", Some("7")),
            msg("door_state", "x\ny", Some("8")),
            msg("lockdown", "z", Some("8")),
        ]
    }

    #[test]
    fn lf_crlf_and_cr_line_breaks_read_the_same() {
        assert_eq!(parse(&[STREAM.as_bytes()]), expected());
        let crlf = STREAM.replace('\n', "\r\n");
        assert_eq!(parse(&[crlf.as_bytes()]), expected());
        let cr = STREAM.replace('\n', "\r");
        assert_eq!(parse(&[cr.as_bytes()]), expected());
    }

    #[test]
    fn a_chunk_may_end_at_any_byte() {
        for stream in [STREAM.to_string(), STREAM.replace('\n', "\r\n")] {
            let bytes = stream.as_bytes();
            for at in 0..=bytes.len() {
                let (a, b) = bytes.split_at(at);
                assert_eq!(parse(&[a, b]), expected(), "split at {at} of {stream:?}");
            }
            let single: Vec<&[u8]> = bytes.chunks(1).collect();
            assert_eq!(parse(&single), expected());
        }
    }

    #[test]
    fn a_character_split_between_chunks_is_kept_whole() {
        let text = "data: García ☃\n\n".as_bytes();
        for at in 0..text.len() {
            let (a, b) = text.split_at(at);
            assert_eq!(parse(&[a, b]), vec![msg("message", "García ☃", None)]);
        }
    }

    #[test]
    fn data_lines_join_with_newlines_and_may_be_empty() {
        assert_eq!(
            parse(&[b"data: a\ndata:\ndata:  b\ndata\n\n"]),
            vec![msg("message", "a\n\n b\n", None)]
        );
        // Only one space after the colon is dropped; a field without a colon has an empty value.
        assert_eq!(parse(&[b"data\n\n"]), vec![msg("message", "", None)]);
    }

    #[test]
    fn comments_and_heartbeats_dispatch_nothing() {
        assert_eq!(parse(&[b": ping\n\n: ping\n\n:\n\n"]), vec![]);
        assert_eq!(
            parse(&[b"data: a\n: a comment inside\ndata: b\n\n"]),
            vec![msg("message", "a\nb", None)]
        );
    }

    #[test]
    fn an_id_without_data_only_moves_the_last_id() {
        let mut p = SseParser::default();
        assert_eq!(p.feed(b"id: 41\n\n"), vec![]);
        assert_eq!(p.last_event_id(), Some("41"));
        assert_eq!(
            p.feed(b"data: x\n\n"),
            vec![msg("message", "x", Some("41"))]
        );
        // An id with NUL is ignored; an empty id clears it.
        p.feed(b"id: 4\x002\n\n");
        assert_eq!(p.last_event_id(), Some("41"));
        p.feed(b"id\n\n");
        assert_eq!(p.last_event_id(), None);
    }

    #[test]
    fn unknown_event_names_and_fields_pass_or_are_ignored() {
        assert_eq!(
            parse(&[b"event: parking\nfoo: bar\ndata: {}\n\n"]),
            vec![msg("parking", "{}", None)]
        );
        // The event name does not leak into the next message.
        assert_eq!(
            parse(&[b"event: a\ndata: 1\n\ndata: 2\n\nevent: b\n\ndata: 3\n\n"]),
            vec![
                msg("a", "1", None),
                msg("message", "2", None),
                msg("message", "3", None)
            ]
        );
    }

    #[test]
    fn an_unfinished_message_is_not_dispatched() {
        assert_eq!(parse(&[b"data: half"]), vec![]);
        assert_eq!(parse(&[b"data: half\n"]), vec![]);
    }

    #[test]
    fn a_byte_order_mark_and_retry_are_understood() {
        let mut p = SseParser::default();
        let out = p.feed("\u{feff}retry: 1500\ndata: x\n\n".as_bytes());
        assert_eq!(out, vec![msg("message", "x", None)]);
        assert_eq!(p.retry(), Some(1500));
        p.feed(b"retry: soon\n\n");
        assert_eq!(p.retry(), Some(1500));
    }

    #[test]
    fn an_endless_line_is_dropped_not_kept() {
        let mut p = SseParser::default();
        let junk = vec![b'x'; MAX_LINE + 10];
        assert_eq!(p.feed(b"data: "), vec![]);
        assert_eq!(p.feed(&junk), vec![]);
        assert!(p.line.capacity() <= MAX_LINE + 1);
        assert_eq!(p.feed(b"\ndata: ok\n\n"), vec![msg("message", "ok", None)]);
    }
}
