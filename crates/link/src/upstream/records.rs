//! CVSecurity's records as typed structs: only the fields cvlink reads. The API sends some fields as a
//! string on one call and a number on another (`connect`, `eventLevel`, ids), so those go through
//! [`text`], which takes either.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A field that may come as a string, a number or a boolean; `null` and absence give `""`.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    })
}

/// Like [`text`], with blank text as `None`.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = text(d)?;
    Ok((!s.trim().is_empty()).then_some(s))
}

/// A number that may come as text; unreadable gives `None`.
fn opt_num<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(text(d)?.trim().parse().ok())
}

/// A person as the v2 person list returns it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpPerson {
    #[serde(deserialize_with = "text")]
    pub pin: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub dept_name: Option<String>,
    /// MD5 hex of the self-service password.
    #[serde(default, deserialize_with = "opt_text")]
    pub self_pwd: Option<String>,
    /// `true` (or `1`) when the person is disabled in CVSecurity: readers refuse them.
    #[serde(default, deserialize_with = "opt_text")]
    pub is_disabled: Option<String>,
}

impl UpPerson {
    pub fn disabled(&self) -> bool {
        matches!(
            self.is_disabled.as_deref().map(str::trim),
            Some("true" | "1")
        )
    }

    pub fn full_name(&self) -> String {
        full_name(self.name.as_deref(), self.last_name.as_deref())
    }
}

/// "first last", skipping blanks.
pub fn full_name(first: Option<&str>, last: Option<&str>) -> String {
    [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An access-control device (`device/accList`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpDevice {
    #[serde(default, deserialize_with = "text")]
    pub id: String,
    #[serde(default, deserialize_with = "text")]
    pub sn: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub name: Option<String>,
    /// The model, e.g. `inBIO460`.
    #[serde(default, rename = "type", deserialize_with = "text")]
    pub model: String,
    /// `"0"` when disabled; the v2 example spells it `status`.
    #[serde(default, alias = "status", deserialize_with = "opt_text")]
    pub state: Option<String>,
    /// Where a server version provides it.
    #[serde(default, alias = "areaName", deserialize_with = "opt_text")]
    pub auth_area_name: Option<String>,
}

impl UpDevice {
    pub fn enabled(&self) -> bool {
        self.state.as_deref() != Some("0")
    }
}

/// One door in `door/allDoorState`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpDoorState {
    #[serde(default, deserialize_with = "text")]
    pub id: String,
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    #[serde(default, deserialize_with = "text")]
    pub device_id: String,
    /// `"0"` offline, `"1"` online, `"2"` disabled.
    #[serde(default, deserialize_with = "text")]
    pub connect: String,
    #[serde(default, deserialize_with = "text")]
    pub sensor: String,
    #[serde(default, deserialize_with = "text")]
    pub relay: String,
    #[serde(default, deserialize_with = "text")]
    pub alarm: String,
}

/// An access record from the transaction lists (v2 adds the level, number, door and photo).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpTransaction {
    #[serde(default, deserialize_with = "opt_text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub event_time: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub pin: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub dept_name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub area_name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub card_no: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub dev_sn: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub dev_name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub verify_mode_name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub event_name: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub event_point_name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub reader_name: Option<String>,
    #[serde(default, deserialize_with = "opt_num")]
    pub event_no: Option<i64>,
    #[serde(default, deserialize_with = "opt_num")]
    pub event_level: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    pub door_name: Option<String>,
    /// The photo the device captured, base64 JPEG (v2 lists).
    #[serde(default, rename = "capturePhotoBase64", deserialize_with = "opt_text")]
    pub photo: Option<String>,
}

impl UpTransaction {
    pub fn person_name(&self) -> Option<String> {
        Some(full_name(self.name.as_deref(), self.last_name.as_deref())).filter(|s| !s.is_empty())
    }

    /// What identifies a record when it has no id (the `monitor` poll): the same event read twice, from
    /// the monitor and from the transaction list, gives the same key.
    pub fn dedup_key(&self) -> String {
        let f = |o: &Option<String>| o.as_deref().unwrap_or("").trim().to_string();
        [
            self.event_time.trim().to_string(),
            f(&self.dev_sn),
            f(&self.event_point_name),
            f(&self.pin),
            f(&self.card_no),
            self.event_name.trim().to_string(),
            // A card and a QR code (or two readers of one door) in the same second are two records.
            f(&self.verify_mode_name),
            f(&self.reader_name),
        ]
        .join("\u{1f}")
    }
}

/// A visit registration (`visRegistration/getTransactionList`): `endTime` is the check-out, empty while
/// the visitor is on site.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpVisit {
    #[serde(default, deserialize_with = "text")]
    pub id: String,
    #[serde(default, deserialize_with = "text")]
    pub start_time: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub end_time: Option<String>,
    #[serde(default, deserialize_with = "opt_num")]
    pub visitor_count: Option<i64>,
    #[serde(default, deserialize_with = "text")]
    pub pers_person_pin: String,
    #[serde(default, deserialize_with = "text")]
    pub cert_type: String,
    #[serde(default, deserialize_with = "text")]
    pub cert_num: String,
    #[serde(default, alias = "visitEmpName", deserialize_with = "opt_text")]
    pub vis_emp_name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub vis_emp_last_name: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub visit_emp_phone: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub company: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub visit_reason: Option<String>,
}

