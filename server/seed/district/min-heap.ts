/** A binary min-heap of (at, id) with lazy deletion: stale entries are checked by the caller and popped. */
export class MinHeap {
  private readonly items: Array<[number, string]> = [];

  push(at: number, id: string): void {
    const a = this.items;
    a.push([at, id]);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p][0] <= a[i][0]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }

  peek(): [number, string] | undefined {
    return this.items[0];
  }

  pop(): void {
    const a = this.items;
    const last = a.pop();
    if (!last || a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l][0] < a[m][0]) m = l;
      if (r < a.length && a[r][0] < a[m][0]) m = r;
      if (m === i) break;
      [a[m], a[i]] = [a[i], a[m]];
      i = m;
    }
  }

  get size(): number {
    return this.items.length;
  }
}
