import { isSecretaryOf } from '../authz/grants';
import { requireSeparate } from '../authz/duties';
import { DomainError } from '../model/envelope';
import { notFound } from './not-found';
import type { OrgNode } from '../model/org';
import type { RoleGrant, UserDoc } from '../model/roles';
import { maskPhone } from '../orders/views';
import { C, type DocTx } from '../points/ports';
import { decodeScene } from '../qr/scene';
import type { RegisterInput, RegistrationView } from './api';
import { type Actor, type CheckinsDeps, loadCommunity, managesCommunity, notify, peopleWithRole } from './deps';
import {
  AVAILABILITY_LABELS,
  REGISTRATION_STATE_LABELS,
  type RegistrationDoc,
  type RegistrationHistoryEntry,
  type RegistrationState,
} from './model';

/**
 * 双报到: an in-service party member registers with the community where they live; the
 * community secretary approves. The lifecycle is an explicit table; approving grants
 * the `volunteer` role for that community, and suspending or moving takes it away.
 */

export const REGISTRATION_ACTIONS = ['submit', 'approve', 'reject', 'suspend', 'reinstate', 'move'] as const;
export type RegistrationAction = (typeof REGISTRATION_ACTIONS)[number];

const TRANSITIONS: Record<RegistrationAction, Partial<Record<RegistrationState | 'none', RegistrationState>>> = {
  submit: { none: 'pending', pending: 'pending', rejected: 'pending', moved: 'pending' },
  approve: { pending: 'active' },
  reject: { pending: 'rejected' },
  suspend: { active: 'suspended' },
  reinstate: { suspended: 'active' },
  move: { active: 'moved', suspended: 'moved' },
};

const REFUSALS: Partial<Record<RegistrationAction, string>> = {
  submit: '当前状态不能重新提交报到申请',
  approve: '只有待审核的申请可以通过',
  reject: '只有待审核的申请可以驳回',
  suspend: '只有已报到的党员可以暂停',
  reinstate: '只有已暂停的报到可以恢复',
  move: '只有已报到或已暂停的党员可以标记迁出',
};

export const canTransition = (action: RegistrationAction, from: RegistrationState | 'none'): boolean => TRANSITIONS[action][from] !== undefined;

export const nextRegistrationState = (action: RegistrationAction, from: RegistrationState | 'none'): RegistrationState => {
  const to = TRANSITIONS[action][from];
  if (!to) throw new DomainError('FAILED_PRECONDITION', REFUSALS[action] ?? '当前状态不允许此操作', { status: from, action });
  return to;
};

/** Where each decision lands (for recognising a retry of one already applied). */
const DECISION_RESULTS: Record<Exclude<RegistrationAction, 'submit'>, RegistrationState> = {
  approve: 'active',
  reject: 'rejected',
  suspend: 'suspended',
  reinstate: 'active',
  move: 'moved',
};

const ACTION_LABELS: Record<RegistrationAction, string> = {
  submit: '提交报到申请',
  approve: '审核通过',
  reject: '驳回',
  suspend: '暂停',
  reinstate: '恢复',
  move: '迁出',
};

/**
 * One registration per person and community. Its id is random (from the injected IdGen:
 * an id that named the person would let anyone test whether someone applied somewhere);
 * the pair (community, person) is kept unique by a key document written in the same
 * transaction as the registration (`checkin_registration_keys`, never exposed). A
 * person's registration is found by query on (openid, communityId).
 */
/**
 * The id demo seeds gave registrations before ids were random (`reg_<communityId>_<openid>`).
 * Only seed and fixture code builds it; the app never creates one and finds every
 * registration by query, so such documents keep working.
 */
export const registrationId = (communityId: string, openid: string): string => `reg_${communityId}_${openid}`;

export const REGISTRATION_KEYS = 'checkin_registration_keys';
export const registrationKey = (communityId: string, openid: string): string => `${communityId}|${openid}`;

export interface RegistrationKeyDoc {
  _id: string;
  registrationId: string;
  at: number;
}

/** The registration of a person in a community (any state), found by query. */
export const findRegistration = async (deps: Pick<CheckinsDeps, 'docs'>, communityId: string, openid: string): Promise<RegistrationDoc | undefined> => {
  const found = await deps.docs.find<RegistrationDoc>(C.registrations, { openid, communityId }, { orderBy: [['updatedAt', 'desc']], limit: 5 });
  return found[0];
};

