declare function fetchCustomerProfile(customerId: string): Promise<{ name: string; email: string }>;
declare function fetchOutstandingInvoices(customerId: string): Promise<string[]>;

export async function dashboard(customerId: string) {
  const profile = await fetchCustomerProfile(customerId);
  const invoices = await fetchOutstandingInvoices(customerId);
  return { profile, invoices };
}
