// The simplified form: name, model version, serving tool, model server, predictor, instances. The model
// server follows the model's framework; the name and the instances follow the serving tool until the user
// sets them. A deployment without a model (4.6+) shows that instead of a model version; on 4.6+ the instances
// are the Scaling section's minimum; on ≤ 4.5 a script named by its file name gets its full path when the
// model version changes (artifactScripts.ts).
import {
  artifactTexts,
  defaultDeploymentName,
  defaultInstances,
  followArtifact,
  instancesExplanation,
  keptNote,
  modelLessTexts,
  modelServersFor,
  modelServerTexts,
  predictorTexts,
  servingToolTexts,
} from '../../../src/deployments';
import type { ModelServer, ServingTool } from '../../../src/hopsworks/types';
import { el } from '../../shared/dom';
import { prop, required } from '../fields';
import type { SectionDefinition } from '../section';
import { show } from '../section';

const SERVER_LABELS: Record<ModelServer, string> = {
  PYTHON: 'Python',
  TENSORFLOW_SERVING: 'TensorFlow Serving',
  VLLM: 'vLLM',
};

export const basicsSection: SectionDefinition = {
  placement: 'basic',
  build({ context: ctx, spec, touched, fields, edited }) {
    const section = el('section', { attrs: { 'aria-labelledby': 'basic-heading' } }, [
      el('h2', { id: 'basic-heading', text: 'Deployment' }),
    ]);
    const name = fields.text('name', prop(spec, 'name'));

    // The model is fixed by where the form was opened; only its version is picked, beside its name.
    const model = fields.dropdown('model', (list) =>
      el('div', { className: 'inline' }, [
        el('span', { className: 'model-name', text: spec.model?.name ?? '' }),
        list,
      ]),
    );
    model.list.setChoices(
      ctx.versions.map((x) => ({ value: String(x.version), label: `v${x.version} · ${x.framework}` })),
    );
    model.list.onInput(() => {
      const choice = ctx.versions.find((x) => x.version === Number(model.list.get()));
      if (!choice || !spec.model) return;
      spec.model.version = choice.version;
      spec.model.framework = choice.framework;
      edited('model');
    });
    const modelLess = el('p', { className: 'note', id: 'model-less-note', text: modelLessTexts.note });

    const tool = fields.radio('servingTool', [
      { value: 'KSERVE', label: 'KServe' },
      { value: 'DEFAULT', label: 'Default (Kubernetes deployment)' },
    ]);
    tool.radios.onInput(() => {
      const value = tool.radios.get() as ServingTool;
      if (value !== 'KSERVE' && value !== 'DEFAULT') return;
      spec.servingTool = value;
      edited('servingTool');
    });

    const server = fields.dropdown('modelServer');
    server.list.onInput(() => {
      spec.modelServer = server.list.get() as ModelServer;
      edited('modelServer');
    });

    const predictor = fields.text('predictor', prop(spec, 'predictor'), {
      placeholder: spec.model
        ? `/Projects/${ctx.projectName}/Models/${spec.model.name}/${spec.model.version}/predict.py`
        : `/Projects/${ctx.projectName}/Resources/predict.py`,
    });
    const predictorNote = el('p', {
      className: 'note',
      id: 'predictor-note',
      text: predictorTexts.forbiddenNote,
    });
    const configFile = fields.text('configFile', prop(spec, 'configFile'));
    const instances = fields.number('requestedInstances', required(spec, 'requestedInstances'));
    show(model.box, spec.model !== undefined);
    show(modelLess, spec.model === undefined);
    section.append(
      name.box,
      model.box,
      modelLess,
      tool.box,
      server.box,
      predictor.box,
      predictorNote,
      configFile.box,
      instances.box,
    );

    return {
      el: section,
      derive(field) {
        if (field === 'model') {
          // Another framework may need another model server; keep the user's choice when it still fits.
          const allowed = modelServersFor(spec.model?.framework);
          if (!allowed.includes(spec.modelServer) && allowed[0]) spec.modelServer = allowed[0];
          // ≤ 4.5: another version means another artifact, which needs the scripts' full paths.
          followArtifact(spec, ctx.existing);
        }
        if (field === 'servingTool') {
          // Re-derive what the user has not set themselves, the way the defaults derive it.
          if (!touched.has('requestedInstances')) {
            spec.requestedInstances = defaultInstances(spec.servingTool, ctx.variables);
          }
          if (!touched.has('name') && ctx.mode === 'create' && spec.model) {
            spec.name = defaultDeploymentName(spec.model.name, spec.servingTool, ctx.existingNames);
          }
        }
      },
      write() {
        if (spec.model) model.list.set(String(spec.model.version));
        tool.radios.set(spec.servingTool);
        server.list.setChoices(
          [...new Set([...modelServersFor(spec.model?.framework), spec.modelServer])].map((m) => ({
            value: m,
            label: SERVER_LABELS[m] ?? m,
          })),
        );
        server.list.set(spec.modelServer);
      },
      render(a) {
        const kserveInstalled = ctx.variables.kserveInstalled;
        tool.radios.setChoiceDisabled('KSERVE', !kserveInstalled && spec.servingTool !== 'KSERVE');
        tool.hint.textContent = servingToolTexts.explain(kserveInstalled);
        server.list.setDisabled(a.modelServerLocked);
        server.hint.textContent = modelServerTexts.explain(
          a.modelServerLocked,
          spec.model?.framework ?? 'no model',
        );

        const forbidden = a.predictor === 'forbidden' && !spec.predictor?.trim();
        show(predictor.box, !forbidden);
        show(predictorNote, forbidden);
        const script = spec.predictor?.trim() ?? '';
        const artifact = ctx.existing?.artifactVersion;
        predictor.hint.textContent =
          script !== '' && !script.includes('/') && typeof artifact === 'number'
            ? artifactTexts.explain(artifact)
            : predictorTexts.explain(a.predictor);
        show(configFile.box, spec.modelServer === 'VLLM');
        configFile.hint.textContent = keptNote(spec, ctx.existing, 'configFile') ?? '';
        // 4.6+: the Scaling section's minimum sizes the deployment; the deprecated count is not shown.
        show(instances.box, spec.scaling === undefined);
        instances.hint.textContent = instancesExplanation(spec.servingTool === 'KSERVE', ctx.variables);
      },
    };
  },
};
