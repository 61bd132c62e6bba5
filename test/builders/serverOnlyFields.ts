// What GET shows of a deployment that only the server writes: the state it reads from Kubernetes, the paths
// and port it makes, and its bookkeeping (hopsworks-rest.md §4.3, the "S" fields). Written here from the REST
// contract, not imported from the code under test, so that a test of what the extension sends back checks the
// code against the contract rather than against itself.

export const SERVER_ONLY_FIELDS: readonly string[] = [
  'status',
  'condition',
  'availableInstances',
  'availableTransformerInstances',
  'hopsworksInferencePath',
  'modelServerInferencePath',
  'internalPort',
  'deployed',
  'revision',
];

/** The deployment without its server-only fields: what a client may send back of a GET answer. */
export function withoutServerOnlyFields<T extends object>(d: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(d).filter(([k]) => !SERVER_ONLY_FIELDS.includes(k)));
}
