/** Client-side random ids: idempotency keys (8–64 of [A-Za-z0-9_-]) and upload file names. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

interface CryptoLike {
  getRandomValues<T extends ArrayBufferView | null>(array: T): T
}

function randomBytes(n: number): number[] {
  const c = (globalThis as { crypto?: CryptoLike }).crypto
  if (c && typeof c.getRandomValues === 'function') {
    try {
      return Array.from(c.getRandomValues(new Uint8Array(n)))
    } catch {
      // fall through: some mini-program runtimes expose a crypto object without entropy
    }
  }
  return Array.from({ length: n }, () => Math.floor(Math.random() * 256))
}

/** `n` random characters of [A-Za-z0-9]. */
export function randomId(n = 16): string {
  return randomBytes(n)
    .map((b) => ALPHABET[b % ALPHABET.length])
    .join('')
}

/**
 * A fresh idempotency key for one intended action (one tap of 提交/接单/办结 …):
 * time prefix (readable in logs) + 16 random characters, 24–26 chars in all.
 */
export function newIdempotencyKey(): string {
  return `${Date.now().toString(36)}-${randomId(16)}`
}
