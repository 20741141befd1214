/**
 * The six detectors: which records feed which finding, and about what subject. They read the
 * receiver's typed record (hint, reason, regarding, reportingInstance, count, event time); only
 * facts that exist nowhere but in the note (the evicted resource, the image, the scheduler's
 * reasons, the preempting node, the OOM victim pid) come from note-fields.ts.
 *
 *   pod_eviction_storm  hint pod_evicted on a Pod      subject: the Node (kubelet's reporting
 *                                                      instance/host; "on node X" for Preempted)
 *   oom_kills           hint oom_killed                subject: the Node, and the workload for a Pod
 *   crash_loop          hint backoff on a Pod          per pod; subject: its workload
 *   image_pull_failing  hint image_pull_failure, Pod   subject: the workload
 *   unschedulable       hint schedule_failure, Pod     subject: the Pod; `Scheduled` clears it
 *   node_flapping       reason NodeNotReady on a Node  subject: the Node
 */
import { HINT_BACKOFF, HINT_IMAGE_PULL_FAILURE, HINT_NODE_PRESSURE, HINT_OOM_KILLED, HINT_POD_EVICTED, HINT_SCHEDULE_FAILURE } from '../../model/hint.ts';
import type { EventRecord } from '../../model/record.ts';
import { BoundedLru } from './bounded-lru.ts';
import type { Episode, Subject } from './episode.ts';
import type { FindingsEngine } from './findings-engine.ts';
import { evictionResource, oomVictimPid, preemptionNode, pressureResource, pulledImage, schedulerReasons } from './note-fields.ts';
import { Occurrences } from './occurrences.ts';
import { workloadOf, type Workload } from './workload.ts';

export class Detectors {
  private readonly engine: FindingsEngine;
  private readonly occurrences: Occurrences;
  /** node -> what it last reported pressure on (memory, ephemeral-storage, pid). */
  private readonly nodePressure: BoundedLru<string, string>;

  constructor(engine: FindingsEngine, maxSubjects: number) {
    this.engine = engine;
    this.occurrences = new Occurrences(maxSubjects * 4);
    this.nodePressure = new BoundedLru(maxSubjects);
  }

  /** Remembered Events and nodes (for the memory-bound test). */
  get trackedEvents(): number {
    return this.occurrences.size + this.nodePressure.size;
  }

  observe(record: EventRecord): void {
    const hint = record.hint;
    if (hint === undefined) {
      if (record.reason === 'NodeNotReady') this.nodeNotReady(record);
      else if (record.reason === 'Scheduled') this.scheduled(record);
      else this.engine.advanceTo(record.timeUnixMicros);
      return;
    }
    switch (hint) {
      case HINT_POD_EVICTED:
        return this.evicted(record);
      case HINT_OOM_KILLED:
        return this.oomKilled(record);
      case HINT_BACKOFF:
        return this.backOff(record);
      case HINT_IMAGE_PULL_FAILURE:
        return this.pullFailed(record);
      case HINT_SCHEDULE_FAILURE:
        return this.unschedulable(record);
      case HINT_NODE_PRESSURE:
        return this.pressure(record);
      default:
        if (record.reason === 'NodeNotReady') return this.nodeNotReady(record);
        this.engine.advanceTo(record.timeUnixMicros);
    }
  }

  private evicted(record: EventRecord): void {
    const pod = workloadOf(record);
    const node = record.reason === 'Preempted' ? preemptionNode(record.note) : record.reportingInstance;
    if (pod === undefined || node === undefined || !this.engine.isEnabled('pod_eviction_storm')) return this.engine.advanceTo(record.timeUnixMicros);
    const weight = this.occurrences.of(record);
    const resource = evictionResource(record.note) ?? this.nodePressure.peek(node);
    this.engine.contribute('pod_eviction_storm', node, nodeSubject(node), record, weight, (episode) => {
      if (resource !== undefined) episode.pressure = resource;
      episode.addWorkload(qualified(pod), weight);
    });
  }

