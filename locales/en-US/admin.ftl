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
