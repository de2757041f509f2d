/** App-wide event names carried on Taro.eventCenter. */
export const EVENTS = {
  /** The H5 dev identity changed: pages re-fetch whoami and their data. */
  identityChanged: 'redgrid:identity-changed',
  /** Large-font mode toggled: every mounted page re-renders with the new class. */
  largeFontChanged: 'redgrid:large-font-changed',
  /** Messages were read (or may have arrived): the tab bar badge re-counts. */
  inboxChanged: 'redgrid:inbox-changed',
  /** An order changed through this app (the payload is its fresh view): lists update that card in place. */
  orderChanged: 'redgrid:order-changed',
} as const
