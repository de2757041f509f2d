import { holdsAny, isSecretaryOf } from '../authz/grants';
import { DomainError } from '../model/envelope';
import type { OrgNode } from '../model/org';
import type { RoleGrant, UserDoc } from '../model/roles';
import type { Clock } from '../ports/clock';
import type { IdGen } from '../ports/ids';
import type { Notification, Notifier } from '../ports/orders';
import type { OrgRepo } from '../ports/repos';
import type { EarningRule } from '../points/earning';
import { C, type Documents } from '../points/ports';
import type { Signer } from '../qr/scene';

/** Tunables of check-ins (the defaults are the field's rules; tests may tighten them). */
export interface CheckinsConfig {
  /** Monthly target of services per registered member (雁塔: 每月至少2次). */
  monthlyTarget: number;
  /** A session counts as a service from this many credited minutes. */
  minServiceMinutes: number;
  /** Reported location accuracy forgiven at most (metres). */
  accuracyCapM: number;
  /** No cancelling a booked shift within this long before it starts. */
  cancelCutoffMs: number;
  /** A check-in this long before a booked shift starts belongs to that shift. */
  shiftLeadMs: number;
  /** Walk-in sessions (no booked shift) credit at most this many minutes. */
  maxWalkInMinutes: number;
  /** How far ahead volunteers may book. */
  bookingHorizonDays: number;
}

export const DEFAULT_CHECKINS_CONFIG: CheckinsConfig = {
  monthlyTarget: 2,
  minServiceMinutes: 30,
  accuracyCapM: 100,
  cancelCutoffMs: 2 * 3_600_000,
  shiftLeadMs: 60 * 60_000,
  maxWalkInMinutes: 240,
  bookingHorizonDays: 28,
};

/** Everything the check-in and points use cases need, injected. */
export interface CheckinsDeps {
  docs: Documents;
  orgs: OrgRepo;
  clock: Clock;
  ids: IdGen;
  notifier: Notifier;
  /** Signs and verifies QR scenes (building codes for registration, printed station posters); loaded on first use. */
  sceneSigner(): Promise<Signer>;
  /** The duty-screen key of a station, or undefined when none was ever issued (never creates one). */
  stationSigner(stationId: string): Promise<Signer | undefined>;
  /** The duty-screen key of a station, created on first use. */
  ensureStationSigner(stationId: string): Promise<Signer>;
  rules(): Promise<EarningRule[]>;
  config: CheckinsConfig;
}

export interface Actor {
  openid: string;
  name: string;
  grants: readonly RoleGrant[];
}

/** Secretary of the community, or street / district admin above it. */
export const managesCommunity = (actor: Pick<Actor, 'grants'>, community: Pick<OrgNode, '_id' | 'path'>): boolean =>
  isSecretaryOf(actor, community._id) || holdsAny(actor, ['street_admin', 'district_admin'], community.path);

export const loadCommunity = async (deps: Pick<CheckinsDeps, 'orgs'>, id: string): Promise<OrgNode> => {
  const node = await deps.orgs.get(id);
  if (!node || node.type !== 'community') throw new DomainError('NOT_FOUND', '社区不存在');
  return node;
};

/** People holding `role` exactly at `orgId` (for notices). */
export const peopleWithRole = async (deps: Pick<CheckinsDeps, 'docs'>, role: string, orgId: string): Promise<string[]> => {
  const users = await deps.docs.find<UserDoc>(C.users, { 'roles.orgId': orgId }, { limit: 200 });
  return users.filter((u) => u.roles.some((g) => g.role === role && g.orgId === orgId)).map((u) => u._id);
};

export const notify = async (deps: Pick<CheckinsDeps, 'notifier'>, messages: Notification[]): Promise<void> => {
  if (messages.length === 0) return;
  try {
    await deps.notifier.send(messages);
  } catch {
    // A notice that fails to go out never undoes the business step it reports.
  }
};

export const SYSTEM = { openid: 'system', name: '系统' };
