# Compartido por todas las pantallas: acceso, navegación, errores, Yo.

app-title = cvmobile
loading = Cargando…
action-back = Atrás
action-refresh = Actualizar
action-cancel = Cancelar
action-retry = Reintentar
empty-default = No hay nada que mostrar aquí.
nav-label = Navegación principal
nav-dashboard = Panel
nav-me = Yo
nav-alarms = Alarmas
nav-apps = Aplicaciones
list-load-more = Cargar más
list-end = No hay más.

## Acceso

login-title = Iniciar sesión
login-subtitle = El control de acceso de su sitio, en el bolsillo.
login-role = Soy
role-admin = Administrador
role-admin-hint = Gestionar el sitio
role-personnel = Personal
role-personnel-hint = Empleados, alumnos, residentes
login-org-code = Código de organización
login-org-code-placeholder = cvmobile://org?v=1&n=…
login-org-code-hint = Pegue el texto del código o elija una foto del código QR que imprimió su administrador.
login-org-image = Imagen QR
login-account = Cuenta
login-personnel-id = ID de personal
login-password = Contraseña
login-submit = Entrar
login-step-restoring = Recuperando su sesión…
login-step-checking-server = Comprobando el servidor…
login-step-signing-in = Entrando…
login-step-loading-profile = Cargando su perfil…

login-error-role-required = Indique si es administrador o personal.
login-error-account-required = Escriba su cuenta o su ID de personal.
login-error-password-required = Escriba su contraseña.
login-error-no-qr = No se encontró ningún código QR en esa imagen.
login-error-image-unreadable = Ese archivo no es una imagen que la aplicación pueda leer (use PNG o JPEG).

org-code-error-empty = Escriba el código de organización.
org-code-error-too-long = Este código de organización es demasiado largo para ser válido.
org-code-error-not-org-code = Esto no es un código de organización de cvmobile.
org-code-error-unsupported-version = Este código de organización (versión { $version }) es más reciente que la aplicación. Actualice la aplicación.
org-code-error-missing-name = Este código de organización no tiene nombre de organización.
org-code-error-missing-url = Este código de organización no tiene dirección de servidor.
org-code-error-too-many-urls = Este código de organización tiene demasiadas direcciones de servidor.
org-code-error-invalid-url = La dirección de servidor «{ $url }» de este código no es válida.
org-code-error-insecure-url = La dirección de servidor «{ $url }» no usa HTTPS, así que no es de confianza.
org-code-error-missing-fingerprint = Este código de organización no tiene la huella de la clave del servidor.
org-code-error-invalid-fingerprint = La huella de la clave del servidor de este código está dañada.
org-code-error-help = Escanee de nuevo el código QR o pida a su administrador un código nuevo.

## Errores

error-other-server = Este código de organización es de otro servidor.
error-other-server-help = El servidor que ha abierto no es el del código. Use el código de este sitio o abra la aplicación en la dirección de su organización.
error-key-mismatch = La clave del servidor cambió: este servidor no demostró ser el de su código de organización.
error-key-mismatch-help = Si su administrador emitió un código de organización nuevo (una clave nueva o un servidor reinstalado), cierre sesión y escanee el código nuevo. Si no, no continúe en esta red: alguien podría estar escuchando.
error-unreachable = No se puede contactar con el servidor.
error-unreachable-help = Compruebe su conexión. Si continúa, puede que el servidor o el relé del sitio estén caídos.
error-tls = Falló la conexión segura: { $detail }
error-decode = El servidor envió una respuesta que la aplicación no entiende. Puede que haya que actualizar la aplicación o el servidor.
error-invalid-credentials = Cuenta o contraseña incorrectas.
error-invalid-credentials-help = El personal usa su ID de personal y la misma contraseña que en el autoservicio web.
error-app-login-disabled = Unauthorized APP login (acceso desde la aplicación no autorizado)
error-app-login-disabled-help = El acceso desde la aplicación no está activado para usted. Pida a un administrador que ejecute: cvlink app-login enable { $id }
error-too-many-attempts = Demasiados intentos. Espere un momento y vuelva a intentarlo.
error-too-many-attempts-wait = Demasiados intentos. Vuelva a intentarlo en { $seconds } segundos.
error-session-expired = Su sesión ha caducado.
error-session-expired-help = Inicie sesión de nuevo para continuar.
error-forbidden = Su cuenta no tiene permiso para hacer esto.
error-not-found = No encontrado.
error-validation = El servidor rechazó un valor ({ $field }).
error-upstream-unavailable = La pasarela no puede contactar con el servidor de control de acceso (CVSecurity).
error-upstream-error = El servidor de control de acceso informó de un error (código { $code }).
error-upstream-unsupported = El servidor de control de acceso no admite esta función.
error-device-offline = El dispositivo de la puerta está desconectado o deshabilitado; no se le envió nada.
error-locked-down = La puerta está en cierre de emergencia: no se puede abrir a distancia hasta que se cancele.
error-payload-too-large = Lo enviado es demasiado grande para el servidor. Pruebe con una foto más pequeña.
error-outcome-unknown = El servidor se reinició mientras hacía esto; no se sabe si se hizo. Compruébelo antes de volver a intentarlo.
error-person-disabled = Su acceso está desactivado en CVSecurity, por lo que no se puede emitir una credencial.
error-person-disabled-help = Pida a un administrador que active su ficha de personal en CVSecurity.
error-internal = Algo falló en el servidor. Inténtelo más tarde.

