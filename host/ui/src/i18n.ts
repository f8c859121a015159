// UI strings: Brazilian Portuguese first, English available. The choice is kept in localStorage
// and read by components through useI18n(); `{name}` placeholders are filled by t(key, params).
import { useCallback, useSyncExternalStore } from "react";

export type Lang = "pt-BR" | "en";

const ptBR = {
  "app.name": "Atende",
  "common.loading": "Carregando…",
  "common.networkError": "Não foi possível falar com o servidor.",
  "common.close": "Fechar",
  "common.retry": "Tentar novamente",

  "login.title": "Entrar no Atende",
  "login.email": "E-mail",
  "login.password": "Senha",
  "login.submit": "Entrar",
  "login.submitting": "Entrando…",

  "top.language": "Idioma",
  "top.channels": "Canais",
  "top.logout": "Sair",

  "view.all": "Todos os chats",
  "view.open": "Chats abertos",
  "view.mine": "Meus chats",
  "view.in_service": "Em atendimento",
  "view.internal": "Comunicação interna",

  "list.empty": "Nenhuma conversa aqui.",
  "list.loadMore": "Carregar mais",
  "list.unread": "Não lida",
  "list.moreOptions": "Mais opções",
  "list.markUnread": "Marcar como não lido",
  "list.agent": "Agente: {name}",
  "list.department": "Departamento: {name}",
  "list.protocol": "Protocolo {protocol}",
  "list.noMessages": "Sem mensagens",

  "conv.internalChat": "Comunicação interna",
  "conv.unknownContact": "Contato sem nome",
  "conv.select": "Selecione uma conversa na lista.",
  "conv.protocol": "Protocolo",
  "conv.agent": "Agente",
  "conv.department": "Departamento",
  "conv.phone": "Telefone",
  "conv.loadOlder": "Carregar mais",
  "conv.noMessages": "Nenhuma mensagem ainda.",
  "conv.state.bot": "No robô",
  "conv.state.open": "Aberto",
  "conv.state.closed": "Encerrado",
  "conv.blocked": "Contato bloqueado, não é possível enviar ou receber mensagem",

  "msg.internalNote": "Mensagem interna, não será enviada para o contato",
  "msg.author.contact": "Contato",
  "msg.author.agent": "Agente",
  "msg.author.flow": "Robô",
  "msg.author.system": "Sistema",
  "msg.author.business_app": "WhatsApp Business",
  "msg.kind.image": "[Imagem]",
  "msg.kind.audio": "[Áudio]",
  "msg.kind.document": "[Documento]",
  "msg.kind.location": "[Localização]",
  "msg.kind.contact": "[Contato]",
  "msg.kind.reaction": "[Reação]",
  "msg.kind.template": "[Template]",
  "msg.kind.other": "[Mensagem]",
  "msg.status.pending": "Pendente",
  "msg.status.sent": "Enviada",
  "msg.status.delivered": "Entregue",
  "msg.status.read": "Lida",
  "msg.status.failed": "Falha no envio",

  "composer.placeholder": "Digite uma mensagem… (Enter envia, Shift+Enter quebra linha)",
  "composer.internal": "Interna?",
  "composer.send": "Enviar",

  "rt.dropped": "A conexão em tempo real caiu. A lista pode estar desatualizada.",
  "rt.resync": "Ressincronizar",
  "rt.resyncing": "Ressincronizando…",
  "rt.unreachable":
    "Não foi possível reconectar ao servidor. Verifique sua conexão com a internet.",

  "channels.title": "Canais",
  "channels.empty": "Nenhum canal cadastrado.",
  "channels.openSimulator": "Abrir simulador",
  "channels.createSimulator": "Criar canal simulador",
  "channels.name": "Nome",
  "channels.create": "Criar",
  "channels.kind.simulator": "Simulador",
  "channels.kind.whatsapp": "WhatsApp",
  "channels.kind.instagram": "Instagram",
  "channels.kind.messenger": "Messenger",

  "sim.title": "Simulador",
  "sim.intro": "Faça o papel de um contato e converse com a empresa.",
  "sim.name": "Seu nome",
  "sim.phone": "Seu telefone",
  "sim.phoneHint": "Somente números, com DDI e DDD (ex.: 5511999990000).",
  "sim.phoneInvalid": "Informe de 8 a 15 dígitos.",
  "sim.start": "Começar",
  "sim.placeholder": "Mensagem",
  "sim.send": "Enviar",
  "sim.change": "Trocar",
  "sim.empty": "Envie uma mensagem para começar a conversa.",
  "sim.notFound": "Simulador não encontrado.",
  "sim.reconnecting": "Reconectando…",
};

export type MessageKey = keyof typeof ptBR;

