// `npm run sandbox`: starts the Hopsworks sandbox, prints how to connect (for a person, then one JSON line
// for scripts) and stops cleanly on SIGINT/SIGTERM. Activity goes to stderr so stdout stays parseable.
import { parseArgs } from 'node:util';
import { DEFAULT_DRIFT, parseDrift } from './data/drift';
import { DEFAULT_PORTS, DEFAULT_QUOTAS, startSandbox } from './index';
import type { Sandbox } from './index';
import { NEWEST_PROFILE, PROFILE_NAMES, isProfileName } from './profiles';

const USAGE = `Usage: npm run sandbox -- [options]

  --hopsworks <version>     Hopsworks version to stand for: ${PROFILE_NAMES.join(', ')} (default ${NEWEST_PROFILE})
  --port <n>                REST (https) port, default ${DEFAULT_PORTS.rest}; 0 = any free port
  --kafka-port <n>          Kafka plaintext listener (inside the cluster), default ${DEFAULT_PORTS.plaintext}
  --kafka-tls-port <n>      Kafka mutual-TLS listener (for clients), default ${DEFAULT_PORTS.tls}
  --kafka-control-port <n>  HTTP control port (POST /outage, POST /restore), default ${DEFAULT_PORTS.control}
  --rate <n>                inference-log events per second per running deployment, default 2; 0 = off
  --lifecycle-ms <n>        duration of each transitional deployment state, default 2000
  --drift                   shift the traffic's feature values away from the training data (${Object.entries(
    DEFAULT_DRIFT,
  )
    .map(([k, v]) => `${k} +${v}`)
    .join(', ')});
                            switch it at run time with PUT/DELETE /hopsworks-api/api/sandbox/drift
  --drift-spec <list>       which features drift and by how much, e.g. sepal_width=1.5,amount=-0.4 (implies --drift)
  --seed <n>                seed of the traffic's values, for repeatable runs
  --idle-ms <n>             a KServe deployment that may scale to zero goes Idle after this long without a
                            request, default 120000
  --max-topics <n>          Kafka topic quota of the project, default ${DEFAULT_QUOTAS.topics}; -1 = none
  --max-deployments <n>     deployment quota of the project, default none (-1)
  --max-running <n>         running-deployment quota of the project, default none (-1)
  --quiet                   do not print request and lifecycle activity
  --help                    show this help`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function numberOption(
  values: Record<string, unknown>,
  name: string,
  kind: 'port' | 'rate' | 'ms' | 'quota',
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') fail(`--${name} needs a value`);
  const n = Number(raw);
  if (kind === 'quota') {
    if (raw.trim() === '' || !Number.isInteger(n) || n < -1)
      fail(`--${name} must be a whole number ≥ -1, got "${raw}"`);
    return n;
  }
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0) fail(`--${name} must be a number ≥ 0, got "${raw}"`);
  if (kind !== 'rate' && !Number.isInteger(n)) fail(`--${name} must be a whole number, got "${raw}"`);
  if (kind === 'port' && n > 65535) fail(`--${name} must be a port number (0–65535), got "${raw}"`);
  return n;
}

