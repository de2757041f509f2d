/**
 * The transport contract of src/services/cloud.ts on both branches (weapp and h5),
 * run from source with Taro mocked. The dist-level tests (home.test.ts) cover the
 * weapp branch again end to end.
 */
type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } }
type CallFn = (
  fn: 'orders' | 'checkins' | 'scoring' | 'org' | 'sweep',
  action: string,
  payload?: object,
  opts?: { idempotencyKey?: string },
) => Promise<Envelope>

const cloudMock = {
  init: jest.fn(),
  callFunction: jest.fn(),
  DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
}
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { cloud: cloudMock } }))

const loadCall = (env: 'weapp' | 'h5'): CallFn => {
  process.env.TARO_ENV = env
  let call: CallFn | undefined
  jest.isolateModules(() => {
    // A fresh module instance per test, so the TARO_ENV set above is the one it sees.
    // eslint-disable-next-line @typescript-eslint/no-var-requires -- a fresh instance inside isolateModules
    call = (require('../../src/services/cloud') as { call: CallFn }).call
  })
  if (!call) throw new Error('cloud service did not load')
  return call
}

const NETWORK = '网络异常，请检查网络后重试'
let warn: jest.SpyInstance

beforeEach(() => {
  cloudMock.init.mockReset()
  cloudMock.callFunction.mockReset()
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
})
afterEach(() => {
  warn.mockRestore()
  delete process.env.TARO_ENV
})

describe('weapp transport (Taro.cloud.callFunction)', () => {
  test('sends {action, payload, idempotencyKey} to the named function and returns res.result', async () => {
    const call = loadCall('weapp')
    cloudMock.callFunction.mockResolvedValue({ errMsg: 'ok', result: { ok: true, data: { id: 'o1' } } })
    const env = await call('orders', 'submit', { text: '楼道灯坏了' }, { idempotencyKey: 'k-1' })
    expect(env).toEqual({ ok: true, data: { id: 'o1' } })
    expect(cloudMock.callFunction).toHaveBeenCalledWith({
      name: 'orders',
      data: { action: 'submit', payload: { text: '楼道灯坏了' }, idempotencyKey: 'k-1' },
    })
    // init once, with the dynamic current env when no CLOUD_ENV is baked in
    await call('org', 'whoami')
    expect(cloudMock.init).toHaveBeenCalledTimes(1)
    expect(cloudMock.init.mock.calls[0][0]).toMatchObject({ env: cloudMock.DYNAMIC_CURRENT_ENV })
  })

  test('retries a failed call once with the same idempotency key, then succeeds', async () => {
    const call = loadCall('weapp')
    cloudMock.callFunction
      .mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail timeout' })
      .mockResolvedValueOnce({ errMsg: 'ok', result: { ok: true, data: 1 } })
    await expect(call('orders', 'submit', {}, { idempotencyKey: 'k-2' })).resolves.toEqual({ ok: true, data: 1 })
    expect(cloudMock.callFunction).toHaveBeenCalledTimes(2)
    const keys = cloudMock.callFunction.mock.calls.map((c) => (c[0] as { data: { idempotencyKey?: string } }).data.idempotencyKey)
    expect(keys).toEqual(['k-2', 'k-2'])
  })

  test('two failures become an INTERNAL envelope, never a throw', async () => {
    const call = loadCall('weapp')
    cloudMock.callFunction.mockRejectedValue(new Error('offline'))
    await expect(call('org', 'whoami')).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: NETWORK } })
    expect(cloudMock.callFunction).toHaveBeenCalledTimes(2)
  })

  test('a result that is not an envelope becomes INTERNAL', async () => {
    const call = loadCall('weapp')
    cloudMock.callFunction.mockResolvedValue({ errMsg: 'ok', result: 'oops' })
    const env = await call('org', 'whoami')
    expect(env.ok).toBe(false)
    if (!env.ok) expect(env.error.code).toBe('INTERNAL')
  })
})

