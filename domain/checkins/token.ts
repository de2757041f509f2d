import type { Signer } from '../qr/scene';

/**
 * The rotating check-in token shown on a station's duty screen: a truncated HMAC of
 * the station id and the current time step, keyed with that station's own secret.
 * A token is good for its own step and the next one (so a code scanned just before the
 * minute turns still works), never longer. The HMAC is injected: no crypto here.
 */

export const TOKEN_STEP_MS = 60_000;
export const TOKEN_LENGTH = 8;
/** How many steps back a token is recognised as "stale" (expired) rather than "forged". */
export const STALE_LOOKBACK_STEPS = 60;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{8}$/;

export const stepOf = (ms: number): number => Math.floor(ms / TOKEN_STEP_MS);

const tokenAt = (sign: Signer, stationId: string, step: number): string => sign(`checkin:${stationId}:${step}`).slice(0, TOKEN_LENGTH);

export interface IssuedToken {
  token: string;
  step: number;
  /** When the screen should fetch the next one (start of the next step). */
  refreshAt: number;
  /** After this the token is refused (end of the next step). */
  expiresAt: number;
}

export const issueToken = (sign: Signer, stationId: string, nowMs: number): IssuedToken => {
  const step = stepOf(nowMs);
  return {
    token: tokenAt(sign, stationId, step),
    step,
    refreshAt: (step + 1) * TOKEN_STEP_MS,
    expiresAt: (step + 2) * TOKEN_STEP_MS,
  };
};

export type TokenVerdict = 'ok' | 'stale' | 'forged';

/** Constant-time comparison of two short strings. */
const same = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};

/**
 * ok: issued in the current or the previous step. stale: a genuine token of this
 * station from an older step (within the last hour). forged: anything else — including a
 * token of another station, a future step, or a station that never had a secret.
 */
export const verifyToken = (sign: Signer | undefined, stationId: string, token: string, nowMs: number, options: { currentStepOnly?: boolean } = {}): TokenVerdict => {
  if (!sign || !TOKEN_PATTERN.test(token)) return 'forged';
  const step = stepOf(nowMs);
  if (same(tokenAt(sign, stationId, step), token)) return 'ok';
  // Without a trusted location (H5) the code is only good within its own step: read off the screen, typed at once.
  if (same(tokenAt(sign, stationId, step - 1), token)) return options.currentStepOnly ? 'stale' : 'ok';
  for (let back = 2; back <= STALE_LOOKBACK_STEPS; back++) {
    if (same(tokenAt(sign, stationId, step - back), token)) return 'stale';
  }
  return 'forged';
};

/**
 * What the duty-screen QR encodes: `CI.<stationId>.<token>`. A printed station poster
 * encodes the signed station scene instead (`S<stationId>.<sig>`, see domain/qr/scene).
 * The app parses whatever the camera read with `parseCheckinCode`.
 */
export const encodeCheckinCode = (stationId: string, token: string): string => `CI.${stationId}.${token}`;

export type ParsedCheckinCode =
  | { kind: 'token'; stationId: string; token: string }
  | { kind: 'static'; scene: string }
  | { kind: 'unknown' };

export const parseCheckinCode = (raw: string): ParsedCheckinCode => {
  let text = String(raw ?? '').trim();
  // A URL (H5 camera, mini-program path): take its scene= / code= parameter.
  const param = /[?&](?:scene|code)=([^&#]+)/.exec(text);
  if (param) {
    try {
      text = decodeURIComponent(param[1]);
    } catch {
      return { kind: 'unknown' };
    }
  }
  const token = /^CI\.([A-Za-z0-9-]{1,40})\.([A-Za-z0-9_-]{8})$/.exec(text);
  if (token) return { kind: 'token', stationId: token[1], token: token[2] };
  if (/^S[A-Za-z0-9-]{1,20}\.[A-Za-z0-9_-]{10}$/.test(text)) return { kind: 'static', scene: text };
  return { kind: 'unknown' };
};
