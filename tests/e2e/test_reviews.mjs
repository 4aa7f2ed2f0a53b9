// Browser test of closing and reviewing: rep1 closes one of their open opportunities through the closing
// form (first without a reason: the form comes back with the message and what was typed), opens the
// win/loss review from the opportunity, judges the plan's goals and writes the lessons; mgr1 finds it in
// /reviews and marks it reviewed with comments. Every page load is checked with axe-core (lib.mjs); the
// review is screenshot in both languages.
//
//   PARLEY_BASE_URL=http://127.0.0.1:18080 node tests/e2e/test_reviews.mjs
import { TIMEOUT, baseUrl, expectLang, expectPath, fail, pressAndWait, runBrowserTest, shot, submit } from './lib.mjs';

async function signIn(browser, user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  const resp = await page.goto(`${baseUrl}/login`);
  if (!resp || resp.status() !== 200) fail(`GET /login answered ${resp && resp.status()}`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', 'parley-demo-2026');
  await page.focus('input[name=password]');
  await pressAndWait(page, 'Enter', `${user} signs in`);
  await expectPath(page, '/', `${user} after sign-in`);
  if ((await page.evaluate(() => document.documentElement.lang)) === 'en') {
    await submit(page, page.locator('form#lang-form button[value="zh-CN"]'), 'switch to Chinese');
  }
  return { context, page, errors };
}

async function run(browser) {
  const rep = await signIn(browser, 'rep1');
  let page = rep.page;

  // 1. An open opportunity rep1 may close.
  await page.goto(`${baseUrl}/opportunities?status=open`);
  const hrefs = await page.locator('#opportunities tbody a[href^="/opportunities/"]').evaluateAll(
    (as) => as.map((a) => a.getAttribute('href')));
  let oid = null;
  for (const h of hrefs.slice(0, 15)) {
    await page.goto(`${baseUrl}${h}`);
    if ((await page.locator('#close-opportunity').count()) === 1) { oid = h.split('/').pop(); break; }
  }
  if (!oid) fail('rep1 has no open opportunity to close');
  await submit(page, page.locator('#close-opportunity'), 'open the closing form');
  await expectPath(page, `/opportunities/${oid}/close`, 'closing form');

  // 2. Without a reason: 422, the message at the field, the tactic kept.
  await page.check('#f-outcome-won');
  await page.fill('#f-final_price', '880000');
  await page.fill('#f-tactic', '三年总拥有成本对比');
  await submit(page, page.locator('#save'), 'close without a reason');
  if ((await page.locator('#err-primary_reason').count()) !== 1) fail('closing: no message at the primary reason');
  if ((await page.inputValue('#f-tactic')) !== '三年总拥有成本对比') fail('closing: the tactic typed was lost');
  const reason = await page.locator('#f-primary_reason option').nth(1).getAttribute('value');
  await page.selectOption('#f-primary_reason', reason);
  await submit(page, page.locator('#save'), 'close the opportunity');
  await expectPath(page, `/opportunities/${oid}`, 'back on the opportunity');
  if ((await page.locator('#opp-status').getAttribute('data-status')) !== 'won') fail('closing: not won');
  if ((await page.locator('#opp-closings .closing-tactic').textContent()).trim() !== '三年总拥有成本对比') {
    fail('closing: the tactic is not shown');
  }

  // 3. The review, from the opportunity.
  await submit(page, page.locator('#review-opportunity'), 'open the review');
  await expectPath(page, `/reviews/${oid}`, 'review');
  if ((await page.locator('#review-timeline li[data-kind="closed"]').count()) < 1) fail('review: the closing is not a key moment');
  const goals = await page.locator('#goal-rows select').count();
  for (let i = 0; i < goals; i++) await page.locator('#goal-rows select').nth(i).selectOption('met');
  await page.fill('#f-lessons', '尽早请财务总监参会；以总拥有成本为锚点。');
  await submit(page, page.locator('#save-review'), 'save the review');
  await expectPath(page, `/reviews/${oid}`, 'review saved');
  if (!(await page.locator('#written-lessons').textContent()).includes('总拥有成本')) fail('review: lessons not shown');
  if ((await page.locator('#sign-form').count()) !== 0) fail('review: the owner is offered the sign-off');
  await shot(page, 'review_zh.png');
  if (rep.errors.length) fail(`errors in rep1's pages:\n  ${rep.errors.join('\n  ')}`);
  await rep.context.close();

  // 4. mgr1 finds it in /reviews and signs it off; a blank comment is refused first.
  const mgr = await signIn(browser, 'mgr1');
  page = mgr.page;
  await submit(page, page.locator('#nav-reviews'), 'open the reviews');
  await expectPath(page, '/reviews', 'reviews list');
  const row = page.locator(`#reviews tr[data-opportunity-id="${oid}"]`);
  if ((await row.count()) !== 1) fail('reviews: the closed opportunity is not listed for mgr1');
  if ((await row.getAttribute('data-signed')) !== '0') fail('reviews: already signed');
  await submit(page, row.locator('a').first(), 'open the review');
  await expectPath(page, `/reviews/${oid}`, 'mgr1 on the review');
  await submit(page, page.locator('#sign-review'), 'sign without comments');
  if ((await page.locator('#err-comment').count()) !== 1) fail('sign-off: no message for the blank comment');
  await page.fill('#f-comment', '复盘到位，TCO 对比表请在组内分享。');
  await submit(page, page.locator('#sign-review'), 'sign the review');
  await expectPath(page, `/reviews/${oid}`, 'signed');
  if (!(await page.locator('#signed-comment').textContent()).includes('TCO')) fail('sign-off: the comment is not shown');
  await submit(page, page.locator('form#lang-form button[value="en"]'), 'switch to English');
  await expectLang(page, 'en', 'review in English');
  await page.goto(`${baseUrl}/reviews/${oid}`);
  if (!(await page.locator('h1').textContent()).includes('Win/loss review')) fail('review in English: heading');
  await shot(page, 'review_en.png');
  await submit(page, page.locator('form#lang-form button[value="zh-CN"]'), 'back to Chinese');
  await expectLang(page, 'zh-CN', 'back to Chinese');
  if (mgr.errors.length) fail(`errors in mgr1's pages:\n  ${mgr.errors.join('\n  ')}`);
  await mgr.context.close();
}

process.exitCode = await runBrowserTest('e2e reviews', run);