export const VOLUNTEER = 'volunteer' as const;

export const withGrant = (roles: readonly RoleGrant[], grant: RoleGrant): RoleGrant[] =>
  roles.some((g) => g.role === grant.role && g.orgId === grant.orgId) ? [...roles] : [...roles, grant];

export const withoutGrant = (roles: readonly RoleGrant[], grant: RoleGrant): RoleGrant[] =>
  roles.filter((g) => !(g.role === grant.role && g.orgId === grant.orgId));

/** Adds or removes the volunteer grant of a community on the user (creating the user if new). */
const setVolunteerGrant = async (tx: DocTx, reg: RegistrationDoc, on: boolean, now: number): Promise<void> => {
  const grant: RoleGrant = { role: VOLUNTEER, orgId: reg.communityId };
  const user = await tx.get<UserDoc>(C.users, reg.openid);
  if (!user) {
    if (!on) return;
    await tx.insert(C.users, { _id: reg.openid, name: reg.name, roles: [grant], ...(reg.phone ? { phone: reg.phone } : {}), createdAt: now });
    return;
  }
  const roles = on ? withGrant(user.roles, grant) : withoutGrant(user.roles, grant);
  if (roles.length !== user.roles.length) await tx.update(C.users, reg.openid, { roles });
};

const entry = (actor: Pick<Actor, 'openid' | 'name'>, action: RegistrationAction, from: RegistrationState | null, to: RegistrationState, at: number, reason?: string): RegistrationHistoryEntry => ({
  at,
  action,
  from,
  to,
  by: { openid: actor.openid, name: actor.name },
  ...(reason ? { reason } : {}),
});

const communityOfScene = async (deps: CheckinsDeps, scene: string): Promise<OrgNode> => {
  const decoded = decodeScene(scene, await deps.sceneSigner());
  const message = '二维码无效，请扫描所住楼栋门口的二维码';
  if (!decoded.ok || (decoded.scene.kind !== 'building' && decoded.scene.kind !== 'unit')) {
    throw new DomainError('INVALID_ARGUMENT', message, { fields: [{ path: 'scene', message }] });
  }
  const node = await deps.orgs.get(decoded.scene.id);
  if (!node) throw new DomainError('NOT_FOUND', message);
  const community = (await deps.orgs.getMany(node.path)).find((n) => n.type === 'community');
  if (!community) throw new DomainError('NOT_FOUND', '该楼栋不属于任何社区');
  return community;
};

export const registrationsOf = (deps: Pick<CheckinsDeps, 'docs'>, openid: string): Promise<RegistrationDoc[]> =>
  deps.docs.find<RegistrationDoc>(C.registrations, { openid }, { limit: 50 });

/** The person's active registration in a community, or a refusal saying exactly why not. */
export const requireActiveRegistration = async (deps: Pick<CheckinsDeps, 'docs'>, openid: string, community: Pick<OrgNode, '_id' | 'name'>): Promise<RegistrationDoc> => {
  const reg = await findRegistration(deps, community._id, openid);
  if (reg?.status === 'active') return reg;
  if (!reg || reg.status === 'moved' || reg.status === 'rejected') {
    throw new DomainError('FORBIDDEN', `您还没有在${community.name}报到，请先提交“双报到”申请`, { registration: reg?.status ?? null });
  }
  if (reg.status === 'pending') throw new DomainError('FAILED_PRECONDITION', '您的报到申请正在审核，审核通过后才能参加服务', { registration: 'pending' });
  throw new DomainError('FAILED_PRECONDITION', `您在${community.name}的报到已暂停${reg.reason ? `（${reg.reason}）` : ''}，请联系社区书记`, { registration: 'suspended' });
};

/** Why a member may not be credited (points, hours) now, or null when their registration is active. */
export const creditRefusal = (reg: Pick<RegistrationDoc, 'status' | 'name' | 'communityName'>): string | null =>
  reg.status === 'active' ? null : `${reg.name}在${reg.communityName}的报到当前为“${REGISTRATION_STATE_LABELS[reg.status]}”，不能计入积分或服务时长`;

/** Refuses crediting a member whose registration is not active (FAILED_PRECONDITION, saying why). */
export const requireCreditable = (reg: Pick<RegistrationDoc, 'status' | 'name' | 'communityName'>): void => {
  const refusal = creditRefusal(reg);
  if (refusal) throw new DomainError('FAILED_PRECONDITION', refusal, { registration: reg.status });
};

