//! Mutation fuzzing of every parser that reads untrusted input: the org code (typed, pasted or scanned),
//! QR text, CVSecurity's JSON records and list envelopes, the event stream, the API's request bodies and
//! query strings, and the invitation form's times. Inputs are valid seeds mutated at random (bit flips,
//! interesting bytes, insertions, deletions, repeats, splices, tokens of each format), reproducible from
//! the RNG seed; every input runs under `catch_unwind`, and any panic is a failure with its input.

use std::panic::{catch_unwind, AssertUnwindSafe};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// One parser and the seeds its inputs grow from.
pub struct Target {
    pub name: &'static str,
    seeds: Vec<Vec<u8>>,
    tokens: &'static [&'static [u8]],
    run: fn(&[u8]),
}

const JSON_TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"\\u0000",
    b"\\ud800",
    b"9999999999999999999999",
    b"\"\"",
    b"{\"data\":",
    b"[[[[[[[[",
];
const URI_TOKENS: &[&[u8]] = &[
    b"&",
    b"=",
    b"%",
    b"%00",
    b"%zz",
    b"?",
    b"#",
    b"cvmobile://org?",
    b"fp=",
    b"u=",
    b"n=",
    b"v=1",
    b"https://",
    b"http://",
    b"\xff",
    b"\xe2\x80\xae",
];
const SSE_TOKENS: &[&[u8]] = &[
    b"\n",
    b"\r",
    b"\r\n",
    b"data:",
    b"id:",
    b"event:",
    b"retry:",
    b":",
    b" ",
    b"\xef\xbb\xbf",
    b"\x00",
];
const QUERY_TOKENS: &[&[u8]] = &[b"&", b"=", b"%", b"+", b"cursor=", b"limit=", b"%FF", b"q="];

fn no_input_panics_decoding<T: serde::de::DeserializeOwned>(bytes: &[u8]) {
    let _ = serde_json::from_slice::<T>(bytes);
}

fn upstream(bytes: &[u8]) {
    use cvlink::upstream::{UpDevice, UpDoorState, UpPerson, UpTransaction, UpVisit};
    no_input_panics_decoding::<UpTransaction>(bytes);
    no_input_panics_decoding::<UpPerson>(bytes);
    no_input_panics_decoding::<UpDevice>(bytes);
    no_input_panics_decoding::<UpDoorState>(bytes);
    no_input_panics_decoding::<UpVisit>(bytes);
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) {
        if let Ok((rows, _)) = cvlink::upstream::rows_of(v) {
            for r in rows {
                let _ = serde_json::from_value::<UpTransaction>(r.clone());
                if let Ok(t) = serde_json::from_value::<UpTransaction>(r) {
                    let _ = t.dedup_key();
                    let _ = t.person_name();
                }
            }
        }
    }
}

fn org_code(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(code) = cvm_api::OrgCode::parse(&text) {
        // A code that parses must print and parse back to itself.
        let again = cvm_api::OrgCode::parse(&code.to_uri()).expect("a printed org code parses");
        assert_eq!(again, code);
    }
    let _ = cvm_core::login::org_name(&text);
}

fn event_stream(bytes: &[u8]) {
    // The same bytes in one chunk and split at every third byte give the same messages.
    let whole = cvm_client::parse_event_stream(&[bytes]);
    let chunks: Vec<&[u8]> = bytes.chunks(3).collect();
    let split = cvm_client::parse_event_stream(&chunks);
    assert_eq!(whole, split, "chunking changed the messages");
    for (_, data, _) in whole {
        let _ = serde_json::from_str::<cvm_api::LiveEvent>(&data);
    }
}

fn bodies(bytes: &[u8]) {
    use cvlink::extract::parse_json;
    let _ = parse_json::<cvm_api::LoginRequest>(bytes);
    let _ = parse_json::<cvm_api::RefreshRequest>(bytes);
    let _ = parse_json::<cvm_api::UnlockRequest>(bytes);
    let _ = parse_json::<cvm_api::AckRequest>(bytes);
    let _ = parse_json::<cvm_api::LockdownGroupRequest>(bytes);
    let _ = parse_json::<cvm_api::PasswordChange>(bytes);
    let _ = parse_json::<cvm_api::ReinviteRequest>(bytes).map(|r| r.problems());
    if let Ok(r) = parse_json::<cvm_api::InvitationRequest>(bytes) {
        let _ = r.problems();
    }
}