  private oomKilled(record: EventRecord): void {
    const regarding = record.regarding;
    const node = regarding.kind === 'Node' ? regarding.name : record.reportingInstance;
    const weight = this.occurrences.of(record);
    const pid = oomVictimPid(record.note);
    if (node !== undefined) {
      const seen = this.engine.episodeOf('oom_kills', node);
      // kubelet (SystemOOM) and the node problem detector (OOMKilling) both report one kill: count its pid once.
      if (pid === undefined || seen === undefined || seen.firstReportOf(pid)) {
        this.engine.contribute('oom_kills', node, nodeSubject(node), record, weight, (episode: Episode) => {
          if (pid !== undefined) episode.firstReportOf(pid);
        });
      }
    }
    const workload = workloadOf(record);
    if (workload !== undefined) this.engine.contribute('oom_kills', workloadKey(workload), workload, record, weight);
    this.engine.advanceTo(record.timeUnixMicros);
  }

  private backOff(record: EventRecord): void {
    const workload = workloadOf(record);
    if (workload === undefined) return this.engine.advanceTo(record.timeUnixMicros);
    const podName = record.regarding.name as string;
    const key = record.regarding.uid ?? `${record.regarding.namespace ?? ''}/${podName}`;
    this.engine.contribute('crash_loop', key, workload, record, this.occurrences.of(record), (episode) => {
      episode.pod = podName;
    });
  }

  private pullFailed(record: EventRecord): void {
    const workload = workloadOf(record);
    if (workload === undefined) return this.engine.advanceTo(record.timeUnixMicros);
    const image = pulledImage(record.note);
    this.engine.contribute('image_pull_failing', workloadKey(workload), workload, record, Math.max(1, this.occurrences.of(record)), (episode) => {
      if (image !== undefined) episode.image = image;
    });
  }

  private unschedulable(record: EventRecord): void {
    const r = record.regarding;
    if (r.kind !== 'Pod' || r.name === undefined) return this.engine.advanceTo(record.timeUnixMicros);
    const reasons = schedulerReasons(record.note);
    const subject: Subject = { kind: 'Pod', name: r.name, namespace: r.namespace };
    this.engine.contribute('unschedulable', podKey(record), subject, record, Math.max(1, this.occurrences.of(record)), (episode) => {
      if (reasons !== undefined) episode.reasons = reasons.join('; ');
    });
  }

  private scheduled(record: EventRecord): void {
    if (record.regarding.kind === 'Pod') this.engine.clear('unschedulable', podKey(record), record.timeUnixMicros);
    this.engine.advanceTo(record.timeUnixMicros);
  }

  private pressure(record: EventRecord): void {
    const r = record.regarding;
    const node = r.kind === 'Node' ? r.name : record.reportingInstance;
    const resource = pressureResource(record.reason, record.note);
    if (node !== undefined && resource !== undefined) this.nodePressure.set(node, resource);
    this.engine.advanceTo(record.timeUnixMicros);
  }

  private nodeNotReady(record: EventRecord): void {
    const r = record.regarding;
    if (r.kind !== 'Node' || r.name === undefined) return this.engine.advanceTo(record.timeUnixMicros);
    this.engine.contribute('node_flapping', r.name, nodeSubject(r.name), record, this.occurrences.of(record));
    this.engine.advanceTo(record.timeUnixMicros);
  }
}

function nodeSubject(node: string): Subject {
  return { kind: 'Node', name: node, namespace: undefined };
}

function workloadKey(w: Workload): string {
  return `${w.namespace ?? ''}/${w.kind}/${w.name}`;
}

function podKey(record: EventRecord): string {
  return record.regarding.uid ?? `${record.regarding.namespace ?? ''}/${record.regarding.name ?? ''}`;
}

/** `shop/web`. */
function qualified(w: Workload): string {
  return w.namespace === undefined ? w.name : `${w.namespace}/${w.name}`;
}
