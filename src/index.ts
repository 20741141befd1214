/**
 * tracecore's public API: the k8s-events-v0 record, its attribute keys and hints, and the
 * functions that turn a Kubernetes Event object into an EventRecord. test/public-api.test.ts pins it.
 */
export type { Attribute, AttributeValue, ObjectRef, EventRecord, Record, Resource, SeverityNumber } from './model/record.ts';
export { SEVERITY_INFO, SEVERITY_UNSPECIFIED, SEVERITY_WARN } from './model/record.ts';

export type { Hint } from './model/hint.ts';
export {
  HINTS,
  HINT_BACKOFF,
  HINT_CONTAINER_STATUS_UNKNOWN,
  HINT_CREATE_FAILURE,
  HINT_DNS_CONFIG,
  HINT_IMAGE_PULL_FAILURE,
  HINT_INVALID_DISK_CAPACITY,
  HINT_KILL_FAILURE,
  HINT_MOUNT_FAILURE,
  HINT_NETWORK_NOT_READY,
  HINT_NODE_PRESSURE,
  HINT_NODE_UNHEALTHY,
  HINT_OOM_KILLED,
  HINT_POD_EVICTED,
  HINT_PROBE_FAILURE,
  HINT_SCHEDULE_FAILURE,
  HINT_VOLUME_ATTACH_FAILURE,
} from './model/hint.ts';

export type { AttributeKey } from './model/attributes.ts';
export {
  ATTRIBUTE_KEYS,
  ATTR_EVENT_ACTION,
  ATTR_EVENT_NAME,
  ATTR_EVENT_NAMESPACE,
  ATTR_EVENT_REASON,
  ATTR_EVENT_TIME,
  ATTR_EVENT_TYPE,
  ATTR_EVENT_UID,
  ATTR_HINT,
  ATTR_NOTE,
  ATTR_REGARDING_API_VERSION,
  ATTR_REGARDING_FIELD_PATH,
  ATTR_REGARDING_KIND,
  ATTR_REGARDING_NAME,
  ATTR_REGARDING_NAMESPACE,
  ATTR_REGARDING_RESOURCE_VERSION,
  ATTR_REGARDING_UID,
  ATTR_RELATED_KIND,
  ATTR_RELATED_NAME,
  ATTR_RELATED_NAMESPACE,
  ATTR_RELATED_UID,
  ATTR_REPORTING_CONTROLLER,
  ATTR_REPORTING_INSTANCE,
  ATTR_SERIES_COUNT,
  MAX_ATTRIBUTES_CEILING,
  MAX_ATTRIBUTES_DEFAULT,
  MAX_ATTRIBUTES_FLOOR,
  RESOURCE_CLUSTER_NAME,
  RESOURCE_SERVICE_NAME,
  RESOURCE_SERVICE_VERSION,
  SCHEMA_URL,
  SCOPE_NAME,
  SEMCONV_EVENT_ACTION,
  SEMCONV_EVENT_COUNT,
  SEMCONV_EVENT_NAME,
  SEMCONV_EVENT_REASON,
  SEMCONV_EVENT_UID,
  SEMCONV_NAMESPACE_NAME,
  SEMCONV_OBJECT_API_VERSION,
  SEMCONV_OBJECT_FIELDPATH,
  SEMCONV_OBJECT_KIND,
  SEMCONV_OBJECT_NAME,
  SEMCONV_OBJECT_RESOURCE_VERSION,
  SEMCONV_OBJECT_UID,
  SEMCONV_REPORTING_CONTROLLER,
  SEMCONV_REPORTING_INSTANCE,
} from './model/attributes.ts';

export type { K8sEvent, K8sEventMetadata, K8sEventSeries, K8sEventSource, K8sObjectReference } from './receivers/k8s-events/event.ts';
export { normalizeEvent } from './receivers/k8s-events/normalize.ts';
export { describeHint, hintFor } from './receivers/k8s-events/hints.ts';
export { createRecordBuilder, type RecordBuilder, type RecordBuilderOptions } from './receivers/k8s-events/record.ts';
