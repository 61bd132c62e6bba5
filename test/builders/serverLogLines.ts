// Server-log lines as the model servers print them, from the sandbox's own printers (sandbox/serving/logLines.ts),
// so the extension's parsing is tested on the same text the sandbox serves, and a pod's answer as the logs
// endpoint returns it (`{instanceName, content}`, newline-terminated).
import { randomUUID } from 'node:crypto';
import type { CallInfo, ServedInfo } from '../../sandbox/serving/logLines';
import { predictorCallLines, startupLines, transformerCallLines } from '../../sandbox/serving/logLines';
import type { DeploymentLogs } from '../../src/hopsworks/types';

export const IRIS: ServedInfo = {
  name: 'irisclassifier',
  servingTool: 'KSERVE',
  modelServer: 'PYTHON',
  modelName: 'irisclassifier',
  modelVersion: 3,
};

export const IRIS_POD = 'irisclassifier-predictor-00001-deployment-bcdfg23456-xz2k9';
export const IRIS_POD_2 = 'irisclassifier-predictor-00001-deployment-bcdfg23456-q7r4m';

export function aCall(over: Partial<CallInfo> = {}): CallInfo {
  return { inferenceId: randomUUID(), status: 200, client: '10.0.0.7:51234', predictMs: 1.25, ...over };
}

export function aFailedCall(over: Partial<CallInfo> = {}): CallInfo {
  return aCall({
    status: 500,
    exception: { type: 'ValueError', message: "could not convert string to float: 'n/a'" },
    ...over,
  });
}

export const startup = (at: number, s: ServedInfo = IRIS) => startupLines(s, 'predictor', at);
export const predictorCall = (c: CallInfo, at: number, s: ServedInfo = IRIS) => predictorCallLines(s, c, at);
export const transformerCall = (c: CallInfo, at: number, s: ServedInfo = IRIS) =>
  transformerCallLines(s, c, at);

/** One pod's item of the logs endpoint (Kubernetes source). */
export function podAnswer(instanceName: string, lines: readonly string[]): DeploymentLogs {
  return { instanceName, content: lines.length > 0 ? `${lines.join('\n')}\n` : '' };
}
