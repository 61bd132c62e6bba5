// Writes inference-log events for one call the way Hopsworks does (inference-logs.md §2–§4): bare Avro
// (no framing, no key) with the schema bound to the deployment's topic. KServe topics (schema with
// `inferenceId`) get separate request/response events in epoch seconds, a response only for HTTP 200, and the
// logger mode decides which halves are written; DEFAULT topics get one event per call in epoch milliseconds.
// The inference id is the call's, so the events match the request lines of the server logs.
import avro from 'avsc';
import type { Producer } from 'kafkajs';
import type { SandboxState, ServingRecord } from '../rest/state';

export interface InferenceCall {
  serving: ServingRecord;
  requestBody: string;
  status: number;
  responseBody: string;
  /** epoch ms of the call */
  at: number;
  /** the request id KServe assigns (UUID v4); also what the predictor's server log prints */
  inferenceId: string;
  /** request metadata (JSON of selected headers), written where the schema has a field for it (v5) */
  metadata?: string;
  /** how long the model took: events written after the answer carry `at + latencyMs` as Kafka timestamp */
  latencyMs?: number;
}

interface Encoded {
  value: Buffer;
  /** written once the answer is known (a KServe response, a DEFAULT call) rather than on arrival */
  afterAnswer: boolean;
}

interface SchemaInfo {
  type: avro.Type;
  fields: ReadonlySet<string>;
}

export class InferenceLogger {
  private readonly types = new Map<string, SchemaInfo>();

  constructor(
    private readonly producer: Producer,
    private readonly state: SandboxState,
  ) {}

  /** The Avro datums for a call with the topic's schema, or with `schema` (e.g. an older version); [] when not logging. */
  encode(call: InferenceCall, schema?: string): Buffer[] {
    return this.encodeEvents(call, schema).map((e) => e.value);
  }

  private encodeEvents(call: InferenceCall, schema?: string): Encoded[] {
    const { serving } = call;
    const mode = serving.spec.inferenceLogging;
    const bound = serving.topicName ? this.state.topicSubject(serving.topicName)?.schema : undefined;
    const writer = schema ?? bound;
    if (!mode || writer === undefined) return [];
    const { type, fields } = this.schemaInfo(writer);
    const common = {
      modelName: serving.spec.name,
      modelVersion: serving.spec.modelVersion ?? 0,
    };
    if (fields.has('inferenceId')) {
      const base = {
        ...common,
        servingId: serving.id,
        inferenceId: call.inferenceId,
        requestTimestamp: Math.floor(call.at / 1000),
        ...(fields.has('metadata') ? { metadata: call.metadata ?? null } : {}),
      };
      const out: Encoded[] = [];
      if (mode === 'ALL' || mode === 'MODEL_INPUTS') {
        out.push({
          value: type.toBuffer({
            ...base,
            responseHttpCode: 0,
            messageType: 'request',
            payload: call.requestBody,
          }),
          afterAnswer: false,
        });
      }
      // The KServe agent emits a response event only for HTTP 200.
      if ((mode === 'ALL' || mode === 'PREDICTIONS') && call.status === 200) {
        out.push({
          value: type.toBuffer({
            ...base,
            responseHttpCode: 200,
            messageType: 'response',
            payload: call.responseBody,
          }),
          afterAnswer: true,
        });
      }
      return out;
    }
    // The Java logger writes once the model server answered.
    return [
      {
        afterAnswer: true,
        value: type.toBuffer({
          ...common,
          modelId: serving.id,
          requestTimestamp: call.at,
          responseHttpCode: call.status,
          inferenceRequest: call.requestBody,
          inferenceResponse: call.responseBody,
          servingType: serving.spec.modelServer,
          modelServer: serving.spec.modelServer,
          servingTool: serving.spec.servingTool,
        }),
      },
    ];
  }

  /**
   * Encodes and produces the call's events to the deployment's topic (with `schema` instead of the topic's,
   * for history written before the topic moved to a newer version); resolves once the broker acked.
   */
  async log(call: InferenceCall, schema?: string): Promise<number> {
    const events = this.encodeEvents(call, schema);
    const topic = call.serving.topicName;
    if (events.length === 0 || !topic) return 0;
    const answered = call.at + Math.round(call.latencyMs ?? 0);
    await this.producer.send({
      topic,
      messages: events.map((e) => ({
        value: e.value,
        timestamp: String(e.afterAnswer ? answered : call.at),
      })),
    });
    return events.length;
  }

  private schemaInfo(schema: string): SchemaInfo {
    let info = this.types.get(schema);
    if (!info) {
      const parsed = JSON.parse(schema) as avro.Schema & { fields: { name: string }[] };
      info = { type: avro.Type.forSchema(parsed), fields: new Set(parsed.fields.map((f) => f.name)) };
      this.types.set(schema, info);
    }
    return info;
  }
}
