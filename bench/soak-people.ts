/**
 * The soak's simulated people, each one async loop doing one call at a time with a pause between:
 * residents filing and rating, grid workers / secretaries / the department / street and district
 * admins working their 待办, volunteers applying, checking in and out, redeeming and taking
 * 微心愿, secretaries approving applications, redemptions and sessions, the sweep every
 * simulated minute. Everything goes through the public API as it is; a refusal is counted by
 * code (Driver), never fatal: the rules change under the soak and it must not care.
 */
import { buildDemoStations, DEMO_CATEGORIES } from '../server/seed/demo';
import type { Driver } from './soak-driver';
import { sleep } from './soak-host';

/* eslint-disable @typescript-eslint/no-explicit-any -- answers are read loosely */

export interface World {
  driver: Driver;
  running: () => boolean;
  /** The simulated instant (the host's clock is kept there). */
  simNow: () => number;
  /** Building QR scenes per community, fetched once. */
  scenes: Record<string, string[]>;
  /** Pseudo-random in [0, 1) (seeded: runs make the same choices). */
  rand: () => number;
  /** Real milliseconds between two calls of one person. */
  thinkMs: [number, number];
}

export const SECRETARY_OF: Record<string, string> = { 'c-wh': 'demo-secretary', 'c-ms': 'demo-secretary-2' };
const STATIONS = buildDemoStations() as unknown as { _id: string; communityId: string; fence: { lat: number; lng: number } }[];
const stationOf = (communityId: string) => STATIONS.find((s) => s.communityId === communityId);

export const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const pick = <T>(w: World, xs: readonly T[]): T => xs[Math.floor(w.rand() * xs.length)];
const think = (w: World) => sleep(w.thinkMs[0] + w.rand() * (w.thinkMs[1] - w.thinkMs[0]));
const listOf = (res: any): any[] => (res?.ok ? (Array.isArray(res.data) ? res.data : (res.data?.items ?? [])) : []);

/** A person's loop until the run ends; one tick = one or a few calls. */
const loop = async (w: World, tick: () => Promise<void>) => {
  while (w.running()) {
    await tick();
    await think(w);
  }
};

const CATEGORY_MIX = ['repair', 'repair', 'environment', 'environment', 'elderly', 'safety', 'property', 'dispute', 'policy', 'wish'];
const DESCRIPTIONS = ['楼道灯坏了，晚上看不见路', '垃圾桶满了好几天没人清理', '独居老人需要上门帮助买菜', '单元门禁坏了关不上', '小区物业收费有疑问', '邻里噪音纠纷需要调解', '想咨询养老补贴政策', '孩子想要一套课外书'];
// Only categories that exist in this district.
const categories = CATEGORY_MIX.filter((c) => DEMO_CATEGORIES.some((d) => d.id === c));

/** 居民: files in their community (by the building's door QR), rates what was resolved, answers questions, sometimes withdraws. */
export const resident = (w: World, openid: string, communityId: string) =>
  loop(w, async () => {
    const d = w.driver;
    const r = w.rand();
    if (r < 0.25) {
      await d.write('orders', 'submit', { scene: pick(w, w.scenes[communityId]), category: pick(w, categories), description: pick(w, DESCRIPTIONS) }, openid);
      return;
    }
    const mine = listOf(await d.read('orders', 'list', { box: 'mine', status: r < 0.85 ? 'to_rate' : 'active', limit: 10 }, openid));
    if (mine.length === 0) return;
    const view = (await d.read('orders', 'get', { id: pick(w, mine).id }, openid)) as any;
    if (!view?.ok) return;
    const o = view.data;
    if (o.can?.rate) {
      const s = w.rand();
      await d.write('orders', 'rate', { id: o.id, stars: s < 0.1 ? 2 : s < 0.2 ? 3 : s < 0.5 ? 4 : 5 }, openid);
    } else if (o.can?.reply) {
      await d.write('orders', 'reply', { id: o.id, answer: '在3单元门口，白天都在家' }, openid);
    } else if (o.can?.cancel && w.rand() < 0.2) {
      await d.write('orders', 'cancel', { id: o.id, reason: '问题已自行解决' }, openid);
    }
  });

