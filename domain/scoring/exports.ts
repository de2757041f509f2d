import type { OrderDoc } from '../model/order';
import { ORDER_LEVEL_LABELS, ORDER_STATE_LABELS } from '../model/order';
import { formatBeijing, localDate } from '../time/beijing';
import { countersOf } from './contribution';
import type { VisitDoc } from './follow-up';
import { VISIT_METHOD_LABELS } from './visit-view';
import { VISIT_OUTCOME_LABELS, VISIT_REASON_LABELS } from './follow-up';

/**
 * What the exports hold, column by column. Only what staff of the subtree may see: no
 * phone numbers, no openids, no resident names (an order is identified by its number).
 */

type Cell = string | number;

const time = (ms: number | null | undefined): string => (ms == null ? '' : formatBeijing(ms, 'YYYY-MM-DD HH:mm'));

const yesNo = (v: boolean | null): string => (v === null ? '' : v ? '是' : '否');


export interface ExportNames {
  category: (id: string) => string;
  org: (id: string | null) => string;
}

export const ORDER_COLUMNS = ['编号', '提交日期', '提交时间', '类别', '状态', '当前层级', '地点', '网格', '社区', '当前办理', '接单时间', '办结时间', '按时办结', '评价星级', '回访结果', '重办次数', '升级次数'];

export const orderRow = (o: OrderDoc, names: ExportNames): Cell[] => {
  const c = countersOf(o);
  return [
    o.no,
    localDate(o.submittedAt),
    time(o.submittedAt),
    names.category(o.category),
    ORDER_STATE_LABELS[o.status],
    ORDER_LEVEL_LABELS[o.level],
    o.place.label,
    names.org(o.place.gridId),
    names.org(o.place.communityId),
    o.assignee.name,
    time(o.claimedAt),
    time(o.resolution?.at),
    yesNo(c.resolved ? c.resolvedOnTime === 1 : null),
    o.rating?.stars ?? o.lastStars ?? '',
    o.visitOutcome ? VISIT_OUTCOME_LABELS[o.visitOutcome] : '',
    o.reopenCount,
    o.escalations ?? 0,
  ];
};

export const RATING_COLUMNS = ['编号', '提交日期', '类别', '社区', '网格', '评价时间', '星级', '响应速度', '服务态度', '办理结果', '标签', '留言', '代办人评价', '修改过', '首次星级'];

/** Rated orders only (the current rating, or the low one that reopened the order). */
export const ratingRow = (o: OrderDoc, names: ExportNames): Cell[] | null => {
  const r = o.rating;
  if (!r && o.lastStars == null) return null;
  return [
    o.no,
    localDate(o.submittedAt),
    names.category(o.category),
    names.org(o.place.communityId),
    names.org(o.place.gridId),
    time(r?.at),
    r?.stars ?? o.lastStars ?? '',
    r?.dims?.speed ?? '',
    r?.dims?.attitude ?? '',
    r?.dims?.result ?? '',
    (r?.tags ?? []).join('、'),
    r?.comment ?? '',
    yesNo(r ? r.byProxy : null),
    yesNo(r ? !!r.editedAt : null),
    r?.firstStars ?? '',
  ];
};

export const VISIT_COLUMNS = ['诉求编号', '地点', '社区', '网格', '回访原因', '建立时间', '截止时间', '状态', '结果', '方式', '备注', '完成时间', '是否逾期'];

export const visitRow = (v: VisitDoc, names: ExportNames, now: number): Cell[] => [
  v.orderNo,
  v.placeLabel,
  names.org(v.communityId),
  names.org(v.gridId),
  VISIT_REASON_LABELS[v.reason] ?? v.reason,
  time(v.createdAt),
  time(v.dueAt),
  v.status === 'done' ? '已回访' : '待回访',
  v.outcome ? VISIT_OUTCOME_LABELS[v.outcome] : '',
  v.method ? VISIT_METHOD_LABELS[v.method] : '',
  v.note ?? '',
  time(v.doneAt),
  yesNo((v.doneAt ?? now) > v.dueAt),
];

export const EXPORT_KINDS = {
  orders: { label: '诉求明细', columns: ORDER_COLUMNS },
  ratings: { label: '评价明细', columns: RATING_COLUMNS },
  visits: { label: '回访明细', columns: VISIT_COLUMNS },
} as const;
export type ExportKind = keyof typeof EXPORT_KINDS;

/** scoring.export's answer: one page of rows; `total` (documents to read) only on the first page. */
export interface ExportPageView {
  kind: ExportKind;
  label: string;
  columns: readonly string[];
  orgName: string;
  from: string;
  to: string;
  total: number | null;
  /** Documents read for this page (progress = Σ read / total). */
  read: number;
  rows: (string | number)[][];
  nextCursor: string | null;
}
