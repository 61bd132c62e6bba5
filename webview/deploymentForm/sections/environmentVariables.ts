// Hopsworks 4.8+: the environment variables of the predictor and, when there is one, the transformer, one
// KEY=value per line. Their rules (a variable name, each key once) are validation's (src/deployments/envVars.ts).
import { envVarsTexts } from '../../../src/deployments';
import { el } from '../../shared/dom';
import { prop } from '../fields';
import type { SectionDefinition } from '../section';
import { show } from '../section';

export const environmentVariablesSection: SectionDefinition = {
  placement: 'advanced',
  appliesTo: (ctx) => ctx.features.envVars,
  build({ spec, fields }) {
    // The form built the spec for this version: both lists are there; empty = none.
    spec.envVars ??= [];
    spec.transformer.envVars ??= [];
    const predictor = fields.lines('envVars', prop(spec, 'envVars'));
    predictor.hint.textContent = envVarsTexts.explain;
    const transformer = fields.lines('transformer.envVars', prop(spec.transformer, 'envVars'));
    transformer.hint.textContent = envVarsTexts.explain;
    const section = el('fieldset', { id: 'environment-variables' }, [
      el('legend', { text: 'Environment variables' }),
      predictor.box,
      transformer.box,
    ]);
    return {
      el: section,
      render(a) {
        show(transformer.box, a.transformer && Boolean(spec.transformer.script?.trim()));
      },
    };
  },
};
