import * as fs from 'fs';
import { execSync } from 'node:child_process';

export async function handler(req: { path: string }) {
  const text = fs.readFileSync(req.path, 'utf8');
  return text.length;
}

function loadTemplate(name: string) {
  return fs.readFileSync(`views/${name}.html`, 'utf8');
}

export async function render(req: { url: string }) {
  return loadTemplate('home');
}

export async function later(job: { id: string }) {
  setTimeout(() => execSync('git gc'), 10);
}

// Left alone: start-up code that runs once, and a project function that only shares the name.
export const startup = fs.readFileSync('config.json', 'utf8');
const readFileSync = (path: string) => path.trim();

export async function local() {
  return readFileSync(startup);
}
