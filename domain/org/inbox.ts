import type { InboxItemView, InboxView } from './api';

export interface NotificationDoc {
  _id: string;
  to: string;
  type: string;
  title: string;
  body: string;
  orderId: string | null;
  at: number;
  read: boolean;
}

export const toInboxItem = (n: NotificationDoc): InboxItemView => ({
  id: n._id,
  type: n.type,
  title: n.title,
  body: n.body,
  orderId: n.orderId,
  at: n.at,
  read: n.read,
});

export const inboxView = (page: NotificationDoc[], limit: number, unread: number, cursorOf: (n: NotificationDoc) => string): InboxView => {
  const items = page.slice(0, limit);
  return { items: items.map(toInboxItem), unread, nextCursor: page.length > limit ? cursorOf(items[items.length - 1]) : null };
};
