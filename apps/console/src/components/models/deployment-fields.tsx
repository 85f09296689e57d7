"use client";

import { useId } from "react";
import { Checkbox, Field, Select, TextInput } from "@/components/ui/field";
import { type FieldErrors, fieldError } from "@/lib/errors";
import { apiBasePlaceholders, type ProviderName, providerLabels, providerNames } from "@/lib/providers";
import type { DeploymentFormValues } from "./deployment-form-state";

interface CredentialOption {
  id: string;
  name: string;
  provider: string;
  last4: string;
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="min-w-0 space-y-3 border-t border-zinc-100 pt-4 first:border-t-0 first:pt-0">
      <h3 id={id} className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** Every field of a deployment; the credential list is narrowed to the chosen provider. */
export function DeploymentFields({
  values,
  onChange,
  errors,
  creating,
  models,
  credentials,
}: {
  values: DeploymentFormValues;
  onChange: (values: DeploymentFormValues) => void;
  errors: FieldErrors;
  creating: boolean;
  models: string[];
  credentials: CredentialOption[];
}) {
  const modelListId = useId();
  const set = <K extends keyof DeploymentFormValues>(field: K, value: DeploymentFormValues[K]) => onChange({ ...values, [field]: value });
  const error = (field: string) => fieldError(errors, field);
  const usable = credentials.filter((credential) => credential.provider === values.provider || credential.id === values.credentialId);
  return (
    <div className="space-y-4">
      <Section title="Model">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field
            label="Model name"
            hint={
              <>
                What clients send as <code className="font-mono">model</code>.
              </>
            }
            error={error("modelName")}
          >
            {(props) => (
              <>
                <TextInput
                  {...props}
                  list={modelListId}
                  value={values.modelName}
                  onChange={(event) => set("modelName", event.target.value)}
                  placeholder="fast"
                  autoFocus={creating}
                />
                <datalist id={modelListId}>
                  {models.map((model) => (
                    <option key={model} value={model} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field
            label="Deployment id"
            hint={creating ? "Unique; reported in x-switchyard-deployment." : "Fixed once created."}
            error={error("slug")}
          >
            {(props) => (
              <TextInput
                {...props}
                value={values.slug}
                disabled={!creating}
                onChange={(event) => set("slug", event.target.value)}
                placeholder="fast-openai-1"
                className="font-mono"
              />
            )}
          </Field>
        </div>
      </Section>

      <Section title="Upstream">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field label="Provider" error={error("provider")}>
            {(props) => (
              <Select
                {...props}
                value={values.provider}
                onChange={(event) => onChange({ ...values, provider: event.target.value as ProviderName, credentialId: "" })}
              >
                {providerNames.map((provider) => (
                  <option key={provider} value={provider}>
                    {providerLabels[provider]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Upstream model" hint="The provider's own model id." error={error("upstreamModel")}>
            {(props) => (
              <TextInput
                {...props}
                value={values.upstreamModel}
                onChange={(event) => set("upstreamModel", event.target.value)}
                placeholder="gpt-4o-mini"
              />
            )}
          </Field>
          <Field label="API base" optional error={error("apiBase")}>
            {(props) => (
              <TextInput
                {...props}
                type="url"
                value={values.apiBase}
                onChange={(event) => set("apiBase", event.target.value)}
                placeholder={apiBasePlaceholders[values.provider]}
              />
            )}
          </Field>
          <Field
            label="Credential"
            hint={
              usable.length === 0 ? "No stored credential for this provider; add one under Credentials." : "Sealed; only gateways read it."
            }
            error={error("credentialId")}
          >
            {(props) => (
              <Select {...props} value={values.credentialId} onChange={(event) => set("credentialId", event.target.value)}>
                <option value="">None</option>
                {usable.map((credential) => (
                  <option key={credential.id} value={credential.id}>
                    {credential.name} (…{credential.last4})
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {values.provider === "azure" ? (
            <Field label="API version" optional error={error("apiVersion")}>
              {(props) => (
                <TextInput
                  {...props}
                  value={values.apiVersion}
                  onChange={(event) => set("apiVersion", event.target.value)}
                  placeholder="2024-10-21"
                />
              )}
            </Field>
          ) : null}
          {values.provider === "bedrock" ? (
            <Field label="Region" optional error={error("region")}>
              {(props) => (
                <TextInput
                  {...props}
                  value={values.region}
                  onChange={(event) => set("region", event.target.value)}
                  placeholder="us-east-1"
                />
              )}
            </Field>
          ) : null}
        </div>
      </Section>

      <Section title="Routing and limits">
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-3">
          <Field label="Weight" hint="0 = standby." error={error("weight")}>
            {(props) => (
              <TextInput {...props} inputMode="numeric" value={values.weight} onChange={(event) => set("weight", event.target.value)} />
            )}
          </Field>
          <Field label="Timeout (ms)" error={error("timeoutMs")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="numeric"
                value={values.timeoutMs}
                onChange={(event) => set("timeoutMs", event.target.value)}
              />
            )}
          </Field>
          <Field label="Context window" optional error={error("contextWindow")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="numeric"
                value={values.contextWindow}
                onChange={(event) => set("contextWindow", event.target.value)}
                placeholder="tokens"
              />
            )}
          </Field>
          <Field label="Requests / minute" optional error={error("rpm")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="numeric"
                value={values.rpm}
                onChange={(event) => set("rpm", event.target.value)}
                placeholder="No limit"
              />
            )}
          </Field>
          <Field label="Tokens / minute" optional error={error("tpm")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="numeric"
                value={values.tpm}
                onChange={(event) => set("tpm", event.target.value)}
                placeholder="No limit"
              />
            )}
          </Field>
          <Field label="Max parallel" optional error={error("maxParallel")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="numeric"
                value={values.maxParallel}
                onChange={(event) => set("maxParallel", event.target.value)}
                placeholder="No limit"
              />
            )}
          </Field>
        </div>
      </Section>

      <Section title="Price (USD per million tokens)">
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-3">
          <Field label="Input" error={error("inputPrice") ?? error("price")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="decimal"
                value={values.inputPrice}
                onChange={(event) => set("inputPrice", event.target.value)}
              />
            )}
          </Field>
          <Field label="Output" error={error("outputPrice")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="decimal"
                value={values.outputPrice}
                onChange={(event) => set("outputPrice", event.target.value)}
              />
            )}
          </Field>
          <Field label="Cached input" optional error={error("cachedInputPrice")}>
            {(props) => (
              <TextInput
                {...props}
                inputMode="decimal"
                value={values.cachedInputPrice}
                onChange={(event) => set("cachedInputPrice", event.target.value)}
                placeholder="Same as input"
              />
            )}
          </Field>
        </div>
      </Section>

      <Section title="Other">
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field label="Mode" error={error("mode")}>
            {(props) => (
              <Select
                {...props}
                value={values.mode}
                onChange={(event) => set("mode", event.target.value === "embedding" ? "embedding" : "chat")}
              >
                <option value="chat">Chat</option>
                <option value="embedding">Embeddings</option>
              </Select>
            )}
          </Field>
          <Field label="Tags" optional hint="Comma-separated; requests can ask for tagged deployments." error={error("tags")}>
            {(props) => (
              <TextInput {...props} value={values.tags} onChange={(event) => set("tags", event.target.value)} placeholder="eu, canary" />
            )}
          </Field>
        </div>
        <Checkbox
          label="Enabled"
          hint="Disabled deployments stay configured but receive no traffic."
          checked={values.enabled}
          onChange={(event) => set("enabled", event.target.checked)}
        />
      </Section>
    </div>
  );
}
