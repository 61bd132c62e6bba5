// The per-connection sharing of reads: what is joined, what is handed out again and for how long, what a write
// ends, and that nothing kept outlives the connection or leaks between callers. The clock is a number the test
// moves; loads are promises the test settles, so no test depends on timing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReadShare } from '../../src/hopsworks/readShare';

/** A load the test settles by hand, counting how often it was started. */
function manualLoads<T>() {
  const pending: { resolve: (v: T) => void; reject: (e: Error) => void }[] = [];
  let started = 0;
  return {
    load: () =>
      new Promise<T>((resolve, reject) => {
        started++;
        pending.push({ resolve, reject });
      }),
    started: () => started,
    resolve: (v: T) => pending.shift()!.resolve(v),
    reject: (e: Error) => pending.shift()!.reject(e),
  };
}

describe('ReadShare', () => {
  it('joins a read in flight: two callers, one request, each with its own copy', async () => {
    const share = new ReadShare({ now: () => 0 });
    const l = manualLoads<{ names: string[] }>();
    const a = share.read('deployments', l.load);
    const b = share.read('deployments', l.load);
    assert.equal(l.started(), 1);
    l.resolve({ names: ['fraud'] });
    const [x, y] = await Promise.all([a, b]);
    assert.deepEqual(x, { names: ['fraud'] });
    x.names.push('changed by one caller');
    assert.deepEqual(y, { names: ['fraud'] }, 'the other caller does not see it');
    assert.deepEqual(await share.read('deployments', l.load), { names: ['fraud'] }, 'nor does the next one');
  });

  it('hands a settled answer out while it is younger than the age asked for, then reads again', async () => {
    let now = 1000;
    const share = new ReadShare({ maxAgeMs: 2000, now: () => now });
    let n = 0;
    const load = () => Promise.resolve(++n);
    assert.equal(await share.read('k', load), 1);
    now += 1999;
    assert.equal(await share.read('k', load), 1, 'within the default age');
    assert.equal(await share.read('k', load, { maxAgeMs: 500 }), 2, 'a caller asking for younger');
    now += 10_000;
    assert.equal(await share.read('k', load, { maxAgeMs: 60_000 }), 2, 'a caller accepting older');
    assert.equal(await share.read('k', load), 3, 'past the default age');
  });

  it('a poll (age 0) joins a read in flight but never takes a settled answer, even with the clock stopped', async () => {
    const share = new ReadShare({ now: () => 0 });
    const l = manualLoads<string>();
    const first = share.read('deployment:1', l.load);
    const joined = share.read('deployment:1', l.load, { maxAgeMs: 0 });
    assert.equal(l.started(), 1);
    l.resolve('Creating');
    assert.deepEqual(await Promise.all([first, joined]), ['Creating', 'Creating']);
    const poll = share.read('deployment:1', l.load, { maxAgeMs: 0 });
    assert.equal(l.started(), 2);
    l.resolve('Created');
    assert.equal(await poll, 'Created');
    assert.equal(await share.read('deployment:1', l.load), 'Created', 'and what it read is shared');
  });

  it('a write ends sharing, also of a read still in flight when it ended', async () => {
    const share = new ReadShare({ now: () => 0 });
    const l = manualLoads<string>();
    const before = share.read('deployments', l.load);
    share.forget('deployment');
    const after = share.read('deployments', l.load);
    assert.equal(l.started(), 2, 'a read after the write does not join the one from before it');
    l.resolve('before the write');
    l.resolve('after the write');
    assert.equal(await before, 'before the write');
    assert.equal(await after, 'after the write');
    assert.equal(await share.read('deployments', l.load), 'after the write');
    share.forget('topics');
    assert.equal(await share.read('deployments', l.load), 'after the write', 'other keys are kept');
    share.forgetAll();
    const again = share.read('deployments', l.load);
    l.resolve('read again');
    assert.equal(await again, 'read again');
  });

  it('does not keep a failure: the next caller asks again', async () => {
    const share = new ReadShare({ now: () => 0 });
    const l = manualLoads<string>();
    const a = share.read('k', l.load);
    const b = share.read('k', l.load);
    l.reject(new Error('503'));
    await assert.rejects(a, /503/);
    await assert.rejects(b, /503/);
    const c = share.read('k', l.load);
    assert.equal(l.started(), 2);
    l.resolve('ok');
    assert.equal(await c, 'ok');
  });

  it('updates a whole with a newer part, keeping its age', async () => {
    let now = 0;
    const share = new ReadShare({ maxAgeMs: 100, now: () => now });
    await share.read('deployments', () => Promise.resolve([{ id: 1, status: 'Creating' }]));
    share.update<{ id: number; status: string }[]>('deployments', (list) =>
      list.map((d) => (d.id === 1 ? { ...d, status: 'Created' } : d)),
    );
    assert.deepEqual(await share.read('deployments', () => Promise.resolve([])), [
      { id: 1, status: 'Created' },
    ]);
    now = 100;
    assert.deepEqual(
      await share.read('deployments', () => Promise.resolve([])),
      [],
      'aged as the list it updated',
    );
    share.update('nothing read yet', () => 'ignored');
    assert.equal(await share.read('nothing read yet', () => Promise.resolve('read')), 'read');
  });

  it('hands out nothing once the connection is closed: every call goes to the (closed) transport', async () => {
    let closed = false;
    const share = new ReadShare({ now: () => 0, closed: () => closed });
    assert.equal(await share.read('k', () => Promise.resolve('kept')), 'kept');
    closed = true;
    await assert.rejects(
      share.read('k', () => Promise.reject(new Error('was closed'))),
      /was closed/,
    );
  });
});
