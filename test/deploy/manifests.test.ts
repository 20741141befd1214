/**
 * The Kubernetes manifests under deploy/kubernetes: they render with `kubectl kustomize`, every
 * object validates strictly against the Kubernetes OpenAPI schema, and each security and
 * operational invariant the install promises is asserted on its own.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CONFIG_PATH, KUSTOMIZE_BASE, REPO_ROOT, kustomizations } from './deploy-paths.ts';
import { findTool } from './external-tool.ts';
import { schemaRelease, validateObject } from './openapi-validate.ts';
import { only, renderKustomization, type K8sObject } from './render-manifests.ts';

interface Probe { httpGet?: { path?: string; port?: number | string }; exec?: unknown; tcpSocket?: unknown; grpc?: unknown }
interface SecurityContext {
  runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean;
  privileged?: boolean; capabilities?: { drop?: string[]; add?: string[] }; seccompProfile?: { type?: string };
}
interface VolumeMount { name: string; mountPath: string; readOnly?: boolean }
interface Container {
  name: string; image?: string; imagePullPolicy?: string; args?: string[]; command?: string[]; env?: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>;
  ports?: Array<{ name?: string; containerPort: number; hostPort?: number }>; livenessProbe?: Probe; readinessProbe?: Probe; startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> }; securityContext?: SecurityContext; volumeMounts?: VolumeMount[];
}
interface Volume { name: string; emptyDir?: unknown; configMap?: { name: string }; projected?: { sources: Array<Record<string, unknown>> }; hostPath?: unknown; secret?: unknown }
interface PodSpec {
  serviceAccountName?: string; automountServiceAccountToken?: boolean; priorityClassName?: string; hostNetwork?: boolean; hostPID?: boolean; hostIPC?: boolean;
  terminationGracePeriodSeconds?: number; securityContext?: SecurityContext; containers: Container[]; initContainers?: Container[]; volumes?: Volume[];
  topologySpreadConstraints?: Array<{ maxSkew: number; topologyKey: string; whenUnsatisfiable: string; labelSelector?: { matchLabels?: Record<string, string> } }>;
}
interface DeploymentSpec { replicas?: number; strategy?: { type?: string }; selector: { matchLabels?: Record<string, string> }; template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec } }

const kubectl = findTool('kubectl', ['version', '--client'], 'apt-get install -y kubectl');

const podSpecOf = (d: K8sObject): PodSpec => (d.spec as DeploymentSpec).template.spec;
const allContainers = (p: PodSpec): Container[] => [...p.containers, ...(p.initContainers ?? [])];

/** Kubernetes quantity to bytes (memory) or cores (cpu). */
function quantity(text: string): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(text);
  assert.ok(m, `not a quantity: ${text}`);
  const factors: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
  assert.ok(m[2] in factors, `unsupported quantity suffix in ${text}`);
  return Number(m[1]) * factors[m[2]];
}

/** The stop budget the code uses (src/pipeline/service.ts defaults), so the grace period cannot drift below it. */
function stopBudgetSeconds(): number {
  const source = readFileSync(join(REPO_ROOT, 'src/pipeline/service.ts'), 'utf8');
  const stop = /receiverStopMs \?\? ([\d_]+)/.exec(source);
  const drain = /drainMs \?\? ([\d_]+)/.exec(source);
  assert.ok(stop && drain, 'src/pipeline/service.ts no longer has `receiverStopMs ?? N` and `drainMs ?? N` defaults: update this test');
  return (Number(stop[1].replaceAll('_', '')) + Number(drain[1].replaceAll('_', ''))) / 1000;
}

