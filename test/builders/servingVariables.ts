// The cluster's serving variables for tests: KServe installed, scale-to-zero not required, and no limits
// (-1, as Hopsworks reports an unset limit), so that a test states only the variable it is about.
import type { ServingVariables } from '../../src/hopsworks/types';

export function servingVariables(overrides: Partial<ServingVariables> = {}): ServingVariables {
  return {
    kserveInstalled: true,
    scaleToZeroRequired: false,
    maxInstances: -1,
    maxCores: -1,
    maxMemory: -1,
    maxGpus: -1,
    ...overrides,
  };
}
