// Whole flows of the web build in headless Chromium against a real `cvlink demo` (cvsim inside).
// Run by `cargo xtask test`, which builds the web app and cvlink and passes their paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ARTIFACTS, CVLINK, gateway as api, login as fillLogin, phonePage, shot, simApi, useDemo, waitFor } from './demo.mjs';

const QRSCAN = process.env.QRSCAN_BIN;

let info, browser;
useDemo(env => ({ info, browser } = env));

/** cvsim's own API: the ground truth the app must match. */
const sim = (path, method, body) => simApi(info, path, method, body);
/** cvlink's API as an admin. */
const gateway = path => api(info, path);

function cli(...args) {
  return execFileSync(CVLINK, ['--config', info.config, ...args], { encoding: 'utf8' });
}

async function page(colorScheme = 'light', locale = 'en-US') {
  return phonePage(browser, colorScheme, locale);
}

const login = (p, form) => fillLogin(p, info, form);

async function text(p, sel) {
  return (await p.locator(sel).innerText()).trim();
}

async function truth() {
  const persons = (await sim('/api/v2/person/getPersonList?pageNo=1&pageSize=1', 'POST', {})).total;
  const devices = await sim('/api/device/accList?pageNo=1&pageSize=1000');
  const doors = await sim(`/api/door/allDoorState?timestamp=${Date.now()}`);
  const offline = devices.filter(d => doors.filter(x => x.deviceId === d.id).every(x => String(x.connect) === '0'));
  return { persons, devices: devices.length, offline };
}

for (const theme of ['light', 'dark']) {
  test(`admin logs in by pasting the org code and sees what cvsim holds (${theme})`, async () => {
    const p = await page(theme);
    await p.goto(info.web_url);
    await p.waitForSelector('#login-submit');
    await shot(p, `login-${theme}`);
    await login(p, { role: 'admin', account: info.admin.account, password: info.admin.password });
    await p.waitForSelector('#dash-persons');
    await waitFor(async () => /^\d+$/.test(await text(p, '#dash-persons')), 'dashboard numbers', 15_000);
    const t = await truth();
    assert.equal(Number(await text(p, '#dash-persons')), t.persons);
    assert.equal(Number(await text(p, '#dash-devices-total')), t.devices);
    assert.equal(Number(await text(p, '#dash-devices-offline')), t.offline.length);
    assert.equal(Number(await text(p, '#dash-devices-online')), t.devices - t.offline.length);
    assert.ok(Number(await text(p, '#dash-visitors-today')) > 0);
    await shot(p, `dashboard-${theme}`);

    // Tapping the offline segment lists exactly the offline devices.
    await p.click('#chart-offline');
    await p.waitForSelector('#device-list .device-item');
    const sns = await p.locator('#device-list .device-item').evaluateAll(els => els.map(e => [e.dataset.sn, e.dataset.state]));
    assert.deepEqual(sns.map(s => s[0]).sort(), t.offline.map(d => d.sn).sort());
    assert.ok(sns.every(s => s[1] === 'offline'));
    await shot(p, `devices-offline-${theme}`);

    // No token where the page's scripts could read it: the kept session has none, the refresh token
    // is an HttpOnly cookie sent only to /api/v1/auth.
    const noTokens = async () => {
      const kept = await p.evaluate(() => localStorage.getItem('cvmobile.session'));
      assert.ok(kept && !/cv[ar]_/.test(kept), kept);
      assert.equal(await p.evaluate(() => document.cookie), '');
      const refresh = (await p.context().cookies()).find(c => c.name === 'cvm_refresh');
      assert.ok(refresh && refresh.httpOnly && refresh.sameSite === 'Strict' && refresh.path === '/api/v1/auth',
        JSON.stringify(refresh));
      return refresh.value;
    };
    const before = await noTokens();
    // The session survives a reload (the cookie is exchanged for a fresh access token); Me shows the
    // account; logout returns to login and drops the cookie.
    await p.reload();
    await p.click('#nav-me');
    await p.waitForSelector('#me-account');
    assert.equal(await text(p, '#me-account'), info.admin.account);
    assert.equal(await text(p, '#me-org'), 'Demo Campus');
    assert.notEqual(await noTokens(), before, 'the reload used the refresh token once');
    await shot(p, `admin-me-${theme}`);
    await p.click('#logout');
    await p.waitForSelector('#login-submit');
    await waitFor(async () => !(await p.context().cookies()).some(c => c.name === 'cvm_refresh'), 'the refresh cookie dropped at logout');
    await p.context().close();
  });
}

