// Projects: name → id, and the user's memberships (hopsworks-rest.md §2.1, §2.2).
import { seg } from './absent';
import { badResponse, expectItems, expectList, expectObject, isObject } from './responseShape';
import type { Transport } from './transport';
import type { ProjectInfo, ProjectMembership } from './types';

/** Throws a notFound HopsworksError (400 150004) when the project does not exist or the user is not in it. */
export async function getProjectByName(t: Transport, name: string): Promise<ProjectInfo> {
  const res = await t.request({
    method: 'GET',
    path: `/project/getProjectInfo/${seg(name)}`,
    scope: 'PROJECT',
    what: `Project "${name}"`,
  });
  const o = expectObject(res, 'a project with "projectId" and "projectName"');
  if (typeof o.projectId !== 'number' || typeof o.projectName !== 'string') {
    throw badResponse(res, 'a project with "projectId" and "projectName"');
  }
  return o as unknown as ProjectInfo;
}

export async function listProjects(t: Transport): Promise<ProjectMembership[]> {
  const res = await t.request({ method: 'GET', path: '/project', scope: 'PROJECT' });
  const expected = 'a list of project memberships';
  return expectItems<ProjectMembership>(
    res,
    expectList(res, expected),
    expected,
    (o) => isObject(o.project) && typeof o.project.id === 'number' && typeof o.project.name === 'string',
  );
}
