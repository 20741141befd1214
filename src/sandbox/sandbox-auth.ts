/**
 * Who may call the sandbox API: a bearer token, a client certificate signed by the sandbox CA,
 * or anyone when neither is configured. Like a real API server, a valid client certificate is
 * tried first, then the token; a request with neither gets 401.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RequestCredential } from './request-log.ts';

export interface AuthSettings {
  /** The accepted bearer token; null: tokens are not accepted. */
  readonly token: string | null;
  /** Client certificates signed by the sandbox CA are accepted (https only). */
  readonly clientCert: boolean;
}

export function authenticate(req: IncomingMessage, settings: AuthSettings): RequestCredential {
  if (settings.token === null && !settings.clientCert) return 'anonymous';
  if (settings.clientCert && hasVerifiedClientCert(req)) return 'client-cert';
  if (settings.token !== null && bearerMatches(req.headers.authorization, settings.token)) return 'token';
  return 'rejected';
}

function hasVerifiedClientCert(req: IncomingMessage): boolean {
  const socket = req.socket as Partial<TLSSocket>;
  if (socket.encrypted !== true || socket.authorized !== true || typeof socket.getPeerCertificate !== 'function') return false;
  const certificate = socket.getPeerCertificate.call(req.socket as TLSSocket);
  return certificate !== null && Object.keys(certificate).length > 0;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  if (header === undefined) return false;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
