/**
 * The command line of `npm run bench` (bench/run.ts). Parts, events, modes and diagnostics:
 *
 *   npm run bench                              everything: micro, e2e (tracecore), baseline, idle
 *   npm run bench -- --only micro              one part (comma-separate several: --only e2e,baseline)
 *   npm run bench -- --events 5000             a quick run
 *   npm run bench -- --only idle --idle-seconds 600
 *   npm run bench -- --only e2e --profile      CPU profile of the agent, summarised by self time
 */
import { parseArgs } from 'node:util';

export const PARTS = ['micro', 'e2e', 'baseline', 'shipped', 'idle'] as const;
export type Part = (typeof PARTS)[number];
export type Mode = 'list' | 'watch';

export interface BenchArgs {
  readonly parts: ReadonlySet<Part>;
  readonly events: number;
  readonly modes: readonly Mode[];
  /** Events per second in watch mode; 0 = a flood (as fast as the sandbox writes them). */
  readonly rate: number;
  readonly protocol: 'https' | 'http';
  readonly verify: boolean;
  readonly profile: boolean;
  readonly heapSnapshot: boolean;
  readonly idleSeconds: number;
  /** The shipped part's large initial list, and the small one its peak RSS is compared with. */
  readonly bigList: number;
  readonly smallList: number;
  readonly compileCache: boolean;
  /** Extra Node flags for the agent processes, e.g. the Deployment's --max-old-space-size=128. */
  readonly agentFlags: string[];
  readonly rounds: number;
  /** End-to-end runs per agent and mode; the run with the median CPU per event is reported. */
  readonly repeat: number;
  readonly json: string | undefined;
  readonly help: boolean;
}

export const USAGE = `usage: node bench/run.ts [options]
  --only PARTS         comma-separated: micro, e2e, baseline, shipped, idle (default: all).
                       shipped: the compiled dist/ (built first) under the Deployment's NODE_OPTIONS:
                       the flood, the big and the small initial list, and idle (issue 12's table)
  --events N           events per end-to-end run (default 50000)
  --modes M            comma-separated: watch, list (default: both)
  --rate R             watch mode: events per second added after ready; 0 = flood (default 0)
  --protocol P         sandbox API protocol: https (default, realistic) or http
  --verify             also check every event uid arrived exactly once (the count is always checked)
  --profile            run the agents with --cpu-prof and print their self time by function and package
  --heap-snapshot      write a heap snapshot of each agent mid-run and print what it holds
  --idle-seconds S     length of the idle measurement (default 20; the target is about 600)
  --big-list N         shipped: events in the large initial list (default 190000)
  --small-list N       shipped: events in the small initial list it is compared with (default 20000)
  --compile-cache      run the agents with NODE_COMPILE_CACHE (warmed by one start) instead of cold
  --agent-flags F      extra Node flags for the agents, space-separated (write --agent-flags="--max-old-space-size=128", as the Deployment sets)
  --rounds N           micro benchmark rounds (default 15)
  --repeat N           end-to-end runs per agent and mode; the median run (by CPU per event) is reported (default 3)
  --json PATH          where to write the JSON results (default bench/results/latest.json)
`;

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string' },
      events: { type: 'string', default: '50000' },
      modes: { type: 'string', default: 'watch,list' },
      rate: { type: 'string', default: '0' },
      protocol: { type: 'string', default: 'https' },
      verify: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'heap-snapshot': { type: 'boolean', default: false },
      'idle-seconds': { type: 'string', default: '20' },
      'big-list': { type: 'string', default: '190000' },
      'small-list': { type: 'string', default: '20000' },
      'compile-cache': { type: 'boolean', default: false },
      'agent-flags': { type: 'string', default: '' },
      rounds: { type: 'string', default: '15' },
      repeat: { type: 'string', default: '3' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const parts = new Set<Part>();
  for (const part of (values.only ?? PARTS.join(',')).split(',').map((s) => s.trim())) {
    if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only: unknown part ${JSON.stringify(part)} (one of ${PARTS.join(', ')})`);
    parts.add(part as Part);
  }
  const modes = values.modes.split(',').map((s) => s.trim());
  for (const mode of modes) if (mode !== 'list' && mode !== 'watch') throw new Error(`--modes: unknown mode ${JSON.stringify(mode)} (watch or list)`);
  if (values.protocol !== 'https' && values.protocol !== 'http') throw new Error('--protocol must be https or http');
  return {
    parts,
    events: positiveInt('--events', values.events),
    modes: modes as Mode[],
    rate: nonNegative('--rate', values.rate),
    protocol: values.protocol,
    verify: values.verify,
    profile: values.profile,
    heapSnapshot: values['heap-snapshot'],
    idleSeconds: positiveInt('--idle-seconds', values['idle-seconds']),
    bigList: positiveInt('--big-list', values['big-list']),
    smallList: positiveInt('--small-list', values['small-list']),
    compileCache: values['compile-cache'],
    agentFlags: String(values['agent-flags']).split(' ').filter(Boolean),
    rounds: positiveInt('--rounds', values.rounds),
    repeat: positiveInt('--repeat', values.repeat),
    json: values.json,
    help: values.help,
  };
}

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

function nonNegative(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number >= 0, got ${JSON.stringify(text)}`);
  return n;
}
