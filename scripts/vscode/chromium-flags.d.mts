export declare const CHROMIUM_ARGS: readonly string[];
export declare const CHROMIUM_PATH: string;
export declare function chromiumLaunchOptions(executablePath?: string): {
  executablePath: string;
  headless: true;
  handleSIGINT: false;
  handleSIGTERM: false;
  handleSIGHUP: false;
  args: string[];
};
