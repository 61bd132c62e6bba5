// The endpoint and environment: API protocol (fixed once created), Python environment, description.
import type { DeploymentSpec } from '../../../src/deployments';
import { apiProtocolTexts, environmentTexts, keptNote, mergeTexts } from '../../../src/deployments';
import { el } from '../../shared/dom';
import { prop } from '../fields';
import type { SectionDefinition } from '../section';

export const endpointSection: SectionDefinition = {
  placement: 'advanced',
  build({ context: ctx, spec, fields, edited }) {
    const editing = ctx.mode === 'edit';
    const protocol = fields.radio('apiProtocol', [
      { value: 'REST', label: 'REST' },
      { value: 'GRPC', label: 'gRPC' },
    ]);
    protocol.radios.onInput(() => {
      spec.apiProtocol = protocol.radios.get() as DeploymentSpec['apiProtocol'];
      edited('apiProtocol');
    });
    protocol.radios.setDisabled(editing);
    protocol.hint.textContent = apiProtocolTexts.explain(editing);
    const environment = fields.text('environment', prop(spec, 'environment'));
    const description = fields.textArea('description', prop(spec, 'description'));
    const section = el('fieldset', { id: 'other' }, [
      el('legend', { text: 'Endpoint and environment' }),
      protocol.box,
      environment.box,
      description.box,
    ]);
    return {
      el: section,
      write() {
        protocol.radios.set(spec.apiProtocol);
      },
      render() {
        // An update keeps a saved value the request leaves empty (mergeLimits.ts): said, not pretended.
        environment.hint.textContent =
          keptNote(spec, ctx.existing, 'environment') ?? environmentTexts.explain;
        description.hint.textContent =
          keptNote(spec, ctx.existing, 'description') ?? (editing ? mergeTexts.description : '');
      },
    };
  },
};
