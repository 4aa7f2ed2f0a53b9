// Browser test: sign in as rep1 in a real (headless) Chromium, switch the UI language,
// sign out. Screenshots go to $PARLEY_SCREENSHOT_DIR (default: ./screenshots next to this file).
//
//   PARLEY_BASE_URL=http://127.0.0.1:18080 node tests/e2e/test_login.mjs
//
// Exit status 0 on success, 1 with a message on any failure. The browser is always closed.
import { PASSWORD, TIMEOUT, USER, baseUrl, expectLang, expectPath, fail, runBrowserTest, shot, submit } from './lib.mjs';

async function run(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    // CSP violations show up as console errors: an inline script or style would be a bug.
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(`console: ${m.text()}`);
  });

  // 1. Login page, in Chinese by default.
  const resp = await page.goto(`${baseUrl}/login`);
  if (!resp || resp.status() !== 200) fail(`GET /login answered ${resp && resp.status()}`);
  await expectLang(page, 'zh-CN', 'login page');
  for (const sel of ['input[name=username]', 'input[name=password]', 'input[name=csrf_token]']) {
    if ((await page.locator(sel).count()) !== 1) fail(`login page: no ${sel}`);
  }

  // 2. Sign in.
  await page.fill('input[name=username]', USER);
  await page.fill('input[name=password]', PASSWORD);
  await submit(page, page.locator('form[action="/login"] [type=submit]').first(), 'sign-in');
  await expectPath(page, '/', 'after sign-in');
  const nameEl = page.locator('#user-name');
  await nameEl.waitFor({ state: 'visible' }).catch(() => fail(`after sign-in: no visible #user-name at ${page.url()}`));
  const shownName = (await nameEl.innerText()).trim();
  if (!shownName) fail('after sign-in: #user-name is empty');

  // rep1's language may have been left on English by an earlier, interrupted run.
  if ((await page.evaluate(() => document.documentElement.lang)) === 'en') {
    await submit(page, page.locator('form#lang-form button[value="zh-CN"]'), 'switch to Chinese');
  }
  await expectLang(page, 'zh-CN', 'home page');
  await shot(page, '01-home-zh.png');

  // 3. Switch to English.
  await submit(page, page.locator('form#lang-form button[value=en]'), 'switch to English');
  await expectLang(page, 'en', 'after switching to English');
  await expectPath(page, '/', 'after switching to English');
  if ((await page.locator('#user-name').innerText()).trim() !== shownName) fail('user name changed with the language');
  await shot(page, '02-home-en.png');

  // Put rep1 back on Chinese so that other tests see the demo default.
  await submit(page, page.locator('form#lang-form button[value="zh-CN"]'), 'switch back to Chinese');
  await expectLang(page, 'zh-CN', 'after switching back to Chinese');

  // 4. Sign out.
  await submit(page, page.locator('#logout'), 'sign-out');
  await expectPath(page, '/login', 'after sign-out');
  if ((await page.locator('#user-name').count()) !== 0) fail('after sign-out: #user-name still shown');
  if ((await page.locator('input[name=password]').count()) !== 1) fail('after sign-out: no login form');
  await shot(page, '03-logged-out.png');

  // The old session is gone: the home page sends us back to the login page.
  await page.goto(`${baseUrl}/`);
  await expectPath(page, '/login', 'home page after sign-out');

  if (pageErrors.length) fail(`errors in the page:\n  ${pageErrors.join('\n  ')}`);
  await context.close();
}

process.exitCode = await runBrowserTest('e2e login flow', run);
