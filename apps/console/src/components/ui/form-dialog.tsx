"use client";

import type { ReactNode } from "react";
import { formErrorsOf } from "@/lib/errors";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { FormError } from "./field";

/**
 * A dialog whose body is one form: Cancel and a submit button in the footer (tied to the form by
 * id, so Enter in a field submits too), the mutation's form-level errors above the fields, and both
 * buttons disabled while the mutation runs. Field-level errors stay with each Field.
 */
export function FormDialog({
  open = true,
  onClose,
  title,
  description,
  size,
  testId,
  formId,
  submitLabel,
  submitVariant,
  pending,
  error,
  autoComplete,
  onSubmit,
  children,
}: {
  open?: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  size?: "sm" | "md" | "lg";
  testId?: string;
  formId: string;
  submitLabel: ReactNode;
  submitVariant?: "danger";
  pending: boolean;
  /** The mutation's error; its form-level messages show above the fields. */
  error: unknown;
  autoComplete?: "off";
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      size={size}
      testId={testId}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button variant={submitVariant} type="submit" form={formId} disabled={pending}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        className="space-y-4"
        autoComplete={autoComplete}
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <FormError messages={formErrorsOf(error)} />
        {children}
      </form>
    </Dialog>
  );
}
