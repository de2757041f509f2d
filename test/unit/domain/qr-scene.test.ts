import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { decodeScene, encodeScene, maxIdLength, SCENE_CHARSET, SCENE_MAX_LENGTH, type SceneKind } from '../../../domain/qr/scene';

const signer = (key: string) => (text: string) => createHmac('sha256', key).update(text).digest('base64url');
const sign = signer('test-secret-0123456789');

describe('signed QR scene codec', () => {
  const idArb = fc.stringMatching(new RegExp(`^[A-Za-z0-9-]{1,${maxIdLength()}}$`));
  const kindArb = fc.constantFrom<SceneKind>('building', 'unit', 'station');

  it('property: round trip, ≤32 chars, WeChat charset', () => {
    fc.assert(
      fc.property(kindArb, idArb, (kind, id) => {
        const scene = encodeScene({ kind, id }, sign);
        expect(scene.length).toBeLessThanOrEqual(SCENE_MAX_LENGTH);
        expect(scene).toMatch(SCENE_CHARSET);
        expect(decodeScene(scene, sign)).toEqual({ ok: true, scene: { kind, id } });
      }),
    );
  });

  it('property: any single-character edit is refused', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(kindArb, idArb, fc.nat(), fc.constantFrom(...alphabet), (kind, id, at, ch) => {
        const scene = encodeScene({ kind, id }, sign);
        const i = at % scene.length;
        fc.pre(scene[i] !== ch);
        const edited = scene.slice(0, i) + ch + scene.slice(i + 1);
        expect(decodeScene(edited, sign).ok).toBe(false);
      }),
    );
  });

  it('a scene signed with another key is refused', () => {
    const scene = encodeScene({ kind: 'building', id: 'b-wh-1-1' }, signer('another-secret-key-xyz'));
    expect(decodeScene(scene, sign)).toEqual({ ok: false, error: 'bad_signature' });
  });

  it('refuses malformed scenes: empty, too long, bad charset, unknown type, no signature', () => {
    for (const raw of ['', 'B'.repeat(33), 'Bb-wh 1.abcdefghij', 'Xb-wh-1-1.abcdefghij', 'Bb-wh-1-1', 'B.abcdefghij', 'Bb-wh-1-1.short', '你好']) {
      expect(decodeScene(raw, sign)).toEqual({ ok: false, error: 'malformed' });
    }
  });

  it('refuses to encode ids that cannot fit or contain other characters', () => {
    expect(() => encodeScene({ kind: 'building', id: 'x'.repeat(maxIdLength() + 1) }, sign)).toThrow();
    expect(() => encodeScene({ kind: 'building', id: 'a.b' }, sign)).toThrow();
  });
});
