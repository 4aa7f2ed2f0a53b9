// Browser test: rep1 (zh-CN) creates a customer and an opportunity, plans the negotiation (bottom
// lines included), then from the plan records it with the keyboard only: 3 needs, 2 objections and
// 2 next actions, rows added with Ctrl+Enter (static/record.js), completes it, sees the needs in
// urgency order, the record in the customer history and the print view.
// Screenshots go to $PARLEY_SCREENSHOT_DIR (default: ./screenshots next to this file).
//
//   PARLEY_BASE_URL=http://127.0.0.1:18080 node tests/e2e/test_negotiation.mjs
//
// Exit status 0 on success, 1 with a message on any failure. The browser is always closed.
import { randomBytes } from 'node:crypto';
import { PASSWORD, TIMEOUT, USER, baseUrl, chooseByKeys, expectLang, expectPath, fail, focused, langString,
  pressAndWait, runBrowserTest, shot, submit, tabTo, typeInto } from './lib.mjs';

// Types into an input and checks the value it took.
async function typeDigits(page, id, text, want, step) {
  await tabTo(page, id, step);
  await page.keyboard.type(text);
  const got = await page.locator(`#${id}`).inputValue();
  if (got !== want) fail(`${step}: #${id} is "${got}" after typing ${text}, expected "${want}"`);
}

// Types an ISO date into a date input digit by digit. The segment order follows the browser's own
// locale (headless Chromium: month/day/year), so each usual order is tried until the value is right;
// between tries the field is emptied.
async function typeDate(page, id, iso, step) {
  const [y, m, d] = iso.split('-');
  const loc = page.locator(`#${id}`);
  await tabTo(page, id, step);
  for (const digits of [m + d + y, y + m + d, d + m + y]) {
    await page.keyboard.type(digits);
    if ((await loc.inputValue()) === iso) return;
    await loc.fill('');
    await loc.focus();
  }
  fail(`${step}: #${id} does not take ${iso} from the keyboard`);
}

// Ctrl+Enter in a row adds an empty row to that list at once and focuses its first field.
async function addRowByKeys(page, list, n, step) {
  await page.keyboard.press('Control+Enter');
  const id = await focused(page);
  if (!id.startsWith(`f-${list}-${n}-`)) fail(`${step}: Ctrl+Enter did not focus a new ${list} row ${n} (focus on "${id}")`);
}

