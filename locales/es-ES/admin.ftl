# Pantallas de administrador: panel y lista de dispositivos.

dashboard-title = Panel
dashboard-counts = Resumen del sitio
dashboard-devices = Dispositivos
dashboard-persons = Personas
dashboard-visitors-today = Visitas de hoy
dashboard-chart-title = Estado de los dispositivos
dashboard-chart-total = { $online } de { $total } en línea
dashboard-chart-segment = { $state }: { $count } dispositivos ({ $percent } %). Mostrarlos.
dashboard-chart-percent = { $percent } %
dashboard-chart-hint = Toque una barra para ver esos dispositivos.
area-filter-label = Zona
area-all = Todas las zonas

devices-title-all = Dispositivos
devices-title-online = Dispositivos en línea
devices-title-offline = Dispositivos sin conexión
devices-title-disabled = Dispositivos desactivados
devices-count = { $count } en la lista
devices-empty = Ningún dispositivo coincide con este filtro.
devices-list-label = Dispositivos
devices-filter-label = Estado del dispositivo
devices-filter-all = Todos
devices-in-area = Zona: { $area }
device-sn = N.º de serie { $sn }

## Eventos en vivo
live-on = En vivo
live-connecting = Conectando con los eventos en vivo…
live-waiting = Eventos en vivo sin conexión; se reintenta en { $seconds } s
live-unread = Eventos nuevos: { $count }
