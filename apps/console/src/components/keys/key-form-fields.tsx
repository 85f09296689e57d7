"use client";

import { Field, TextInput } from "@/components/ui/field";
import { type FieldErrors, fieldError } from "@/lib/errors";

/** "2027-01-31" from the API's ISO instant: the UTC day the key stops working. */
export function expiryDay(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "";
}

/** A key "expiring on" a day works through that whole UTC day. */
export function expiryInstant(day: string): string | null {
  return day === "" ? null : `${day}T23:59:59.999Z`;
}

export function ExpiryField({ value, onChange, errors }: { value: string; onChange: (value: string) => void; errors: FieldErrors }) {
  return (
    <Field
      label="Expires on"
      hint="The key works through the end of this day (UTC). Empty: never expires."
      error={fieldError(errors, "expiresAt")}
      optional
    >
      {(props) => <TextInput {...props} type="date" className="sm:w-48" value={value} onChange={(event) => onChange(event.target.value)} />}
    </Field>
  );
}