async function run(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(`console: ${m.text()}`);
  });
  const tag = randomBytes(4).toString('hex');
  const customerName = `谈判记录测试客户 ${tag}`;

  // 1. Sign in with the keyboard.
  let resp = await page.goto(`${baseUrl}/login`);
  if (!resp || resp.status() !== 200) fail(`GET /login answered ${resp && resp.status()}`);
  await page.focus('input[name=username]');
  await page.keyboard.type(USER);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await pressAndWait(page, 'Enter', 'sign-in');
  await expectPath(page, '/', 'after sign-in');
  if ((await page.evaluate(() => document.documentElement.lang)) === 'en') {
    await submit(page, page.locator('form#lang-form button[value="zh-CN"]'), 'switch to Chinese');
  }
  await expectLang(page, 'zh-CN', 'home page');

  // 2. A customer to negotiate with.
  await page.goto(`${baseUrl}/customers/new`);
  await page.focus('#f-name');
  await page.keyboard.type(customerName);
  await pressAndWait(page, 'Enter', 'save the customer');
  await expectPath(page, /^\/customers\/\d+$/, 'after saving the customer');
  const customerId = page.url().match(/\/customers\/(\d+)/)[1];

  // 3. An opportunity, and a plan for it with its bottom lines; the record starts from the plan.
  await page.goto(`${baseUrl}/opportunities/new?customer_id=${customerId}`);
  await page.focus('#f-title');
  await page.keyboard.type('仓储系统一期');
  await typeInto(page, 'f-list_price', '1000000', 'list price');
  await pressAndWait(page, 'Enter', 'save the opportunity');
  await expectPath(page, /^\/opportunities\/\d+$/, 'after saving the opportunity');
  const oppId = page.url().match(/\/opportunities\/(\d+)/)[1];
  await page.goto(`${baseUrl}/plans/new?opportunity_id=${oppId}`);
  await page.focus('#f-topic');
  await page.keyboard.type('价格与交付谈判');
  await typeInto(page, 'f-must_goals', '一期合同单价不低于九折', 'must goals');
  await typeInto(page, 'f-min_price', '900000', 'minimum price');
  await typeInto(page, 'f-max_discount', '10', 'maximum discount');
  await typeInto(page, 'f-max_payment_days', '60', 'longest payment term');
  await shot(page, '19-plan-form-zh.png');
  // Enter in a field never submits an entry form: the save button does
  await tabTo(page, 'save', 'the plan\'s save button', 80);
  await pressAndWait(page, 'Enter', 'save the plan');
  await expectPath(page, /^\/plans\/\d+$/, 'after saving the plan');
  const planId = page.url().match(/\/plans\/(\d+)/)[1];
  if (!(await page.locator('#plan-min-price').innerText()).includes('900,000')) {
    fail('plan page: the minimum price is not shown to its writer');
  }
  await tabTo(page, 'record-negotiation', 'record-a-negotiation link');
  await pressAndWait(page, 'Enter', 'open the record form from the plan');
  await expectPath(page, '/negotiations/new', 'record form from the plan');
  if ((await page.locator('#f-plan_id').inputValue()) !== planId) fail('record form: the plan is not preselected');
  if ((await page.locator('#f-opportunity_id').inputValue()) !== oppId) fail('record form: the opportunity is not preselected');

  // 4. The record form, filled in with the keyboard only.
  await expectLang(page, 'zh-CN', 'record form');
  const reminder = (await page.locator('#objectivity').innerText()).trim();
  if (reminder !== langString('negotiations', 'rec', 'objectivity')) fail(`record form: objectivity reminder is "${reminder}"`);
  await page.focus('#f-held_on');
  await typeDigits(page, 'f-start_time', '09:30', '09:30', 'start time');
  await typeDigits(page, 'f-end_time', '11:00', '11:00', 'end time');
  await typeInto(page, 'f-place', '客户办公室', 'place');
  await typeInto(page, 'f-their_participants', '王总（CFO），李工（IT 经理）', 'their participants');
  await chooseByKeys(page, 'f-type', 'price', 'type');
  await chooseByKeys(page, 'f-phase', 'middle', 'phase');

  const needs = [['交付周期缩短到 6 周', 'low'], ['总价控制在预算内', 'high'], ['本地化技术支持', 'medium']];
  for (let i = 0; i < needs.length; i++) {
    if (i > 0) await addRowByKeys(page, 'needs', i, `add need ${i + 1}`);
    await typeInto(page, `f-needs-${i}-text`, needs[i][0], `need ${i + 1}`);
    await chooseByKeys(page, `f-needs-${i}-urgency`, needs[i][1], `need ${i + 1} urgency`);
  }
  const objections = [['你们的价格比竞争对手高 15%', 'price'], ['上线后谁来支持我们？', 'trust']];
  for (let i = 0; i < objections.length; i++) {
    if (i > 0) await addRowByKeys(page, 'objections', i, `add objection ${i + 1}`);
    await typeInto(page, `f-objections-${i}-quote`, objections[i][0], `objection ${i + 1}`);
    await chooseByKeys(page, `f-objections-${i}-type`, objections[i][1], `objection ${i + 1} type`);
  }
  const me = await page.locator('#f-actions-0-owner').inputValue();
  if (!me) fail('record form: the first action is not owned by the writer');
  const actions = [['发送修订报价', '2026 11 25', '2026-11-25', '报价单 PDF'], ['安排技术交流会', '2026 11 27', '2026-11-27', '会议纪要']];
  for (let i = 0; i < actions.length; i++) {
    if (i > 0) await addRowByKeys(page, 'actions', i, `add action ${i + 1}`);
    await typeInto(page, `f-actions-${i}-what`, actions[i][0], `action ${i + 1}`);
    if (i > 0) await chooseByKeys(page, `f-actions-${i}-owner`, me, `action ${i + 1} owner`);
    await typeDate(page, `f-actions-${i}-due`, actions[i][2], `action ${i + 1} due`);
    await typeInto(page, `f-actions-${i}-deliverable`, actions[i][3], `action ${i + 1} deliverable`);
  }
  await typeInto(page, 'f-review_strengths', '议程清晰，提前准备了 TCO 对比', 'review strengths');
  await typeInto(page, 'f-review_improve', '价格让步节奏偏快', 'review improve');
  await shot(page, '20-negotiation-form-zh.png');
  await tabTo(page, 'save-complete', 'save-and-complete button', 120);
  await pressAndWait(page, 'Enter', 'save and complete');
  await expectPath(page, /^\/negotiations\/\d+$/, 'after saving the record');
  const recordId = page.url().match(/\/negotiations\/(\d+)/)[1];

  // 5. The record: completed, needs high → low, the objections verbatim.
  const completed = (await page.locator('#rec-completed').innerText()).trim();
  if (completed === langString('negotiations', 'rec', 'not_completed')) fail('record: not completed after "save and complete"');
  const order = await page.locator('#rec-needs tr[data-urgency]').evaluateAll((rows) => rows.map((r) => r.dataset.urgency));
  if (order.join(',') !== 'high,medium,low') fail(`record: needs in order ${order.join(',')}`);
  if ((await page.locator('#rec-objections tr[data-objection-id]').count()) !== 2) fail('record: not 2 objections');
  if ((await page.locator('#rec-actions tbody tr').count()) !== 2) fail('record: not 2 next actions');
  if (!(await page.locator('#rec-objections').innerText()).includes(objections[0][0])) fail('record: quote not verbatim');
  await shot(page, '21-negotiation-record-zh.png');

  // 6. The customer page lists it in the customer history.
  await page.goto(`${baseUrl}/customers/${customerId}`);
  const link = page.locator(`#customer-history a[href="/negotiations/${recordId}"]`);
  if ((await link.count()) < 1) fail('customer page: the record is not in the customer history');
  const phase = await page.locator(`#history-records tr[data-negotiation-id="${recordId}"]`).getAttribute('data-phase');
  if (phase !== 'middle') fail(`customer history: the record's phase is "${phase}", expected "middle"`);
  await link.first().scrollIntoViewIfNeeded();
  await shot(page, '22-negotiation-customer-history-zh.png');

  // 7. The print view.
  resp = await page.goto(`${baseUrl}/negotiations/${recordId}/print`);
  if (!resp || resp.status() !== 200) fail(`print view answered ${resp && resp.status()}`);
  await page.emulateMedia({ media: 'print' });
  await shot(page, '23-negotiation-print-zh.png');
  await page.emulateMedia({ media: 'screen' });

  await page.goto(`${baseUrl}/`);
  await submit(page, page.locator('#logout'), 'sign-out');
  await expectPath(page, '/login', 'after sign-out');
  if (pageErrors.length) fail(`errors in the page:\n  ${pageErrors.join('\n  ')}`);
  await context.close();
}

process.exitCode = await runBrowserTest('e2e negotiation record flow', run);