function parse() {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      options: {
        hopsworks: { type: 'string' },
        port: { type: 'string' },
        'kafka-port': { type: 'string' },
        'kafka-tls-port': { type: 'string' },
        'kafka-control-port': { type: 'string' },
        rate: { type: 'string' },
        'lifecycle-ms': { type: 'string' },
        drift: { type: 'boolean' },
        'drift-spec': { type: 'string' },
        seed: { type: 'string' },
        'idle-ms': { type: 'string' },
        'max-topics': { type: 'string' },
        'max-deployments': { type: 'string' },
        'max-running': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const hopsworks = values.hopsworks;
  if (hopsworks !== undefined && (typeof hopsworks !== 'string' || !isProfileName(hopsworks))) {
    fail(
      `--hopsworks must be one of ${PROFILE_NAMES.join(', ')}, got "${typeof hopsworks === 'string' ? hopsworks : ''}"`,
    );
  }
  const quotas = Object.fromEntries(
    (
      [
        ['topics', 'max-topics'],
        ['deployments', 'max-deployments'],
        ['runningDeployments', 'max-running'],
      ] as const
    )
      .map(([key, flag]) => [key, numberOption(values, flag, 'quota')] as const)
      .filter(([, v]) => v !== undefined),
  );
  return {
    ...(hopsworks !== undefined ? { hopsworks } : {}),
    quotas,
    port: numberOption(values, 'port', 'port'),
    kafka: {
      plaintextPort: numberOption(values, 'kafka-port', 'port'),
      tlsPort: numberOption(values, 'kafka-tls-port', 'port'),
      controlPort: numberOption(values, 'kafka-control-port', 'port'),
    },
    trafficPerSecond: numberOption(values, 'rate', 'rate'),
    lifecycleStepMs: numberOption(values, 'lifecycle-ms', 'ms'),
    ...driftOptions(values),
    idleAfterMs: numberOption(values, 'idle-ms', 'ms'),
    quiet: values.quiet === true,
  };
}

function driftOptions(values: Record<string, unknown>) {
  const out: { drift?: Record<string, number>; randomSeed?: number } = {};
  const spec = values['drift-spec'];
  if (typeof spec === 'string') {
    try {
      out.drift = parseDrift(spec);
    } catch (e) {
      fail(`--drift-spec: ${e instanceof Error ? e.message : String(e)}`);
    }
  } else if (values.drift === true) {
    out.drift = { ...DEFAULT_DRIFT };
  }
  const seed = values.seed;
  if (seed !== undefined) {
    if (typeof seed !== 'string') fail('--seed needs a value');
    if (!/^\d{1,9}$/.test(seed)) fail(`--seed must be a whole number, got "${seed}"`);
    out.randomSeed = Number(seed);
  }
  return out;
}

function describe(sandbox: Sandbox): string {
  const k = sandbox.kafka;
  return [
    `Hopsworks sandbox is running (Hopsworks ${sandbox.hopsworks}).`,
    `  Host:             ${sandbox.host}`,
    `  Port:             ${sandbox.port}   (${sandbox.baseUrl}/hopsworks-api/api)`,
    `  Project:          ${sandbox.project} (id ${sandbox.projectId})`,
    `  API key:          ${sandbox.apiKey}   (Data owner)`,
    `  Read-only key:    ${sandbox.dataScientistApiKey}   (Data scientist: every write is refused)`,
    `  CA file:          ${sandbox.caFile}   (trust it, or skip TLS verification)`,
    `  Kafka bootstrap:  ${k.tlsBootstrap}   (mutual TLS; certificates from GET /project/${sandbox.projectId}/credentials)`,
    `  Kafka internal:   ${k.plaintextBootstrap}   (plaintext, inside the "cluster")`,
    ...(k.controlUrl ? [`  Kafka control:    ${k.controlUrl}   (POST /outage, POST /restore)`] : []),
    `  Traffic drift:    ${sandbox.baseUrl}/hopsworks-api/api/sandbox/drift   (GET; PUT {"shifts": {...}}; DELETE; API key needed)`,
    'Press Ctrl+C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  const { quiet, ...opts } = parse();
  const sandbox = await startSandbox({
    ...opts,
    log: quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${describe(sandbox)}\n`);
  process.stdout.write(
    `${JSON.stringify({
      host: sandbox.host,
      port: sandbox.port,
      project: sandbox.project,
      apiKey: sandbox.apiKey,
      caFile: sandbox.caFile,
      hopsworks: sandbox.hopsworks,
      dataScientistApiKey: sandbox.dataScientistApiKey,
    })}\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`${signal}: stopping the sandbox…\n`);
    sandbox.stop().then(
      () => {
        process.stderr.write('sandbox stopped\n');
        // Everything is closed, so Node exits by itself; the timer only reports a handle someone left open.
        setTimeout(() => {
          process.stderr.write('handles still open after stop; exiting anyway\n');
          process.exit(0);
        }, 5000).unref();
      },
      (e: unknown) => {
        process.stderr.write(`sandbox stop failed: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`sandbox failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
