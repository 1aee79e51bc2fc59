// The tools asynclint is compared with, installed by the benchmark itself into
// a cache folder outside the repository (never a dependency of the extension):
// ESLint with typescript-eslint and eslint-plugin-n, and oxlint with
// oxlint-tsgolint for its type-aware mode. Versions are pinned so that runs compare.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const TOOL_VERSIONS = {
  eslint: '10.15.0',
  'typescript-eslint': '8.74.0',
  'eslint-plugin-n': '18.5.0',
  typescript: '6.0.3',
  oxlint: '1.94.0',
  'oxlint-tsgolint': '7.0.2008',
};

export function cacheDir() {
  return process.env.ASYNCLINT_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'asynclint-bench');
}

export function toolsDir() {
  return path.join(cacheDir(), 'tools');
}

function installedVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(toolsDir(), 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * Installs the pinned tools with npm when they are missing or of another
 * version. Returns { ok, installed: {name: version}, error? }.
 */
export function ensureTools(log = console.error) {
  const dir = toolsDir();
  const missing = Object.entries(TOOL_VERSIONS).filter(([name, version]) => installedVersion(name) !== version);
  if (missing.length > 0) {
    fs.mkdirSync(dir, { recursive: true });
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, '{ "name": "asynclint-bench-tools", "private": true }\n');
    const specs = Object.entries(TOOL_VERSIONS).map(([name, version]) => `${name}@${version}`);
    log(`bench: installing ${specs.join(' ')} into ${dir}`);
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', '--loglevel=error', ...specs], { cwd: dir, encoding: 'utf8', timeout: 15 * 60_000 });
    if (npm.status !== 0) return { ok: false, installed: {}, error: `npm install failed (${npm.status}): ${(npm.stderr || npm.error?.message || '').trim().slice(-500)}` };
  }
  const installed = Object.fromEntries(Object.keys(TOOL_VERSIONS).map((name) => [name, installedVersion(name)]));
  return { ok: true, installed };
}

export const eslintBin = () => path.join(toolsDir(), 'node_modules', 'eslint', 'bin', 'eslint.js');
export const oxlintBin = () => path.join(toolsDir(), 'node_modules', 'oxlint', 'bin', 'oxlint');
export const tsgolintBin = () => path.join(toolsDir(), 'node_modules', '@oxlint-tsgolint', `${process.platform}-${process.arch}`, 'tsgolint');

/**
 * Writes the ESLint flat config for a project into the tools folder (so its
 * bare imports resolve there) and returns its path. ESLint runs with the
 * project as working directory, which is then the base of the config's globs.
 * Typed linting through the project service, as typescript-eslint recommends.
 */
export function writeEslintConfig(key, projectDir) {
  const file = path.join(toolsDir(), 'configs', `eslint-${key}.mjs`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `// Written by asynclint's bench/run.mjs for ${projectDir}
import tseslint from 'typescript-eslint';
import n from 'eslint-plugin-n';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/out/**', '**/*.d.ts'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: ${JSON.stringify(projectDir)} },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, n },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'warn',
      '@typescript-eslint/no-misused-promises': 'warn',
      '@typescript-eslint/return-await': ['warn', 'in-try-catch'],
      'no-await-in-loop': 'warn',
      'n/no-sync': 'warn',
    },
  },
];
`,
  );
  return file;
}

/** The oxlint configuration with the same five rules. */
export function writeOxlintConfig() {
  const file = path.join(toolsDir(), 'configs', 'oxlintrc.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      {
        plugins: ['typescript', 'eslint', 'node'],
        categories: { correctness: 'off' },
        ignorePatterns: ['**/*.d.ts', '**/node_modules/**', '**/dist/**'],
        rules: {
          'typescript/no-floating-promises': 'warn',
          'typescript/no-misused-promises': 'warn',
          'typescript/return-await': ['warn', 'in-try-catch'],
          'eslint/no-await-in-loop': 'warn',
          'node/no-sync': 'warn',
        },
      },
      null,
      2,
    )}\n`,
  );
  return file;
}
