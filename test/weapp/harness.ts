/**
 * Loads the built weapp (`dist/`, from `npm run build:weapp`) into
 * miniprogram-simulate and renders real Taro pages.
 *
 * How it works (Taro 4.2.1 weapp output):
 *  - `app.js` requires `common.js`, `vendors.js`, `taro.js`, `runtime.js` (webpack
 *    chunks on the shared `wx.webpackJsonp`), then calls `App(config)`; `onLaunch`
 *    renders Taro's React root into Taro's own (non-DOM) document.
 *  - each page `.js` pushes its chunk and calls `Page(createPageConfig(...))`; its
 *    `.wxml` is `<import src="base.wxml"/><template is="taro_tmpl" data="{{root}}"/>`
 *    and the runtime pushes the React tree into the page with `setData({root…})`.
 *  - miniprogram-simulate compiles all `.wxml`/`.wxs` with the official `wcc`
 *    compiler (Linux binary in miniprogram-compiler), so `base.wxml` templates,
 *    `<import>`, `<wxs>` and the recursive `comp` component all work.
 *  - `Page` does not exist in simulate: we shim it to `Component` (the weapp tier's one shim),
 *    mapping the page lifecycles onto component lifetimes
 *    (attached → onLoad(query) + onShow, ready → onReady, detached → onUnload).
 *
 * One harness per test file (jest gives every file a fresh global + module registry).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Component, RootComponent } from 'j-component'
import type * as SimulateModule from 'miniprogram-simulate'

/** The weapp build to load; REDGRID_WEAPP_DIST overrides it (e.g. to test another build). */
export const DIST = path.resolve(process.env.REDGRID_WEAPP_DIST ?? path.join(__dirname, '../../dist'))

/** What a test sees of `wx.cloud.callFunction`. */
export interface CloudCall {
  name: string
  data: { action: string; payload?: unknown; idempotencyKey?: string }
}

/** Answer a cloud call with `result` (the envelope), or throw to simulate a transport failure. */
export type CloudHandler = (call: CloudCall) => unknown | Promise<unknown>

/** simulate's component plus the j-component tree API, loosely typed (third-party, untyped data). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- j-component's generic params are per-page data shapes these tests do not model
type AnyComponent = Component<any, any, any>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see AnyComponent
type AnyRoot = RootComponent<any, any, any>

interface PageConfig {
  data?: Record<string, unknown>
  [key: string]: unknown
}

interface PageInstance {
  route?: string
  onLoad?: (query: Record<string, string>) => void
  onShow?: () => void
  onReady?: () => void
  onUnload?: () => void
}

interface AppConfig {
  onLaunch?: (opts: unknown) => void
  onShow?: (opts: unknown) => void
}

/** The parts of the mini-program global scope the Taro runtime and our tests touch. */
interface WeappGlobals {
  wx: Record<string, unknown> & { cloud?: unknown }
  Component: (def: Record<string, unknown>) => void
  Page?: (cfg: PageConfig) => void
  App?: (cfg: AppConfig) => void
  getApp?: () => AppConfig | undefined
  getCurrentPages?: () => PageInstance[]
}

export interface RenderedPage {
  comp: AnyRoot
  /** Visible text of the page (all text nodes, whitespace-collapsed). */
  text(): string
  /** Resolve once the page text contains `needle` (polls; rejects with the page text after `timeoutMs`). */
  waitForText(needle: string, timeoutMs?: number): Promise<void>
  /** Resolve once `predicate` holds. */
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>
  /** The first element with class `cls` (j-component selector, unprefixed). */
  find(cls: string): AnyComponent | undefined
  findAll(cls: string): AnyComponent[]
  /** Tap the first element with class `cls` (fires the Taro `eh` handler like a real tap). */
  tap(cls: string): Promise<void>
  /** Tap the element with class `cls` whose text is `label`. */
  tapText(cls: string, label: string): Promise<void>
  /** The page root (PageShell) class list, unprefixed. */
  rootClasses(): string[]
  unmount(): void
}

