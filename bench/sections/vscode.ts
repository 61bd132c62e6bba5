// Activation in a real VS Code (from activate() to the tree's first render), the size of each production
// bundle and of the .vsix. The measuring itself lives in bench/vscode.ts (also runnable alone).
import { benchVscode } from '../vscode';
import type { BenchResults, BenchSection } from '../section';

const section: BenchSection = {
  name: 'vscode',
  async run(): Promise<BenchResults> {
    const r = await benchVscode();
    const out: BenchResults = {};
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') out[k] = v;
    return out;
  },
};

export default section;