for (const theme of ['light', 'dark']) {
  test(`an admin shows the org code on screen and it scans back to the code (${theme})`, async () => {
    const p = await page(theme);
    await login(p, { role: 'admin', account: info.admin.account, password: info.admin.password });
    await p.waitForSelector('#nav-me');
    await p.click('#nav-me');
    await p.click('#show-org-code');
    const qr = p.locator('#org-qr');
    await qr.waitFor();
    // Sized to the screen: most of the 412 px width, square, on white in both themes.
    const box = await qr.boundingBox();
    assert.ok(box.width >= 300 && Math.abs(box.width - box.height) < 2, JSON.stringify(box));
    assert.equal(await qr.evaluate(e => getComputedStyle(e).backgroundColor), 'rgb(255, 255, 255)');
    // In the middle of the screen, clear of the bottom bar.
    await qr.evaluate(e => e.scrollIntoView({ block: 'center' }));
    await shot(p, `me-org-code-${theme}`);
    const file = join(ARTIFACTS, `org-qr-${theme}.png`);
    await qr.screenshot({ path: file });
    const [, payload] = execFileSync(QRSCAN, [file], { encoding: 'utf8' }).trim().split('\t');
    assert.equal(payload, info.org_code);
    await p.context().close();
  });
}

test('switching area shows that area\'s devices only', async () => {
  const p = await page();
  await login(p, { role: 'admin', account: info.admin.account, password: info.admin.password });
  await p.waitForSelector('#area-filter');
  const areas = await gateway('/api/v1/areas');
  assert.ok(areas.length >= 2);
  const area = areas[0].name;
  const want = await gateway(`/api/v1/dashboard?area=${encodeURIComponent(area)}`);
  const all = await gateway('/api/v1/dashboard');
  await waitFor(async () => (await p.locator(`#area-filter option[value="${area}"]`).count()) === 1, 'area options', 15_000);
  await p.selectOption('#area-filter', area);
  const total = want.devices_online + want.devices_offline + want.devices_disabled;
  await waitFor(async () => Number(await text(p, '#dash-devices-total')) === total, `the count of ${area}`, 15_000);
  assert.notEqual(total, all.devices_online + all.devices_offline + all.devices_disabled);
  assert.equal(Number(await text(p, '#dash-devices-online')), want.devices_online);
  await shot(p, 'dashboard-area-light');
  // The device list keeps the area.
  await p.click('#chart-online');
  await p.waitForSelector('#device-list .device-item');
  const listed = await p.locator('#device-list .device-item').count();
  assert.equal(listed, want.devices_online);
  await p.context().close();
});

