/**
 * `receivers.k8s_events.leader_election`: several replicas, one Lease, exactly one lists, watches
 * and exports. Defaults are client-go's (15 s / 10 s / 2 s), what kube-controller-manager and most
 * operators use.
 */
import { z } from 'zod';
import { duration } from '../config/schema-helpers.ts';

/** A Kubernetes object name (DNS subdomain, RFC 1123). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const leaderElectionConfigSchema = z
  .object({
    enabled: z.boolean().default(false).describe('run several replicas: only the one holding the Lease lists, watches and exports; the others are ready and idle, and take over when it stops or dies'),
    lease_name: z
      .string()
      .max(253)
      .regex(DNS_SUBDOMAIN, { message: 'must be a Kubernetes object name: lower-case letters, digits, - and .' })
      .default('tracecore')
      .describe('the coordination.k8s.io/v1 Lease the replicas compete for (the Role must grant get and update on this name)'),
    lease_namespace: z
      .string()
      .max(63)
      .regex(DNS_LABEL, { message: 'must be a Kubernetes namespace name: lower-case letters, digits and -' })
      .optional()
      .describe('namespace of the Lease; default POD_NAMESPACE (downward API), else the service account\'s namespace'),
    lease_duration: duration({ default: '15s', minMs: 1000, maxMs: 3_600_000 }).describe('how long a Lease that is not renewed keeps others from taking it (the longest a takeover after a crash takes)'),
    renew_deadline: duration({ default: '10s', minMs: 500 }).describe('a leader that could not renew for this long stops exporting (shorter than lease_duration, so it stops before anyone else may start)'),
    retry_period: duration({ default: '2s', minMs: 100 }).describe('how often the leader renews and the others check the Lease (shorter than renew_deadline)'),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.renew_deadline >= config.lease_duration) {
      ctx.addIssue({ code: 'custom', path: ['renew_deadline'], message: 'must be shorter than lease_duration, so a leader that cannot renew stops before its Lease can be taken' });
    }
    if (config.retry_period >= config.renew_deadline) {
      ctx.addIssue({ code: 'custom', path: ['retry_period'], message: 'must be shorter than renew_deadline, so the leader tries to renew more than once before giving up' });
    }
  });

export type LeaderElectionConfig = z.output<typeof leaderElectionConfigSchema>;
