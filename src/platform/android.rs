//! Android, through JNI to the framework. Every call runs on the UI thread, in a closure handed to wry's
//! `dispatch`, which also gives the activity: the Dioxus runtime runs on a thread of tao's, not on the UI
//! thread (window changes must be made there), and JNI's FindClass on that thread would only see the
//! system's classes. So nothing here loads an app class: the foreground service is named in an Intent,
//! and the preference it shares with `android/MainActivity.kt` lives in SharedPreferences.
//!
//! The background event stream is the app's own live feed (`services::live`), running in this process;
//! `EventStreamService` only keeps the process alive and visible while the app is in the background.
//!
//! A Java exception or a JNI error (a missing class or method) never takes the app down: it is logged
//! and the call reports that it did nothing. It is always cleared before the closure returns, because
//! wry's next call on the UI thread would fail on it, and wry then stops serving the webview. A panic is
//! caught too where it unwinds (release builds abort on panic, by the profile).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;
use std::time::Duration;

use dioxus::mobile::wry::prelude::dispatch;
use futures::channel::oneshot;
use futures::future::{select, Either};
use jni::objects::{JObject, JValue};
use jni::JNIEnv;

use super::{Background, DialogWait, Notice, NotifyFacts, ScreenHold, ServiceTexts, When};
use crate::services::time::{now_ms, sleep};

/// SharedPreferences file and keys, shared with `android/MainActivity.kt`.
const PREFS: &str = "cvmobile";
const PREF_ON: &str = "notify";
const PREF_ASKED: &str = "notify_asked";
const PREF_SERVICE_CHANNEL: &str = "service_channel";
const PREF_SERVICE_TITLE: &str = "service_title";
const PREF_SERVICE_TEXT: &str = "service_text";
const PREF_SERVICE_STOP: &str = "service_stop";
/// The foreground service (`android/MainActivity.kt`, declared in `android/AndroidManifest.xml`).
const SERVICE: &str = "dev.dioxus.main.EventStreamService";
/// The events' notification channel.
const EVENTS_CHANNEL: &str = "cvmobile-events";

const POST_NOTIFICATIONS: &str = "android.permission.POST_NOTIFICATIONS";
/// Any number: the answer goes to the activity, which ignores it (see `DialogWait`).
const PERMISSION_REQUEST: i32 = 7301;
/// WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON.
const FLAG_KEEP_SCREEN_ON: i32 = 0x0000_0080;
/// WindowManager.LayoutParams.BRIGHTNESS_OVERRIDE_NONE: the user's brightness.
const BRIGHTNESS_OVERRIDE_NONE: f64 = -1.0;
/// NotificationManager.IMPORTANCE_DEFAULT: sound, no heads-up.
const IMPORTANCE_DEFAULT: i32 = 3;
/// ActivityManager.RunningAppProcessInfo.IMPORTANCE_FOREGROUND: an activity of the app is in front.
const IMPORTANCE_FOREGROUND: i32 = 100;
/// PendingIntent.FLAG_IMMUTABLE | FLAG_UPDATE_CURRENT.
const PENDING_FLAGS: i32 = 0x0400_0000 | 0x0800_0000;
/// Android 8 (API 26): notification channels and startForegroundService.
const CHANNELS_SDK: i32 = 26;
/// How long the UI thread may take to run one closure before the caller gives up on it.
const UI_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the window is looked at while the permission dialog may be up.
const DIALOG_POLL: Duration = Duration::from_millis(200);

