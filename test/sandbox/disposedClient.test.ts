// Disconnect disposes the old REST client: whatever still holds it (a start/stop poller of up to ten minutes,
// a pending test request) ends at once and sends nothing more with the old key. Against the real sandbox.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitForStatus } from '../../src/deployments/lifecycle';
import { isClosedConnectionError } from '../../src/hopsworks/errors';
import { FRESH } from '../../src/hopsworks/readShare';
import { rejection } from '../support/rejection';
import { sandboxClient } from '../support/sandbox';
import { sandboxForTests } from '../support/sandboxForTests';

const CHURN = 23; // seeded Stopped

describe('a disposed client stops its pollers and sends nothing more', () => {
  // Long transitional states: the poll is certainly still running when the client goes away.
  const sandbox = sandboxForTests({ lifecycleStepMs: 600_000, trafficPerSecond: 0 }, (line) => line);
  const served = sandbox.lines;

  it('a poll following a start ends with a "closed" error on dispose, and no request follows', async () => {
    const client = sandboxClient(sandbox.sb);
    const project = client.project(sandbox.sb.projectId, sandbox.sb.project);
    await project.startDeployment(CHURN);
    const polls = () =>
      served.filter((l) =>
        l.startsWith(`GET /hopsworks-api/api/project/${sandbox.sb.projectId}/serving/${CHURN} `),
      ).length;
    let seen = 0;
    // As the extension's pollers do: each round asks the server (FRESH), never a shared answer.
    const following = waitForStatus(() => project.getDeployment(CHURN, FRESH), {
      until: ['RUNNING'],
      intervalMs: 20,
      onUpdate: () => {
        if (++seen === 3) client.dispose();
      },
    });
    const err = await rejection(following);
    assert.ok(isClosedConnectionError(err), `expected a closed-connection error, got ${String(err)}`);
    // The loop has ended (its promise settled), so this count is final: the poll after dispose never left.
    assert.equal(polls(), 3);
  });

  it('a request in flight is cut off by dispose and not retried', async () => {
    const client = sandboxClient(sandbox.sb);
    const pending = rejection(client.project(sandbox.sb.projectId, sandbox.sb.project).listDeployments());
    client.dispose();
    assert.ok(isClosedConnectionError(await pending));
  });
});
