// Plausible client requests for the seeded models, written the way the Python client sends them
// (`json.dumps`: a space after ':' and ','), with a small share of bad rows so some calls fail. Feature values
// follow the distributions the training statistics were computed from (sandbox/data/features.ts), in the
// column order of each model's schema, moved by the drift switch when it is on.
import type { DriftShifts } from '../data/drift';
import { applyDrift } from '../data/drift';
import { familyData } from '../data/features';
import type { Random } from '../data/random';
import type { ServedModel } from './modelServer';

export type { Random } from '../data/random';

function pyJson(value: unknown): string {
  return JSON.stringify(value).replace(/([:,])(?=\S)/g, '$1 ');
}

/** One row of feature values for this model, as live traffic sends it (drift applied when given). */
export function featureRow(modelName: string, rnd: Random, drift?: Readonly<DriftShifts>): number[] {
  return applyDrift(modelName, familyData(modelName).sample(rnd).features, drift);
}

/** One request body; when `bad`, one value is the string "n/a", which the model rejects. */
export function requestBody(
  model: ServedModel,
  rnd: Random,
  bad = false,
  drift?: Readonly<DriftShifts>,
): string {
  const rowCount = rnd() < 0.8 ? 1 : 1 + Math.floor(rnd() * 3);
  const rows: (number | string)[][] = [];
  for (let i = 0; i < rowCount; i++) rows.push(featureRow(model.modelName, rnd, drift));
  if (bad) {
    const row = rows[0] as (number | string)[];
    row[Math.floor(rnd() * row.length)] = 'n/a';
  }
  const body: Record<string, unknown> =
    model.modelServer === 'TENSORFLOW_SERVING'
      ? { signature_name: 'serving_default', instances: rows }
      : model.servingTool === 'DEFAULT'
        ? { inputs: rows }
        : { instances: rows };
  return pyJson(body);
}