/// What one closure on the UI thread can fail with.
enum Fail {
    Jni(jni::errors::Error),
    Other(&'static str),
}

impl From<jni::errors::Error> for Fail {
    fn from(e: jni::errors::Error) -> Self {
        Fail::Jni(e)
    }
}

type Jni<T> = Result<T, Fail>;

/// Runs `f` on the UI thread with the activity, in a local frame of its own (a closure run from the
/// looper is not inside a JNI call, so local references would never be freed otherwise). Returns its
/// answer, or why there is none (also logged).
fn on_ui<T, F>(what: &'static str, f: F) -> oneshot::Receiver<Result<T, String>>
where
    T: Send + 'static,
    F: for<'a, 'b> FnOnce(&mut JNIEnv<'a>, &JObject<'b>) -> Jni<T> + Send + 'static,
{
    let (tx, rx) = oneshot::channel();
    dispatch(move |env, activity, _webview| {
        let answer = catch_unwind(AssertUnwindSafe(|| {
            env.with_local_frame(32, |env| f(env, activity))
        }));
        if env.exception_check().unwrap_or(true) {
            // Into logcat, then out of the way of wry's next call.
            let _ = env.exception_describe();
            let _ = env.exception_clear();
        }
        let answer = match answer {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(Fail::Jni(e))) => Err(format!("{what}: {e}")),
            Ok(Err(Fail::Other(why))) => Err(format!("{what}: {why}")),
            Err(_) => Err(format!("{what}: panicked")),
        };
        if let Err(e) = &answer {
            eprintln!("cvmobile: {e}");
        }
        let _ = tx.send(answer);
    });
    rx
}

/// [`on_ui`], waited for (at most [`UI_TIMEOUT`]: the activity may be gone).
async fn ask<T, F>(what: &'static str, f: F) -> Result<T, String>
where
    T: Send + 'static,
    F: for<'a, 'b> FnOnce(&mut JNIEnv<'a>, &JObject<'b>) -> Jni<T> + Send + 'static,
{
    match select(on_ui(what, f), Box::pin(sleep(UI_TIMEOUT))).await {
        Either::Left((Ok(answer), _)) => answer,
        Either::Left((Err(_), _)) => Err(format!("{what}: the UI thread dropped the call")),
        Either::Right(_) => Err(format!("{what}: the UI thread did not answer")),
    }
}

static SCREEN: Mutex<ScreenHold> = Mutex::new(ScreenHold::new());

pub fn hold_screen(on: bool) -> bool {
    let change = {
        let mut hold = SCREEN.lock().unwrap_or_else(|e| e.into_inner());
        // The window's own brightness is "none" (the user's) unless the app overrides it: that is
        // what a release goes back to.
        if on {
            hold.hold(BRIGHTNESS_OVERRIDE_NONE)
        } else {
            hold.release()
        }
    };
    if let Some(level) = change {
        // Nobody waits for it: the window changes a moment later, on the UI thread.
        drop(on_ui("keep the screen on", move |env, activity| {
            keep_screen_on(env, activity, on, level as f32)
        }));
    }
    true
}

fn keep_screen_on(env: &mut JNIEnv, activity: &JObject, on: bool, brightness: f32) -> Jni<()> {
    let window = env
        .call_method(activity, "getWindow", "()Landroid/view/Window;", &[])?
        .l()?;
    let flags = if on { "addFlags" } else { "clearFlags" };
    env.call_method(&window, flags, "(I)V", &[JValue::Int(FLAG_KEEP_SCREEN_ON)])?;
    let attributes = env
        .call_method(
            &window,
            "getAttributes",
            "()Landroid/view/WindowManager$LayoutParams;",
            &[],
        )?
        .l()?;
    env.set_field(
        &attributes,
        "screenBrightness",
        "F",
        JValue::Float(brightness),
    )?;
    env.call_method(
        &window,
        "setAttributes",
        "(Landroid/view/WindowManager$LayoutParams;)V",
        &[(&attributes).into()],
    )?;
    Ok(())
}

pub async fn background() -> Result<Background, String> {
    ask("read the notification state", |env, activity| {
        let state = facts(env, activity)?.state();
        if state.on {
            // The service stops with the app; here (the app is in front) it may start again.
            start_service(env, activity)?;
        }
        Ok(state)
    })
    .await
}

pub async fn set_background(on: bool, texts: ServiceTexts) -> Result<Background, String> {
    if !on {
        return ask("switch background notifications off", |env, activity| {
            put_prefs(env, activity, &[(PREF_ON, false)], &[])?;
            stop_service(env, activity)?;
            Ok(facts(env, activity)?.state())
        })
        .await;
    }
    let asked = ask(
        "switch background notifications on",
        move |env, activity| {
            let strings = [
                (PREF_SERVICE_CHANNEL, texts.channel.as_str()),
                (PREF_SERVICE_TITLE, texts.title.as_str()),
                (PREF_SERVICE_TEXT, texts.text.as_str()),
                (PREF_SERVICE_STOP, texts.stop.as_str()),
            ];
            put_prefs(env, activity, &[(PREF_ON, true)], &strings)?;
            if !facts(env, activity)?.must_ask() {
                return Ok(false);
            }
            put_prefs(env, activity, &[(PREF_ASKED, true)], &[])?;
            request_permission(env, activity)?;
            Ok(true)
        },
    )
    .await?;
    if asked {
        let mut wait = DialogWait::new(now_ms());
        loop {
            sleep(DIALOG_POLL).await;
            let (focused, granted) = ask("wait for the permission", |env, activity| {
                let focused = env
                    .call_method(activity, "hasWindowFocus", "()Z", &[])?
                    .z()?;
                let manager = notification_manager(env, activity)?;
                Ok((focused, notifications_enabled(env, &manager)?))
            })
            .await?;
            if !wait.waiting(now_ms(), focused, granted) {
                break;
            }
        }
    }
    ask("start the event stream service", |env, activity| {
        let state = facts(env, activity)?.state();
        if !state.on {
            // Refused: the switch stays off, as on the web.
            put_prefs(env, activity, &[(PREF_ON, false)], &[])?;
        } else if !start_service(env, activity)? {
            put_prefs(env, activity, &[(PREF_ON, false)], &[])?;
            return Err(Fail::Other(
                "EventStreamService is not in the app (android/README.md)",
            ));
        }
        Ok(state)
    })
    .await
}

pub fn show_notification(notice: Notice) -> bool {
    drop(on_ui("show a notification", move |env, activity| {
        let switched_on = pref_bool(env, activity, PREF_ON)?;
        let manager = notification_manager(env, activity)?;
        let enabled = notifications_enabled(env, &manager)?;
        let in_front = notice.when == When::InBackground && in_front(env)?;
        if !super::should_show(notice.when, switched_on, enabled, in_front) {
            return Ok(());
        }
        post(env, activity, &manager, &notice)
    }));
    true
}

/// Build.VERSION.SDK_INT.
fn sdk(env: &mut JNIEnv) -> Jni<i32> {
    Ok(env
        .get_static_field("android/os/Build$VERSION", "SDK_INT", "I")?
        .i()?)
}

fn facts(env: &mut JNIEnv, activity: &JObject) -> Jni<NotifyFacts> {
    let manager = notification_manager(env, activity)?;
    Ok(NotifyFacts {
        switched_on: pref_bool(env, activity, PREF_ON)?,
        enabled: notifications_enabled(env, &manager)?,
        sdk: sdk(env)?,
        asked: pref_bool(env, activity, PREF_ASKED)?,
    })
}

fn prefs<'a>(env: &mut JNIEnv<'a>, activity: &JObject) -> Jni<JObject<'a>> {
    let name = env.new_string(PREFS)?;
    Ok(env
        .call_method(
            activity,
            "getSharedPreferences",
            "(Ljava/lang/String;I)Landroid/content/SharedPreferences;",
            // Context.MODE_PRIVATE
            &[(&name).into(), JValue::Int(0)],
        )?
        .l()?)
}

