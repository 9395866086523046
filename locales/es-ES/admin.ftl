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

## Remote Control
apps-doors-hint = Abrir una puerta, cancelar su alarma
apps-lockdown-hint = Bloquear un grupo de puertas en una emergencia
apps-activity-hint = Quién hizo qué, cuándo y por qué
doors-title = Control remoto
doors-search-label = Buscar puertas
doors-search-placeholder = Nombre de la puerta
doors-empty = Ninguna puerta coincide.
doors-no-area = Sin área
door-open = Abierta
door-closed = Cerrada
door-unknown = Estado desconocido
door-alarm = Alarma: { $alarm }
door-why-offline = Su dispositivo está desconectado: no se puede abrir a distancia.
door-why-disabled = Su dispositivo está deshabilitado: no se puede abrir a distancia.
door-why-locked-down = Bajo bloqueo ({ $groups }): se rechaza la apertura remota.
door-seconds-label = Abierta (s)
door-reason-label = Motivo (opcional)
door-reason-placeholder = p. ej. mensajero
door-error-seconds = Elija de { $min } a { $max } segundos.
door-error-reason-too-long = Un motivo tiene como máximo { $max } caracteres.
door-hold = Mantener para abrir
door-hold-keep = Siga manteniendo…
door-hold-aria = Abrir { $door } durante { $seconds } segundos: mantenga pulsado { $hold } segundos o use el botón Abrir…
door-unlock-alt = Abrir…
door-confirm = ¿Abrir { $door } durante { $seconds } segundos?
door-confirm-yes = Abrir
door-sending = Enviando…
door-opened = Abierta durante { $seconds } s
door-closes-in = se cierra en { $left } s
door-retry = Enviar de nuevo
door-cancel-alarm = Cancelar alarma
door-cancel-alarm-hint = Confirma las alarmas de la puerta en la app y cierra la puerta.
door-alarm-cancelled = Alarma cancelada: { $count } confirmadas, puerta cerrada.
door-no-alarm-output-reset = La API de CVSecurity no puede restablecer la salida de alarma del dispositivo (sirena o relé): restablézcala en el dispositivo o en CVSecurity.
door-not-supported = La API de CVSecurity no puede hacer esto: { $what }.

## Remote Lockdown
lockdown-title = Bloqueo remoto
lockdown-banner = Bloqueo activo: { $groups }
lockdown-safe = Seguro
lockdown-activate = Activar bloqueo
lockdown-safe-hint = No hay ningún bloqueo activo. Elija un grupo, pulse el botón y confirme.
lockdown-under = Bajo bloqueo
lockdown-by = Por
lockdown-since = Desde
lockdown-reason = Motivo
lockdown-cancel = Cancelar bloqueo
lockdown-choose = Grupo que bloquear
lockdown-confirm-activate = ¿Bloquear «{ $group }»? Se cierran todas sus puertas y se rechaza la apertura remota hasta que lo cancele.
lockdown-confirm-cancel = ¿Cancelar el bloqueo de «{ $group }»? Sus puertas vuelven a la normalidad.
lockdown-confirm-yes = Bloquear
lockdown-no-groups = Aún no hay grupos de bloqueo: cree uno abajo.
lockdown-groups = Grupos
lockdown-state-active = Bloqueado
lockdown-state-safe = Normal
group-new = Nuevo grupo
group-name = Nombre
group-doors = Puertas
group-create = Crear grupo
group-error-name = Dé un nombre al grupo.
group-error-doors = Elija al menos una puerta.
group-edit = Editar
group-edit-label = Editar el grupo «{ $group }»
group-edit-title = Editar grupo
group-save = Guardar cambios
group-delete = Eliminar
group-delete-label = Eliminar el grupo «{ $group }»
group-delete-active = Cancele el bloqueo antes de eliminar este grupo.
group-delete-confirm = ¿Eliminar el grupo «{ $group }»? Sus puertas quedan como están.
group-delete-yes = Eliminar grupo

## Activity
activity-title = Actividad
activity-empty = Todavía no se ha hecho nada.
activity-upstream = CVSecurity: { $answer }
audit-door-unlock = Abrió { $target }
audit-door-cancel-alarm = Canceló la alarma de { $target }
audit-lockdown-activate = Bloqueó { $target }
audit-lockdown-cancel = Canceló el bloqueo de { $target }
audit-alarm-ack = Confirmó la alarma { $target }
audit-login = Inició sesión
audit-other = { $action } { $target }

