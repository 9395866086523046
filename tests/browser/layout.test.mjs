// Every screen, in English and Spanish, at 360×640 and 412×915, light and dark: no text cut off or spilling
// out of its box or the screen, no text drawn over other text (`layoutProblems` in demo.mjs, which every
// screenshot of the other files also runs), no word broken across lines, no serious or critical
// accessibility finding of axe-core (`a11yProblems`, also run on every screenshot), controls of at least
// 48×48 px, and the keyboard: Tab reaches every control in reading order with a visible focus ring
// (`focusProblems`). Then every screen with the text at 200 % (`textSizeProblems`). Run by `cargo xtask test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  ARTIFACTS, a11yProblems, brokenWordProblems, focusProblems, tapTargetProblems, layoutProblems, login, phonePage,
  setTextSize, shot, textSizeProblems, useDemo, waitFor,
} from './demo.mjs';

let info, browser;
useDemo(env => ({ info, browser } = env));

const SCREENS = {
  admin: ['/admin/dashboard', '/admin/devices?state=offline', '/admin/alarms', '/admin/apps', '/admin/doors', '/admin/lockdown',
    '/admin/activity', '/admin/records', '/admin/visitors', '/admin/visitors/new', '/admin/visitors/stats',
    '/admin/notifications', '/admin/me', '/privacy'],
  personnel: ['/personnel/notifications', '/personnel/apps', '/personnel/credential', '/personnel/invitations',
    '/personnel/invitations/new', '/personnel/password', '/personnel/me', '/privacy'],
};
const SIZES = [{ width: 360, height: 640 }, { width: 412, height: 915 }];

async function settled(p) {
  await p.waitForSelector('#main-content, #login-submit');
  await waitFor(async () => (await p.locator('#loading').count()) === 0, 'the data', 15_000).catch(() => {});
  await p.waitForTimeout(150);
}

for (const role of ['admin', 'personnel']) {
  for (const [locale, scheme] of [['en-US', 'light'], ['es-ES', 'dark']]) {
    test(`${role} screens in ${locale} (${scheme}) at 360×640 and 412×915 have no clipped or overlapping text`, async () => {
      const found = [];
      for (const viewport of SIZES) {
        const p = await phonePage(browser, scheme, locale, { viewport });
        const who = role === 'admin' ? { role, ...info.admin } : { role, ...info.personnel };
        await login(p, info, who);
        await p.waitForSelector('.bottom-nav');
        for (const path of SCREENS[role]) {
          await p.goto(`${info.web_url}${path}`);
          await settled(p);
          const problems = [...await layoutProblems(p), ...await brokenWordProblems(p)];
          for (const problem of problems) found.push(`${viewport.width}×${viewport.height} ${path}: ${problem}`);
          // Accessibility (axe-core, serious and critical findings) once per screen and theme.
          if (viewport === SIZES[1]) {
            for (const problem of await a11yProblems(p)) found.push(`a11y ${path}: ${problem}`);
            for (const problem of await tapTargetProblems(p)) found.push(`tap target ${path}: ${problem}`);
          }
          if (path === '/admin/dashboard' && !problems.length) await shot(p, `dashboard-${locale}-${viewport.width}-${scheme}`);
          // The keyboard last: Tab moves the focus and scrolls the page.
          if (viewport === SIZES[1]) {
            for (const problem of (await focusProblems(p)).problems) found.push(`keyboard ${path}: ${problem}`);
          }
        }
        await p.context().close();
      }
      const p = await phonePage(browser, scheme, locale, { viewport: SIZES[0] });
      await p.goto(info.web_url);
      await settled(p);
      for (const problem of [...await layoutProblems(p), ...await brokenWordProblems(p)]) found.push(`360×640 /login: ${problem}`);
      for (const problem of await a11yProblems(p)) found.push(`a11y /login: ${problem}`);
      for (const problem of await tapTargetProblems(p)) found.push(`tap target /login: ${problem}`);
      await p.setViewportSize(SIZES[1]);
      for (const problem of (await focusProblems(p)).problems) found.push(`keyboard /login: ${problem}`);
      await p.context().close();
      assert.deepEqual(found, []);
    });
  }
}

// Screens shot at 200 % (in artifacts/, `text200-…`), to see what the check means.
const SHOTS_200 = ['/admin/dashboard', '/admin/alarms', '/admin/records', '/admin/doors', '/personnel/credential', '/personnel/invitations/new'];

for (const role of ['admin', 'personnel']) {
  for (const [locale, scheme] of [['en-US', 'light'], ['es-ES', 'dark']]) {
    test(`${role} screens in ${locale} (${scheme}) at 412×915 lose nothing with the text at 200 %`, async () => {
      const found = [];
      const p = await phonePage(browser, scheme, locale, { viewport: SIZES[1] });
      const check = async (path, url) => {
        await setTextSize(p, 100);
        await p.goto(url);
        await settled(p);
        for (const problem of await textSizeProblems(p)) found.push(`200 % ${path}: ${problem}`);
        if (SHOTS_200.includes(path) || path === '/login') {
          await p.mouse.move(1, 1);
          await p.screenshot({ path: join(ARTIFACTS, `text200${path.replace(/\//g, '-')}-${locale}-${scheme}.png`) });
        }
      };
      if (role === 'admin') await check('/login', info.web_url);
      await setTextSize(p, 100);
      await login(p, info, role === 'admin' ? { role, ...info.admin } : { role, ...info.personnel });
      await p.waitForSelector('.bottom-nav');
      for (const path of SCREENS[role]) await check(path, `${info.web_url}${path}`);
      await p.context().close();
      assert.deepEqual(found, []);
    });
  }
}
