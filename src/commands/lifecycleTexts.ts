// What the lifecycle dialogs ask, built from the deployment as it is now. No vscode: unit-tested.
import type { Deployment } from '../hopsworks/types';
import { loggingTopic } from '../deployments/loggerTopics';

/** The delete dialog: what goes, and what stays. Only a deployment that logs has a topic to keep. */
export function deleteQuestion(d: Deployment): string {
  const topic = loggingTopic(d);
  const kept = topic ? ` Its inference-log topic ${topic} is kept.` : '';
  return `Delete deployment ${d.name}? This cannot be undone.${kept}`;
}
