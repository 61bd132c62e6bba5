// The pod name shown on each line. A document holds one deployment's component, so the start every pod name
// shares (`<deployment>-<component>-` on KServe, `<deployment>-` otherwise) and Kubernetes' `deployment-`
// word say nothing there: what is left — revision, ReplicaSet hash, pod id — tells the pods apart and stays the
// same for the pod's whole life, so a line's tag never changes once shown. The header maps tags to full names.

export function podTag(podName: string, deploymentName: string, component: string): string {
  let tag = podName;
  for (const prefix of [`${deploymentName}-${component}-`, `${deploymentName}-`]) {
    if (tag.startsWith(prefix) && tag.length > prefix.length) {
      tag = tag.slice(prefix.length);
      break;
    }
  }
  const short = tag.replace(/(^|-)deployment-/, '$1');
  return short.length > 0 ? short : podName;
}
