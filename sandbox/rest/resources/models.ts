// Model registry (hopsworks-rest.md §3): registries, model versions with filter_by / sort_by / paging.
import type { RestContext } from '../context';
import { checkProject, collection, pagedCollection, projectUrl } from '../context';
import { restError } from '../errors';
import type { Router } from '../router';
import { json } from '../router';
import type { ModelRecord } from '../state';

export function registerModels(router: Router, ctx: RestContext): void {
  const { state } = ctx;

  router.add('GET', '/project/:pid/modelregistries', 'MODELREGISTRY', (req) => {
    checkProject(ctx, req.params.pid);
    const href = `${projectUrl(ctx)}/modelregistries`;
    return json(
      200,
      collection(href, [
        { href: `${href}/${state.project.id}`, id: state.project.id, name: state.project.name },
      ]),
    );
  });

  router.add('GET', '/project/:pid/modelregistries/:rid/models', 'MODELREGISTRY', (req) => {
    checkProject(ctx, req.params.pid);
    checkRegistry(ctx, req.params.rid);
    let models = applyFilters(state.models, req.query.getAll('filter_by'));
    models = sortModels(models, req.query.get('sort_by'));
    const href = `${projectUrl(ctx)}/modelregistries/${state.project.id}/models`;
    return json(
      200,
      pagedCollection(href, models, req.query, (m) => modelDto(ctx, m)),
    );
  });

  router.add('GET', '/project/:pid/modelregistries/:rid/models/:id', 'MODELREGISTRY', (req) => {
    checkProject(ctx, req.params.pid);
    checkRegistry(ctx, req.params.rid);
    const match = /^(.+)_(\d+)$/.exec(req.params.id ?? '');
    const model = match ? state.findModel(match[1] as string, Number(match[2])) : undefined;
    if (!model) throw restError('MODEL_NOT_FOUND');
    return json(200, modelDto(ctx, model));
  });
}

function checkRegistry(ctx: RestContext, rid: string | undefined): void {
  // Only the project's own registry exists here (no shared registries).
  if (rid !== String(ctx.state.project.id)) throw restError('MODEL_NOT_FOUND', 'Model registry not found');
}

function applyFilters(models: ModelRecord[], filters: string[]): ModelRecord[] {
  let out = [...models];
  for (const filter of filters) {
    const colon = filter.indexOf(':');
    const key = (colon < 0 ? filter : filter.slice(0, colon)).toLowerCase();
    const value = colon < 0 ? '' : filter.slice(colon + 1);
    switch (key) {
      case 'name_eq':
        out = out.filter((m) => m.name === value);
        break;
      case 'name_like':
        out = out.filter((m) => m.name.toLowerCase().includes(value.toLowerCase()));
        break;
      case 'version':
        out = out.filter((m) => String(m.version) === value);
        break;
      case 'latest_version': {
        const latest = new Map<string, number>();
        for (const m of models) latest.set(m.name, Math.max(latest.get(m.name) ?? 0, m.version));
        out = out.filter((m) => latest.get(m.name) === m.version);
        break;
      }
      default:
        throw restError(
          'WEBAPPLICATION',
          `Filter by need to set a valid filter parameter, but found: ${key}`,
        );
    }
  }
  return out;
}

// `name:asc|desc`, or a metric key; several comma-separated keys apply in order.
function sortModels(models: ModelRecord[], sortBy: string | null): ModelRecord[] {
  if (!sortBy) return models;
  const keys = sortBy.split(',').map((part) => {
    const [field = '', dir = 'asc'] = part.split(':');
    return { field, sign: dir.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return [...models].sort((a, b) => {
    for (const { field, sign } of keys) {
      const d =
        field.toLowerCase() === 'name'
          ? a.name.localeCompare(b.name)
          : (a.metrics[field] ?? -Infinity) - (b.metrics[field] ?? -Infinity);
      if (d !== 0) return d * sign;
    }
    return 0;
  });
}

function modelDto(ctx: RestContext, m: ModelRecord): Record<string, unknown> {
  const { project } = ctx.state;
  const href = `${projectUrl(ctx)}/modelregistries/${project.id}/models/${m.name}_${m.version}`;
  const versionPath = `/Projects/${project.name}/Models/${m.name}/${m.version}`;
  return {
    href,
    id: `${m.name}_${m.version}`,
    name: m.name,
    version: m.version,
    framework: m.framework,
    created: m.created,
    userFullName: ctx.state.userFullName,
    creator: { href: `${ctx.apiUrl()}/users/${project.username}` },
    metrics: m.metrics,
    description: m.description,
    environment: m.environment,
    program: m.program,
    projectName: project.name,
    modelRegistryId: project.id,
    modelSchema: { href: `${ctx.apiUrl()}/project/${project.id}/dataset${versionPath}/model_schema.json` },
    inputExample: { href: `${ctx.apiUrl()}/project/${project.id}/dataset${versionPath}/input_example.json` },
    trainingDatasetVersion: m.trainingDatasetVersion,
  };
}
