// Browser test: record entry during a live meeting (docs/record-entry.md). rep1 opens 谈判记录 → new →
// picks a customer in the picker with the keyboard → types for a while with rows half-filled (a need
// without urgency, an action without owner or due date); Enter in a field does not submit; autosave
// shows "已保存 hh:mm" and turns the form into the saved record's; leaving with unsaved text asks
// first; the tab is closed and reopened and nothing typed is lost; completing with the half-filled
// action is refused with the message on the row. The form and the record page fit a 768 px tablet
// without horizontal scrolling, and the record page at a 390 px phone width is measured.
//
//   PARLEY_BASE_URL=http://127.0.0.1:18080 node tests/e2e/test_record_entry.mjs
import { randomBytes } from 'node:crypto';
import { PASSWORD, TIMEOUT, USER, baseUrl, expectLang, expectPath, fail, langString, pressAndWait,
  runBrowserTest, shot, submit } from './lib.mjs';

// The page's width beyond its viewport (0: no horizontal scrolling).
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function waitSaved(page, step) {
  const saved = langString('negotiations', 'rec', 'saved_at');
  try {
    await page.waitForFunction((want) => {
      const s = document.getElementById('autosave-status');
      return s && s.classList.contains('saved') && s.textContent.startsWith(want);
    }, saved, { timeout: TIMEOUT });
  } catch {
    const got = await page.locator('#autosave-status').innerText().catch(() => '(none)');
    fail(`${step}: autosave did not show "${saved} hh:mm" (status: "${got}")`);
  }
  const text = (await page.locator('#autosave-status').innerText()).trim();
  if (!/\d\d:\d\d$/.test(text)) fail(`${step}: the status "${text}" does not end with the time`);
}

