// Host-side schemas of every request the comparison panel's webview sends (checked by messages.ts before any
// handler runs). Kept out of src/protocol so the webview bundle does not carry them. No vscode.
import * as v from 'valibot';
import type { ParamSchemas } from '../../protocol/messages';
import type { ReplayProtocol } from '../../protocol/replay';
import {
  MAX_REPLAY_ROWS,
  MAX_RESULT_PAGE,
  REPLAY_EXPORT_FORMATS,
  REPLAY_VERDICTS,
} from '../../protocol/replay';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const replaySchemas: ParamSchemas<ReplayProtocol> = {
  results: v.strictObject({
    offset: v.pipe(count, v.maxValue(MAX_REPLAY_ROWS)),
    limit: v.pipe(count, v.maxValue(MAX_RESULT_PAGE)),
    verdict: v.optional(v.picklist(REPLAY_VERDICTS)),
  }),
  detail: v.strictObject({ index: v.pipe(count, v.maxValue(MAX_REPLAY_ROWS - 1)) }),
  cancel: v.pipe(
    v.strictObject({}),
    v.transform((): Record<string, never> => ({})),
  ),
  export: v.strictObject({ format: v.picklist(REPLAY_EXPORT_FORMATS) }),
};
