// The route tree (TanStack Router). Every screen has a URL:
//   /login                      sign in (back to `redirect` after)
//   /simulator/<key>            the public simulator (CH4)
//   /revenda                    the reseller console (A1, A2): its own login and session, not the agent's
//   /chat                       the list (L1–L14); its filters, sort and search are search params
//   /chat/<id>                  the list and one conversation (on a phone: the conversation alone)
//   /chat/<id>/settings         …and its settings panel (C5; on a phone: the panel alone)
//   /chat?target_phone=…        the deep link (A5)
//   /profile                    "Meu Perfil": the default closing message (K3), the support code (A2)
//   /admin/quick-replies        "Respostas Rápidas" (C12): admins keep them, everyone reads them
//   /admin/media-library        "Biblioteca de Mídias" (C11): admins keep stickers and files, everyone sees them
//   /admin                      "Configurações" (A4): the admin screens; admins only
//   /admin/dashboard            "Painel": today's, 7 or 30 days' figures, queue, response times, channels, campaigns (S10); ?period=7d|30d; admins only
//   /admin/contacts             "Contatos": filters, total, "Carregar mais", add, edit, delete (not a blocked one), export CSV (A6, S17); ?cnpj=<digits> one company's
//   /admin/companies            "Empresas": companies by CNPJ with their contacts' count, "Nova empresa", "Renomear", "Ver contatos" (A6, S3)
//   /admin/contacts/import      "Importar contatos": CSV upload, columns' fields, progress, earlier imports; ?import=<id> (A6)
//   /admin/broadcasts           "Transmissões": the broadcasts with their state and results, "Nova transmissão" (A7, S10)
//   /admin/broadcasts/new       "Nova transmissão": channel, approved template and its values, recipients by filter with the count, when, speed (A7)
//   /admin/broadcasts/<id>      a broadcast: progress, totals, pause / resume / cancel, each recipient's result (A7, S10)
//   /admin/departments          "Departamentos" and their members (A4)
//   /admin/users                "Usuários": role, chat permission, general permissions, active, password (A3, A4)
//   /admin/tags                 "Etiquetas", with "apenas automação" (A4, S11)
//   /admin/custom-fields        "Campos customizáveis": the contacts' own fields (A4, S2)
//   /admin/closing-fields       "Campos no encerramento": asked for at close, required or optional (K5)
//   /admin/plugins              "Plugins": the shipped ones switched on/off, the account's uploaded with their versions (A4)
//   /admin/api-tokens           "Tokens de API": created (the secret shown once), listed, revoked (A4)
//   /admin/audit                "Registro de auditoria": who did what, when and from where; ?user=&action=&from=&until= (issue 17 part 4); admins only
//   /admin/channels             "Canais": simulator, WhatsApp numbers, Pages, Instagram accounts; connect, webhook, credentials (CH1–CH4)
//   /admin/templates            "Templates": by channel, category and status, preview, sync from Meta, simulator ones by hand (C7, C14)
//   /admin/flows                "Fluxos de Conversa" (F1): admins upload, validate, publish and choose them
//   /admin/flows/<id>/editor    "Editar no canvas" (issue 16): the flow's draft in the visual editor; admins only
//   /admin/settings             "Configurações gerais": keywords to reach an agent or restart the flow, business hours (F1, A4)
//   /admin/availability         "Agenda de atendimentos": slot length, notice, days ahead and hours a flow books in, the free slots, the booked ones, .ics (S9)
// "/" goes to /chat. The signed-in routes share the app shell (top bar, live connection).
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from "@tanstack/react-router";
import type { QueryClient } from "@tanstack/react-query";
import { parseAuditSearch, type AuditSearch } from "../admin/auditActions";
import { isStatus } from "../api/errors";
import type { DashboardPeriod } from "../api/types";
import { ChatLayout } from "../chat/ChatLayout";
import { NoConversation } from "../chat/NoConversation";
import { parsePeriod } from "../dashboard/period";
import { cnpjOfParam } from "../contacts/company";
import { ConversationPage } from "../conversation/ConversationPage";
import { parseChatSearch } from "../list/filter";
import { meQuery } from "../queries/session";
import { AppShell } from "../shell/AppShell";
import { NotFound } from "../shell/NotFound";
import { RouteError } from "../shell/OfflineScreen";
import { Toasts } from "../ui/Toasts";
import { parseSearch, stringifySearch } from "./searchParams";

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: () => (
    <>
      <Outlet />
      <Toasts />
    </>
  ),
  notFoundComponent: NotFound,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: (s: Record<string, unknown>): { redirect?: string } =>
    typeof s.redirect === "string" && s.redirect.startsWith("/") ? { redirect: s.redirect } : {},
  component: lazyRouteComponent(() => import("../pages/LoginPage"), "LoginPage"),
});

const simulatorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/simulator/$key",
  component: lazyRouteComponent(() => import("../simulator/SimulatorRoute"), "SimulatorRoute"),
});

/**
 * The reseller console: outside the signed-in routes (a reseller has no agent session); it asks
 * for its own (GET /reseller/me) and shows its login form without one.
 */
const resellerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/revenda",
  component: lazyRouteComponent(() => import("../reseller/ResellerRoute"), "ResellerRoute"),
});

/** Every route below needs a session: without one, the login page, then back here. */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "signed-in",
  beforeLoad: async ({ context, location }) => {
    try {
      return { me: await context.queryClient.ensureQueryData(meQuery) };
    } catch (err) {
      if (isStatus(err, 401)) throw redirect({ to: "/login", search: { redirect: location.href } });
      throw err;
    }
  },
  component: AppShell,
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/chat" });
  },
});

export const chatRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "chat",
  validateSearch: parseChatSearch,
  component: ChatLayout,
});

const chatIndexRoute = createRoute({
  getParentRoute: () => chatRoute,
  path: "/",
  component: NoConversation,
});

export const conversationRoute = createRoute({
  getParentRoute: () => chatRoute,
  path: "$conversationId",
  params: {
    parse: (p: { conversationId: string }) => ({ conversationId: Number(p.conversationId) }),
    stringify: (p: { conversationId: number }) => ({ conversationId: String(p.conversationId) }),
  },
  component: ConversationPage,
});

const conversationIndexRoute = createRoute({
  getParentRoute: () => conversationRoute,
  path: "/",
  component: () => null,
});

/** The settings panel, loaded apart: the list and the conversation do not wait for it. */
const settingsRoute = createRoute({
  getParentRoute: () => conversationRoute,
  path: "settings",
  component: lazyRouteComponent(() => import("../settings/SettingsPanel"), "SettingsPanel"),
});

const profileRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "profile",
  component: lazyRouteComponent(() => import("../profile/ProfilePage"), "ProfilePage"),
});

/** The account's quick replies, loaded apart like every admin screen. */
const quickRepliesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/quick-replies",
  component: lazyRouteComponent(() => import("../admin/QuickRepliesPage"), "QuickRepliesPage"),
});

/** The account's media library, loaded apart like every admin screen. */
const mediaLibraryRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/media-library",
  component: lazyRouteComponent(() => import("../admin/MediaLibraryPage"), "MediaLibraryPage"),
});

/** The account's conversation flows (admins only), loaded apart like every admin screen. */
const flowsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/flows",
  component: lazyRouteComponent(() => import("../flows/FlowsPage"), "FlowsPage"),
});

/** A flow's draft in the visual editor (admins only), loaded apart with React Flow. */
const flowEditorRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/flows/$id/editor",
  params: {
    parse: (p: { id: string }) => ({ id: Number(p.id) }),
    stringify: (p: { id: number }) => ({ id: String(p.id) }),
  },
  component: lazyRouteComponent(() => import("../flows/editor/FlowEditorPage"), "FlowEditorPage"),
});

/** "Configurações" and the admin screens (A4), loaded apart; for admins only (the page says so to others). */
const adminRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin",
  component: lazyRouteComponent(() => import("../admin/AdminHome"), "AdminHome"),
});

/** The period shown is in the URL, so a reload or a shared link shows the same; "today" is the bare URL. */
const dashboardRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/dashboard",
  validateSearch: (s: Record<string, unknown>): { period?: DashboardPeriod } => {
    const period = parsePeriod(s.period);
    return period === "today" ? {} : { period };
  },
  component: lazyRouteComponent(() => import("../dashboard/DashboardPage"), "DashboardPage"),
});

/** A company's contacts ("Ver contatos" on "Empresas") are a URL: a reload or a shared link keeps the filter. */
const contactsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/contacts",
  validateSearch: (s: Record<string, unknown>): { cnpj?: string } => {
    const cnpj = cnpjOfParam(s.cnpj);
    return cnpj ? { cnpj } : {};
  },
  component: lazyRouteComponent(() => import("../contacts/ContactsPage"), "ContactsPage"),
});

const companiesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/companies",
  component: lazyRouteComponent(() => import("../contacts/CompaniesPage"), "CompaniesPage"),
});

/** The import followed on the page is in the URL, so a reload keeps showing its progress. */
const contactImportRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/contacts/import",
  validateSearch: (s: Record<string, unknown>): { import?: number } => {
    const id = typeof s.import === "number" ? s.import : typeof s.import === "string" && /^\d+$/.test(s.import) ? Number(s.import) : NaN;
    return Number.isSafeInteger(id) && id > 0 ? { import: id } : {};
  },
  component: lazyRouteComponent(() => import("../contacts/ContactImportPage"), "ContactImportPage"),
});

const broadcastsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/broadcasts",
  component: lazyRouteComponent(() => import("../broadcasts/BroadcastsPage"), "BroadcastsPage"),
});

const broadcastNewRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/broadcasts/new",
  component: lazyRouteComponent(() => import("../broadcasts/BroadcastNewPage"), "BroadcastNewPage"),
});

/** A broadcast by its id ("new" above wins: a static segment ranks before a parameter). */
const broadcastRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/broadcasts/$id",
  params: {
    parse: (p: { id: string }) => ({ id: Number(p.id) }),
    stringify: (p: { id: number }) => ({ id: String(p.id) }),
  },
  component: lazyRouteComponent(() => import("../broadcasts/BroadcastPage"), "BroadcastPage"),
});

const departmentsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/departments",
  component: lazyRouteComponent(() => import("../admin/DepartmentsPage"), "DepartmentsPage"),
});

const usersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/users",
  component: lazyRouteComponent(() => import("../admin/UsersPage"), "UsersPage"),
});

const tagsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/tags",
  component: lazyRouteComponent(() => import("../admin/TagsPage"), "TagsPage"),
});

const customFieldsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/custom-fields",
  component: lazyRouteComponent(() => import("../admin/CustomFieldsPage"), "CustomFieldsPage"),
});

const closingFieldsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/closing-fields",
  component: lazyRouteComponent(() => import("../admin/ClosingFieldsPage"), "ClosingFieldsPage"),
});

const pluginsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/plugins",
  component: lazyRouteComponent(() => import("../admin/PluginsPage"), "PluginsPage"),
});

const apiTokensRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/api-tokens",
  component: lazyRouteComponent(() => import("../admin/ApiTokensPage"), "ApiTokensPage"),
});

/** The log's filters are in the URL, so a search can be linked and survives a reload. */
const auditRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/audit",
  validateSearch: (s: Record<string, unknown>): AuditSearch => parseAuditSearch(s),
  component: lazyRouteComponent(() => import("../admin/AuditLogPage"), "AuditLogPage"),
});

const channelsAdminRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/channels",
  component: lazyRouteComponent(() => import("../admin/ChannelsPage"), "ChannelsPage"),
});

const templatesAdminRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/templates",
  component: lazyRouteComponent(() => import("../admin/TemplatesPage"), "TemplatesPage"),
});

const accountSettingsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/settings",
  component: lazyRouteComponent(() => import("../admin/AccountSettingsPage"), "AccountSettingsPage"),
});

const availabilityRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: "admin/availability",
  component: lazyRouteComponent(() => import("../admin/AvailabilityPage"), "AvailabilityPage"),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  simulatorRoute,
  resellerRoute,
  signedInRoute.addChildren([
    homeRoute,
    profileRoute,
    quickRepliesRoute,
    mediaLibraryRoute,
    adminRoute,
    dashboardRoute,
    contactsRoute,
    contactImportRoute,
    companiesRoute,
    broadcastsRoute,
    broadcastNewRoute,
    broadcastRoute,
    departmentsRoute,
    usersRoute,
    tagsRoute,
    customFieldsRoute,
    closingFieldsRoute,
    flowsRoute,
    flowEditorRoute,
    pluginsRoute,
    apiTokensRoute,
    auditRoute,
    channelsAdminRoute,
    templatesAdminRoute,
    accountSettingsRoute,
    availabilityRoute,
    chatRoute.addChildren([chatIndexRoute, conversationRoute.addChildren([conversationIndexRoute, settingsRoute])]),
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    // A CNPJ or a phone in the URL as its bare digits (searchParams.ts).
    parseSearch,
    stringifySearch,
    // "Sem conexão" when the server cannot be reached (the app shell came from the service worker).
    defaultErrorComponent: RouteError,
    defaultPreload: false,
    scrollRestoration: false,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
