import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { e2eSession, goHomeAs, screenshotPage as screenshot, visibleTestId, waitForRoute } from '../helpers/browser';

/** The station's fence centre (GCJ-02, as stored). */
const FENCE = { lat: 34.3305, lng: 108.7069 };
const HOUR = 3_600_000;

/**
 * Volunteer check-in on site, as the people do it, in two phone-sized browsers on the local
 * host: 陈秀英 (secretary) opens 文汇社区红色驿站's duty screen with the rotating QR; 王志强,
 * on today's 08–12 shift, types the code from that screen on his phone's browser (H5: no
 * trusted location) — a code from the minute before is refused as expired, the current one
 * checks him in, "待书记确认" — signs out two hours later with nothing credited yet; 陈秀英
 * confirms the session in her own browser and his hours and points grow; she approves 刘芳's
 * 双报到, names a station keeper, looks at the week's duty and exports the month's report.
 */
describe('check-ins loop: duty screen → 签到 → 签退 → points; 双报到 approval (H5 on the local host)', () => {
  const e2e = e2eSession();
  let station: Page; // 陈秀英's phone / the station tablet
  let phone: Page; // 王志强's phone
  const timings: Record<string, number> = {};

  const goHome = (page: Page, openid: string, name: string) => goHomeAs(page, e2e.base, openid, name);

  const readToken = async (): Promise<string> => (await visibleTestId(station, 'duty-token').innerText()).replace(/\s+/g, '');

  beforeAll(async () => {
    station = e2e.page;
    phone = await e2e.newPage();
    await phone.context().grantPermissions(['geolocation'], { origin: e2e.base });
  });

  afterAll(() => {
    if (Object.keys(timings).length) console.log(`check-ins loop through the browser (ms): ${JSON.stringify(timings)}`);
  });

  it('陈秀英 opens 志愿服务管理 from her workbench, then the duty screen of 文汇社区红色驿站: a big QR and its code', async () => {
    await goHome(station, 'demo-secretary', '陈秀英');
    await visibleTestId(station, 'entry-secretary').click();
    await waitForRoute(station, '/packages/secretary/pages/index/index');
    const entry = visibleTestId(station, 'entry-volunteers');
    await entry.waitFor({ timeout: 15_000 });
    await visibleTestId(station, 'badge-registrations').filter({ hasText: '1' }).waitFor({ timeout: 15_000 }); // 刘芳 waits
    await screenshot(station, 'checkins-1-secretary-workbench');

    await visibleTestId(station, 'entry-volunteers-station').click();
    await waitForRoute(station, '/packages/volunteer/pages/station/index');
    await visibleTestId(station, 'station-pick-st-wh').click();
    const screen = visibleTestId(station, 'duty-screen');
    await screen.waitFor({ timeout: 15_000 });
    expect(await visibleTestId(station, 'duty-station-name').innerText()).toBe('文汇社区红色驿站');
    const src = await station.locator('[data-testid="duty-qr"]:visible img').first().getAttribute('src');
    expect(src).toMatch(/^data:image\/png;base64,/);
    expect(await readToken()).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(await visibleTestId(station, 'duty-countdown').innerText()).toMatch(/\d+ 秒后更换新码/);
    await screenshot(station, 'checkins-2-duty-screen');
  }, 90_000);

  it('王志强 opens 志愿服务: on duty now, 本月已服务 0/2, 120 points', async () => {
    await goHome(phone, 'demo-volunteer', '王志强');
    await visibleTestId(phone, 'entry-volunteer').click();
    await waitForRoute(phone, '/packages/volunteer/pages/index/index');
    await visibleTestId(phone, 'member-card').waitFor({ timeout: 15_000 });
    expect(await visibleTestId(phone, 'month-label').innerText()).toBe('本月已服务 0/2');
    expect(await visibleTestId(phone, 'next-shift').innerText()).toContain('正在值班');
    expect(await visibleTestId(phone, 'next-shift-line').innerText()).toBe('今天 08:00–12:00 红色驿站');
    expect(await visibleTestId(phone, 'member-balance').innerText()).toBe('120');
    await screenshot(phone, 'checkins-3-volunteer-home');
  }, 60_000);

  it('a code read off the screen a minute ago is refused as expired: on H5 the code alone must be current', async () => {
    // The browser's location proves nothing (it is whatever the page says): the server does not take it from H5.
    await phone.context().setGeolocation({ latitude: FENCE.lat + 0.03, longitude: FENCE.lng, accuracy: 20 });
    await visibleTestId(phone, 'entry-checkin').click();
    await waitForRoute(phone, '/packages/volunteer/pages/checkin/index');
    await visibleTestId(phone, 'checkin-manual').waitFor({ timeout: 15_000 });
    const old = await readToken();
    await fetch(`${e2e.base}/api/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 60_000 }) });
    await phone.locator('[data-testid="checkin-code"]:visible input').first().fill(old);
    await visibleTestId(phone, 'checkin-submit').click();
    const message = visibleTestId(phone, 'checkin-error-message');
    await message.waitFor({ timeout: 15_000 });
    expect(await message.innerText()).toBe('签到码已过期，请扫描值班屏上最新的二维码');
    expect(await visibleTestId(phone, 'checkin-error').innerText()).toContain('每分钟更新一次');
    expect(e2e.host.store.find('checkin_sessions', { openid: 'demo-volunteer', status: 'open' })).toHaveLength(0);
    await screenshot(phone, 'checkins-4-code-expired');
  }, 60_000);

  it('with the code on the screen now he is checked in: "待书记确认"', async () => {
    await visibleTestId(station, 'duty-refresh').click();
    await station.waitForTimeout(500);
    const token = await readToken();
    await phone.locator('[data-testid="checkin-code"]:visible input').first().fill(token);
    const t0 = Date.now();
    await visibleTestId(phone, 'checkin-submit').click();
    await visibleTestId(phone, 'checkin-success').waitFor({ timeout: 15_000 });
    timings.checkIn = Date.now() - t0;
    expect(await visibleTestId(phone, 'checkin-success').innerText()).toContain('签到成功：文汇社区红色驿站 09:01');
    expect(await visibleTestId(phone, 'checkin-pending').innerText()).toContain('待书记确认');
    expect(await visibleTestId(phone, 'open-session-badge').innerText()).toBe('服务中 · 待书记确认');
    const [session] = e2e.host.store.find('checkin_sessions', { openid: 'demo-volunteer', status: 'open' }) as unknown as { method: string; unverifiedLocation: boolean; location: unknown }[];
    expect(session).toMatchObject({ method: 'token', unverifiedLocation: true, location: null });
    await screenshot(phone, 'checkins-5-checked-in-unverified');
  }, 60_000);

  it('two hours later he signs out: nothing credited until the secretary confirms', async () => {
    const res = await fetch(`${e2e.base}/api/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 2 * HOUR - 60_000 }) });
    expect(res.ok).toBe(true);
    // Reopen the check-in page: it learns the host's clock again and shows the time on duty.
    await phone.goto(`${e2e.base}/#/packages/volunteer/pages/checkin/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(phone, 'open-session-elapsed').filter({ hasText: '已在岗 1小时59分钟' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(phone, 'open-session-badge').innerText()).toBe('服务中 · 待书记确认');
    await visibleTestId(phone, 'checkout').click();
    await visibleTestId(phone, 'checkout-confirm').click();
    await visibleTestId(phone, 'checkout-done').waitFor({ timeout: 15_000 });
    expect(await visibleTestId(phone, 'checkout-title').innerText()).toBe('本次服务待书记确认');
    expect(await visibleTestId(phone, 'checkout-message').innerText()).toBe('签退成功：服务 119 分钟，未核验位置，待书记确认后计入时长和积分');
    expect(await visibleTestId(phone, 'checkout-points').innerText()).toBe('+0');
    expect(await visibleTestId(phone, 'checkout-balance').innerText()).toBe('120');
    await screenshot(phone, 'checkins-6-checked-out-pending');
  }, 60_000);

  it('陈秀英, in her own browser, sees it among the sessions to confirm and confirms it: +30 points for 王志强', async () => {
    await goHome(station, 'demo-secretary', '陈秀英');
    await visibleTestId(station, 'entry-secretary').click();
    await waitForRoute(station, '/packages/secretary/pages/index/index');
    await visibleTestId(station, 'badge-sessions').filter({ hasText: '1' }).waitFor({ timeout: 15_000 });
    await visibleTestId(station, 'entry-volunteers-sessions').click();
    await waitForRoute(station, '/packages/secretary/pages/volunteers/index');
    const card = station.locator('[data-testid="session"]:visible').filter({ hasText: '王志强' }).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('待书记确认');
    expect(await card.innerText()).toContain('未核验位置（仅凭值班屏签到码）');
    expect(await card.innerText()).toContain('报名班次 08:00–12:00');
    await screenshot(station, 'checkins-6b-secretary-confirms');
    await card.locator('[data-testid="session-confirm"]').click();
    await card.filter({ hasText: '已计入 1小时59分钟，30 积分' }).waitFor({ timeout: 15_000 });
    await screenshot(station, 'checkins-6c-secretary-confirmed');
    expect(e2e.host.store.find('checkin_sessions', { openid: 'demo-volunteer', status: 'confirmed' })).toHaveLength(1);
  }, 60_000);

  it('积分与兑换: balance 120 → 150, hours 6 → 8, the new line names the station service', async () => {
    await visibleTestId(phone, 'go-points').click();
    await waitForRoute(phone, '/packages/volunteer/pages/points/index');
    await visibleTestId(phone, 'points-balance').filter({ hasText: '150' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(phone, 'points-hours').innerText()).toBe('8');
    const first = phone.locator('[data-testid="statement-line"]:visible').first();
    expect(await first.innerText()).toContain('文汇社区红色驿站服务 119 分钟');
    expect(await first.innerText()).toContain('驿站服务');
    expect(await first.innerText()).toContain('+30');
    expect(await phone.locator('[data-testid="statement-line"]:visible').count()).toBe(3);
    await screenshot(phone, 'checkins-7-points');
  }, 60_000);

  it('his home now reads 本月已服务 1/2; his shifts show this morning and Saturday', async () => {
    await phone.goto(`${e2e.base}/#/packages/volunteer/pages/index/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(phone, 'month-label').filter({ hasText: '本月已服务 1/2' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(phone, 'member-balance').innerText()).toBe('150');
    await screenshot(phone, 'checkins-8-volunteer-home-after');

    await visibleTestId(phone, 'entry-shifts').click();
    await waitForRoute(phone, '/packages/volunteer/pages/shifts/index');
    await visibleTestId(phone, 'shift-list').waitFor({ timeout: 15_000 });
    await visibleTestId(phone, 'shift-week-label').filter({ hasText: '3月2日–3月8日' }).waitFor({ timeout: 15_000 }); // the host's week
    await visibleTestId(phone, 'shifts-summary').filter({ hasText: '这7天您报名了 2 个班次' }).waitFor({ timeout: 15_000 });
    expect(await phone.locator('[data-testid="shift"][data-mine="1"]:visible').count()).toBe(2);
    expect(await phone.locator('[data-testid="shift-signup"]:visible').count()).toBeGreaterThan(0);
    await screenshot(phone, 'checkins-9-shifts');
  }, 60_000);

  it('陈秀英 approves 刘芳’s 双报到', async () => {
    await goHome(station, 'demo-secretary', '陈秀英');
    await visibleTestId(station, 'entry-secretary').click();
    await waitForRoute(station, '/packages/secretary/pages/index/index');
    await visibleTestId(station, 'entry-volunteers-registrations').click();
    await waitForRoute(station, '/packages/secretary/pages/volunteers/index');
    const card = station.locator('[data-testid="registration"]:visible').filter({ hasText: '刘芳' }).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('渭城区教育局');
    expect(await card.innerText()).toContain('138****0011');
    await screenshot(station, 'checkins-10-registrations');

    await card.locator('[data-testid="registration-approve"]').click();
    await card.locator('[data-testid="registration-status"]').filter({ hasText: '已报到' }).waitFor({ timeout: 15_000 });
    expect(e2e.host.store.find('checkin_registrations', { openid: 'demo-applicant' })).toEqual([expect.objectContaining({ status: 'active', communityId: 'c-wh' })]);
    expect(e2e.host.store.get('users', 'demo-applicant')).toMatchObject({ roles: [{ role: 'volunteer', orgId: 'c-wh' }] });
    await screenshot(station, 'checkins-11-approved');
  }, 60_000);

  it('the week of duty at 文汇社区红色驿站 with the places still free', async () => {
    await visibleTestId(station, 'link-duty').click();
    await waitForRoute(station, '/packages/secretary/pages/duty/index');
    await visibleTestId(station, 'duty-totals').waitFor({ timeout: 15_000 });
    await visibleTestId(station, 'week-label').filter({ hasText: '3月2日–3月8日（本周）' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(station, 'duty-gaps').innerText()).toContain('缺');
    const today = station.locator('[data-testid="duty-day"][data-date="2026-03-02"]:visible').first();
    expect(await today.innerText()).toContain('王志强');
    // She names 刘芳 (just approved) station keeper: 刘芳 may open the duty screen when 陈秀英 is away.
    await visibleTestId(station, 'keepers-empty').waitFor();
    await visibleTestId(station, 'keeper-add').click();
    await visibleTestId(station, 'keeper-candidates').waitFor({ timeout: 15_000 });
    await visibleTestId(station, 'keeper-candidate-reg_c-wh_demo-applicant').click();
    await visibleTestId(station, 'keeper-grant').click();
    await station.locator('[data-testid="keeper"]:visible').filter({ hasText: '刘芳' }).first().waitFor({ timeout: 15_000 });
    expect(e2e.host.store.get('stations', 'st-wh')).toMatchObject({ keepers: [expect.objectContaining({ openid: 'demo-applicant', as: 'member' })] });
    await screenshot(station, 'checkins-12-duty');
  }, 60_000);

  it('the month’s report per work unit, downloaded as CSV for the units’ party branches', async () => {
    await station.goto(`${e2e.base}/#/packages/secretary/pages/volunteers/report/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(station, 'report-units').waitFor({ timeout: 15_000 });
    await visibleTestId(station, 'report-month-label').filter({ hasText: '2026年3月（本月）' }).waitFor({ timeout: 15_000 });
    const unit = station.locator('[data-testid="report-unit"]:visible').filter({ hasText: '渭城区住建局' }).filter({ hasText: '1/2次' }).first();
    await unit.waitFor({ timeout: 15_000 });
    expect(await unit.innerText()).toContain('王志强');
    const [download] = await Promise.all([station.waitForEvent('download'), visibleTestId(station, 'report-export').click()]);
    expect(download.suggestedFilename()).toBe('文汇社区-双报到-2026-03.csv');
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.startsWith('\uFEFF"工作单位","党支部","姓名"')).toBe(true);
    expect(csv).toContain('"渭城区住建局","区住建局机关第一党支部","王志强","已报到","1","2"');
    await visibleTestId(station, 'report-export-note').filter({ hasText: '已下载' }).waitFor();
    await screenshot(station, 'checkins-13-report');
  }, 60_000);

  it('李建国, a party member living in 民生社区, registers (双报到) from his phone and waits for the review', async () => {
    await goHome(phone, 'demo-resident-2', '李建国');
    await phone.goto(`${e2e.base}/#/packages/volunteer/pages/register/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(phone, 'register-form').waitFor({ timeout: 15_000 });
    const name = phone.locator('[data-testid="register-name"]:visible input').first();
    await phone.waitForFunction((el) => (el as HTMLInputElement | null)?.value === '李建国', await name.elementHandle(), { timeout: 10_000 }); // from his account
    await visibleTestId(phone, 'community-c-ms').click();
    await phone.locator('[data-testid="register-work-unit"]:visible input').first().fill('渭城区财政局');
    await phone.locator('[data-testid="register-party-branch"]:visible input').first().fill('区财政局第二党支部');
    await phone.locator('[data-testid="register-phone"]:visible input').first().fill('13800000002');
    await visibleTestId(phone, 'skill-政策宣讲').click();
    await visibleTestId(phone, 'skill-手机电脑').click();
    await visibleTestId(phone, 'availability-weekend').click();
    await visibleTestId(phone, 'availability-weekday_evening').click();
    await screenshot(phone, 'checkins-15-register-form');
    await visibleTestId(phone, 'register-submit').click();
    const status = visibleTestId(phone, 'registration-status');
    await status.waitFor({ timeout: 15_000 });
    expect(await visibleTestId(phone, 'registration-status-label').innerText()).toBe('待审核');
    expect(await status.innerText()).toContain('民生社区');
    expect(await status.innerText()).toContain('政策宣讲、手机电脑');
    expect(e2e.host.store.find('checkin_registrations', { openid: 'demo-resident-2' })).toEqual([
      expect.objectContaining({ status: 'pending', communityId: 'c-ms', workUnit: '渭城区财政局', availability: ['weekend', 'weekday_evening'] }),
    ]);
    await screenshot(phone, 'checkins-16-register-pending');
  }, 60_000);

  it('in 大字模式 the volunteer home keeps everything readable', async () => {
    await goHome(phone, 'demo-volunteer', '王志强');
    await phone.goto(`${e2e.base}/#/pages/me/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(phone, 'large-font-toggle').click();
    await visibleTestId(phone, 'large-font-toggle').filter({ hasText: '已开启' }).waitFor();
    await phone.goto(`${e2e.base}/#/packages/volunteer/pages/index/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(phone, 'member-card').waitFor({ timeout: 15_000 });
    expect(await phone.locator('.page--large:visible').count()).toBe(1);
    await screenshot(phone, 'checkins-14-volunteer-home-large-font');
    await phone.goto(`${e2e.base}/#/pages/me/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(phone, 'large-font-toggle').click();
    await visibleTestId(phone, 'large-font-toggle').filter({ hasText: '已关闭' }).waitFor();
  }, 60_000);

  it('王志强 spends 60 points on a haircut; 陈秀英 approves it and the stock drops', async () => {
    await phone.goto(`${e2e.base}/#/packages/volunteer/pages/points/index`, { waitUntil: 'domcontentloaded' });
    const haircut = phone.locator('[data-testid="reward"][data-id="rw-wh-haircut"]:visible').first();
    await haircut.waitFor({ timeout: 15_000 });
    await haircut.locator('[data-testid="reward-redeem"]').click();
    await haircut.locator('[data-testid="reward-confirm"]').click();
    await visibleTestId(phone, 'my-redemptions').filter({ hasText: '待审核' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(phone, 'points-balance').innerText()).toBe('90');
    expect(await visibleTestId(phone, 'points-held').innerText()).toBe('60');
    await screenshot(phone, 'checkins-17-redeemed');

    await goHome(station, 'demo-secretary', '陈秀英');
    await visibleTestId(station, 'entry-secretary').click();
    await waitForRoute(station, '/packages/secretary/pages/index/index');
    await visibleTestId(station, 'badge-redemptions').filter({ hasText: '1' }).waitFor({ timeout: 15_000 });
    await visibleTestId(station, 'entry-volunteers-redemptions').click();
    await waitForRoute(station, '/packages/secretary/pages/volunteers/index');
    const card = station.locator('[data-testid="redemption"]:visible').filter({ hasText: '王志强' }).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('兑换 社区理发一次 · 60 积分');
    await card.locator('[data-testid="redemption-approve"]').click();
    await card.filter({ hasText: '已兑换' }).waitFor({ timeout: 15_000 });
    expect(e2e.host.store.get('rewards', 'rw-wh-haircut')).toMatchObject({ stock: 9 });
    await screenshot(station, 'checkins-18-redemption-approved');
  }, 60_000);

  it('a second check-in he forgets to sign out of is closed by the sweep at 20:00 and credited only when 陈秀英 confirms it', async () => {
    await goHome(station, 'demo-secretary', '陈秀英');
    await visibleTestId(station, 'entry-secretary').click();
    await waitForRoute(station, '/packages/secretary/pages/index/index');
    await visibleTestId(station, 'entry-volunteers-station').click();
    await visibleTestId(station, 'station-pick-st-wh').click();
    await visibleTestId(station, 'duty-screen').waitFor({ timeout: 15_000 });
    await visibleTestId(station, 'duty-refresh').click();
    const token = await readToken();

    await phone.goto(`${e2e.base}/#/packages/volunteer/pages/checkin/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(phone, 'checkin-manual').waitFor({ timeout: 15_000 });
    await phone.locator('[data-testid="checkin-code"]:visible input').first().fill(token);
    await visibleTestId(phone, 'checkin-submit').click();
    await visibleTestId(phone, 'checkin-success').filter({ hasText: '签到成功：文汇社区红色驿站 11:00' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(phone, 'checkin-pending').innerText()).toContain('待书记确认');

    e2e.host.clock.advance(9.5 * HOUR); // 20:30: the station closed half an hour ago, nobody signed out
    await e2e.host.trigger('sweep');
    expect(e2e.host.store.find('checkin_sessions', { openid: 'demo-volunteer', status: 'auto_closed' })).toHaveLength(1);

    await goHome(station, 'demo-secretary', '陈秀英');
    await visibleTestId(station, 'entry-secretary').click();
    await waitForRoute(station, '/packages/secretary/pages/index/index');
    await visibleTestId(station, 'badge-sessions').filter({ hasText: '1' }).waitFor({ timeout: 15_000 });
    await visibleTestId(station, 'entry-volunteers-sessions').click();
    await waitForRoute(station, '/packages/secretary/pages/volunteers/index');
    const card = station.locator('[data-testid="session"]:visible').filter({ hasText: '王志强' }).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('报名班次 08:00–12:00');
    expect(await card.innerText()).toContain('最多可计 1小时');
    await screenshot(station, 'checkins-19-session-to-confirm');
    await card.locator('[data-testid="session-confirm"]').click();
    await card.filter({ hasText: '已计入 1小时，20 积分' }).waitFor({ timeout: 15_000 });
    await screenshot(station, 'checkins-20-session-confirmed');
    const points = await e2e.host.call<{ balance: number; hours: number }>('checkins', 'points', {}, 'demo-volunteer');
    expect(points).toMatchObject({ ok: true, data: { balance: 110, hours: 9 } });
  }, 90_000);

  it('raised no page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
