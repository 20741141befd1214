/**
 * The sandbox Kubernetes API: a loopback HTTP(S) server serving list+watch of events.k8s.io/v1
 * Events, with fault injection, a request log, scenario playback and synthetic data. Used by
 * `tracecore demo`, replay, integration tests and benchmarks.
 */
export { SandboxApiServer, type SandboxOptions, type KubeconfigOptions, type WriteKubeconfigOptions } from './sandbox-server.ts';
export { EventStore, type EventStoreOptions, type EventPatch } from './event-store.ts';
export type { EventObject, EventInput, EventMetadata, EventObjectRef, EventSeries, EventRef, ManagedFieldsEntry } from './event-types.ts';
export { EVENT_API_VERSION, EVENT_KIND, EVENT_LIST_KIND, formatTime, formatMicroTime } from './event-types.ts';
export type { HttpFault } from './fault-queue.ts';
export type { HostileMode } from './hostile-mode.ts';
export { RequestLog, type RequestRecord, type RequestKind, type RequestCredential } from './request-log.ts';
export { loadSandboxTls, SANDBOX_TLS_DIR, type SandboxTls } from './sandbox-tls.ts';
export { buildKubeconfig, type KubeconfigSpec, type KubeconfigUser } from './kubeconfig.ts';
export type { KubeStatus } from './k8s-status.ts';
export { LeaseStore, LEASE_API_VERSION, MAX_ANNOTATIONS_BYTES, type LeaseObject, type LeaseSpec } from './lease-store.ts';
export { playScenario, applyStep, type PlaybackOptions, type PlaybackResult } from './scenario-player.ts';
export { scenarioDurationMs, type Scenario, type ScenarioStep } from './scenario.ts';
export { incidentScenario } from './scenarios/incident.ts';
export { generateEvents, type SyntheticEventOptions } from './synthetic-events.ts';
