// The lines a deployment's containers print, in the formats of the real servers: KServe's Python model
// server (kserve logger format `<time> <pid> <logger> <LEVEL> [<file>:<func>():<line>] <message>`, its per-request
// `kserve.trace` line with the request id, uvicorn's access line, a Python traceback for a failed call),
// TensorFlow Serving and the Flask server of DEFAULT Python deployments. Pure functions: time in, lines out.
import type { ModelServer, ServingTool } from '../types';

export interface ServedInfo {
  /** deployment name (the KServe model name) */
  name: string;
  servingTool: ServingTool;
  modelServer: ModelServer;
  modelName?: string;
  modelVersion?: number;
  /** script file names (no directory), when the deployment has them */
  predictorFile?: string;
  transformerFile?: string;
}

export interface CallInfo {
  /** the request id KServe logs, equal to the inference id of the logged events */
  inferenceId: string;
  status: number;
  exception?: { type: string; message: string };
  /** a client address, for access lines */
  client: string;
  /** milliseconds spent in predict */
  predictMs: number;
}

const SITE = '/opt/conda/lib/python3.10/site-packages';
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Python logging's `%(asctime)s.%(msecs)03d` in UTC: `2025-01-31 14:05:09.123`. */
export function pyTime(at: number): string {
  const d = new Date(at);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

const kserve = (at: number, logger: string, level: string, where: string, message: string) =>
  `${pyTime(at)} 1 ${logger} ${level} [${where}] ${message}`;

const uvicorn = (at: number, logger: 'uvicorn.error' | 'uvicorn.access', message: string) =>
  `${pyTime(at)} 1 ${logger} INFO:     ${message}`;

function reason(status: number): string {
  return (
    {
      200: 'OK',
      400: 'Bad Request',
      404: 'Not Found',
      500: 'Internal Server Error',
      503: 'Service Unavailable',
    }[status] ?? ''
  );
}

/** What a predictor or transformer container prints from start to ready. */
export function startupLines(s: ServedInfo, component: 'predictor' | 'transformer', at: number): string[] {
  if (s.modelServer === 'TENSORFLOW_SERVING') return tfServingStartup(s, at);
  if (s.servingTool === 'DEFAULT') return flaskStartup(s, at);
  const lines = [
    kserve(at, 'kserve', 'INFO', 'storage.py:download():66', 'Copying contents of /mnt/models to local'),
  ];
  const script = component === 'transformer' ? s.transformerFile : s.predictorFile;
  if (script) {
    lines.push(
      kserve(
        at,
        'root',
        'INFO',
        `${component}.py:load():31`,
        `Loading ${component} script /mnt/artifacts/${component}-${script}`,
      ),
    );
  } else if (s.modelName !== undefined) {
    lines.push(
      kserve(
        at,
        'root',
        'INFO',
        'model.py:load():52',
        `Loading model ${s.modelName} version ${s.modelVersion ?? ''} from /mnt/models`,
      ),
    );
  }
  lines.push(
    kserve(at, 'kserve', 'INFO', 'model_server.py:register_model():363', `Registering model: ${s.name}`),
    kserve(at, 'kserve', 'INFO', 'model_server.py:start():305', 'Setting max asyncio worker threads as 5'),
    kserve(at, 'kserve', 'INFO', 'model_server.py:serve():311', 'Starting uvicorn with 1 workers'),
    uvicorn(at, 'uvicorn.error', 'Started server process [1]'),
    uvicorn(at, 'uvicorn.error', 'Waiting for application startup.'),
    uvicorn(at, 'uvicorn.error', 'Application startup complete.'),
    uvicorn(at, 'uvicorn.error', 'Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)'),
  );
  return lines;
}

function tfServingStartup(s: ServedInfo, at: number): string[] {
  const ts = `${pyTime(at)}000`;
  const model = `{name: ${s.modelName ?? s.name} version: ${s.modelVersion ?? 1}}`;
  return [
    `${ts}: I tensorflow_serving/model_servers/server.cc:74] Building single TensorFlow model file config:  model_name: ${s.name} model_base_path: /models/${s.name}`,
    `${ts}: I tensorflow_serving/model_servers/server_core.cc:465] Adding/updating models.`,
    `${ts}: I tensorflow_serving/core/loader_harness.cc:66] Approving load for servable version ${model}`,
    `${ts}: I tensorflow_serving/core/loader_harness.cc:95] Successfully loaded servable version ${model}`,
    `${ts}: I tensorflow_serving/model_servers/server.cc:430] Exporting HTTP/REST API at:localhost:8501 ...`,
  ];
}

const flaskTime = (at: number) => {
  const d = new Date(at);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    d.getUTCMonth()
  ];
  return `${pad(d.getUTCDate())}/${month ?? ''}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

function flaskStartup(s: ServedInfo, at: number): string[] {
  return [
    ` * Serving Flask app '${s.predictorFile ?? 'predictor.py'}'`,
    ' * Debug mode: off',
    'WARNING: This is a development server. Do not use it in a production deployment.',
    ' * Running on all addresses (0.0.0.0)',
    ' * Running on http://127.0.0.1:5000',
    `${pyTime(at)} INFO Press CTRL+C to quit`,
  ];
}

/** The frames of a traceback that fails inside the model's predict. */
function predictFrames(s: ServedInfo): string[] {
  const script = s.predictorFile;
  return [
    'Traceback (most recent call last):',
    `  File "${SITE}/kserve/protocol/rest/v1_endpoints.py", line 76, in predict`,
    '    response, response_headers = await self.dataplane.infer(model_name=model_name, request=body, headers=headers)',
    `  File "${SITE}/kserve/protocol/dataplane.py", line 311, in infer`,
    '    response = await model(request, headers=headers)',
    `  File "${SITE}/kserve/model.py", line 122, in __call__`,
    '    else self.predict(payload, headers)',
    ...(script
      ? [
          `  File "/mnt/artifacts/predictor-${script}", line 24, in predict`,
          '    return self.model.predict(inputs["instances"]).tolist()',
        ]
      : [
          `  File "${SITE}/sklearnserver/model.py", line 47, in predict`,
          '    result = self._model.predict(instances)',
        ]),
    `  File "${SITE}/sklearn/utils/validation.py", line 915, in check_array`,
    '    array = _asarray_with_orientation(array, order=order, dtype=dtype, xp=xp)',
  ];
}

/** What the predictor container prints for one call. */
export function predictorCallLines(s: ServedInfo, c: CallInfo, at: number): string[] {
  const path = `/v1/models/${s.name}%3Apredict`;
  if (s.modelServer === 'TENSORFLOW_SERVING') {
    // TF Serving logs nothing per request at its default verbosity.
    return [];
  }
  if (s.servingTool === 'DEFAULT') {
    const access = `${c.client} - - [${flaskTime(at)}] "POST /predict HTTP/1.1" ${c.status} -`;
    if (!c.exception) return [access];
    return [
      `[${pyTime(at)}] ERROR in app: Exception on /predict [POST]`,
      'Traceback (most recent call last):',
      `  File "${SITE}/flask/app.py", line 1473, in wsgi_app`,
      '    response = self.full_dispatch_request()',
      `  File "/srv/hops/artifacts/${s.predictorFile ?? 'predictor.py'}", line 24, in predict`,
      '    return self.model.predict(inputs).tolist()',
      `${c.exception.type}: ${c.exception.message}`,
      access,
    ];
  }
  const access = uvicorn(
    at,
    'uvicorn.access',
    `${c.client} 1 - "POST ${path} HTTP/1.1" ${c.status} ${reason(c.status)}`,
  );
  if (!c.exception) {
    return [
      `${pyTime(at)} 1 kserve.trace requestId: ${c.inferenceId}, preprocess_ms: 0.017, explain_ms: 0, predict_ms: ${c.predictMs.toFixed(3)}, postprocess_ms: 0.004`,
      access,
    ];
  }
  return [
    kserve(
      at,
      'kserve',
      'ERROR',
      'errors.py:generic_exception_handler():99',
      `Exception on /v1/models/${s.name}:predict [POST] requestId: ${c.inferenceId}`,
    ),
    ...predictFrames(s),
    `${c.exception.type}: ${c.exception.message}`,
    access,
  ];
}

/** What the transformer container prints for one call it forwards to the predictor. */
export function transformerCallLines(s: ServedInfo, c: CallInfo, at: number): string[] {
  const path = `/v1/models/${s.name}%3Apredict`;
  const lines = [
    `${pyTime(at)} 1 kserve.trace requestId: ${c.inferenceId}, preprocess_ms: 0.412, explain_ms: 0, predict_ms: ${(c.predictMs + 2.1).toFixed(3)}, postprocess_ms: 0.021`,
  ];
  if (c.status !== 200) {
    lines.unshift(
      kserve(
        at,
        'kserve',
        'ERROR',
        'model.py:_http_predict():184',
        `Predictor call failed with status ${c.status} for requestId: ${c.inferenceId}`,
      ),
    );
  }
  lines.push(
    uvicorn(at, 'uvicorn.access', `${c.client} 1 - "POST ${path} HTTP/1.1" ${c.status} ${reason(c.status)}`),
  );
  return lines;
}

/** A predictor that crashes while loading (the Failed deployment): its container's last run. */
export function crashLines(s: ServedInfo, crashesWith: string, at: number): string[] {
  const script = s.predictorFile ?? 'predictor.py';
  const [type = 'Error', ...rest] = crashesWith.split(': ');
  return [
    kserve(at, 'kserve', 'INFO', 'storage.py:download():66', 'Copying contents of /mnt/models to local'),
    kserve(
      at,
      'root',
      'INFO',
      'predictor.py:load():31',
      `Loading predictor script /mnt/artifacts/predictor-${script}`,
    ),
    'Traceback (most recent call last):',
    '  File "/opt/conda/lib/python3.10/runpy.py", line 196, in _run_module_as_main',
    '    return _run_code(code, main_globals, None,',
    '  File "/srv/hops/kserve_server.py", line 40, in <module>',
    '    predictor = load_predictor(args.predictor)',
    `  File "/mnt/artifacts/predictor-${script}", line 3, in <module>`,
    '    import xgboost as xgb',
    rest.length > 0 ? `${type}: ${rest.join(': ')}` : crashesWith,
  ];
}

/** What a container prints when it is told to stop (scale-down, stop, roll to a new revision). */
export function shutdownLines(s: ServedInfo, at: number): string[] {
  if (s.modelServer === 'TENSORFLOW_SERVING' || s.servingTool === 'DEFAULT') return [];
  return [
    uvicorn(at, 'uvicorn.error', 'Shutting down'),
    uvicorn(at, 'uvicorn.error', 'Waiting for application shutdown.'),
    uvicorn(at, 'uvicorn.error', 'Application shutdown complete.'),
    uvicorn(at, 'uvicorn.error', 'Finished server process [1]'),
  ];
}
