// Browser test: rep1 (zh-CN) creates a customer with the keyboard, adds a contact with a personality
// type, sees that type's response strategy on the customer page, and finds the customer in the list.
// Screenshots go to $PARLEY_SCREENSHOT_DIR (default: ./screenshots next to this file).
//
//   PARLEY_BASE_URL=http://127.0.0.1:18080 node tests/e2e/test_customers.mjs
//
// Exit status 0 on success, 1 with a message on any failure. The browser is always closed.
import { randomBytes } from 'node:crypto';
import { PASSWORD, TIMEOUT, USER, baseUrl, chooseByKeys, expectLang, expectPath, fail, langString,
  pressAndWait, runBrowserTest, shot, submit, tabTo, typeInto } from './lib.mjs';

async function run(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(`console: ${m.text()}`);
  });
  const tag = randomBytes(4).toString('hex');
  const customerName = `浏览器测试客户 ${tag}`;
  const contactName = `李总 ${tag}`;

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

  // 2. The list, then the new-customer form, reached by keyboard.
  resp = await page.goto(`${baseUrl}/customers`);
  if (!resp || resp.status() !== 200) fail(`GET /customers answered ${resp && resp.status()}`);
  await expectLang(page, 'zh-CN', 'customer list');
  const newLink = page.locator('#new-customer');
  if ((await newLink.count()) !== 1) fail('customer list: no #new-customer link for rep1');
  await newLink.focus();
  await pressAndWait(page, 'Enter', 'open the new-customer form');
  await expectPath(page, '/customers/new', 'new-customer form');
  await expectLang(page, 'zh-CN', 'new-customer form');

  // 3. Fill it in with the keyboard only.
  await page.focus('#f-name');
  await page.keyboard.type(customerName);
  await typeInto(page, 'f-industry', '汽车零部件', 'industry');
  await typeInto(page, 'f-employees', '350', 'employees');
  await typeInto(page, 'f-annual_revenue', '12,500,000.00', 'annual revenue');
  await chooseByKeys(page, 'f-source', 'trade_show', 'source');
  await chooseByKeys(page, 'f-segment', 'key', 'segment');
  await chooseByKeys(page, 'f-intent', 'high', 'intent');
  await typeInto(page, 'f-need_summary', '需要替换现有供应商，关注交期。', 'need summary');
  await typeInto(page, 'f-decision_process', '采购经理建议，总经理决定。', 'decision process');
  if ((await page.locator('#f-budget_ceiling').count()) !== 1) fail('new-customer form: no budget ceiling for the owner');
  await typeInto(page, 'f-budget_ceiling', '880,000', 'budget ceiling');
  await shot(page, '10-customer-new-zh.png');
  // Enter in a text input submits the form.
  await pressAndWait(page, 'Enter', 'save the customer');
  await expectPath(page, /^\/customers\/\d+$/, 'after saving the customer');
  await expectLang(page, 'zh-CN', 'customer page');
  const customerId = page.url().match(/\/customers\/(\d+)/)[1];
  const h1 = (await page.locator('#customer-name').innerText()).trim();
  if (h1 !== customerName) fail(`customer page: #customer-name is "${h1}", expected "${customerName}"`);
  const budget = (await page.locator('#budget-ceiling').innerText()).trim();
  if (!budget.includes('880,000.00')) fail(`customer page: #budget-ceiling is "${budget}"`);
  const next = (await page.locator('#next-follow-up').innerText()).trim();
  if (!/^\d{4}年\d{1,2}月\d{1,2}日/.test(next)) fail(`customer page: next follow-up "${next}" is not a zh-CN date`);

  // 4. Add a contact with a personality type, by keyboard.
  const details = page.locator('#contacts details');
  if ((await details.count()) === 1 && !(await details.evaluate((d) => d.open))) {
    await details.locator('summary').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#contacts details').open, null, { timeout: TIMEOUT })
      .catch(() => fail('contact form: the Enter key did not open it'));
  }
  const contactForm = page.locator(`form[action="/customers/${customerId}/contacts"]`);
  if ((await contactForm.count()) !== 1) fail('customer page: no contact form');
  await contactForm.locator('input[name=name]').focus();
  await page.keyboard.type(contactName);
  await typeInto(page, 'f-title', '采购总监', 'contact title');
  await typeInto(page, 'f-phone', '13900001234', 'contact phone');
  await typeInto(page, 'f-email', `li.${tag}@example.com`, 'contact email');
  await chooseByKeys(page, 'f-decision_role', 'decides', 'decision role');
  await chooseByKeys(page, 'f-personality', 'hesitant', 'personality');
  await typeInto(page, 'f-contact-notes', '喜欢周二下午沟通', 'contact notes');
  await tabTo(page, 'save-contact', 'save-contact button');
  await pressAndWait(page, 'Enter', 'save the contact');
  await expectPath(page, `/customers/${customerId}`, 'after saving the contact');
  await expectLang(page, 'zh-CN', 'customer page with contact');

  // 5. The personality hint: the hesitant type's strategy from the zh-CN language file.
  const strategy = langString('customers', 'personality_strategy', 'hesitant');
  const typeName = langString('customers', 'personality_name', 'hesitant');
  const card = page.locator('#contacts .contact', { hasText: contactName });
  if ((await card.count()) !== 1) fail(`customer page: contact "${contactName}" not listed`);
  const hint = card.locator('.personality-hint');
  await hint.waitFor({ state: 'visible' }).catch(() => fail('customer page: no visible personality hint'));
  const hintText = (await hint.innerText()).replace(/\s+/g, ' ');
  if (!hintText.includes(strategy.replace(/\s+/g, ' '))) fail(`personality hint "${hintText}" lacks the strategy "${strategy}"`);
  if (!(await card.innerText()).includes(typeName)) fail(`contact card does not name the type "${typeName}"`);
  await hint.scrollIntoViewIfNeeded();
  await shot(page, '11-customer-contact-zh.png');

  // 5b. A follow-up dated tomorrow is refused on the customer page: the message on the date, the
  // summary as typed.
  const tomorrow = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10);
  const summary = `电话跟进 ${tag}`;
  await page.fill('#f-happened_on', tomorrow);
  await page.fill('#f-summary', summary);
  await submit(page, page.locator('#followup-form button[type=submit]'), 'log a follow-up dated tomorrow');
  await expectPath(page, `/customers/${customerId}/follow-ups`, 'follow-up refused');
  const dateErr = (await page.locator('#err-happened_on').innerText()).trim();
  if (dateErr !== langString('customers', 'form', 'in_future')) fail(`follow-up: date message is "${dateErr}"`);
  if ((await page.locator('#f-summary').inputValue()) !== summary) fail('follow-up: the typed summary was not kept');
  await shot(page, '11b-followup-refused-zh.png');

  // 5c. A satisfaction survey, chosen by keyboard.
  await page.goto(`${baseUrl}/customers/${customerId}/surveys/new`);
  await chooseByKeys(page, 'f-service_quality', '4', 'service quality');
  await chooseByKeys(page, 'f-solution_effect', '5', 'solution effect');
  await chooseByKeys(page, 'f-response_speed', '3', 'response speed');
  await chooseByKeys(page, 'f-team_cooperation', '4', 'team cooperation');
  await chooseByKeys(page, 'f-overall', 'satisfied', 'overall');
  await submit(page, page.locator('#save'), 'save the survey');
  await expectPath(page, `/customers/${customerId}`, 'after saving the survey');

  // 6. The list shows the new customer (search by keyboard in the filter form).
  await page.goto(`${baseUrl}/customers`);
  await page.focus('#customer-filters input[name=q]');
  await page.keyboard.type(tag);
  await pressAndWait(page, 'Enter', 'search the list');
  const row = page.locator(`tr[data-customer-id="${customerId}"]`);
  await row.waitFor({ state: 'visible' }).catch(() => fail(`list: customer ${customerId} not shown for "${tag}"`));
  if (!(await row.innerText()).includes(customerName)) fail('list: the row does not show the customer name');
  if ((await page.locator('tr[data-customer-id]').count()) !== 1) fail('list: the search found more than the new customer');
  await shot(page, '12-customer-list-zh.png');
  // A sort key the list does not have is refused with a message, not silently replaced.
  const refused = await page.goto(`${baseUrl}/customers?q=${tag}&sort=budget_ceiling`);
  if (!refused || refused.status() !== 400) fail(`list: an unknown sort answered ${refused && refused.status()}`);
  if (!(await page.locator('#query-problems').innerText()).includes('sort=budget_ceiling')) fail('list: the refused sort is not named');
  if ((await page.locator('tr[data-customer-id]').count()) !== 0) fail('list: rows shown for a refused sort');

  // rep1 stays on Chinese for the other tests.
  await page.goto(`${baseUrl}/`);
  await expectLang(page, 'zh-CN', 'home page at the end');
  await submit(page, page.locator('#logout'), 'sign-out');
  await expectPath(page, '/login', 'after sign-out');

  if (pageErrors.length) fail(`errors in the page:\n  ${pageErrors.join('\n  ')}`);
  await context.close();
}

process.exitCode = await runBrowserTest('e2e customer flow', run);
