import * as ts from 'typescript';

/**
 * Lays out the text a fix writes the way the file around it is laid out: its
 * indentation step and line width. A rewrite that would make a line longer
 * than the file's lines breaks its lists one element per line (array literals
 * first, as people write `await Promise.all([` on its own line), and
 * TypeScript's formatter then indents the lines it made.
 */

/** How a file is laid out, as far as a fix needs to know. */
export interface FileLayout {
  /** One step of indentation: a tab or some spaces. */
  readonly indentUnit: string;
  /** The line width the file keeps to. */
  readonly lineWidth: number;
  readonly newLine: string;
  /** Whether a list broken over lines ends with a comma after its last element. */
  readonly trailingCommas: boolean;
}

/** Widths people configure; a file is taken to keep to the smallest one nearly all its lines fit in. */
const COMMON_WIDTHS = [80, 100, 120, 140, 160];
/** A few long lines (a URL, a generated table) do not make a file's width. */
const LINES_THAT_MUST_FIT = 0.99;

const layouts = new WeakMap<ts.SourceFile, FileLayout>();

export function fileLayout(sourceFile: ts.SourceFile): FileLayout {
  let layout = layouts.get(sourceFile);
  if (!layout) {
    layout = detectLayout(sourceFile.text);
    layouts.set(sourceFile, layout);
  }
  return layout;
}

function detectLayout(text: string): FileLayout {
  const lines = text.split(/\r?\n/);
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent.startsWith('\t')) tabs++;
    else if (indent.length > 0) spaces++;
    if (!indent.includes('\t') && indent.length > previous) steps.set(indent.length - previous, (steps.get(indent.length - previous) ?? 0) + 1);
    if (!indent.includes('\t')) previous = indent.length;
  }
  const step = [...steps].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 2;
  const indentUnit = tabs > spaces ? '\t' : ' '.repeat(step >= 1 && step <= 8 ? step : 2);

  const lengths = lines.map((line) => line.replace(/\t/g, ' '.repeat(indentUnit === '\t' ? 4 : indentUnit.length)).length).sort((a, b) => a - b);
  const mustFit = lengths[Math.max(0, Math.ceil(lengths.length * LINES_THAT_MUST_FIT) - 1)] ?? 0;
  const lineWidth = COMMON_WIDTHS.find((width) => width >= mustFit) ?? COMMON_WIDTHS[COMMON_WIDTHS.length - 1];

  // Judged on array literals: the lists whose trailing comma styles agree on.
  const withComma = (text.match(/,[ \t]*\r?\n[ \t]*\]/g) ?? []).length;
  const withoutComma = (text.match(/[\w)\]'"`][ \t]*\r?\n[ \t]*\]/g) ?? []).length;
  return { indentUnit, lineWidth, newLine: text.includes('\r\n') ? '\r\n' : '\n', trailingCommas: withComma >= withoutComma };
}

/**
 * The text to write instead of `newText` over [start, end) of the file, laid
 * out like the file: lines past its width broken at list elements, the new
 * lines indented by TypeScript's formatter. Only whitespace changes: what the
 * code does is the same as `newText`'s.
 */
export function formatReplacement(sourceFile: ts.SourceFile, start: number, end: number, newText: string, layout: FileLayout = fileLayout(sourceFile)): string {
  const before = sourceFile.text.slice(0, start);
  const after = sourceFile.text.slice(end);
  let region = newText;
  for (let round = 0; round < 8; round++) {
    const broken = breakLongestLine(sourceFile, before, region, after, layout);
    if (broken === undefined) break;
    region = broken;
  }
  if (region === newText || !region.includes('\n')) return region;
  return indentRegion(sourceFile.fileName, before, region, after, layout);
}

/** The region with the first over-long line's outermost list broken one element per line; undefined when nothing needs or can be broken. */
function breakLongestLine(sourceFile: ts.SourceFile, before: string, region: string, after: string, layout: FileLayout): string | undefined {
  const text = before + region + after;
  const regionStart = before.length;
  const regionEnd = regionStart + region.length;
  const tooLong = overLongLines(text, regionStart, regionEnd, layout);
  if (tooLong.length === 0) return undefined;
  const parsed = ts.createSourceFile(sourceFile.fileName, text, sourceFile.languageVersion, true, scriptKindOf(sourceFile.fileName));
  for (const [lineStart, lineEnd] of tooLong) {
    const list = outermostList(parsed, Math.max(lineStart, regionStart), Math.min(lineEnd, regionEnd), regionStart, regionEnd);
    if (!list) continue;
    const { open, close, elements, isArray } = list;
    let result = text.slice(regionStart, open + 1);
    for (const [index, element] of elements.entries()) {
      const last = index === elements.length - 1;
      result += `${layout.newLine}${element.getText(parsed)}${!last || (isArray && layout.trailingCommas) ? ',' : ''}`;
    }
    result += `${layout.newLine}${text.slice(close, regionEnd)}`;
    return result;
  }
  return undefined;
}

