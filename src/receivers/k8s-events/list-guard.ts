/**
 * The guard on one list's pages: a continue token that comes back (the API server or a proxy
 * looping) or a list that goes on for more than `maxPages` pages (fresh items forever) is a `loop`
 * error, reported and backed off, instead of requests as fast as the network allows and a uid set
 * that grows without end. Tokens are remembered as hashes, so a hostile token costs 32 bytes.
 */
import { createHash } from 'node:crypto';
import { ApiError } from './api-client.ts';

/** Pages one list may take (a million Events at 500 per page). */
export const MAX_LIST_PAGES = 2000;

export class ListGuard {
  private readonly maxPages: number;
  private readonly tokens = new Set<string>();
  private pages = 0;

  constructor(maxPages: number = MAX_LIST_PAGES) {
    this.maxPages = maxPages;
  }

  /** Counts a page that ended with `token`; throws `loop` when the list must stop. */
  onPage(token: string | undefined, items: number): void {
    this.pages++;
    if (token === undefined) return;
    if (this.pages >= this.maxPages) {
      throw new ApiError('loop', `list did not end after ${this.pages} pages (the last had ${items} items): the API server keeps sending continue tokens; backing off`);
    }
    const digest = createHash('sha256').update(token).digest('base64');
    if (this.tokens.has(digest)) {
      throw new ApiError('loop', `list continue token repeated after ${this.pages} pages: the API server (or a proxy) is looping; backing off`);
    }
    this.tokens.add(digest);
  }

  /** The list starts again from its first page (an expired continue token). */
  restart(): void {
    this.tokens.clear();
  }
}