/** Works one order of the 待办: whatever the order view says this person may do next. */
const workOne = async (w: World, openid: string) => {
  const d = w.driver;
  const todo = listOf(await d.read('orders', 'list', { box: 'todo', limit: 20 }, openid));
  if (todo.length === 0) return;
  const view = (await d.read('orders', 'get', { id: pick(w, todo).id }, openid)) as any;
  if (!view?.ok) return;
  const o = view.data;
  const c = o.can ?? {};
  const r = w.rand();
  if (c.approve) await d.write('orders', r < 0.9 ? 'approve' : 'reject', r < 0.9 ? { id: o.id } : { id: o.id, reason: '不属于本社区受理范围' }, openid);
  else if (c.claim) await d.write('orders', 'claim', { id: o.id, version: o.version }, openid);
  else if (c.escalate && r < 0.02) await d.write('orders', 'escalate', { id: o.id, reason: '需要上级部门协调处理' }, openid);
  else if (c.bounce && r < 0.04) await d.write('orders', 'bounce', { id: o.id, reason: '不属于我的网格' }, openid);
  else if (c.requestInfo && !o.awaitingInfo && r < 0.1) await d.write('orders', 'requestInfo', { id: o.id, question: '请问具体在几单元？' }, openid);
  else if (c.start && r < 0.5) await d.write('orders', 'start', { id: o.id }, openid);
  else if (c.resolve) await d.write('orders', 'resolve', { id: o.id, note: '已到现场处理完毕' }, openid);
  else if (c.addNote) await d.write('orders', 'addNote', { id: o.id, note: '已联系居民，约好时间上门' }, openid);
};

/** 网格员 / 部门 / 街道 / 区: the 待办; grid workers also report what they find on patrol. */
export const worker = (w: World, openid: string, patrolCommunity?: string) =>
  loop(w, async () => {
    if (patrolCommunity && w.rand() < 0.08) {
      await w.driver.write('orders', 'submit', { scene: pick(w, w.scenes[patrolCommunity]), category: 'safety', channel: 'patrol', description: '巡查发现消防通道被电动车堵塞' }, openid);
      return;
    }
    await workOne(w, openid);
  });

/** 书记: the 待办, 验收 of patrol orders, 双报到 applications, redemptions, sessions to confirm, points adjustments. */
export const secretary = (w: World, openid: string, communityId: string, members: () => string[]) =>
  loop(w, async () => {
    const d = w.driver;
    const r = w.rand();
    if (r < 0.35) return workOne(w, openid);
    if (r < 0.45) {
      const verifying = listOf(await d.read('orders', 'list', { box: 'org', status: 'verifying', limit: 10 }, openid));
      if (verifying.length === 0) return;
      const view = (await d.read('orders', 'get', { id: pick(w, verifying).id }, openid)) as any;
      if (view?.data?.can?.verify) await d.write('orders', 'verify', { id: view.data.id, outcome: w.rand() < 0.85 ? 'accept' : 'return', note: '现场复核' }, openid);
      return;
    }
    if (r < 0.65) {
      const pending = listOf(await d.read('checkins', 'registrations', { communityId, status: 'pending', limit: 20 }, openid)).filter((x) => x.can?.approve);
      if (pending.length === 0) return;
      const reg = pick(w, pending);
      if (w.rand() < 0.9) await d.write('checkins', 'approve', { id: reg.id }, openid);
      else await d.write('checkins', 'reject', { id: reg.id, reason: '请补充单位证明' }, openid);
      return;
    }
    if (r < 0.77) {
      const pending = listOf(await d.read('checkins', 'redemptions', { communityId, status: 'pending', limit: 20 }, openid)).filter((x) => x.can?.approve);
      if (pending.length === 0) return;
      const red = pick(w, pending);
      if (w.rand() < 0.85) await d.write('checkins', 'approveRedemption', { id: red.id }, openid);
      else await d.write('checkins', 'rejectRedemption', { id: red.id, reason: '奖品暂时缺货' }, openid);
      return;
    }
    if (r < 0.9) {
      const waiting = listOf(await d.read('checkins', 'sessions', { communityId, limit: 30 }, openid)).filter((s) => s.can?.confirm);
      if (waiting.length === 0) return;
      const s = pick(w, waiting);
      await d.write('checkins', 'confirmSession', { id: s.id, minutes: Math.max(0, Math.min(240, s.creditableMinutes ?? s.minutes ?? 60)) }, openid);
      return;
    }
    const who = members();
    if (who.length === 0) return;
    await d.write('checkins', 'adjustPoints', { communityId, openid: pick(w, who), amount: w.rand() < 0.8 ? 20 + Math.floor(w.rand() * 60) : -5, reason: '参加社区活动表现突出' }, openid);
  });

