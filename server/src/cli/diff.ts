/** Lines of context around each change, as `diff -u` prints them. */
const CONTEXT = 3;

/** Past this many lines in the changed middle of a file, it is shown as replaced whole instead of compared line by line. */
const MAX_COMPARED_LINES = 4000;

type Operation = { readonly kind: ' ' | '-' | '+'; readonly text: string };

/**
 * A unified diff of one file (`--fix-dry-run`), readable by `git apply` and
 * `patch -p1` when the names are relative. Empty when the texts are equal.
 */
export function unifiedDiff(oldName: string, newName: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const operations: Operation[] = [
    ...a.slice(0, prefix).map((text) => ({ kind: ' ' as const, text })),
    ...compare(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix)),
    ...a.slice(a.length - suffix).map((text) => ({ kind: ' ' as const, text })),
  ];

  const lines = [`--- ${oldName}`, `+++ ${newName}`];
  let index = 0;
  while (index < operations.length) {
    if (operations[index].kind === ' ') {
      index++;
      continue;
    }
    // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change closer than 2 * CONTEXT.
    const start = Math.max(0, index - CONTEXT);
    let end = index;
    for (let last = index; last < operations.length; last++) {
      if (operations[last].kind !== ' ') end = last;
      else if (last - end > 2 * CONTEXT) break;
    }
    const stop = Math.min(operations.length, end + CONTEXT + 1);
    let oldStart = 1;
    let newStart = 1;
    for (const operation of operations.slice(0, start)) {
      if (operation.kind !== '+') oldStart++;
      if (operation.kind !== '-') newStart++;
    }
    const hunk = operations.slice(start, stop);
    const oldCount = hunk.filter((operation) => operation.kind !== '+').length;
    const newCount = hunk.filter((operation) => operation.kind !== '-').length;
    lines.push(`@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@`);
    for (const operation of hunk) {
      lines.push(`${operation.kind}${operation.text.replace(/\r?\n$/, '')}`);
      if (!operation.text.endsWith('\n')) lines.push('\\ No newline at end of file');
    }
    index = stop;
  }
  return `${lines.join('\n')}\n`;
}

/** Lines with their line breaks, so a missing final newline shows. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The shortest edit script between two runs of lines (longest common subsequence). */
function compare(a: readonly string[], b: readonly string[]): Operation[] {
  if (a.length * b.length === 0 || a.length > MAX_COMPARED_LINES || b.length > MAX_COMPARED_LINES) {
    return [...a.map((text) => ({ kind: '-' as const, text })), ...b.map((text) => ({ kind: '+' as const, text }))];
  }
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1] + 1 : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const operations: Operation[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      operations.push({ kind: ' ', text: a[i] });
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
      operations.push({ kind: '-', text: a[i++] });
    } else {
      operations.push({ kind: '+', text: b[j++] });
    }
  }
  while (i < a.length) operations.push({ kind: '-', text: a[i++] });
  while (j < b.length) operations.push({ kind: '+', text: b[j++] });
  return operations;
}