/** 双报到 application (or an edit of a pending one, or re-applying after a rejection / a move). */
export const register = async (deps: CheckinsDeps, actor: Actor, input: RegisterInput): Promise<RegistrationDoc> => {
  const community = input.scene !== undefined ? await communityOfScene(deps, input.scene) : await loadCommunity(deps, input.communityId ?? '');
  const mine = await registrationsOf(deps, actor.openid);
  const known = mine.find((r) => r.communityId === community._id);
  const newId = deps.ids.next('reg');
  const keyId = registrationKey(community._id, actor.openid);
  const pendingElsewhere = mine.find((r) => r.status === 'pending' && r.communityId !== community._id);
  if (pendingElsewhere) {
    throw new DomainError('CONFLICT', `您在${pendingElsewhere.communityName}的报到申请正在审核中，请等待审核结果`, { registrationId: pendingElsewhere._id });
  }
  const now = deps.clock.now();
  const name = input.name ?? actor.name;
  const saved = await deps.docs.transact(async (tx) => {
    const key = await tx.get<RegistrationKeyDoc>(REGISTRATION_KEYS, keyId);
    const id = key?.registrationId ?? known?._id ?? newId;
    if (!key) await tx.insert(REGISTRATION_KEYS, { _id: keyId, registrationId: id, at: now });
    const existing = await tx.get<RegistrationDoc>(C.registrations, id);
    if (existing?.status === 'active') throw new DomainError('CONFLICT', `您已在${community.name}报到`, { registrationId: id });
    if (existing?.status === 'suspended') {
      throw new DomainError('FAILED_PRECONDITION', `您在${community.name}的报到已暂停，请联系社区书记恢复`, { registrationId: id });
    }
    const from = existing?.status ?? 'none';
    const to = nextRegistrationState('submit', from);
    const doc: RegistrationDoc = {
      _id: id,
      openid: actor.openid,
      name,
      phone: input.phone ?? existing?.phone ?? null,
      communityId: community._id,
      communityName: community.name,
      workUnit: input.workUnit,
      partyBranch: input.partyBranch,
      skills: [...new Set(input.skills ?? [])],
      availability: [...new Set(input.availability ?? [])],
      status: to,
      reason: null,
      history: [...(existing?.history ?? []), entry(actor, 'submit', existing?.status ?? null, to, now)].slice(-50),
      createdAt: existing && existing.status === 'pending' ? existing.createdAt : now,
      updatedAt: now,
      approvedAt: null,
    };
    await tx.put(C.registrations, doc as unknown as RegistrationDoc & Record<string, unknown>);
    return { doc, fresh: existing?.status !== 'pending' };
  });
  if (saved.fresh) {
    const secretaries = await peopleWithRole(deps, 'secretary', community._id);
    await notify(
      deps,
      secretaries.map((to) => ({ to, type: 'registration', title: '新的“双报到”申请待审核', body: `${name}（${input.workUnit}）申请在${community.name}报到`, orderId: null })),
    );
  }
  return saved.doc;
};

export const loadRegistration = async (deps: Pick<CheckinsDeps, 'docs'>, id: string): Promise<RegistrationDoc> => {
  const reg = await deps.docs.get<RegistrationDoc>(C.registrations, id);
  if (!reg) throw notFound();
  return reg;
};

const NOTICES: Partial<Record<RegistrationAction, (reg: RegistrationDoc, reason?: string) => { title: string; body: string }>> = {
  approve: (r) => ({ title: '“双报到”审核通过', body: `欢迎加入${r.communityName}志愿服务，每月至少服务2次` }),
  reject: (r, reason) => ({ title: '“双报到”申请未通过', body: `${r.communityName}：${reason ?? ''}` }),
  suspend: (r, reason) => ({ title: '您的报到已暂停', body: `${r.communityName}：${reason ?? ''}` }),
  reinstate: (r) => ({ title: '您的报到已恢复', body: `欢迎回到${r.communityName}志愿服务` }),
  move: (r) => ({ title: '您已从社区迁出', body: `${r.communityName}的报到已标记为迁出` }),
};

/**
 * A secretary's decision on a registration. Approving also moves the person out of any
 * other community they were active in (one active registration per person).
 */
