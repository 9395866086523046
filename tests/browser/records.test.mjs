// Access Records in headless Chromium against a real `cvlink demo` (cvsim inside, polled every second): the
// list shows what the gateway's API gives, a card presented at a cvsim reader appears on top without a
// reload, the list scrolls on by itself, search and door filter list exactly what the API does, and a
// record opens with every field. Run by `cargo xtask test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateway as api, login as fillLogin, phonePage, present as presentAt, shot, simApi, useDemo, waitFor } from './demo.mjs';

let info, browser;
useDemo(env => ({ info, browser } = env));

const gateway = path => api(info, path);

const present = (reader, body) => presentAt(info, reader, body);

async function login(p) {
  await fillLogin(p, info, { role: 'admin', ...info.admin });
  await p.waitForSelector('#nav-apps');
}

async function listedIds(p) {
  return p.locator('#records-list .record-item').evaluateAll(els => els.map(e => e.dataset.id));
}

/** Waits until the list starts with exactly the records the gateway lists for `query` (first page). */
async function listMatches(p, query, what) {
  let want, shown;
  await waitFor(async () => {
    want = (await gateway(`/api/v1/records?limit=30${query ? `&${query}` : ''}`)).items.map(r => r.id);
    shown = want.length === 0 ? (await p.locator('#empty').count() ? [] : null) : (await listedIds(p)).slice(0, want.length);
    return JSON.stringify(shown) === JSON.stringify(want);
  }, what, 15_000).catch(e => { throw new Error(`${e.message}: shown ${JSON.stringify(shown)}, gateway ${JSON.stringify(want)}`); });
  return want;
}

test('records appear live on top, scroll on by themselves, filter and search like the API, and open with every field', async () => {
  const p = await phonePage(browser);
  await login(p);
  await p.click('#nav-apps');
  await p.click('#app-records');
  await p.waitForSelector('#records-list .record-item');
  await listMatches(p, '', 'the first page');
  await p.evaluate(() => { window.__noReload = true; });

  // A card at a reader: on top without a reload.
  const me = await simApi(info, `/api/person/get/${info.personnel.account}`);
  const readers = (await simApi(info, '/api/reader/accList?pageNo=1&pageSize=200')).map(r => r.id);
  let presented;
  for (const reader of readers) {
    presented = Date.now();
    if (await present(reader, { card: me.cardNo })) break; // the first reader whose device is online
  }
  let top;
  await waitFor(async () => {
    top = (await gateway('/api/v1/records?limit=1')).items[0];
    return top.pin === info.personnel.account && (await listedIds(p))[0] === top.id;
  }, 'the presented card on top', 20_000);
  console.log(`reader → Access Records: ${Date.now() - presented} ms`);
  assert.equal(await p.evaluate(() => window.__noReload), true, 'the page was not reloaded');
  const row = p.locator(`#records-list .record-item[data-id="${top.id}"]`);
  assert.equal((await row.locator('.record-person').innerText()).trim(), top.person);
  await shot(p, 'records-light');

  // Endless scroll: the next page comes when the end of the list comes into view.
  const before = (await listedIds(p)).length;
  await p.locator('#records-more').scrollIntoViewIfNeeded();
  await waitFor(async () => (await listedIds(p)).length > before, 'the next page by scrolling', 15_000);
  const all = await listedIds(p);
  assert.equal(new Set(all).size, all.length, 'no record twice');

  // Search by a person's name.
  await p.fill('#records-search', 'Walker');
  await p.click('#records-search-submit');
  await p.waitForURL(/q=Walker/);
  const found = await listMatches(p, 'q=Walker', 'the search result');
  assert.ok(found.includes(top.id));

  // One door (with the search still on, then alone).
  const doors = await gateway('/api/v1/doors');
  const door = doors.find(d => d.name === top.door);
  assert.ok(door, `the door ${top.door} is listed`);
  await waitFor(async () => (await p.locator(`#records-door option[value="${door.id}"]`).count()) === 1, 'door options', 10_000);
  await p.selectOption('#records-door', door.id);
  await p.waitForURL(/door=/);
  await listMatches(p, `q=Walker&door=${encodeURIComponent(door.id)}`, 'the person at the door');
  await p.click('#records-clear');
  await waitFor(async () => !p.url().includes('q=Walker'), 'the search cleared', 10_000);
  await p.selectOption('#records-door', door.id);
  const atDoor = await listMatches(p, `door=${encodeURIComponent(door.id)}`, 'the door\'s records');
  assert.ok(atDoor.includes(top.id));
  // Nothing matches: said so.
  await p.fill('#records-search', 'no such person anywhere');
  await p.click('#records-search-submit');
  await p.waitForSelector('#empty');

  // Details of the presented record.
  await p.click('#records-clear');
  await listMatches(p, '', 'the whole list again');
  await p.click(`#records-list .record-item[data-id="${top.id}"] a`);
  await p.waitForSelector('#record-title');
  assert.equal((await p.locator('#records-field-time').innerText()).trim(), top.at);
  assert.equal((await p.locator('#records-field-pin').innerText()).trim(), top.pin);
  assert.equal((await p.locator('#records-field-door').innerText()).trim(), top.door);
  await p.waitForSelector('#record-photo');
  await shot(p, 'record-details-light');
  await p.context().close();
});

for (const [theme, locale] of [['dark', 'es-ES'], ['dark', 'en-US'], ['light', 'es-ES']]) {
  test(`Access Records in ${theme} / ${locale}`, async () => {
    const p = await phonePage(browser, theme, locale);
    await login(p);
    await p.goto(`${info.web_url}/admin/records`);
    await p.waitForSelector('#records-list .record-item');
    const tag = `${theme}${locale === 'es-ES' ? '-es' : ''}`;
    await shot(p, `records-${tag}`);
    const id = (await listedIds(p))[0];
    await p.click(`#records-list .record-item[data-id="${id}"] a`);
    await p.waitForSelector('#record-title');
    await shot(p, `record-details-${tag}`);
    await p.context().close();
  });
}
