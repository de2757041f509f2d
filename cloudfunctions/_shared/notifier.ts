import type { Notification, Notifier } from '../../domain/ports/orders';
import type { IdGen } from '../../domain/ports/ids';
import { hostHooks } from './host-hooks';
import { type Db, sdk } from './platform';

/**
 * Every notice lands in the recipient's in-app inbox (`notifications`). The WeChat subscribe
 * message goes out through `cloud.openapi.subscribeMessage.send` in production (when a
 * template is configured and the user consented); the local host records it in `outbox`.
 */
export const sdkNotifier = (db: Db, ids: IdGen, now: () => number): Notifier => ({
  async send(messages: readonly Notification[]) {
    const at = now();
    const docs = messages.map((m) => ({ _id: ids.next('ntf'), ...m, at, read: false }));
    if (docs.length === 0) return;
    await db.collection('notifications').add({ data: docs });
    if (hostHooks()) {
      await db.collection('outbox').add({ data: docs.map((d) => ({ _id: ids.next('out'), channel: 'subscribeMessage', to: d.to, title: d.title, orderId: d.orderId, at })) });
      return;
    }
    const template = process.env.REDGRID_SUBSCRIBE_TEMPLATE;
    if (!template) return;
    for (const d of docs) {
      try {
        await sdk().openapi.subscribeMessage.send({
          touser: d.to,
          templateId: template,
          page: d.orderId ? `pages/order/index?id=${d.orderId}` : 'pages/inbox/index',
          data: { thing1: { value: d.title.slice(0, 20) }, thing2: { value: d.body.slice(0, 20) || '—' } },
        });
      } catch (error) {
        // No consent or quota used up: the in-app inbox still has it.
        console.warn('[notifier] subscribe message not sent', (error as { errCode?: number }).errCode ?? error);
      }
    }
  },
});
