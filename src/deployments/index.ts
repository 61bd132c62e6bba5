// The deployment spec core: one import for the form, the command-palette flow and the tests.
export * from './spec';
export * from './defaults';
export * from './validate';
export * from './validationContext';
export * from './ruleTexts';
export * from './availability';
export * from './loggerTopics';
export * from './deploymentJson';
export * from './serverErrors';
export * from './serverFeatures';
export * from './scaling';
export * from './envVars';
export * from './artifactScripts';
export * from './mergeLimits';
