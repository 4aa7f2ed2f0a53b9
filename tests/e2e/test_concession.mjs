// Browser test of the approval chain (zh-CN), the walk-through: rep1 creates a customer and an
// opportunity (list price ¥1,000,000) and, from the opportunity, requests 12 % off — manager then
// director; rep1 is not offered the decision. mgr1 finds it in the inbox (header badge) and approves it;
// rep1 then changes the requested value, which voids the chain and starts it again; mgr1 and dir1
// approve the new version; rep1 sees it approved, records the concession in a negotiation record
// naming the request (refused without it), and rep3 and mgr2 get 404 on the request. Screenshots of the
// request page and the inboxes go to $PARLEY_SCREENSHOT_DIR (default: ./screenshots next to this file).
//
//   PARLEY_BASE_URL=http://127.0.0.1:18080 node tests/e2e/test_concession.mjs
import { randomBytes } from 'node:crypto';
import { PASSWORD, TIMEOUT, baseUrl, expectPath, fail, runBrowserTest, shot } from './lib.mjs';

async function clickAndWait(page, selector, step) {
  const loc = page.locator(selector);
  if ((await loc.count()) < 1) fail(`${step}: ${selector} not found at ${page.url()}`);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: TIMEOUT }).catch(() => fail(`${step}: no navigation`)),
    loc.first().click(),
  ]);
}

// A fresh browser context signed in as username, in Chinese.
async function signIn(browser, username, errors) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => errors.push(`${username}: ${e}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(`${username}: ${m.text()}`);
  });
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: TIMEOUT }).catch(() => fail(`${username}: sign-in`)),
    page.press('input[name=password]', 'Enter'),
  ]);
  if ((await page.evaluate(() => document.documentElement.lang)) !== 'zh-CN') {
    await clickAndWait(page, 'form#lang-form button[value="zh-CN"]', `${username} switch to Chinese`);
  }
  return { context, page };
}

async function stepStates(page) {
  return page.locator('#conc-chain tr[data-step-id]').evaluateAll((rows) =>
    rows.map((r) => `${r.dataset.level}:${r.dataset.state}`).join(','));
}

async function approveAs(browser, username, requestId, wantBefore, wantAfter, shotName, errors) {
  const { context, page } = await signIn(browser, username, errors);
  const badge = page.locator('#approvals-badge');
  if ((await badge.count()) < 1 || Number(await badge.innerText()) < 1) fail(`${username}: no pending-approvals badge`);
  await page.goto(`${baseUrl}/approvals`);
  const link = page.locator(`#inbox-mine a[href="/concessions/${requestId}"]`);
  if ((await link.count()) < 1) fail(`${username}: request #${requestId} is not waiting in the inbox`);
  await shot(page, shotName);
  await clickAndWait(page, `#inbox-mine a[href="/concessions/${requestId}"]`, `${username} opens the request`);
  const before = await stepStates(page);
  if (before !== wantBefore) fail(`${username}: chain before deciding is ${before}, expected ${wantBefore}`);
  await page.fill('#f-comment', `${username} 同意：换取了三年合同`);
  await clickAndWait(page, '#decide-approve', `${username} approves`);
  await expectPath(page, new RegExp(`^/concessions/${requestId}$`), `${username} after approving`);
  const after = await stepStates(page);
  if (after !== wantAfter) fail(`${username}: chain after deciding is ${after}, expected ${wantAfter}`);
  await context.close();
}

