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
alarm-search-submit = Search
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
