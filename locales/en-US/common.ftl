# Shared by every screen: login, navigation, errors, Me.

app-title = cvmobile
loading = Loading…
action-back = Back
action-refresh = Refresh
action-cancel = Cancel
action-retry = Try again
empty-default = Nothing to show here.
nav-label = Main navigation
nav-dashboard = Dashboard
nav-me = Me
nav-alarms = Alarms
nav-apps = Apps
list-load-more = Load more
list-end = That is all.

## Login

login-title = Sign in
login-subtitle = Access control for your site, in your pocket.
login-role = I am
role-admin = Administrator
role-admin-hint = Manage the site
role-personnel = Personnel
role-personnel-hint = Staff, students, residents
login-org-code = Org code
login-org-code-placeholder = cvmobile://org?v=1&n=…
login-org-code-hint = Paste the code text, or pick a photo of the QR code your administrator printed.
login-org-image = QR image
login-account = Account
login-personnel-id = Personnel ID
login-password = Password
login-submit = Sign in
login-step-restoring = Restoring your session…
login-step-checking-server = Checking the server…
login-step-signing-in = Signing in…
login-step-loading-profile = Loading your profile…

login-error-role-required = Choose whether you are an administrator or personnel.
login-error-account-required = Enter your account name or personnel ID.
login-error-password-required = Enter your password.
login-error-no-qr = No QR code was found in that picture.
login-error-image-unreadable = That file is not an image this app can read (use PNG or JPEG).

org-code-error-empty = Enter the org code.
org-code-error-too-long = This org code is too long to be valid.
org-code-error-not-org-code = This is not a cvmobile org code.
org-code-error-unsupported-version = This org code (version { $version }) is newer than this app. Update the app.
org-code-error-missing-name = This org code has no organization name.
org-code-error-missing-url = This org code has no server address.
org-code-error-too-many-urls = This org code has too many server addresses.
org-code-error-invalid-url = The server address “{ $url }” in this org code is not valid.
org-code-error-insecure-url = The server address “{ $url }” does not use HTTPS, so it cannot be trusted.
org-code-error-missing-fingerprint = This org code has no server key fingerprint.
org-code-error-invalid-fingerprint = The server key fingerprint in this org code is damaged.
org-code-error-help = Scan the QR code again, or ask your administrator for a new org code.

## Errors

error-other-server = This org code is for another server.
error-other-server-help = The server you opened is not the one in the code. Use the code of this site, or open the app at your organization’s address.
error-key-mismatch = Server key changed: this server did not prove it is the one in your org code.
error-key-mismatch-help = If your administrator issued a new org code (a new server key or a reinstalled server), log out and scan the new code. Otherwise do not continue on this network: someone may be listening in.
error-unreachable = The server cannot be reached.
error-unreachable-help = Check your network connection. If it persists, the site’s server or relay may be down.
error-tls = The secure connection failed: { $detail }
error-decode = The server sent an answer this app does not understand. The app or the server may need an update.
error-invalid-credentials = Wrong account or password.
error-invalid-credentials-help = Personnel use their personnel ID and the same password as the self-service web login.
error-app-login-disabled = Unauthorized APP login
error-app-login-disabled-help = App Login is not enabled for you. Ask an administrator to run: cvlink app-login enable { $id }
error-too-many-attempts = Too many attempts. Wait a moment and try again.
error-too-many-attempts-wait = Too many attempts. Try again in { $seconds } seconds.
error-session-expired = Your session has expired.
error-session-expired-help = Sign in again to continue.
error-forbidden = Your account is not allowed to do this.
error-not-found = Not found.
error-validation = The server refused a value ({ $field }).
error-upstream-unavailable = The access-control server (CVSecurity) cannot be reached by the gateway.
error-upstream-error = The access-control server reported an error (code { $code }).
error-upstream-unsupported = The access-control server does not support this feature.
error-device-offline = The door's device is offline or disabled; nothing was sent to it.
error-locked-down = The door is under lockdown: remote unlock is refused until the lockdown is cancelled.
error-payload-too-large = What you sent is too large for the server. Try a smaller photo.
error-outcome-unknown = The server restarted while it was doing this; whether it was done is unknown. Check before you try again.
error-person-disabled = Your access is disabled in CVSecurity, so no credential can be issued.
error-person-disabled-help = Ask an administrator to enable your personnel record in CVSecurity.
error-internal = Something went wrong on the server. Try again later.

## Me

me-title = Me
me-section-account = Account
me-account = Account
me-org = Organization
me-section-about = About
me-version = Version
me-version-value = App { $app } · server { $server }
me-logout = Log out
me-org-code = Show the org code
me-org-code-hint = A colleague can sign in to { $org } by scanning this code with cvmobile. It holds only the server's addresses and key, no password.
me-org-code-label = Org code of { $org }
qr-too-long = This code is too long to show as a QR code.

