// FeatureSources over the REST client: a model version's files through the dataset API, and its training
// dataset's statistics through explicit provenance and the feature store (docs/hopsworks-featurestore.md).
// vscode-free, so the sandbox suite runs it against the real sandbox.
import type { ProjectClient } from '../../../hopsworks/projectClient';
import type { TrainingStatisticsInput } from '../../../features';
import type { FeatureSources, TrainingStatisticsAnswer } from './featureSources';

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `project` is asked on every call: the panel passes the client connected now (it may change). */
export function projectFeatureSources(project: () => ProjectClient, modelName: string): FeatureSources {
  const ref = (version: number) => ({ name: modelName, version });
  return {
    modelSchema: (version) => project().getModelSchema(ref(version)),
    inputExample: (version) => project().getInputExample(ref(version)),
    trainingStatistics: async (version): Promise<TrainingStatisticsAnswer> => {
      const p = project();
      const model = await p.getModelVersion(modelName, version);
      if (!model) return { none: `Model ${modelName} version ${version} is not in the model registry.` };
      const link = await p.getTrainingDatasetLink(model);
      if (!link)
        return {
          none: `${modelName} v${version} links no training dataset (it was saved without a feature view).`,
        };
      const what = `training dataset v${link.trainingDatasetVersion} of ${link.featureViewName} v${link.featureViewVersion}`;
      let statistics;
      try {
        statistics = await p.getTrainingDatasetStatistics(link);
      } catch (err) {
        throw new Error(`Could not read the statistics of ${what}: ${describe(err)}`);
      }
      if (!statistics) return { none: `No statistics were computed for ${what}.` };
      return { statistics: statistics as TrainingStatisticsInput, label: what };
    },
  };
}
