// Feature store list and its Kafka connector, the 3.4+ way to learn the external broker address (§6.1).
import type { RestContext } from '../context';
import { checkProject, intParam } from '../context';
import { restError } from '../errors';
import type { Router } from '../router';
import { json } from '../router';

export function registerFeatureStore(router: Router, ctx: RestContext): void {
  const { state } = ctx;
  const store = () => ({
    featurestoreId: state.featureStoreId,
    featurestoreName: `${state.project.name}_featurestore`,
    projectId: state.project.id,
    projectName: state.project.name,
    created: state.project.created,
    onlineEnabled: true,
  });

  router.add('GET', '/project/:pid/featurestores', 'FEATURESTORE', (req) => {
    checkProject(ctx, req.params.pid);
    return json(200, [store()]);
  });

  router.add('GET', '/project/:pid/featurestores/:fsid', 'FEATURESTORE', (req) => {
    checkProject(ctx, req.params.pid);
    if (intParam(req.params.fsid, 'featurestoreId') !== state.featureStoreId)
      throw restError('FEATURESTORE_NOT_FOUND');
    return json(200, store());
  });

  router.add(
    'GET',
    '/project/:pid/featurestores/:fsid/storageconnectors/kafka_connector/byok',
    'FEATURESTORE',
    (req) => {
      checkProject(ctx, req.params.pid);
      if (intParam(req.params.fsid, 'featurestoreId') !== state.featureStoreId) {
        throw restError('FEATURESTORE_NOT_FOUND');
      }
      return json(200, {
        type: 'featureStoreKafkaConnectorDTO',
        id: -1,
        name: 'kafka_connector',
        description: 'Kafka connector of the Hopsworks cluster',
        featurestoreId: state.featureStoreId,
        storageConnectorType: 'KAFKA',
        bootstrapServers: ctx.broker.tlsBootstrap,
        securityProtocol: 'SSL',
        sslEndpointIdentificationAlgorithm: '',
        externalKafka: false,
      });
    },
  );
}
