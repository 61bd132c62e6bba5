// The features each seeded model reads, and how their values are distributed. One definition feeds three
// things that must agree: the model schemas and input examples in the model registry, the training data whose
// statistics the feature store reports, and the live traffic, so live values look like the training data
// until drift is switched on.
import type { Random } from './random';
import { clamp, normal, roundTo } from './random';

export type ModelFamily = 'iris' | 'fraud' | 'churn';

export interface FeatureSpec {
  name: string;
  /** Feature store (Hive) type, as a training dataset feature and a Spark-made schema carry it. */
  hiveType: 'double' | 'bigint' | 'string';
  /** pandas dtype, as a schema made from a DataFrame carries it. */
  pandasType: 'float64' | 'int64' | 'object';
  /** Deequ's type in the descriptive statistics. */
  statsType: 'Fractional' | 'Integral' | 'String';
  /** Decimals kept in requests (0 for whole numbers). */
  digits: number;
  description: string;
}

export interface LabelledRow {
  /** Feature values in schema order. */
  features: number[];
  label: string | number;
}

export interface FamilyData {
  family: ModelFamily;
  features: readonly FeatureSpec[];
  label: FeatureSpec;
  sample(rnd: Random): LabelledRow;
}

const double = (name: string, digits: number, description: string): FeatureSpec => ({
  name,
  hiveType: 'double',
  pandasType: 'float64',
  statsType: 'Fractional',
  digits,
  description,
});
const whole = (name: string, description: string): FeatureSpec => ({
  name,
  hiveType: 'bigint',
  pandasType: 'int64',
  statsType: 'Integral',
  digits: 0,
  description,
});

export const IRIS_SPECIES = ['setosa', 'versicolor', 'virginica'] as const;

// Per species: [mean, sd] of sepal length, sepal width, petal length, petal width (Fisher's iris data, rounded).
const IRIS_SHAPE: readonly (readonly [number, number])[][] = [
  [
    [5.01, 0.35],
    [3.43, 0.38],
    [1.46, 0.17],
    [0.25, 0.11],
  ],
  [
    [5.94, 0.52],
    [2.77, 0.31],
    [4.26, 0.47],
    [1.33, 0.2],
  ],
  [
    [6.59, 0.64],
    [2.97, 0.32],
    [5.55, 0.55],
    [2.03, 0.27],
  ],
];

const IRIS: FamilyData = {
  family: 'iris',
  features: [
    double('sepal_length', 1, 'Sepal length in cm'),
    double('sepal_width', 1, 'Sepal width in cm'),
    double('petal_length', 1, 'Petal length in cm'),
    double('petal_width', 1, 'Petal width in cm'),
  ],
  label: {
    name: 'variety',
    hiveType: 'string',
    pandasType: 'object',
    statsType: 'String',
    digits: 0,
    description: 'Iris species',
  },
  sample(rnd) {
    const species = Math.min(2, Math.floor(rnd() * 3));
    const shape = IRIS_SHAPE[species] as (readonly [number, number])[];
    const features = shape.map(([mean, sd]) => roundTo(Math.max(0.1, normal(rnd, mean, sd)), 1));
    return { features, label: IRIS_SPECIES[species] as string };
  },
};

const FRAUD: FamilyData = {
  family: 'fraud',
  features: [
    double('amount', 2, 'Transaction amount, scaled (amount / median amount of the card)'),
    whole('hour', 'Hour of day of the transaction (0-23)'),
    whole('foreign_card', '1 when the card was issued abroad'),
    whole('card_present', '1 when the card was present at the terminal'),
  ],
  label: whole('is_fraud', '1 when the transaction was reported as fraud'),
  sample(rnd) {
    // Amounts are skewed: most near 1 (the card's usual amount), a long tail up to about 3.
    const amount = roundTo(clamp(Math.exp(normal(rnd, -0.1, 0.45)), 0, 6), 2);
    // More transactions by day than by night.
    const hour = rnd() < 0.85 ? Math.floor(7 + rnd() * 16) : Math.floor(rnd() * 7);
    const foreign = rnd() < 0.15 ? 1 : 0;
    const present = rnd() < 0.7 ? 1 : 0;
    const p = 1 / (1 + Math.exp(-(-4 + 2.2 * amount + (hour < 6 ? 1.2 : 0) + 1.5 * foreign - 1.1 * present)));
    return { features: [amount, hour, foreign, present], label: rnd() < p ? 1 : 0 };
  },
};

const CHURN: FamilyData = {
  family: 'churn',
  features: [
    whole('tenure_months', 'Months since the customer signed up'),
    double('monthly_charges', 2, 'Monthly charges in EUR'),
    whole('support_calls', 'Calls to support in the last 3 months'),
  ],
  label: whole('churned', '1 when the customer left within 3 months'),
  sample(rnd) {
    const tenure = Math.floor(rnd() * 72);
    const charges = roundTo(clamp(normal(rnd, 65, 25), 18, 120), 2);
    // Few calls for most customers (a geometric-like tail up to 5).
    let calls = 0;
    while (calls < 5 && rnd() < 0.45) calls++;
    const p = 1 / (1 + Math.exp(-(-1 - 0.06 * tenure + 0.02 * charges + 0.45 * calls)));
    return { features: [tenure, charges, calls], label: rnd() < p ? 1 : 0 };
  },
};

const FAMILIES: Record<ModelFamily, FamilyData> = { iris: IRIS, fraud: FRAUD, churn: CHURN };

/** The same name rule as the sandbox's model server (`behaviourFor`): by the model name's prefix. */
export function familyOf(modelName: string): ModelFamily {
  if (modelName.startsWith('iris')) return 'iris';
  if (modelName.startsWith('fraud')) return 'fraud';
  return 'churn';
}

export function familyData(modelName: string): FamilyData {
  return FAMILIES[familyOf(modelName)];
}

export function dataOfFamily(family: ModelFamily): FamilyData {
  return FAMILIES[family];
}

/** Every feature name a drift setting may name, by family. */
export function featureNames(): Record<ModelFamily, string[]> {
  return {
    iris: IRIS.features.map((f) => f.name),
    fraud: FRAUD.features.map((f) => f.name),
    churn: CHURN.features.map((f) => f.name),
  };
}
