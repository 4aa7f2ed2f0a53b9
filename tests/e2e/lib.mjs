// What the browser tests share: the stack's address, signing-in data, waiting for navigations,
// keyboard helpers, screenshots, language strings, launching headless Chromium, and an accessibility
// check (axe-core) of every page a test loads: a serious or critical violation fails the test.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = process.env.PARLEY_ROOT || path.resolve(here, '..', '..');
export const baseUrl = (process.env.PARLEY_BASE_URL || '').replace(/\/+$/, '');
const shotDir = path.resolve(here, process.env.PARLEY_SCREENSHOT_DIR || 'screenshots');
const executablePath = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
export const USER = 'rep1';
export const PASSWORD = 'parley-demo-2026';
export const TIMEOUT = 15000;

export function fail(msg) {
  throw new Error(msg);
}

// The value of block.key from a ClearSilver HDF language file (one level of nesting is enough here).
function hdfValue(file, block, key) {
  const stack = [];
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line === '}') { stack.pop(); continue; }
    if (line.endsWith('{')) { stack.push(line.slice(0, -1).trim()); continue; }
    const m = /^([A-Za-z0-9_.-]+)\s*=\s?(.*)$/.exec(line);
    if (m && [...stack, m[1]].join('.') === `${block}.${key}`) return m[2];
  }
  return null;
}

// A zh-CN string from templates/lang/zh-CN/<feature>.hdf, else templates/lang/zh-CN.hdf.
export function langString(feature, block, key) {
  for (const f of [path.join(root, `templates/lang/zh-CN/${feature}.hdf`), path.join(root, 'templates/lang/zh-CN.hdf')]) {
    if (!existsSync(f)) continue;
    const v = hdfValue(f, block, key);
    if (v) return v;
  }
  fail(`no zh-CN language string ${block}.${key}`);
}

export async function expectLang(page, want, step) {
  try {
    await page.waitForFunction((l) => document.documentElement.lang === l, want, { timeout: TIMEOUT });
  } catch {
    const got = await page.evaluate(() => document.documentElement.lang);
    fail(`${step}: expected <html lang="${want}">, got "${got}" at ${page.url()}`);
  }
}

// test: a path, or a RegExp the path must match.
export async function expectPath(page, test, step) {
  try {
    await page.waitForURL((u) => (typeof test === 'string' ? u.pathname === test : test.test(u.pathname)),
      { timeout: TIMEOUT });
  } catch {
    fail(`${step}: expected to be on ${test}, but at ${page.url()}`);
  }
}

// Presses a key and waits for the page the resulting navigation (form submission, link) loads.
export async function pressAndWait(page, key, step) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: TIMEOUT }).catch(() => fail(`${step}: no navigation`)),
    page.keyboard.press(key),
  ]);
}

// Clicks a submit button and waits for the page the POST redirects to.
export async function submit(page, locator, step) {
  if ((await locator.count()) < 1) fail(`${step}: button not found at ${page.url()}`);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: TIMEOUT }).catch(() => fail(`${step}: no navigation`)),
    locator.click(),
  ]);
}

export async function shot(page, name) {
  const file = path.join(shotDir, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot ${file}`);
}

export async function focused(page) {
  return page.evaluate(() => (document.activeElement ? document.activeElement.id || document.activeElement.name : ''));
}

// Moves the keyboard focus with Tab until the element with this id has it.
export async function tabTo(page, id, step, max = 40) {
  for (let i = 0; i < max; i++) {
    if ((await focused(page)) === id) return;
    await page.keyboard.press('Tab');
  }
  fail(`${step}: could not reach #${id} with the Tab key (focus on "${await focused(page)}")`);
}

// Chooses an option of a focused <select> with the arrow keys.
export async function chooseByKeys(page, id, want, step) {
  const sel = page.locator(`#${id}`);
  const values = await sel.evaluate((s) => [...s.options].map((o) => o.value));
  const target = values.indexOf(want);
  if (target < 0) fail(`${step}: #${id} has no option "${want}" (${values.join(', ')})`);
  let cur = values.indexOf(await sel.inputValue());
  await tabTo(page, id, step);
  while (cur !== target) {
    await page.keyboard.press(cur < target ? 'ArrowDown' : 'ArrowUp');
    cur += cur < target ? 1 : -1;
  }
  const got = await sel.inputValue();
  if (got !== want) fail(`${step}: #${id} is "${got}" after the arrow keys, expected "${want}"`);
}

export async function typeInto(page, id, text, step) {
  await tabTo(page, id, step);
  await page.keyboard.type(text);
}

// ------------------------------------------------------------------ accessibility (axe-core)

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FAILING_IMPACTS = new Set(['serious', 'critical']);

// Runs axe-core on the page as loaded; returns "url: rule (impact) targets" lines for the serious and
// critical violations. The source is evaluated through the DevTools protocol, which the page's CSP
// (script-src 'self') does not govern; nothing is added to the page's own scripts.
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  const url = page.url();
  return found.filter((v) => FAILING_IMPACTS.has(v.impact))
    .map((v) => `${url}: ${v.id} (${v.impact}) ${v.help} — ${v.targets.join(', ')}`);
}

// Every page of every context the test opens is checked each time it has loaded. A page the test
// leaves before its check ends (a form submitted at once) is listed as not checked.
function watchAccessibility(browser, state) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on('page', (page) => {
      page.on('load', () => {
        const url = page.url();
        state.pending.push(axeViolations(page).then((v) => {
          state.checked++;
          state.problems.push(...v);
        }, () => { state.skipped.push(url); }));
      });
    });
    return context;
  };
}

// Runs run(browser) in headless Chromium; returns the exit status (0 PASS, 1 FAIL with the message).
// The browser is always closed.
export async function runBrowserTest(name, run) {
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
    const a11y = { pending: [], problems: [], skipped: [], checked: 0 };
    watchAccessibility(browser, a11y);
    await run(browser);
    await Promise.all(a11y.pending);
    if (a11y.skipped.length) console.log(`accessibility: not checked (left before the check ended): ${a11y.skipped.join(' ')}`);
    if (a11y.problems.length) fail(`accessibility (axe-core), serious or critical:\n  ${[...new Set(a11y.problems)].join('\n  ')}`);
    console.log(`accessibility: ${a11y.checked} page loads checked with axe-core`);
    console.log(`PASS: ${name}`);
    return 0;
  } catch (e) {
    console.error(`FAIL: ${e && e.message ? e.message : e}`);
    return 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
}
