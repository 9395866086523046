// Starts the web build (a file of its own, so the Content-Security-Policy needs no inline script).
import init from "/assets/cvmobile.js";
init({ module_or_path: "/assets/cvmobile_bg.wasm" });
