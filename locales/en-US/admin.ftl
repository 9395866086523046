# Administrator screens: dashboard and device list.

dashboard-title = Dashboard
dashboard-counts = Site overview
dashboard-devices = Devices
dashboard-persons = Persons
dashboard-visitors-today = Visitors today
dashboard-chart-title = Device status
dashboard-chart-total = { $online } of { $total } online
dashboard-chart-segment = { $state }: { $count } devices ({ $percent }%). Show them.
dashboard-chart-percent = { $percent }%
dashboard-chart-hint = Tap a bar to list those devices.
area-filter-label = Area
area-all = All areas

devices-title-all = Devices
devices-title-online = Online devices
devices-title-offline = Offline devices
devices-title-disabled = Disabled devices
devices-count = { $count } listed
devices-empty = No devices match this filter.
devices-list-label = Devices
devices-filter-label = Device state
devices-filter-all = All
devices-in-area = Area: { $area }
device-sn = SN { $sn }

## Live feed
live-on = Live
live-connecting = Connecting to live events…
live-waiting = Live events offline; retrying in { $seconds } s
live-unread = New events: { $count }

## Alarm Center
alarms-title = Alarm Center
alarms-empty = No alarms match these filters.
alarm-summary-label = Today's alarms
alarm-summary-total = Total
alarm-summary-unconfirmed = Unconfirmed
alarm-summary-confirmed = Confirmed
alarm-search-label = Search alarms
alarm-search-placeholder = Search event or device
alarm-filter-range = Time
alarm-filter-level = Level
alarm-filter-resource = Device or door
alarm-range-today = Today
alarm-range-7d = Last 7 days
alarm-range-30d = Last 30 days
alarm-level-any = All levels
alarm-level-normal = Normal
alarm-level-exception = Exception
alarm-level-alarm = Alarm
alarm-resource-any = All devices
alarm-list-label = Alarms
alarm-title = { $event } @ { $device }
alarm-title-no-device = { $event }
alarm-has-photo = Photo captured
alarm-photo-alt = Photo captured with the alarm
alarm-no-photo = No photo captured
alarm-title-page = Alarm details
alarm-field-time = Time
alarm-field-event = Event
alarm-field-device = Device
alarm-field-source = Source
alarm-field-area = Area
alarm-field-person = Person
ack-title = Acknowledge
ack-title-done = Acknowledged
ack-remark = Remark
ack-remark-placeholder = What was done about it (optional)
ack-remaining = { $count } of { $max } characters left
ack-submit = Acknowledge
ack-by = By
ack-at = At
ack-no-remark = No remark
ack-error-too-long = The remark is too long: at most { $max } characters.

## Notification Center
notif-title = Notification Center
notif-empty = No notifications yet.
notif-list-label = Notifications
notif-open = Notifications
notif-open-unread = Notifications, { $count } unread
notif-door-connect = { $value ->
    [online] Door back online
    [offline] Door went offline
    [disabled] Door disabled
   *[other] Door connection: { $value }
}
notif-door-alarm = { $value ->
    [none] Door alarm cleared
   *[other] Door alarm: { $value }
}
notif-door-sensor = { $value ->
    [open] Door opened
    [close] Door closed
    [closed] Door closed
   *[other] Door sensor: { $value }
}
notif-door-relay = { $value ->
    [on] Lock released
    [off] Lock engaged
   *[other] Lock relay: { $value }
}
notif-device = { $value ->
    [online] Device online
    [offline] Device offline
    [disabled] Device disabled
   *[other] Device state: { $value }
}
notif-lockdown = Lockdown: { $name }
notif-other = { $name }

## Application Center
apps-title = Application Center
apps-devices = Devices
apps-devices-hint = Every device with its state, by area
apps-notifications-hint = Alarms and door and device changes
apps-more-later = More applications come in later versions.

## Remote Control
apps-doors-hint = Open a door, cancel its alarm
apps-lockdown-hint = Lock a group of doors down in an emergency
apps-activity-hint = Who did what, when and why
doors-title = Remote Control
doors-search-label = Search doors
doors-search-placeholder = Door name
doors-empty = No doors match.
doors-no-area = No area
door-open = Open
door-closed = Closed
door-unknown = State unknown
door-alarm = Alarm: { $alarm }
door-why-offline = Its device is offline: remote unlock is not possible.
door-why-disabled = Its device is disabled: remote unlock is not possible.
door-why-locked-down = Under lockdown ({ $groups }): remote unlock is refused.
door-seconds-label = Open for (s)
door-reason-label = Reason (optional)
door-reason-placeholder = e.g. courier
door-error-seconds = Choose { $min } to { $max } seconds.
door-error-reason-too-long = A reason is at most { $max } characters.
door-hold = Hold to unlock
door-hold-keep = Keep holding…
door-hold-aria = Unlock { $door } for { $seconds } seconds: hold for { $hold } seconds, or use the Unlock… button
door-unlock-alt = Unlock…
door-confirm = Unlock { $door } for { $seconds } seconds?
door-confirm-yes = Unlock
door-sending = Sending…
door-opened = Opened for { $seconds } s
door-closes-in = closes in { $left } s
door-retry = Send again
door-cancel-alarm = Cancel alarm
door-cancel-alarm-hint = Acknowledges the door's alarms in the app and closes the door.
door-alarm-cancelled = Alarm cancelled: { $count } acknowledged, door closed.
door-no-alarm-output-reset = CVSecurity's API cannot reset the device's alarm output (siren or relay): reset it at the device or in CVSecurity.
door-not-supported = CVSecurity's API cannot do this: { $what }.

