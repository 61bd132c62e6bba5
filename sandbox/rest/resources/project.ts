// Projects (hopsworks-rest.md §2.1, §2.2) and the project user's Kafka TLS material (§6.2). The membership
// list is the caller's own (its `teamRole` is how a client learns its role).
import type { RestContext } from '../context';
import { checkProject } from '../context';
import { restError } from '../errors';
import type { Router } from '../router';
import { json } from '../router';
import type { MemberRecord } from '../state';

export function registerProject(router: Router, ctx: RestContext): void {
  const { state } = ctx;
  const p = state.project;
  const userDto = (m: MemberRecord) => ({
    username: m.username,
    email: m.email,
    fname: m.firstName,
    lname: m.lastName,
  });
  const owner = { username: p.username, email: p.email, fname: p.firstName, lname: p.lastName };

  router.add('GET', '/project', 'PROJECT', (req) => {
    const me = state.member(req.user ?? '');
    return json(
      200,
      me
        ? [
            {
              project: { id: p.id, name: p.name, description: p.description, created: p.created, owner },
              user: userDto(me),
              teamRole: me.role,
              timestamp: p.created,
            },
          ]
        : [],
    );
  });

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
      projectTeam: state.members.map((m) => ({ user: userDto(m), teamRole: m.role, timestamp: p.created })),
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