## Yo

me-title = Yo
me-section-account = Cuenta
me-account = Cuenta
me-org = Organización
me-section-about = Acerca de
me-version = Versión
me-version-value = Aplicación { $app } · servidor { $server }
me-logout = Cerrar sesión
me-org-code = Mostrar el código de organización
me-org-code-hint = Un compañero puede iniciar sesión en { $org } escaneando este código con cvmobile. Solo contiene las direcciones y la clave del servidor, ninguna contraseña.
me-org-code-label = Código de organización de { $org }
qr-too-long = Este código es demasiado largo para mostrarlo como QR.

device-state-online = En línea
device-state-offline = Sin conexión
device-state-disabled = Desactivado

not-found-title = Página no encontrada
not-found-body = No hay nada en { $path }.
not-found-home = Ir al inicio

## Escáner con la cámara
login-scan-camera = Escanear con la cámara
login-org-found = Organización: { $name }
scanner-title = Escanee el código de organización
scanner-instructions = Apunte la cámara al código QR que imprimió su administrador.
scanner-starting = Iniciando la cámara…
scanner-wrong-code = Este código QR no es un código de organización. Busque el código de organización de cvmobile.
scanner-close = Cerrar la cámara
scanner-torch-on = Encender la luz
scanner-torch-off = Apagar la luz
scanner-paste = Pegar el código
scanner-image = Elegir una imagen del QR
scanner-error-denied = Se rechazó el permiso de la cámara.
scanner-error-denied-help = Para escanear, permita la cámara para esta aplicación (en el navegador: el icono de la cámara en la barra de direcciones o la configuración del sitio; en el teléfono: Ajustes › Aplicaciones › cvmobile › Permisos). O bien pegue el código o elija una foto del mismo.
scanner-error-no-camera = No se encontró ninguna cámara.
scanner-error-unavailable = No se pudo iniciar la cámara; puede que otra aplicación la esté usando.
scanner-error-alternatives = Pegue el código o elija una foto del código QR.

