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

# Personal › Aplicaciones › Invitación de visitantes
apps-invitations-hint = Invite a un visitante: recibe un código QR por correo
inv-title = Invitación de visitantes
inv-new = Nueva invitación
inv-empty = Aún no hay invitaciones. Invite a un visitante y recibirá un código QR por correo.
inv-reinvite = Reinvitar
inv-details = Invitación
inv-submit = Enviar invitación
inv-sending = Enviando…
inv-when = Cuándo
inv-reason-choose = Elija un motivo
inv-field-first-name = Nombre
inv-field-last-name = Apellidos
inv-field-email = Correo electrónico
inv-field-mobile = Móvil
inv-field-start = Inicio
inv-field-end = Fin
inv-field-reason = Motivo de la visita
inv-field-visitors = Número de visitantes
inv-field-remarks = Observaciones
inv-qr-label = Código QR de la invitación de { $name }
inv-qr-help = El visitante muestra este código en el lector; abre la puerta una vez, durante la visita.
inv-save-qr = Guardar código QR
inv-required = Obligatorio.
inv-too-long = Como máximo { $max } caracteres.
inv-not-email = No es una dirección de correo.
inv-not-phone = No es un número de teléfono.
inv-not-time = No es una fecha y hora.
inv-end-before-start = El fin debe ser posterior al inicio.
inv-visitor-count = Entre 1 y 99.
inv-special-chars = Quite caracteres como < > " ' & ; / | $ (CVSecurity no los acepta).
inv-refused = No aceptado: { $detail }
inv-up-already-reserved = Este visitante ya está invitado para esa hora.
inv-up-during-visit = Este visitante está ahora en el recinto: no hace falta invitación durante la visita.
inv-up-date-wrong = CVSecurity no acepta estas horas.
inv-up-blocked = Este visitante está en la lista de bloqueo: consulte a seguridad.
inv-up-other = CVSecurity rechazó este campo (error { $code }).
inv-status-pending = Pendiente
inv-status-used = Usada
inv-status-expired = Caducada
inv-mail-sent = Correo enviado.
inv-mail-queued = Correo en cola: se está enviando.
inv-mail-retrying = Correo aún no enviado: no se pudo contactar con el servidor de correo. Se reintenta automáticamente; la invitación es válida.
inv-mail-failed = Correo no entregado: el servidor de correo lo rechazó. Comparta el código QR de otra forma o consulte a un administrador.
inv-mail-not-configured = Correo en espera: este sitio aún no tiene servidor de correo. La invitación es válida; comparta el código QR de otra forma o consulte a un administrador.
inv-mail-reason = Motivo: { $reason }

# Personal › Yo › Cambiar contraseña
pw-title = Cambiar contraseña
pw-hint = Para entrar en esta aplicación
pw-note = La nueva contraseña es solo para esta aplicación. La contraseña del portal web de CVSecurity no cambia.
pw-current = Contraseña actual
pw-new = Nueva contraseña
pw-again = Repita la nueva contraseña
pw-rule = Al menos 8 caracteres y difícil de adivinar: unas cuantas palabras sin relación funcionan bien.
pw-submit = Cambiar contraseña
pw-done = Contraseña cambiada. Sigue conectado aquí; sus otros dispositivos se han desconectado.
pw-mismatch = Las dos contraseñas nuevas no coinciden.
pw-current-wrong = La contraseña actual no es correcta.
pw-weak = Demasiado débil: { $reason }
