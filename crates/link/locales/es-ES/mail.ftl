# El correo de invitación que cvlink envía a un visitante (HTML y texto; el evento .ics).
mail-subject = Su visita a { $org } el { $date }
mail-greeting = Hola { $name }:
mail-invited = { $host } le ha invitado a { $org }.
mail-when = Cuándo
mail-reason = Motivo
mail-visitors = Visitantes
mail-remarks = Observaciones
mail-qr-help = Muestre este código QR en el lector al llegar. Abre la puerta una vez, durante su visita.
mail-qr-alt = Su código QR de entrada
mail-calendar = El archivo de calendario adjunto añade la visita a su calendario.
mail-footer = Enviado por { $org } con cvmobile. Si no esperaba esta invitación, puede ignorar este correo.
mail-event = Visita a { $org }
