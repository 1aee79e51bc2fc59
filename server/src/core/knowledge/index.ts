import type { Fact } from './facts';
import * as files from './files';
import * as frameworks from './frameworks';
import * as javascript from './javascript';
import * as names from './names';
import * as node from './node';
import * as vscode from './vscode';

/**
 * The knowledge base: everything the rules know about the world, as data.
 * Each module holds the facts of one domain (the language, Node.js, VS Code,
 * frameworks, file layouts, naming conventions); rules import the facts they
 * use and list them in their metadata, and their documentation is generated
 * from them.
 */
export const ALL_FACTS: readonly Fact[] = [javascript, node, vscode, frameworks, files, names].flatMap((module) =>
  Object.values(module).filter((value): value is Fact => typeof value === 'object' && value !== null && 'kind' in value && 'reason' in value),
);

export type { DeclarationKey, Evidence, Fact } from './facts';
export { holds } from './facts';
export type { ConfiguredKnowledge } from './project';
