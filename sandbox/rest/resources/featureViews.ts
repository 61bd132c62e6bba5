// Feature views, their training datasets and the training datasets' statistics (docs/hopsworks-featurestore.md
// §3–§4): the calls hsfs makes for `fs.get_feature_view(name, version)`,
// `fv.get_training_dataset_statistics(td_version)` and the training-dataset metadata, with the DTO shapes of
// FeatureViewDTO, TrainingDatasetDTO and StatisticsDTO and the feature store's error codes.
import type { FeatureViewRecord, TrainingDatasetRecord } from '../../data/catalog';
import { FEATURE_VIEWS, findFeatureView, trainingStatistics } from '../../data/catalog';
import type { FeatureSpec } from '../../data/features';
import { dataOfFamily } from '../../data/features';
import type { RestContext } from '../context';
import { checkProject, intParam, paginate } from '../context';
import { RestError, illegalArgument, restError } from '../errors';
import type { Request, Router } from '../router';
import { json } from '../router';

const DAY = 24 * 60 * 60 * 1000;

// RESTCodes.FeaturestoreErrorCode (range 270000).
const FEATURE_VIEW_NOT_FOUND = () => new RestError(404, 270181, "Feature view wasn't found.");
const TRAINING_DATASET_NOT_FOUND = () => new RestError(404, 270012, "Training dataset wasn't found.");

// `@Path("/{name: [a-z0-9_]*(?=[a-z])[a-z0-9_]+}")`: anything else matches no resource (404 from JAX-RS).
const NAME_RULE = /^[a-z0-9_]*(?=[a-z])[a-z0-9_]+$/;

function notFound(): RestError {
  return new RestError(404, 120004, 'Web application exception occurred', 'HTTP 404 Not Found');
}

function now(ctx: RestContext): number {
  // The seed puts the project 120 days in the past; feature-store ages count back from the same "now".
  return ctx.state.project.created + 120 * DAY;
}

function checkStore(ctx: RestContext, req: Request): void {
  checkProject(ctx, req.params.pid);
  if (intParam(req.params.fsid, 'featurestoreId') !== ctx.state.featureStoreId)
    throw restError('FEATURESTORE_NOT_FOUND');
}

function featureView(ctx: RestContext, req: Request): FeatureViewRecord {
  checkStore(ctx, req);
  const name = req.params.name ?? '';
  if (!NAME_RULE.test(name) || !/^\d+$/.test(req.params.version ?? '')) throw notFound();
  const fv = findFeatureView(name, Number(req.params.version));
  if (!fv) throw FEATURE_VIEW_NOT_FOUND();
  return fv;
}

function trainingDataset(ctx: RestContext, req: Request): [FeatureViewRecord, TrainingDatasetRecord] {
  const fv = featureView(ctx, req);
  if (!/^\d+$/.test(req.params.tdVersion ?? '')) throw notFound();
  const td = fv.trainingDatasets.find((t) => t.version === Number(req.params.tdVersion));
  if (!td) throw TRAINING_DATASET_NOT_FOUND();
  return [fv, td];
}

function storeUrl(ctx: RestContext): string {
  return `${ctx.apiUrl()}/project/${ctx.state.project.id}/featurestores/${ctx.state.featureStoreId}`;
}

function creator(ctx: RestContext): Record<string, unknown> {
  const p = ctx.state.project;
  return { email: p.email, firstName: p.firstName, lastName: p.lastName, username: p.username };
}

function featureGroupRef(ctx: RestContext, fv: FeatureViewRecord): Record<string, unknown> {
  return {
    type: 'cachedFeaturegroupDTO',
    id: fv.featureGroup.id,
    name: fv.featureGroup.name,
    version: fv.featureGroup.version,
    featurestoreId: ctx.state.featureStoreId,
    featurestoreName: `${ctx.state.project.name}_featurestore`,
  };
}

/** TrainingDatasetFeatureDTO list: features in order, the label last and flagged. */
function features(ctx: RestContext, fv: FeatureViewRecord): Record<string, unknown>[] {
  const data = dataOfFamily(fv.family);
  const one = (spec: FeatureSpec, index: number, label: boolean) => ({
    name: spec.name,
    type: spec.hiveType,
    index,
    label,
    inferenceHelperColumn: false,
    trainingHelperColumn: false,
    featureGroupFeatureName: spec.name,
    featuregroup: featureGroupRef(ctx, fv),
  });
  return [...data.features.map((s, i) => one(s, i, false)), one(data.label, data.features.length, true)];
}

