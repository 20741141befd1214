/**
 * Wires enrichment into a running receiver: the enricher, its lookups through the receiver's API
 * client and rate limit, and its metrics (present at 0 from start for every known label value):
 * tracecore_receiver_enrichment_misses_total{receiver,cause} and
 * tracecore_receiver_enrichment_lookups_total{receiver,result}. Undefined when `enrich` asks for nothing.
 */
import type { CreateSettings } from '../../../component/types.ts';
import { RateLimitedLog } from '../../../telemetry/logger.ts';
import type { ApiClient } from '../api-client.ts';
import type { TokenBucket } from '../../../net/token-bucket.ts';
import { lookUpObject } from './api-lookup.ts';
import { enrichmentWanted, type EnrichConfig } from './config.ts';
import { ENRICH_MISS_REASONS, OwnerEnricher } from './owner-enricher.ts';

/** API tokens left for the list/watch loop: a lookup never takes the last ones. */
const TOKENS_KEPT_FOR_WATCH = 2;
const LOOKUP_RESULTS = ['ok', 'not_found', 'forbidden', 'error'] as const;

export function startEnrichment(config: EnrichConfig, client: ApiClient, limiter: TokenBucket, settings: CreateSettings): OwnerEnricher | undefined {
  const id = settings.id;
  const m = settings.metrics;
  const misses = new Map(ENRICH_MISS_REASONS.map((reason) => [reason, m.receiverEnrichmentMisses.labels(id, reason)]));
  const lookups = new Map(LOOKUP_RESULTS.map((result) => [result, m.receiverEnrichmentLookups.labels(id, result)]));
  for (const counter of [...misses.values(), ...lookups.values()]) counter.inc(0);
  if (!enrichmentWanted(config)) return undefined;
  const log = new RateLimitedLog(settings.logger);
  settings.logger.info({ owners: config.owners, labels: config.labels, annotations: config.annotations, cache_size: config.cache_size }, 'enrichment on: looking up the objects events are about');
  return new OwnerEnricher(config, {
    get: async (path, signal) => {
      const answer = await lookUpObject(client, path, signal);
      if ('missing' in answer && answer.missing !== 'not_found') {
        log.warn(`enrich:${answer.missing}`, { path, reason: answer.missing }, `enrichment lookup failed: records go out without owner and label keys (${answer.message ?? answer.missing})`);
      }
      return answer;
    },
    tryTake: () => limiter.tryTake(TOKENS_KEPT_FOR_WATCH),
    onMiss: (reason) => misses.get(reason)?.inc(),
    onLookup: (result) => lookups.get(result)?.inc(),
  });
}
