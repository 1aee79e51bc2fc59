declare function saveOrder(id: string): Promise<void>;
declare function notify(id: string): Promise<void>;

export async function placeOrder(id: string) {
  saveOrder(id);
  notify(id).then(() => console.log('sent'));
  await saveOrder(id);
}

export function refreshLater(id: string) {
  notify(id);
}

export function handledProperly(id: string) {
  void notify(id);
  notify(id).catch((error) => console.error(error));
  const pending = saveOrder(id);
  return pending;
}
