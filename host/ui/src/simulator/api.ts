// The simulator's public calls (no session cookie, no CSRF): the page's names, the contact's
// history, and writing as the contact (a text, or a tap on a button or list row).
import { call, http } from "../api/client";
import type { SimInfo, SimMessage } from "../api/types";

export const simulatorApi = {
  info(key: string): Promise<SimInfo> {
    return call(http.GET("/api/v1/simulator/{key}", { params: { path: { key } }, credentials: "omit" }));
  },

  async messages(key: string, phone: string): Promise<SimMessage[]> {
    const page = await call(
      http.GET("/api/v1/simulator/{key}/messages", { params: { path: { key }, query: { phone } }, credentials: "omit" }),
    );
    return page.items;
  },

  /** Writes `text`; a tapped button or list row also carries its id, as WhatsApp's replies do. */
  async send(key: string, phone: string, name: string, text: string, replyId?: string): Promise<SimMessage> {
    const posted = await call(
      http.POST("/api/v1/simulator/{key}/messages", {
        params: { path: { key } },
        body: replyId ? { phone, name, text, reply_id: replyId } : { phone, name, text },
        credentials: "omit",
      }),
    );
    return posted.message;
  },
};