test('personnel without App Login are told why, and get in once it is enabled', async () => {
  cli('app-login', 'disable', info.personnel.account);
  const p = await page();
  await login(p, { role: 'personnel', account: info.personnel.account, password: info.personnel.password });
  await p.waitForSelector('#login-error');
  assert.match(await text(p, '#login-error'), /Unauthorized APP login/);
  assert.match(await text(p, '#login-error-help'), /app-login enable/);
  // The form keeps what was typed.
  assert.equal(await p.inputValue('#account'), info.personnel.account);
  assert.equal(await p.inputValue('#org-code'), info.org_code);
  await shot(p, 'login-app-login-disabled-light');

  cli('app-login', 'enable', info.personnel.account);
  await p.click('#login-submit');
  // Personnel land on their Notification Center; Me is a tab away.
  await p.waitForSelector('#nav-notifications.active');
  await p.click('#nav-me');
  await p.waitForSelector('#me-account');
  assert.equal(await text(p, '#me-account'), info.personnel.account);
  // Personnel have no admin screens.
  assert.equal(await p.locator('#nav-dashboard').count(), 0);
  await shot(p, 'personnel-me-light');
  await p.goto(`${info.web_url}/admin/dashboard`);
  await p.waitForSelector('#nav-notifications.active, #login-submit');
  assert.equal(await p.locator('#dash-persons').count(), 0);
  await p.context().close();
  const dark = await page('dark');
  await login(dark, { role: 'personnel', account: info.personnel.account, password: info.personnel.password });
  await dark.waitForSelector('#nav-me');
  await dark.click('#nav-me');
  await dark.waitForSelector('#me-account');
  await shot(dark, 'personnel-me-dark');
  await dark.context().close();
});

test('wrong password, a broken org code and another site\'s code each say what went wrong', async () => {
  const p = await page();
  await login(p, { role: 'admin', account: info.admin.account, password: 'not the password' });
  await p.waitForSelector('#login-error');
  const wrong = await text(p, '#login-error');
  assert.match(wrong, /password/i);

  await login(p, { role: 'admin', account: info.admin.account, password: info.admin.password, orgCode: 'hello world' });
  await p.waitForSelector('#login-error');
  const broken = await text(p, '#login-error');
  assert.notEqual(broken, wrong);
  assert.match(broken, /org code/i);

  const otherSite = info.org_code.replace(/fp=[0-9a-f]{64}/, `fp=${'ab'.repeat(32)}`);
  await login(p, { role: 'admin', account: info.admin.account, password: info.admin.password, orgCode: otherSite });
  await p.waitForSelector('#login-error');
  const other = await text(p, '#login-error');
  assert.notEqual(other, broken);
  assert.notEqual(other, wrong);
  await shot(p, 'login-error-light');
  await p.context().close();
});

test('the app follows the system language (Spanish)', async () => {
  const en = await page('light', 'en-US');
  await en.goto(info.web_url);
  await en.waitForSelector('#login-submit');
  const es = await page('light', 'es-ES');
  await es.goto(info.web_url);
  await es.waitForSelector('#login-submit');
  assert.notEqual(await text(es, '#login-submit'), await text(en, '#login-submit'));
  assert.equal(await es.evaluate(() => document.documentElement.lang.slice(0, 2)), 'es');
  await shot(es, 'login-es-light');
  await en.context().close();
  await es.context().close();
});

test('first load: the login screen is interactive, the app arrives brotli-compressed and is cached for good', async () => {
  const p = await page();
  const wasm = [];
  p.on('response', r => { if (r.url().endsWith('.wasm')) wasm.push(r); });
  await p.goto(info.web_url);
  await p.waitForSelector('#login-submit:not([disabled])');
  const ms = await p.evaluate(() => performance.now());
  const sizes = await p.evaluate(() => performance.getEntriesByType('resource')
    .filter(e => /\.(wasm|js)$/.test(e.name))
    .map(e => ({ name: e.name.split('/').pop(), transfer: e.transferSize, body: e.decodedBodySize })));
  const sent = sizes.reduce((a, s) => a + s.transfer, 0);
  console.log(`first screen interactive after ${Math.round(ms)} ms; ${Math.round(sent / 1024)} KB transferred for ${sizes.length} scripts and the wasm`);
  assert.equal(wasm.length, 1);
  const headers = await wasm[0].allHeaders();
  assert.equal(headers['content-encoding'], 'br');
  assert.match(headers['cache-control'], /immutable/);
  await p.context().close();
});
