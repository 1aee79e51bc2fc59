interface Row { id: string }
declare function query(): Promise<Row[]>;

export async function retry(ctx: { deadline: number }) {
  const end = Date.now() + 100;
  while (Date.now() < end) {}
}

export async function handler(request: string) {
  return /(a+)+$/.test(request);
}

export async function missing(req: { body: { ids: string[] } }) {
  const rows = await query();
  return req.body.ids.filter((id) => !rows.some((row) => row.id === id));
}

// Left alone: a wait that yields, a regex that cannot backtrack for long, a Set lookup.
export async function waitFor(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
}

export async function slug(input: string) {
  return /^[a-z]+(-[a-z]+)*$/.test(input);
}

export async function unknown(ids: string[]) {
  const known = new Set((await query()).map((row) => row.id));
  return ids.filter((id) => !known.has(id));
}
