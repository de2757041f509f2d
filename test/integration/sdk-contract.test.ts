import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FUNCTIONS_DIR, startTestHost, type TestHost, type WxServerSdk } from '../helpers/test-host';

/**
 * Pins what the real wx-server-sdk sends to the database service and what it makes of
 * the answers, for every operation the functions use. If an SDK upgrade changes a
 * request or response shape, these fail loudly instead of the host drifting silently.
 */
describe('wx-server-sdk ↔ embedded engine contract', () => {
  let host: TestHost;
  let cloud: WxServerSdk;
  const sent: { api: string; data: Record<string, unknown> | undefined }[] = [];

  beforeAll(() => {
    host = startTestHost({ seed: 'none' });
    cloud = host.sdk();
    cloud.init({ env: 'local' });
    const load = createRequire(join(FUNCTIONS_DIR, '_resolve.js'));
    const requesterPath = createRequire(load.resolve('wx-server-sdk')).resolve('@cloudbase/node-sdk/dist/utils/tcbdbapirequester.js');
    const proto = (load(requesterPath) as { TcbDBApiHttpRequester: { prototype: { send: (...a: unknown[]) => Promise<unknown> } } })
      .TcbDBApiHttpRequester.prototype;
    const bridged = proto.send;
    proto.send = function recorded(this: unknown, api: unknown, data: unknown, ...rest: unknown[]) {
      sent.push({ api: api as string, data: data as Record<string, unknown> | undefined });
      return bridged.call(this, api, data, ...rest);
    };
    (proto as { __restore?: () => void }).__restore = () => {
      proto.send = bridged;
    };
  });

  afterAll(async () => {
    const load = createRequire(join(FUNCTIONS_DIR, '_resolve.js'));
    const requesterPath = createRequire(load.resolve('wx-server-sdk')).resolve('@cloudbase/node-sdk/dist/utils/tcbdbapirequester.js');
    (load(requesterPath) as { TcbDBApiHttpRequester: { prototype: { __restore?: () => void } } }).TcbDBApiHttpRequester.prototype.__restore?.();
    await host.destroy();
  });

  beforeEach(() => {
    sent.length = 0;
  });

  // The SDK's typings are callback-overloaded (`string | void | Result`); this suite pins the real
  // promise shapes itself, so results are untyped here on purpose.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Db = any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const as = (fn: (db: Db) => Promise<any>): Promise<any> => host.runAs('contract-tester', () => fn(cloud.database()));

  it('add → insertDocument with EJSON documents; answers {_id}', async () => {
    const res = await as((db) => db.collection('things').add({ data: { _id: 't1', n: 3, when: new Date(1000), tags: ['a', 'b'] } }));
    expect(res).toEqual({ _id: 't1', errMsg: 'collection.add:ok' });
    expect(sent[0].api).toBe('database.insertDocument');
    expect(sent[0].data).toEqual({
      collectionName: 'things',
      data: ['{"_id":"t1","n":{"$numberInt":"3"},"when":{"$date":{"$numberLong":"1000"}},"tags":["a","b"]}'],
    });
  });

  it('add without _id gets a generated id; a duplicate _id is refused', async () => {
    const res = await as((db) => db.collection('things').add({ data: { n: 1 } }));
    expect(res._id).toMatch(/^[0-9a-f]{32}$/);
    await expect(as((db) => db.collection('things').add({ data: { _id: 't1', n: 9 } }))).rejects.toMatchObject({
      errMsg: expect.stringContaining('duplicate key'),
    });
    const back = await as((db) => db.collection('things').doc('t1').get());
    expect(back.data.n).toBe(3);
  });

  it('doc().get → getDocument DOC; dates and arrays round-trip; missing docs throw "does not exist"', async () => {
    const res = await as((db) => db.collection('things').doc('t1').get());
    expect(sent[0]).toEqual({
      api: 'database.getDocument',
      data: { collectionName: 'things', query: '{"_id":"t1"}', queryType: 'DOC', multi: false },
    });
    expect(res.data).toEqual({ _id: 't1', n: 3, when: new Date(1000), tags: ['a', 'b'] });
    await expect(as((db) => db.collection('things').doc('nope').get())).rejects.toMatchObject({
      errMsg: expect.stringContaining('does not exist'),
    });
  });

  it('where/orderBy/skip/limit/field → getDocument WHERE with EJSON query, order, offset, limit, projection', async () => {
    await as(async (db) => {
      for (let i = 0; i < 12; i++) await db.collection('rows').add({ data: { _id: `r${i}`, i, group: i % 3, label: `row ${i}` } });
    });
    sent.length = 0;
    const _ = cloud.database().command;
    const res = await as((db) =>
      db.collection('rows').where({ group: _.in([0, 1]), i: _.gte(2) }).orderBy('i', 'desc').skip(1).limit(3).field({ i: true }).get(),
    );
    expect(sent[0].api).toBe('database.getDocument');
    expect(sent[0].data).toMatchObject({
      collectionName: 'rows',
      queryType: 'WHERE',
      order: '{"i":{"$numberInt":"-1"}}',
      offset: 1,
      limit: 3,
      projection: '{"i":{"$numberInt":"1"}}',
    });
    expect(JSON.parse(sent[0].data!.query as string)).toEqual({
      group: { $in: [{ $numberInt: '0' }, { $numberInt: '1' }] },
      i: { $gte: { $numberInt: '2' } },
    });
    expect(res.data).toEqual([
      { _id: 'r9', i: 9 },
      { _id: 'r7', i: 7 },
      { _id: 'r6', i: 6 },
    ]);
  });

  it('supports the db.command operators the functions use', async () => {
    const _ = cloud.database().command;
    const ids = async (where: unknown) =>
      ((await as((db) => db.collection('rows').where(where).limit(100).get())).data as { _id: string }[]).map((d) => d._id).sort();
    expect(await ids({ i: _.eq(4) })).toEqual(['r4']);
    expect(await ids({ i: _.neq(4), group: 1 })).toEqual(['r1', 'r10', 'r7']);
    expect(await ids({ i: _.gt(9).and(_.lte(11)) })).toEqual(['r10', 'r11']);
    expect(await ids({ i: _.lt(2) })).toEqual(['r0', 'r1']);
    expect(await ids({ i: _.nin([0, 1, 2, 3, 4, 5, 6, 7, 8]) })).toEqual(['r10', 'r11', 'r9']);
    expect(await ids(_.or([{ i: 0 }, { i: 11 }]))).toEqual(['r0', 'r11']);
    expect(await ids(_.and([{ group: 2 }, { i: _.gt(5) }]))).toEqual(['r11', 'r8']);
    expect(await ids({ label: _.exists(true), missing: _.exists(false), i: _.lt(1) })).toEqual(['r0']);
    expect(await ids({ label: cloud.database().RegExp({ regexp: '^row 1[01]$' }) })).toEqual(['r10', 'r11']);
  });

  it('count → calculateDocument; answers {total}', async () => {
    const res = await as((db) => db.collection('rows').where({ group: 0 }).count());
    expect(sent[0]).toEqual({ api: 'database.calculateDocument', data: { collectionName: 'rows', queryType: 'WHERE', query: '{"group":{"$numberInt":"0"}}' } });
    expect(res).toEqual({ total: 4, errMsg: 'collection.count:ok' });
  });

  it('doc().update with inc/push/pull/addToSet/set/remove → modifyDocument merge:true; answers stats.updated', async () => {
    const _ = cloud.database().command;
    await as((db) => db.collection('things').add({ data: { _id: 'u1', n: 1, list: ['a', 'b'], gone: true, nested: { x: 1 } } }));
    sent.length = 0;
    const res = await as((db) =>
      db.collection('things').doc('u1').update({
        data: { n: _.inc(2), list: _.push(['c']), gone: _.remove(), 'nested.y': 2, tags: _.addToSet('k') },
      }),
    );
    expect(res).toEqual({ stats: { updated: 1 }, errMsg: 'document.update:ok' });
    expect(sent[0].api).toBe('database.modifyDocument');
    expect(sent[0].data).toMatchObject({ queryType: 'DOC', multi: false, merge: true, upsert: false, query: '{"_id":"u1"}' });
    await as((db) => db.collection('things').doc('u1').update({ data: { list: _.pull('a') } }));
    const back = (await as((db) => db.collection('things').doc('u1').get())).data;
    expect(back).toEqual({ _id: 'u1', n: 3, list: ['b', 'c'], nested: { x: 1, y: 2 }, tags: ['k'] });
  });

  it('a conditional where().update is atomic: exactly one of many concurrent claims wins', async () => {
    await as((db) => db.collection('claims').add({ data: { _id: 'o1', status: 'dispatched', version: 1 } }));
    const _ = cloud.database().command;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_x, k) =>
        as((db) =>
          db
            .collection('claims')
            .where({ _id: 'o1', status: 'dispatched', version: 1 })
            .update({ data: { status: 'claimed', version: _.inc(1), by: `h${k}` } }),
        ),
      ),
    );
    const winners = results.filter((r: { stats: { updated: number } }) => r.stats.updated === 1);
    expect(winners).toHaveLength(1);
    expect(results.filter((r: { stats: { updated: number } }) => r.stats.updated === 0)).toHaveLength(49);
  });

  it('doc().set → modifyDocument merge:false upsert:true replaces or creates', async () => {
    const created = await as((db) => db.collection('things').doc('s1').set({ data: { a: 1 } }));
    expect(created._id).toBe('s1');
    expect(sent[0].data).toMatchObject({ queryType: 'DOC', merge: false, upsert: true, multi: false });
    await as((db) => db.collection('things').doc('s1').set({ data: { b: 2 } }));
    expect((await as((db) => db.collection('things').doc('s1').get())).data).toEqual({ _id: 's1', b: 2 });
  });

  it('where().remove and doc().remove → removeDocument; answers stats.removed', async () => {
    const res = await as((db) => db.collection('rows').where({ group: 2 }).remove());
    expect(sent[0].data).toMatchObject({ queryType: 'WHERE', multi: true });
    expect(res.stats.removed).toBe(4);
    const one = await as((db) => db.collection('things').doc('s1').remove());
    expect(one.stats.removed).toBe(1);
  });

  it('aggregate → aggregateDocuments with stage strings; match/group/sort/project/limit/lookup/count', async () => {
    const $ = cloud.database().command.aggregate;
    await as(async (db) => {
      await db.collection('people').add({ data: { _id: 'p1', name: '甲', team: 'x' } });
      await db.collection('people').add({ data: { _id: 'p2', name: '乙', team: 'y' } });
    });
    sent.length = 0;
    const grouped = await as((db) =>
      db.collection('rows').aggregate().match({ i: cloud.database().command.lt(6) }).group({ _id: '$group', n: $.sum(1) }).sort({ _id: 1 }).end(),
    );
    expect(sent[0].api).toBe('database.aggregateDocuments');
    expect(sent[0].data).toMatchObject({ collectionName: 'rows', stages: [{ stageKey: '$match' }, { stageKey: '$group' }, { stageKey: '$sort' }] });
    expect(grouped.list).toEqual([
      { _id: 0, n: 2 },
      { _id: 1, n: 2 },
    ]);
    const counted = await as((db) => db.collection('rows').aggregate().match({ group: 1 }).count('total').end());
    expect(counted.list).toEqual([{ total: 4 }]);
    const joined = await as((db) =>
      db
        .collection('people')
        .aggregate()
        .lookup({ from: 'rows', localField: 'team', foreignField: 'team', as: 'rows' })
        .project({ name: 1, _id: 0 })
        .sort({ name: 1 })
        .limit(1)
        .end(),
    );
    expect(joined.list).toHaveLength(1);
  });

  it('caps a get at 1000 documents like CloudBase (and defaults to 100)', async () => {
    const docs = Array.from({ length: 1100 }, (_x, i) => ({ _id: `m${i}`, i }));
    await as(async (db) => {
      for (let i = 0; i < docs.length; i += 100) await db.collection('many').add({ data: docs.slice(i, i + 100) });
    });
    const big = await as((db) => db.collection('many').limit(5000).get());
    expect(sent.at(-1)?.data).toMatchObject({ limit: 1000 });
    expect(big.data).toHaveLength(1000);
    expect((await as((db) => db.collection('many').get())).data).toHaveLength(100);
  });

  it('runTransaction → startTransaction, reads/writes with transactionId, commitTransaction; all-or-nothing', async () => {
    await as((db) => db.collection('accounts').add({ data: [{ _id: 'a', balance: 10 }, { _id: 'b', balance: 0 }] }));
    sent.length = 0;
    const _ = cloud.database().command;
    await as((db) =>
      db.runTransaction(async (tx: Db) => {
        const a = (await tx.collection('accounts').doc('a').get()).data;
        await tx.collection('accounts').doc('a').update({ data: { balance: a.balance - 4 } });
        await tx.collection('accounts').doc('b').update({ data: { balance: _.inc(4) } });
        await tx.collection('ledger').add({ data: { _id: 'tx1', lines: [-4, 4] } });
      }),
    );
    expect(sent.map((s) => s.api)).toEqual([
      'database.startTransaction',
      'database.getDocument',
      'database.modifyDocument',
      'database.modifyDocument',
      'database.insertDocument',
      'database.commitTransaction',
    ]);
    expect(sent[1].data).toHaveProperty('transactionId');
    expect(host.store.get('accounts', 'a')).toMatchObject({ balance: 6 });
    expect(host.store.get('accounts', 'b')).toMatchObject({ balance: 4 });
    expect(host.store.get('ledger', 'tx1')).toBeDefined();

    const before = host.store.digest();
    await expect(
      as((db) =>
        db.runTransaction(async (tx: Db) => {
          await tx.collection('accounts').doc('a').update({ data: { balance: 0 } });
          throw new Error('changed my mind');
        }),
      ),
    ).rejects.toThrow('changed my mind');
    expect(host.store.digest()).toBe(before);
  });

  it('a transaction whose read was changed by someone else fails to commit (optimistic concurrency)', async () => {
    const _ = cloud.database().command;
    const outcome = await as(async (db) => {
      const tx = await db.startTransaction();
      const a = (await tx.collection('accounts').doc('a').get()).data;
      await db.collection('accounts').doc('a').update({ data: { balance: _.inc(100) } });
      await tx.collection('accounts').doc('a').update({ data: { balance: a.balance - 1 } });
      return tx.commit().then(
        () => 'committed',
        (e: { errMsg?: string; message?: string }) => String(e.errMsg ?? e.message),
      );
    });
    expect(outcome).toContain('conflict');
    expect(host.store.get('accounts', 'a')).toMatchObject({ balance: 106 });
  });

  it('indexed queries examine only candidates, not the whole collection', async () => {
    const org = await as((db) => db.collection('orgs').add({ data: [{ _id: 'x1', path: ['root'], depth: 1 }, { _id: 'x2', path: ['other'], depth: 1 }] }));
    expect(org).toBeDefined();
    await as((db) => db.collection('orgs').where({ path: 'root' }).get());
    expect(host.store.stats).toEqual({ lastExamined: 1, usedIndex: true });
  });
});
