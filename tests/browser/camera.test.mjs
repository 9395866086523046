// The login scanner in headless Chromium: a fake camera plays a generated video of the demo's org code
// (moving and slightly blurred), the app decodes its frames in Rust (wasm) and the user logs in; and a
// refused permission or a missing camera offers the paste and image alternatives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ARGS, CHROMIUM, focusProblems, phonePage, shot, startDemo, waitFor } from './demo.mjs';

let demo, info, dir, video;
const W = 640, H = 480, FPS = 15, SECONDS = 3;

before(async () => {
  demo = await startDemo();
  ({ info, dir } = demo);
  video = join(dir, 'org-code.y4m');
  writeFileSync(video, await orgCodeVideo(join(dir, 'org-code.png')));
});

after(() => demo?.stop());

/** The QR picture as luma, read by Chromium itself (no PNG decoder needed in Node). */
async function pngLuma(file) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const p = await browser.newPage();
    const url = `data:image/png;base64,${readFileSync(file).toString('base64')}`;
    return await p.evaluate(async url => {
      const img = new Image();
      img.src = url;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const luma = [];
      for (let i = 0; i < d.length; i += 4) luma.push((d[i] * 77 + d[i + 1] * 150 + d[i + 2] * 29) >> 8);
      return { w: c.width, h: c.height, luma };
    }, url);
  } finally {
    await browser.close();
  }
}

/** A YUV4MPEG2 video (grey: U = V = 128) of the QR held in front of the camera: it drifts a few pixels
 * each frame and is box-blurred, like a hand-held phone. */
async function orgCodeVideo(png) {
  const qr = await pngLuma(png);
  const side = 300;
  const frames = [Buffer.from(`YUV4MPEG2 W${W} H${H} F${FPS}:1 Ip A1:1 C420jpeg\n`)];
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  for (let f = 0; f < FPS * SECONDS; f++) {
    const t = (f / (FPS * SECONDS)) * 2 * Math.PI;
    const ox = Math.round((W - side) / 2 + 14 * Math.sin(t));
    const oy = Math.round((H - side) / 2 + 10 * Math.cos(t));
    const sharp = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        // A desk under uneven light, and the QR on it.
        let v = 150 + Math.round(40 * x / W) - Math.round(30 * y / H);
        const qx = x - ox, qy = y - oy;
        if (qx >= 0 && qy >= 0 && qx < side && qy < side) {
          v = qr.luma[Math.floor(qy * qr.h / side) * qr.w + Math.floor(qx * qr.w / side)] > 128 ? 225 : 35;
        }
        sharp[y * W + x] = v;
      }
    }
    const blurred = Buffer.alloc(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let sum = 0, n = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy, xx = x + dx;
            if (yy >= 0 && yy < H && xx >= 0 && xx < W) { sum += sharp[yy * W + xx]; n++; }
          }
        }
        blurred[y * W + x] = Math.round(sum / n);
      }
    }
    frames.push(Buffer.from('FRAME\n'), blurred, chroma);
  }
  return Buffer.concat(frames);
}


async function camera(extraArgs) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, '--use-fake-device-for-media-stream', ...extraArgs] });
}

async function openScanner(p) {
  await p.goto(info.web_url);
  await p.click('#role-admin');
  await p.click('#scan-camera');
  await p.waitForSelector('#scanner');
}

test('scanning the org code with the camera logs the admin in', async () => {
  const browser = await camera(['--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
  try {
    const p = await phonePage(browser, 'light');
    await p.context().grantPermissions(['camera']);
    await openScanner(p);
    await waitFor(async () => (await p.inputValue('#org-code')) === info.org_code, 'the scanned org code', 30_000);
    assert.equal(await p.locator('#scanner').count(), 0, 'the viewfinder closes');
    assert.match(await p.locator('#org-found').innerText(), /Organization: /);
    await waitFor(() => p.evaluate(() => !document.querySelector('video')), 'no video left');
    await shot(p, 'scanner-found-light');
    await p.fill('#account', info.admin.account);
    await p.fill('#password', info.admin.password);
    await p.click('#login-submit');
    await p.waitForSelector('#dash-persons');
  } finally {
    await browser.close();
  }
});

test('the viewfinder shows the camera, and closing it stops the camera', async () => {
  // Chromium's own fake picture holds no QR: the viewfinder stays open.
  const browser = await camera(['--use-fake-ui-for-media-stream']);
  try {
    for (const theme of ['light', 'dark']) {
      const p = await phonePage(browser, theme);
      await openScanner(p);
      await waitFor(() => p.evaluate(() => {
        const v = document.getElementById('scanner-video');
        return !!v && v.readyState >= 2 && !!v.srcObject;
      }), 'the camera picture', 15_000);
      await p.waitForSelector('#scanner-hint');
      await new Promise(r => setTimeout(r, 500));
      await shot(p, `scanner-${theme}`);
      const track = await p.evaluateHandle(() => document.getElementById('scanner-video').srcObject.getVideoTracks()[0]);
      // The close button has the focus, Tab goes through the viewfinder's controls with a visible ring;
      // Escape closes too.
      assert.equal(await p.evaluate(() => document.activeElement?.id), 'scanner-close');
      const keys = await focusProblems(p);
      assert.deepEqual(keys.problems, [], `keyboard in the viewfinder (${theme}): ${keys.order.join(' → ')}`);
      if (theme === 'light') await p.click('#scanner-close'); else await p.keyboard.press('Escape');
      await p.waitForSelector('#scanner', { state: 'detached' });
      await waitFor(() => p.evaluate(() => document.activeElement?.id === 'scan-camera'), 'focus back on the camera button');
      await waitFor(() => track.evaluate(t => t.readyState === 'ended'), 'the camera to stop', 5_000);
      await p.context().close();
    }
  } finally {
    await browser.close();
  }
});

for (const theme of ['light', 'dark']) {
  test(`a refused camera permission says so and offers paste and image (${theme})`, async () => {
    const browser = await camera(['--deny-permission-prompts']);
    try {
      const p = await phonePage(browser, theme);
      await openScanner(p);
      await p.waitForSelector('#scanner-error');
      assert.match(await p.locator('#scanner-error').innerText(), /Camera permission was refused/);
      assert.ok(await p.locator('#scanner-error-help').isVisible());
      assert.ok(await p.locator('#scanner-image').isVisible());
      await shot(p, `scanner-denied-${theme}`);
      // Tab goes through its close and paste buttons with a visible ring.
      const keys = await focusProblems(p);
      assert.deepEqual(keys.problems, [], `keyboard in the scanner (${theme}): ${keys.order.join(' → ')}`);
      assert.deepEqual(keys.order.slice(0, 2), ['#scanner-close', '#scanner-paste']);
      await p.click('#scanner-paste');
      await p.waitForSelector('#scanner', { state: 'detached' });
      await waitFor(() => p.evaluate(() => document.activeElement?.id === 'org-code'), 'focus on the org code');
    } finally {
      await browser.close();
    }
  });
}

test('without a camera the scanner says so (Spanish too)', async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    for (const locale of ['en-US', 'es-ES']) {
      const p = await phonePage(browser, 'light', locale);
      await p.addInitScript(() => {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('none', 'NotFoundError'));
      });
      await openScanner(p);
      await p.waitForSelector('#scanner-error');
      const want = locale === 'en-US' ? /No camera found/ : /No se encontró ninguna cámara/;
      assert.match(await p.locator('#scanner-error').innerText(), want);
      await p.context().close();
    }
  } finally {
    await browser.close();
  }
});
