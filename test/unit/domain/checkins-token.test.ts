import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { encodeScene } from '../../../domain/qr/scene';
import {
  encodeCheckinCode,
  issueToken,
  parseCheckinCode,
  STALE_LOOKBACK_STEPS,
  stepOf,
  TOKEN_LENGTH,
  TOKEN_STEP_MS,
  verifyToken,
} from '../../../domain/checkins/token';

const hmac = (key: string) => (text: string) => createHmac('sha256', key).update(text).digest('base64url');
const station = hmac('station-key-st-wh-0123456789');
const other = hmac('station-key-st-ms-0123456789');
const T0 = Date.parse('2026-03-02T09:00:00+08:00');

describe('rotating station token', () => {
  it('is 8 URL-safe characters, bound to a one-minute step', () => {
    const issued = issueToken(station, 'st-wh', T0 + 12_345);
    expect(issued.token).toMatch(new RegExp(`^[A-Za-z0-9_-]{${TOKEN_LENGTH}}$`));
    expect(issued.step).toBe(stepOf(T0));
    expect(issued.refreshAt).toBe((issued.step + 1) * TOKEN_STEP_MS);
    expect(issued.expiresAt).toBe((issued.step + 2) * TOKEN_STEP_MS);
    expect(issueToken(station, 'st-wh', T0 + 59_999).token).toBe(issued.token);
    expect(issueToken(station, 'st-wh', T0 + 60_000).token).not.toBe(issued.token);
  });

  it('valid in its own step and the next one; stale after; forged otherwise', () => {
    const { token } = issueToken(station, 'st-wh', T0);
    expect(verifyToken(station, 'st-wh', token, T0)).toBe('ok');
    expect(verifyToken(station, 'st-wh', token, T0 + 59_999)).toBe('ok');
    expect(verifyToken(station, 'st-wh', token, T0 + 60_000)).toBe('ok'); // previous step
    expect(verifyToken(station, 'st-wh', token, T0 + 119_999)).toBe('ok');
    expect(verifyToken(station, 'st-wh', token, T0 + 120_000)).toBe('stale');
    expect(verifyToken(station, 'st-wh', token, T0 + STALE_LOOKBACK_STEPS * TOKEN_STEP_MS)).toBe('stale');
    expect(verifyToken(station, 'st-wh', token, T0 + (STALE_LOOKBACK_STEPS + 1) * TOKEN_STEP_MS)).toBe('forged');
    expect(verifyToken(station, 'st-wh', token, T0 - 60_000)).toBe('forged'); // a token from the future
  });

  it('forged: another station, another key, no key at all, junk', () => {
    const { token } = issueToken(station, 'st-wh', T0);
    expect(verifyToken(station, 'st-ms', token, T0)).toBe('forged');
    expect(verifyToken(other, 'st-wh', token, T0)).toBe('forged');
    expect(verifyToken(undefined, 'st-wh', token, T0)).toBe('forged');
    for (const junk of ['', 'short', `${token}x`, '$gt$gt$g', '????????']) expect(verifyToken(station, 'st-wh', junk, T0)).toBe('forged');
  });

  it('property: a token verifies exactly within [its step, the step after]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 7 }), fc.integer({ min: -3 * TOKEN_STEP_MS, max: 5 * TOKEN_STEP_MS }), (minute, delta) => {
        const issuedAt = T0 + minute * 997;
        const { token, step } = issueToken(station, 'st-wh', issuedAt);
        const verdict = verifyToken(station, 'st-wh', token, issuedAt + delta);
        const lag = stepOf(issuedAt + delta) - step;
        if (lag === 0 || lag === 1) expect(verdict).toBe('ok');
        else if (lag >= 2 && lag <= STALE_LOOKBACK_STEPS) expect(verdict).toBe('stale');
        else expect(verdict).toBe('forged');
      }),
      { numRuns: 300 },
    );
  });

  it('property: any single-character edit of a fresh token is refused', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.nat(TOKEN_LENGTH - 1), fc.constantFrom(...alphabet), fc.integer({ min: 0, max: 10 ** 6 }), (at, ch, minute) => {
        const now = T0 + minute * TOKEN_STEP_MS;
        const { token } = issueToken(station, 'st-wh', now);
        fc.pre(token[at] !== ch);
        const edited = token.slice(0, at) + ch + token.slice(at + 1);
        const previous = issueToken(station, 'st-wh', now - TOKEN_STEP_MS).token;
        fc.pre(edited !== previous);
        expect(verifyToken(station, 'st-wh', edited, now)).not.toBe('ok');
      }),
      { numRuns: 200 },
    );
  });
});

describe('check-in codes the app scans', () => {
  it('duty screen code, printed poster scene, URLs carrying either, and junk', () => {
    expect(parseCheckinCode(encodeCheckinCode('st-wh', 'AbCd_-12'))).toEqual({ kind: 'token', stationId: 'st-wh', token: 'AbCd_-12' });
    const scene = encodeScene({ kind: 'station', id: 'st-wh' }, hmac('qr'));
    expect(parseCheckinCode(scene)).toEqual({ kind: 'static', scene });
    expect(parseCheckinCode(`http://localhost:3000/#/pages/scan/index?scene=${encodeURIComponent(scene)}`)).toEqual({ kind: 'static', scene });
    expect(parseCheckinCode('https://x/?code=CI.st-wh.AAAAAAAA&y=1')).toEqual({ kind: 'token', stationId: 'st-wh', token: 'AAAAAAAA' });
    for (const junk of ['', 'CI.st-wh.short', 'Bb-wh-1-1.0123456789', 'hello', '?scene=%E0%A4%A', 'CI..AAAAAAAA']) {
      expect(parseCheckinCode(junk)).toEqual({ kind: 'unknown' });
    }
  });
});
