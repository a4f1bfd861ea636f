/** What a fault case must get from depthkit. */
export type Expectation =
  /** A non-zero exit whose message names the subject and says what was expected. */
  | 'refuse'
  /** Either a clean refusal, or success with a printed warning naming the subject. */
  | 'warn'
  /** Exit 0 and the output the case checks for. */
  | 'succeed';

export const verdicts = ['clean refusal', 'acceptable', 'silent', 'unclear', 'crash', 'data lost'] as const;
export type Verdict = (typeof verdicts)[number];

/** What a case observed: the CLI's exit and streams, and what happened to files around it. */
export interface Observation {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Findings that user data was destroyed or not kept (a log emptied, a checkpoint missing, weights differing). */
  lost: string[];
  /** Temp files left behind. */
  leftovers: string[];
  /** Text that must never appear (content read from outside a model folder). */
  leaked: boolean;
  /** For 'succeed': the case's own check of the output passed. */
  checked?: boolean;
  /** For interruptions: the exit codes that are the documented answer (130 for SIGINT). */
  expectedCodes?: number[];
}

/** A stack trace, or an error thrown from inside tfjs or the JS engine rather than by depthkit. */
const crashPattern = /\n\s+at [\w.<>]+ \(|\n\s+at (file|node):|TypeError|RangeError|ReferenceError|Cannot read properties|concat\dD|Error in \w+:|JavaScript heap out of memory|FATAL ERROR/;
/** Words a message uses when it says what was expected or why it stopped. */
const explainsPattern = /expected|refused|not an image|no such|must|instead|above the limit|missing|deprecated|transposed|clamped|invalid|could not write/i;

/**
 * The verdict, by rules only: data loss first (nothing else matters then), then crashes (signals
 * nobody asked for, stack traces, engine errors), then the expectation — does the message name
 * the file or option (`subjects`) and say what was expected?
 */
export function classify(expect: Expectation, subjects: readonly string[], o: Observation): { verdict: Verdict; why: string } {
  const text = `${o.stdout}\n${o.stderr}`;
  if (o.lost.length > 0) return { verdict: 'data lost', why: o.lost.join('; ') };
  const expectedExit = o.code != null && (o.expectedCodes ?? []).includes(o.code);
  if (o.signal != null && !expectedExit) return { verdict: 'crash', why: `killed by ${o.signal}` };
  if (crashPattern.test(o.stderr)) return { verdict: 'crash', why: `stack trace or engine error: ${firstLine(o.stderr.match(crashPattern)?.[0] ?? '')}` };
  if (o.leaked) return { verdict: 'silent', why: 'content from outside the model folder appeared in the output' };
  const named = subjects.filter((s) => text.includes(s));
  const namesSubject = subjects.length === 0 || named.length > 0;
  const explains = explainsPattern.test(text);
  const warned = /warning/i.test(text) && namesSubject;
  if (o.leftovers.length > 0) return { verdict: 'unclear', why: `left temp files: ${o.leftovers.slice(0, 3).join(', ')}` };
  if (expect === 'succeed') {
    if (o.code === 0 && o.checked !== false) return { verdict: 'acceptable', why: 'exit 0, output as expected' };
    return { verdict: o.code === 0 ? 'silent' : 'unclear', why: `exit ${o.code}${o.checked === false ? ', output check failed' : ''}` };
  }
  if (o.code === 0 || expectedExit) {
    if (expectedExit && o.checked !== false) return { verdict: 'acceptable', why: `exit ${o.code} as documented` };
    if (expect === 'warn' && warned) return { verdict: 'acceptable', why: 'exit 0 with a warning naming it' };
    if (warned && o.checked !== false) return { verdict: 'acceptable', why: 'exit 0 with a warning naming it' };
    return { verdict: 'silent', why: `exit ${o.code} without a refusal or a warning naming ${subjects.join(' / ') || 'it'}` };
  }
  if (namesSubject && explains) return { verdict: 'clean refusal', why: `exit ${o.code}, names ${named[0] ?? 'it'}` };
  return { verdict: 'unclear', why: `exit ${o.code}; message ${namesSubject ? 'does not say what was expected' : `does not name ${subjects.join(' / ')}`}` };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0].slice(0, 80);
}

/** The last line depthkit printed on stderr (its one-line error), for the table. */
export function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim() !== '');
  return (lines.at(-1) ?? '').slice(0, 160);
}
