import { createHmac } from 'node:crypto';
import { type CheckinsDeps, DEFAULT_CHECKINS_CONFIG } from '../../../domain/checkins/deps';
import { DomainError } from '../../../domain/model/envelope';
import type { Clock } from '../../../domain/ports/clock';
import type { IdGen } from '../../../domain/ports/ids';
import { DEFAULT_EARNING_RULES, type EarningRule } from '../../../domain/points/earning';
import type { Condition, DocTx, Documents, Where, WithId } from '../../../domain/points/ports';
import type { Signer } from '../../../domain/qr/scene';
import type { Doc } from '../../store/document-store';
import { asStored, copyOf, type MemDb } from './mem-db';
import type { Rng } from './random';
import { memNotifier, memOrgRepo } from './world-orders';

/**
 * The check-ins / points persistence port over the MemDb, one for one with
 * cloudfunctions/_shared/repos/checkin-documents.ts: the same `where` shapes, paging and
 * whole-value updates; a unit of work buffers its writes and applies them in first-write
 * order at the end (as the host's engine commits a transaction), or not at all.
 */

const condition = (field: string, c: Condition): Record<string, unknown>[] => {
  if (c === null || typeof c !== 'object') return [{ [field]: c }];
  if ('in' in c) return [{ [field]: { $in: [...c.in] } }];
  if ('ne' in c) return [{ [field]: { $ne: c.ne } }];
  const out: Record<string, unknown>[] = [];
  if (c.gt !== undefined) out.push({ [field]: { $gt: c.gt } });
  if (c.gte !== undefined) out.push({ [field]: { $gte: c.gte } });
  if (c.lt !== undefined) out.push({ [field]: { $lt: c.lt } });
  if (c.lte !== undefined) out.push({ [field]: { $lte: c.lte } });
  return out;
};

const whereOf = (where: Where): Record<string, unknown> => {
  const parts = Object.entries(where).flatMap(([field, c]) => condition(field, c));
  if (parts.length === 0) return {};
  if (parts.length === 1) return parts[0];
  return { $and: parts };
};

const wholeFields = (fields: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (k !== '_id' && v !== undefined) out[k] = v;
  return out;
};

export const memDocuments = (db: MemDb): Documents => ({
  async get<T extends WithId>(collection: string, id: string) {
    const doc = db.get(collection, id);
    return doc ? (copyOf(doc) as unknown as T) : undefined;
  },
  async find<T extends WithId>(collection: string, where: Where, options: { orderBy?: readonly (readonly [string, 'asc' | 'desc'])[]; limit: number; offset?: number }) {
    const sort = options.orderBy?.length ? Object.fromEntries(options.orderBy.map(([f, d]) => [f, d === 'asc' ? 1 : -1])) as Record<string, 1 | -1> : undefined;
    const out: Doc[] = [];
    const start = options.offset ?? 0;
    const criteria = whereOf(where);
    while (out.length < options.limit) {
      const want = Math.min(1000, options.limit - out.length);
      const page = db.query(collection, criteria, { sort, skip: start + out.length, limit: want });
      out.push(...page);
      if (page.length < want) break;
    }
    return out.map((d) => copyOf(d) as unknown as T);
  },
  async count(collection, where) {
    return db.find(collection, whereOf(where)).length;
  },
  async transact<T>(work: (tx: DocTx) => Promise<T>): Promise<T> {
    /** Pending writes by collection+id, in first-write order; null = removed. */
    const pending = new Map<string, { collection: string; id: string; doc: Doc | null }>();
    const key = (c: string, id: string) => `${c}\u0000${id}`;
    const read = (c: string, id: string): Doc | undefined => {
      const p = pending.get(key(c, id));
      if (p) return p.doc ?? undefined;
      return db.get(c, id);
    };
    const write = (c: string, id: string, doc: Doc | null) => {
      const k = key(c, id);
      const existing = pending.get(k);
      if (existing) existing.doc = doc;
      else pending.set(k, { collection: c, id, doc });
    };
    const tx: DocTx = {
      async get<U extends WithId>(c: string, id: string) {
        const doc = read(c, id);
        return doc ? (copyOf(doc) as unknown as U) : undefined;
      },
      async insert(c, doc) {
        if (read(c, doc._id)) throw new DomainError('CONFLICT', '同时操作的人较多，请稍后重试');
        write(c, doc._id, asStored(doc) as Doc);
      },
      async update(c, id, fields) {
        const data = wholeFields(fields);
        const current = read(c, id);
        if (Object.keys(data).length === 0 || !current) return;
        const stored = asStored(data);
        // The engine writes nothing when no value changes (no revision bump, no index move).
        if (Object.entries(stored).every(([k, v]) => JSON.stringify(current[k]) === JSON.stringify(v))) return;
        write(c, id, { ...current, ...stored, _id: id } as Doc);
      },
      async put(c, doc) {
        const { _id, ...rest } = doc;
        write(c, _id, { ...asStored(rest), _id } as Doc);
      },
      async remove(c, id) {
        if (read(c, id)) write(c, id, null);
      },
    };
    const result = await work(tx);
    for (const { collection, id, doc } of pending.values()) {
      if (doc) db.put(collection, doc);
      else db.remove(collection, id);
    }
    return result;
  },
});

const signerOf = (key: string): Signer => (text) => createHmac('sha256', key).update(text).digest('base64url');

export const memCheckinsDeps = (db: MemDb, clock: Clock, ids: IdGen, keys: Rng, sceneKey: string): CheckinsDeps => {
  const docs = memDocuments(db);
  const stationKey = (stationId: string) => (db.get('secrets', `station-${stationId}`) as { value?: string } | undefined)?.value;
  return {
    docs,
    orgs: memOrgRepo(db),
    clock,
    ids,
    notifier: memNotifier(db, ids, () => clock.now()),
    sceneSigner: async () => signerOf(sceneKey),
    stationSigner: async (stationId) => {
      const key = stationKey(stationId);
      return key ? signerOf(key) : undefined;
    },
    ensureStationSigner: async (stationId) => {
      const existing = stationKey(stationId);
      if (existing) return signerOf(existing);
      const value = keys.hex(43);
      db.insert('secrets', { _id: `station-${stationId}`, value } as Doc);
      return signerOf(value);
    },
    rules: async () => {
      const rules = db.queryAll('points_rules', { enabled: true }, 500) as unknown as EarningRule[];
      return rules.length > 0 ? copyOf(rules) : DEFAULT_EARNING_RULES;
    },
    config: DEFAULT_CHECKINS_CONFIG,
  };
};
