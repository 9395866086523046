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

## Centro de alarmas
alarms-title = Centro de alarmas
alarms-empty = Ninguna alarma coincide con estos filtros.
alarm-summary-label = Alarmas de hoy
alarm-summary-total = Total
alarm-summary-unconfirmed = Sin confirmar
alarm-summary-confirmed = Confirmadas
alarm-search-label = Buscar alarmas
alarm-search-placeholder = Buscar evento o dispositivo
alarm-search-submit = Buscar
alarm-filter-range = Periodo
alarm-filter-level = Nivel
alarm-filter-resource = Dispositivo o puerta
alarm-range-today = Hoy
alarm-range-7d = Últimos 7 días
alarm-range-30d = Últimos 30 días
alarm-level-any = Todos
alarm-level-normal = Normal
alarm-level-exception = Excepción
alarm-level-alarm = Alarma
alarm-resource-any = Todos
alarm-list-label = Alarmas
alarm-title = { $event } @ { $device }
alarm-title-no-device = { $event }
alarm-has-photo = Foto capturada
alarm-photo-alt = Foto capturada con la alarma
alarm-no-photo = Sin foto capturada
alarm-title-page = Detalle de la alarma
alarm-field-time = Hora
alarm-field-event = Evento
alarm-field-device = Dispositivo
alarm-field-source = Origen
alarm-field-area = Área
alarm-field-person = Persona
ack-title = Confirmar
ack-title-done = Confirmada
ack-remark = Observación
ack-remark-placeholder = Qué se hizo al respecto (opcional)
ack-remaining = Quedan { $count } de { $max } caracteres
ack-submit = Confirmar
ack-by = Por
ack-at = Fecha
ack-no-remark = Sin observación
ack-error-too-long = La observación es demasiado larga: { $max } caracteres como máximo.

## Centro de notificaciones
notif-title = Centro de notificaciones
notif-empty = Aún no hay notificaciones.
notif-list-label = Notificaciones
notif-open = Notificaciones
notif-open-unread = Notificaciones, { $count } sin leer
notif-door-connect = { $value ->
    [online] Puerta de nuevo en línea
    [offline] Puerta fuera de línea
    [disabled] Puerta deshabilitada
   *[other] Conexión de la puerta: { $value }
}
notif-door-alarm = { $value ->
    [none] Alarma de la puerta despejada
   *[other] Alarma de la puerta: { $value }
}
notif-door-sensor = { $value ->
    [open] Puerta abierta
    [close] Puerta cerrada
    [closed] Puerta cerrada
   *[other] Sensor de la puerta: { $value }
}
notif-door-relay = { $value ->
    [on] Cerradura liberada
    [off] Cerradura bloqueada
   *[other] Relé de la cerradura: { $value }
}
notif-device = { $value ->
    [online] Dispositivo en línea
    [offline] Dispositivo fuera de línea
    [disabled] Dispositivo deshabilitado
   *[other] Estado del dispositivo: { $value }
}
notif-lockdown = Bloqueo: { $name }
notif-other = { $name }

## Centro de aplicaciones
apps-title = Centro de aplicaciones
apps-devices = Dispositivos
apps-devices-hint = Todos los dispositivos con su estado, por área
apps-notifications-hint = Alarmas y cambios de puertas y dispositivos
apps-more-later = Más aplicaciones llegarán en próximas versiones.
