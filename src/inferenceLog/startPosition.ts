// Turns the user's start choice into one concrete offset per partition, resolved once when a session
// starts. Every later (re)join seeks to these for partitions not read yet, so a restart never falls back
// to "latest" and silently skips what arrived in between.
import type { Admin } from 'kafkajs';
import type { StartFrom } from './types';

export type OffsetAdmin = Pick<Admin, 'fetchTopicOffsets' | 'fetchTopicOffsetsByTimestamp'>;

export async function resolveStartOffsets(
  admin: OffsetAdmin,
  topic: string,
  startFrom: StartFrom,
): Promise<Map<number, string>> {
  const offsets = new Map<number, string>();
  if (typeof startFrom === 'object') {
    // kafkajs answers partitions with nothing at or after the time with their end offset.
    for (const p of await admin.fetchTopicOffsetsByTimestamp(topic, startFrom.timestampMs)) {
      offsets.set(p.partition, p.offset);
    }
    return offsets;
  }
  for (const p of await admin.fetchTopicOffsets(topic)) {
    offsets.set(p.partition, startFrom === 'earliest' ? p.low : p.high);
  }
  return offsets;
}