/** [start, end) of each line touching the region that is wider than the file's width. */
function overLongLines(text: string, regionStart: number, regionEnd: number, layout: FileLayout): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  let lineStart = text.lastIndexOf('\n', regionStart - 1) + 1;
  while (lineStart <= regionEnd) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const width = text
      .slice(lineStart, lineEnd)
      .replace(/\r$/, '')
      .replace(/\t/g, ' '.repeat(layout.indentUnit === '\t' ? 4 : layout.indentUnit.length)).length;
    if (width > layout.lineWidth) lines.push([lineStart, lineEnd]);
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return lines;
}

interface BreakableList {
  readonly open: number;
  readonly close: number;
  readonly elements: readonly ts.Node[];
  readonly isArray: boolean;
}

/**
 * The list to break on a line: the outermost array literal that opens on it,
 * else the outermost argument list of two or more, else an array pattern; only
 * lists the fix wrote, on one line, with no comments inside.
 */
function outermostList(sourceFile: ts.SourceFile, lineStart: number, lineEnd: number, regionStart: number, regionEnd: number): BreakableList | undefined {
  const found: Record<'array' | 'arguments' | 'pattern', BreakableList | undefined> = { array: undefined, arguments: undefined, pattern: undefined };
  const text = sourceFile.text;
  const visit = (node: ts.Node): void => {
    if (node.getEnd() < regionStart || node.getStart(sourceFile) > regionEnd) return;
    const start = node.getStart(sourceFile);
    const fits = (open: number, close: number) =>
      open >= Math.max(lineStart, regionStart) && open < lineEnd && close < regionEnd && !text.slice(open, close).includes('\n') && !/\/[/*]/.test(text.slice(open, close));
    if (ts.isArrayLiteralExpression(node) && node.elements.length > 0 && !found.array && fits(start, node.getEnd() - 1)) {
      found.array = { open: start, close: node.getEnd() - 1, elements: node.elements, isArray: true };
    } else if (
      ts.isArrayBindingPattern(node) &&
      node.elements.length > 1 &&
      !found.pattern &&
      fits(start, node.getEnd() - 1) &&
      node.elements.every((element) => !ts.isOmittedExpression(element))
    ) {
      found.pattern = { open: start, close: node.getEnd() - 1, elements: node.elements, isArray: true };
    } else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && (node.arguments?.length ?? 0) > 1 && !found.arguments) {
      const open = text.indexOf('(', node.expression.getEnd());
      const close = node.getEnd() - 1;
      if (open !== -1 && fits(open, close)) found.arguments = { open, close, elements: node.arguments!, isArray: false };
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found.array ?? found.arguments ?? found.pattern;
}

/** Re-indents the region's lines with TypeScript's formatter; only the whitespace that starts a line is changed. */
function indentRegion(fileName: string, before: string, region: string, after: string, layout: FileLayout): string {
  const text = before + region + after;
  const regionStart = before.length;
  const regionEnd = regionStart + region.length;
  const service = singleFileService(fileName, text);
  const settings: ts.FormatCodeSettings = {
    ...ts.getDefaultFormatCodeSettings(layout.newLine),
    indentSize: layout.indentUnit === '\t' ? 4 : layout.indentUnit.length,
    tabSize: layout.indentUnit === '\t' ? 4 : layout.indentUnit.length,
    convertTabsToSpaces: layout.indentUnit !== '\t',
    indentStyle: ts.IndentStyle.Smart,
    semicolons: ts.SemicolonPreference.Ignore,
  };
  let edits: readonly ts.TextChange[];
  try {
    edits = service.getFormattingEditsForRange(fileName, regionStart, regionEnd, settings);
  } catch {
    return region;
  } finally {
    service.dispose();
  }
  const indentation = edits.filter(({ span }) => {
    const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
    const spanEnd = span.start + span.length;
    return span.start > regionStart && spanEnd <= regionEnd && /^[ \t]*$/.test(text.slice(lineStart, spanEnd));
  });
  let result = text;
  for (const { span, newText } of [...indentation].sort((a, b) => b.span.start - a.span.start)) {
    result = result.slice(0, span.start) + newText + result.slice(span.start + span.length);
  }
  return result.slice(regionStart, result.length - after.length);
}

function singleFileService(fileName: string, text: string): ts.LanguageService {
  const snapshot = ts.ScriptSnapshot.fromString(text);
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => ({ allowJs: true, noLib: true, noResolve: true }),
    getScriptFileNames: () => [fileName],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => (name === fileName ? snapshot : undefined),
    getCurrentDirectory: () => '/',
    getDefaultLibFileName: () => 'lib.d.ts',
    fileExists: (name) => name === fileName,
    readFile: (name) => (name === fileName ? text : undefined),
  };
  return ts.createLanguageService(host, undefined, ts.LanguageServiceMode.Syntactic);
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (/\.tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
