import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { ROOT, startTestHost, type TestHost } from './test-host';

export const ARTIFACTS = join(ROOT, 'test', 'artifacts');

/** Flags that keep Chromium quiet on a machine with no network but loopback (loopback only). */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const launchBrowser = (): Promise<Browser> => {
  const executablePath = process.env.CHROME_PATH;
  if (!executablePath) throw new Error('CHROME_PATH is not set: run the e2e tier through `npm test` (scripts/find-browser.mjs finds one)');
  return chromium.launch({ executablePath, args: FLAGS, headless: true });
};

/** A phone (iPhone 12-ish), Chinese locale, in Beijing time (the app shows local times; the host's fixed clock is set in +08:00). */
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
};

/** `[data-testid="…"]` */
export const byTestId = (id: string): string => `[data-testid="${id}"]`;

/**
 * The visible element with this test id. Taro H5 keeps the pages below the current one
 * in the DOM (hidden), so a plain `.first()` can pick an element of a page behind.
 */
export const visibleTestId = (page: Page, id: string) => page.locator(`${byTestId(id)}:visible`).first();

/** Act as another demo person through the H5 dev role switcher (on the home or 我的 page). */
export const switchIdentity = async (page: Page, openid: string): Promise<void> => {
  await visibleTestId(page, 'role-switcher-toggle').click();
  await visibleTestId(page, `identity-option-${openid}`).click();
};

/** Opens the H5 home, switches to the dev identity `openid` and waits for the greeting (with `name`, when given). */
export const goHomeAs = async (page: Page, base: string, openid: string, name?: string): Promise<void> => {
  await page.goto(`${base}/#/pages/index/index`, { waitUntil: 'domcontentloaded' });
  await visibleTestId(page, 'role-switcher').waitFor({ timeout: 30_000 });
  await switchIdentity(page, openid);
  const greeting = visibleTestId(page, 'home-greeting');
  await (name ? greeting.filter({ hasText: name }) : greeting).waitFor({ timeout: 15_000 });
};

/** Wait until the hash route is `route` (e.g. "/pages/order/index"); returns its query. */
export const waitForRoute = async (page: Page, route: string, timeout = 15_000): Promise<URLSearchParams> => {
  await page.waitForFunction((r) => window.location.hash.split('?')[0] === `#${r}`, route, { timeout });
  return new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
};

/**
 * A screenshot of the whole current Taro H5 page. The H5 page scrolls inside its own
 * container (`.taro_page`), so `fullPage` alone stops at the viewport: grow the viewport
 * to the page's scroll height for the shot, then put it back.
 */
export const screenshotPage = async (page: Page, name: string): Promise<string> => {
  await page.waitForTimeout(450); // Taro H5 slides pages in (300 ms): shoot the page, not the transition
  // …and not a toast ("提交成功") lying over it.
  await page.waitForFunction(() => !Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).some((t) => t.offsetParent !== null && getComputedStyle(t).display !== 'none'), undefined, { timeout: 4_000 }).catch(() => undefined);
  const viewport = page.viewportSize();
  const extra = await page.evaluate(() => {
    // The page under the middle of the screen (pages below it in the stack stay in the DOM).
    const hit = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2);
    const el = hit?.closest<HTMLElement>('.taro_page');
    return el ? Math.max(0, el.scrollHeight - el.clientHeight) : 0;
  });
  if (!viewport || extra === 0) return screenshot(page, name);
  await page.setViewportSize({ width: viewport.width, height: viewport.height + extra });
  try {
    await page.waitForTimeout(150); // let the layout settle at the new size
    return await screenshot(page, name);
  } finally {
    await page.setViewportSize(viewport);
  }
};

export const H5_DIR = join(ROOT, 'dist-h5');

export interface E2eOptions {
  /** The host to serve the H5 build from (default: a fresh seeded one with the fixed clock). */
  host?: () => TestHost | Promise<TestHost>;
  /** Runs once the host listens and before the browser starts: orders filed through the real functions, time moved. */
  prepare?: (session: E2eSession) => Promise<void>;
  /** The first page's context: these options over the phone in Beijing time. */
  page?: BrowserContextOptions;
  /** The timeout of the whole setup. */
  timeout?: number;
  /** Runs in afterAll once the browser and the host are closed. */
  cleanup?: () => void;
}

/** One browser test's host, browser and pages; filled in by the beforeAll that `e2eSession` registers. */
export class E2eSession {
  host!: TestHost;
  /** The host's address, `http://127.0.0.1:<port>`. */
  base!: string;
  browser!: Browser;
  /** The first page, a phone in Beijing time unless `page` said otherwise. */
  page!: Page;
  /** Every uncaught error of every page opened through the session (a test ends by expecting none). */
  readonly pageErrors: string[] = [];

  /** Another page in a context of its own: the phone in Beijing time with `options` over it. */
  async newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const page = await (await this.browser.newContext({ ...PHONE, ...options })).newPage();
    page.on('pageerror', (error) => this.pageErrors.push(String(error)));
    return page;
  }
}

/**
 * Registers the beforeAll and afterAll of a browser test on the local host: a host serving
 * dist-h5/, Chromium, one phone page whose page errors are collected; all closed afterwards.
 * Call it at the top of a `describe`; the session's fields are there from the first test on.
 */
export const e2eSession = (options: E2eOptions = {}): E2eSession => {
  const session = new E2eSession();
  beforeAll(async () => {
    if (!existsSync(join(H5_DIR, 'index.html'))) throw new Error('dist-h5/ is missing: run `npm run build:h5` (npm test does it)');
    session.host = await (options.host ?? (() => startTestHost({ h5Dir: H5_DIR })))();
    session.base = `http://127.0.0.1:${await session.host.listen(0)}`;
    await options.prepare?.(session);
    session.browser = await launchBrowser();
    session.page = await session.newPage(options.page);
  }, options.timeout ?? 60_000);
  afterAll(async () => {
    await session.browser?.close();
    await session.host?.destroy();
    options.cleanup?.();
  }, 60_000);
  return session;
};