export const decideRegistration = async (
  deps: CheckinsDeps,
  actor: Actor,
  id: string,
  action: Exclude<RegistrationAction, 'submit'>,
  reason?: string,
): Promise<RegistrationDoc> => {
  const reg = await loadRegistration(deps, id);
  requireSeparate('decide_registration', actor.openid, [reg.openid]);
  // A retried decision (same action, already applied) answers the registration as it is.
  if (reg.status === DECISION_RESULTS[action]) return reg;
  nextRegistrationState(action, reg.status);
  const others = action === 'approve' || action === 'reinstate' ? (await registrationsOf(deps, reg.openid)).filter((r) => r._id !== reg._id && (r.status === 'active' || r.status === 'suspended')) : [];
  if (action === 'reinstate' && others.length > 0) {
    throw new DomainError('FAILED_PRECONDITION', `该党员已在${others[0].communityName}报到，不能在本社区恢复`);
  }
  const now = deps.clock.now();
  const updated = await deps.docs.transact(async (tx) => {
    const current = await tx.get<RegistrationDoc>(C.registrations, id);
    if (!current) throw notFound();
    const to = nextRegistrationState(action, current.status);
    const patch: Partial<RegistrationDoc> = {
      status: to,
      reason: action === 'reject' || action === 'suspend' || action === 'move' ? (reason ?? null) : null,
      history: [...current.history, entry(actor, action, current.status, to, now, reason)].slice(-50),
      updatedAt: now,
      ...(action === 'approve' ? { approvedAt: now } : {}),
    };
    await tx.update(C.registrations, id, patch);
    const next = { ...current, ...patch } as RegistrationDoc;
    if (to === 'active') await setVolunteerGrant(tx, next, true, now);
    if (current.status === 'active' && to !== 'active') await setVolunteerGrant(tx, next, false, now);
    for (const other of others) {
      const fresh = await tx.get<RegistrationDoc>(C.registrations, other._id);
      if (!fresh || (fresh.status !== 'active' && fresh.status !== 'suspended')) continue;
      const moved = { ...fresh, status: 'moved' as const, reason: `已转到${reg.communityName}报到`, updatedAt: now };
      await tx.update(C.registrations, other._id, {
        status: moved.status,
        reason: moved.reason,
        updatedAt: now,
        history: [...fresh.history, entry(actor, 'move', fresh.status, 'moved', now, moved.reason)].slice(-50),
      });
      if (fresh.status === 'active') await setVolunteerGrant(tx, moved, false, now);
    }
    return next;
  });
  const notice = NOTICES[action]?.(updated, reason);
  if (notice) await notify(deps, [{ to: updated.openid, type: 'registration', title: notice.title, body: notice.body, orderId: null }]);
  return updated;
};

export const listRegistrations = (deps: Pick<CheckinsDeps, 'docs'>, communityId: string, status: RegistrationState | undefined, limit: number): Promise<RegistrationDoc[]> =>
  deps.docs.find<RegistrationDoc>(C.registrations, { communityId, ...(status ? { status } : {}) }, { orderBy: [['updatedAt', 'desc']], limit });

export const registrationView = (reg: RegistrationDoc, viewer: Actor, community: Pick<OrgNode, '_id' | 'path'> | null): RegistrationView => {
  const manager = community !== null && managesCommunity(viewer, community);
  const secretary = manager && isSecretaryOf(viewer, reg.communityId);
  // Nobody decides their own registration (domain/authz/duties.ts): no button for it either.
  const decider = secretary && reg.openid !== viewer.openid;
  return {
    id: reg._id,
    name: reg.name,
    phone: reg.openid === viewer.openid ? reg.phone : maskPhone(reg.phone),
    communityId: reg.communityId,
    communityName: reg.communityName,
    workUnit: reg.workUnit,
    partyBranch: reg.partyBranch,
    skills: reg.skills,
    availability: reg.availability,
    availabilityLabels: reg.availability.map((a) => AVAILABILITY_LABELS[a]),
    status: reg.status,
    statusLabel: REGISTRATION_STATE_LABELS[reg.status],
    reason: reg.reason,
    createdAt: reg.createdAt,
    approvedAt: reg.approvedAt,
    can: {
      approve: decider && canTransition('approve', reg.status),
      reject: decider && canTransition('reject', reg.status),
      suspend: decider && canTransition('suspend', reg.status),
      reinstate: decider && canTransition('reinstate', reg.status),
      markMoved: decider && canTransition('move', reg.status),
    },
  };
};

export { ACTION_LABELS as REGISTRATION_ACTION_LABELS };
