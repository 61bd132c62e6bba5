// The column sets of each model version a deployment's rows come from, read once per version: names and
// types from model_schema.json, else from input_example.json, else positional (f0, f1, …). Rows name their
// model version, and a deployment moved to another version logs both for a while, so sets are per version.
// Until a version's files are read its rows get positional columns; `onLoaded` then tells the panel to
// ask again (fit verdicts and names may change).
import type { ColumnSet } from '../../../features';
import { ModelSchemaError, parseModelSchema, resolveColumns } from '../../../features';
import type { FeatureSources } from './featureSources';

export interface VersionColumns {
  input: ColumnSet;
  output: ColumnSet;
  /** Why the names are not the model's although it was asked (an unreadable file). */
  note?: string;
}

/** Versions whose files are kept; a deployment rarely logs more than two or three. */
const MAX_VERSIONS = 16;

const POSITIONAL: VersionColumns = {
  input: resolveColumns('input'),
  output: resolveColumns('output'),
};

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ModelColumns {
  private readonly loaded = new Map<number, VersionColumns>();
  private readonly loading = new Map<number, Promise<VersionColumns>>();
  private changes = 0;

  constructor(
    private readonly sources: FeatureSources,
    private readonly onLoaded: () => void = () => undefined,
  ) {}

  /** Bumped each time a version's sets arrive: what was worked out with positional names is stale. */
  get generation(): number {
    return this.changes;
  }

  /** The sets of `version` if read, else positional ones (and the read is started). */
  get(version: number): VersionColumns {
    const known = this.loaded.get(version);
    if (known) return known;
    if (version > 0) void this.load(version);
    return POSITIONAL;
  }

  /** Whether `version`'s files were read (or found absent). */
  isLoaded(version: number): boolean {
    return this.loaded.has(version);
  }

  load(version: number): Promise<VersionColumns> {
    const known = this.loaded.get(version);
    if (known) return Promise.resolve(known);
    // Raw rows carry version 0: nothing to read for them.
    if (!(version > 0)) return Promise.resolve(POSITIONAL);
    let pending = this.loading.get(version);
    if (!pending) {
      if (this.loaded.size + this.loading.size >= MAX_VERSIONS) return Promise.resolve(POSITIONAL);
      pending = this.read(version).then((sets) => {
        this.loading.delete(version);
        this.loaded.set(version, sets);
        this.changes++;
        this.onLoaded();
        return sets;
      });
      this.loading.set(version, pending);
    }
    return pending;
  }

  /** Never rejects: a file that cannot be read leaves positional names and says why. */
  private async read(version: number): Promise<VersionColumns> {
    const notes: string[] = [];
    let schema: ReturnType<typeof parseModelSchema> | undefined;
    try {
      const json = await this.sources.modelSchema(version);
      if (json !== undefined) schema = parseModelSchema(json);
    } catch (err) {
      notes.push(
        err instanceof ModelSchemaError
          ? `model_schema.json of v${version} was not used: ${err.message}`
          : `Could not read model_schema.json of v${version}: ${describe(err)}`,
      );
    }
    let inputExample: unknown;
    if (!schema?.inputs) {
      try {
        inputExample = await this.sources.inputExample(version);
      } catch (err) {
        notes.push(`Could not read input_example.json of v${version}: ${describe(err)}`);
      }
    }
    const sets: VersionColumns = {
      input: resolveColumns('input', { schema: schema?.inputs, inputExample }),
      output: resolveColumns('output', { schema: schema?.outputs }),
    };
    if (notes.length > 0) sets.note = notes.join(' ');
    return sets;
  }
}
