import { printable } from './formats/stylish';

/** At most this often the line is redrawn: a terminal is slower than the analysis of a small file. */
const REDRAW_MS = 100;

/**
 * The progress line of a long run (files done of total, the current project),
 * redrawn in place on stderr. Only on a terminal: nothing extra reaches a pipe,
 * a file or a CI log.
 */
export class Progress {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    readonly enabled: boolean,
  ) {}

  static for(stream: NodeJS.WritableStream & { isTTY?: boolean }, environment: NodeJS.ProcessEnv): Progress {
    const ci = environment.CI !== undefined && environment.CI !== '' && environment.CI !== 'false' && environment.CI !== '0';
    return new Progress(stream, stream.isTTY === true && !ci);
  }

  update(done: number, total: number, project: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (this.drawn && now - this.lastDraw < REDRAW_MS && done < total) return;
    this.lastDraw = now;
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    const line = `asynclint: ${done}/${total} files · ${printable(project)}`;
    this.stream.write(`\r\u001b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    this.drawn = true;
  }

  /** Clears the line, so the report starts on a clean one. */
  finish(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }
}
