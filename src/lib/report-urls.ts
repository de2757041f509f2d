import type { EvidenceMetric } from '../services/reports'

/** 数据明细: the orders behind one number of a node's scores for a period. */
export const evidenceUrl = (p: { orgId: string; metric: EvidenceMetric; from?: string; to?: string; name?: string }): string =>
  `/packages/secretary/pages/evidence/index?${Object.entries(p)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')}`
