import { spawn } from 'node:child_process';

// Runs a command to its end and returns what it printed; never throws, so a test can show the output
// of a command that failed. The child gets the parent's environment without Vitest's own variables
// (a Vitest started inside a Vitest worker would otherwise think it is that worker).

export interface CommandResult {
  code: number | null;
  /** stdout alone, e.g. for `--json`. */
  stdout: string;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  ms: number;
}

export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|TINYPOOL|__VITEST)/.test(key) || key === 'TEST' || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  return env;
}

export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs: number },
): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => {
      output += `\n[consumer] ${command} ${args.join(' ')} killed after ${options.timeoutMs} ms\n`;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, output, ms: Math.round(performance.now() - started) });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({
        code: -1,
        stdout,
        output: `${output}\n${error.message}`,
        ms: Math.round(performance.now() - started),
      });
    });
  });
}
