// What the broker itself says about its topics, asked through a short-lived kafkajs admin client, so a test
// checks what a Kafka client would see rather than the sandbox's own bookkeeping.
import type { Kafka } from 'kafkajs';

/** Partitions per topic, from the broker's metadata for `topics`. */
export async function partitionsPerTopic(kafka: Kafka, topics: string[]): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics });
    return Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]));
  } finally {
    await admin.disconnect();
  }
}