async function run(browser) {
  const errors = [];
  const tag = randomBytes(4).toString('hex');

  // 1. rep1: a customer, an opportunity, and a 12 % request filed from the opportunity.
  const { context, page } = await signIn(browser, 'rep1', errors);
  await page.goto(`${baseUrl}/customers/new`);
  await page.fill('#f-name', `让步审批测试客户 ${tag}`);
  await page.press('#f-name', 'Enter');
  await expectPath(page, /^\/customers\/\d+$/, 'after saving the customer');
  const customerId = page.url().match(/\/customers\/(\d+)/)[1];
  await page.goto(`${baseUrl}/opportunities/new?customer_id=${customerId}`);
  await page.fill('#f-title', '仓储系统二期');
  await page.fill('#f-list_price', '1000000');
  await page.press('#f-list_price', 'Enter');
  await expectPath(page, /^\/opportunities\/\d+$/, 'after saving the opportunity');
  await clickAndWait(page, '#new-concession', 'request a concession from the opportunity');
  await page.selectOption('#f-term', 'price');
  await page.fill('#f-current_value', '1,000,000');
  await page.fill('#f-requested_value', '880,000');
  await page.fill('#f-amount', '120,000');
  await page.fill('#f-justification', '竞争对手报价低 15%，客户要求对齐');
  await page.fill('#f-counter_concession', '客户同意签三年服务合同');
  await clickAndWait(page, '#save', 'file the request');
  await expectPath(page, /^\/concessions\/\d+$/, 'after filing');
  const requestId = page.url().match(/\/concessions\/(\d+)/)[1];
  const levels = await page.locator('#conc-levels').getAttribute('data-levels');
  if (levels !== '2') fail(`request: ${levels} levels, expected 2 (manager, director)`);
  if ((await stepStates(page)) !== '1:pending,2:waiting') fail(`request: chain is ${await stepStates(page)}`);
  if ((await page.locator('#decide-form').count()) !== 0) fail('request: the requester is offered the decision form');
  await shot(page, '30-concession-request-zh.png');

  // 2. mgr1 approves; rep1 then changes the requested value: the chain starts again on version 2.
  await approveAs(browser, 'mgr1', requestId, '1:pending,2:waiting', '1:approved,2:pending',
    '31-approvals-inbox-mgr1-zh.png', errors);
  await page.goto(`${baseUrl}/concessions/${requestId}`);
  await clickAndWait(page, '#change-request', 'change the request');
  await page.fill('#f-requested_value', '890,000');
  await page.fill('#f-amount', '110,000');
  await page.fill('#f-justification', '客户预算上限 89 万');
  await clickAndWait(page, '#save', 'save the change');
  await expectPath(page, new RegExp(`^/concessions/${requestId}$`), 'after changing');
  if ((await page.locator('#conc-version').innerText()).trim() !== '2') fail('request: not version 2 after the change');
  if ((await stepStates(page)) !== '1:pending,2:waiting') fail(`request: chain after the change is ${await stepStates(page)}`);
  await shot(page, '30b-concession-changed-zh.png');
  await approveAs(browser, 'mgr1', requestId, '1:pending,2:waiting', '1:approved,2:pending',
    '31b-approvals-inbox-mgr1-v2-zh.png', errors);
  await approveAs(browser, 'dir1', requestId, '1:approved,2:pending', '1:approved,2:approved',
    '32-approvals-inbox-dir1-zh.png', errors);

  // 3. rep1 sees it approved.
  await page.goto(`${baseUrl}/concessions/${requestId}`);
  const state = await page.locator('#conc-state').getAttribute('data-state');
  if (state !== 'approved') fail(`request: state ${state} after both approvals`);
  await shot(page, '33-concession-approved-zh.png');
  await page.goto(`${baseUrl}/approvals`);
  const mine = page.locator(`#my-requests tr[data-request-id="${requestId}"]`);
  if ((await mine.count()) !== 1 || (await mine.getAttribute('data-state')) !== 'approved') {
    fail('inbox: the request is not among rep1\'s requests as approved');
  }
  await shot(page, '34-approvals-my-requests-zh.png');

  // 4. The record takes the concession only with the approved request.
  await page.goto(`${baseUrl}/negotiations/new?customer_id=${customerId}`);
  await page.selectOption('#f-opportunity_id', await page.locator('#f-opportunity_id option:not([value=""])').first().getAttribute('value'));
  await page.fill('#f-start_time', '09:30');
  await page.fill('#f-end_time', '11:00');
  await page.fill('#f-their_participants', '王总（CFO）');
  await page.selectOption('#f-type', 'price');
  await page.selectOption('#f-phase', 'final');
  await page.selectOption('#f-concessions-0-term', 'price');
  await page.fill('#f-concessions-0-from', '100 万');
  await page.fill('#f-concessions-0-to', '89 万');
  await page.fill('#f-concessions-0-value', '110,000');
  await page.fill('#f-concessions-0-counter', '三年服务合同');
  await page.selectOption('#f-actions-0-owner', ''); // no next action in this record: the row stays blank
  await clickAndWait(page, '#save', 'save the record without the request');
  const refusal = page.locator('#list-concessions .field-error');
  if ((await refusal.count()) < 1) fail('record: a concession that needed approval was not refused');
  const others = await page.locator('.field-error').count();
  if (others !== 1) fail(`record: ${others} field errors, expected only the concession's`);
  if ((await page.locator('#list-concessions a[href^="/concessions/new?opportunity_id="]').count()) < 1) {
    fail('record: the refusal does not point to filing a request');
  }
  await shot(page, '35-record-concession-refused-zh.png');
  await page.selectOption('#f-concessions-0-request', requestId); // offered among the approved requests
  await clickAndWait(page, '#save', 'save the record with the request');
  await expectPath(page, /^\/negotiations\/\d+\/edit$/, 'after saving the draft (back in the form)');
  await page.goto(page.url().replace(/\/edit$/, ''));
  if ((await page.locator(`a[href="/concessions/${requestId}"]`).count()) < 1) fail('record: no link to the approved request');
  await shot(page, '36-record-with-approved-concession-zh.png');
  await context.close();

  // 5. Outside rep1's reporting line the request does not exist.
  for (const other of ['rep3', 'mgr2']) {
    const o = await signIn(browser, other, errors);
    const resp = await o.page.goto(`${baseUrl}/concessions/${requestId}`);
    if (!resp || resp.status() !== 404) fail(`${other}: GET /concessions/${requestId} answered ${resp && resp.status()}`);
    await o.context.close();
  }
  if (errors.length) fail(`errors in the pages:\n  ${errors.join('\n  ')}`);
}

process.exitCode = await runBrowserTest('e2e concession approval flow', run);
