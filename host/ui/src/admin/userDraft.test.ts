// A3, A4: the user form's bodies: everything on create, only the changes on edit.
import { describe, expect, it } from "vitest";
import type { User } from "../api/types";
import { byActiveThenName, createBody, draftOf, emptyDraft, patchBody } from "./userDraft";

const user: User = {
  id: 7,
  account_id: 1,
  name: "Carla",
  email: "carla@x.com",
  role: "agent",
  chat_visibility: "own",
  permissions: { contact_notes: false, support_code: false },
  active: true,
  audio_confirmation: false,
  department_ids: [],
  must_change_password: false,
};

describe("user draft", () => {
  it("a new user is an agent seeing the department's chats", () => {
    const d = emptyDraft();
    expect(d.role).toBe("agent");
    expect(d.chat_visibility).toBe("department");
  });

  it("creates with trimmed name and e-mail and the password as typed", () => {
    const body = createBody({ ...emptyDraft(), name: " Carla ", email: " carla@x.com ", password: " secret12" });
    expect(body).toMatchObject({ name: "Carla", email: "carla@x.com", password: " secret12", role: "agent" });
  });

  it("patches only what changed", () => {
    expect(patchBody(user, draftOf(user))).toEqual({});
    const d = draftOf(user);
    d.name = "Carla Souza";
    d.email = ` ${user.email.toUpperCase()} `;
    d.chat_visibility = "department";
    d.permissions.support_code = true;
    expect(patchBody(user, d)).toEqual({
      name: "Carla Souza",
      chat_visibility: "department",
      permissions: { contact_notes: false, support_code: true },
    });
    d.email = " carla.nova@x.com ";
    expect(patchBody(user, d).email).toBe("carla.nova@x.com");
  });

  it("lists active users first, then by name", () => {
    const list = [
      { ...user, id: 1, name: "Zé", active: true },
      { ...user, id: 2, name: "Ana", active: false },
      { ...user, id: 3, name: "Bia", active: true },
    ];
    expect(list.sort(byActiveThenName).map((u) => u.name)).toEqual(["Bia", "Zé", "Ana"]);
  });
});