/**
 * 志愿者: applies for 双报到 (new people) and waits for the secretary; once active, checks in at
 * the community's station with the duty-screen code the secretary shows and a location inside
 * the fence, checks out after a while, redeems rewards, takes 微心愿 from the wall.
 */
export const volunteer = (w: World, openid: string, communityId: string, onActive: (openid: string) => void, startActive = false) => {
  const d = w.driver;
  let state: 'new' | 'applied' | 'active' | 'gone' = startActive ? 'active' : 'new';
  let checkedInAt: number | null = null;
  if (startActive) onActive(openid);
  const station = stationOf(communityId);
  const location = station ? { lat: station.fence.lat, lng: station.fence.lng, accuracy: 12 } : undefined;
  const resync = async () => {
    const me = (await d.read('checkins', 'me', {}, openid)) as any;
    if (!me?.ok) return;
    const status = me.data.registration?.status;
    if (status === 'active' && state !== 'active') {
      state = 'active';
      onActive(openid);
    } else if (status && status !== 'active' && status !== 'pending') state = 'gone';
    checkedInAt = me.data.openSession ? me.data.openSession.checkInAt : null;
  };
  return loop(w, async () => {
    if (state === 'gone') return;
    if (state === 'new') {
      const res = await d.write('checkins', 'register', { communityId, name: `志愿者${openid.slice(-3)}`, workUnit: '渭城区财政局', partyBranch: '区财政局机关党支部' }, openid);
      if (res?.ok) state = 'applied';
      return;
    }
    if (state === 'applied') {
      if (w.rand() < 0.3) await resync();
      return;
    }
    const r = w.rand();
    if (checkedInAt !== null) {
      // Out after 30–120 simulated minutes.
      if (w.simNow() - checkedInAt > (30 + r * 90) * 60_000) {
        const res = await d.write('checkins', 'checkOut', { ...(location ? { location } : {}), client: 'weapp' }, openid);
        if (res?.ok) checkedInAt = null;
        else await resync();
      } else if (r < 0.3) await workOne(w, openid);
      return;
    }
    if (r < 0.45 && station && location) {
      const screen = (await d.read('checkins', 'stationToken', { stationId: station._id }, SECRETARY_OF[communityId] ?? '')) as any;
      if (!screen?.ok) return;
      const res = (await d.write('checkins', 'checkIn', { stationId: station._id, token: screen.data.token, location, client: 'weapp' }, openid)) as any;
      if (res?.ok) checkedInAt = res.data.session.checkInAt;
      else await resync();
      return;
    }
    if (r < 0.55) {
      const rewards = listOf(await d.read('checkins', 'rewards', { communityId }, openid)).filter((x) => x.affordable === true);
      if (rewards.length > 0) await d.write('checkins', 'redeem', { rewardId: pick(w, rewards).id }, openid);
      return;
    }
    await workOne(w, openid);
  });
};

/** The timer: the sweep every simulated minute (the district admin may run it by hand). */
export const sweeper = async (w: World, everyRealMs: number) => {
  while (w.running()) {
    await w.driver.read('sweep', 'run', {}, 'demo-district-admin');
    await sleep(everyRealMs);
  }
};
