// Background notifications (run by `document::eval`; `dioxus` is its channel). The preference lives in
// localStorage["cvmobile.notify"] ("on"/"off"); the browser's permission is asked only when the user
// switches them on. Commands: "state" | "enable" | "disable"; each answers {supported, permission, on}.
const KEY = 'cvmobile.notify';
const state = () => {
  const supported = 'Notification' in window;
  const permission = supported ? Notification.permission : 'unsupported';
  let on = false;
  try { on = localStorage.getItem(KEY) === 'on' && permission === 'granted'; } catch (e) {}
  return { supported, permission, on };
};
const stored = () => { try { return localStorage.getItem(KEY); } catch (e) { return null; } };
const cmd = await dioxus.recv();
if (cmd === 'state' && 'Notification' in window && Notification.permission === 'default' && stored() === 'on') {
  // Switched on earlier, but the permission was not kept (the desktop webview forgets it at exit, and
  // the app grants its own page again): ask once more.
  try { await Notification.requestPermission(); } catch (e) {}
}
if (cmd === 'enable' && 'Notification' in window) {
  let p = Notification.permission;
  if (p === 'default') {
    try { p = await Notification.requestPermission(); } catch (e) {}
  }
  try { localStorage.setItem(KEY, p === 'granted' ? 'on' : 'off'); } catch (e) {}
} else if (cmd === 'disable') {
  try { localStorage.setItem(KEY, 'off'); } catch (e) {}
}
dioxus.send(state());
