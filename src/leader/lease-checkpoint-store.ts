/**
 * The receiver's checkpoint kept in one annotation of the leader-election Lease, so a new leader
 * resumes where the old one stopped with no shared volume. Only the leader reads and writes it:
 * load() gives the annotation as it was when this replica acquired the Lease (the old leader's
 * last write); save() writes it with the same optimistic concurrency as a renewal. Annotations
 * hold at most 256 KiB in all: a larger checkpoint is refused (the save rejects, nothing is cut).
 */
import type { CheckpointStore } from '../receivers/k8s-events/checkpoint-store.ts';
import { NotLeaderError, type LeaderElector } from './leader-elector.ts';

export const CHECKPOINT_ANNOTATION = 'tracecore.ai/checkpoint';

export class LeaseCheckpointStore implements CheckpointStore {
  readonly description: string;
  private readonly elector: () => LeaderElector | undefined;
  private readonly deadlineMs: number;

  /** `elector` is looked up at each call: it exists once the receiver has connected. */
  constructor(elector: () => LeaderElector | undefined, leaseDescription: string, deadlineMs: number) {
    this.elector = elector;
    this.description = `lease ${leaseDescription} (annotation ${CHECKPOINT_ANNOTATION})`;
    this.deadlineMs = deadlineMs;
  }

  load(): Promise<string | undefined> {
    const elector = this.elector();
    if (!elector?.isLeader()) return Promise.reject(new NotLeaderError('only the leader reads the checkpoint'));
    return Promise.resolve(elector.annotation(CHECKPOINT_ANNOTATION));
  }

  save(data: string): Promise<void> {
    const elector = this.elector();
    if (elector === undefined) return Promise.reject(new NotLeaderError('leader election has not started'));
    return elector.updateAnnotation(CHECKPOINT_ANNOTATION, data, AbortSignal.timeout(this.deadlineMs));
  }
}
