// The rows of one deployment, for the analyses that follow every row the panel holds (live health). Several
// deployments may log to one topic (fraudcanary beside fraudtf): the panel shows only its own deployment's
// events unless switched, so its health must not count the other's calls as its own — a canary's strip would
// otherwise compare the main deployment's model version against the canary's. Undecodable rows name nobody and
// pass (ofDeployment). vscode-free.
import { ofDeployment } from '../../inferenceLog/rowFilter';
import type { FollowedRows } from './followRows';

/** `rows` seen through deployment `servingId`; all of them when the deployment's id is unknown. */
export function ownDeploymentRows(rows: FollowedRows, servingId: number | undefined): FollowedRows {
  if (servingId === undefined) return rows;
  return {
    query: (req) => rows.query({ ...req, filter: { ...req.filter, servingId } }),
    stats: () => rows.stats(),
    onRow: (listener) =>
      rows.onRow((row, change) => {
        if (ofDeployment(row, servingId)) listener(row, change);
      }),
    onEvicted: (listener) =>
      rows.onEvicted((row) => {
        if (ofDeployment(row, servingId)) listener(row);
      }),
    onRowsReset: (listener) => rows.onRowsReset(listener),
  };
}