function featureViewDto(
  ctx: RestContext,
  fv: FeatureViewRecord,
  expand: Set<string>,
): Record<string, unknown> {
  const data = dataOfFamily(fv.family);
  const all = [...data.features, data.label];
  return {
    type: 'featureViewDTO',
    href: `${storeUrl(ctx)}/featureview/${fv.name}/version/${fv.version}`,
    id: fv.id,
    name: fv.name,
    version: fv.version,
    description: fv.description,
    featurestoreId: ctx.state.featureStoreId,
    featurestoreName: `${ctx.state.project.name}_featurestore`,
    created: now(ctx) - fv.ageDays * DAY,
    creator: creator(ctx),
    features: expand.has('features') ? features(ctx, fv) : undefined,
    query: expand.has('query')
      ? {
          leftFeatureGroup: featureGroupRef(ctx, fv),
          leftFeatures: all.map((s) => ({ name: s.name, type: s.hiveType })),
          joins: [],
          hiveEngine: false,
        }
      : undefined,
  };
}

function trainingDatasetDto(
  ctx: RestContext,
  fv: FeatureViewRecord,
  td: TrainingDatasetRecord,
): Record<string, unknown> {
  const name = `${fv.name}_${fv.version}`;
  const store = `${ctx.state.project.name}_featurestore`;
  return {
    type: 'trainingDatasetDTO',
    href: `${storeUrl(ctx)}/featureview/${fv.name}/version/${fv.version}/trainingdatasets/version/${td.version}`,
    id: td.id,
    name,
    version: td.version,
    description: td.description,
    featurestoreId: ctx.state.featureStoreId,
    featurestoreName: store,
    created: now(ctx) - td.ageDays * DAY,
    creator: creator(ctx),
    location: `hopsfs://namenode.service.consul:8020/apps/hive/warehouse/${ctx.state.project.name}_Training_Datasets/${name}_${td.version}`,
    dataFormat: 'parquet',
    coalesce: false,
    trainingDatasetType: 'HOPSFS_TRAINING_DATASET',
    splits: (td.splits ?? []).map((s) => ({
      name: s.name,
      percentage: s.percentage,
      splitType: 'RANDOM_SPLIT',
    })),
    seed: td.seed,
    trainSplit: td.splits ? 'train' : undefined,
    fromQuery: true,
    features: features(ctx, fv),
    statisticsConfig: {
      enabled: true,
      histograms: true,
      correlations: false,
      exactUniqueness: false,
      columns: [],
    },
  };
}

// ---- statistics --------------------------------------------------------------------------------------------

interface StatisticsQuery {
  content: boolean;
  beforeTransformation: boolean;
  computationTime?: { op: string; value: number };
  featureNames?: Set<string>;
}

// filter_by values the server accepts for a training dataset (StatisticsFilters, validateStatisticsFilters).
function parseStatisticsQuery(req: Request): StatisticsQuery {
  const q: StatisticsQuery = {
    content: req.query.getAll('fields').some((f) => f.split(',').includes('content')),
    beforeTransformation: false,
  };
  // for_transformation: the pre-3.7 spelling of before_transformation_eq, still read by the server.
  const legacy = req.query.get('for_transformation');
  if (legacy !== null) q.beforeTransformation = legacy.toLowerCase() === 'true';
  for (const filter of req.query.getAll('filter_by')) {
    const colon = filter.indexOf(':');
    const key = (colon < 0 ? filter : filter.slice(0, colon)).toUpperCase();
    const param = colon < 0 ? '' : filter.slice(colon + 1);
    const time = /^COMPUTATION_TIME_(GT|LT|EQ|GTOEQ|LTOEQ)$/.exec(key);
    if (time) {
      if (!/^\d+$/.test(param)) throw illegalArgument(`Filter '${key}' needs a time in epoch milliseconds`);
      if (q.computationTime) throw illegalArgument('Overlapping filters are not supported');
      q.computationTime = { op: time[1] as string, value: Number(param) };
    } else if (key === 'BEFORE_TRANSFORMATION_EQ') {
      // Java's Boolean.valueOf: "true" in any case is true, anything else false.
      q.beforeTransformation = param.toLowerCase() === 'true';
    } else if (key === 'ROW_PERCENTAGE_EQ' || key.startsWith('WINDOW_')) {
      throw illegalArgument(`Filter '${key}' not supported for Training Dataset statistics`);
    } else {
      throw new RestError(
        400,
        120004,
        'Web application exception occurred',
        `Filter by need to set a valid filter parameter, but found: ${key}`,
      );
    }
  }
  const names = req.query.getAll('feature_names').flatMap((n) => n.split(','));
  if (names.length > 0) q.featureNames = new Set(names);
  return q;
}

