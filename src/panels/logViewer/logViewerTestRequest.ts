// The body "Send test request" starts from: the model version's input example when Hopsworks returned one
// as data, else a KServe V1 `instances` template (the body Hopsworks' own clients send, hopsworks-rest.md §7).
import type { ModelVersion } from '../../hopsworks/types';
import { PRETTY_MAX_CHARS, prettyJsonPrefix } from '../../inferenceLog/prettyPrefix';

export const V1_TEMPLATE = { instances: [[0.0]] };

function isScalar(v: unknown): boolean {
  return v === null || ['number', 'string', 'boolean'].includes(typeof v);
}

/** Wraps an example in a V1 body; undefined when the value is not example data (e.g. a file reference). */
export function bodyFromExample(example: unknown): unknown {
  if (typeof example === 'string') {
    try {
      return bodyFromExample(JSON.parse(example) as unknown);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(example)) {
    if (example.length === 0) return undefined;
    // A list of rows stays a list of rows; a single row of features becomes one instance.
    return { instances: example.every(isScalar) ? [example] : example };
  }
  if (typeof example === 'object' && example !== null) {
    const o = example as Record<string, unknown>;
    if ('instances' in o || 'inputs' in o) return o;
    // An unexpanded reference (`{ href }`) is where the example lives, not the example.
    const keys = Object.keys(o);
    if (keys.length === 0 || (keys.length === 1 && keys[0] === 'href')) return undefined;
    return { instances: [o] };
  }
  return undefined;
}

/** The model's input example as a request body (pretty JSON), when Hopsworks returned it as data. */
export function exampleBody(model: Pick<ModelVersion, 'inputExample'> | undefined): string | undefined {
  const body = model ? bodyFromExample(model.inputExample) : undefined;
  return body === undefined ? undefined : JSON.stringify(body, null, 2);
}

/** Pretty JSON text for the request editor: the input example, else the V1 template. */
export function testRequestTemplate(model: Pick<ModelVersion, 'inputExample'> | undefined): string {
  return exampleBody(model) ?? JSON.stringify(V1_TEMPLATE, null, 2);
}

/**
 * A logged request body, pretty, when it is a JSON object or array: the next best example of what the
 * model accepts. Only a body the detail pane could show whole qualifies: a cut one could not be sent,
 * and parsing a giant would stall the host (prettyPrefix.ts bounds the work).
 */
export function loggedRequestBody(text: string | undefined): string | undefined {
  // Too long to show whole: not worth even re-indenting its head (up to 200 rows are tried in a row).
  if (!text || text.length > PRETTY_MAX_CHARS) return undefined;
  const p = prettyJsonPrefix(text);
  return p.parsed && (p.text.startsWith('{') || p.text.startsWith('[')) ? p.text : undefined;
}
