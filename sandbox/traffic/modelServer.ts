// What the sandbox's "model servers" answer: small rule-based models per registry model (iris species,
// fraud score, churn probability) behind the error behaviour of the real servers — KServe's Python server
// and TF Serving answer JSON errors, the Flask-based DEFAULT Python server an HTML error page. A failed call
// also says which Python exception the server raised, for the server log's stack trace.
import type { ModelServer, ServingTool } from '../types';

export interface ModelAnswer {
  status: number;
  body: string;
  /** The exception behind a failed call, e.g. `{ type: 'ValueError', message: "could not convert…" }`. */
  exception?: { type: string; message: string };
}

export interface ServedModel {
  modelName: string;
  /** The registry version served; older iris versions answer a little differently (see IRIS_V2). */
  modelVersion?: number;
  modelServer: ModelServer;
  servingTool: ServingTool;
}

type Predict = (row: number[]) => unknown;

interface Behaviour {
  features: number;
  predict: Predict;
}

const IRIS: Behaviour = {
  features: 4,
  // Petal length and width separate the three species well enough for a stand-in.
  predict: ([, , petalLength = 0, petalWidth = 0]) => (petalLength < 2.5 ? 0 : petalWidth < 1.75 ? 1 : 2),
};

// Versions 1 and 2 of the iris model drew the versicolor/virginica line lower, so replaying v3's logged
// requests to an older version changes the answer for flowers with petals 1.6 to 1.75 cm wide (a few percent
// of the traffic): what "Replay to…" is for.
const IRIS_V2: Behaviour = {
  features: 4,
  predict: ([, , petalLength = 0, petalWidth = 0]) => (petalLength < 2.5 ? 0 : petalWidth < 1.6 ? 1 : 2),
};

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

const FRAUD: Behaviour = {
  features: 4,
  // [normalised amount, hour of day, foreign card (0/1), card present (0/1)] -> [fraud probability]
  predict: ([amount = 0, hour = 12, foreign = 0, present = 1]) => [
    round(sigmoid(-4 + 2.2 * amount + (hour < 6 ? 1.2 : 0) + 1.5 * foreign - 1.1 * present)),
  ],
};

const CHURN: Behaviour = {
  features: 3,
  // [tenure in months, monthly charges, support calls] -> churn probability
  predict: ([tenure = 12, charges = 50, calls = 0]) =>
    round(sigmoid(-1 - 0.06 * tenure + 0.02 * charges + 0.45 * calls)),
};

export function behaviourFor(modelName: string, modelVersion?: number): Behaviour {
  if (modelName.startsWith('iris')) return modelVersion !== undefined && modelVersion <= 2 ? IRIS_V2 : IRIS;
  if (modelName.startsWith('fraud')) return FRAUD;
  return CHURN;
}

export const FLASK_500_PAGE =
  '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n' +
  '<p>The server encountered an internal error and was unable to complete your request. Either the server is ' +
  'overloaded or there is an error in the application.</p>\n';

function error(model: ServedModel, status: number, type: string, message: string): ModelAnswer {
  const exception = { type, message };
  if (model.servingTool === 'DEFAULT' && model.modelServer === 'PYTHON') {
    return { status: 500, body: FLASK_500_PAGE, exception };
  }
  return { status, body: JSON.stringify({ error: `${type}: ${message}` }), exception };
}

function pyRepr(x: unknown): string {
  return typeof x === 'string' ? `'${x}'` : JSON.stringify(x);
}

/** Answers one V1 inference request (`{"instances": …}` or `{"inputs": …}`) as the model server would. */
export function predict(model: ServedModel, requestBody: string): ModelAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(requestBody);
  } catch (e) {
    return error(model, 400, 'JSONDecodeError', (e as Error).message);
  }
  const rows =
    typeof parsed === 'object' && parsed !== null
      ? ((parsed as Record<string, unknown>).instances ?? (parsed as Record<string, unknown>).inputs)
      : undefined;
  if (!Array.isArray(rows) || rows.length === 0) {
    return error(model, 400, 'InvalidInput', 'Expected "instances" or "inputs" to be a non-empty list');
  }
  const behaviour = behaviourFor(model.modelName, model.modelVersion);
  const predictions: unknown[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== behaviour.features || row.some((x) => typeof x !== 'number')) {
      // sklearn and TF fail on non-numeric or wrongly shaped input; KServe's Python server answers 500.
      const bad: unknown = Array.isArray(row)
        ? (row as unknown[]).find((x) => typeof x !== 'number')
        : undefined;
      return model.modelServer === 'TENSORFLOW_SERVING'
        ? error(
            model,
            400,
            'InvalidArgument',
            `Failed to process element: 0 of 'instances' list. Expected ${behaviour.features} numbers`,
          )
        : bad !== undefined
          ? error(model, 500, 'ValueError', `could not convert string to float: ${pyRepr(bad)}`)
          : error(
              model,
              500,
              'ValueError',
              `X has ${Array.isArray(row) ? row.length : 1} features, but the model is expecting ${behaviour.features} features as input.`,
            );
    }
    predictions.push(behaviour.predict(row as number[]));
  }
  return { status: 200, body: JSON.stringify({ predictions }) };
}
