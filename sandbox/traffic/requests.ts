// Plausible client requests for the seeded models, written the way the Python client sends them
// (`json.dumps`: a space after ':' and ','), with a small share of bad rows so some calls fail.
import type { ServedModel } from './modelServer';
import { behaviourFor } from './modelServer';

export type Random = () => number;

const between = (rnd: Random, lo: number, hi: number, digits = 1) =>
  Math.round((lo + rnd() * (hi - lo)) * 10 ** digits) / 10 ** digits;

function irisRow(rnd: Random): number[] {
  const species = Math.floor(rnd() * 3);
  const [pl, pw] = species === 0 ? [1.0, 0.1] : species === 1 ? [3.5, 1.0] : [4.8, 1.8];
  return [
    between(rnd, 4.4, 7.6),
    between(rnd, 2.2, 4.2),
    between(rnd, pl, pl + 1.6),
    between(rnd, pw, pw + 0.7),
  ];
}

function fraudRow(rnd: Random): number[] {
  return [between(rnd, 0, 3, 2), Math.floor(rnd() * 24), rnd() < 0.15 ? 1 : 0, rnd() < 0.7 ? 1 : 0];
}

function churnRow(rnd: Random): number[] {
  return [Math.floor(rnd() * 72), between(rnd, 18, 120, 2), Math.floor(rnd() * 6)];
}

function rowFor(modelName: string, rnd: Random): number[] {
  if (modelName.startsWith('iris')) return irisRow(rnd);
  if (modelName.startsWith('fraud')) return fraudRow(rnd);
  return churnRow(rnd);
}

function pyJson(value: unknown): string {
  return JSON.stringify(value).replace(/([:,])(?=\S)/g, '$1 ');
}

/** One request body; when `bad`, one value is the string "n/a", which the model rejects. */
export function requestBody(model: ServedModel, rnd: Random, bad = false): string {
  const rowCount = rnd() < 0.8 ? 1 : 1 + Math.floor(rnd() * 3);
  const rows: (number | string)[][] = [];
  for (let i = 0; i < rowCount; i++) rows.push(rowFor(model.modelName, rnd));
  if (bad) {
    const row = rows[0] as (number | string)[];
    row[Math.floor(rnd() * behaviourFor(model.modelName).features)] = 'n/a';
  }
  const body: Record<string, unknown> =
    model.modelServer === 'TENSORFLOW_SERVING'
      ? { signature_name: 'serving_default', instances: rows }
      : model.servingTool === 'DEFAULT'
        ? { inputs: rows }
        : { instances: rows };
  return pyJson(body);
}
