import { z } from 'zod';
import { ID, SCENE } from '../orders/api';

/** The `org` function's payloads beyond whoami/tree, and its views. */

export const resolveSceneInput = z.strictObject({ scene: SCENE });
export const qrcodeInput = z.strictObject({ orgId: ID });
export const inboxInput = z.strictObject({
  cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]*$/).optional(),
  limit: z.number().int().min(1).max(50).optional(),
});
export const markReadInput = z.strictObject({ ids: z.array(ID).min(1).max(100).optional(), all: z.literal(true).optional() });

export interface PlaceView {
  orgId: string;
  type: 'building' | 'unit' | 'station';
  /** e.g. "3号楼2单元" */
  name: string;
  /** e.g. "渭阳街道 · 文汇社区 · 文汇社区第一网格 · 3号楼2单元" */
  label: string;
  gridId: string | null;
  gridName: string | null;
  communityId: string;
  communityName: string;
  streetName: string;
}

export interface QrcodeView {
  scene: string;
  /** PNG data URL of the code (host: a QR opening the H5 intake page; production: the mini-program code). */
  image: string;
  /** What the code opens on the host (H5 URL); null in production. */
  url: string | null;
  place: PlaceView;
}

export interface CategoryView {
  id: string;
  name: string;
  kind: 'service' | 'wish' | 'emergency';
}

export interface InboxItemView {
  id: string;
  type: string;
  title: string;
  body: string;
  orderId: string | null;
  at: number;
  read: boolean;
}

export interface InboxView {
  items: InboxItemView[];
  unread: number;
  nextCursor: string | null;
}
