import { activeRules, type AnalysisOptions, type FileAnalysis } from '../engine';
import type { Finding, Fix } from '../findings';
import type { Report } from '../rule';
import { unusedSuppression } from '../rules/unused-suppression';
import { findRule } from '../registry';
import { applySuppressions, type Directive } from '../suppressions';
import { LineMap } from './lines';
import type { PyProject } from './project';
import { isPythonRule } from './rule';
import { asLineSource, parsePythonDirectives, removeFromPythonDirective } from './suppressions';

export interface PythonFileAnalysis extends FileAnalysis {
  /** Lines of the analysed text, to turn offsets into positions. */
  readonly lines: LineMap;
}

/**
 * Runs the active Python rules on one file. The parser must be loaded
 * (`loadPythonParser`). Like the TypeScript engine, a rule that throws loses
 * its findings for this file only; suppression comments apply afterwards.
 */
export function analyzePythonFile(fileName: string, text: string, options: AnalysisOptions, project: PyProject): PythonFileAnalysis {
  const lines = new LineMap(text);
  const problems: string[] = [];
  const module = project.module(fileName, text);
  if (!module) return { findings: [], problems: [`${fileName} was not analysed: it is too large`], checkerFailed: false, lines };
  const active = activeRules(options);
  const findings: Finding[] = [];
  const failed = new Set<string>();
  const pythonMinor = project.minimumPythonMinor(fileName);
  for (const { rule, severity } of active) {
    if (!isPythonRule(rule)) continue;
    const own: Finding[] = [];
    try {
      rule.check({
        module,
        project,
        pythonMinor,
        options: options.ruleOptions?.[rule.meta.id] ?? {},
        report(report: Report) {
          own.push({
            rule: rule.meta.id,
            severity: report.certainty === 'likely' ? 'hint' : severity,
            message: report.message,
            file: fileName,
            start: report.start,
            end: report.end,
            fixes: report.fixes ?? [],
            ...(report.related ? { related: report.related } : {}),
          });
        },
      });
      findings.push(...own);
    } catch (error) {
      failed.add(rule.meta.id);
      problems.push(`rule ${rule.meta.id} skipped for ${fileName}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }

  let kept = findings;
  const directives = parsePythonDirectives(module.root, text, lines);
  if (directives.length > 0) {
    const ran = new Set(active.filter(({ rule }) => isPythonRule(rule) && !failed.has(rule.meta.id)).map(({ rule }) => rule.meta.id));
    const result = applySuppressions(findings, directives, asLineSource(lines), (id) => ran.has(id));
    kept = result.kept;
    const reporter = active.find(({ rule }) => rule === unusedSuppression);
    if (reporter) {
      const report = (directive: Directive, message: string, fix: Fix | undefined) =>
        kept.push({
          rule: unusedSuppression.meta.id,
          severity: reporter.severity,
          message,
          file: fileName,
          start: directive.commentStart,
          end: directive.commentEnd,
          fixes: fix ? [fix] : [],
        });
      for (const { directive, rules } of result.unused) {
        const what = rules.length === 0 ? 'any rule' : rules.map((rule) => `\`${rule}\``).join(', ');
        report(directive, `This suppression is unused: no finding of ${what} was suppressed by it.`, removeFromPythonDirective(directive, rules, text, fileName));
      }
      for (const directive of directives) {
        const unknown = directive.rules.filter((rule) => !findRule(rule));
        if (unknown.length > 0)
          report(
            directive,
            `${unknown.map((rule) => `\`${rule}\``).join(', ')} ${unknown.length === 1 ? 'is not an asynclint rule' : 'are not asynclint rules'}: this suppression does nothing for ${unknown.length === 1 ? 'it' : 'them'}.`,
            undefined,
          );
      }
    }
  }
  kept.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
  return { findings: kept, problems, checkerFailed: false, lines };
}
