/**
 * For tests: a LeaseClient talking to a SandboxApiServer through the receiver's own API client
 * (real credentials, TLS and rate limit), and one whose requests can be cut as if its process had
 * lost the network (a SIGKILLed or partitioned leader).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKubeConnection } from '../../src/kube/index.ts';
import { ApiClient, ApiError } from '../../src/receivers/k8s-events/api-client.ts';
import { TokenBucket } from '../../src/receivers/k8s-events/rate-limiter.ts';
import type { SandboxApiServer } from '../../src/sandbox/index.ts';
import type { Lease } from '../../src/leader/lease.ts';
import { LeaseClient } from '../../src/leader/lease-client.ts';

export class CuttableLeaseClient extends LeaseClient {
  cut = false;

  override get(signal: AbortSignal, deadlineMs: number): Promise<Lease | undefined> {
    return this.cut ? this.refuse() : super.get(signal, deadlineMs);
  }

  override create(lease: Lease, signal: AbortSignal, deadlineMs: number): Promise<Lease | 'conflict'> {
    return this.cut ? this.refuse() : super.create(lease, signal, deadlineMs);
  }

  override update(lease: Lease, signal: AbortSignal, deadlineMs: number): Promise<Lease | 'conflict'> {
    return this.cut ? this.refuse() : super.update(lease, signal, deadlineMs);
  }

  private refuse(): Promise<never> {
    return Promise.reject(new ApiError('network', 'cut off from the API server by the test'));
  }
}

export interface SandboxLeaseClients {
  client(namespace: string, name: string): CuttableLeaseClient;
  close(): Promise<void>;
}

/** Opens connections to `sandbox` with a kubeconfig written to a temporary directory. */
export async function sandboxLeaseClients(sandbox: SandboxApiServer): Promise<SandboxLeaseClients> {
  const dir = await mkdtemp(join(tmpdir(), 'tracecore-lease-'));
  const kubeconfig = await sandbox.writeKubeconfig(dir);
  const connections: Array<{ close(): Promise<void> }> = [];
  return {
    client(namespace, name) {
      const connection = openKubeConnection({ auth: 'kubeconfig', kubeconfig, env: {}, homeDir: dir });
      connections.push(connection);
      return new CuttableLeaseClient(new ApiClient(connection, new TokenBucket(100, 100)), namespace, name);
    },
    async close() {
      await Promise.all(connections.map((c) => c.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