device-state-online = Online
device-state-offline = Offline
device-state-disabled = Disabled

not-found-title = Page not found
not-found-body = There is nothing at { $path }.
not-found-home = Go to the start

## Camera scanner
login-scan-camera = Scan with camera
login-org-found = Organization: { $name }
scanner-title = Scan the org code
scanner-instructions = Point the camera at the QR code your administrator printed.
scanner-starting = Starting the camera…
scanner-wrong-code = This QR code is not an org code. Look for the cvmobile org code.
scanner-close = Close the camera
scanner-torch-on = Turn the light on
scanner-torch-off = Turn the light off
scanner-paste = Paste the code
scanner-image = Pick a QR image
scanner-error-denied = Camera permission was refused.
scanner-error-denied-help = To scan, allow the camera for this app (in the browser: the camera icon in the address bar, or the site settings; on a phone: Settings › Apps › cvmobile › Permissions). Or paste the code or pick a photo of it instead.
scanner-error-no-camera = No camera found.
scanner-error-unavailable = The camera could not be started; another app may be using it.
scanner-error-alternatives = Paste the code or pick a photo of the QR code instead.

# Me: background notifications and the privacy policy (both roles)
notify-label = Background notifications
notify-checking = Checking what this device allows…
notify-unsupported = This device or browser cannot show notifications.
notify-denied = Notifications are blocked for this app in the browser or system settings.
notify-on = On: alarms (admins) or your own access records (personnel) show while the app is in the background.
notify-off = Off. Turn on to be told of new events while the app is in the background.
notify-on-android = On: alarms (admins) or your own access records (personnel) show while the app is in the background. A quiet "Listening for site events" notification stays while it listens; closing the app stops it.
notify-ios = iOS lets an app receive events only while it is open: notifying in the background would need a push service through Apple, which your organization's own gateway does not use. New events show in the app while it is open; the self-test below shows the path works.
notify-failed = Background notifications could not be switched on this phone. Try again, or restart the app.
notify-channel = Site events
notify-service-channel = Listening in the background
notify-service-title = Listening for site events
notify-service-text = Alarms or your access records show as notifications while cvmobile runs in the background.
notify-service-stop = Turn off
privacy-title = Privacy policy
privacy-open = Read
privacy-intro = cvmobile is run by your organization. The app talks only to your site's gateway (cvlink), on your organization's own server; nothing goes to cvmobile's authors or to any third party. There is no tracking and no analytics.
privacy-phone-title = On this device
privacy-phone = Your session (access and refresh tokens) in the browser's storage or the system keyring, and your settings (such as background notifications). Logging out removes the session.
privacy-gateway-title = On the gateway
privacy-gateway = Your sessions; the site's access events and alarms (kept 90 days unless your administrator set another period); alarm acknowledgements and a log of actions taken in the app (who, when, why, CVSecurity's answer); the invitations you send, with the visitor's name, e-mail and phone, and the e-mails waiting to be sent; and, if you set one, your app password as an argon2 hash, never the password itself.
privacy-cvsecurity-title = From CVSecurity
privacy-cvsecurity = Your personnel record, your access records and your QR credential come from your organization's ZKBio CVSecurity server, which the gateway reads with its own secret; the app never holds that secret.
privacy-notifications-title = Notifications
privacy-notifications = Background notifications are shown by this device's browser or system from events the app already receives; no push service is used.
privacy-contact-title = Questions
privacy-contact = To see, correct or delete data about you, ask your organization's administrator.
form-too-many = At most { $max } items.
form-not-picture = Only JPEG, PNG or WebP pictures.
form-too-large = A picture may be at most { $max } KB.

me-section-connection = Connection
me-route = Connected through
me-route-lan = Site network
me-route-relay = Relay
me-route-direct = This computer
me-server = Server
status-title = Site connection
status-upstream = CVSecurity
status-reachable = Reachable
status-unreachable = Not reachable
status-relay = Relay tunnel
relay-online = Online
relay-connecting = Connecting
relay-offline = Offline
relay-not-configured = Not set up
status-since = since { $time }
notif-test = Test notification: this device gets your site's events.
selftest-title = Test notifications
selftest-send = Send me a test notification
selftest-sending = Sending a test notification…
selftest-waiting = Sent. Waiting for it to come back through the live connection…
selftest-back = It came back in { $ms } ms: this device gets your site's events.
selftest-silent = It did not come back within 10 seconds: this device does not get live events right now.
selftest-silent-help = The app keeps reconnecting by itself. Check the network; if it persists, a firewall or proxy may be cutting long connections to the server.
me-last-event = Last event received
me-last-event-none = None yet
me-last-event-secs = { $n } s ago
me-last-event-mins = { $n } min ago
me-last-event-hours = { $n } h ago
toast-dismiss = Dismiss
