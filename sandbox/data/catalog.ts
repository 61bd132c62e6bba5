// What the sandbox's file system and feature store hold besides the model registry: each model version's
// folder (model file, environment, and, per version, `model_schema.json` and/or `input_example.json` written
// the way hsml writes them), a feature view per served model family with training datasets and their
// statistics, and the provenance link from a model version to the training dataset it was trained on.
import type { FamilyData, FeatureSpec, ModelFamily } from './features';
import { dataOfFamily, familyData } from './features';
import { seededRandom } from './random';
import type { DescriptiveStatisticsJson } from './statistics';
import { describeColumn } from './statistics';

/** The parts of a registry model this file needs; the sandbox state's ModelRecord has them. */
export interface ModelRef {
  name: string;
  version: number;
  framework: string;
  created: number;
}

type SchemaFlavour = 'pandas' | 'spark' | 'trainingDataset';

interface ModelFilesPlan {
  /** How the schema was made (which type names it carries), when the version has one. */
  schema?: SchemaFlavour;
  /** Rows the schema's output tensor was made from (`Schema(y_train)` records its shape). */
  trainingRows?: number;
  inputExample?: boolean;
}

// At least one version with a schema, one with only an input example, one with neither (issue 10).
const MODEL_FILES: Record<string, ModelFilesPlan> = {
  irisclassifier_1: { inputExample: true },
  irisclassifier_2: { schema: 'pandas', trainingRows: 120, inputExample: true },
  irisclassifier_3: { schema: 'trainingDataset', inputExample: true },
  fraudtf_1: {},
  fraudtf_2: { schema: 'pandas', trainingRows: 3200 },
  churnpredictor_1: {},
  churnpredictor_2: { inputExample: true },
  churnpredictor_3: { schema: 'spark' },
};

export interface TrainingLink {
  featureView: string;
  featureViewVersion: number;
  trainingDatasetVersion: number;
}

// Which training dataset each model version was trained on (explicit provenance on a real cluster). Kept equal
// to the seeded models' `trainingDatasetVersion`.
const MODEL_TRAINING: Record<string, TrainingLink> = {
  irisclassifier_3: { featureView: 'iris_features', featureViewVersion: 1, trainingDatasetVersion: 2 },
  fraudtf_2: { featureView: 'fraud_features', featureViewVersion: 1, trainingDatasetVersion: 1 },
};

export function trainingLinkOf(model: Pick<ModelRef, 'name' | 'version'>): TrainingLink | undefined {
  return MODEL_TRAINING[`${model.name}_${model.version}`];
}

// ---- model_schema.json / input_example.json ---------------------------------------------------------------

function typeName(spec: FeatureSpec, flavour: SchemaFlavour): string {
  // pandas dtypes for a DataFrame; Spark/Hive type names for a Spark DataFrame or a training dataset.
  return flavour === 'pandas' ? spec.pandasType : spec.hiveType;
}

// hsml writes `json.dumps(schema, sort_keys=True, indent=2)`: keys sorted at every level.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The text of `model_schema.json` (hsml ModelSchema: columnar input, tensor or columnar output). */
export function modelSchemaText(data: FamilyData, flavour: SchemaFlavour, trainingRows = 100): string {
  const columns = (specs: readonly FeatureSpec[]) =>
    specs.map((s) => ({ name: s.name, type: typeName(s, flavour) }));
  const output =
    flavour === 'pandas'
      ? // Schema(y_train) of a numpy array: one tensor object (not a list) with the array's dtype and shape.
        { tensor_schema: { shape: `(${trainingRows},)`, type: 'int64' } }
      : { columnar_schema: columns([data.label]) };
  return JSON.stringify(
    sortKeys({ input_schema: { columnar_schema: columns(data.features) }, output_schema: output }),
    null,
    2,
  );
}

/** The text of `input_example.json`: the first row of the training frame, as `json.dump` writes a list. */
export function inputExampleText(data: FamilyData): string {
  const example = data.sample(seededRandom(7)).features;
  return `[${example.join(', ')}]`;
}

// ---- the project's files ----------------------------------------------------------------------------------

export interface FsEntry {
  /** Full path, e.g. `/Projects/mlops/Models/irisclassifier/3/model_schema.json` */
  path: string;
  dir: boolean;
  /** File content (text); undefined for directories. */
  content?: string;
  modified: number;
}

/** The top-level datasets of every project, as Hopsworks creates them. */
export const DATASETS = ['Models', 'Resources', 'Jupyter', 'Logs', 'DataValidation'] as const;

function modelFileName(framework: string): string {
  if (framework === 'TENSORFLOW') return 'saved_model.pb';
  if (framework === 'TORCH') return 'model.pt';
  if (framework === 'PYTHON') return 'model.joblib';
  return 'model.pkl';
}

