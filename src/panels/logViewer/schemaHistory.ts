// Every version of a topic's subject, so that a log view decodes history written before the topic moved to
// a newer schema (hopsworks-rest.md §5.4: `GET /kafka/subjects/{subject}/versions` → `[1, 2, 3, 4, 5]`, then
// each version). vscode-free. A version's schema never changes once registered, so what was read is kept per
// project client and a restart asks only for the list again.
import type { ProjectClient } from '../../hopsworks/projectClient';

export interface SubjectVersion {
  version: number;
  /** The Avro schema (JSON text). */
  schema: string;
}

export interface SchemaHistory {
  /** Every version that could be read, oldest first; at least the topic's own when its version is known. */
  versions: SubjectVersion[];
  /** Why some or all of the other versions are missing (the log says it; decoding goes on with the rest). */
  problem?: string;
}

type SchemaSource = Pick<ProjectClient, 'listSubjectVersions' | 'getSubject'>;

const known = new WeakMap<SchemaSource, Map<string, string>>();

function cacheOf(project: SchemaSource): Map<string, string> {
  let m = known.get(project);
  if (!m) {
    m = new Map();
    known.set(project, m);
  }
  return m;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Every version of `subject`, with `own` (the topic's version, already read) among them. Never throws: a key
 * without the KAFKA scope or an old server still gets the topic's own version, and `problem` says why.
 */
export async function readSchemaHistory(
  project: SchemaSource,
  subject: string,
  own: { version: number | undefined; schema: string },
): Promise<SchemaHistory> {
  const cache = cacheOf(project);
  const ownList: SubjectVersion[] =
    own.version === undefined ? [] : [{ version: own.version, schema: own.schema }];
  if (own.version !== undefined) cache.set(`${subject}#${own.version}`, own.schema);
  let numbers: number[];
  try {
    numbers = await project.listSubjectVersions(subject);
  } catch (err) {
    return {
      versions: ownList,
      problem: `Could not list the versions of schema "${subject}" (${describe(err)}); values written with another version show as undecodable.`,
    };
  }
  const failed: string[] = [];
  const read = await Promise.all(
    numbers.map(async (version): Promise<SubjectVersion | undefined> => {
      const key = `${subject}#${version}`;
      const cached = cache.get(key);
      if (cached !== undefined) return { version, schema: cached };
      try {
        const s = await project.getSubject(subject, version);
        cache.set(key, s.schema);
        return { version, schema: s.schema };
      } catch (err) {
        failed.push(`v${version}: ${describe(err)}`);
        return undefined;
      }
    }),
  );
  const versions = read.filter((v): v is SubjectVersion => v !== undefined);
  if (own.version !== undefined && !versions.some((v) => v.version === own.version))
    versions.push(ownList[0]!);
  versions.sort((a, b) => a.version - b.version);
  return failed.length === 0
    ? { versions }
    : { versions, problem: `Could not read schema "${subject}" ${failed.join('; ')}.` };
}
