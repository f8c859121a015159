// Companies as the admin keeps them (A6, S3): the list by name with each one's contacts' count
// (one cache entry per search), "Nova empresa" and "Renomear". A change asks every search again
// (where a company falls is the server's to say) and, for a new name, the contacts lists too:
// their "Empresa" column and the settings panel show it.
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Company, NewCompany } from "../api/types";
import { keys } from "./keys";

/** The companies whose name or CNPJ has `search` ("" for all), by name. */
export function companiesQuery(search: string) {
  return queryOptions({
    queryKey: keys.companyList(search),
    queryFn: async (): Promise<Company[]> =>
      (await call(http.GET("/api/v1/companies", { params: { query: search ? { search } : {} } }))).items,
    staleTime: 30_000,
    // While the search is typed, the companies found so far stay instead of a spinner.
    placeholderData: (previous) => previous,
  });
}

export async function createCompany(queryClient: QueryClient, body: NewCompany): Promise<Company> {
  const created = await call(http.POST("/api/v1/companies", { body }));
  void queryClient.invalidateQueries({ queryKey: keys.companies });
  return created;
}

export async function renameCompany(queryClient: QueryClient, id: number, name: string): Promise<Company> {
  const renamed = await call(http.PATCH("/api/v1/companies/{id}", { params: { path: { id } }, body: { name } }));
  void queryClient.invalidateQueries({ queryKey: keys.companies });
  void queryClient.invalidateQueries({ queryKey: keys.contactLists });
  void queryClient.invalidateQueries({ queryKey: keys.contacts });
  return renamed;
}
