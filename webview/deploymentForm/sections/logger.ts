// The inference logger: which Kafka topic (a new one, one of the project's, or none) and what to log. The
// topic choice lives in one place, `spec.logger.topic`; the values of the choices not selected (a new
// topic's partitions and replicas, the existing topic's name) wait in `draft` so switching back restores them.
import type { LoggerTopicChoice } from '../../../src/deployments';
import { eligibleLoggerTopics, loggerModeTexts, loggerTexts } from '../../../src/deployments';
import type { InferenceLoggingMode, KafkaTopic } from '../../../src/hopsworks/types';
import { el } from '../../shared/dom';
import { dropdown } from '../../shared/toolkit';
import type { SectionDefinition } from '../section';
import { show } from '../section';

type TopicKind = LoggerTopicChoice['kind'];

interface TopicDraft {
  partitions: number;
  replicas: number;
  existingName: string;
}

function topicFor(kind: TopicKind, draft: TopicDraft): LoggerTopicChoice {
  if (kind === 'CREATE') return { kind, partitions: draft.partitions, replicas: draft.replicas };
  if (kind === 'EXISTING') return { kind, name: draft.existingName };
  return { kind };
}

function topicLabel(name: string, t: KafkaTopic | undefined): string {
  if (!t) return name;
  const n = t.numOfPartitions;
  const partitions = n === undefined ? '? partitions' : n === 1 ? '1 partition' : `${n} partitions`;
  return `${name} (schema v${t.schemaVersion ?? '?'}, ${partitions})`;
}

export const loggerSection: SectionDefinition = {
  placement: 'advanced',
  build({ context: ctx, spec, fields, edited }) {
    const loaded = spec.logger.topic;
    const draft: TopicDraft = {
      partitions: loaded.kind === 'CREATE' ? loaded.partitions : 1,
      replicas: loaded.kind === 'CREATE' ? loaded.replicas : 1,
      existingName: loaded.kind === 'EXISTING' ? loaded.name : '',
    };
    /** The KServe mode the user chose, restored when they switch back to KServe. */
    let kserveMode: InferenceLoggingMode = spec.servingTool === 'KSERVE' ? spec.logger.mode : 'ALL';
    const kind = (): TopicKind => spec.logger.topic.kind;
    const choose = (k: TopicKind): void => {
      spec.logger.topic = topicFor(k, draft);
    };

    const section = el('fieldset', { id: 'logger' }, [el('legend', { text: 'Inference logger' })]);
    const loggerNote = el('p', { className: 'note', id: 'logger-note' });
    const topic = fields.radio('logger.topic', [
      { value: 'CREATE', label: 'Create a new topic' },
      { value: 'EXISTING', label: 'Use an existing topic' },
      { value: 'NONE', label: 'No inference logging' },
    ]);
    topic.radios.onInput(() => {
      choose(topic.radios.get() as TopicKind);
      edited('logger.topic');
    });

    const existingLabel = el('label', {
      id: 'label-existing-topic',
      text: 'Existing topic',
      attrs: { for: 'f-existing-topic' },
    });
    const existing = dropdown('f-existing-topic', existingLabel);
    existing.onInput(() => {
      draft.existingName = existing.get();
      choose(kind());
      edited('logger.topic');
    });
    const existingBox = el('div', { className: 'field', id: 'box-existing-topic' }, [
      existingLabel,
      existing.el,
    ]);
    const excluded = el('details', { className: 'excluded', id: 'excluded-topics' });

    const partitions = fields.number('logger.partitions', {
      get: () => draft.partitions,
      set: (n) => {
        draft.partitions = n ?? Number.NaN;
        choose(kind());
      },
    });
    const replicas = fields.number('logger.replicas', {
      get: () => draft.replicas,
      set: (n) => {
        draft.replicas = n ?? Number.NaN;
        choose(kind());
      },
    });
    const createBox = el('div', { className: 'row', id: 'box-create-topic' }, [partitions.box, replicas.box]);

    const mode = fields.radio('logger.mode', [
      { value: 'ALL', label: 'Model inputs and predictions' },
      { value: 'MODEL_INPUTS', label: 'Model inputs only' },
      { value: 'PREDICTIONS', label: 'Predictions only' },
    ]);
    const modeFixed = el('p', { className: 'note', id: 'mode-fixed', text: loggerModeTexts.fixedNote });
    mode.box.append(modeFixed);
    mode.radios.onInput(() => {
      spec.logger.mode = mode.radios.get() as InferenceLoggingMode;
      kserveMode = spec.logger.mode;
      edited('logger.mode');
    });
    section.append(loggerNote, topic.box, existingBox, excluded, createBox, mode.box);

    const renderExcluded = (reasons: string[]): void => {
      const key = reasons.join('\n');
      if (excluded.dataset.key === key && excluded.childElementCount > 0) return;
      excluded.dataset.key = key;
      const open = excluded.open;
      excluded.replaceChildren(
        el('summary', { text: loggerTexts.excludedCount(reasons.length) }),
        el(
          'ul',
          {},
          reasons.map((r) => el('li', { text: r })),
        ),
      );
      excluded.open = open;
    };

    return {
      el: section,
      derive(field) {
        // Only KServe lets the user choose what to log; without it the mode is ALL.
        if (field === 'servingTool') spec.logger.mode = spec.servingTool === 'KSERVE' ? kserveMode : 'ALL';
      },
      write() {
        topic.radios.set(kind());
        mode.radios.set(spec.logger.mode);
      },
      render(a) {
        const kserve = spec.servingTool === 'KSERVE';
        loggerNote.textContent = a.logger ? '' : loggerTexts.vllmNote;
        show(loggerNote, !a.logger);

        const { eligible, excluded: notOffered } = eligibleLoggerTopics(ctx.topics, spec.servingTool);
        const current = draft.existingName;
        const offered = eligible.map((t) => t.name);
        if (current !== '' && !offered.includes(current)) offered.unshift(current);
        if (kind() === 'EXISTING' && current === '' && offered[0] !== undefined) {
          // "Use an existing topic" with nothing picked yet picks the first one offered.
          draft.existingName = offered[0];
          choose('EXISTING');
        }
        existing.setChoices(
          offered.map((name) => ({
            value: name,
            label: topicLabel(
              name,
              ctx.topics.find((x) => x.name === name),
            ),
          })),
        );
        existing.set(draft.existingName);
        topic.radios.setChoiceDisabled('EXISTING', offered.length === 0 && kind() !== 'EXISTING');
        topic.hint.textContent = ctx.topicsUnavailable ?? loggerTexts.topic(kserve, offered.length > 0);
        renderExcluded(notOffered.map((x) => x.reason));
        // Why a topic is missing matters when picking one, or when none can be picked at all.
        show(excluded, notOffered.length > 0 && (kind() === 'EXISTING' || offered.length === 0));
        show(existingBox, kind() === 'EXISTING');
        show(createBox, kind() === 'CREATE');
        replicas.hint.textContent = loggerTexts.replicas(ctx.brokerCount);
        partitions.hint.textContent = loggerTexts.partitions;

        show(mode.box, kind() !== 'NONE');
        show(mode.radios.el, a.loggerModeChoice);
        show(modeFixed, !a.loggerModeChoice);
        mode.hint.textContent = loggerModeTexts.explain(kserve);
      },
    };
  },
};
