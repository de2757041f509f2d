// `npm run bench [-- <id> [<id>…]]`: each benchmark prints one JSON line (bench/README.md), then a table.
// Ratios are measured side by side in one run; absolute times are reported, never asserted.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const only = process.argv.slice(2);
// The benches act as a few demo people many times at one frozen instant: per-caller rate limits
// stay on (their counters are part of what is measured) with every budget ×1000.
process.env.REDGRID_RATE_LIMITS ??= '{"scale":1000}';
const rows = [];

const emit = (line) => {
  rows.push(line);
  console.log(JSON.stringify(line));
};

/** Milliseconds to `require` a module in a fresh Node process. */
const requireOnceMs = (modulePath) =>
  Number(
    execFileSync(
      process.execPath,
      ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});console.log(Number(process.hrtime.bigint()-t)/1e6)`],
      { cwd: root, encoding: 'utf8' },
    ).trim(),
  );

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Cold-require medians of `a` and `b`, measured alternately so machine noise hits both alike. */
const coldRequirePair = (a, b, runs = 7) => {
  const sa = [];
  const sb = [];
  for (let i = 0; i < runs; i++) {
    sa.push(requireOnceMs(a));
    sb.push(requireOnceMs(b));
  }
  return [median(sa), median(sb)];
};

/** The TypeScript benches, bundled like the host (packages external) so they load the real host code. */
const tsBench = (name) => {
  const outfile = join(root, '.tmp', 'bench', `${name}.cjs`);
  buildSync({ entryPoints: [join(root, 'bench', `${name}.ts`)], outfile, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'error' });
  return createRequire(import.meta.url)(outfile);
};
const orderBenches = () => tsBench('order-benches');
const actionBenches = () => tsBench('action-benches');
const functionsDir = join(root, 'cloudfunctions-dist');
const packageBench = () => {
  const outfile = join(root, '.tmp', 'bench', 'package-bench.cjs');
  buildSync({ entryPoints: [join(root, 'bench', 'package-bench.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'error' });
  return createRequire(import.meta.url)(outfile);
};

const benches = {
  'p1-package': () => packageBench().p1Package(root).forEach(emit),
  'p3-submit': async () => (await actionBenches().p3Submit(functionsDir)).forEach(emit),
  'p10-actions': async () => (await actionBenches().p10Actions(functionsDir)).forEach(emit),
  'p4-sweep': async () => (await orderBenches().p4Sweep(functionsDir)).forEach(emit),
  'p5-dashboard': async () => (await orderBenches().p5Dashboard(functionsDir)).forEach(emit),
  'p6-checkin-burst': async () => (await orderBenches().p6CheckinBurst(functionsDir)).forEach(emit),
  'p7-claims': async () => (await orderBenches().p7Claims(functionsDir)).forEach(emit),
  'p8-concurrency': async () => (await tsBench('concurrency-benches').p8Concurrency(functionsDir)).forEach(emit),
  'p9-soak': async () => (await tsBench('soak-bench').p9Soak(root)).forEach(emit),
  'p2-functions': () => {
    const dir = join(root, 'cloudfunctions-dist');
    if (!existsSync(dir)) throw new Error('run `npm run build:functions` first');
    const sdk = join(root, 'node_modules', 'wx-server-sdk');
    for (const fn of readdirSync(dir).sort()) {
      const file = join(dir, fn, 'index.js');
      const kb = statSync(file).size / 1024;
      const [ms, sdkMs] = coldRequirePair(file, sdk);
      emit({
        bench: 'p2-functions',
        fn,
        value: Number(kb.toFixed(1)),
        unit: 'KB',
        goal: 'bundle ≤ 300 KB; cold require ≤ 2× bare wx-server-sdk',
        pass: kb <= 300 && ms <= 2 * sdkMs,
        coldRequireMs: Number(ms.toFixed(1)),
        bareSdkRequireMs: Number(sdkMs.toFixed(1)),
        ratio: Number((ms / sdkMs).toFixed(2)),
      });
    }
  },
};

const unknown = only.filter((id) => !(id in benches));
if (unknown.length > 0) {
  console.error(`no benchmark ${unknown.join(', ')}; one of: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
for (const [id, run] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(id)) continue;
  try {
    await run();
  } catch (error) {
    emit({ bench: id, value: null, unit: 'n/a', goal: 'runs', pass: false, error: String(error) });
  }
}

