/**
 * RE2 patterns in configs (`reason_regex`, `name_regex`, `note_regex`): compiled with re2js, so
 * matching is linear in the input whatever the pattern. A pattern RE2 cannot run that way
 * (lookaround, backreferences) is a config error that says what to write instead.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import { z } from 'zod';

// re2js is loaded on the first pattern, not at start: a config without patterns never holds its
// module code (about 2.5-4 MiB; docs/performance.md).
const requireLazily = createRequire(import.meta.url);
let re2: typeof RE2JS | undefined;

/** Compiles an RE2 pattern: the compiled pattern, or throws RE2JSSyntaxException. */
export function compileRe2(pattern: string): RE2JS {
  re2 ??= (requireLazily('re2js') as typeof import('re2js')).RE2JS;
  return re2.compile(pattern);
}

/** An RE2 pattern config value, checked at validation. */
export function re2Pattern() {
  return z.string().superRefine((pattern, ctx) => {
    const problem = re2Problem(pattern);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** Why RE2 refuses a pattern, in words a user can act on; undefined when it compiles. */
export function re2Problem(pattern: string): string | undefined {
  try {
    compileRe2(pattern);
    return undefined;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    const unsupported = unsupportedConstruct(pattern);
    if (unsupported !== undefined) return `"${pattern}" uses ${unsupported}, which RE2 syntax does not have (RE2 guarantees linear-time matching); write the pattern without it`;
    return `"${pattern}" is not a valid RE2 pattern: ${detail}`;
  }
}

/** Names a Perl/JavaScript construct RE2 leaves out on purpose, when the pattern uses one. */
function unsupportedConstruct(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== undefined && next >= '1' && next <= '9') return `a backreference (\\${next})`;
      if (next === 'k' && pattern[i + 2] === '<') return 'a named backreference (\\k<...>)';
      i++;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith('=')) return 'a lookahead (?=...)';
      if (rest.startsWith('!')) return 'a negative lookahead (?!...)';
      if (rest === '<=') return 'a lookbehind (?<=...)';
      if (rest === '<!') return 'a negative lookbehind (?<!...)';
      if (rest.startsWith('>')) return 'an atomic group (?>...)';
    }
  }
  return undefined;
}
