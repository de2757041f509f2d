/** The simulation's agenda: callbacks by time, first-come first-served at equal times. */
export class Agenda {
  private readonly heap: Array<{ at: number; seq: number; run: () => Promise<void> }> = [];
  private seq = 0;

  add(at: number, run: () => Promise<void>): void {
    const h = this.heap;
    h.push({ at, seq: this.seq++, run });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private less(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  peekAt(): number | undefined {
    return this.heap[0]?.at;
  }

  take(): { at: number; run: () => Promise<void> } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (!top || !last) return undefined;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }

  get size(): number {
    return this.heap.length;
  }
}
