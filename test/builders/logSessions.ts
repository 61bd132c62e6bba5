// A log session as a panel or "Tail to Output" holds it, without a broker: the test feeds it through
// `ingest` (messages from consumedMessages.ts) and drives its clock by hand. The broker address is never
// dialled, since the session is never started.
import { InferenceLogSession, ManualClock } from '../../src/inferenceLog';
import type { InferenceLogSessionOptions } from '../../src/inferenceLog';
import { SCHEMA_V4 } from './inferenceRecords';

/** irisclassifier's topic (schema v4, so KServe) on a ManualClock at 0, unless said otherwise. */
export function aLogSession(overrides: Partial<InferenceLogSessionOptions> = {}): InferenceLogSession {
  return new InferenceLogSession({
    brokers: ['127.0.0.1:9'],
    topic: 'irisclassifier-inf4821',
    schemaJson: SCHEMA_V4,
    clock: new ManualClock(),
    ...overrides,
  });
}
