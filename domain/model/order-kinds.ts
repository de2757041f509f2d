/** The small enums of an order, kept apart so that SLA and routing code can use them without the order model. */

export const ORDER_LEVELS = ['grid', 'community', 'street', 'department', 'district'] as const;
export type OrderLevel = (typeof ORDER_LEVELS)[number];

export const ORDER_LEVEL_LABELS: Record<OrderLevel, string> = {
  grid: '网格',
  community: '社区',
  street: '街道',
  department: '职能部门',
  district: '区级',
};

export const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_LABELS: Record<Priority, string> = { normal: '一般', urgent: '紧急', emergency: '特急' };

export const ORDER_KINDS = ['service', 'wish', 'emergency'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];