fn pref_bool(env: &mut JNIEnv, activity: &JObject, key: &str) -> Jni<bool> {
    let prefs = prefs(env, activity)?;
    let key = env.new_string(key)?;
    Ok(env
        .call_method(
            &prefs,
            "getBoolean",
            "(Ljava/lang/String;Z)Z",
            &[(&key).into(), false.into()],
        )?
        .z()?)
}

fn put_prefs(
    env: &mut JNIEnv,
    activity: &JObject,
    flags: &[(&str, bool)],
    strings: &[(&str, &str)],
) -> Jni<()> {
    const EDITOR: &str = "Landroid/content/SharedPreferences$Editor;";
    let prefs = prefs(env, activity)?;
    let editor = env
        .call_method(&prefs, "edit", format!("(){EDITOR}"), &[])?
        .l()?;
    for (key, value) in flags {
        let key = env.new_string(key)?;
        env.call_method(
            &editor,
            "putBoolean",
            format!("(Ljava/lang/String;Z){EDITOR}"),
            &[(&key).into(), (*value).into()],
        )?;
    }
    for (key, value) in strings {
        let key = env.new_string(key)?;
        let value = env.new_string(value)?;
        env.call_method(
            &editor,
            "putString",
            format!("(Ljava/lang/String;Ljava/lang/String;){EDITOR}"),
            &[(&key).into(), (&value).into()],
        )?;
    }
    env.call_method(&editor, "apply", "()V", &[])?;
    Ok(())
}

