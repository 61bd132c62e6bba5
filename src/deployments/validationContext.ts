// What a spec is checked against, built in one place for the form webview and its host: if they built it
// separately they could check the same spec against different facts and disagree on what is valid.
import type { Deployment, KafkaTopic, ServingVariables } from '../hopsworks/types';

export interface ValidationContext {
  variables: ServingVariables;
  /** Names of the project's deployments (for the uniqueness rule). */
  existingNames?: readonly string[];
  /** The deployment being edited; absent when creating. Enables the "cannot change on update" rules. */
  existing?: Deployment;
  /** The project's topics as listed; when given, an existing logger topic must be one the server accepts. */
  topics?: readonly KafkaTopic[];
  /** Number of Kafka brokers, when known: replicas of a new topic cannot exceed it. */
  brokerCount?: number;
}

/** What the form is loaded with (the protocol's FormContext has all of it). */
export interface ValidationFacts {
  variables: ServingVariables;
  existingNames: readonly string[];
  topics: readonly KafkaTopic[];
  /** Set when the topics could not be listed: then no topic is judged against the (empty) list. */
  topicsUnavailable?: string;
  brokerCount?: number;
  existing?: Deployment;
}

/**
 * The validation context of a loaded form. `existing` overrides the facts' deployment when the caller has
 * read it again since (the host re-reads it before a save, because the PUT replaces the whole object).
 */
export function validationContextOf(facts: ValidationFacts, existing?: Deployment): ValidationContext {
  const v: ValidationContext = { variables: facts.variables, existingNames: facts.existingNames };
  const current = existing ?? facts.existing;
  if (current) v.existing = current;
  if (facts.topicsUnavailable === undefined) v.topics = facts.topics;
  if (facts.brokerCount !== undefined) v.brokerCount = facts.brokerCount;
  return v;
}
