/**
 * `validate` and start-up check of `queue.storage`: the directory (or the nearest existing parent
 * it would be created in) must be a writable directory. Never creates anything.
 */
import type { EnvironmentProblem } from '../../../component/types.ts';
import { writableDirectoryProblem } from '../../../config/writable-directory.ts';
import type { QueueConfig } from './queue-config.ts';

export function checkQueueStorage(queue: QueueConfig): EnvironmentProblem[] {
  if (queue.storage === undefined) return [];
  const problem = writableDirectoryProblem(queue.storage);
  return problem === undefined ? [] : [{ path: ['queue', 'storage'], message: problem }];
}
