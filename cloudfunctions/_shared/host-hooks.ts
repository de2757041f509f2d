/**
 * The local cloud host (server/) installs these hooks on globalThis before it loads the
 * function bundles; on CloudBase they are absent and the adapters use the real platform.
 * This is the only seam between a deployed function and the host.
 */
export interface HostHooks {
  /** The host's injected clock (moved by POST /api/dev/clock). */
  now(): number;
  /** Base URL of the host's H5 app, for QR codes that open the intake page. */
  publicUrl(): string;
  /** The host's QR signing key (production: REDGRID_QR_SECRET). */
  qrSecret(): string;
}

export const hostHooks = (): HostHooks | undefined =>
  (globalThis as { __REDGRID_HOST__?: HostHooks }).__REDGRID_HOST__;
