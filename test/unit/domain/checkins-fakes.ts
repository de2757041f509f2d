import { DEFAULT_CHECKINS_CONFIG, type CheckinsDeps } from '../../../domain/checkins/deps';
import type { StationDoc } from '../../../domain/checkins/model';
import { DomainError } from '../../../domain/model/envelope';
import type { OrgNode } from '../../../domain/model/org';
import { fixedClock } from '../../../domain/ports/clock';
import { sequentialIds } from '../../../domain/ports/ids';
import type { Notification } from '../../../domain/ports/orders';
import { DEFAULT_EARNING_RULES } from '../../../domain/points/earning';
import type { Condition, DocTx, Documents, FindOptions, Where, WithId } from '../../../domain/points/ports';
import type { Signer } from '../../../domain/qr/scene';
import { fakeOrgRepo } from '../../helpers/fake-repos';

/**
 * An in-memory `Documents` (the check-ins / points persistence port) with the same
 * semantics the SDK adapter has: where conditions on dotted paths (an array field matches
 * when any element does), ordering, paging, and transactions whose writes land together
 * or not at all (a throw inside leaves nothing behind), checked optimistically at commit
 * against the revisions read (a conflicting unit of work runs again, as the SDK does).
 */
type Doc = WithId & Record<string, unknown>;

const valuesAt = (doc: unknown, path: string): unknown[] => {
  let current: unknown[] = [doc];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const item of current) {
      if (item === null || typeof item !== 'object') continue;
      const value = (item as Record<string, unknown>)[part];
      if (value === undefined) continue;
      if (Array.isArray(value)) next.push(...value, value);
      else next.push(value);
    }
    current = next;
  }
  return current;
};

const matches = (doc: Doc, where: Where): boolean =>
  Object.entries(where).every(([field, c]: [string, Condition]) => {
    const values = valuesAt(doc, field);
    if (c === null || typeof c !== 'object') return c === null ? values.length === 0 || values.includes(null) : values.includes(c);
    if ('in' in c) return values.some((v) => (c.in as unknown[]).includes(v));
    if ('ne' in c) return !values.includes(c.ne);
    return values.some(
      (v) =>
        typeof v === 'number' &&
        (c.gt === undefined || v > c.gt) &&
        (c.gte === undefined || v >= c.gte) &&
        (c.lt === undefined || v < c.lt) &&
        (c.lte === undefined || v <= c.lte),
    );
  });

const compare = (a: unknown, b: unknown): number => (a === b ? 0 : a === undefined ? -1 : b === undefined ? 1 : (a as never) < (b as never) ? -1 : 1);

export class MemoryDocuments implements Documents {
  readonly data = new Map<string, Map<string, Doc>>();
  /** Revision per document (bumped on every committed write): optimistic concurrency like CloudBase. */
  private readonly revisions = new Map<string, number>();
  transactions = 0;
  conflicts = 0;

  private coll(name: string): Map<string, Doc> {
    let c = this.data.get(name);
    if (!c) this.data.set(name, (c = new Map()));
    return c;
  }

  private peek(name: string): Map<string, Doc> {
    return this.data.get(name) ?? new Map();
  }

  seed(collection: string, docs: readonly object[]): void {
    for (const d of docs) {
      this.coll(collection).set((d as Doc)._id, structuredClone(d) as Doc);
      this.bump(collection, (d as Doc)._id);
    }
  }

  private bump(c: string, id: string) {
    const k = `${c}\u0000${id}`;
    this.revisions.set(k, (this.revisions.get(k) ?? 0) + 1);
  }

  all<T>(collection: string): T[] {
    return [...this.peek(collection).values()].map((d) => structuredClone(d) as T);
  }

  async get<T extends WithId>(collection: string, id: string): Promise<T | undefined> {
    const d = this.peek(collection).get(id);
    return d ? (structuredClone(d) as unknown as T) : undefined;
  }

  async find<T extends WithId>(collection: string, where: Where, options: FindOptions): Promise<T[]> {
    let rows = [...this.peek(collection).values()].filter((d) => matches(d, where));
    for (const [field, dir] of [...(options.orderBy ?? [])].reverse()) {
      rows = rows.sort((a, b) => (dir === 'asc' ? 1 : -1) * compare(valuesAt(a, field)[0], valuesAt(b, field)[0]));
    }
    const start = options.offset ?? 0;
    return rows.slice(start, start + options.limit).map((d) => structuredClone(d) as unknown as T);
  }

  async count(collection: string, where: Where): Promise<number> {
    return [...this.peek(collection).values()].filter((d) => matches(d, where)).length;
  }