export interface WeappHarness {
  /** Recorded `wx.cloud.callFunction` calls, oldest first. */
  cloudCalls: CloudCall[]
  /** Replace the cloud backend stub. */
  setCloud(handler: CloudHandler): void
  /** Backing store of the `wx.*StorageSync` mocks. */
  storage: Map<string, unknown>
  /** Recorded navigation (`wx.navigateTo` / `wx.switchTab` / …) as `[api, url]`. */
  navigations: [string, string][]
  /** Render a page route such as `pages/index/index` with an `onLoad` query. */
  render(route: string, query?: Record<string, string>): Promise<RenderedPage>
  /** Forget the recorded calls, navigations and storage, and unmount every page still mounted. */
  reset(): void
}

const CLASS_PREFIX = 'main--'

let harness: WeappHarness | null = null

export function assertBuilt(): void {
  if (!fs.existsSync(path.join(DIST, 'app.json'))) {
    throw new Error(
      `weapp tests need the mini-program build, but ${path.join(DIST, 'app.json')} is missing.\n` +
        'Run `npm run build:weapp` first (npm test does this for you).',
    )
  }
}

/**
 * The harness for a test file's top level: set up now (once per file); before each test it is
 * reset (recorded calls, navigations and storage cleared), after each the pages the test
 * rendered are unmounted.
 */
export function weappHarness(): WeappHarness {
  const h = setupWeapp()
  beforeEach(() => h.reset())
  afterEach(() => h.reset())
  return h
}

export function setupWeapp(): WeappHarness {
  if (harness) return harness
  assertBuilt()

  // Installs global Component/Behavior and a mocked `wx` — must precede any dist code.
  // eslint-disable-next-line @typescript-eslint/no-var-requires -- loaded only now: it installs globals that must precede any dist code
  const simulate = require('miniprogram-simulate') as typeof SimulateModule
  const g = globalThis as unknown as WeappGlobals
  const registerComponent = g.Component

  // ---- wx API stubs on top of simulate's mocks
  const storage = new Map<string, unknown>()
  const navigations: [string, string][] = []
  const cloudCalls: CloudCall[] = []
  let cloudHandler: CloudHandler = () => ({ ok: false, error: { code: 'NOT_FOUND', message: '未配置云函数桩' } })

  const wx = g.wx
  wx.getStorageSync = (key: string): unknown => (storage.has(key) ? storage.get(key) : '')
  wx.setStorageSync = (key: string, value: unknown): void => {
    storage.set(key, value)
  }
  wx.removeStorageSync = (key: string): void => {
    storage.delete(key)
  }
  for (const api of ['navigateTo', 'redirectTo', 'switchTab', 'reLaunch']) {
    wx[api] = (opts: { url: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      navigations.push([api, opts.url])
      const res = { errMsg: `${api}:ok` }
      opts.success?.(res)
      opts.complete?.(res)
      return Promise.resolve(res)
    }
  }
  wx.cloud = {
    DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
    init: (): void => undefined,
    callFunction: async (params: { name: string; data: CloudCall['data'] }) => {
      const call: CloudCall = { name: params.name, data: JSON.parse(JSON.stringify(params.data)) as CloudCall['data'] }
      cloudCalls.push(call)
      const result = await cloudHandler(call)
      return { errMsg: 'cloud.callFunction:ok', result }
    },
  }

  // ---- App / Page / getApp / getCurrentPages
  let app: AppConfig | undefined
  const stack: PageInstance[] = []
  let loadingRoute = ''
  let nextQuery: Record<string, string> = {}

  g.App = (cfg) => {
    app = cfg
  }
  g.getApp = () => app
  g.getCurrentPages = () => stack.slice()
  g.Page = (cfg) => {
    const route = loadingRoute
    const methods: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(cfg)) if (typeof v === 'function') methods[k] = v
    registerComponent({
      data: cfg.data ?? {},
      methods,
      lifetimes: {
        attached(this: PageInstance) {
          this.route = route
          stack.push(this)
          this.onLoad?.(nextQuery)
          this.onShow?.()
        },
        ready(this: PageInstance) {
          this.onReady?.()
        },
        detached(this: PageInstance) {
          this.onUnload?.()
          const i = stack.indexOf(this)
          if (i >= 0) stack.splice(i, 1)
        },
      },
    })
  }

  // ---- boot the app the way the WeChat client does
  require(path.join(DIST, 'app.js'))
  if (!app) throw new Error('dist/app.js did not call App(): is this a Taro weapp build?')
  app.onLaunch?.({ path: 'pages/index/index', query: {}, scene: 1001 })
  app.onShow?.({ path: 'pages/index/index', query: {}, scene: 1001 })

  const loaded = new Map<string, string>()
  const loadPage = (route: string): string => {
    const known = loaded.get(route)
    if (known) return known
    const file = path.join(DIST, route)
    if (!fs.existsSync(`${file}.js`)) throw new Error(`no such page in dist: ${route}`)
    loadingRoute = route
    const id = simulate.load(file, { rootPath: DIST })
    loaded.set(route, id)
    return id
  }

  const mounted = new Set<RenderedPage>()
  harness = {
    cloudCalls,
    storage,
    navigations,
    setCloud(handler) {
      cloudHandler = handler
    },
    async render(route, query = {}) {
      const id = loadPage(route)
      nextQuery = query
      const comp = simulate.render(id) as AnyRoot
      const parent = document.createElement('parent-wrapper')
      document.body.appendChild(parent)
      comp.attach(parent)
      const page = wrap(comp, parent, () => mounted.delete(page))
      mounted.add(page)
      // First React commit: the page root (PageShell) appears.
      await page.waitFor(() => (comp.dom?.children.length ?? 0) > 0, 'the first render')
      return page
    },
    reset() {
      cloudCalls.length = 0
      navigations.length = 0
      storage.clear()
      for (const page of mounted) page.unmount()
    },
  }
  return harness
}

