// Browser test of the approval chain (zh-CN): rep1 creates a customer and an opportunity (list price
// ¥1,000,000) and, from the opportunity, requests 12 % off — manager then director. mgr1 finds it in the
// inbox (with the header badge), approves it on the request page; dir1 does the same; rep1 sees it
// approved on the request page and among their requests. Screenshots of the request page and the
// inboxes go to $PARLEY_SCREENSHOT_DIR (default: ./screenshots next to this file).
//
//   PARLEY_BASE_URL=http://127.0.0.1:18080 node tests/e2e/test_concession.mjs
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const baseUrl = (process.env.PARLEY_BASE_URL || '').replace(/\/+$/, '');
const shotDir = path.resolve(here, process.env.PARLEY_SCREENSHOT_DIR || 'screenshots');
const executablePath = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'parley-demo-2026';
const TIMEOUT = 15000;

function fail(msg) {
  throw new Error(msg);
}

async function shot(page, name) {
  const file = path.join(shotDir, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot ${file}`);
}

async function expectPath(page, test, step) {
  try {
    await page.waitForURL((u) => test.test(u.pathname), { timeout: TIMEOUT });
  } catch {
    fail(`${step}: expected a page matching ${test}, but at ${page.url()}`);
  }
}

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

  // 2. mgr1, then dir1 approve from their inboxes.
  await approveAs(browser, 'mgr1', requestId, '1:pending,2:waiting', '1:approved,2:pending',
    '31-approvals-inbox-mgr1-zh.png', errors);
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
  await context.close();
  if (errors.length) fail(`errors in the pages:\n  ${errors.join('\n  ')}`);
}

async function main() {
  if (!baseUrl) {
    console.error('FAIL: PARLEY_BASE_URL is not set (source the test stack env.sh)');
    return 1;
  }
  mkdirSync(shotDir, { recursive: true });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    await run(browser);
    console.log('PASS: e2e concession approval flow');
    return 0;
  } catch (e) {
    console.error(`FAIL: ${e && e.message ? e.message : e}`);
    return 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
}

process.exitCode = await main();
