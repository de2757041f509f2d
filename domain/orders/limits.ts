/**
 * The length limits of the order actions' free text, in one place: the schemas in ./api.ts
 * are built from them and the pages show them (no zod in the app's bundle for this).
 */
export const ORDER_TEXT_LIMITS = {
  description: { min: 5, max: 500 },
  proxyName: { min: 1, max: 20 },
  /** 退单 / 不予受理 / 吹哨 / 改派 / 合并 reasons. */
  reason: { min: 2, max: 200 },
  cancelReason: { min: 0, max: 200 },
  resolveNote: { min: 2, max: 500 },
  note: { min: 1, max: 500 },
  question: { min: 2, max: 200 },
  answer: { min: 1, max: 500 },
  ratingTag: { min: 1, max: 12 },
  ratingComment: { min: 0, max: 200 },
  /** 验收 note (a return needs a reason of at least `returnMin`). */
  verifyNote: { min: 0, max: 200, returnMin: 2 },
} as const;

export type OrderTextField = keyof typeof ORDER_TEXT_LIMITS;

/** Photos one order or resolution may carry. */
export const ORDER_MEDIA_MAX = 3;