# Yo: notificaciones en segundo plano y la política de privacidad (ambos roles)
notify-label = Notificaciones en segundo plano
notify-checking = Comprobando lo que permite este dispositivo…
notify-unsupported = Este dispositivo o navegador no puede mostrar notificaciones.
notify-denied = Las notificaciones están bloqueadas para esta aplicación en los ajustes del navegador o del sistema.
notify-on = Activadas: las alarmas (administradores) o sus propios registros de acceso (personal) se muestran con la aplicación en segundo plano.
notify-off = Desactivadas. Actívelas para enterarse de los eventos nuevos con la aplicación en segundo plano.
notify-on-android = Activadas: las alarmas (administradores) o sus propios registros de acceso (personal) se muestran con la aplicación en segundo plano. Mientras escucha queda una notificación discreta «Escuchando los eventos del sitio»; al cerrar la aplicación se detiene.
notify-ios = iOS solo deja que una aplicación reciba eventos mientras está abierta: avisar en segundo plano requeriría un servicio de notificaciones push a través de Apple, que la pasarela propia de su organización no usa. Los eventos nuevos se muestran en la aplicación mientras está abierta; la autoprueba de abajo muestra que el camino funciona.
notify-failed = No se pudieron activar las notificaciones en segundo plano en este teléfono. Inténtelo de nuevo o reinicie la aplicación.
notify-channel = Eventos del sitio
notify-service-channel = Escucha en segundo plano
notify-service-title = Escuchando los eventos del sitio
notify-service-text = Las alarmas o sus registros de acceso se muestran como notificaciones mientras cvmobile funciona en segundo plano.
notify-service-stop = Desactivar
privacy-title = Política de privacidad
privacy-open = Leer
privacy-intro = cvmobile lo gestiona su organización. La aplicación solo habla con la pasarela de su sitio (cvlink), en el servidor de su propia organización; nada va a los autores de cvmobile ni a terceros. No hay seguimiento ni analíticas.
privacy-phone-title = En este dispositivo
privacy-phone = Su sesión (tokens de acceso y de renovación) en el almacenamiento del navegador o en el llavero del sistema, y sus ajustes (como las notificaciones en segundo plano). Al cerrar sesión se elimina.
privacy-gateway-title = En la pasarela
privacy-gateway = Sus sesiones; los eventos de acceso y las alarmas del sitio (90 días salvo que su administrador fije otro plazo); las confirmaciones de alarmas y un registro de las acciones hechas en la aplicación (quién, cuándo, por qué, la respuesta de CVSecurity); las invitaciones que envía, con el nombre, correo y teléfono del visitante, y los correos pendientes de envío; y, si la establece, su contraseña de la aplicación como hash argon2, nunca la contraseña en sí.
privacy-cvsecurity-title = Desde CVSecurity
privacy-cvsecurity = Su ficha de personal, sus registros de acceso y su credencial QR vienen del servidor ZKBio CVSecurity de su organización, que la pasarela lee con su propio secreto; la aplicación nunca tiene ese secreto.
privacy-notifications-title = Notificaciones
privacy-notifications = Las notificaciones en segundo plano las muestra el navegador o el sistema de este dispositivo a partir de eventos que la aplicación ya recibe; no se usa ningún servicio de envío.
privacy-contact-title = Preguntas
privacy-contact = Para ver, corregir o eliminar datos sobre usted, consulte al administrador de su organización.
form-too-many = Como máximo { $max } elementos.
form-not-picture = Solo imágenes JPEG, PNG o WebP.
form-too-large = Una imagen puede ocupar como máximo { $max } KB.

me-section-connection = Conexión
me-route = Conectado a través de
me-route-lan = Red del sitio
me-route-relay = Relé
me-route-direct = Este equipo
me-server = Servidor
status-title = Conexión del sitio
status-upstream = CVSecurity
status-reachable = Accesible
status-unreachable = No accesible
status-relay = Túnel del relé
relay-online = En línea
relay-connecting = Conectando
relay-offline = Fuera de línea
relay-not-configured = No configurado
status-since = desde { $time }
notif-test = Notificación de prueba: este dispositivo recibe los eventos de su sitio.
selftest-title = Notificaciones de prueba
selftest-send = Enviarme una notificación de prueba
selftest-sending = Enviando una notificación de prueba…
selftest-waiting = Enviada. Esperando a que vuelva por la conexión en vivo…
selftest-back = Volvió en { $ms } ms: este dispositivo recibe los eventos de su sitio.
selftest-silent = No volvió en 10 segundos: este dispositivo no recibe eventos en vivo ahora mismo.
selftest-silent-help = La aplicación se reconecta sola. Compruebe la red; si continúa, un cortafuegos o proxy puede estar cortando las conexiones largas con el servidor.
me-last-event = Último evento recibido
me-last-event-none = Ninguno todavía
me-last-event-secs = hace { $n } s
me-last-event-mins = hace { $n } min
me-last-event-hours = hace { $n } h
toast-dismiss = Descartar
