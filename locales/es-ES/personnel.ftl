# Pantallas de personal.

me-personnel-id = ID de personal
me-department = Departamento

nav-notifications = Notificaciones
notif-unread = { $count } sin leer

# Personal › Centro de notificaciones
records-mine-title = Centro de notificaciones
record-granted = Acceso concedido
record-denied = Denegado: { $reason }
records-mine-empty = Aún no hay registros de acceso. Sus entradas aparecen aquí en cuanto un lector las registra.

# Personal › Centro de aplicaciones
apps-credential-hint = Su código QR para mostrar en un lector

# Personal › Mis credenciales
cred-title = Mis credenciales
cred-pin = ID de personal { $pin }
cred-qr-label = Su código QR de acceso. Acérquelo al lector.
cred-tap-refresh = Obtener un código nuevo
cred-valid-for = { $seconds ->
    [one] Válido durante 1 segundo
   *[other] Válido durante { $seconds } segundos
}
cred-hint = Acerque el código al lector. Llega un código nuevo antes de que este caduque; tóquelo para obtener uno nuevo ahora.
cred-awake = La pantalla permanece encendida mientras se muestra su código.
cred-brightness = Suba el brillo de la pantalla si el lector no reconoce el código.
cred-offline = Ahora no se puede obtener un código nuevo. El código mostrado sigue siendo válido { $seconds } s.
cred-no-code = No se puede mostrar un código válido: no se pudo obtener uno nuevo.
cred-expired = Este código ha caducado. Obteniendo uno nuevo…
