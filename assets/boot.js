// Starts the web build (a file of its own, so the Content-Security-Policy needs no inline script), and
// registers the service worker that keeps the app shell (installable, starts offline; never the API).
import init from "/assets/cvmobile.js";
init({ module_or_path: "/assets/cvmobile_bg.wasm" });
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(e => console.warn('service worker:', e));
}
