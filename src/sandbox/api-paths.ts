/** The sandbox's URL space: the events.k8s.io/v1 Event collection (cluster-wide or per namespace) and single Events. */

export const EVENTS_API_PREFIX = '/apis/events.k8s.io/v1';

export type EventsRoute =
  | { readonly kind: 'collection'; readonly namespace: string | undefined }
  | { readonly kind: 'item'; readonly namespace: string; readonly name: string };

const NAMESPACED = /^\/apis\/events\.k8s\.io\/v1\/namespaces\/([^/]+)\/events(?:\/([^/]+))?$/;

/** The route for a request path, or undefined (404). */
export function routeOf(pathname: string): EventsRoute | undefined {
  if (pathname === `${EVENTS_API_PREFIX}/events`) return { kind: 'collection', namespace: undefined };
  const match = NAMESPACED.exec(pathname);
  if (!match) return undefined;
  const namespace = decodeSegment(match[1]);
  const name = match[2] === undefined ? undefined : decodeSegment(match[2]);
  if (namespace === undefined || (match[2] !== undefined && name === undefined)) return undefined;
  return name === undefined ? { kind: 'collection', namespace } : { kind: 'item', namespace, name };
}

/** `watch=true` (or `1`) turns a collection GET into a watch. */
export function isWatchQuery(query: URLSearchParams): boolean {
  const watch = query.get('watch');
  return watch === 'true' || watch === '1';
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // malformed %-escape: no such route
  }
}
