// Visitor Invitation and the password change in headless Chromium against a real `cvlink demo` (cvsim and
// the demo's SMTP server inside): a person invites a visitor through the form, sees the success screen with
// the visitor's QR code, the e-mail lands in the demo's mail directory and its inline QR decodes (cvm-scan)
// to the same code, which admits once at a cvsim reader; bad fields are said next to the field and the form
// is kept; Re-Invitation makes a new code; a weak new password is refused with the reason, a good one works
// and the old one no longer does. Run by `cargo xtask test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, login as fillLogin, phonePage, shot, simApi, simControl, useDemo, waitFor } from './demo.mjs';

const QRSCAN = process.env.QRSCAN_BIN;

let info, browser;
useDemo(env => ({ info, browser } = env));

async function loginPerson(p, password = info.personnel.password) {
  await fillLogin(p, info, { role: 'personnel', account: info.personnel.account, password });
}

function mails() {
  return readdirSync(info.mail_dir).filter(f => f.endsWith('.eml')).sort().map(f => join(info.mail_dir, f));
}

/** The inline PNG of an e-mail, decoded with cvm-scan (as the visitor's phone would show it to a reader). */
function qrOfMail(file) {
  const raw = readFileSync(file, 'latin1');
  const part = raw.split(/\r?\n--/).find(p => /Content-Type: image\/png/i.test(p));
  assert.ok(part, `an inline PNG in ${file}`);
  const body = part.split(/\r?\n\r?\n/).slice(1).join('').replace(/[^A-Za-z0-9+/=]/g, '');
  const png = join(ARTIFACTS, 'invitation-mail-qr.png');
  writeFileSync(png, Buffer.from(body, 'base64'));
  const [, payload] = execFileSync(QRSCAN, [png], { encoding: 'utf8' }).trim().split('\t');
  return payload;
}

async function reader() {
  return (await simApi(info, '/api/reader/accList?pageNo=1&pageSize=200'))[0].id;
}

async function openInvitations(p) {
  await p.click('#nav-apps');
  await p.click('#app-invitations');
  await p.waitForSelector('#inv-new');
}