describe('h5 transport (fetch /api/cloud/<fn>)', () => {
  const realFetch = globalThis.fetch
  let fetchMock: jest.Mock
  const json = (status: number, body: unknown) =>
    ({ ok: status < 400, status, json: async () => body }) as unknown as Response
  const notJson = (status: number) =>
    ({ ok: status < 400, status, json: async () => JSON.parse('<html>') as unknown }) as unknown as Response

  /** GET /api/dev/identities: 404 (host not in dev mode) unless a test says otherwise. */
  let identitiesMock: jest.Mock

  beforeEach(() => {
    fetchMock = jest.fn()
    identitiesMock = jest.fn().mockResolvedValue(json(404, { error: 'not found' }))
    globalThis.fetch = ((url: string, init?: RequestInit) =>
      url === '/api/dev/identities' ? identitiesMock(url, init) : fetchMock(url, init)) as unknown as typeof fetch
    localStorage.clear()
  })
  afterEach(() => {
    globalThis.fetch = realFetch
  })

  test('POSTs the event as JSON with X-Dev-Openid from localStorage and unwraps {result}', async () => {
    const call = loadCall('h5')
    localStorage.setItem('redgrid.devOpenid', 'demo-secretary')
    fetchMock.mockResolvedValue(json(200, { result: { ok: true, data: { openid: 'demo-secretary' } } }))
    await expect(call('org', 'whoami')).resolves.toEqual({ ok: true, data: { openid: 'demo-secretary' } })
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit]
    expect(url).toBe('/api/cloud/org')
    expect(init.method).toBe('POST')
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', 'X-Dev-Openid': 'demo-secretary' })
    expect(JSON.parse(String(init.body))).toEqual({ action: 'whoami' })
    expect(cloudMock.callFunction).not.toHaveBeenCalled()
  })

  test('on the dev host an unchosen identity defaults to the first demo person', async () => {
    const call = loadCall('h5')
    identitiesMock.mockResolvedValue(json(200, [{ openid: 'demo-resident', name: '张桂兰', roles: [] }, { openid: 'demo-secretary', name: '陈秀英', roles: [] }]))
    fetchMock.mockResolvedValue(json(200, { result: { ok: true, data: null } }))
    await call('org', 'whoami')
    await call('org', 'whoami')
    expect(identitiesMock).toHaveBeenCalledTimes(1)
    expect((fetchMock.mock.calls[0] as [string, RequestInit])[1].headers).toMatchObject({ 'X-Dev-Openid': 'demo-resident' })
    expect(localStorage.getItem('redgrid.devOpenid')).toBe('demo-resident')
  })

  test('no X-Dev-Openid header when no identity is chosen and the host is not in dev mode', async () => {
    const call = loadCall('h5')
    fetchMock.mockResolvedValue(json(200, { result: { ok: true, data: null } }))
    await call('org', 'whoami')
    expect((fetchMock.mock.calls[0] as [string, RequestInit])[1].headers).not.toHaveProperty('X-Dev-Openid')
  })

  test('a refusal envelope on a 4xx is passed through untouched, without retry', async () => {
    const call = loadCall('h5')
    fetchMock.mockResolvedValue(json(403, { result: { ok: false, error: { code: 'FORBIDDEN', message: '您没有权限进行此操作' } } }))
    await expect(call('orders', 'dispatch', { id: 'x' })).resolves.toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '您没有权限进行此操作' },
    })
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  test('network error then success: retried once with the same body', async () => {
    const call = loadCall('h5')
    fetchMock
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(json(200, { result: { ok: true, data: 'done' } }))
    await expect(call('orders', 'submit', { a: 1 }, { idempotencyKey: 'k-9' })).resolves.toEqual({ ok: true, data: 'done' })
    const bodies = fetchMock.mock.calls.map((c) => JSON.parse(String((c as [string, RequestInit])[1].body)) as unknown)
    expect(bodies).toEqual([
      { action: 'submit', payload: { a: 1 }, idempotencyKey: 'k-9' },
      { action: 'submit', payload: { a: 1 }, idempotencyKey: 'k-9' },
    ])
  })

  test('HTTP 502 with an HTML body, twice → INTERNAL network message', async () => {
    const call = loadCall('h5')
    fetchMock.mockResolvedValue(notJson(502))
    await expect(call('org', 'whoami')).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: NETWORK } })
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  test('HTTP 404 HTML (no host behind /api) → INTERNAL, not retried', async () => {
    const call = loadCall('h5')
    fetchMock.mockResolvedValue(notJson(404))
    const env = await call('org', 'whoami')
    expect(env).toEqual({ ok: false, error: { code: 'INTERNAL', message: NETWORK } })
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })
})
