/**
 * Attribute keys of k8s-events-v0, in precedence order, and the keys stamped by `semconv_compat`.
 * These names are a contract: dashboards and pattern detectors join on them.
 */
export const SCHEMA_URL = 'https://tracecore.ai/schemas/k8sevents/v0';
export const SCOPE_NAME = 'tracecore/k8s_events';

export const ATTR_EVENT_UID = 'event.uid';
export const ATTR_EVENT_REASON = 'event.reason';
export const ATTR_REGARDING_KIND = 'regarding.kind';
export const ATTR_REGARDING_NAMESPACE = 'regarding.namespace';
export const ATTR_REGARDING_NAME = 'regarding.name';
export const ATTR_REGARDING_UID = 'regarding.uid';
export const ATTR_HINT = 'k8s.event.hint';
export const ATTR_EVENT_TIME = 'event.time';
export const ATTR_SERIES_COUNT = 'series.count';
export const ATTR_REPORTING_CONTROLLER = 'event.reporting_controller';
export const ATTR_EVENT_ACTION = 'event.action';
export const ATTR_EVENT_TYPE = 'event.type';
export const ATTR_NOTE = 'note';
export const ATTR_EVENT_NAME = 'event.name';
export const ATTR_EVENT_NAMESPACE = 'event.namespace';
export const ATTR_REPORTING_INSTANCE = 'event.reporting_instance';
export const ATTR_REGARDING_FIELD_PATH = 'regarding.field_path';
export const ATTR_REGARDING_API_VERSION = 'regarding.api_version';
export const ATTR_REGARDING_RESOURCE_VERSION = 'regarding.resource_version';
export const ATTR_RELATED_KIND = 'related.kind';
export const ATTR_RELATED_NAMESPACE = 'related.namespace';
export const ATTR_RELATED_NAME = 'related.name';
export const ATTR_RELATED_UID = 'related.uid';

/** All v0 keys in precedence order; the first nine always survive the cap. */
export const ATTRIBUTE_KEYS = [
  ATTR_EVENT_UID,
  ATTR_EVENT_REASON,
  ATTR_REGARDING_KIND,
  ATTR_REGARDING_NAMESPACE,
  ATTR_REGARDING_NAME,
  ATTR_REGARDING_UID,
  ATTR_HINT,
  ATTR_EVENT_TIME,
  ATTR_SERIES_COUNT,
  ATTR_REPORTING_CONTROLLER,
  ATTR_EVENT_ACTION,
  ATTR_EVENT_TYPE,
  ATTR_NOTE,
  ATTR_EVENT_NAME,
  ATTR_EVENT_NAMESPACE,
  ATTR_REPORTING_INSTANCE,
  ATTR_REGARDING_FIELD_PATH,
  ATTR_REGARDING_API_VERSION,
  ATTR_REGARDING_RESOURCE_VERSION,
  ATTR_RELATED_KIND,
  ATTR_RELATED_NAMESPACE,
  ATTR_RELATED_NAME,
  ATTR_RELATED_UID,
] as const;

export type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

export const MAX_ATTRIBUTES_FLOOR = 9;
export const MAX_ATTRIBUTES_DEFAULT = 16;
export const MAX_ATTRIBUTES_CEILING = 64;

/** Keys of the OpenTelemetry Collector's k8seventsreceiver, stamped after the v0 keys when `semconv_compat: true`. */
export const SEMCONV_EVENT_REASON = 'k8s.event.reason';
export const SEMCONV_EVENT_ACTION = 'k8s.event.action';
export const SEMCONV_EVENT_NAME = 'k8s.event.name';
export const SEMCONV_EVENT_UID = 'k8s.event.uid';
export const SEMCONV_EVENT_COUNT = 'k8s.event.count';
export const SEMCONV_REPORTING_CONTROLLER = 'k8s.event.reporting_controller';
export const SEMCONV_REPORTING_INSTANCE = 'k8s.event.reporting_instance';
export const SEMCONV_NAMESPACE_NAME = 'k8s.namespace.name';
export const SEMCONV_OBJECT_KIND = 'k8s.object.kind';
export const SEMCONV_OBJECT_NAME = 'k8s.object.name';
export const SEMCONV_OBJECT_UID = 'k8s.object.uid';
export const SEMCONV_OBJECT_FIELDPATH = 'k8s.object.fieldpath';
export const SEMCONV_OBJECT_API_VERSION = 'k8s.object.api_version';
export const SEMCONV_OBJECT_RESOURCE_VERSION = 'k8s.object.resource_version';

/** Resource attribute keys. */
export const RESOURCE_SERVICE_NAME = 'service.name';
export const RESOURCE_SERVICE_VERSION = 'service.version';
export const RESOURCE_CLUSTER_NAME = 'k8s.cluster.name';

/** Enrichment keys (opt-in `enrich:`), after the v0 keys and outside the cap, like the semconv keys. */
export const ATTR_OWNER_KIND = 'regarding.owner.kind';
export const ATTR_OWNER_NAME = 'regarding.owner.name';
/** `regarding.label.<key>`, the label key as it is (e.g. `regarding.label.app.kubernetes.io/name`). */
export const ATTR_REGARDING_LABEL_PREFIX = 'regarding.label.';
export const ATTR_REGARDING_ANNOTATION_PREFIX = 'regarding.annotation.';