fn notification_manager<'a>(env: &mut JNIEnv<'a>, activity: &JObject) -> Jni<JObject<'a>> {
    let name = env.new_string("notification")?;
    Ok(env
        .call_method(
            activity,
            "getSystemService",
            "(Ljava/lang/String;)Ljava/lang/Object;",
            &[(&name).into()],
        )?
        .l()?)
}

fn notifications_enabled(env: &mut JNIEnv, manager: &JObject) -> Jni<bool> {
    Ok(env
        .call_method(manager, "areNotificationsEnabled", "()Z", &[])?
        .z()?)
}

fn request_permission(env: &mut JNIEnv, activity: &JObject) -> Jni<()> {
    let permission = env.new_string(POST_NOTIFICATIONS)?;
    let permissions = env.new_object_array(1, "java/lang/String", &permission)?;
    env.call_method(
        activity,
        "requestPermissions",
        "([Ljava/lang/String;I)V",
        &[(&permissions).into(), JValue::Int(PERMISSION_REQUEST)],
    )?;
    Ok(())
}

/// Whether an activity of the app is in front (with the service running, the app in the background is
/// "foreground service", not "foreground").
fn in_front(env: &mut JNIEnv) -> Jni<bool> {
    const INFO: &str = "android/app/ActivityManager$RunningAppProcessInfo";
    let info = env.new_object(INFO, "()V", &[])?;
    env.call_static_method(
        "android/app/ActivityManager",
        "getMyMemoryState",
        format!("(L{INFO};)V"),
        &[(&info).into()],
    )?;
    Ok(env.get_field(&info, "importance", "I")?.i()? <= IMPORTANCE_FOREGROUND)
}

fn service_intent<'a>(env: &mut JNIEnv<'a>, activity: &JObject) -> Jni<JObject<'a>> {
    let intent = env.new_object("android/content/Intent", "()V", &[])?;
    let class = env.new_string(SERVICE)?;
    env.call_method(
        &intent,
        "setClassName",
        "(Landroid/content/Context;Ljava/lang/String;)Landroid/content/Intent;",
        &[activity.into(), (&class).into()],
    )?;
    Ok(intent)
}

/// Starts (or, running, pokes) the foreground service; false when the app has no such service.
fn start_service(env: &mut JNIEnv, activity: &JObject) -> Jni<bool> {
    let intent = service_intent(env, activity)?;
    let start = if sdk(env)? >= CHANNELS_SDK {
        "startForegroundService"
    } else {
        "startService"
    };
    let component = env
        .call_method(
            activity,
            start,
            "(Landroid/content/Intent;)Landroid/content/ComponentName;",
            &[(&intent).into()],
        )?
        .l()?;
    Ok(!component.is_null())
}

fn stop_service(env: &mut JNIEnv, activity: &JObject) -> Jni<()> {
    let intent = service_intent(env, activity)?;
    env.call_method(
        activity,
        "stopService",
        "(Landroid/content/Intent;)Z",
        &[(&intent).into()],
    )?;
    Ok(())
}

