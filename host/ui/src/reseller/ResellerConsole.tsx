// The console of a signed-in reseller (A1, A2): the header (the reseller's name, the person's,
// "Sair"), the reseller's accounts ("Contas", with "Nova conta") and "Verificar código de
// suporte". Only accounts and their usage figures: a reseller never sees messages or contacts.
import type { ResellerMe } from "../api/types";
import { AccountsSection } from "./AccountsSection";
import { ConsoleHeader } from "./ConsoleHeader";
import { SupportCodeSection } from "./SupportCodeSection";

export function ResellerConsole({ me }: { me: ResellerMe }) {
  return (
    <div className="reseller-console">
      <ConsoleHeader user={me.user} />
      <main className="reseller-main">
        <AccountsSection />
        <SupportCodeSection />
      </main>
    </div>
  );
}
