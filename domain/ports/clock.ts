/** Time is injected: the domain never reads the wall clock itself. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const fixedClock = (ms: number): Clock & { advance(deltaMs: number): void; set(ms: number): void } => {
  let current = ms;
  return {
    now: () => current,
    advance: (deltaMs: number) => {
      current += deltaMs;
    },
    set: (next: number) => {
      current = next;
    },
  };
};
