// The program spawn-sandbox.mjs runs for tests: the sandbox on ephemeral ports, so runs that share the
// machine never collide; prints one JSON line with the connection and the details tests need (Kafka
// bootstraps, control port, error-path keys); stops on SIGINT/SIGTERM.
// Run with `node --import tsx scripts/vscode/sandbox-on-free-ports.mjs`.
const { startSandbox } = await import('../../sandbox/index.ts');
// Every port is left to the kernel and read back: a port chosen here and bound later could be taken in between
// by another run on the same machine (the outage switch's port was chosen that way once).
const sandbox = await startSandbox({
  // The Hopsworks version to stand for (scripts/test.mjs --profile); the newest when unset.
  ...(process.env.HOPSWORKS_PROFILE ? { hopsworks: process.env.HOPSWORKS_PROFILE } : {}),
  port: 0,
  kafka: { plaintextPort: 0, tlsPort: 0, controlPort: 0 },
  log: (line) => console.error(line),
});
console.log(
  JSON.stringify({
    host: sandbox.host,
    port: sandbox.port,
    project: sandbox.project,
    projectId: sandbox.projectId,
    apiKey: sandbox.apiKey,
    caFile: sandbox.caFile,
    hopsworks: sandbox.hopsworks,
    dataScientistApiKey: sandbox.dataScientistApiKey,
    keys: sandbox.keys,
    kafka: {
      plaintextBootstrap: sandbox.kafka.plaintextBootstrap,
      tlsBootstrap: sandbox.kafka.tlsBootstrap,
      controlUrl: sandbox.kafka.controlUrl,
    },
  }),
);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    sandbox.stop().finally(() => process.exit(0));
  });
}