async function run(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  let page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const pageErrors = [];
  const watch = (p) => {
    p.on('pageerror', (e) => pageErrors.push(String(e)));
    p.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
  };
  watch(page);
  const tag = randomBytes(4).toString('hex');
  const customerName = `现场录入客户 ${tag}`;

  // 1. Sign in; a customer to meet.
  await page.goto(`${baseUrl}/login`);
  await page.focus('input[name=username]');
  await page.keyboard.type(USER);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await pressAndWait(page, 'Enter', 'sign-in');
  if ((await page.evaluate(() => document.documentElement.lang)) === 'en') {
    await submit(page, page.locator('form#lang-form button[value="zh-CN"]'), 'switch to Chinese');
  }
  await expectLang(page, 'zh-CN', 'home page');
  await page.goto(`${baseUrl}/customers/new`);
  await page.focus('#f-name');
  await page.keyboard.type(customerName);
  await pressAndWait(page, 'Enter', 'save the customer');
  await expectPath(page, /^\/customers\/\d+$/, 'after saving the customer');
  const customerId = page.url().match(/\/customers\/(\d+)/)[1];

  // 2. 谈判记录 → new → the picker: search with the keyboard, follow the customer's link.
  await Promise.all([page.waitForNavigation(), page.locator('#nav-negotiations').click()]);
  await expectPath(page, '/negotiations', 'the record list');
  await Promise.all([page.waitForNavigation(), page.locator('#new-negotiation').click()]);
  await expectPath(page, '/negotiations/new', 'new without a customer');
  if ((await page.locator('#pick-form').count()) !== 1) fail('new record: no customer picker');
  const focusedId = await page.evaluate(() => document.activeElement && document.activeElement.id);
  if (focusedId !== 'f-q') fail(`picker: the search field does not have the focus ("${focusedId}")`);
  await page.keyboard.type(tag);
  await pressAndWait(page, 'Enter', 'search the customers');
  const link = page.locator(`#pick-list a[href="/negotiations/new?customer_id=${customerId}"]`);
  if ((await link.count()) !== 1) fail('picker: the customer is not found by its name');
  await shot(page, '40-record-picker-zh.png');
  // from the search field, Tab reaches the search button, then the first hit
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const href = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('href'));
  if (href !== `/negotiations/new?customer_id=${customerId}`) fail(`picker: Tab reaches "${href}", not the customer`);
  await pressAndWait(page, 'Enter', 'open the form for the customer');
  await expectPath(page, '/negotiations/new', 'record form');
  if ((await page.locator('#form-customer').innerText()).trim() !== customerName) fail('record form: wrong customer');

  // 3. Typing during the meeting, rows half-filled; Enter in a field does not submit.
  await page.selectOption('#f-type', 'price');
  await page.selectOption('#f-phase', 'initial');
  await page.locator('#f-place').click();
  await page.keyboard.type('客户会议室 3 楼');
  // a document loaded by a submission would not carry this mark (autosave only replaces the address)
  await page.evaluate(() => { window.parleyStillHere = true; });
  await page.keyboard.press('Enter');
  await page.locator('#f-needs-0-text').click();
  await page.keyboard.type('上线时间提前到三月');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  if (!(await page.evaluate(() => window.parleyStillHere === true))) fail('Enter in a single-line field submitted the form');
  await page.locator('#f-objections-0-quote').click();
  await page.keyboard.type('你们的实施周期太长');
  await page.selectOption('#f-actions-0-owner', '');
  await page.locator('#f-actions-0-what').click();
  await page.keyboard.type('发送实施计划');
  await page.locator('#f-review_moments').click();
  await page.keyboard.type('对方第二次问到上线时间\n并要求书面承诺');
  await waitSaved(page, 'first autosave');
  await expectPath(page, /^\/negotiations\/\d+\/edit$/, 'the form after the first autosave');
  const recordId = page.url().match(/\/negotiations\/(\d+)/)[1];
  await shot(page, '41-record-autosaved-zh.png');

  // 4. Leaving with text not saved yet asks first (and staying keeps it).
  await page.locator('#f-actions-0-deliverable').click();
  await page.keyboard.type('实施计划书');
  let asked = '';
  page.once('dialog', async (d) => { asked = d.type(); await d.dismiss(); });
  await page.evaluate(() => { window.location.href = '/customers'; });
  await page.waitForTimeout(800);
  if (asked !== 'beforeunload') fail(`leaving with unsaved text did not ask first (dialog: "${asked}")`);
  await expectPath(page, `/negotiations/${recordId}/edit`, 'after choosing to stay');
  if ((await page.locator('#f-actions-0-deliverable').inputValue()) !== '实施计划书') fail('staying lost the typed text');
  await page.evaluate(() => { const s = document.getElementById('autosave-status'); s.textContent = ''; s.className = ''; });
  await page.locator('#f-review_strengths').click();   // leaving the field saves
  await waitSaved(page, 'autosave after leaving a field');
  await page.waitForFunction(() => !document.querySelector('#autosave-status.saving'));

  // 5. The tab is closed and reopened: nothing typed is lost.
  await page.close({ runBeforeUnload: true });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  watch(page);
  await page.goto(`${baseUrl}/negotiations?customer=${customerId}`);
  const row = page.locator(`tr[data-negotiation-id="${recordId}"]`);
  if ((await row.count()) !== 1) fail('the autosaved record is not in the list');
  await page.goto(`${baseUrl}/negotiations/${recordId}/edit`);
  const want = {
    'f-place': '客户会议室 3 楼', 'f-needs-0-text': '上线时间提前到三月', 'f-objections-0-quote': '你们的实施周期太长',
    'f-actions-0-what': '发送实施计划', 'f-actions-0-deliverable': '实施计划书',
    'f-review_moments': '对方第二次问到上线时间\n并要求书面承诺',
  };
  for (const [id, value] of Object.entries(want)) {
    const got = await page.locator(`#${id}`).inputValue();
    if (got !== value) fail(`reopened: #${id} is "${got}", expected "${value}"`);
  }

  // 6. The form and the record page at tablet width; the record page at phone width.
  await page.setViewportSize({ width: 768, height: 1024 });
  let over = await overflow(page);
  if (over > 0) fail(`record form at 768 px: ${over} px of horizontal scrolling`);
  await shot(page, '42-record-form-768-zh.png');
  await page.goto(`${baseUrl}/negotiations/${recordId}`);
  over = await overflow(page);
  if (over > 0) fail(`record page at 768 px: ${over} px of horizontal scrolling`);
  await page.setViewportSize({ width: 390, height: 844 });
  const phone = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(`record page at 390 px: ${phone} px wide`);
  if (phone >= 697) fail(`record page at 390 px is ${phone} px wide (697 before)`);
  await shot(page, '43-record-page-390-zh.png');
  await page.setViewportSize({ width: 1280, height: 900 });

  // 7. Completing with the half-filled action is refused with the message on the row.
  await page.goto(`${baseUrl}/negotiations/${recordId}/edit`);
  await submit(page, page.locator('#save-complete'), 'save and complete');
  await expectPath(page, `/negotiations/${recordId}`, 'after the refused completion');
  const actionRow = page.locator('tbody[data-list="actions"] tr[data-row="0"]');
  if ((await actionRow.locator('[name="actions.0.owner"][aria-invalid="true"]').count()) !== 1) {
    fail('completion: the action without an owner is not marked on its row');
  }
  const msg = (await actionRow.locator('.field-error').first().innerText()).trim();
  if (msg !== langString('negotiations', 'rec', 'action_no_owner')) fail(`completion: the row says "${msg}"`);
  if ((await page.locator('#err-actions').count()) !== 1) fail('completion: no message about vague actions');
  const completed = await page.evaluate(() => document.querySelector('#save-complete') !== null);
  if (!completed) fail('completion: the form no longer offers to complete');
  await shot(page, '44-record-complete-refused-zh.png');

  if (pageErrors.length) fail(`errors in the page:\n  ${pageErrors.join('\n  ')}`);
  await context.close();
}

process.exitCode = await runBrowserTest('e2e record entry during a meeting', run);