for (const dir of kustomizations()) {
  const name = relative(REPO_ROOT, dir);
  describe(`kustomization ${name}`, { skip: kubectl.skip }, () => {
    const objects = kubectl.command ? renderKustomization(kubectl.command, dir) : [];
    const deployment = (): K8sObject => only(objects, 'Deployment', 'tracecore');
    const pod = (): PodSpec => podSpecOf(deployment());
    const container = (): Container => {
      const found = pod().containers.filter((c) => c.name === 'tracecore');
      assert.equal(found.length, 1, 'one container named tracecore');
      return found[0];
    };
    const config = (): {
      service: { telemetry: { metrics: { address: string } } };
      exporters: Record<string, { queue?: { storage?: string } }>;
      receivers: Record<string, { leader_election?: { enabled?: boolean }; checkpoint_dir?: string }>;
    } => {
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('tracecore-config'));
      assert.ok(cm, 'no tracecore-config ConfigMap');
      return parse((cm.data as Record<string, string>)['config.yaml']) as ReturnType<typeof config>;
    };

    it(`every rendered object validates against the Kubernetes OpenAPI schema (${schemaRelease()}), unknown fields rejected`, () => {
      assert.ok(objects.length > 0);
      const problems = objects.flatMap((o) => validateObject(o).map((p) => `${o.kind}/${o.metadata.name}: ${p}`));
      assert.deepEqual(problems, []);
    });

    it('renders exactly the objects the install needs, and no Secret', () => {
      const kinds = objects.map((o) => o.kind).sort();
      for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Namespace', 'PodDisruptionBudget', 'PriorityClass', 'Service', 'ServiceAccount']) {
        assert.ok(kinds.includes(kind), `missing ${kind}`);
      }
      assert.ok(!kinds.includes('Secret'), 'the install ships no Secret');
    });

    it('puts every namespaced object in the tracecore namespace, which enforces the restricted Pod Security Standard', () => {
      const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass']);
      for (const o of objects.filter((x) => !clusterScoped.has(x.kind))) assert.equal(o.metadata.namespace, 'tracecore', `${o.kind}/${o.metadata.name}`);
      assert.equal(only(objects, 'Namespace', 'tracecore').metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
    });

    it('runs as a non-root numeric user', () => {
      const p = pod();
      assert.equal(p.securityContext?.runAsNonRoot, true);
      assert.ok(Number.isInteger(p.securityContext?.runAsUser) && (p.securityContext?.runAsUser ?? 0) > 0, 'pod runAsUser must be a non-zero UID');
      for (const c of allContainers(p)) {
        assert.notEqual(c.securityContext?.runAsNonRoot, false, c.name);
        assert.notEqual(c.securityContext?.runAsUser, 0, c.name);
      }
    });

    it('mounts the root filesystem read-only in every container', () => {
      for (const c of allContainers(pod())) assert.equal(c.securityContext?.readOnlyRootFilesystem, true, c.name);
    });

    it('forbids privilege escalation and privileged mode', () => {
      for (const c of allContainers(pod())) {
        assert.equal(c.securityContext?.allowPrivilegeEscalation, false, c.name);
        assert.notEqual(c.securityContext?.privileged, true, c.name);
      }
    });

    it('drops all capabilities and adds none', () => {
      for (const c of allContainers(pod())) {
        assert.deepEqual(c.securityContext?.capabilities?.drop, ['ALL'], c.name);
        assert.equal(c.securityContext?.capabilities?.add, undefined, c.name);
      }
    });

    it('uses the RuntimeDefault seccomp profile', () => {
      const p = pod();
      assert.equal(p.securityContext?.seccompProfile?.type, 'RuntimeDefault');
      for (const c of allContainers(p)) assert.ok([undefined, 'RuntimeDefault'].includes(c.securityContext?.seccompProfile?.type), c.name);
    });

    it('shares no host namespace, path or port', () => {
      const p = pod();
      assert.notEqual(p.hostNetwork, true);
      assert.notEqual(p.hostPID, true);
      assert.notEqual(p.hostIPC, true);
      for (const v of p.volumes ?? []) assert.equal(v.hostPath, undefined, `volume ${v.name}`);
      for (const c of allContainers(p)) for (const port of c.ports ?? []) assert.equal(port.hostPort, undefined, c.name);
    });

    it('writes only where a volume is mounted: every writable mount is an emptyDir, and the exporter queue lives on one', () => {
      const p = pod();
      const volumes = new Map((p.volumes ?? []).map((v) => [v.name, v]));
      const writable = container().volumeMounts?.filter((m) => m.readOnly !== true) ?? [];
      for (const m of writable) assert.ok(volumes.get(m.name)?.emptyDir !== undefined, `${m.mountPath} is writable but not an emptyDir`);
      for (const [id, exporter] of Object.entries(config().exporters ?? {})) {
        const storage = exporter?.queue?.storage;
        if (storage === undefined) continue;
        assert.ok(writable.some((m) => storage === m.mountPath || storage.startsWith(`${m.mountPath}/`)), `${id} queue.storage ${storage} is not on a writable mount`);
      }
    });

    it('reads its config from the ConfigMap at the path the image expects', () => {
      const c = container();
      assert.deepEqual(c.args, ['--config', CONFIG_PATH]);
      assert.equal(c.command, undefined, 'the image entrypoint (tracecore run) must not be overridden');
      const mount = c.volumeMounts?.find((m) => CONFIG_PATH.startsWith(`${m.mountPath}/`));
      assert.ok(mount, 'config path not mounted');
      assert.equal(mount.readOnly, true);
      const volume = pod().volumes?.find((v) => v.name === mount.name);
      const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume?.configMap?.name);
      assert.ok(cm, `the config volume must reference the rendered ConfigMap (got ${volume?.configMap?.name})`);
      assert.ok('config.yaml' in (cm.data as Record<string, string>));
    });

    it('requests CPU and memory, limits memory above the request, and caps the V8 heap under the limit', () => {
      const c = container();
      const requests = c.resources?.requests ?? {};
      const limits = c.resources?.limits ?? {};
      assert.ok(requests.cpu && requests.memory && limits.memory, 'cpu and memory requests and a memory limit are required');
      assert.ok(quantity(limits.memory) >= quantity(requests.memory));
      const heap = /--max-old-space-size=(\d+)/.exec(c.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '');
      assert.ok(heap, 'NODE_OPTIONS --max-old-space-size must be set');
      assert.ok(Number(heap[1]) * 1024 ** 2 < quantity(limits.memory) * 0.8, 'the heap cap must leave room for the rest of the process under the memory limit');
    });

    it('probes liveness on /healthz and readiness on /readyz over HTTP, on the port the config listens on (no exec probe)', () => {
      const c = container();
      const port = Number(config().service.telemetry.metrics.address.split(':').pop());
      const named = new Map((c.ports ?? []).map((p) => [p.name, p.containerPort]));
      const portOf = (probe: Probe | undefined): number => (typeof probe?.httpGet?.port === 'string' ? (named.get(probe.httpGet.port) ?? -1) : (probe?.httpGet?.port ?? -1));
      assert.equal(c.livenessProbe?.httpGet?.path, '/healthz');
      assert.equal(c.readinessProbe?.httpGet?.path, '/readyz');
      assert.equal(portOf(c.livenessProbe), port);
      assert.equal(portOf(c.readinessProbe), port);
      assert.ok(config().service.telemetry.metrics.address.startsWith('0.0.0.0:'), 'the kubelet probes the pod IP: listen on all interfaces');
      for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) assert.equal(probe?.exec, undefined, 'exec probes start a second Node process every period');
    });

    it('gives SIGTERM a grace period of 30 s, past the receiver stop plus exporter drain', () => {
      assert.equal(pod().terminationGracePeriodSeconds, 30);
      assert.ok(30 > stopBudgetSeconds());
    });

    it('pulls a moving tag Always (a digest would not need it)', () => {
      const c = container();
      assert.ok(c.image);
      if (!c.image.includes('@sha256:')) assert.equal(c.imagePullPolicy, 'Always');
    });

    it('mounts the service-account token as an explicit projected volume, bound and short-lived, with the reason written down', () => {
      const p = pod();
      assert.equal(p.serviceAccountName, 'tracecore');
      assert.equal(p.automountServiceAccountToken, false);
      assert.equal(only(objects, 'ServiceAccount', 'tracecore').automountServiceAccountToken, false);
      const mount = container().volumeMounts?.find((m) => m.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount');
      assert.ok(mount, 'token not mounted where in_cluster auth reads it');
      assert.equal(mount.readOnly, true);
      const sources = p.volumes?.find((v) => v.name === mount.name)?.projected?.sources ?? [];
      const token = sources.find((s) => s.serviceAccountToken !== undefined)?.serviceAccountToken as { path: string; expirationSeconds?: number } | undefined;
      assert.equal(token?.path, 'token');
      assert.ok((token?.expirationSeconds ?? 0) <= 3600, 'tokens live at most an hour');
      assert.ok(sources.some((s) => JSON.stringify(s).includes('ca.crt')), 'the cluster CA is mounted beside the token');
      const text = readFileSync(join(KUSTOMIZE_BASE, 'deployment.yaml'), 'utf8');
      assert.match(text, /mounted explicitly rather than by automount because/);
    });

    it('runs at priority tracecore-cluster-critical (value 1000000000), not the kube-system-only system-cluster-critical', () => {
      assert.equal(pod().priorityClassName, 'tracecore-cluster-critical');
      const pc = only(objects, 'PriorityClass', 'tracecore-cluster-critical');
      assert.equal(pc.value, 1000000000);
      assert.notEqual(pc.globalDefault, true);
    });

    it('has a PodDisruptionBudget over its pods that never blocks a drain of a healthy deployment', () => {
      const d = deployment();
      const replicas = (d.spec as DeploymentSpec).replicas ?? 1;
      const pdb = only(objects, 'PodDisruptionBudget');
      const spec = pdb.spec as { minAvailable?: number | string; maxUnavailable?: number | string; selector: { matchLabels: Record<string, string> }; unhealthyPodEvictionPolicy?: string };
      const podLabels = (d.spec as DeploymentSpec).template.metadata?.labels ?? {};
      for (const [k, v] of Object.entries(spec.selector.matchLabels)) assert.equal(podLabels[k], v, `PDB selector ${k}`);
      assert.ok(typeof spec.minAvailable !== 'string' && typeof spec.maxUnavailable !== 'string', 'use integers: percentages round differently for 1 and 2 replicas');
      const allowed = spec.maxUnavailable !== undefined ? spec.maxUnavailable : replicas - (spec.minAvailable ?? 0);
      assert.ok(allowed >= 1, `with ${replicas} replica(s) this budget allows ${allowed} voluntary disruptions: node drains would hang`);
      if (replicas > 1) assert.ok(allowed < replicas, 'with several replicas the budget must keep at least one running');
      assert.equal(spec.unhealthyPodEvictionPolicy, 'AlwaysAllow');
    });

    it('gives the container POD_NAME and POD_NAMESPACE from the downward API (leader-election identity and Lease namespace)', () => {
      const env = new Map((container().env ?? []).map((e) => [e.name, e.valueFrom?.fieldRef?.fieldPath]));
      assert.equal(env.get('POD_NAME'), 'metadata.name');
      assert.equal(env.get('POD_NAMESPACE'), 'metadata.namespace');
    });

    it('runs several replicas only with leader election on, spread hard over nodes, with the checkpoint in the Lease', () => {
      const replicas = (deployment().spec as DeploymentSpec).replicas ?? 1;
      const election = Object.values(config().receivers).map((r) => r.leader_election?.enabled === true);
      if (replicas === 1) return;
      assert.ok(election.length > 0 && election.every(Boolean), `${replicas} replicas without leader election would export every event ${replicas} times`);
      assert.ok(Object.values(config().receivers).every((r) => r.checkpoint_dir === undefined), 'each pod has its own emptyDir: the checkpoint must live in the Lease');
      const spread = (pod().topologySpreadConstraints ?? []).find((c) => c.topologyKey === 'kubernetes.io/hostname');
      assert.ok(spread, 'no spread over nodes: one node loss could take every replica');
      assert.equal(spread.whenUnsatisfiable, 'DoNotSchedule');
      assert.equal(spread.maxSkew, 1);
      const podLabels = (deployment().spec as DeploymentSpec).template.metadata?.labels ?? {};
      for (const [k, v] of Object.entries(spread.labelSelector?.matchLabels ?? {})) assert.equal(podLabels[k], v, `spread selector ${k}`);
      assert.ok(Object.keys(spread.labelSelector?.matchLabels ?? {}).length > 0, 'the spread must select tracecore pods');
    });

    it('rolls out surge-first: the running pod stays until its replacement is ready, so a bad config or image never takes tracecore down', () => {
      const spec = deployment().spec as DeploymentSpec & { strategy?: { rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } } };
      assert.equal(spec.strategy?.type, 'RollingUpdate');
      assert.equal(spec.strategy?.rollingUpdate?.maxUnavailable, 0);
      assert.ok(Number(spec.strategy?.rollingUpdate?.maxSurge) >= 1);
    });

    it('exposes /metrics through a Service that also publishes unready pods', () => {
      const svc = only(objects, 'Service', 'tracecore-metrics');
      const spec = svc.spec as { publishNotReadyAddresses?: boolean; selector: Record<string, string>; ports: Array<{ port: number }> };
      assert.equal(spec.publishNotReadyAddresses, true);
      const podLabels = (deployment().spec as DeploymentSpec).template.metadata?.labels ?? {};
      for (const [k, v] of Object.entries(spec.selector)) assert.equal(podLabels[k], v);
      assert.deepEqual(spec.ports.map((p) => p.port), [Number(config().service.telemetry.metrics.address.split(':').pop())]);
    });
  });
}

describe('the OpenAPI validator itself', () => {
  it('rejects unknown fields, wrong types and missing required fields', () => {
    const problems = validateObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { replicas: 'one', selector: {}, template: { spec: { containers: [{ name: 'c', securityContext: { readOnlyRootFileSystem: true } }] } }, surprise: 1 },
    });
    assert.ok(problems.some((p) => p.includes('unknown field "readOnlyRootFileSystem"')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('unknown field "surprise"')));
    assert.ok(problems.some((p) => p.includes('spec.replicas: expected a number')));
    const missing = validateObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ name: 'p' }] } });
    assert.ok(missing.some((p) => p.includes('missing required field "port"')), missing.join('\n'));
  });

  it('refuses kinds it has no schema for instead of passing them', () => {
    assert.equal(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }).length, 1);
  });
});
