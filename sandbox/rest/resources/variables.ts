// Cluster variables, backend version (the profile's) and serving configuration (hopsworks-rest.md §2.3, §5.5).
import type { RestContext } from '../context';
import { restError } from '../errors';
import { DEFAULT_SCHEMA_VERSION, INFERENCE_SUBJECT } from '../inferenceSchemas';
import type { Router } from '../router';
import { json } from '../router';

export function registerVariables(router: Router, ctx: RestContext): void {
  router.add('GET', '/variables/versions', null, () =>
    json(200, [
      { software: 'hopsworks', version: ctx.state.profile.version },
      { software: 'kserve', version: '0.11.2' },
      { software: 'kafka', version: '3.6.1' },
    ]),
  );

  router.add('GET', '/variables/:name', 'PROJECT', (req) => {
    const value = ctx.state.variable(req.params.name ?? '');
    if (value === undefined) throw restError('VARIABLE_NOT_FOUND');
    return json(200, { successMessage: value });
  });

  router.add('GET', '/servingconf', null, () =>
    json(200, { kafkaTopicSchema: INFERENCE_SUBJECT, kafkaTopicSchemaVersion: DEFAULT_SCHEMA_VERSION }),
  );
}
