// The log panel's fidelity parts in headless Chromium, against the real host logic and a real pipeline
// session (realHostBridge.ts) fed with Avro bytes as Hopsworks writes them: on a topic two deployments log
// to, the panel shows only its own deployment's events, says how many of the other's it hides, and the switch
// shows them all; a value written with an older schema version decodes and the detail pane says which
// version decoded it; "Open Full Payload" asks the host for that row's body and the host hands over all of
// it, not the pane's prefix; the counters show the memory held against its bound.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ConsumedMessage } from '../../src/inferenceLog';
import type { FullPayload } from '../../src/inferenceLog/fullPayload';
import { PRETTY_MAX_CHARS } from '../../src/inferenceLog/prettyPrefix';
import { aMessage } from '../builders/consumedMessages';
import { featureSourcesOf } from '../builders/modelFiles';
import {
  SCHEMA_V5,
  aKServeRecord,
  encodeKServe,
  encodeKServeV5,
  everySchemaVersion,
} from '../builders/inferenceRecords';
import { INFO, shownIds } from './logViewerHarness';
import { RealHostBridge } from './realHostBridge';

const bridge = new RealHostBridge();
before(() => bridge.start());
after(() => bridge.stop());

const OWN = 12;
const OTHER = 13;

/** One call (request and response halves) of deployment `servingId`, written with schema v4 or v5. */
function call(
  inferenceId: string,
  o: { servingId: number; version: 4 | 5; atSecond: number; request?: string },
): ConsumedMessage[] {
  const record = {
    servingId: o.servingId,
    modelName: o.servingId === OWN ? 'irisclassifier' : 'iriscanary',
    requestTimestamp: o.atSecond,
  };
  const encode = (r: ReturnType<typeof aKServeRecord>) =>
    o.version === 4 ? encodeKServe(r) : encodeKServeV5(r);
  return [
    aMessage(
      encode(
        aKServeRecord('request', inferenceId, { ...record, ...(o.request ? { payload: o.request } : {}) }),
      ),
    ),
    aMessage(encode(aKServeRecord('response', inferenceId, record))),
  ];
}

async function waitForShown(page: Page, ids: string[]): Promise<void> {
  await page.waitForFunction(
    (want) =>
      JSON.stringify(
        Array.from(document.querySelectorAll('.log-spacer .log-row:not(.is-loading) .c-id'))
          .map((e) => e.textContent)
          .sort(),
      ) === JSON.stringify([...want].sort()),
    ids,
  );
}

