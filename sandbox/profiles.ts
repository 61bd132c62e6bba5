// One profile per Hopsworks server version the sandbox stands for (docs/sandbox-profiles.md): what the server
// of that version reads, writes and refuses differently. Everything version-dependent asks a profile flag, so
// "what differs" is readable in one place.

export const PROFILE_NAMES = ['4.2', '4.6', '4.8', '5.0'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** The newest profile: the default of `npm run sandbox` and of the tests. */
export const NEWEST_PROFILE: ProfileName = '5.0';

export interface Profile {
  name: ProfileName;
  /** What `GET /variables/versions` reports for `hopsworks`. */
  version: string;
  /** ≤4.5: scripts live in numbered artifacts; GET shows their bare file names and `artifactVersion`. */
  artifacts: boolean;
  /** 4.6+: `predictorScalingConfig`/`transformerScalingConfig`, deployment `version`, model-less deployments. */
  scalingConfig: boolean;
  /** 4.8+: `predictorEnvVars`/`transformerEnvVars`, `vllmVariant`/`vllmImageTag`. */
  envVars: boolean;
  /** 5.0+: the logs endpoint reads `source`, `since`, `until` and `pod` (older servers ignore them). */
  logSources: boolean;
}

const PROFILES: Record<ProfileName, Profile> = {
  '4.2': {
    name: '4.2',
    version: '4.2.2',
    artifacts: true,
    scalingConfig: false,
    envVars: false,
    logSources: false,
  },
  '4.6': {
    name: '4.6',
    version: '4.6.1',
    artifacts: false,
    scalingConfig: true,
    envVars: false,
    logSources: false,
  },
  '4.8': {
    name: '4.8',
    version: '4.8.0',
    artifacts: false,
    scalingConfig: true,
    envVars: true,
    logSources: false,
  },
  '5.0': {
    name: '5.0',
    version: '5.0.0',
    artifacts: false,
    scalingConfig: true,
    envVars: true,
    logSources: true,
  },
};

export function isProfileName(value: string): value is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(value);
}

/** The profile for `4.2|4.6|4.8|5.0` (a full version such as "4.6.1" picks its minor); throws otherwise. */
export function profile(name: string = NEWEST_PROFILE): Profile {
  const minor = /^(\d+\.\d+)(\.\d+)?$/.exec(name.trim())?.[1] ?? '';
  if (!isProfileName(minor)) {
    throw new RangeError(`Unknown Hopsworks version "${name}": use one of ${PROFILE_NAMES.join(', ')}.`);
  }
  return PROFILES[minor];
}