impl UpVisit {
    pub fn visitor_name(&self) -> String {
        full_name(
            self.vis_emp_name.as_deref(),
            self.vis_emp_last_name.as_deref(),
        )
    }

    pub fn people(&self) -> u32 {
        self.visitor_count.unwrap_or(1).clamp(1, 999) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_and_a_qr_code_in_the_same_second_are_two_records() {
        let card = UpTransaction {
            event_time: "2026-12-02 10:00:00".into(),
            dev_sn: Some("SN1".into()),
            pin: Some("1001".into()),
            event_name: "Normal Verify Open".into(),
            verify_mode_name: Some("Card".into()),
            reader_name: Some("Door 1-In".into()),
            ..UpTransaction::default()
        };
        let qr = UpTransaction {
            verify_mode_name: Some("QR code".into()),
            ..card.clone()
        };
        let other_reader = UpTransaction {
            reader_name: Some("Door 1-Out".into()),
            ..card.clone()
        };
        assert_ne!(card.dedup_key(), qr.dedup_key());
        assert_ne!(card.dedup_key(), other_reader.dedup_key());
        // The monitor's copy (no id, no level) and the list's are one record.
        let listed = UpTransaction {
            id: Some("42".into()),
            event_level: Some(0),
            ..card.clone()
        };
        assert_eq!(card.dedup_key(), listed.dedup_key());
    }

    #[test]
    fn numbers_and_strings_read_alike() {
        let d: UpDoorState = serde_json::from_value(serde_json::json!(
            {"id": 5, "name": "Gate", "deviceId": "7", "connect": 1, "sensor": null}
        ))
        .unwrap();
        assert_eq!(
            (d.id.as_str(), d.connect.as_str(), d.sensor.as_str()),
            ("5", "1", "")
        );
        let t: UpTransaction = serde_json::from_value(serde_json::json!(
            {"eventTime": "2026-01-02 03:04:05", "eventLevel": "2", "pin": "", "eventNo": 102}
        ))
        .unwrap();
        assert_eq!(
            (t.event_level, t.event_no, t.pin),
            (Some(2), Some(102), None)
        );
    }

    #[test]
    fn devices_take_either_spelling_of_state_and_area() {
        let d: UpDevice = serde_json::from_value(
            serde_json::json!({"id": 1, "sn": "X", "status": 0, "areaName": "Lobby"}),
        )
        .unwrap();
        assert!(!d.enabled());
        assert_eq!(d.auth_area_name.as_deref(), Some("Lobby"));
        let d: UpDevice = serde_json::from_value(serde_json::json!({"sn": "Y"})).unwrap();
        assert!(d.enabled());
    }

    #[test]
    fn the_same_event_from_monitor_and_list_has_one_key() {
        let list: UpTransaction = serde_json::from_value(serde_json::json!({"id": "abc",
            "eventTime": "2026-01-02 03:04:05", "devSn": "S1", "eventPointName": "Door 1",
            "pin": "1001", "cardNo": "", "eventName": "Normal Verify Open", "eventLevel": 0}))
        .unwrap();
        let monitor: UpTransaction = serde_json::from_value(serde_json::json!({
            "eventTime": "2026-01-02 03:04:05", "devSn": "S1", "eventPointName": "Door 1",
            "pin": "1001", "cardNo": null, "eventName": "Normal Verify Open"}))
        .unwrap();
        assert_eq!(list.dedup_key(), monitor.dedup_key());
    }

    /// Any JSON at all, a few levels deep.
    fn arb_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            any::<f64>().prop_map(|f| serde_json::json!(f)),
            ".{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::hash_map(
                    prop_oneof![
                        Just("id".to_string()),
                        Just("pin".to_string()),
                        Just("eventTime".to_string()),
                        Just("eventLevel".to_string()),
                        Just("connect".to_string()),
                        Just("sn".to_string()),
                        Just("visitorCount".to_string()),
                        ".{0,8}"
                    ],
                    inner,
                    0..8
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Upstream answers are untrusted: any JSON gives a record or an error, never a panic.
        #[test]
        fn any_json_gives_a_record_or_an_error(v in arb_json()) {
            let _ = serde_json::from_value::<UpTransaction>(v.clone()).map(|t| t.dedup_key());
            let _ = serde_json::from_value::<UpDevice>(v.clone()).map(|d| d.enabled());
            let _ = serde_json::from_value::<UpDoorState>(v.clone());
            let _ = serde_json::from_value::<UpPerson>(v.clone()).map(|p| p.full_name());
            let _ = serde_json::from_value::<UpVisit>(v.clone());
            let _ = crate::upstream::rows_of(v);
        }
    }

    #[test]
    fn full_name_skips_blanks() {
        assert_eq!(full_name(Some("Ana"), Some(" ")), "Ana");
        assert_eq!(full_name(None, Some("Ruiz")), "Ruiz");
    }
}
