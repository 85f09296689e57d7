"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { formatDateTime } from "@/lib/format";
import type { IssuedKey } from "./key-types";

/**
 * The only time anyone sees a key: Switchyard stores just its SHA-256. Escape and the backdrop do
 * not close this dialog, so the key cannot vanish before it was copied.
 */
export function KeySecretDialog({
  issued,
  gatewayUrl,
  onClose,
  publishNote,
}: {
  issued: IssuedKey | null;
  gatewayUrl: string;
  onClose: () => void;
  /** Set when the organisation does not auto-publish: when the key starts working at the gateways. */
  publishNote?: string;
}) {
  const baseUrl = `${gatewayUrl}/v1`;
  const model = issued?.key.allowedModels[0] ?? "MODEL";
  return (
    <Dialog
      open={issued !== null}
      onClose={onClose}
      dismissible={false}
      title={issued?.previous ? "Key rotated" : "Key created"}
      description={issued ? `${issued.key.name} · ${issued.key.prefix}…` : undefined}
      size="lg"
      testId="key-secret-dialog"
      footer={<Button onClick={onClose}>I have stored the key</Button>}
    >
      {issued ? (
        <div className="space-y-4">
          <div role="alert" className="flex gap-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
            <svg
              aria-hidden
              viewBox="0 0 20 20"
              className="mt-0.5 size-5 shrink-0 text-amber-600"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
            >
              <path d="M10 3l8 14H2zM10 8v4M10 14.5v.5" />
            </svg>
            <p>
              <span className="font-semibold">Copy this key now. It will not be shown again.</span> Switchyard keeps only a hash of it; if
              it is lost, rotate the key to get a new one.
            </p>
          </div>
          <div>
            <p className="mb-1.5 text-sm font-medium text-zinc-800">Secret key</p>
            <div className="flex flex-wrap items-center gap-2">
              <code
                className="min-w-0 flex-1 select-all break-all rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-[13px]"
                data-testid="key-plaintext"
              >
                {issued.plaintext}
              </code>
              <CopyButton text={issued.plaintext} label="Copy key" variant="primary" size="md" />
            </div>
          </div>
          {publishNote ? <p className="text-sm text-zinc-600">{publishNote}</p> : null}
          {issued.previous?.graceUntil ? (
            <p className="text-sm text-zinc-600">
              The previous key ({issued.previous.prefix}…) keeps working until {formatDateTime(issued.previous.graceUntil)} so clients can
              switch over.
            </p>
          ) : issued.previous ? (
            <p className="text-sm text-zinc-600">The previous key ({issued.previous.prefix}…) was revoked.</p>
          ) : null}
          <div>
            <p className="mb-1.5 text-sm font-medium text-zinc-800">Use it with any OpenAI SDK</p>
            <pre className="overflow-x-auto rounded-md bg-zinc-900 px-3 py-2.5 font-mono text-xs leading-relaxed text-zinc-100">
              {`curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer $SWITCHYARD_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model":"${model}","messages":[{"role":"user","content":"Hello"}]}'`}
            </pre>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
