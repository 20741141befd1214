/**
 * The URL logs are POSTed to: the configured endpoint with `/v1/logs` appended, unless its path
 * already ends with `/v1/logs` (`http://c:4318` -> `http://c:4318/v1/logs`,
 * `https://gw/otlp` -> `https://gw/otlp/v1/logs`, `https://gw/v1/logs` unchanged).
 */
export function logsUrl(endpoint: string): URL {
  const url = new URL(endpoint);
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/v1/logs')) url.pathname = `${path}/v1/logs`;
  return url;
}

/** The URL for logs: without user info or query (which may carry credentials). */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