const en: Record<MessageKey, string> = {
  "app.name": "Atende",
  "common.loading": "Loading…",
  "common.networkError": "Could not reach the server.",
  "common.close": "Close",
  "common.retry": "Try again",

  "login.title": "Sign in to Atende",
  "login.email": "E-mail",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.submitting": "Signing in…",

  "top.language": "Language",
  "top.channels": "Channels",
  "top.logout": "Log out",

  "view.all": "All chats",
  "view.open": "Open chats",
  "view.mine": "My chats",
  "view.in_service": "In service",
  "view.internal": "Internal communication",

  "list.empty": "No conversations here.",
  "list.loadMore": "Load more",
  "list.unread": "Unread",
  "list.moreOptions": "More options",
  "list.markUnread": "Mark as unread",
  "list.agent": "Agent: {name}",
  "list.department": "Department: {name}",
  "list.protocol": "Protocol {protocol}",
  "list.noMessages": "No messages",

  "conv.internalChat": "Internal communication",
  "conv.unknownContact": "Unnamed contact",
  "conv.select": "Select a conversation from the list.",
  "conv.protocol": "Protocol",
  "conv.agent": "Agent",
  "conv.department": "Department",
  "conv.phone": "Phone",
  "conv.loadOlder": "Load more",
  "conv.noMessages": "No messages yet.",
  "conv.state.bot": "With the bot",
  "conv.state.open": "Open",
  "conv.state.closed": "Closed",
  "conv.blocked": "Contact blocked: messages cannot be sent or received",

  "msg.internalNote": "Internal message, will not be sent to the contact",
  "msg.author.contact": "Contact",
  "msg.author.agent": "Agent",
  "msg.author.flow": "Bot",
  "msg.author.system": "System",
  "msg.author.business_app": "WhatsApp Business",
  "msg.kind.image": "[Image]",
  "msg.kind.audio": "[Audio]",
  "msg.kind.document": "[Document]",
  "msg.kind.location": "[Location]",
  "msg.kind.contact": "[Contact]",
  "msg.kind.reaction": "[Reaction]",
  "msg.kind.template": "[Template]",
  "msg.kind.other": "[Message]",
  "msg.status.pending": "Pending",
  "msg.status.sent": "Sent",
  "msg.status.delivered": "Delivered",
  "msg.status.read": "Read",
  "msg.status.failed": "Failed to send",

  "composer.placeholder": "Type a message… (Enter sends, Shift+Enter adds a line)",
  "composer.internal": "Internal?",
  "composer.send": "Send",

  "rt.dropped": "The live connection dropped. The list may be out of date.",
  "rt.resync": "Resync",
  "rt.resyncing": "Resyncing…",
  "rt.unreachable": "Could not reconnect to the server. Check your internet connection.",

  "channels.title": "Channels",
  "channels.empty": "No channels yet.",
  "channels.openSimulator": "Open simulator",
  "channels.createSimulator": "Create simulator channel",
  "channels.name": "Name",
  "channels.create": "Create",
  "channels.kind.simulator": "Simulator",
  "channels.kind.whatsapp": "WhatsApp",
  "channels.kind.instagram": "Instagram",
  "channels.kind.messenger": "Messenger",

  "sim.title": "Simulator",
  "sim.intro": "Play a contact and talk to the company.",
  "sim.name": "Your name",
  "sim.phone": "Your phone",
  "sim.phoneHint": "Digits only, with country and area code (e.g. 5511999990000).",
  "sim.phoneInvalid": "Enter 8 to 15 digits.",
  "sim.start": "Start",
  "sim.placeholder": "Message",
  "sim.send": "Send",
  "sim.change": "Change",
  "sim.empty": "Send a message to start the conversation.",
  "sim.notFound": "Simulator not found.",
  "sim.reconnecting": "Reconnecting…",
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { "pt-BR": ptBR, en };

const STORAGE_KEY = "atende.lang";
const listeners = new Set<() => void>();

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "pt-BR";
  } catch {
    return "pt-BR";
  }
}

let lang: Lang = readStoredLang();
document.documentElement.lang = lang;

export function currentLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  if (next === lang) return;
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

export function translate(key: MessageKey, params?: Record<string, string | number>): string {
  let text = dictionaries[lang][key] ?? ptBR[key] ?? key;
  if (params) {
    for (const [name, value] of Object.entries(params)) {
      text = text.split(`{${name}}`).join(String(value));
    }
  }
  return text;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The current language and a `t` that re-renders the component when the language changes. */
export function useI18n(): { t: Translate; lang: Lang; setLang: (l: Lang) => void } {
  const current = useSyncExternalStore(subscribe, currentLang);
  // `current` in the deps gives components a new `t` (and so a re-render) on a language switch.
  const t = useCallback<Translate>((key, params) => translate(key, params), [current]);
  return { t, lang: current, setLang };
}
