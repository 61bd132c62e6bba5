// One request to a deployment, however it arrives (the REST :predict path or the background traffic): an Idle
// deployment wakes up, the model server answers, the transformer and predictor pods print their lines with
// the request id, and the inference logger writes the events with that same id — so what a person reads in
// the server logs and what the log panel shows from Kafka are the same calls.
import { randomInt, randomUUID } from 'node:crypto';
import type { Lifecycle } from '../rest/lifecycle';
import type { ServingRecord } from '../rest/state';
import { predictorCallLines, transformerCallLines } from '../serving/logLines';
import type { CallInfo } from '../serving/logLines';
import { servedInfo } from '../serving/pods';
import type { Pods } from '../serving/pods';
import type { InferenceLogger } from './inferenceLogger';
import { predict } from './modelServer';
import type { ModelAnswer } from './modelServer';

export interface CallOptions {
  /** epoch ms; default now */
  at?: number;
  /** request metadata for schemas that log it (v5) */
  metadata?: string;
}

export interface CallResult {
  answer: ModelAnswer;
  inferenceId: string;
  /** settles when the events are on the broker (resolves to how many), or rejects when the broker failed */
  logged: Promise<number>;
}

export class ServingCalls {
  constructor(private readonly o: { lifecycle: Lifecycle; pods: Pods; logger: InferenceLogger }) {}

  call(serving: ServingRecord, requestBody: string, opts: CallOptions = {}): CallResult {
    const at = opts.at ?? Date.now();
    this.o.lifecycle.touch(serving, at);
    const spec = serving.spec;
    const answer = predict(
      {
        modelName: spec.modelName ?? spec.name,
        ...(spec.modelVersion !== undefined ? { modelVersion: spec.modelVersion } : {}),
        modelServer: spec.modelServer,
        servingTool: spec.servingTool,
      },
      requestBody,
    );
    const inferenceId = randomUUID();
    const predictMs = 0.4 + randomInt(2600) / 1000;
    const info: CallInfo = {
      inferenceId,
      status: answer.status,
      client: `10.244.0.${1 + randomInt(250)}:${32768 + randomInt(28000)}`,
      predictMs,
      ...(answer.exception ? { exception: answer.exception } : {}),
    };
    const served = servedInfo(spec);
    const transformerPod = spec.transformer ? this.o.pods.next(serving.id, 'transformer') : undefined;
    if (transformerPod) this.o.pods.logs.append(transformerPod, transformerCallLines(served, info, at), at);
    const predictorPod = this.o.pods.next(serving.id, 'predictor');
    if (predictorPod) this.o.pods.logs.append(predictorPod, predictorCallLines(served, info, at), at);

    const logged = this.o.logger.log({
      serving,
      requestBody,
      status: answer.status,
      responseBody: answer.body,
      at,
      inferenceId,
      latencyMs: predictMs + (transformerPod ? 3 : 1),
      ...(opts.metadata !== undefined ? { metadata: opts.metadata } : {}),
    });
    return { answer, inferenceId, logged };
  }
}
