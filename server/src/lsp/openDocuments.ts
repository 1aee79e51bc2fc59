import * as fs from 'node:fs';
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { normalizeFileName, type OpenFiles } from '../project/projects';

/** The file name (as the project service spells it) of a document URI. */
export const fileOf = (uri: string): string => normalizeFileName(URI.parse(uri).fsPath);
/** The URI of a file name. */
export const uriOf = (file: string): string => URI.file(file).toString();

/**
 * The documents the editor has open, by URI (as the protocol names them) and by
 * file name (as the project service reads them). An open document's text is the
 * editor's, not the disk's: unsaved edits are analysed.
 */
export class OpenDocuments {
  readonly textDocuments = new TextDocuments(TextDocument);
  private readonly byFile = new Map<string, TextDocument>();

  /** What the project service reads instead of the disk for open files. */
  readonly openFiles: OpenFiles = {
    text: (fileName) => this.byFile.get(fileName)?.getText(),
    version: (fileName) => this.byFile.get(fileName)?.version,
  };

  get(uri: string): TextDocument | undefined {
    return this.textDocuments.get(uri);
  }

  all(): TextDocument[] {
    return this.textDocuments.all();
  }

  byFileName(file: string): TextDocument | undefined {
    return this.byFile.get(file);
  }

  isOpen(file: string): boolean {
    return this.byFile.has(file);
  }

  openFileNames(): string[] {
    return [...this.byFile.keys()];
  }

  /** Called when a document opens or changes; a document closed and reopened is a new object. */
  track(document: TextDocument): void {
    this.byFile.set(fileOf(document.uri), document);
  }

  untrack(document: TextDocument): void {
    this.byFile.delete(fileOf(document.uri));
  }

  /** A file's text: the editor's when it is open, else the disk's; undefined when it cannot be read. */
  readText(file: string): string | undefined {
    const open = this.openFiles.text(file);
    if (open !== undefined) return open;
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  listen(connection: Connection): void {
    this.textDocuments.listen(connection);
  }
}
