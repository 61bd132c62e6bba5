// Types of package-vsix.mjs.
export function jsSizes(dir: string): Record<string, number>;
export function packageVsix(o?: { log?: (line: string) => void }): Promise<{
  stageDir: string;
  vsix: string;
  vsixBytes: number;
  /** bytes of each dist/**.js of the production build, keyed like "extension.js", "webview/logViewer.js" */
  bundles: Record<string, number>;
}>;