## Access Records
records-title = Registros de acceso
apps-records-hint = Quién pasó por qué puerta, lo más reciente primero
records-search-label = Buscar registros de acceso
records-search-placeholder = Persona, ID, puerta o dispositivo
records-filter-door = Puerta
records-filter-door-all = Todas las puertas
records-filter-range = Periodo
records-range-any = Cualquier fecha
records-list-label = Registros de acceso, lo más reciente primero
records-empty = Aún no hay registros de acceso.
records-empty-filtered = Ningún registro coincide. Pruebe otra búsqueda u otro filtro.
records-no-person = Sin persona
records-open = Detalles de este registro
records-details-title = Registro de acceso
records-photo-none = El dispositivo no tomó foto.
records-photo-alt = Foto tomada por el dispositivo
records-field-time = Hora
records-field-event = Evento
records-field-person = Persona
records-field-pin = ID de personal
records-field-department = Departamento
records-field-card = Número de tarjeta
records-field-verify = Verificación
records-field-door = Puerta
records-field-reader = Lector
records-field-device = Dispositivo
records-field-serial = Número de serie
records-field-area = Área
records-field-event-no = Número de evento
records-field-level = Nivel
records-clear-filters = Quitar búsqueda y filtros

## Visitor List, registration, Visit Statistics
vis-title = Lista de visitantes
apps-visitors-hint = Visitantes de hoy; registrar uno, dar salida
apps-stats-hint = Flujo de visitantes de hoy y los más frecuentes del mes
vis-summary-label = Visitas de hoy
vis-card-all = Visitantes hoy
vis-card-in = Sin salida
vis-card-out = Con salida
vis-waiting-count = { $count ->
    [one] Un registro espera a CVSecurity y se enviará en cuanto responda.
   *[other] { $count } registros esperan a CVSecurity y se enviarán en cuanto responda.
}
vis-register = Registrar visitante
vis-search-label = Buscar visitantes
vis-search-placeholder = Nombre del visitante
vis-empty = Hoy no hay visitantes.
vis-list-label = Visitas de hoy, la más reciente primero
vis-host = Visita a { $host }
vis-people = { $count ->
    [one] 1 persona
   *[other] { $count } personas
}
vis-photos = { $count ->
    [one] 1 foto
   *[other] { $count } fotos
}
vis-left-at = salió a las { $time }
vis-status-waiting = Esperando a CVSecurity
vis-status-checked-in = En el recinto
vis-status-checked-out = Salida registrada
vis-status-refused = Rechazado por CVSecurity
vis-waiting-why = Aceptado por la pasarela; no se pudo contactar con CVSecurity ({ $reason }). Se registrará en cuanto CVSecurity responda.
vis-refused-why = { $reason }
vis-checkout = Dar salida
vis-checkout-label = Dar salida a { $name }
vis-id-card = DNI
vis-id-passport = Pasaporte
vis-id-driver = Permiso de conducir
vis-id-work = Permiso de trabajo
vis-id-other = Otro documento
vis-field-name = Nombre
vis-field-last-name = Apellidos
vis-field-phone = Teléfono
vis-field-id-type = Tipo de documento
vis-field-id-number = Número de documento
vis-field-host = Anfitrión
vis-host-placeholder = Nombre o ID de personal
vis-field-start = Entrada
vis-field-end = Sale antes de
vis-field-reason = Motivo de la visita
vis-field-visitors = Número de visitantes
vis-field-photos = Fotos
vis-photos-hint = La matrícula o la mercancía que trae el visitante (cámara o archivo). Las fotos se reducen antes de enviarlas.
vis-photo-plate = Matrícula
vis-photo-goods = Mercancía
vis-photo-remove = Quitar
vis-submit = Registrar
vis-up-host-missing = CVSecurity no conoce a este anfitrión.
vis-up-already-in = Este visitante ya está dentro.
vis-up-bad-id = CVSecurity no acepta este número de documento.
stats-title = Estadísticas de visitas
stats-hours = Visitantes de hoy por hora ({ $date })
stats-top = Visitantes más frecuentes de { $month }
stats-top-empty = Aún no hay visitas este mes.
vis-unavailable = No se puede contactar con CVSecurity ({ $reason }): solo se muestran los registros que esperan a CVSecurity.
