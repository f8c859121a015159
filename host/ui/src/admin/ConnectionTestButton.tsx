// "Testar conexão" of a Meta channel (CH1–CH3): the server reads the number, Page or Instagram
// account at Meta's Graph API with the channel's token; the row then says, in a status line,
// whether it worked and what Meta answered (a refusal by Meta is a finding, shown as failed).
import { useState } from "react";
import { errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { testChannelConnection, type Channel } from "../queries/channels";

export function ConnectionTestButton({ channel }: { channel: Channel }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  async function test() {
    setBusy(true);
    setResult(null);
    try {
      const answer = await testChannelConnection(channel.id);
      setResult({ ok: answer.ok, message: answer.message });
    } catch (err) {
      setResult({ ok: false, message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="link-button" onClick={() => void test()} disabled={busy} aria-label={t("channelsAdmin.testOf", { name: channel.name })}>
        {busy ? t("channelsAdmin.testing") : t("channelsAdmin.test")}
      </button>
      <span role="status" className="admin-connection-result" data-testid="connection-result">
        {result && (
          <span className={result.ok ? "admin-connection-ok" : "admin-connection-failed"}>
            <strong>{result.ok ? t("channelsAdmin.testOk") : t("channelsAdmin.testFailed")}</strong> {result.message}
          </span>
        )}
      </span>
    </>
  );
}
