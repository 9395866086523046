# The invitation e-mail cvlink sends to a visitor (HTML and plain text; the .ics event).
mail-subject = Your visit to { $org } on { $date }
mail-greeting = Hello { $name },
mail-invited = { $host } has invited you to { $org }.
mail-when = When
mail-reason = Reason
mail-visitors = Visitors
mail-remarks = Remarks
mail-qr-help = Show this QR code at the reader when you arrive. It opens the door once, during your visit.
mail-qr-alt = Your entry QR code
mail-calendar = The attached calendar file adds the visit to your calendar.
mail-footer = Sent by { $org } with cvmobile. If you did not expect this invitation, you can ignore this e-mail.
mail-event = Visit to { $org }