/// Posts `notice` on the events' channel; tapping it opens the app.
fn post(env: &mut JNIEnv, activity: &JObject, manager: &JObject, notice: &Notice) -> Jni<()> {
    const BUILDER: &str = "android/app/Notification$Builder";
    let returns_builder = |args: &str| format!("({args})L{BUILDER};");
    let builder = if sdk(env)? >= CHANNELS_SDK {
        let id = env.new_string(EVENTS_CHANNEL)?;
        let name = env.new_string(&notice.channel)?;
        // Creating a channel that exists changes nothing but its name.
        let channel = env.new_object(
            "android/app/NotificationChannel",
            "(Ljava/lang/String;Ljava/lang/CharSequence;I)V",
            &[
                (&id).into(),
                (&name).into(),
                JValue::Int(IMPORTANCE_DEFAULT),
            ],
        )?;
        env.call_method(
            manager,
            "createNotificationChannel",
            "(Landroid/app/NotificationChannel;)V",
            &[(&channel).into()],
        )?;
        env.new_object(
            BUILDER,
            "(Landroid/content/Context;Ljava/lang/String;)V",
            &[activity.into(), (&id).into()],
        )?
    } else {
        env.new_object(BUILDER, "(Landroid/content/Context;)V", &[activity.into()])?
    };
    // A system icon: the status bar draws only its outline, which the app's full-colour icon lacks.
    let icon = env
        .get_static_field("android/R$drawable", "ic_dialog_info", "I")?
        .i()?;
    env.call_method(
        &builder,
        "setSmallIcon",
        returns_builder("I"),
        &[JValue::Int(icon)],
    )?;
    let title = env.new_string(&notice.title)?;
    env.call_method(
        &builder,
        "setContentTitle",
        returns_builder("Ljava/lang/CharSequence;"),
        &[(&title).into()],
    )?;
    let body = env.new_string(&notice.body)?;
    env.call_method(
        &builder,
        "setContentText",
        returns_builder("Ljava/lang/CharSequence;"),
        &[(&body).into()],
    )?;
    env.call_method(
        &builder,
        "setAutoCancel",
        returns_builder("Z"),
        &[true.into()],
    )?;
    let open = open_app(env, activity)?;
    if !open.is_null() {
        env.call_method(
            &builder,
            "setContentIntent",
            returns_builder("Landroid/app/PendingIntent;"),
            &[(&open).into()],
        )?;
    }
    let notification = env
        .call_method(&builder, "build", "()Landroid/app/Notification;", &[])?
        .l()?;
    // One per event, as the web's tag does; a repeat replaces it.
    let tag = env.new_string(format!("cvmobile-{}", notice.id))?;
    env.call_method(
        manager,
        "notify",
        "(Ljava/lang/String;ILandroid/app/Notification;)V",
        &[(&tag).into(), JValue::Int(0), (&notification).into()],
    )?;
    Ok(())
}

/// A PendingIntent that brings the app to the front (null if the app has no launcher entry).
fn open_app<'a>(env: &mut JNIEnv<'a>, activity: &JObject) -> Jni<JObject<'a>> {
    let packages = env
        .call_method(
            activity,
            "getPackageManager",
            "()Landroid/content/pm/PackageManager;",
            &[],
        )?
        .l()?;
    let package = env
        .call_method(activity, "getPackageName", "()Ljava/lang/String;", &[])?
        .l()?;
    let launch = env
        .call_method(
            &packages,
            "getLaunchIntentForPackage",
            "(Ljava/lang/String;)Landroid/content/Intent;",
            &[(&package).into()],
        )?
        .l()?;
    if launch.is_null() {
        return Ok(launch);
    }
    Ok(env
        .call_static_method(
            "android/app/PendingIntent",
            "getActivity",
            "(Landroid/content/Context;ILandroid/content/Intent;I)Landroid/app/PendingIntent;",
            &[
                activity.into(),
                JValue::Int(0),
                (&launch).into(),
                JValue::Int(PENDING_FLAGS),
            ],
        )?
        .l()?)
}
