// The contacts as the admin keeps them (A6, S17): the list, paged by cursor with its total (the
// account may have 100,000 of them: never all at once), create, edit and delete; a contact's
// data exported and erased (LGPD); and the CSV imports (upload, the importable fields, start,
// the one being followed and the earlier ones).
// A change drops the loaded list pages (the server decides where a contact falls under the
// filter) and writes the contact itself where the settings panel reads it (contact.ts).
import { infiniteQueryOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Contact, ContactImport, ContactPage, ContactPatch, Duplicates, ImportField } from "../api/types";
import type { ContactFilterQuery } from "../contacts/contactFilter";
import { keys } from "./keys";

export const CONTACTS_PAGE = 50;

/** One filter's contacts, page after page ("Carregar mais"); the total comes with every page. */
export function contactsQuery(filter: ContactFilterQuery) {
  return infiniteQueryOptions({
    queryKey: keys.contactList(filter),
    queryFn: ({ pageParam }): Promise<ContactPage> =>
      call(
        http.GET("/api/v1/contacts", {
          params: { query: { ...filter, limit: CONTACTS_PAGE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 30_000,
    // While the search is typed, the rows found so far stay instead of a spinner.
    placeholderData: (previous) => previous,
  });
}

/**
 * The list pages are asked again (where a changed contact falls is the server's to say), and so
 * are the companies: their contacts' counts follow the contacts' CNPJs.
 */
function refreshLists(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: keys.contactLists });
  void queryClient.invalidateQueries({ queryKey: keys.companies });
}

export async function createContact(queryClient: QueryClient, body: ContactPatch): Promise<Contact> {
  const created = await call(http.POST("/api/v1/contacts", { body }));
  queryClient.setQueryData(keys.contact(created.id), created);
  refreshLists(queryClient);
  return created;
}

export async function updateContact(queryClient: QueryClient, id: number, body: ContactPatch): Promise<Contact> {
  const updated = await call(http.PATCH("/api/v1/contacts/{id}", { params: { path: { id } }, body }));
  queryClient.setQueryData(keys.contact(id), updated);
  refreshLists(queryClient);
  // The chat list shows the contact's name and phone.
  void queryClient.invalidateQueries({ queryKey: keys.lists });
  return updated;
}

/** Deletes the contact with its conversations; a blocked one is refused (S17). */
export async function deleteContact(queryClient: QueryClient, id: number): Promise<void> {
  await call(http.DELETE("/api/v1/contacts/{id}", { params: { path: { id } } }));
  queryClient.removeQueries({ queryKey: keys.contact(id) });
  refreshLists(queryClient);
  void queryClient.invalidateQueries({ queryKey: keys.lists });
}

// ---- The contact's data rights (LGPD, admins) ----

/** "Exportar dados (LGPD)": a ZIP with the contact's data, chats and media (a plain link downloads it). */
export function contactExportUrl(id: number): string {
  return `/api/v1/contacts/${id}/export`;
}

/**
 * "Apagar dados (LGPD)": the contact keeps only "Contato apagado", and every message of their
 * chats loses its content; a blocked or an already erased contact is refused (422). What any
 * screen kept of them, or of their chats' messages, is asked again.
 */
export async function eraseContact(queryClient: QueryClient, id: number): Promise<Contact> {
  const erased = await call(http.POST("/api/v1/contacts/{id}/erase", { params: { path: { id } } }));
  queryClient.setQueryData(keys.contact(id), erased);
  refreshLists(queryClient);
  void queryClient.invalidateQueries({ queryKey: keys.notes(id) });
  // The chat list and an open chat show the contact's name; the histories, their messages.
  void queryClient.invalidateQueries({ queryKey: keys.lists });
  void queryClient.invalidateQueries({ queryKey: keys.conversations });
  void queryClient.invalidateQueries({ queryKey: keys.histories });
  void queryClient.invalidateQueries({ queryKey: keys.messageSearches });
  void queryClient.invalidateQueries({ queryKey: keys.messagesArounds });
  return erased;
}

// ---- CSV imports ----

/** The fields a column may fill: the system ones, then the account's custom fields. */
export const importFieldsQuery = queryOptions({
  queryKey: keys.importFields,
  queryFn: async (): Promise<ImportField[]> => (await call(http.GET("/api/v1/contact-imports/fields"))).items,
  staleTime: 60_000,
});

/** "Importações anteriores", newest first. */
export const contactImportsQuery = queryOptions({
  queryKey: keys.contactImports,
  queryFn: async (): Promise<ContactImport[]> => (await call(http.GET("/api/v1/contact-imports"))).items,
  staleTime: 10_000,
});

/** One import; asked again every second while it runs (the progress bar). */
export function contactImportQuery(id: number) {
  return queryOptions({
    queryKey: keys.contactImport(id),
    queryFn: (): Promise<ContactImport> => call(http.GET("/api/v1/contact-imports/{id}", { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data?.state === "running" ? 1000 : false),
    staleTime: 5_000,
  });
}

function storeImport(queryClient: QueryClient, view: ContactImport) {
  queryClient.setQueryData(keys.contactImport(view.id), view);
  queryClient.setQueryData(keys.contactImports, (items: ContactImport[] | undefined) =>
    items ? [view, ...items.filter((i) => i.id !== view.id)].sort((a, b) => b.created_at - a.created_at || b.id - a.id) : items,
  );
}

/** Sends the file; the server reads its headers and first rows and suggests a mapping. */
export async function uploadContactImport(queryClient: QueryClient, file: File): Promise<ContactImport> {
  const form = new FormData();
  form.append("file", file, file.name);
  const created = await call(
    http.POST("/api/v1/contact-imports", { body: form as never, bodySerializer: (body: unknown) => body as FormData }),
  );
  storeImport(queryClient, created);
  return created;
}

/** "Importar": the server starts on the rows with this mapping; the answer is "running". */
export async function startContactImport(
  queryClient: QueryClient,
  id: number,
  mapping: (string | null)[],
  duplicates: Duplicates,
): Promise<ContactImport> {
  const started = await call(
    http.POST("/api/v1/contact-imports/{id}/start", { params: { path: { id } }, body: { mapping, duplicates } }),
  );
  storeImport(queryClient, started);
  return started;
}

/** An import finished: the earlier imports' counters and the contacts lists are out of date. */
export function importFinished(queryClient: QueryClient, view: ContactImport): void {
  storeImport(queryClient, view);
  refreshLists(queryClient);
  void queryClient.invalidateQueries({ queryKey: keys.contactImports });
}

/** The rejected rows with the reason ("linha", "motivo", then the file's columns). */
export function rejectionsUrl(id: number): string {
  return `/api/v1/contact-imports/${id}/rejections.csv`;
}
