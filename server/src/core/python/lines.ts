/** Lines and columns of a text (0-based, UTF-16), the way a TypeScript source file reports them. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) this.starts.push(index + 1);
  }

  getLineAndCharacterOfPosition(offset: number): { line: number; character: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: offset - this.starts[low] };
  }
}

/**
 * A Python file as the command line's reports read a source file: its name, its
 * text and the lines of offsets (they ask nothing else of it).
 */
export function pythonSourceFile(
  fileName: string,
  text: string,
): { readonly fileName: string; readonly text: string; getLineAndCharacterOfPosition(offset: number): { line: number; character: number } } {
  const lines = new LineMap(text);
  return { fileName, text, getLineAndCharacterOfPosition: (offset) => lines.getLineAndCharacterOfPosition(offset) };
}
