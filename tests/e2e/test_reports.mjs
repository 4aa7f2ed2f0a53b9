// Browser test of the KPI reports: exec1 opens /reports, switches to the quarter and to team 2 (华东二组),
// drills into the late-record rate and lands on the late records, then opens one of them; the charts
// are screenshot in both languages. No Content-Security-Policy errors on the way (the charts are SVG
// drawn by the server, without scripts or inline styles).
//
//   PARLEY_BASE_URL=http://127.0.0.1:18080 node tests/e2e/test_reports.mjs
import { TIMEOUT, baseUrl, expectLang, expectPath, fail, pressAndWait, runBrowserTest, shot, submit } from './lib.mjs';

async function run(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(`console: ${m.text()}`);
  });

  let resp = await page.goto(`${baseUrl}/login`);
  if (!resp || resp.status() !== 200) fail(`GET /login answered ${resp && resp.status()}`);
  await page.fill('input[name=username]', 'exec1');
  await page.fill('input[name=password]', 'parley-demo-2026');
  await page.focus('input[name=password]');
  await pressAndWait(page, 'Enter', 'sign-in');
  await expectPath(page, '/', 'after sign-in');
  if ((await page.evaluate(() => document.documentElement.lang)) === 'en') {
    await submit(page, page.locator('form#lang-form button[value="zh-CN"]'), 'switch to Chinese');
  }

  // 1. /reports from the navigation: the company this month.
  await submit(page, page.locator('#nav-reports'), 'open the reports');
  await expectPath(page, '/reports', 'reports');
  await expectLang(page, 'zh-CN', 'reports');
  if ((await page.locator('#kpi-table').count()) !== 1) fail('reports: no figures table');
  if ((await page.locator('svg.chart').count()) < 3) fail('reports: the charts are missing');
  if (!/^\d{4}-\d{2}$/.test((await page.locator('#report-at').textContent()).trim())) fail('reports: not a month');

  // 2. The quarter, team 2.
  await page.selectOption('#f-period', 'quarter');
  const team2 = await page.locator('#f-scope option').evaluateAll(
    (os) => (os.find((o) => o.textContent.includes('华东二组')) || {}).value);
  if (!team2 || !/^team:\d+$/.test(team2)) fail('reports: team 2 is not offered to exec1');
  await page.selectOption('#f-scope', team2);
  await submit(page, page.locator('#report-apply'), 'show the quarter of team 2');
  await expectPath(page, '/reports', 'reports, quarter of team 2');
  const url = new URL(page.url());
  if (url.searchParams.get('period') !== 'quarter' || url.searchParams.get('scope') !== team2) {
    fail(`reports: the filters did not stick (${page.url()})`);
  }
  if (!/^\d{4}-Q[1-4]$/.test((await page.locator('#report-at').textContent()).trim())) fail('reports: not a quarter');
  if ((await page.locator('#report-scope').textContent()).trim() !== '华东二组') fail('reports: not team 2');
  const late = (await page.locator('#kpi-late td.cur').textContent()).trim();
  if (!/%$|^—$/.test(late)) fail(`reports: late-record rate "${late}"`);
  if ((await page.locator('#trend-table tbody tr').count()) !== 8) fail('reports: the trend table has not 8 quarters');
  await shot(page, 'reports_zh.png');

  // 3. Drill into the late-record rate: the late records of that quarter and team.
  await submit(page, page.locator('#drill-late'), 'drill into the late-record rate');
  await expectPath(page, '/reports/records', 'the rows behind the late-record rate');
  const drill = new URL(page.url());
  if (drill.searchParams.get('kpi') !== 'late' || drill.searchParams.get('scope') !== team2 ||
      drill.searchParams.get('period') !== 'quarter') fail(`drill-down lost its filter (${page.url()})`);
  const rows = page.locator('#late-records tbody tr');
  if ((await rows.count()) < 1) fail('late records: none listed for team 2 this quarter (the demo has one)');
  await shot(page, 'reports_late_zh.png');
  await submit(page, rows.first().locator('a').first(), 'open a late record');
  await expectPath(page, /^\/negotiations\/\d+$/, 'a late record');

  // 4. The same charts in English.
  await page.goto(`${baseUrl}/reports?period=quarter&scope=${encodeURIComponent(team2)}`);
  await submit(page, page.locator('form#lang-form button[value="en"]'), 'switch to English');
  await expectLang(page, 'en', 'reports in English');
  resp = await page.goto(`${baseUrl}/reports?period=quarter&scope=${encodeURIComponent(team2)}`);
  if (!resp || resp.status() !== 200) fail(`GET /reports answered ${resp && resp.status()}`);
  const h1 = (await page.locator('h1').textContent()) || '';
  if (!h1.includes('Negotiation KPIs')) fail(`reports in English: heading "${h1}"`);
  if (!(await page.locator('#kpi-success th').textContent()).includes('Negotiation success rate')) {
    fail('reports in English: figure names not translated');
  }
  await shot(page, 'reports_en.png');

  // exec1 stays on Chinese for the other tests.
  await submit(page, page.locator('form#lang-form button[value="zh-CN"]'), 'back to Chinese');
  await expectLang(page, 'zh-CN', 'back to Chinese');
  if (pageErrors.length) fail(`errors in the page:\n  ${pageErrors.join('\n  ')}`);
  await context.close();
}

process.exitCode = await runBrowserTest('e2e reports', run);