## Remote Lockdown
lockdown-title = Remote Lockdown
lockdown-banner = Lockdown active: { $groups }
lockdown-safe = Safe
lockdown-activate = Activate lockdown
lockdown-safe-hint = No lockdown is active. Choose a group, press the button, then confirm.
lockdown-under = Under Lockdown
lockdown-by = By
lockdown-since = Since
lockdown-reason = Reason
lockdown-cancel = Cancel lockdown
lockdown-choose = Group to lock down
lockdown-confirm-activate = Lock down “{ $group }”? Every door of the group is closed and remote unlock is refused until you cancel.
lockdown-confirm-cancel = Cancel the lockdown of “{ $group }”? Its doors return to normal.
lockdown-confirm-yes = Lock down
lockdown-no-groups = No lockdown groups yet: create one below.
lockdown-groups = Groups
lockdown-state-active = Locked down
lockdown-state-safe = Normal
group-new = New group
group-name = Name
group-doors = Doors
group-create = Create group
group-error-name = Give the group a name.
group-error-doors = Choose at least one door.
group-edit = Edit
group-edit-label = Edit the group “{ $group }”
group-edit-title = Edit group
group-save = Save changes
group-delete = Delete
group-delete-label = Delete the group “{ $group }”
group-delete-active = Cancel the lockdown before deleting this group.
group-delete-confirm = Delete the group “{ $group }”? Its doors stay as they are.
group-delete-yes = Delete group

## Activity
activity-title = Activity
activity-empty = Nothing has been done yet.
activity-upstream = CVSecurity: { $answer }
audit-door-unlock = Unlocked { $target }
audit-door-cancel-alarm = Cancelled the alarm of { $target }
audit-lockdown-activate = Locked down { $target }
audit-lockdown-cancel = Cancelled the lockdown of { $target }
audit-alarm-ack = Acknowledged alarm { $target }
audit-login = Signed in
audit-other = { $action } { $target }

## Access Records
records-title = Access Records
apps-records-hint = Who went through which door, newest first
records-search-label = Search access records
records-search-placeholder = Person, ID, door or device
records-filter-door = Door
records-filter-door-all = All doors
records-filter-range = Time
records-range-any = Any time
records-list-label = Access records, newest first
records-empty = No access records yet.
records-empty-filtered = No access records match. Try another search or filter.
records-no-person = No person
records-open = Details of this record
records-details-title = Access record
records-photo-none = The device took no photo.
records-photo-alt = Photo the device captured
records-field-time = Time
records-field-event = Event
records-field-person = Person
records-field-pin = Personnel ID
records-field-department = Department
records-field-card = Card number
records-field-verify = Verification
records-field-door = Door
records-field-reader = Reader
records-field-device = Device
records-field-serial = Serial number
records-field-area = Area
records-field-event-no = Event number
records-field-level = Level
records-clear-filters = Clear search and filters

## Visitor List, registration, Visit Statistics
vis-title = Visitor List
apps-visitors-hint = Today's visitors; register one, check out
apps-stats-hint = Today's visitor flow and the month's top visitors
vis-summary-label = Today's visits
vis-card-all = Visitors today
vis-card-in = Not checked out
vis-card-out = Checked out
vis-waiting-count = { $count ->
    [one] One registration waits for CVSecurity and is sent as soon as it answers.
   *[other] { $count } registrations wait for CVSecurity and are sent as soon as it answers.
}
vis-register = Register visitor
vis-search-label = Search visitors
vis-search-placeholder = Visitor's name
vis-empty = No visitors today.
vis-list-label = Today's visits, newest first
vis-host = Visiting { $host }
vis-people = { $count ->
    [one] 1 person
   *[other] { $count } people
}
vis-photos = { $count ->
    [one] 1 photo
   *[other] { $count } photos
}
vis-left-at = left at { $time }
vis-status-waiting = Waiting for CVSecurity
vis-status-checked-in = On site
vis-status-checked-out = Checked out
vis-status-refused = Refused by CVSecurity
vis-waiting-why = Accepted by the gateway; CVSecurity could not be reached ({ $reason }). It is registered as soon as CVSecurity answers.
vis-refused-why = { $reason }
vis-checkout = Check out
vis-checkout-label = Check out { $name }
vis-id-card = ID card
vis-id-passport = Passport
vis-id-driver = Driver's licence
vis-id-work = Work permit
vis-id-other = Other ID
vis-field-name = First name
vis-field-last-name = Last name
vis-field-phone = Phone
vis-field-id-type = ID type
vis-field-id-number = ID number
vis-field-host = Host
vis-host-placeholder = Name or personnel ID
vis-field-start = Check-in
vis-field-end = Leaves by
vis-field-reason = Visit reason
vis-field-visitors = Number of visitors
vis-field-photos = Photos
vis-photos-hint = The licence plate or the goods the visitor brings (camera or file). Photos are made smaller before they are sent.
vis-photo-plate = Licence plate
vis-photo-goods = Goods
vis-photo-remove = Remove
vis-submit = Register
vis-up-host-missing = CVSecurity does not know this host.
vis-up-already-in = This visitor is already checked in.
vis-up-bad-id = CVSecurity does not accept this ID number.
stats-title = Visit Statistics
stats-hours = Visitors today by hour ({ $date })
stats-top = Top visitors of { $month }
stats-top-empty = No visits this month yet.
vis-unavailable = CVSecurity cannot be reached ({ $reason }): only the registrations waiting for it are shown.
