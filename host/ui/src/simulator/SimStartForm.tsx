// The simulator's first step: the contact's name and phone (digits only), then "Começar".
import { useState, type FormEvent } from "react";
import { useI18n } from "../i18n";
import type { SimIdentity } from "./identity";

interface Props {
  initial: SimIdentity | null;
  onStart: (identity: SimIdentity) => void;
}

export function SimStartForm({ initial, onStart }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState(initial?.name ?? "");
  const [phone, setPhone] = useState(initial?.phone ?? "");
  const [invalid, setInvalid] = useState(false);

  function submit(e: FormEvent) {
    e.preventDefault();
    const digits = phone.replace(/\D/g, "");
    if (digits.length < 8 || digits.length > 15) {
      setInvalid(true);
      return;
    }
    onStart({ name: name.trim(), phone: digits });
  }

  return (
    <form className="phone-body sim-start" onSubmit={submit}>
      <p className="muted">{t("sim.intro")}</p>
      <label className="field">
        <span>{t("sim.name")}</span>
        <input name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>{t("sim.phone")}</span>
        <input
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="tel"
          required
          value={phone}
          aria-invalid={invalid}
          onChange={(e) => {
            setPhone(e.target.value.replace(/[^\d]/g, ""));
            setInvalid(false);
          }}
        />
        <small className={invalid ? "error-text" : "muted"}>{invalid ? t("sim.phoneInvalid") : t("sim.phoneHint")}</small>
      </label>
      <button type="submit" className="btn btn-primary">
        {t("sim.start")}
      </button>
    </form>
  );
}
