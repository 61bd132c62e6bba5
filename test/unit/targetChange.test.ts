import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionStateLike, ViewTarget } from '../../src/connection/targetChange';
import {
  followAction,
  lostReason,
  relationTo,
  sameTarget,
  submitRefusal,
  targetKey,
} from '../../src/connection/targetChange';

const A: ViewTarget = { host: 'c.hopsworks.ai', port: 443, project: 'fraud' };
const connected = (target: ViewTarget): ConnectionStateLike => ({ kind: 'connected', target });
const disconnected: ConnectionStateLike = { kind: 'disconnected' };

test('a target is the same when host (any case), port and project match', () => {
  assert.equal(sameTarget(A, { host: 'C.Hopsworks.AI', port: 443, project: 'fraud' }), true);
  assert.equal(targetKey(A), targetKey({ host: 'C.HOPSWORKS.ai', port: 443, project: 'fraud' }));
  assert.equal(sameTarget(A, { ...A, port: 8181 }), false);
  assert.equal(sameTarget(A, { ...A, host: 'other.hopsworks.ai' }), false);
  assert.equal(sameTarget(A, { ...A, project: 'Fraud' }), false);
  assert.notEqual(targetKey(A), targetKey({ ...A, project: 'churn' }));
});

test('relation: same, pending, disconnected, failed, other', () => {
  assert.deepEqual(relationTo(A, connected(A)), { kind: 'same' });
  assert.deepEqual(relationTo(A, { kind: 'connecting', target: A }), { kind: 'pending' });
  assert.deepEqual(relationTo(A, disconnected), { kind: 'disconnected' });
  assert.deepEqual(relationTo(A, { kind: 'error', target: A }), { kind: 'failed' });
  const B = { ...A, project: 'churn' };
  for (const kind of ['connecting', 'connected', 'error'] as const) {
    assert.deepEqual(relationTo(A, { kind, target: B }), { kind: 'other', now: B });
  }
});

test('a following view stops on disconnect, failure or another target, and says why', () => {
  assert.deepEqual(followAction(A, true, connected(A)), { kind: 'none' });
  assert.deepEqual(followAction(A, true, { kind: 'connecting', target: A }), { kind: 'none' });

  assert.deepEqual(followAction(A, true, disconnected), {
    kind: 'stop',
    reason: 'Disconnected from Hopsworks — connect again to resume.',
  });
  const failed = followAction(A, true, { kind: 'error', target: A });
  assert.equal(failed.kind, 'stop');
  assert.match(
    failed.kind === 'stop' ? failed.reason : '',
    /connection to project fraud on c\.hopsworks\.ai failed/,
  );

  const moved = followAction(A, true, connected({ host: 'localhost', port: 28181, project: 'churn' }));
  assert.equal(moved.kind, 'stop');
  assert.equal(
    moved.kind === 'stop' ? moved.reason : '',
    'The connection moved to project churn on localhost:28181; this view reads project fraud on c.hopsworks.ai — connect to it again to resume.',
  );
  assert.equal(lostReason(A, connected(A)), undefined);
});

test('a stopped view may resume only once its own target is connected again', () => {
  assert.deepEqual(followAction(A, false, connected(A)), { kind: 'resumable' });
  assert.deepEqual(followAction(A, false, connected({ ...A, host: 'C.HOPSWORKS.AI' })), {
    kind: 'resumable',
  });
  assert.deepEqual(followAction(A, false, { kind: 'connecting', target: A }), { kind: 'none' });
});

test('a stopped view that is still cut off keeps saying why, as the connection changes again', () => {
  assert.deepEqual(followAction(A, false, disconnected), {
    kind: 'stop',
    reason: 'Disconnected from Hopsworks — connect again to resume.',
  });
  const failed = followAction(A, false, { kind: 'error', target: A });
  assert.match(failed.kind === 'stop' ? failed.reason : '', /failed — connect again to resume\.$/);
  const moved = followAction(A, false, connected({ ...A, port: 8181 }));
  assert.match(
    moved.kind === 'stop' ? moved.reason : '',
    /^The connection moved to project fraud on c\.hopsworks\.ai:8181;/,
  );
});

test('a form submits only while its own project is connected, and otherwise says why', () => {
  assert.equal(submitRefusal(A, connected(A)), undefined);
  assert.match(
    submitRefusal(A, disconnected) ?? '',
    /^Disconnected from Hopsworks: connect to project fraud/,
  );
  assert.match(submitRefusal(A, { kind: 'connecting', target: A }) ?? '', /^Still connecting/);
  assert.match(submitRefusal(A, { kind: 'error', target: A }) ?? '', /failed/);
  const other = submitRefusal(A, connected({ ...A, project: 'churn' })) ?? '';
  assert.match(
    other,
    /^This form belongs to project fraud on c\.hopsworks\.ai, but the connection moved to project churn on c\.hopsworks\.ai/,
  );
  for (const s of [
    disconnected,
    connected({ ...A, project: 'churn' }),
    { kind: 'error', target: A } as const,
  ]) {
    assert.match(submitRefusal(A, s) ?? '', /Nothing was submitted; your values are kept\.$/);
  }
});
