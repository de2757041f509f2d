import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexDecl } from '../../server/store/document-store';
import { createHost } from '../../server/host';
import type { QueryRecord } from '../../server/store/db-engine';
import { planDistrict, runPlan } from '../../server/seed/district/generate';
import { HostExecutor } from '../../server/seed/district/host-executor';
import { SCALES } from '../../server/seed/district/scale';
import { readCalls } from './read-actions';

/**
 * Index coverage, proven by running: a host with query reporting plays the generator's
 * behaviour (every kind of step: submit, approve, claim, start, resolve, rate, visits,
 * escalations by the sweep, 双报到, rotas, check-ins, redemptions) through the real
 * functions, then every list / dashboard read; each read the functions made is checked
 * against the declared indexes.
 */

/** Whole-collection reads that are fine because the collection is small configuration (bounded by what a district configures). */
export const BOUNDED_WHOLE_READS: Record<string, { max: number; why: string }> = {
  categories: { max: 100, why: '诉求类别：区级配置，十几条' },
  sla_policies: { max: 100, why: '时限规则：区级配置，十几条' },
  routing_rules: { max: 100, why: '派单规则：区级配置，管理页读全部（含停用的）' },
};

export const collectQueries = async (functionsDir: string, nowMs = Date.parse('2026-03-02T09:00:00+08:00')): Promise<QueryRecord[]> => {
  const plan = planDistrict(SCALES.flows, 'deploy-coverage', nowMs);
  const dataDir = mkdtempSync(join(tmpdir(), 'redgrid-coverage-'));
  const host = createHost({ dataDir, functionsDir, dev: true, seed: 'none', clockStartMs: plan.startMs, sweepEveryMs: 0 });
  try {
    host.store.commit(plan.base);
    host.queryLog.start();
    await runPlan(new HostExecutor(host), plan);
    for (const call of readCalls(nowMs)) await host.invoke(call.fn, { action: call.action, payload: call.payload }, call.openid);
    return host.queryLog.stop();
  } finally {
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export interface CoverageReport {
  /** Distinct (collection, filter, sort) shapes seen, with how often and the most documents one of them examined. */
  shapes: { collection: string; filter: string; sort: string; count: number; indexed: boolean; maxExamined: number; maxReturned: number }[];
  problems: string[];
}

export const checkCoverage = (records: readonly QueryRecord[], indexes: IndexDecl): CoverageReport => {
  const byShape = new Map<string, CoverageReport['shapes'][number]>();
  for (const r of records) {
    const key = `${r.collection}|${r.filter.join(',')}|${r.sort.join(',')}`;
    const s = byShape.get(key) ?? { collection: r.collection, filter: r.filter.join(',') || '(全部)', sort: r.sort.join(',') || '-', count: 0, indexed: true, maxExamined: 0, maxReturned: 0 };
    s.count++;
    s.indexed &&= r.indexed;
    s.maxExamined = Math.max(s.maxExamined, r.examined);
    s.maxReturned = Math.max(s.maxReturned, r.returned);
    byShape.set(key, s);
  }
  const problems: string[] = [];
  for (const s of byShape.values()) {
    const bounded = BOUNDED_WHOLE_READS[s.collection];
    if (!s.indexed && !(bounded && s.maxExamined <= bounded.max)) {
      problems.push(`${s.collection} 的查询 {${s.filter}} 没有可用的索引（扫描了 ${s.maxExamined} 条）`);
    }
    for (const part of s.sort === '-' ? [] : s.sort.split(',')) {
      const field = part.split(':')[0];
      if (field !== '_id' && !(indexes[s.collection] ?? []).includes(field) && s.maxExamined > 1000) {
        problems.push(`${s.collection} 按 ${field} 排序但该字段没有索引，且一次检查了 ${s.maxExamined} 条`);
      }
    }
  }
  return { shapes: [...byShape.values()].sort((a, b) => a.collection.localeCompare(b.collection) || a.filter.localeCompare(b.filter)), problems };
};
