/**
 * The status page under leader election: two agents on one Lease (one sandbox API); the leader's
 * page says `leader` and names itself, the other's says `follower`, names the holder and shows its
 * receiver in `standby`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SandboxApiServer } from '../src/sandbox/index.ts';
import { statusSnapshotSchema, type StatusSnapshot } from '../src/telemetry/status/snapshot-schema.ts';
import { startStatusAgent, type StatusAgent } from './support/status-agent.ts';

const ELECTION = "leader_election: { enabled: true, lease_name: status-test, lease_namespace: default, lease_duration: 3s, renew_deadline: 2s, retry_period: 250ms }";

let sandbox: SandboxApiServer;
const agents: StatusAgent[] = [];
before(async () => {
  sandbox = await SandboxApiServer.start({ protocol: 'https' });
  agents.push(await startStatusAgent({ sandbox, receiverKeys: ELECTION }));
  agents.push(await startStatusAgent({ sandbox, receiverKeys: ELECTION }));
});
after(async () => {
  for (const a of agents) await a.close();
  await sandbox?.close();
});

async function status(agent: StatusAgent): Promise<StatusSnapshot> {
  const res = await fetch(`${agent.base}/status.json`, { signal: AbortSignal.timeout(10_000) });
  return statusSnapshotSchema.parse(await res.json());
}

describe('status page with leader election', () => {
  it('shows one leader naming itself and a follower in standby naming the holder', async () => {
    const deadline = Date.now() + 60_000;
    let views: StatusSnapshot[];
    for (;;) {
      views = await Promise.all(agents.map(status));
      const leaders = views.filter((v) => v.leader.role === 'leader');
      const followers = views.filter((v) => v.leader.role === 'follower' && v.leader.holder !== null);
      if (leaders.length === 1 && followers.length === 1 && leaders[0].receivers[0].state === 'watching') break;
      if (Date.now() > deadline) throw new Error(`no stable leader/follower pair: ${JSON.stringify(views.map((v) => ({ leader: v.leader, receivers: v.receivers })))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const leader = views.find((v) => v.leader.role === 'leader') as StatusSnapshot;
    const follower = views.find((v) => v.leader.role === 'follower') as StatusSnapshot;
    assert.equal(follower.leader.holder, leader.leader.holder, 'the follower names the leader');
    assert.equal(follower.receivers[0].state, 'standby');
  });
});