  async transact<T>(work: (tx: DocTx) => Promise<T>): Promise<T> {
    for (let attempt = 0; attempt < 5; attempt++) {
      this.transactions++;
      const pending = new Map<string, Doc | null>();
      const seen = new Map<string, number>();
      const key = (c: string, id: string) => `${c}\u0000${id}`;
      const read = (c: string, id: string): Doc | undefined => {
        const k = key(c, id);
        if (pending.has(k)) return pending.get(k) ?? undefined;
        if (!seen.has(k)) seen.set(k, this.revisions.get(k) ?? 0);
        return this.peek(c).get(id);
      };
      const write = (c: string, id: string, doc: Doc | null) => {
        const k = key(c, id);
        if (!pending.has(k) && !seen.has(k)) seen.set(k, this.revisions.get(k) ?? 0);
        pending.set(k, doc);
      };
      const tx: DocTx = {
        get: async <D extends WithId>(c: string, id: string) => {
          const d = read(c, id);
          return d ? (structuredClone(d) as unknown as D) : undefined;
        },
        insert: async (c, doc) => {
          if (read(c, doc._id)) throw new Error(`duplicate key ${c}/${doc._id}`);
          write(c, doc._id, structuredClone(doc));
        },
        update: async (c, id, fields) => {
          const d = read(c, id);
          if (d) write(c, id, { ...structuredClone(d), ...structuredClone(fields), _id: id });
        },
        put: async (c, doc) => write(c, doc._id, structuredClone(doc)),
        remove: async (c, id) => write(c, id, null),
      };
      const result = await work(tx);
      await Promise.resolve(); // let interleaved units of work reach their commit too
      if ([...seen].some(([k, rev]) => (this.revisions.get(k) ?? 0) !== rev)) {
        this.conflicts++;
        continue;
      }
      for (const [k, doc] of pending) {
        const [c, id] = k.split('\u0000');
        if (doc) this.coll(c).set(id, doc);
        else this.coll(c).delete(id);
        this.bump(c, id);
      }
      return result;
    }
    throw new DomainError('CONFLICT', '同时操作的人较多，请稍后重试');
  }
}

/** A deterministic HMAC stand-in (not crypto, but keyed and position-sensitive) for pure tests. */
export const testSigner = (key: string): Signer => (text) => {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of `${key}|${text}`) {
    h1 = Math.imul(h1 ^ ch.charCodeAt(0), 16777619) >>> 0;
    h2 = Math.imul(h2 + ch.charCodeAt(0), 2246822519) >>> 0;
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < 16; i++) {
    const n = i < 8 ? h1 >>> (i * 4) : h2 >>> ((i - 8) * 4);
    out += alphabet[(n + i * 7) % 64];
  }
  return out;
};

/** 文汇社区红色驿站: its fence (150 m) and opening hours (08:00–20:00). */
export const STATION: StationDoc = {
  _id: 'st-wh',
  name: '文汇社区红色驿站',
  communityId: 'c-wh',
  address: '',
  fence: { lat: 34.3305, lng: 108.7069, radiusM: 150 },
  openingHours: { open: '08:00', close: '20:00' },
  status: 'active',
};

export const ORGS: OrgNode[] = [
  { _id: 'd', type: 'district', name: '渭城区', parentId: null, path: [], depth: 0 },
  { _id: 's', type: 'street', name: '渭阳街道', parentId: 'd', path: ['d'], depth: 1 },
  { _id: 'c-wh', type: 'community', name: '文汇社区', parentId: 's', path: ['d', 's'], depth: 2 },
  { _id: 'c-ms', type: 'community', name: '民生社区', parentId: 's', path: ['d', 's'], depth: 2 },
];

export const fakeCheckinsDeps = (nowMs: number, overrides: Partial<CheckinsDeps> = {}) => {
  const docs = new MemoryDocuments();
  const clock = fixedClock(nowMs);
  const sent: Notification[] = [];
  const keys = new Map<string, Signer>();
  const deps: CheckinsDeps = {
    docs,
    orgs: fakeOrgRepo(ORGS),
    clock,
    ids: sequentialIds(),
    notifier: { send: async (m) => void sent.push(...m) },
    sceneSigner: async () => testSigner('qr'),
    stationSigner: async (id) => keys.get(id),
    ensureStationSigner: async (id) => {
      if (!keys.has(id)) keys.set(id, testSigner(`station-${id}`));
      return keys.get(id)!;
    },
    rules: async () => DEFAULT_EARNING_RULES,
    config: DEFAULT_CHECKINS_CONFIG,
    ...overrides,
  };
  return { deps, docs, clock, sent };
};