/** Every file and folder of the project: `/Projects/<project>` and below. Rebuilt per call (a few dozen entries). */
export function projectFiles(projectName: string, created: number, models: readonly ModelRef[]): FsEntry[] {
  const root = `/Projects/${projectName}`;
  const out: FsEntry[] = [{ path: root, dir: true, modified: created }];
  const dir = (path: string, modified: number) => out.push({ path, dir: true, modified });
  const file = (path: string, content: string, modified: number) =>
    out.push({ path, dir: false, content, modified });
  for (const ds of DATASETS) dir(`${root}/${ds}`, created);
  file(`${root}/Resources/README.md`, `# ${projectName}\n\nFiles of the sandbox project.\n`, created);

  const names = new Set<string>();
  for (const m of models) {
    const folder = `${root}/Models/${m.name}`;
    if (!names.has(m.name)) {
      names.add(m.name);
      dir(folder, m.created);
      file(
        `${root}/Jupyter/train_${m.name}.ipynb`,
        '{"cells": [], "nbformat": 4, "nbformat_minor": 5}\n',
        m.created,
      );
    }
    const version = `${folder}/${m.version}`;
    dir(version, m.created);
    file(
      `${version}/${modelFileName(m.framework)}`,
      `sandbox stand-in for the ${m.name} v${m.version} model\n`,
      m.created,
    );
    file(`${version}/environment.yml`, 'name: inference\ndependencies:\n  - python=3.11\n', m.created);
    if (m.name.startsWith('churn')) {
      file(
        `${version}/predict_churn.py`,
        'class Predict:\n    def predict(self, inputs):\n        ...\n',
        m.created,
      );
    }
    const plan = MODEL_FILES[`${m.name}_${m.version}`] ?? {};
    const data = familyData(m.name);
    if (plan.schema)
      file(`${version}/model_schema.json`, modelSchemaText(data, plan.schema, plan.trainingRows), m.created);
    if (plan.inputExample) file(`${version}/input_example.json`, inputExampleText(data), m.created);
  }
  return out;
}

// ---- feature store ----------------------------------------------------------------------------------------

export interface SplitRecord {
  name: 'train' | 'test';
  percentage: number;
}

export interface TrainingDatasetRecord {
  id: number;
  version: number;
  description: string;
  rows: number;
  seed: number;
  splits?: SplitRecord[];
  /** Days before the project's "now" it was created; statistics were computed 5 minutes later. */
  ageDays: number;
}

export interface FeatureViewRecord {
  id: number;
  name: string;
  version: number;
  description: string;
  family: ModelFamily;
  featureGroup: { id: number; name: string; version: number };
  ageDays: number;
  trainingDatasets: TrainingDatasetRecord[];
}

export const FEATURE_VIEWS: readonly FeatureViewRecord[] = [
  {
    id: 5,
    name: 'iris_features',
    version: 1,
    description: 'Iris measurements with the species as label',
    family: 'iris',
    featureGroup: { id: 13, name: 'iris', version: 1 },
    ageDays: 62,
    trainingDatasets: [
      { id: 21, version: 1, description: 'All rows', rows: 900, seed: 101, ageDays: 61 },
      {
        id: 22,
        version: 2,
        description: 'Random 80/20 train/test split',
        rows: 1200,
        seed: 102,
        splits: [
          { name: 'train', percentage: 0.8 },
          { name: 'test', percentage: 0.2 },
        ],
        ageDays: 10,
      },
    ],
  },
  {
    id: 6,
    name: 'fraud_features',
    version: 1,
    description: 'Card transactions with the fraud report as label',
    family: 'fraud',
    featureGroup: { id: 14, name: 'card_transactions', version: 1 },
    ageDays: 50,
    trainingDatasets: [
      { id: 23, version: 1, description: 'Last 90 days', rows: 4000, seed: 201, ageDays: 13 },
    ],
  },
];

export function findFeatureView(name: string, version: number): FeatureViewRecord | undefined {
  return FEATURE_VIEWS.find((fv) => fv.name === name && fv.version === version);
}

export interface TrainingStatistics {
  /** Without splits: statistics of all rows. */
  all?: DescriptiveStatisticsJson[];
  /** With splits: per split, in the order the server lists them (train, test). */
  splits?: { name: string; statistics: DescriptiveStatisticsJson[] }[];
}

const statisticsCache = new Map<string, TrainingStatistics>();

function describeRows(
  data: FamilyData,
  rows: { features: number[]; label: string | number }[],
  firstId: number,
): DescriptiveStatisticsJson[] {
  const out = data.features.map((spec, i) =>
    describeColumn(
      firstId + i,
      spec,
      rows.map((r) => r.features[i] as number),
    ),
  );
  out.push(
    describeColumn(
      firstId + data.features.length,
      data.label,
      rows.map((r) => r.label),
    ),
  );
  return out;
}

/**
 * The statistics of a training dataset, computed from its rows: the rows are drawn (seeded) from the same
 * distributions as the live traffic, so undrifted traffic matches them and drifted traffic does not.
 */
export function trainingStatistics(fv: FeatureViewRecord, td: TrainingDatasetRecord): TrainingStatistics {
  const key = `${fv.name}:${fv.version}:${td.version}`;
  const cached = statisticsCache.get(key);
  if (cached) return cached;
  const data = dataOfFamily(fv.family);
  const rnd = seededRandom(td.seed);
  const rows = Array.from({ length: td.rows }, () => data.sample(rnd));
  const firstId = td.id * 100;
  let result: TrainingStatistics;
  if (!td.splits) {
    result = { all: describeRows(data, rows, firstId) };
  } else {
    let start = 0;
    result = {
      splits: td.splits.map((split, i) => {
        const n = Math.round(split.percentage * rows.length);
        const part = rows.slice(start, start + n);
        start += n;
        return { name: split.name, statistics: describeRows(data, part, firstId + i * 20) };
      }),
    };
  }
  statisticsCache.set(key, result);
  return result;
}