fn queries(bytes: &[u8]) {
    use cvlink::extract::parse_query;
    let text = String::from_utf8_lossy(bytes);
    let _ = parse_query::<cvm_api::PageQuery>(&text);
    let _ = parse_query::<cvm_api::AlarmQuery>(&text);
    let _ = parse_query::<cvm_api::DeviceQuery>(&text);
    let _ = cvm_api::invitation::parse_time(&text);
}

/// Every target with its seeds.
pub fn targets() -> Vec<Target> {
    let s = |v: &[&str]| v.iter().map(|x| x.as_bytes().to_vec()).collect::<Vec<_>>();
    vec![
        Target {
            name: "org code / QR text",
            seeds: s(&[
                "cvmobile://org?v=1&n=Demo+Campus&u=https%3A%2F%2F127.0.0.1%3A8701&fp=b6a2233a0dfd557000393bb477dcfe58ecf88b25cb83bc987d97cd14fa3d4846",
                "cvmobile://org?v=1&n=A&u=https://10.0.0.5:8443&u=https://relay.example.org/site-a&fp=abababababababababababababababababababababababababababababababab",
                "2#AQAAAZPNB2cAAQQxMDAxk2Z1Y2tlZA==",
            ]),
            tokens: URI_TOKENS,
            run: org_code,
        },
        Target {
            name: "CVSecurity JSON records",
            seeds: s(&[
                r#"{"id":"8a8","eventTime":"2026-12-02 10:00:00","pin":"1001","name":"Alice","lastName":"Walker","areaName":"Main","cardNo":"123","devSn":"SN1","devName":"inBIO","verifyModeName":"Card","eventName":"Normal Verify Open","eventPointName":"Door 1","readerName":"Door 1-In","eventNo":0,"eventLevel":"0","doorName":"Door 1","capturePhotoBase64":""}"#,
                r#"{"page":0,"size":10,"total":2,"data":[{"pin":"1001","selfPwd":"e10adc3949ba59abbe56e057f20f883e","isDisabled":false},{"pin":2}],"offset":0,"lastPage":true}"#,
                r#"[{"id":"1","sn":"SN1","name":"inBIO","state":"1","connect":1,"authAreaName":"Main"}]"#,
                r#"{"id":"d1","connect":"1","sensor":"0","relay":"1","alarm":"0","name":"Door 1"}"#,
            ]),
            tokens: JSON_TOKENS,
            run: upstream,
        },
        Target {
            name: "event stream (SSE)",
            seeds: s(&[
                "id: 7\nevent: alarm\ndata: {\"id\":7,\"at\":\"2026-12-02 10:00:00\",\"kind\":\"alarm\",\"level\":\"alarm\",\"name\":\"door opened forcibly\"}\n\n: ping\n\n",
                "retry: 1000\r\ndata: a\r\ndata: b\r\n\r\nid\n\n",
            ]),
            tokens: SSE_TOKENS,
            run: event_stream,
        },
        Target {
            name: "request bodies",
            seeds: s(&[
                r#"{"role":"personnel","account":"1001","password":"Demo-2468"}"#,
                r#"{"first_name":"Grace","last_name":"Hopper","email":"grace@example.com","mobile":"+34 600","start":"2026-12-03 09:00","end":"2026-12-03T11:00:00","reason":"Meeting","visitors":2,"remarks":"","language":"es"}"#,
                r#"{"seconds":5,"reason":"courier"}"#,
                r#"{"name":"Main","doors":["1","2"]}"#,
                r#"{"current":"a","new":"b"}"#,
            ]),
            tokens: JSON_TOKENS,
            run: bodies,
        },
        Target {
            name: "query strings and times",
            seeds: s(&[
                "cursor=MTIz&limit=50",
                "date=2026-12-02&status=unconfirmed&level=alarm&resource=Door%201&q=forced%20%26%20open",
                "state=offline&area=Main+Hall",
                "2028-02-29 23:59",
            ]),
            tokens: QUERY_TOKENS,
            run: queries,
        },
    ]
}

