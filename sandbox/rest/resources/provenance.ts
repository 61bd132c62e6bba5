// Explicit provenance of a model version (docs/hopsworks-featurestore.md §2): how a client learns which training
// dataset, and through it which feature view, a model was trained on. hsml asks
// `GET .../models/{name}_{version}/provenance/links?expand=provenance_artifacts&upstreamLvls=2&downstreamLvls=0`
// and walks `upstream`: MODEL ← TRAINING_DATASET ← FEATURE_VIEW (ProvExplicitLinkDTO, ProvNodeDTO).
import { findFeatureView, trainingLinkOf } from '../../data/catalog';
import type { RestContext } from '../context';
import { checkProject, intParam, projectUrl } from '../context';
import { restError } from '../errors';
import type { Router } from '../router';
import { json } from '../router';

interface LinkJson {
  href?: string;
  node: Record<string, unknown>;
  upstream: LinkJson[];
  downstream: LinkJson[];
}

function node(artifactType: string, artifact: Record<string, unknown>): Record<string, unknown> {
  return { artifact, artifactType, deleted: false, shared: false, accessible: true, traversed: true };
}

export function registerProvenance(router: Router, ctx: RestContext): void {
  router.add(
    'GET',
    '/project/:pid/modelregistries/:rid/models/:id/provenance/links',
    'MODELREGISTRY',
    (req) => {
      checkProject(ctx, req.params.pid);
      const { state } = ctx;
      if (req.params.rid !== String(state.project.id))
        throw restError('MODEL_NOT_FOUND', 'Model registry not found');
      const match = /^(.+)_(\d+)$/.exec(req.params.id ?? '');
      const model = match ? state.findModel(match[1] as string, Number(match[2])) : undefined;
      if (!model) throw restError('MODEL_NOT_FOUND');
      const up = intParam(req.query.get('upstreamLvls'), 'upstreamLvls') ?? 0;
      // Without `expand=provenance_artifacts` each node carries only {id, project, name, version}.
      const full = req.query.getAll('expand').some((e) => e.toLowerCase() === 'provenance_artifacts');
      const store = `${projectUrl(ctx)}/featurestores/${state.featureStoreId}`;
      const registry = `${projectUrl(ctx)}/modelregistries/${state.project.id}/models`;

      const root: LinkJson = {
        href: `${registry}/${model.name}_${model.version}`,
        node: node('MODEL', {
          href: `${registry}/${model.name}_${model.version}?expand=USERS`,
          id: `${model.name}_${model.version}`,
          project: state.project.name,
          name: model.name,
          version: model.version,
        }),
        upstream: [],
        downstream: [],
      };
      const link = trainingLinkOf(model);
      const fv = link ? findFeatureView(link.featureView, link.featureViewVersion) : undefined;
      const td = fv?.trainingDatasets.find((t) => t.version === link?.trainingDatasetVersion);
      if (fv && td && up >= 1) {
        const fvUrl = `${store}/featureview/${fv.name}/version/${fv.version}`;
        const tdArtifact = {
          href: `${fvUrl}/trainingdatasets/version/${td.version}`,
          id: full ? td.id : String(td.id),
          project: full ? undefined : state.project.name,
          name: `${fv.name}_${fv.version}`,
          version: td.version,
          ...(full
            ? {
                type: 'trainingDatasetDTO',
                featurestoreId: state.featureStoreId,
                description: td.description,
              }
            : {}),
        };
        const fvArtifact = {
          href: fvUrl,
          id: full ? fv.id : String(fv.id),
          project: full ? undefined : state.project.name,
          name: fv.name,
          version: fv.version,
          ...(full
            ? { type: 'featureViewDTO', featurestoreId: state.featureStoreId, description: fv.description }
            : {}),
        };
        root.upstream.push({
          href: tdArtifact.href,
          node: node('TRAINING_DATASET', tdArtifact),
          upstream:
            up >= 2
              ? [{ href: fvUrl, node: node('FEATURE_VIEW', fvArtifact), upstream: [], downstream: [] }]
              : [],
          downstream: [],
        });
      }
      return json(200, root);
    },
  );
}
