import type { Severity } from '../../core/findings';
import { ALL_RULES, docsUrl } from '../../core/registry';
import type { LocatedFinding, LocatedFix, Span } from '../report';

/** Where people learn about the tool; SARIF viewers link it. */
const INFORMATION_URI = 'https://github.com/asynclint/asynclint';
const SOURCE_ROOT = '%SRCROOT%';

/** SARIF has three levels for results; info and hint are both notes. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/**
 * `--format sarif`: a SARIF 2.1.0 log, as GitHub code scanning and other
 * viewers read it. Every rule is described (what it flags, its documentation,
 * its default level), so a viewer can explain a result without asynclint.
 * Files inside the working folder are named relative to it (`%SRCROOT%`),
 * which is how code scanning matches them to the repository.
 */
export function formatSarif(findings: readonly LocatedFinding[], version: string, cwd: string): string {
  const root = cwd.endsWith('/') ? cwd : `${cwd}/`;
  const ruleIndex = new Map(ALL_RULES.map((rule, index) => [rule.meta.id, index]));
  const artifactLocation = (file: string) => (file.startsWith(root) ? { uri: encodePath(file.slice(root.length)), uriBaseId: SOURCE_ROOT } : { uri: `file://${encodePath(file)}` });
  const region = (span: Span) => ({ startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn });
  const physicalLocation = (span: Span) => ({ artifactLocation: artifactLocation(span.file), region: region(span) });

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'asynclint',
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules: ALL_RULES.map(({ meta }) => ({
              id: meta.id,
              name: pascalCase(meta.id),
              shortDescription: { text: meta.description },
              fullDescription: { text: meta.docs.flags },
              help: { text: `${meta.docs.flags}\n\n${meta.docs.why}\n\nDocumentation: ${docsUrl(meta.id)}` },
              helpUri: docsUrl(meta.id),
              defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
              properties: { typeAware: meta.typeAware, tags: ['async'] },
            })),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: `file://${encodePath(root)}` } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => ({
          ruleId: finding.rule,
          ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
          level: LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [{ physicalLocation: physicalLocation(finding) }],
          ...(finding.related.length > 0
            ? { relatedLocations: finding.related.map((related, index) => ({ id: index + 1, physicalLocation: physicalLocation(related), message: { text: related.message } })) }
            : {}),
          ...(finding.fixes.length > 0 ? { fixes: finding.fixes.map((fix) => sarifFix(fix, artifactLocation, region)) } : {}),
          properties: { severity: finding.severity },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifFix(fix: LocatedFix, artifactLocation: (file: string) => object, region: (span: Span) => object) {
  const files = [...new Set(fix.edits.map((edit) => edit.file))];
  return {
    description: { text: fix.title },
    artifactChanges: files.map((file) => ({
      artifactLocation: artifactLocation(file),
      replacements: fix.edits.filter((edit) => edit.file === file).map((edit) => ({ deletedRegion: region(edit), insertedContent: { text: edit.newText } })),
    })),
    properties: { safe: fix.safe },
  };
}

/** A file name as a URI path: each segment percent-encoded, slashes kept. */
function encodePath(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** SARIF's `name` is an identifier-like form of the id: no-floating-promises → NoFloatingPromises. */
function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase());
}
