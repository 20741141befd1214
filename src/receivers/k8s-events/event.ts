/**
 * An `events.k8s.io/v1` Event object as it arrives from the API server (list, watch, dump).
 *
 * Real payloads omit many fields and send `null` for some (`eventTime: null`, `series: null`), and
 * old clusters send empty strings (`reportingInstance: ""`): every consumer treats `null`, `''` and
 * a missing field alike, as absent. Only `metadata.uid` is guaranteed (normalizeEvent checks it).
 * The object is shared with the decoder and must never be mutated.
 */

/** ObjectMeta, only the fields the receiver reads. */
export interface K8sEventMetadata {
  readonly uid: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly resourceVersion?: string;
  /** RFC 3339, seconds precision. */
  readonly creationTimestamp?: string | null;
}

/** ObjectReference (`regarding`, `related`). */
export interface K8sObjectReference {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly apiVersion?: string;
  readonly resourceVersion?: string;
  readonly fieldPath?: string;
}

/** EventSeries: a recurring event's occurrence count and its latest occurrence. */
export interface K8sEventSeries {
  readonly count?: number;
  /** MicroTime: RFC 3339 with microseconds. */
  readonly lastObservedTime?: string | null;
}

/** The core/v1 `source` (`deprecatedSource` here). */
export interface K8sEventSource {
  readonly component?: string;
  readonly host?: string;
}

export interface K8sEvent {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: K8sEventMetadata;
  /** MicroTime: RFC 3339 with microseconds; null on events written through core/v1. */
  readonly eventTime?: string | null;
  readonly series?: K8sEventSeries | null;
  readonly reportingController?: string;
  readonly reportingInstance?: string;
  readonly action?: string;
  readonly reason?: string;
  readonly regarding?: K8sObjectReference | null;
  readonly related?: K8sObjectReference | null;
  readonly note?: string;
  /** `Normal` or `Warning` (anything else is passed on as given). */
  readonly type?: string;
  readonly deprecatedSource?: K8sEventSource | null;
  readonly deprecatedFirstTimestamp?: string | null;
  readonly deprecatedLastTimestamp?: string | null;
  readonly deprecatedCount?: number | null;
}
