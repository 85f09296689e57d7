import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from "react";

const control =
  "block rounded-md border bg-white px-3 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 disabled:bg-zinc-50 disabled:text-zinc-500 focus:outline-2 focus:outline-offset-0 focus:outline-zinc-900";

/** Full width unless the caller sets a width of its own (two width classes would fight over specificity). */
function controlClasses(invalid: boolean, extra = ""): string {
  const width = /(^|\s)w-/.test(extra) ? "" : "w-full";
  return `${control} ${width} ${invalid ? "border-red-400" : "border-zinc-300"} ${extra}`;
}

/**
 * Label, control, hint and the server's validation message for one field. The control gets the
 * id, `aria-invalid` and `aria-describedby` through the render prop so screen readers read the error.
 */
export function Field({
  label,
  hint,
  error,
  children,
  optional,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-zinc-800">
        {label}
        {optional ? <span className="font-normal text-zinc-400"> (optional)</span> : null}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint && !error ? (
        <p id={hintId} className="mt-1 text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-xs text-red-700" data-field-error>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextInput({ className = "", ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={controlClasses(props["aria-invalid"] === true, `h-9 ${className}`)} {...props} />;
}

export function Select({ className = "", children, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select className={controlClasses(props["aria-invalid"] === true, `h-9 pr-8 ${className}`)} {...props}>
      {children}
    </select>
  );
}

export function TextArea({ className = "", ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={controlClasses(props["aria-invalid"] === true, `py-2 ${className}`)} {...props} />;
}

export function Checkbox({ label, hint, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; hint?: ReactNode }) {
  return (
    <label className="flex items-start gap-2.5 text-sm">
      <input type="checkbox" className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-zinc-900" {...props} />
      <span>
        <span className="text-zinc-800">{label}</span>
        {hint ? <span className="block text-xs text-zinc-500">{hint}</span> : null}
      </span>
    </label>
  );
}

/** Errors that belong to no single field (formErrors, or a refusal the form caused). */
export function FormError({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
