// Departments as the admin keeps them (A4): create, rename, delete and set the members. Each
// change writes the server's answer into the departments cache the whole app reads
// (reference.ts) and asks the users again, whose `department_ids` follow the members.
import type { QueryClient } from "@tanstack/react-query";
import { call, http } from "../api/client";
import type { Department } from "../api/types";
import { keys } from "./keys";

const byName = (a: Department, b: Department) => a.name.localeCompare(b.name, "pt-BR");

function put(queryClient: QueryClient, department: Department) {
  queryClient.setQueryData(keys.departments, (items: Department[] | undefined) =>
    items ? [...items.filter((d) => d.id !== department.id), department].sort(byName) : items,
  );
}

export async function createDepartment(queryClient: QueryClient, name: string): Promise<Department> {
  const created = await call(http.POST("/api/v1/departments", { body: { name } }));
  put(queryClient, created);
  return created;
}

export async function renameDepartment(queryClient: QueryClient, id: number, name: string): Promise<Department> {
  const renamed = await call(http.PATCH("/api/v1/departments/{id}", { params: { path: { id } }, body: { name } }));
  put(queryClient, renamed);
  return renamed;
}

export async function deleteDepartment(queryClient: QueryClient, id: number): Promise<void> {
  await call(http.DELETE("/api/v1/departments/{id}", { params: { path: { id } } }));
  queryClient.setQueryData(keys.departments, (items: Department[] | undefined) => items?.filter((d) => d.id !== id));
  await queryClient.invalidateQueries({ queryKey: keys.users });
}

export async function setDepartmentMembers(queryClient: QueryClient, id: number, userIds: number[]): Promise<Department> {
  const updated = await call(
    http.PUT("/api/v1/departments/{id}/members", { params: { path: { id } }, body: { user_ids: userIds } }),
  );
  put(queryClient, updated);
  await queryClient.invalidateQueries({ queryKey: keys.users });
  return updated;
}
