// Projects (hopsworks-rest.md §2.1, §2.2) and the project user's Kafka TLS material (§6.2).
import type { RestContext } from '../context';
import { checkProject } from '../context';
import { restError } from '../errors';
import type { Router } from '../router';
import { json } from '../router';

export function registerProject(router: Router, ctx: RestContext): void {
  const { state } = ctx;
  const p = state.project;
  const user = { username: p.username, email: p.email, fname: p.firstName, lname: p.lastName };

  router.add('GET', '/project', 'PROJECT', () =>
    json(200, [
      {
        project: { id: p.id, name: p.name, description: p.description, created: p.created, owner: user },
        user,
        teamRole: 'Data owner',
        timestamp: p.created,
      },
    ]),
  );

  router.add('GET', '/project/getProjectInfo/:name', 'PROJECT', (req) => {
    if (req.params.name !== p.name) throw restError('PROJECT_NOT_FOUND');
    return json(200, {
      projectId: p.id,
      projectName: p.name,
      owner: p.username,
      description: p.description,
      created: p.created,
      services: ['JOBS', 'KAFKA', 'JUPYTER', 'SERVING', 'FEATURESTORE'],
      featureStoreTopic: `${p.name}_onlinefs`,
      projectTeam: [{ user, teamRole: 'Data owner', timestamp: p.created }],
    });
  });

  router.add('GET', '/project/:pid/credentials', 'PROJECT', (req) => {
    checkProject(ctx, req.params.pid);
    const c = ctx.credentials;
    // kStore/tStore (JKS) are not produced: the PEM fields carry the same material for Node clients.
    return json(200, {
      fileExtension: 'jks',
      password: c.password,
      caChain: c.caChain,
      clientCert: c.clientCert,
      clientKey: c.clientKey,
    });
  });
}
