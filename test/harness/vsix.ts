import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The VSIX `npm run package` produced for the version in package.json. */
export function vsixPath(): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8'));
  const file = path.join(REPOSITORY_ROOT, `asynclint-${version}.vsix`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run package" first (npm test does)`);
  return file;
}

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly localHeaderOffset: number;
}

/** Lists a zip archive's entries from its central directory. */
export function listZip(archive: Buffer): ZipEntry[] {
  const endOfCentralDirectory = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfCentralDirectory < 0) throw new Error('not a zip archive');
  const count = archive.readUInt16LE(endOfCentralDirectory + 10);
  let offset = archive.readUInt32LE(endOfCentralDirectory + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt central directory');
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    entries.push({
      name: archive.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: archive.readUInt16LE(offset + 10),
      compressedSize: archive.readUInt32LE(offset + 20),
      localHeaderOffset: archive.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(archive: Buffer, entry: ZipEntry): Buffer {
  const header = entry.localHeaderOffset;
  const dataStart = header + 30 + archive.readUInt16LE(header + 26) + archive.readUInt16LE(header + 28);
  const data = archive.subarray(dataStart, dataStart + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return zlib.inflateRawSync(data);
  throw new Error(`unsupported compression method ${entry.method} for ${entry.name}`);
}

/**
 * Unpacks the VSIX once per test run into a folder of its own, so tests run
 * the packaged server exactly as VS Code would, not the files in dist/.
 */
export function unpackedVsix(): string {
  const source = vsixPath();
  const stamp = `${Math.round(fs.statSync(source).mtimeMs)}-${fs.statSync(source).size}`;
  // One folder per packaged file: test processes running in parallel either
  // find it complete or race to rename identical copies into place. It lies
  // outside the repository so that nothing can be loaded from its node_modules.
  const target = path.join(os.tmpdir(), `asynclint-vsix-${stamp}`);
  if (fs.existsSync(path.join(target, '.complete'))) return target;
  removeStaleUnpackings(target);
  const staging = (fs.mkdirSync(path.dirname(target), { recursive: true }), fs.mkdtempSync(`${target}-staging-`));
  const archive = fs.readFileSync(source);
  for (const entry of listZip(archive)) {
    if (entry.name.endsWith('/')) continue;
    const destination = path.join(staging, entry.name);
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(destination, readEntry(archive, entry));
  }
  fs.writeFileSync(path.join(staging, '.complete'), stamp);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    fs.renameSync(staging, target);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

/** Unpackings of earlier builds left by earlier runs: a day old, no run can still be using them. */
function removeStaleUnpackings(current: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of fs.readdirSync(path.dirname(current))) {
    const folder = path.join(path.dirname(current), name);
    if (!name.startsWith('asynclint-vsix-') || folder === current) continue;
    try {
      if (fs.statSync(folder).mtimeMs < dayAgo) fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // Removed by a parallel run meanwhile.
    }
  }
}
