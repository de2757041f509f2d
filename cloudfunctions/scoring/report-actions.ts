import { DomainError } from '../../domain/model/envelope';
import type { OrderDoc } from '../../domain/model/order';
import type { OrgNode } from '../../domain/model/org';
import { categoryNamer } from '../../domain/orders/queries';
import { toSummary } from '../../domain/orders/views';
import { evidenceInput, exportInput } from '../../domain/scoring/api';
import { countsFor, EVIDENCE_METRICS, type EvidenceView } from '../../domain/scoring/evidence';
import type { OrderSummaryView } from '../../domain/orders/api';
import { decodeExportCursor, encodeExportCursor } from '../../domain/scoring/export-cursor';
import { EXPORT_KINDS, type ExportNames, type ExportPageView, orderRow, ratingRow, visitRow } from '../../domain/scoring/exports';
import { boundedPeriod } from '../../domain/scoring/period';
import { periodRangeMs } from '../../domain/time/beijing';
import { type ActionContext, defineAction } from '../_shared/dispatch';
import { sdkCategoryRepo } from '../_shared/repos/config-repos';
import { sdkOrgRepo } from '../_shared/repos/org-repo';
import { type OrderScope, sdkReportRepo } from '../_shared/repos/report-repo';
import { nodeOf, nodeTarget } from './nodes';

/** Evidence: matches returned per call, and orders looked at per call at most (the rest continue from the cursor). */
const EVIDENCE_PAGE = 50;
const EVIDENCE_SCAN = 1000;
const SCAN_STEP = 250;
/** Export: rows read per call (the app asks for the next page until the cursor is null). */
const EXPORT_PAGE = 500;

/** A department's orders are those it took on (报到); any other node's are those on its path (the rollups count the same). */
const scopeOf = (node: OrgNode): OrderScope => (node.type === 'department' ? { departmentId: node._id } : { orgPath: node._id });

/** Names for the cells: categories, and the grids / communities the page mentions (one read). */
const namesFor = async (ctx: ActionContext, ids: readonly (string | null)[]): Promise<ExportNames> => {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  const nodes = wanted.length ? await sdkOrgRepo(ctx.db).getMany(wanted) : [];
  const byId = new Map(nodes.map((n) => [n._id, n.name]));
  const category = await categoryNamer({ categories: sdkCategoryRepo(ctx.db, ctx.clock.now) });
  return { category, org: (id) => (id ? (byId.get(id) ?? id) : '') };
};

/** The communities whose return visits an export of `node` covers. */
const communitiesOf = async (ctx: ActionContext, node: OrgNode): Promise<string[]> => {
  if (node.type === 'community') return [node._id];
  // district (depth 0) → street (1) → community (2) → grid (3): a grid's community is path[2].
  if (node.type === 'grid') return node.path.slice(2, 3);
  if (node.depth > 3) throw new DomainError('FAILED_PRECONDITION', '回访明细请按网格、社区或以上导出');
  if (node.type === 'department') throw new DomainError('FAILED_PRECONDITION', '回访按社区组织，部门没有回访明细；请导出诉求或评价明细');
  const under = await sdkOrgRepo(ctx.db).descendants(node._id, node.depth + 2, 2000);
  return under.filter((n) => n.type === 'community').map((n) => n._id);
};

export const reportActions = {
  /** 数字背后的诉求: the orders one number counted (a page of matches, scanning at most EVIDENCE_SCAN orders a call). */
  evidence: defineAction({
    policy: 'scoring.evidence',
    input: evidenceInput,
    target: nodeTarget,
    async run(ctx, input): Promise<EvidenceView<OrderSummaryView>> {
      const node = await nodeOf(ctx, input.orgId);
      const period = boundedPeriod(ctx.clock.now(), input.from, input.to);
      const repo = sdkReportRepo(ctx.db);
      const matches: OrderDoc[] = [];
      let after = decodeExportCursor(input.cursor);
      let scanned = 0;
      let done = false;
      scan: while (scanned < EVIDENCE_SCAN) {
        const page = await repo.orders(scopeOf(node), { ...periodRangeMs(period), after, limit: SCAN_STEP });
        for (const order of page) {
          scanned++;
          after = { at: order.submittedAt, id: order._id };
          if (countsFor(input.metric, order)) matches.push(order);
          if (matches.length >= EVIDENCE_PAGE) break scan;
        }
        if (page.length < SCAN_STEP) {
          done = true;
          break;
        }
      }
      const names = await namesFor(ctx, []);
      const now = ctx.clock.now();
      return {
        orgId: node._id,
        orgName: node.name,
        metric: input.metric,
        label: EVIDENCE_METRICS[input.metric].label,
        ...period,
        items: matches.map((o) => toSummary(o, names.category, now)),
        scanned,
        nextCursor: done || !after ? null : encodeExportCursor(after),
      };
    },
  }),

  /**
   * 导出: one page of orders / ratings / visits of a subtree and period. The first page
   * carries `total` (documents to read) so the app can show progress; pass `nextCursor`
   * back until it is null. No phone numbers, no openids in any column.
   */
  export: defineAction({
    policy: 'scoring.export',
    input: exportInput,
    target: nodeTarget,
    async run(ctx, input): Promise<ExportPageView> {
      const node = await nodeOf(ctx, input.orgId);
      const period = boundedPeriod(ctx.clock.now(), input.from, input.to);
      const range = periodRangeMs(period);
      const repo = sdkReportRepo(ctx.db);
      const after = decodeExportCursor(input.cursor);
      const head = { kind: input.kind, label: EXPORT_KINDS[input.kind].label, columns: EXPORT_KINDS[input.kind].columns, orgName: node.name, ...period };
      if (input.kind === 'visits') {
        const communities = await communitiesOf(ctx, node);
        const page = await repo.visits(communities, { ...range, after, limit: EXPORT_PAGE });
        const inScope = node.type === 'grid' ? page.filter((v) => v.gridId === node._id) : page;
        const names = await namesFor(ctx, inScope.flatMap((v) => [v.communityId, v.gridId]));
        const last = page[page.length - 1];
        return {
          ...head,
          total: after ? null : await repo.countVisits(communities, range),
          read: page.length,
          rows: inScope.map((v) => visitRow(v, names, ctx.clock.now())),
          nextCursor: page.length < EXPORT_PAGE || !last ? null : encodeExportCursor({ at: last.createdAt, id: last._id }),
        };
      }
      const page = await repo.orders(scopeOf(node), { ...range, after, limit: EXPORT_PAGE });
      const names = await namesFor(ctx, page.flatMap((o) => [o.place.communityId, o.place.gridId]));
      const rows = input.kind === 'orders' ? page.map((o) => orderRow(o, names)) : page.map((o) => ratingRow(o, names)).filter((r) => r !== null);
      const last = page[page.length - 1];
      return {
        ...head,
        total: after ? null : await repo.countOrders(scopeOf(node), range),
        read: page.length,
        rows,
        nextCursor: page.length < EXPORT_PAGE || !last ? null : encodeExportCursor({ at: last.submittedAt, id: last._id }),
      };
    },
  }),
};
