// Host-side schemas of the feature requests (checked before any handler runs). The filter expression is
// only ever text here: it is bounded, then parsed by src/features/filter, never evaluated as code.
import * as v from 'valibot';
import type { ParamSchemas } from '../../../protocol/messages';
import type { LogViewerFeatureRequests } from '../../../protocol/logViewerFeatures';
import {
  DRIFT_REFERENCES,
  MAX_FEATURE_FILTER_CHARS,
  STATS_WINDOWS_MS,
} from '../../../protocol/logViewerFeatures';
import { MAX_PAGE_ROWS } from '../../../protocol/logViewer';
import type { rowFilterSchema } from '../logViewerSchemas';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const expression = v.pipe(v.string(), v.maxLength(MAX_FEATURE_FILTER_CHARS));

const featureFilterSchema = v.strictObject({
  expression: v.optional(expression),
  misfitOnly: v.optional(v.boolean()),
});

/**
 * Takes the panel's row-filter schema as a parameter rather than importing it: logViewerSchemas.ts spreads
 * these into its own, and a module cycle would read the schema before it exists.
 */
export function featureSchemas(rowFilter: typeof rowFilterSchema): ParamSchemas<{
  requests: LogViewerFeatureRequests;
  events: Record<string, never>;
}> {
  const featureQuery = v.strictObject({
    offset: count,
    limit: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_PAGE_ROWS)),
    filter: rowFilter,
    fromEnd: v.boolean(),
    features: featureFilterSchema,
  });
  const stats = {
    filter: rowFilter,
    features: featureFilterSchema,
    windowMs: v.picklist(STATS_WINDOWS_MS),
  };
  return {
    featureQuery,
    featurePage: featureQuery,
    checkFeatureFilter: v.strictObject({ expression }),
    featureStats: v.strictObject(stats),
    drift: v.strictObject({ ...stats, reference: v.optional(v.picklist(DRIFT_REFERENCES)) }),
    captureDriftReference: v.strictObject(stats),
  };
}