console.log('\nbench            item        value     pass  notes');
for (const r of rows) {
  const notes =
    r.bench === 'p1-package'
      ? r.fn === 'main'
        ? `empty Taro ${r.taro} app main ${r.emptyMainKB} KB (×${r.ratio}); ours ${r.oursKB} KB; builds ${r.buildMs} / ${r.emptyBuildMs} ms`
        : r.fn === 'total'
          ? `empty app total ${r.emptyTotalKB} KB`
          : `×${r.ratioToEmptyMain} of the empty main${r.withinOwnBudget === false ? ' — over its own budget too' : ''}`
      : r.bench === 'p2-functions'
      ? `require ${r.coldRequireMs} ms vs sdk ${r.bareSdkRequireMs} ms (×${r.ratio})`
      : r.bench === 'p3-submit'
        ? `${r.requests} requests in ${r.value} waves (by latency ${r.measuredWaves}); p50 ${r.p50AtRtt0Ms} ms at RTT 0, ${r.p50AtRtt20Ms} ms at RTT 20`
        : r.bench === 'p10-actions' && r.actions
          ? `worst ${r.worst}; ${r.over} of ${r.of} actions over budget (table below)`
        : r.bench === 'p4-sweep'
          ? `sweep ${r.smallMs} ms (${r.processedSmall} due of 1k) vs ${r.largeMs} ms (${r.processedLarge} due of 100k)`
        : r.bench === 'p5-dashboard'
          ? `dashboard ${r.dashboardMs} ms vs naive aggregate ${r.naiveMs} ms over ${r.orders} orders (dashboard count ${r.dashboardCount})`
        : r.bench === 'p6-checkin-burst'
          ? `${r.succeeded} ok, ${r.sessions} sessions, ${r.totalMs} ms in all; p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms`
        : r.bench === 'p7-claims'
          ? `${r.conflicts} conflicts, all ${r.conflicts + r.value} claims in ${r.totalMs} ms; one HTTP claim p50 ${r.httpClaimP50Ms} ms (p99 ${r.httpClaimP99Ms})`
        : r.bench === 'p8-concurrency' && r.item === 'submits'
          ? `${r.calls} submits / ${r.keys} keys → ${r.orders} orders (${r.replayed} replays, ${r.malformed} malformed) in ${r.totalMs} ms`
        : r.bench === 'p9-soak' && r.durationS !== undefined
          ? `${r.durationS} s (${r.simulatedMinutes} simulated min), ${r.kills} kills; ${r.calls} calls, ${r.acknowledged.orderSteps} order steps / ${r.acknowledged.orders} orders acknowledged; ${r.orders} orders, ${r.ledgerTx} ledger tx, ${r.rollupKeys} rollup keys checked${r.violations.length ? ` — ${r.violations[0]}` : ''}`
        : r.bench === 'p8-concurrency'
          ? `${r.operations} ledger ops: zero-sum ${r.zeroSum}, balances = lines ${r.balancesMatchLines}, negative ${r.negativeBalances}, final ${r.finalBalance} in ${r.totalMs} ms`
          : (r.error ?? '');
  console.log(`${r.bench.padEnd(16)} ${String(r.fn ?? r.item ?? '').padEnd(11)} ${String(r.value).padStart(7)} ${r.unit.padEnd(3)} ${r.pass ? 'yes ' : 'NO  '} ${notes}`);
}
for (const r of rows.filter((x) => x.bench === 'p10-actions' && x.actions)) {
  console.log(`\np10-actions (waves: requests in flight together; by latency = (p50 at RTT ${r.rttMs} − p50 at RTT 0) / ${r.rttMs})`);
  console.log(`  ${'action'.padEnd(28)} ${'requests'.padStart(8)} ${'waves'.padStart(6)} ${'by latency'.padStart(10)} ${'budget'.padStart(6)}  within`);
  for (const a of r.actions) {
    console.log(`  ${a.id.padEnd(28)} ${String(a.requests).padStart(8)} ${String(a.waves).padStart(6)} ${String(a.measuredWaves).padStart(10)} ${('≤ ' + a.budget).padStart(6)}  ${a.waves <= a.budget ? 'yes' : `NO (×${(a.waves / a.budget).toFixed(1)})`}`);
  }
}
for (const r of rows.filter((x) => x.bench === 'p9-soak' && x.durationS !== undefined)) {
  console.log('\np9-soak          count');
  const line = (label, value) => console.log(`  ${label.padEnd(26)} ${value}`);
  line('acknowledged', Object.entries(r.acknowledged).map(([k, v]) => `${k} ${v}`).join(', '));
  line('calls (ok / resent / replayed)', `${r.calls} (${r.ok} / ${r.resent} / ${r.replayed}); abandoned ${r.abandoned}`);
  line('refused by code', Object.entries(r.refusedByCode).map(([k, v]) => `${k} ${v}`).join(', ') || 'none');
  line('checked', `${r.orders} orders, ${r.events} events, ${r.ledgerTx} ledger tx, ${r.balances} balances, ${r.rollupKeys} rollup keys (${r.pendingDeltas} unfolded deltas), ${r.ackedChecked} acknowledged ids`);
  line('kills / down', `${r.kills} × SIGKILL every ${r.killEveryS} s, ${r.downS} s down in all`);
  line('violations', r.value === 0 ? 'none' : Object.entries(r.violationsByKind).map(([k, v]) => `${k} ${v}`).join(', '));
}
const failed = [...new Set(rows.filter((r) => !r.pass).map((r) => r.bench))];
if (failed.length > 0) {
  console.log(`\nnot passing: ${failed.join(', ')} (exit code 1; the lines and tables above are complete)`);
  process.exitCode = 1;
}