test('a person invites a visitor: success screen with the QR, the e-mail with the same QR, single use', async () => {
  const p = await phonePage(browser);
  await loginPerson(p);
  await p.waitForSelector('#nav-apps');
  await openInvitations(p);
  await shot(p, 'invitations-empty-light');
  await p.click('#inv-new');
  await p.waitForSelector('#inv-form');

  // Bad fields are said next to them; nothing typed is lost.
  await p.fill('#inv-first-name', 'Grace');
  await p.fill('#inv-last-name', 'Hopper');
  await p.fill('#inv-email', 'grace.example.com');
  await p.click('#inv-submit');
  await p.waitForSelector('#inv-email-error');
  assert.match(await p.locator('#inv-email-error').innerText(), /e-mail/i);
  assert.match(await p.locator('#inv-reason-error').innerText(), /Required/);
  assert.equal(await p.inputValue('#inv-first-name'), 'Grace');
  await shot(p, 'invitation-form-errors-light');

  const before = mails().length;
  await p.fill('#inv-email', 'grace@example.com');
  await p.fill('#inv-mobile', '+34 600 123 456');
  await p.selectOption('#inv-reason', 'Meeting');
  await p.fill('#inv-visitors', '2');
  await p.fill('#inv-remarks', 'Parking at gate B');
  // Today, so the code admits now.
  const now = new Date();
  const pad = n => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  await p.fill('#inv-start', `${day}T00:00`);
  await p.fill('#inv-end', `${day}T23:59`);
  await p.click('#inv-submit');

  // The success screen: the visitor's QR and what happened to the e-mail.
  await p.waitForSelector('#inv-details');
  await p.waitForSelector('#inv-qr svg');
  await waitFor(async () => {
    await p.click('#refresh');
    await p.waitForSelector('#inv-mail');
    return (await p.getAttribute('#inv-mail', 'data-state')) === 'sent';
  }, 'the e-mail sent', 20_000);
  assert.match(await p.locator('#inv-mail-text').innerText(), /E-mail sent/);
  await shot(p, 'invitation-sent-light');
  const file = join(ARTIFACTS, 'invitation-screen-qr.png');
  await p.locator('#inv-qr').screenshot({ path: file });
  const [, shown] = execFileSync(QRSCAN, [file], { encoding: 'utf8' }).trim().split('\t');
  assert.ok(shown?.startsWith('2#'), shown);

  // The e-mail, in the demo's mail directory, carries the same code.
  await waitFor(async () => mails().length > before, 'the e-mail in the mail directory', 20_000);
  const eml = mails().at(-1);
  const raw = readFileSync(eml, 'utf8');
  assert.match(raw, /^To: .*grace@example\.com/m);
  assert.match(raw, /text\/calendar/);
  assert.equal(qrOfMail(eml), shown);

  // It admits once at a reader.
  const at = await reader();
  const first = await simControl(info, `/sim/readers/${at}/present`, { qr: shown });
  assert.equal(first.granted, true, JSON.stringify(first));
  const second = await simControl(info, `/sim/readers/${at}/present`, { qr: shown });
  assert.equal(second.reason, 'QR code already used');

  // My invitation records: the visitor, used once the record is in; Re-Invitation makes a new code.
  await p.click('[aria-label="Back"], .back');
  await p.waitForSelector('#inv-list .inv-item');
  await waitFor(async () => {
    await p.click('#refresh');
    await p.waitForSelector('#inv-list .inv-item');
    return (await p.locator('#inv-list .inv-item').first().getAttribute('data-status')) === 'used';
  }, 'the invitation marked used', 20_000);
  await shot(p, 'invitations-light');
  await p.locator('#inv-list .inv-item').first().locator('a.button').click();
  await p.waitForSelector('#inv-form');
  assert.equal(await p.inputValue('#inv-email'), 'grace@example.com');
  assert.ok(await p.locator('#inv-email').isDisabled(), 'the visitor stays the same');
  await p.click('#inv-submit');
  await p.waitForSelector('#inv-qr svg');
  const again = join(ARTIFACTS, 'invitation-again-qr.png');
  await p.locator('#inv-qr').screenshot({ path: again });
  const [, second_code] = execFileSync(QRSCAN, [again], { encoding: 'utf8' }).trim().split('\t');
  assert.notEqual(second_code, shown, 'a new code');
  await p.context().close();
});

test('dark theme and Spanish: the form and the records', async () => {
  const p = await phonePage(browser, 'dark', 'es-ES');
  await loginPerson(p);
  await p.waitForSelector('#nav-apps');
  await openInvitations(p);
  await p.waitForSelector('#inv-list .inv-item');
  assert.match(await p.locator('#inv-new').innerText(), /Nueva invitación/);
  await shot(p, 'invitations-dark-es');
  await p.click('#inv-new');
  await p.waitForSelector('#inv-form');
  await p.click('#inv-submit');
  await p.waitForSelector('#inv-first-name-error');
  assert.match(await p.locator('#inv-first-name-error').innerText(), /Obligatorio/);
  await shot(p, 'invitation-form-dark-es');
  await p.context().close();
});

test('a person changes their password: weak refused with the reason, the new one works, the old one not', async () => {
  const p = await phonePage(browser);
  await loginPerson(p);
  await p.waitForSelector('#nav-me');
  await p.click('#nav-me');
  await p.click('#me-password');
  await p.waitForSelector('#pw-form');
  assert.match(await p.locator('#pw-note').innerText(), /web portal password stays the same/);
  await p.fill('#pw-current', info.personnel.password);
  await p.fill('#pw-new', 'password1');
  await p.fill('#pw-again', 'password1');
  await p.click('#pw-submit');
  await p.waitForSelector('#pw-new-error');
  assert.match(await p.locator('#pw-new-error').innerText(), /Too weak: \S/);
  await shot(p, 'password-weak-light');
  const strong = 'violet-harbor-engine-47';
  await p.fill('#pw-new', strong);
  await p.fill('#pw-again', strong);
  await p.click('#pw-submit');
  await p.waitForSelector('#pw-done');
  await shot(p, 'password-changed-light');
  await p.context().close();

  const old = await phonePage(browser);
  await loginPerson(old);
  await old.waitForSelector('#login-error');
  assert.match(await old.locator('#login-error').innerText(), /password/i);
  await loginPerson(old, strong);
  await old.waitForSelector('#nav-notifications');
  await old.context().close();
});
