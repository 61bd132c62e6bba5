import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import type { Deployment } from '../../src/hopsworks/types';
import { decideDelete, decideStart, decideStop, waitForStatus } from '../../src/deployments/lifecycle';
import { aDeployment } from '../builders/deployment';

const at = (status: string) => aDeployment({ status });

describe('lifecycle rules (as the Python client applies them)', () => {
  it('start: proceeds when stopped or created, waits while creating, refuses while stopping', () => {
    assert.equal(decideStart(at('Stopped')).kind, 'proceed');
    assert.equal(decideStart(at('Created')).kind, 'proceed');
    assert.equal(decideStart(at('Creating')).kind, 'waitThenProceed');
    assert.equal(decideStart(at('Stopping')).kind, 'refuse');
    for (const s of ['Running', 'Idle', 'Starting', 'Updating'])
      assert.equal(decideStart(at(s)).kind, 'noop', s);
  });

  it('start on a failed deployment explains the reason instead of retrying blindly', () => {
    const d = decideStart(aDeployment({ status: 'Failed', condition: { reason: 'image pull failed' } }));
    assert.equal(d.kind, 'noop');
    assert.match(d.kind === 'noop' ? d.message : '', /image pull failed.*Stop it/);
  });

  it('stop: no-op unless something runs', () => {
    for (const s of ['Creating', 'Created', 'Stopped', 'Stopping'])
      assert.equal(decideStop(at(s)).kind, 'noop', s);
    for (const s of ['Running', 'Idle', 'Starting', 'Failed', 'Updating'])
      assert.equal(decideStop(at(s)).kind, 'proceed', s);
  });

  it('delete: only when stopped or created, saying the state in the one wording', () => {
    assert.equal(decideDelete(at('Stopped')).kind, 'proceed');
    assert.equal(decideDelete(at('Created')).kind, 'proceed');
    const r = decideDelete(at('Running'));
    assert.equal(r.kind, 'refuse');
    assert.equal(
      r.kind === 'refuse' ? r.message : '',
      'fraud must be stopped before it is deleted. Its state is Running.',
    );
  });

  it('a state the extension does not know gets Start, Stop and Delete: the server decides', () => {
    for (const status of ['Transforming', 'Paused', '']) {
      assert.equal(decideStart(at(status)).kind, 'proceed', status);
      assert.equal(decideStop(at(status)).kind, 'proceed', status);
      assert.equal(decideDelete(at(status)).kind, 'proceed', status);
    }
  });
});

describe('waitForStatus', () => {
  const noSleep = () => Promise.resolve();
  const sequence = (...statuses: (string | undefined)[]) => {
    let i = 0;
    const seen: Deployment[] = [];
    return {
      seen,
      get: () => {
        const s = statuses[Math.min(i++, statuses.length - 1)];
        return Promise.resolve(s === undefined ? undefined : at(s));
      },
      onUpdate: (d: Deployment) => seen.push(d),
    };
  };

  it('follows Starting to Running and reports every step', async () => {
    const s = sequence('Starting', 'Starting', 'Running');
    const r = await waitForStatus(s.get, { until: ['RUNNING'], sleep: noSleep, onUpdate: s.onUpdate });
    assert.equal(r.outcome, 'reached');
    assert.deepEqual(
      s.seen.map((d) => d.status),
      ['Starting', 'Starting', 'Running'],
    );
  });

  it('fails fast with the condition reason', async () => {
    const get = () => Promise.resolve(aDeployment({ status: 'Failed', condition: { reason: 'OOMKilled' } }));
    const r = await waitForStatus(get, { until: ['RUNNING'], sleep: noSleep });
    assert.deepEqual(r.outcome === 'failed' ? r.reason : r.outcome, 'OOMKilled');
  });

  it('reports a deployment that vanished, or settled in another stable state', async () => {
    assert.equal(
      (await waitForStatus(sequence('Stopping', undefined).get, { until: ['STOPPED'], sleep: noSleep }))
        .outcome,
      'gone',
    );
    assert.equal(
      (await waitForStatus(sequence('Starting', 'Stopped').get, { until: ['RUNNING'], sleep: noSleep }))
        .outcome,
      'settledElsewhere',
    );
  });

  it('takes the state the caller has just read as its first round instead of reading it again', async () => {
    const s = sequence('Running');
    let reads = 0;
    const r = await waitForStatus(
      () => {
        reads++;
        return s.get();
      },
      { until: ['RUNNING'], sleep: noSleep, onUpdate: s.onUpdate, first: at('Updating') },
    );
    assert.equal(r.outcome, 'reached');
    assert.deepEqual(
      s.seen.map((d) => d.status),
      ['Updating', 'Running'],
    );
    assert.equal(reads, 1);
  });

  it('stops when cancelled', async () => {
    const abort = new AbortController();
    const s = sequence('Starting');
    const r = await waitForStatus(s.get, {
      until: ['RUNNING'],
      signal: abort.signal,
      sleep: () => {
        abort.abort();
        return Promise.resolve();
      },
    });
    assert.equal(r.outcome, 'cancelled');
  });
});

describe('waitForStatus (polling with the real sleep)', () => {
  it('leaves no abort listener behind however many rounds it polls', async () => {
    const abort = new AbortController();
    let polls = 0;
    const r = await waitForStatus(
      () => Promise.resolve(aDeployment({ status: ++polls < 60 ? 'Starting' : 'Running' })),
      { until: ['RUNNING'], intervalMs: 1, signal: abort.signal },
    );
    assert.equal(r.outcome, 'reached');
    assert.equal(polls, 60);
    // One listener per round used to stay on the signal (Node's leak warning fires after ten).
    assert.equal(getEventListeners(abort.signal, 'abort').length, 0);
  });

  it('an abort ends the wait in the middle of a long interval', async () => {
    const abort = new AbortController();
    let polled!: () => void;
    const firstPoll = new Promise<void>((r) => (polled = r));
    const waiting = waitForStatus(
      () => {
        polled();
        return Promise.resolve(aDeployment({ status: 'Starting' }));
      },
      { until: ['RUNNING'], intervalMs: 3_600_000, signal: abort.signal },
    );
    await firstPoll;
    abort.abort();
    assert.equal((await waiting).outcome, 'cancelled');
    assert.equal(getEventListeners(abort.signal, 'abort').length, 0);
  });
});
