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

# Personnel › Apps › Visitor Invitation
apps-invitations-hint = Invite a visitor: they get a QR code by e-mail
inv-title = Visitor Invitation
inv-new = New invitation
inv-empty = No invitations yet. Invite a visitor and they get a QR code by e-mail.
inv-reinvite = Re-Invitation
inv-details = Invitation
inv-submit = Send invitation
inv-sending = Sending…
inv-when = When
inv-reason-choose = Choose a reason
inv-field-first-name = First name
inv-field-last-name = Last name
inv-field-email = E-mail
inv-field-mobile = Mobile
inv-field-start = Start
inv-field-end = End
inv-field-reason = Visit reason
inv-field-visitors = Number of visitors
inv-field-remarks = Remarks
inv-qr-label = QR code of { $name }'s invitation
inv-qr-help = The visitor shows this code at the reader; it opens the door once, during the visit.
inv-save-qr = Save QR code
inv-required = Required.
inv-too-long = At most { $max } characters.
inv-not-email = Not an e-mail address.
inv-not-phone = Not a phone number.
inv-not-time = Not a date and time.
inv-end-before-start = The end must be after the start.
inv-visitor-count = Between 1 and 99.
inv-special-chars = Remove characters such as < > " ' & ; / | $ (CVSecurity does not accept them).
inv-refused = Not accepted: { $detail }
inv-up-already-reserved = This visitor is already invited for that time.
inv-up-during-visit = This visitor is on site right now: no invitation is needed during the visit.
inv-up-date-wrong = CVSecurity does not accept these times.
inv-up-blocked = This visitor is on the block list: ask security.
inv-up-other = CVSecurity refused this field (error { $code }).
inv-status-pending = Pending
inv-status-used = Used
inv-status-expired = Expired
inv-mail-sent = E-mail sent.
inv-mail-queued = E-mail queued: it is being sent.
inv-mail-retrying = E-mail not sent yet: the mail server could not be reached. It is retried automatically; the invitation is valid.
inv-mail-failed = E-mail not delivered: the mail server refused it. Share the QR code another way, or ask an administrator.
inv-mail-not-configured = E-mail waiting: no mail server is set up for this site yet. The invitation is valid; share the QR code another way, or ask an administrator.
inv-mail-reason = Reason: { $reason }

# Personnel › Me › Change password
pw-title = Change password
pw-hint = For logging in to this app
pw-note = The new password is for this app only. Your CVSecurity web portal password stays the same.
pw-current = Current password
pw-new = New password
pw-again = New password again
pw-rule = At least 8 characters and hard to guess: a few unrelated words work well.
pw-submit = Change password
pw-done = Password changed. You stay logged in here; your other devices are logged out.
pw-mismatch = The two new passwords differ.
pw-current-wrong = The current password is wrong.
pw-weak = Too weak: { $reason }
