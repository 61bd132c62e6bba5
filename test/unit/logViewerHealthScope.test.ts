// The log panel's health on a topic two deployments log to: the panel shows its own deployment's events, so
// its health counts only its own calls (ownDeploymentRows.ts) — the other deployment's model version must not
// appear in its strip, nor be compared with its own. Real pipeline sessions fed with encoded KServe records.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/inferenceLog';
import type { ConsumedMessage } from '../../src/inferenceLog';
import { HealthFeed } from '../../src/panels/logViewer/health/healthFeed';
import { ownDeploymentRows } from '../../src/panels/logViewer/ownDeploymentRows';
import { aGarbageMessage, aKServeMessage } from '../builders/consumedMessages';
import { FedSession, holderOf } from '../builders/logViewerHost';

const T0 = 1_718_007_125_000;
const OWN = 12;
const OTHER = 13;

let n = 0;
/** One answered call of deployment `servingId` serving model version `version`. */
function call(servingId: number, version: number, atMs: number): ConsumedMessage[] {
  const id = `call-${n++}`;
  const record = { servingId, modelVersion: version, requestTimestamp: Math.floor(atMs / 1000) };
  return [
    aKServeMessage('request', id, record, { timestampMs: atMs }),
    aKServeMessage('response', id, record, { timestampMs: atMs + 30 }),
  ];
}

describe('health on a shared topic', () => {
  it('counts only its deployment’s calls, from the rows held and as they arrive', async () => {
    const clock = new ManualClock(T0 + 60_000);
    const session = new FedSession({ clock, servingId: OWN });
    const holder = holderOf(session);
    await holder.start();
    try {
      // Held before the panel's health starts following (seeded), then arriving (followed).
      for (let i = 0; i < 3; i++)
        session.ingest([...call(OWN, 3, T0 + i * 1000), ...call(OTHER, 2, T0 + i * 1000)]);
      const feed = new HealthFeed({ rows: ownDeploymentRows(holder, OWN), clock, servingTool: 'KSERVE' });
      for (let i = 3; i < 5; i++)
        session.ingest([...call(OWN, 3, T0 + i * 1000), ...call(OTHER, 2, T0 + i * 1000)]);
      session.ingest([aGarbageMessage({ timestampMs: T0 + 6_000 })]);

      const r = feed.reply({ windowMs: 300_000, maxPoints: 60 });
      assert.deepEqual(
        r.snapshot.versions.map((v) => [v.key, v.requests]),
        [['irisclassifier@3', 5]],
        'the other deployment’s v2 is not in this panel’s strip',
      );
      assert.equal(r.snapshot.all.requests, 5);
      assert.equal(r.comparison, null, 'nothing to compare with: one version of its own');
      assert.equal(holder.stats().otherDeployments, 5, 'the other’s calls are held, counted apart');

      // Without a known deployment id every row is followed, as before.
      const all = new HealthFeed({
        rows: ownDeploymentRows(holder, undefined),
        clock,
        servingTool: 'KSERVE',
      });
      assert.equal(all.reply({ windowMs: 300_000, maxPoints: 60 }).snapshot.all.requests, 10);
      feed.dispose();
      all.dispose();
    } finally {
      await holder.dispose();
    }
  });
});