function timeMatches(at: number, f: StatisticsQuery['computationTime']): boolean {
  if (!f) return true;
  switch (f.op) {
    case 'GT':
      return at > f.value;
    case 'LT':
      return at < f.value;
    case 'EQ':
      return at === f.value;
    case 'GTOEQ':
      return at >= f.value;
    default:
      return at <= f.value;
  }
}

function statisticsDto(ctx: RestContext, req: Request) {
  const [fv, td] = trainingDataset(ctx, req);
  const q = parseStatisticsQuery(req);
  const base = `${storeUrl(ctx)}/featureview/${fv.name}/version/${fv.version}/trainingdatasets/version/${td.version}/statistics`;
  const computationTime = now(ctx) - td.ageDays * DAY + 5 * 60_000;
  // One statistics computation per training dataset, made before any transformation function ran
  // (beforeTransformation = false is what `get_training_dataset_statistics()` asks for by default).
  const matches = !q.beforeTransformation && timeMatches(computationTime, q.computationTime);
  const pick = <T extends { featureName: string }>(list: T[]) =>
    q.featureNames ? list.filter((s) => q.featureNames?.has(s.featureName)) : list;
  const stats = trainingStatistics(fv, td);
  const item = {
    href: `${base}?filter_by=computation_time_eq:${computationTime}&fields=content&offset=0&limit=1`,
    computationTime,
    rowPercentage: 1.0,
    featureViewName: fv.name,
    featureViewVersion: fv.version,
    trainingDatasetVersion: td.version,
    beforeTransformation: false,
    featureDescriptiveStatistics: q.content && stats.all ? pick(stats.all) : undefined,
    splitStatistics:
      q.content && stats.splits
        ? stats.splits.map((s) => ({ name: s.name, featureDescriptiveStatistics: pick(s.statistics) }))
        : undefined,
  };
  const items = matches ? paginate([item], req.query) : [];
  return json(200, {
    href: `${base}${req.query.size > 0 ? `?${req.query.toString()}` : ''}`,
    count: matches ? 1 : 0,
    items: items.length > 0 ? items : undefined,
  });
}

export function registerFeatureViews(router: Router, ctx: RestContext): void {
  const base = '/project/:pid/featurestores/:fsid/featureview';
  const expand = (req: Request) =>
    new Set(req.query.getAll('expand').flatMap((e) => e.toLowerCase().split(',')));

  router.add('GET', base, 'FEATURESTORE', (req) => {
    checkStore(ctx, req);
    const all = FEATURE_VIEWS.map((fv) => featureViewDto(ctx, fv, expand(req)));
    return json(200, {
      href: `${storeUrl(ctx)}/featureview`,
      count: all.length,
      items: paginate(all, req.query),
    });
  });

  router.add('GET', `${base}/:name`, 'FEATURESTORE', (req) => {
    checkStore(ctx, req);
    const name = req.params.name ?? '';
    if (!NAME_RULE.test(name)) throw notFound();
    const versions = FEATURE_VIEWS.filter((fv) => fv.name === name);
    if (versions.length === 0) throw FEATURE_VIEW_NOT_FOUND();
    const items = versions.map((fv) => featureViewDto(ctx, fv, expand(req)));
    return json(200, { href: `${storeUrl(ctx)}/featureview/${name}`, count: items.length, items });
  });

  router.add('GET', `${base}/:name/version/:version`, 'FEATURESTORE', (req) =>
    json(200, featureViewDto(ctx, featureView(ctx, req), expand(req))),
  );

  router.add('GET', `${base}/:name/version/:version/trainingdatasets`, 'FEATURESTORE', (req) => {
    const fv = featureView(ctx, req);
    const items = fv.trainingDatasets.map((td) => trainingDatasetDto(ctx, fv, td));
    return json(200, {
      href: `${storeUrl(ctx)}/featureview/${fv.name}/version/${fv.version}/trainingdatasets`,
      count: items.length,
      items,
    });
  });

  router.add(
    'GET',
    `${base}/:name/version/:version/trainingdatasets/version/:tdVersion`,
    'FEATURESTORE',
    (req) => {
      const [fv, td] = trainingDataset(ctx, req);
      return json(200, trainingDatasetDto(ctx, fv, td));
    },
  );

  // The server accepts DATASET_VIEW or FEATURESTORE here; the sandbox's router checks one scope per route.
  router.add(
    'GET',
    `${base}/:name/version/:version/trainingdatasets/version/:tdVersion/statistics`,
    'FEATURESTORE',
    (req) => statisticsDto(ctx, req),
  );
}
