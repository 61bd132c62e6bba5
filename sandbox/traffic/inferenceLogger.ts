// Writes inference-log events for one call the way Hopsworks does (inference-logs.md §2–§4): bare Avro
// (no framing, no key) with the schema bound to the deployment's topic. KServe topics (schema with
// `inferenceId`) get separate request/response events in epoch seconds, a response only for HTTP 200, and the
// logger mode decides which halves are written; DEFAULT topics get one event per call in epoch milliseconds.
import avro from 'avsc';
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { SandboxState, ServingRecord } from '../rest/state';

export interface InferenceCall {
  serving: ServingRecord;
  requestBody: string;
  status: number;
  responseBody: string;
  /** epoch ms of the call */
  at: number;
}

export class InferenceLogger {
  private readonly types = new Map<string, avro.Type>();

  constructor(
    private readonly producer: Producer,
    private readonly state: SandboxState,
  ) {}

  /** The Avro datums for a call, without sending them (empty when the deployment does not log). */
  encode(call: InferenceCall): Buffer[] {
    const { serving } = call;
    const mode = serving.spec.inferenceLogging;
    const subject = serving.topicName ? this.state.topicSubject(serving.topicName) : undefined;
    if (!mode || !subject) return [];
    const type = this.typeFor(subject.schema);
    const fields = new Set(
      (JSON.parse(subject.schema) as { fields: { name: string }[] }).fields.map((f) => f.name),
    );
    const common = {
      modelName: serving.spec.name,
      modelVersion: serving.spec.modelVersion,
    };
    if (fields.has('inferenceId')) {
      const base = {
        ...common,
        servingId: serving.id,
        inferenceId: randomUUID(),
        requestTimestamp: Math.floor(call.at / 1000),
      };
      const out: Buffer[] = [];
      if (mode === 'ALL' || mode === 'MODEL_INPUTS') {
        out.push(
          type.toBuffer({ ...base, responseHttpCode: 0, messageType: 'request', payload: call.requestBody }),
        );
      }
      // The KServe agent emits a response event only for HTTP 200.
      if ((mode === 'ALL' || mode === 'PREDICTIONS') && call.status === 200) {
        out.push(
          type.toBuffer({
            ...base,
            responseHttpCode: 200,
            messageType: 'response',
            payload: call.responseBody,
          }),
        );
      }
      return out;
    }
    return [
      type.toBuffer({
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
    ];
  }

  /** Encodes and produces the call's events to the deployment's topic; resolves once the broker acked. */
  async log(call: InferenceCall): Promise<number> {
    const values = this.encode(call);
    const topic = call.serving.topicName;
    if (values.length === 0 || !topic) return 0;
    await this.producer.send({ topic, messages: values.map((value) => ({ value })) });
    return values.length;
  }

  private typeFor(schema: string): avro.Type {
    let type = this.types.get(schema);
    if (!type) {
      type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema);
      this.types.set(schema, type);
    }
    return type;
  }
}
