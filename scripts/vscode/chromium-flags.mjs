// The one list of flags every headless Chromium of this project starts with: no sandbox (we run as root),
// no GPU, and nothing that reaches for the network (these machines have none, and each refused
// connection would be noise).
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
]);

/** The Chromium binary: Debian's, unless HOPSWORKS_VSCODE_CHROMIUM names another. */
export const CHROMIUM_PATH = process.env.HOPSWORKS_VSCODE_CHROMIUM || '/usr/bin/chromium';

/**
 * Playwright's launch options for headless Chromium with that binary and those flags. Playwright's own signal
 * handlers are off: the scripts' handlers close Chromium together with everything else they started.
 */
export function chromiumLaunchOptions(executablePath = CHROMIUM_PATH) {
  return {
    executablePath,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [...CHROMIUM_ARGS],
  };
}
