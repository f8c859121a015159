// The upload form of "Plugins" (A4): the manifest as a file (manifest.json) or written from its
// fields (name, version, kind, description), plus the .wasm component, sent as multipart. The
// server checks both; its refusal goes where it belongs: under the manifest (or the field it
// names), under the component ("não é um componente", too large), or on the form. For a new
// version of one of the account's plugins the name and the kind are fixed.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/errors";
import { useI18n } from "../i18n";
import { uploadPlugin } from "../queries/plugins";
import { Field } from "../ui/Field";
import { showToast } from "../ui/toast";
import { fieldOfMessage, type FieldRules } from "./formErrors";
import { KIND_LABEL, PLUGIN_KINDS, manifestFromFields, manifestSummary, uploadErrorPart, type PluginKind, type PluginView } from "./pluginForm";

type Mode = "file" | "fields";
type Part = "manifestFile" | "name" | "version" | "kind" | "description" | "component" | "form";

/** The manifest's messages name its fields in English ("version '1' não é …"). */
const MANIFEST_RULES: FieldRules<"name" | "version" | "kind" | "description"> = [
  ["version", ["version", "versão"]],
  ["kind", ["kind", "tipo"]],
  ["description", ["description", "descrição"]],
  ["name", ["name", "nome"]],
];

interface Props {
  /** For a new version: the plugin whose name and kind the upload keeps. */
  existing?: PluginView;
  /** After a successful upload (the dialog closes). */
  onDone?: () => void;
}

export function PluginUpload({ existing, onDone }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const modeName = useId();
  const manifestRef = useRef<HTMLInputElement>(null);
  const componentRef = useRef<HTMLInputElement>(null);
  const [mode, setMode] = useState<Mode>(existing ? "fields" : "file");
  const [manifestFile, setManifestFile] = useState<File | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [name, setName] = useState(existing?.name ?? "");
  const [version, setVersion] = useState("");
  const [kind, setKind] = useState<PluginKind>(existing?.kind ?? "flow-step");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [component, setComponent] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ part: Part; message: string } | null>(null);
  const errorOf = (part: Part) => (error?.part === part ? error.message : null);

  async function chooseManifest(file: File | null) {
    setManifestFile(file);
    setSummary(null);
    if (!file) return;
    const read = manifestSummary(await file.text());
    setSummary(read ? t("plugins.manifestRead", read) : null);
  }

  function reset() {
    setManifestFile(null);
    setSummary(null);
    setVersion("");
    setComponent(null);
    if (!existing) {
      setName("");
      setDescription("");
    }
    if (manifestRef.current) manifestRef.current.value = "";
    if (componentRef.current) componentRef.current.value = "";
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!component || (mode === "file" && !manifestFile)) return;
    setBusy(true);
    setError(null);
    try {
      const manifest = mode === "file" ? await manifestFile!.text() : manifestFromFields({ name, version, kind, description });
      const uploaded = await uploadPlugin(queryClient, manifest, component);
      showToast(t("plugins.uploaded", { name: uploaded.name, version: uploaded.version }));
      reset();
      onDone?.();
    } catch (err) {
      const message = errorMessage(err);
      const part = err instanceof ApiError ? uploadErrorPart(err.code) : "form";
      if (part === "component") setError({ part: "component", message });
      else if (part === "manifest" && mode === "file") setError({ part: "manifestFile", message });
      else if (part === "manifest") setError({ part: fieldOfMessage(message, MANIFEST_RULES) ?? "form", message });
      else setError({ part: "form", message });
    } finally {
      setBusy(false);
    }
  }

  const ready = component !== null && (mode === "file" ? manifestFile !== null : name.trim() !== "" && version.trim() !== "");

  return (
    <form className="form-stack plugin-upload" onSubmit={submit} data-testid={existing ? "plugin-version-upload" : "plugin-upload"}>
      {!existing && (
        <fieldset className="plugin-mode">
          <legend>{t("plugins.manifest")}</legend>
          <label>
            <input type="radio" name={modeName} checked={mode === "file"} onChange={() => setMode("file")} />{" "}
            {t("plugins.manifestModeFile")}
          </label>
          <label>
            <input type="radio" name={modeName} checked={mode === "fields"} onChange={() => setMode("fields")} />{" "}
            {t("plugins.manifestModeFields")}
          </label>
        </fieldset>
      )}
      {mode === "file" ? (
        <Field label={t("plugins.manifestFile")} hint={summary ?? t("plugins.manifestFileHint")} error={errorOf("manifestFile")}>
          <input
            ref={manifestRef}
            type="file"
            accept="application/json,.json"
            required
            onChange={(e) => void chooseManifest(e.currentTarget.files?.[0] ?? null)}
          />
        </Field>
      ) : (
        <>
          <Field label={t("plugins.name")} hint={existing ? undefined : t("plugins.nameHint")} error={errorOf("name")}>
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              readOnly={existing !== undefined}
              required
              maxLength={64}
              autoComplete="off"
              spellCheck={false}
            />
          </Field>
          <Field label={t("plugins.version")} hint={t("plugins.versionHint")} error={errorOf("version")}>
            <input value={version} onChange={(e) => setVersion(e.target.value)} required maxLength={64} autoComplete="off" spellCheck={false} />
          </Field>
          <Field label={t("plugins.kind")} error={errorOf("kind")}>
            <select value={kind} onChange={(e) => setKind(e.target.value as PluginKind)} disabled={existing !== undefined}>
              {PLUGIN_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(KIND_LABEL[k])}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("plugins.description")} error={errorOf("description")}>
            <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} autoComplete="off" />
          </Field>
        </>
      )}
      <Field label={t("plugins.component")} hint={t("plugins.componentHint")} error={errorOf("component")}>
        <input
          ref={componentRef}
          type="file"
          accept=".wasm,application/wasm"
          required
          onChange={(e) => setComponent(e.currentTarget.files?.[0] ?? null)}
        />
      </Field>
      {errorOf("form") && (
        <p className="error-text" role="alert">
          {errorOf("form")}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !ready}>
          {busy ? t("plugins.uploading") : existing ? t("plugins.uploadVersion") : t("plugins.upload")}
        </button>
      </div>
    </form>
  );
}
