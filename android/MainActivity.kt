// The app's Kotlin, for dx: Dioxus.toml's [application] android_main_activity = "android/MainActivity.kt"
// makes dx 0.7 write this file in place of the MainActivity.kt it would generate, in its Gradle project's
// app/src/main/kotlin/dev/dioxus/main/ (dx has no other way to add Kotlin to the app itself). So the one
// service cvmobile needs lives here too, in dx's package dev.dioxus.main, beside the activity wry's
// Kotlin expects. See android/README.md.
//
// The Rust side (src/platform/android.rs) reaches both only through the framework: the preference in
// SharedPreferences "cvmobile", and an Intent naming dev.dioxus.main.EventStreamService. Nothing here is
// called by name through JNI, so R8's shrinking of release builds cannot remove anything it needs.
package dev.dioxus.main

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.app.Service
import android.content.Context
import android.content.Intent
import android.content.SharedPreferences
import android.content.pm.ServiceInfo
import android.graphics.drawable.Icon
import android.os.Build
import android.os.Bundle
import android.os.IBinder
import android.util.Log

// As in the MainActivity.kt dx generates: wry's Kotlin reads BuildConfig in this package.
typealias BuildConfig = dev.cvmobile.app.BuildConfig

class MainActivity : WryActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // Switched on earlier: listen in the background again while the app runs.
        if (EventStreamService.wanted(this)) EventStreamService.start(this)
    }

    override fun onDestroy() {
        // The event stream lives in this activity's Rust runtime: once the app is closed nothing
        // listens, so the notification saying so goes too.
        if (isFinishing) EventStreamService.stop(this)
        super.onDestroy()
    }
}

/**
 * Keeps the app's process alive, and says so, while background notifications are on and the app is not
 * on the screen. It does no work itself: the event stream is the app's own (Rust, in this process).
 * Started by the app (Me › Background notifications, or MainActivity when they were on before),
 * stopped by it, by the notification's button (ACTION_STOP), and with the app's task.
 */
class EventStreamService : Service() {
    override fun onBind(intent: Intent?): IBinder? = null

    override fun onStartCommand(intent: Intent?, flags: Int, startId: Int): Int {
        if (intent?.action == ACTION_STOP) {
            // Off until switched on again on Me (the app reads the same preference).
            prefs(this).edit().putBoolean(PREF_ON, false).apply()
            stopSelf()
            return START_NOT_STICKY
        }
        val notification = ongoing()
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.Q) {
            startForeground(NOTIFICATION_ID, notification, ServiceInfo.FOREGROUND_SERVICE_TYPE_DATA_SYNC)
        } else {
            startForeground(NOTIFICATION_ID, notification)
        }
        // Not sticky: restarted on its own after Android ended the process, the service would keep
        // nothing alive (the app's Rust runtime starts with the activity). MainActivity starts it again.
        return START_NOT_STICKY
    }

    override fun onTaskRemoved(rootIntent: Intent?) {
        // Swiped away from the recent apps: the activity, and with it the event stream, is gone.
        stopSelf()
        super.onTaskRemoved(rootIntent)
    }

    /** The ongoing, quiet notification; its words are the app's, saved when it was switched on. */
    private fun ongoing(): Notification {
        val prefs = prefs(this)
        val builder = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O) {
            val channel = NotificationChannel(
                SERVICE_CHANNEL,
                prefs.getString("service_channel", null) ?: "Listening in the background",
                NotificationManager.IMPORTANCE_LOW,
            )
            getSystemService(NotificationManager::class.java)?.createNotificationChannel(channel)
            Notification.Builder(this, SERVICE_CHANNEL)
        } else {
            @Suppress("DEPRECATION")
            Notification.Builder(this)
        }
        val flags = PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT
        val stop = PendingIntent.getService(
            this,
            1,
            Intent(this, EventStreamService::class.java).setAction(ACTION_STOP),
            flags,
        )
        builder
            .setSmallIcon(android.R.drawable.stat_notify_sync)
            .setContentTitle(prefs.getString("service_title", null) ?: "Listening for site events")
            .setContentText(prefs.getString("service_text", null) ?: "")
            .setOngoing(true)
            .addAction(
                Notification.Action.Builder(
                    Icon.createWithResource(this, android.R.drawable.ic_menu_close_clear_cancel),
                    prefs.getString("service_stop", null) ?: "Turn off",
                    stop,
                ).build(),
            )
        packageManager.getLaunchIntentForPackage(packageName)?.let {
            builder.setContentIntent(PendingIntent.getActivity(this, 0, it, flags))
        }
        return builder.build()
    }

    companion object {
        // Shared with src/platform/android.rs.
        private const val PREFS = "cvmobile"
        private const val PREF_ON = "notify"
        private const val ACTION_STOP = "dev.cvmobile.app.STOP_EVENTS"
        private const val SERVICE_CHANNEL = "cvmobile-service"
        private const val NOTIFICATION_ID = 1

        private fun prefs(context: Context): SharedPreferences =
            context.getSharedPreferences(PREFS, Context.MODE_PRIVATE)

        /** Switched on, and the system lets the app show notifications. */
        fun wanted(context: Context): Boolean =
            prefs(context).getBoolean(PREF_ON, false) &&
                context.getSystemService(NotificationManager::class.java)?.areNotificationsEnabled() == true

        fun start(context: Context) {
            val intent = Intent(context, EventStreamService::class.java)
            try {
                if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O) {
                    context.startForegroundService(intent)
                } else {
                    context.startService(intent)
                }
            } catch (e: RuntimeException) {
                // Android 12+ refuses a foreground service started from the background; the app
                // starts it again the next time Me is opened.
                Log.w("cvmobile", "event stream service not started: $e")
            }
        }

        fun stop(context: Context) {
            context.stopService(Intent(context, EventStreamService::class.java))
        }
    }
}
