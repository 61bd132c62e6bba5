// Events already on a topic when the sandbox starts: churnpredictor's topic was bound to `inferenceschema` v4
// when it logged its first calls and moved to v5 later, so its history is v4 bytes followed by v5 bytes —
// what a reader meets when a schema evolves (it must decode each value with the version that wrote it).
import { randomUUID } from 'node:crypto';
import { inferenceSchema } from '../rest/inferenceSchemas';
import type { SandboxState } from '../rest/state';
import type { InferenceLogger } from './inferenceLogger';
import { predict } from './modelServer';
import { requestBody } from './requests';
import type { Random } from './requests';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;

export interface HistoryCounts {
  v4: number;
  v5: number;
}

/** How many calls each schema generation wrote (each call is a request and, when it succeeded, a response). */
export const EVOLVED_HISTORY: HistoryCounts = { v4: 12, v5: 8 };

/** Writes the seeded history of `topic` (bound to v5); resolves to the number of events written. */
export async function seedEvolvedHistory(
  state: SandboxState,
  logger: InferenceLogger,
  topic: string,
  now = Date.now(),
): Promise<number> {
  const owner = [...state.servings.values()].find((s) => s.topicName === topic);
  if (!owner) return 0;
  // The history was written while the deployment logged everything (it logs predictions only since).
  const serving = { ...owner, spec: { ...owner.spec, inferenceLogging: 'ALL' as const } };
  const served = {
    modelName: owner.spec.modelName ?? owner.spec.name,
    ...(owner.spec.modelVersion !== undefined ? { modelVersion: owner.spec.modelVersion } : {}),
    modelServer: owner.spec.modelServer,
    servingTool: owner.spec.servingTool,
  };
  const random = seeded(11);
  let written = 0;
  const write = async (count: number, start: number, schema: string | undefined, metadata?: string) => {
    for (let i = 0; i < count; i++) {
      const body = requestBody(served, random, i % 6 === 4);
      const answer = predict(served, body);
      written += await logger.log(
        {
          serving,
          requestBody: body,
          status: answer.status,
          responseBody: answer.body,
          at: start + i * 7 * MINUTE,
          inferenceId: randomUUID(),
          latencyMs: 2 + random() * 6,
          ...(metadata !== undefined ? { metadata } : {}),
        },
        schema,
      );
    }
  };
  await write(EVOLVED_HISTORY.v4, now - 21 * DAY, inferenceSchema(4));
  await write(
    EVOLVED_HISTORY.v5,
    now - 4 * DAY,
    undefined,
    JSON.stringify({ 'user-agent': ['python-requests/2.31.0'] }),
  );
  return written;
}

/** A small deterministic generator, so every start writes the same rows. */
function seeded(seed: number): Random {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) % 1_000_000) / 1_000_000;
  };
}
