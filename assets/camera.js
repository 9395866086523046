// The camera side of the login scanner, run through dioxus' eval (`dioxus` is the channel to Rust).
// It opens the back camera into #scanner-video and answers Rust's requests: "frame" (the current
// picture as luma, longer side at most 960 px), {torch: bool}, "stop". Decoding happens in Rust.
// It stops the camera by itself when the viewfinder leaves the page, so leaving the screen always does.
// After reporting an error it waits for Rust's "stop" before ending: on desktop, an eval that ends
// drops its channel, and a message not yet read would be lost with it.
const MAX_SIDE = 960;
const FRAME_MS = 120;
const fail = async (name) => {
  dioxus.send({ type: 'error', name });
  await Promise.race([dioxus.recv(), new Promise(r => setTimeout(r, 10000))]);
};
const md = navigator.mediaDevices;
if (!md || !md.getUserMedia) {
  await fail('NoMediaDevices');
  return;
}
let stream;
try {
  stream = await md.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
} catch (e) {
  await fail((e && e.name) || 'Error');
  return;
}
const track = stream.getVideoTracks()[0];
const stop = () => stream.getTracks().forEach(t => t.stop());
let video = null;
for (let i = 0; i < 50 && !video; i++) {
  video = document.getElementById('scanner-video');
  if (!video) await new Promise(r => setTimeout(r, 20));
}
if (!video) { stop(); return; }
video.srcObject = stream;
try { await video.play(); } catch (_) { /* muted + playsinline: autoplay is allowed */ }
const caps = (track && track.getCapabilities) ? track.getCapabilities() : {};
dioxus.send({ type: 'started', torch: !!caps.torch });

const canvas = document.createElement('canvas');
const ctx = canvas.getContext('2d', { willReadFrequently: true });
let last = 0;
const TIMEOUT = {};
let next = dioxus.recv();
for (;;) {
  const msg = await Promise.race([next, new Promise(r => setTimeout(() => r(TIMEOUT), 1000))]);
  if (msg === TIMEOUT) {
    if (!video.isConnected) { stop(); return; }
    continue;
  }
  next = dioxus.recv();
  if (msg === 'stop' || !video.isConnected) { stop(); video.srcObject = null; return; }
  if (msg && typeof msg === 'object' && 'torch' in msg) {
    try { await track.applyConstraints({ advanced: [{ torch: !!msg.torch }] }); } catch (_) {}
    continue;
  }
  if (msg !== 'frame') continue;
  const wait = last + FRAME_MS - performance.now();
  if (wait > 0) await new Promise(r => setTimeout(r, wait));
  last = performance.now();
  const vw = video.videoWidth, vh = video.videoHeight;
  if (!vw || !vh) { dioxus.send({ type: 'frame', w: 0, h: 0, luma: '' }); continue; }
  const scale = Math.min(1, MAX_SIDE / Math.max(vw, vh));
  const w = Math.round(vw * scale), h = Math.round(vh * scale);
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  ctx.drawImage(video, 0, 0, w, h);
  const rgba = ctx.getImageData(0, 0, w, h).data;
  const luma = new Uint8Array(w * h);
  for (let i = 0, j = 0; j < luma.length; i += 4, j++) {
    luma[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
  }
  // One char per byte (U+0000..U+00FF): a compact string for the channel, read back byte for byte.
  let s = '';
  for (let k = 0; k < luma.length; k += 8192) {
    s += String.fromCharCode.apply(null, luma.subarray(k, k + 8192));
  }
  dioxus.send({ type: 'frame', w, h, luma: s });
}
