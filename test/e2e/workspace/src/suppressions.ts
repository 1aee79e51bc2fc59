declare function save(): Promise<void>;

export function saveLater() {
  // asynclint-disable-next-line no-floating-promises -- save logs its own failures
  save();
}

export function tidy() {
  // asynclint-disable-next-line no-floating-promises -- nothing here floats
  const answer = 42;
  return answer;
}

export function misspelt() {
  save(); // asynclint-disable-line no-floating-promise -- misspelt, so it suppresses nothing
}
