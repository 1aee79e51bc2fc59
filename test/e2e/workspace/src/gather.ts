declare function getUser(id: string): Promise<{ name: string; teamId: string }>;
declare function getOrders(id: string): Promise<string[]>;
declare function getTeam(id: string): Promise<string>;
declare function saveUser(id: string): Promise<void>;

export async function profile(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  return { user, orders };
}

export async function names(ids: string[]) {
  const users = [];
  for (const id of ids) users.push(await getUser(id));
  return users;
}

export async function both(id: string) {
  return Promise.all([await getUser(id), getOrders(id)]);
}

// Left alone: an await that needs the one before, writes in order, promises passed as they are.
export async function team(id: string) {
  const user = await getUser(id);
  const name = await getTeam(user.teamId);
  for (const other of [id, name]) await saveUser(other);
  return Promise.all([getUser(id), getTeam(name)]);
}