/// One mutated input grown from the target's seeds.
pub fn mutate(rng: &mut StdRng, t: &Target) -> Vec<u8> {
    let mut v = t.seeds[rng.gen_range(0..t.seeds.len())].clone();
    for _ in 0..rng.gen_range(1..=8) {
        let len = v.len();
        match rng.gen_range(0..8) {
            0 if len > 0 => {
                let i = rng.gen_range(0..len);
                v[i] ^= 1 << rng.gen_range(0..8);
            }
            1 if len > 0 => {
                let i = rng.gen_range(0..len);
                v[i] = [0, 0x7f, 0x80, 0xff, b'"', b'\\', b'\n', b'%'][rng.gen_range(0..8)];
            }
            2 => {
                let i = rng.gen_range(0..=len);
                let n = rng.gen_range(1..16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.gen()).collect();
                v.splice(i..i, bytes);
            }
            3 if len > 0 => {
                let a = rng.gen_range(0..len);
                let b = (a + rng.gen_range(1..=32)).min(len);
                v.drain(a..b);
            }
            4 if len > 0 => {
                let a = rng.gen_range(0..len);
                let b = (a + rng.gen_range(1..=16)).min(len);
                let chunk = v[a..b].to_vec();
                for _ in 0..rng.gen_range(1..64) {
                    v.splice(b..b, chunk.iter().copied());
                }
            }
            5 => {
                let other = &t.seeds[rng.gen_range(0..t.seeds.len())];
                if !other.is_empty() && len > 0 {
                    let cut = rng.gen_range(0..len);
                    let from = rng.gen_range(0..other.len());
                    v.truncate(cut);
                    v.extend_from_slice(&other[from..]);
                }
            }
            _ => {
                let i = rng.gen_range(0..=len);
                let tok = t.tokens[rng.gen_range(0..t.tokens.len())];
                v.splice(i..i, tok.iter().copied());
            }
        }
    }
    v.truncate(64 * 1024);
    v
}

/// What a run found for one target.
pub struct Outcome {
    pub name: &'static str,
    pub inputs: u64,
    /// The first input that panicked, with the panic's message.
    pub panic: Option<(Vec<u8>, String)>,
    pub seconds: f64,
}

/// Runs `per_target` mutated inputs (and the seeds themselves) through each target, from RNG `seed`.
pub fn run(per_target: u64, seed: u64) -> Vec<Outcome> {
    std::panic::set_hook(Box::new(|_| {}));
    let mut out = Vec::new();
    for (k, t) in targets().into_iter().enumerate() {
        let mut rng = StdRng::seed_from_u64(seed ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let started = std::time::Instant::now();
        let mut panic = None;
        let mut inputs = 0u64;
        let seeds = t.seeds.clone();
        let check = |input: &[u8]| {
            if let Err(e) = catch_unwind(AssertUnwindSafe(|| (t.run)(input))) {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                return Some((input.to_vec(), msg));
            }
            None
        };
        for s in &seeds {
            inputs += 1;
            if let Some(p) = check(s) {
                panic = Some(p);
            }
        }
        while inputs < per_target && panic.is_none() {
            let input = mutate(&mut rng, &t);
            inputs += 1;
            panic = check(&input);
        }
        out.push(Outcome {
            name: t.name,
            inputs,
            panic,
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    let _ = std::panic::take_hook();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_parser_panics_on_a_short_run() {
        for o in super::run(3_000, 1) {
            assert!(
                o.panic.is_none(),
                "{} panicked: {:?}",
                o.name,
                o.panic
                    .map(|(i, m)| (String::from_utf8_lossy(&i).to_string(), m))
            );
        }
    }
}