describe('log panel: a shared topic, several schema versions, whole payloads', () => {
  it('shows only its deployment, counts the others, switches; says the decoding version; opens the whole body', async () => {
    const opened: { payload: FullPayload; name: string }[] = [];
    const p = await bridge.open(featureSourcesOf({}), {
      // The topic moved to v5; its history holds v4 bytes. The panel is for deployment 12.
      session: {
        schemaJson: SCHEMA_V5,
        schemaVersion: 5,
        schemaVersions: everySchemaVersion(),
        servingId: OWN,
      },
      info: { deploymentId: OWN, schemaVersion: 5 },
      openPayload: (payload, name) => {
        opened.push({ payload, name });
        return Promise.resolve();
      },
    });
    const { page } = p;
    try {
      // A request longer than the detail pane's bounded prefix: only "Open Full Payload" shows all of it.
      const big = JSON.stringify({ instances: Array.from({ length: 40_000 }, (_, i) => [i, 3.5, 1.4, 0.2]) });
      assert.ok(big.length > PRETTY_MAX_CHARS);
      const t = Math.floor(Date.now() / 1000) - 30;
      p.ingest([
        ...call('own-v4', { servingId: OWN, version: 4, atSecond: t }),
        ...call('other-1', { servingId: OTHER, version: 5, atSecond: t + 1 }),
        ...call('own-v5', { servingId: OWN, version: 5, atSecond: t + 2, request: big }),
        ...call('other-2', { servingId: OTHER, version: 5, atSecond: t + 3 }),
        ...call('other-3', { servingId: OTHER, version: 5, atSecond: t + 4 }),
      ]);

      // Only this deployment's events; the others are counted, with the switch beside the count.
      await waitForShown(page, ['own-v4', 'own-v5']);
      const scope = page.locator('.scope-bar');
      await scope.locator('#scope-text', { hasText: '3 events of other deployments' }).waitFor();
      assert.equal(
        await scope.locator('#scope-text').textContent(),
        `3 events of other deployments on topic ${INFO.topic} hidden.`,
      );
      const queries = async () =>
        (await p.sent()).filter((m) => m.method === 'query').map((m) => m.params as { filter: object });
      assert.ok(
        (await queries()).at(-1)?.filter && 'servingId' in (await queries()).at(-1)!.filter,
        'the table asks the host for this deployment only',
      );

      const toggle = scope.locator('#btn-scope');
      assert.equal(await toggle.textContent(), 'Show all deployments');
      await toggle.click();
      await waitForShown(page, ['own-v4', 'other-1', 'own-v5', 'other-2', 'other-3']);
      assert.equal(await toggle.textContent(), `Only ${INFO.deploymentName}`);
      assert.match(
        (await scope.locator('#scope-text').textContent()) ?? '',
        /^Showing every deployment's events/,
      );
      assert.ok(!('servingId' in ((await queries()).at(-1)?.filter ?? {})), 'every deployment once switched');
      await toggle.click();
      await waitForShown(page, ['own-v4', 'own-v5']);

      // The table row and the detail pane say which schema version decoded each value.
      const rowOf = (id: string) => page.locator('.log-spacer .log-row', { hasText: id });
      assert.equal(await rowOf('own-v4').locator('.c-kind').getAttribute('title'), 'Decoded with schema v4');
      assert.equal(await rowOf('own-v5').locator('.c-kind').getAttribute('title'), 'Decoded with schema v5');
      const decodedWith = page
        .locator('.detail-facts dt', { hasText: 'Decoded with' })
        .locator('xpath=following-sibling::dd[1]');
      await rowOf('own-v4').click();
      await page.locator('.detail-facts dd', { hasText: 'own-v4' }).waitFor();
      // Request and response halves are two Kafka messages, each decoded on its own.
      assert.deepEqual(await decodedWith.allTextContents(), [
        "schema v4 (older than the topic's v5)",
        "schema v4 (older than the topic's v5)",
      ]);
      await rowOf('own-v5').click();
      await page.locator('.detail-facts dd', { hasText: 'own-v5' }).waitFor();
      assert.deepEqual(await decodedWith.allTextContents(), ['schema v5', 'schema v5']);

      // The pane shows a prefix of the big request; Open Full Payload asks for that row's request...
      await page.locator('.detail-note', { hasText: 'Open Full Payload shows all of it' }).waitFor();
      await page.locator('#detail-open-request').click();
      // (Waited on, not read after: the notice goes away by itself after a few seconds.)
      const said = `Opened the whole request (${big.length.toLocaleString('en-US')} characters) in an editor.`;
      await page.locator('.status-line', { hasText: said }).waitFor();
      const asked = (await p.sent()).filter((m) => m.method === 'openPayload').map((m) => m.params);
      const shownId = Number(await rowOf('own-v5').getAttribute('data-id'));
      assert.deepEqual(asked, [{ id: shownId, half: 'request' }]);
      // ...and the host hands over the whole body, as logged.
      assert.equal(opened.length, 1);
      assert.equal(opened[0]?.payload.text, big);
      assert.equal(opened[0]?.payload.chars, big.length);
      assert.match(opened[0]?.name ?? '', /^irisclassifier-request-p0-\d+$/);

      // Memory held against its bound.
      assert.match(
        (await page.locator('#counter-memory').textContent()) ?? '',
        /^\d[\d.,]* MB \/ \d[\d.,]* MB$/,
      );
      assert.deepEqual((await shownIds(page)).sort(), ['own-v4', 'own-v5']);
      assert.deepEqual(await page.evaluate(() => window.__problems), []);
    } finally {
      await p.close();
    }
  });
});
