declare function fetchReport(): Promise<string>;

export async function refreshReport() {
  const report = await fetchReport();
  return report;
}
