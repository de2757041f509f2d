/**
 * Signed QR scene strings (docs/architecture.md): `<type><id>.<sig>`, at most 32
 * characters from WeChat's allowed set, where `sig` is a truncated HMAC of
 * `<type><id>` so an edited or invented scene is refused. The HMAC itself is injected
 * (`Signer`): the domain never touches crypto or secrets.
 */

export const SCENE_MAX_LENGTH = 32;
/** WeChat's charset for `scene` (wxacode.getUnlimited). */
export const SCENE_CHARSET = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]+$/;
export const SIG_LENGTH = 10;

export const SCENE_TYPES = { B: 'building', U: 'unit', S: 'station' } as const;
export type SceneTypeCode = keyof typeof SCENE_TYPES;
export type SceneKind = (typeof SCENE_TYPES)[SceneTypeCode];

/** Returns a URL-safe base64 MAC of `text`; the adapter keys it with the deployment's secret. */
export type Signer = (text: string) => string;

export interface Scene {
  kind: SceneKind;
  id: string;
}

const ID_PATTERN = /^[A-Za-z0-9-]+$/;
const codeOf = (kind: SceneKind): SceneTypeCode =>
  (Object.entries(SCENE_TYPES).find(([, k]) => k === kind)?.[0] as SceneTypeCode | undefined) ?? 'B';

export const maxIdLength = (): number => SCENE_MAX_LENGTH - 1 - 1 - SIG_LENGTH;

export const encodeScene = (scene: Scene, sign: Signer): string => {
  if (!ID_PATTERN.test(scene.id) || scene.id.length > maxIdLength()) {
    throw new Error(`scene id must be 1–${maxIdLength()} chars of [A-Za-z0-9-]: ${scene.id}`);
  }
  const body = `${codeOf(scene.kind)}${scene.id}`;
  return `${body}.${sign(body).slice(0, SIG_LENGTH)}`;
};

export type SceneDecodeError = 'malformed' | 'bad_signature';

/** Constant-time comparison of two short strings. */
const sameText = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};

export const decodeScene = (raw: string, sign: Signer): { ok: true; scene: Scene } | { ok: false; error: SceneDecodeError } => {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > SCENE_MAX_LENGTH || !SCENE_CHARSET.test(raw)) {
    return { ok: false, error: 'malformed' };
  }
  const dot = raw.lastIndexOf('.');
  if (dot < 2) return { ok: false, error: 'malformed' };
  const body = raw.slice(0, dot);
  const sig = raw.slice(dot + 1);
  const code = body[0] as SceneTypeCode;
  const id = body.slice(1);
  if (!(code in SCENE_TYPES) || !ID_PATTERN.test(id) || sig.length !== SIG_LENGTH) return { ok: false, error: 'malformed' };
  if (!sameText(sign(body).slice(0, SIG_LENGTH), sig)) return { ok: false, error: 'bad_signature' };
  return { ok: true, scene: { kind: SCENE_TYPES[code], id } };
};
