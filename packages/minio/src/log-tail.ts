/** Keeps the last lines a process or container printed, for error messages. */
export class LogTail {
  readonly #limit: number;
  readonly #lines: string[] = [];
  #partial = '';

  constructor(limit = 20) {
    this.#limit = limit;
  }

  push(chunk: Buffer | string): void {
    const text = this.#partial + chunk.toString();
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) {
      this.#lines.push(line);
      if (this.#lines.length > this.#limit) this.#lines.shift();
    }
  }

  /** The kept lines, indented for an error message; `(no output)` when there were none. */
  format(): string {
    const lines = this.#partial ? [...this.#lines, this.#partial] : this.#lines;
    if (lines.length === 0) return '    (no output)';
    return lines
      .slice(-this.#limit)
      .map((line) => `    ${line}`)
      .join('\n');
  }
}
