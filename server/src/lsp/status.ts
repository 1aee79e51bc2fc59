import type { Connection } from 'vscode-languageserver/node';
import type { ProjectService } from '../project/projects';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol';

/**
 * What the language status item shows: loading (which project, how far),
 * analysing or ready, how many projects are loaded, and the last analysis.
 * Analyses run in slices, so several can be under way at once: the state is
 * "analysing" until the last one ends.
 */
export class StatusReporter {
  private running = 0;
  private lastAnalysis: StatusParams['lastAnalysis'];
  private lastLoad: StatusParams['lastLoad'];
  private loadingNow: StatusParams['loading'];

  constructor(
    private readonly connection: Connection,
    private readonly service: ProjectService,
  ) {}

  send(state: StatusParams['state']): void {
    const shown = this.loadingNow ? 'loading' : state;
    void this.connection.sendNotification(STATUS_NOTIFICATION, {
      state: shown,
      projects: this.service.projects.length,
      lastAnalysis: this.lastAnalysis,
      ...(this.loadingNow ? { loading: this.loadingNow } : {}),
      ...(this.lastLoad ? { lastLoad: this.lastLoad } : {}),
    } satisfies StatusParams);
  }

  analysisStarted(): void {
    this.running++;
    this.send('analysing');
  }

  analysisEnded(): void {
    if (--this.running === 0) this.send('ready');
  }

  analysed(file: string, milliseconds: number): void {
    this.lastAnalysis = { file, milliseconds, at: new Date().toISOString() };
  }

  /** A project's first load is under way (or has moved on to its next step). */
  loading(loading: NonNullable<StatusParams['loading']>): void {
    this.loadingNow = loading;
    this.send('loading');
  }

  loaded(load: NonNullable<StatusParams['lastLoad']>): void {
    this.loadingNow = undefined;
    this.lastLoad = load;
    this.send(this.running > 0 ? 'analysing' : 'ready');
  }
}
