import { type ContentCheck, localContentCheck } from '../../domain/model/content';
import { hostHooks } from './host-hooks';
import { sdk } from './platform';

/** msgSecCheck on CloudBase (v2: label 100 = normal); the local word list on the host. */
export const contentCheck = (): ContentCheck => {
  if (hostHooks()) return localContentCheck;
  return {
    async check(text, openid) {
      try {
        const res = (await sdk().openapi.security.msgSecCheck({ content: text, version: 2, scene: 2, openid })) as unknown as {
          result?: { suggest?: string; label?: number };
        };
        return res.result?.suggest === 'pass' || res.result?.label === 100 ? 'pass' : 'risky';
      } catch (error) {
        // 87014 = risky content; anything else (quota, network) must not block a resident's request.
        return (error as { errCode?: number }).errCode === 87014 ? 'risky' : 'pass';
      }
    },
  };
};
