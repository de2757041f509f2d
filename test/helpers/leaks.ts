import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STAFF_ROLES } from '../../domain/authz/policy';
import type { RegistrationDoc } from '../../domain/checkins/model';
import { HANDLING_STATES, type OrderDoc } from '../../domain/model/order';
import type { UserDoc } from '../../domain/model/roles';
import type { VisitDoc } from '../../domain/scoring/follow-up';
import type { TestHost } from './test-host';

/**
 * What a response may not carry to its viewer, judged against the store as it is now:
 *  - a full phone number (anyone's in the store wherever it sits, any other that stands alone —
 *    not eleven digits inside a random hex id), unless it is the viewer's own, or it sits on an order the viewer filed
 *    or is handling right now (claimed / in progress), or whose open return visit the viewer may
 *    record (they must call the resident: its visitor, the grid's worker, the community's secretary);
 *  - another person's openid (standing alone or inside an id like `reg_c-wh_<openid>`), unless
 *    the viewer is staff and the other is staff or a volunteer registered in a community the
 *    viewer manages (secretary of it, street or district admin above it);
 *  - a secret: the QR signing key, a station's duty-screen key.
 */

const PHONE = /1[3-9]\d{9}/g;
/** Openids are words of letters, digits and hyphens; `_`, spaces and punctuation separate them (`reg_c-wh_<openid>`). */
const NOT_WORD = /[^A-Za-z0-9-]+/;

/** Every string in a response, with where it sits. */
const strings = (value: unknown, path = '$', out: { path: string; text: string }[] = []): { path: string; text: string }[] => {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  return out;
};

/** Binary payloads (QR images, spreadsheet files) are not text to read ids from. */
const BINARY = /^data:|^[A-Za-z0-9+/=]{400,}$/;

const isStaff = (u: Pick<UserDoc, 'roles'> | undefined) => (u?.roles ?? []).some((g) => (STAFF_ROLES as readonly string[]).includes(g.role));

/** A checker over `host`; `seen` counts the phones and openids it found and allowed. */
export const leakChecker = (host: TestHost, seen = { phones: 0, openids: 0 }) => {
  const qrSecret = (JSON.parse(readFileSync(join(host.dataDir, 'secrets.json'), 'utf8')) as { qr: string }).qr;
  return (viewer: string, label: string, response: unknown): string[] => {
    const users = host.store.all('users') as unknown as (UserDoc & { phone?: string })[];
    const regs = host.store.all('checkin_registrations') as unknown as RegistrationDoc[];
    const orders = host.store.all('orders') as unknown as OrderDoc[];
    const me = users.find((u) => u._id === viewer);
    const staff = isStaff(me);
    const managed = new Set((me?.roles ?? []).filter((g) => g.role === 'secretary').map((g) => g.orgId));
    const above = new Set((me?.roles ?? []).filter((g) => g.role === 'street_admin' || g.role === 'district_admin').map((g) => g.orgId));
    const manages = (communityId: string) =>
      managed.has(communityId) || ((host.store.get('orgs', communityId) as unknown as { path: string[] } | undefined)?.path ?? []).some((id) => above.has(id));

    const phoneReaders = new Map<string, Set<string>>();
    const allow = (phone: string | null | undefined, ...who: (string | null | undefined)[]) => {
      if (!phone) return;
      const set = phoneReaders.get(phone) ?? new Set<string>();
      for (const w of who) if (w) set.add(w);
      phoneReaders.set(phone, set);
    };
    for (const u of users) allow(u.phone, u._id);
    for (const r of regs) allow(r.phone, r.openid);
    const visitors = new Map<string, string[]>();
    for (const v of host.store.find('visits', { status: 'open' }) as unknown as VisitDoc[]) {
      const may = users.filter((u) => u.roles.some((g) => (g.role === 'grid_worker' && g.orgId === v.gridId) || (g.role === 'secretary' && g.orgId === v.communityId))).map((u) => u._id);
      visitors.set(v.orderId, [...(visitors.get(v.orderId) ?? []), ...(v.assignee ? [v.assignee] : []), ...may]);
    }
    for (const o of orders) {
      const handler = HANDLING_STATES.includes(o.status) ? o.handlerOpenid : null;
      const calling = visitors.get(o._id) ?? [];
      for (const phone of [o.contactPhone, o.proxyFor?.phone]) allow(phone, o.filedBy, o.residentOpenid, handler, ...calling);
      if (calling.length > 0 && o.residentOpenid) allow(users.find((u) => u._id === o.residentOpenid)?.phone, ...calling);
    }

    const staffIds = new Set(users.filter(isStaff).map((u) => u._id));
    const memberOf = new Map<string, string[]>();
    for (const r of regs) memberOf.set(r.openid, [...(memberOf.get(r.openid) ?? []), r.communityId]);
    const mayReadOpenid = (other: string) => staff && (staffIds.has(other) || (memberOf.get(other) ?? []).some(manages));
    const openids = new Set([...users.map((u) => u._id), ...regs.map((r) => r.openid), ...orders.flatMap((o) => [o.filedBy, o.residentOpenid])].filter((x): x is string => !!x && x !== viewer));
    const secrets = [qrSecret, ...host.store.all('secrets').map((s) => String(s.value))].filter((s) => s.length >= 16);

    const leaks: string[] = [];
    for (const { path, text } of strings(response)) {
      if (BINARY.test(text)) continue;
      for (const match of text.matchAll(PHONE)) {
        const phone = match[0];
        const readers = phoneReaders.get(phone);
        if (readers?.has(viewer)) {
          seen.phones++;
          continue;
        }
        // Eleven digits inside a random id (`ntf_…17215993789…`) that are nobody's number are not a phone;
        // anyone's number is reported wherever it sits, and a free-standing one always.
        const around = `${text[match.index - 1] ?? ''}${text[match.index + phone.length] ?? ''}`;
        if (!readers && /[0-9A-Za-z]/.test(around)) continue;
        leaks.push(`${label} ${path}: phone ${phone}`);
      }
      for (const other of new Set(text.split(NOT_WORD))) {
        if (!openids.has(other)) continue;
        if (mayReadOpenid(other)) seen.openids++;
        else leaks.push(`${label} ${path}: openid ${other}`);
      }
      for (const secret of secrets) if (text.includes(secret.slice(0, 16))) leaks.push(`${label} ${path}: a secret`);
    }
    return leaks;
  };
};