function wrap(comp: AnyRoot, parent: HTMLElement, onUnmount: () => void): RenderedPage {
  const dom = (): HTMLElement => {
    if (!comp.dom) throw new Error('page is not rendered')
    return comp.dom
  }
  const text = (): string => (dom().textContent ?? '').replace(/\s+/g, ' ').trim()
  const waitFor = async (predicate: () => boolean, what: string, timeoutMs = 2000): Promise<void> => {
    const start = Date.now()
    while (!predicate()) {
      if (Date.now() - start > timeoutMs) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; page text: "${text()}"`)
      }
      await new Promise((r) => setTimeout(r, 2))
    }
  }
  const selector = (cls: string): string => `.${cls}`
  const page: RenderedPage = {
    comp,
    text,
    waitFor,
    waitForText: (needle, timeoutMs) => waitFor(() => text().includes(needle), `text "${needle}"`, timeoutMs),
    find: (cls) => comp.querySelector(selector(cls)),
    findAll: (cls) => comp.querySelectorAll(selector(cls)),
    async tap(cls) {
      const el = page.find(cls)
      if (!el) throw new Error(`nothing with class "${cls}" to tap; page text: "${text()}"`)
      el.dispatchEvent('tap')
      await new Promise((r) => setTimeout(r, 0))
    },
    async tapText(cls, label) {
      const el = page.findAll(cls).find((c) => (c.dom?.textContent ?? '').trim() === label)
      if (!el) throw new Error(`no "${label}" in .${cls}; page text: ${text()}`)
      el.dispatchEvent('tap')
      await new Promise((r) => setTimeout(r, 0))
    },
    rootClasses() {
      const root = dom().firstElementChild
      return (root?.getAttribute('class') ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((c) => (c.startsWith(CLASS_PREFIX) ? c.slice(CLASS_PREFIX.length) : c))
    },
    unmount() {
      comp.detach()
      parent.remove()
      onUnmount()
    },
  }
  return page
}
