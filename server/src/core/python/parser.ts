import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/**
 * Python is parsed by tree-sitter's Python grammar, compiled to WebAssembly:
 * nothing native, so the same VSIX runs on every platform. Both .wasm files are
 * copied into dist/wasm/ by scripts/build.mjs and read from there; nothing is
 * downloaded. Loading is asynchronous (WebAssembly compilation), so each entry
 * point awaits `loadPythonParser()` once before analysing a Python file.
 */

/** A syntax node, copied out of tree-sitter's tree into plain objects the garbage collector owns. */
export interface PyNode {
  readonly type: string;
  /** Named nodes are the grammar's rules; the others are keywords and punctuation (`async`, `(`). */
  readonly named: boolean;
  /** UTF-16 offsets into the text, like the rest of asynclint. */
  readonly start: number;
  readonly end: number;
  readonly children: readonly PyNode[];
  /** The field each child fills (`function`, `arguments`, `left`...), by child. */
  readonly fields: ReadonlyMap<PyNode, string>;
  readonly parent: PyNode | undefined;
  /** ERROR or MISSING node: the text does not parse here. */
  readonly broken: boolean;
}

export interface PyTree {
  readonly root: PyNode;
  readonly text: string;
  /** True when some part of the file does not parse (the rules still run on the rest). */
  readonly hasErrors: boolean;
}

const NO_FIELDS: ReadonlyMap<PyNode, string> = new Map();

let loaded: Promise<Parser> | undefined;
let parser: Parser | undefined;
/** Node type and field names by id: asking the cursor for strings costs a decoding per node. */
let typeNames: string[] = [];
let fieldNames: Array<string | null> = [];

/** Where the .wasm files are: beside the bundle (dist/wasm), else in node_modules (tests run from out/). */
function wasmFile(name: string, packageName: string): string {
  const candidates = [path.join(__dirname, 'wasm', name), path.join(__dirname, '..', 'wasm', name)];
  for (let directory = __dirname; ; directory = path.dirname(directory)) {
    candidates.push(path.join(directory, 'node_modules', packageName, name));
    if (path.dirname(directory) === directory) break;
  }
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`${name} is missing (looked in ${candidates.slice(0, 3).join(', ')}): the Python grammar cannot be loaded`);
  return found;
}

/** Loads the grammar once; later calls return the same promise. */
export function loadPythonParser(): Promise<Parser> {
  loaded ??= (async () => {
    const runtime = wasmFile('web-tree-sitter.wasm', 'web-tree-sitter');
    await Parser.init({ wasmBinary: fs.readFileSync(runtime), locateFile: () => runtime });
    const language = await Language.load(fs.readFileSync(wasmFile('tree-sitter-python.wasm', 'tree-sitter-python')));
    const created = new Parser();
    created.setLanguage(language);
    typeNames = Array.from({ length: language.nodeTypeCount }, (_, id) => language.nodeTypeForId(id) ?? '');
    fieldNames = Array.from({ length: language.fieldCount + 1 }, (_, id) => (id === 0 ? null : language.fieldNameForId(id)));
    parser = created;
    return created;
  })();
  return loaded;
}

/** True once `loadPythonParser()` has finished. */
export function isPythonParserLoaded(): boolean {
  return parser !== undefined;
}

export function isPythonFileName(fileName: string): boolean {
  // Stubs (.pyi) hold no code that runs.
  return fileName.endsWith('.py');
}

/** Parses Python text. The parser must have been loaded (`loadPythonParser`). */
export function parsePython(text: string): PyTree {
  if (!parser) throw new Error('the Python parser is not loaded yet');
  const tree = parser.parse(text);
  if (!tree) throw new Error('the Python parser gave no tree');
  try {
    const cursor = tree.walk();
    let hasErrors = false;
    // Iterative copy: deeply nested expressions must not overflow the stack.
    type Building = {
      type: string;
      named: boolean;
      start: number;
      end: number;
      children: PyNode[];
      fields: ReadonlyMap<PyNode, string>;
      parent: PyNode | undefined;
      broken: boolean;
    };
    const make = (parent: Building | undefined): Building => {
      const typeId = cursor.nodeTypeId;
      const type = typeNames[typeId] ?? cursor.nodeType;
      const broken = type === 'ERROR' || cursor.nodeIsMissing;
      if (broken) hasErrors = true;
      const node: Building = { type, named: cursor.nodeIsNamed, start: cursor.startIndex, end: cursor.endIndex, children: [], fields: NO_FIELDS, parent, broken };
      if (parent) {
        parent.children.push(node);
        const fieldId = cursor.currentFieldId;
        const field = fieldId ? fieldNames[fieldId] : null;
        if (field) {
          // Most nodes fill no field: they share one empty map (fewer objects for the collector).
          if (parent.fields === NO_FIELDS) parent.fields = new Map();
          (parent.fields as Map<PyNode, string>).set(node, field);
        }
      }
      return node;
    };
    const root = make(undefined);
    const stack: Building[] = [root];
    // `stack` holds the ancestors of the cursor's node; emptied, the walk is back at the root.
    if (cursor.gotoFirstChild()) {
      walking: for (;;) {
        const node = make(stack[stack.length - 1]);
        if (cursor.gotoFirstChild()) {
          stack.push(node);
          continue;
        }
        while (!cursor.gotoNextSibling()) {
          cursor.gotoParent();
          stack.pop();
          if (stack.length === 0) break walking;
        }
      }
    }
    cursor.delete();
    return { root, text, hasErrors };
  } finally {
    tree.delete();
  }
}
