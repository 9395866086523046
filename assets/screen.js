// My Credentials' screen helper (run by `document::eval`; `dioxus` is its channel). Keeps the screen awake
// while the credential is shown (Screen Wake Lock, where the browser or webview has it), takes the lock
// again when the page comes back to the foreground (browsers drop it when hidden), and reports
// {visible: true} then, so the app fetches a fresh code. It releases the lock and ends by itself when
// the credential leaves the page, so leaving the screen always restores the normal screen timeout.
let lock = null;
const el = () => document.getElementById('credential');
async function acquire() {
  if (!('wakeLock' in navigator) || document.visibilityState !== 'visible' || !el()) {
    dioxus.send({ wake: false });
    return;
  }
  try {
    lock = await navigator.wakeLock.request('screen');
    lock.addEventListener('release', () => { lock = null; });
    dioxus.send({ wake: true });
  } catch (e) {
    dioxus.send({ wake: false });
  }
}
function onVisibility() {
  if (document.visibilityState === 'visible') {
    dioxus.send({ visible: true });
    acquire();
  }
}
document.addEventListener('visibilitychange', onVisibility);
// The element may be drawn a moment after the script starts.
for (let i = 0; i < 20 && !el(); i++) await new Promise(r => setTimeout(r, 50));
await acquire();
while (el()) await new Promise(r => setTimeout(r, 500));
document.removeEventListener('visibilitychange', onVisibility);
if (lock) { try { await lock.release(); } catch (e) {} }
