import type { Connection } from 'vscode-languageserver/node';
import type { ProjectService } from '../project/projects';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol';

/**
 * What the language status item shows: ready or analysing, how many projects
 * are loaded, and the last analysis. Analyses run in slices, so several can be
 * under way at once: the state is "analysing" until the last one ends.
 */
export class StatusReporter {
  private running = 0;
  private lastAnalysis: StatusParams['lastAnalysis'];

  constructor(
    private readonly connection: Connection,
    private readonly service: ProjectService,
  ) {}

  send(state: StatusParams['state']): void {
    void this.connection.sendNotification(STATUS_NOTIFICATION, { state, projects: this.service.projects.length, lastAnalysis: this.lastAnalysis } satisfies StatusParams);
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
}
