// Hopsworks 4.6+: how the predictor and the transformer scale (predictorScalingConfig / transformerScalingConfig),
// which replaces the instance counts of older versions. The minimum and maximum apply to every deployment; the
// metric, target, panic window and threshold, stable window and scale-to-zero retention are Knative's (KServe).
// The bounds are validation's (src/deployments/scaling.ts); this section lays the fields out and re-derives the
// defaults when the serving tool changes, unless the user set them.
import type { FieldId, ScalingSpec } from '../../../src/deployments';
import { KNATIVE_SCALING_KEYS, defaultScaling, scalingTexts } from '../../../src/deployments';
import { SCALE_METRICS } from '../../../src/hopsworks/types';
import { el } from '../../shared/dom';
import type { FormFields } from '../fields';
import { optional, required } from '../fields';
import type { SectionDefinition } from '../section';
import { show } from '../section';

type Prefix = 'scaling.' | 'transformer.scaling.';

const METRIC_LABELS: Record<(typeof SCALE_METRICS)[number], string> = {
  CONCURRENCY: 'Concurrency',
  RPS: 'Requests per second',
};

/** Replaces a config's values in place: the fields stay bound to the same object. */
function assign(target: ScalingSpec, next: ScalingSpec): void {
  for (const key of Object.keys(target) as (keyof ScalingSpec)[]) {
    if (key !== 'minInstances') delete target[key];
  }
  Object.assign(target, next);
}

interface Group {
  el: HTMLElement;
  knative: HTMLElement;
  fields: readonly FieldId[];
  write(): void;
  render(kserve: boolean): void;
}

function group(
  prefix: Prefix,
  scaling: ScalingSpec,
  fields: FormFields,
  edited: (field: FieldId) => void,
  hints: { min: () => string; max: string },
): Group {
  const f = <K extends string>(key: K) => `${prefix}${key}` as FieldId;
  const min = fields.number(f('minInstances'), required(scaling, 'minInstances'));
  const max = fields.number(f('maxInstances'), optional(scaling, 'maxInstances'));
  max.hint.textContent = hints.max;

  const metric = fields.dropdown(f('scaleMetric'));
  metric.list.onInput(() => {
    const value = metric.list.get();
    if (value === '') delete scaling.scaleMetric;
    else scaling.scaleMetric = value;
    edited(f('scaleMetric'));
  });
  metric.hint.textContent = scalingTexts.scaleMetric;
  const number = (key: Exclude<(typeof KNATIVE_SCALING_KEYS)[number], 'scaleMetric'>) => {
    const slot = fields.number(f(key), optional(scaling, key));
    slot.hint.textContent = scalingTexts[key];
    return slot.box;
  };
  const knative = el('div', { className: 'grid3', id: `box-${prefix.replace(/\./g, '-')}knative` }, [
    metric.box,
    number('target'),
    number('panicWindowPercentage'),
    number('panicThresholdPercentage'),
    number('stableWindowSeconds'),
    number('scaleToZeroRetentionSeconds'),
  ]);
  const box = el('div', {}, [el('div', { className: 'row' }, [min.box, max.box]), knative]);
  return {
    el: box,
    knative,
    fields: ['minInstances', ...KNATIVE_SCALING_KEYS, 'maxInstances'].map(f),
    write() {
      // A metric a newer server sent is offered as it came, so it can stay chosen.
      const known: string[] = [...SCALE_METRICS];
      const current = scaling.scaleMetric;
      metric.list.setChoices([
        { value: '', label: 'Server default' },
        ...SCALE_METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] })),
        ...(current !== undefined && !known.includes(current) ? [{ value: current, label: current }] : []),
      ]);
      metric.list.set(current ?? '');
    },
    render(kserve) {
      min.hint.textContent = hints.min();
      show(knative, kserve);
    },
  };
}

export const scalingSection: SectionDefinition = {
  placement: 'advanced',
  appliesTo: (ctx) => ctx.features.scalingConfig,
  build({ context: ctx, spec, touched, fields, edited }) {
    const vars = ctx.variables;
    const kserve = () => spec.servingTool === 'KSERVE';
    // The form built the spec for this version: both configs are there (scaling.ts defaults otherwise).
    spec.scaling ??= defaultScaling(spec.servingTool, vars);
    spec.transformer.scaling ??= defaultScaling(spec.servingTool, vars);
    const predictor = group('scaling.', spec.scaling, fields, edited, {
      min: () => scalingTexts.minInstances(kserve(), vars),
      max: scalingTexts.maxInstances(vars),
    });
    const transformer = group('transformer.scaling.', spec.transformer.scaling, fields, edited, {
      min: () => scalingTexts.minInstances(kserve(), vars),
      max: scalingTexts.maxInstances(vars),
    });
    const explain = el('p', { className: 'hint', id: 'scaling-explain' });
    const transformerBox = el('div', { id: 'box-transformer-scaling' }, [
      el('h3', { text: scalingTexts.legend('transformer') }),
      transformer.el,
    ]);
    const section = el('fieldset', { id: 'scaling' }, [
      el('legend', { text: 'Scaling' }),
      explain,
      predictor.el,
      transformerBox,
    ]);

    /** After the serving tool changed: defaults for what the user did not set; Knative values only on KServe. */
    const rederive = (g: Group, config: ScalingSpec): void => {
      if (!g.fields.some((f) => touched.has(f))) {
        assign(config, defaultScaling(spec.servingTool, vars));
      } else if (!kserve()) {
        for (const key of KNATIVE_SCALING_KEYS) delete config[key];
      }
    };

    return {
      el: section,
      derive(field) {
        if (field !== 'servingTool') return;
        rederive(predictor, spec.scaling!);
        rederive(transformer, spec.transformer.scaling!);
      },
      write() {
        predictor.write();
        transformer.write();
      },
      render(a) {
        explain.textContent = scalingTexts.explain(a.knativeScaling);
        predictor.render(a.knativeScaling);
        transformer.render(a.knativeScaling);
        show(transformerBox, a.transformer && Boolean(spec.transformer.script?.trim()));
      },
    };
  },
};
