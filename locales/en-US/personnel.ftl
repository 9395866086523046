# Personnel screens.

me-personnel-id = Personnel ID
me-department = Department

nav-notifications = Notifications
notif-unread = { $count } unread

# Personnel › Notification Center
records-mine-title = Notification Center
record-granted = Access granted
record-denied = Denied: { $reason }
records-mine-empty = No access records yet. Your entries appear here as soon as a reader records them.

# Personnel › Application Center
apps-credential-hint = Your QR code to show at a reader

# Personnel › My Credentials
cred-title = My Credentials
cred-pin = Personnel ID { $pin }
cred-qr-label = Your access QR code. Hold it up to the reader.
cred-tap-refresh = Get a new code
cred-valid-for = { $seconds ->
    [one] Valid for 1 second
   *[other] Valid for { $seconds } seconds
}
cred-hint = Hold the code up to the reader. A new code comes before this one expires; tap it for a new one now.
cred-awake = The screen stays on while your code is shown.
cred-brightness = Turn your screen brightness up if the reader does not pick up the code.
cred-offline = No new code can be fetched right now. The code shown still works for { $seconds } s.
cred-no-code = No valid code can be shown: a new one could not be fetched.
cred-expired = This code has expired. Fetching a new one…
