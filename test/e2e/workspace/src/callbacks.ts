declare function save(id: number): Promise<void>;
declare function isAdmin(name: string): Promise<boolean>;
declare function read(path: string): Promise<string>;

export function saveAll(ids: number[]) {
  ids.forEach(async (id) => await save(id));
}

export async function check(name: string) {
  if (!isAdmin(name)) console.log('not an admin');
}

export const config = new Promise<string>(async (resolve) => resolve(await read('config.json')));

// Left alone: promises that are waited for, and an executor that is not async.
export async function saveAllTogether(ids: number[]) {
  await Promise.all(ids.map(async (id) => save(id)));
  if (await isAdmin('root')) console.log('admin');
}

export const settings = new Promise<string>((resolve, reject) => {
  read('settings.json').then(resolve, reject);
});
