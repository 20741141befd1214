import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runConfigPath } from './run-args.ts';

describe('runConfigPath: the command line started without commander', () => {
  it('recognises run --config FILE, run -c FILE and run --config=FILE', () => {
    assert.equal(runConfigPath(['run', '--config', '/etc/tracecore/config.yaml']), '/etc/tracecore/config.yaml');
    assert.equal(runConfigPath(['run', '-c', 'a.yaml']), 'a.yaml');
    assert.equal(runConfigPath(['run', '--config=a b.yaml']), 'a b.yaml');
  });

  it('leaves everything else to commander, so its help and errors stay the same', () => {
    for (const args of [[], ['run'], ['run', '--help'], ['run', '--config'], ['run', '--config='], ['run', '--config', '--help'], ['run', '--config', 'a.yaml', 'extra'], ['validate', '--config', 'a.yaml'], ['run', '--conf', 'a.yaml']]) {
      assert.equal(runConfigPath(args), undefined, args.join(' '));
    }
  });
});
