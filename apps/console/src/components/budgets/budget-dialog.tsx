"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError, Select, TextInput } from "@/components/ui/field";
import { type BudgetPeriod, budgetPeriodLabels, budgetPeriods } from "@/lib/budgets";
import { fieldError, fieldErrorsOf, formErrorsOf } from "@/lib/errors";
import { microsToUsdText, usdTextToMicros } from "@/lib/money";
import { useTRPC } from "@/lib/trpc";

export type BudgetTarget = { scope: "TEAM"; teamId: string } | { scope: "KEY"; keyId: string };

export interface ExistingBudget {
  id: string;
  amountMicros: number;
  period: BudgetPeriod;
  softThreshold: number | null;
}

function isPeriod(value: string): value is BudgetPeriod {
  return (budgetPeriods as readonly string[]).includes(value);
}

/**
 * Sets or removes the one budget of a team or key. Amounts are typed in dollars and sent as integer
 * micro-dollars; the control plane refuses a key budget above its team's (for team admins).
 */
export function BudgetDialog({
  open,
  onClose,
  target,
  existing,
  subject,
}: {
  open: boolean;
  onClose: () => void;
  target: BudgetTarget;
  existing: ExistingBudget | undefined;
  subject: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState(existing ? microsToUsdText(existing.amountMicros) : "");
  const [period, setPeriod] = useState<BudgetPeriod>(existing?.period ?? "MONTH");
  const [alertAt, setAlertAt] = useState(
    existing?.softThreshold === null || existing === undefined ? "" : String(Math.round(existing.softThreshold * 100)),
  );
  const [amountError, setAmountError] = useState<string | undefined>();
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.budgets.pathFilter());
    await queryClient.invalidateQueries(trpc.spend.budgetUtilisation.pathFilter());
    await queryClient.invalidateQueries(trpc.config.pathFilter());
  };
  const save = useMutation(
    trpc.budgets.upsert.mutationOptions({
      meta: { action: "save the budget" },
      onSuccess: async () => {
        toast.success(`Budget for ${subject} saved`);
        onClose();
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.budgets.delete.mutationOptions({
      meta: { action: "remove the budget" },
      onSuccess: async () => {
        toast.success(`Budget for ${subject} removed`);
        onClose();
        await refresh();
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);
  const pending = save.isPending || remove.isPending;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={existing ? "Edit budget" : "Set a budget"}
      description={`Requests from ${subject} are refused with 429 budget_exceeded once the period's spend reaches the amount.`}
      footer={
        <>
          {existing ? (
            <Button
              variant="ghost"
              className="mr-auto text-red-700"
              onClick={() => remove.mutate({ budgetId: existing.id })}
              disabled={pending}
            >
              {remove.isPending ? "Removing…" : "Remove budget"}
            </Button>
          ) : null}
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" form="budget-form" disabled={pending}>
            {save.isPending ? "Saving…" : "Save budget"}
          </Button>
        </>
      }
    >
      <form
        id="budget-form"
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const micros = usdTextToMicros(amount);
          if (micros === undefined) {
            setAmountError("Enter an amount in dollars, e.g. 250 or 12.50.");
            return;
          }
          setAmountError(undefined);
          const threshold = alertAt.trim() === "" ? null : Number(alertAt) / 100;
          save.mutate({ target, amountMicros: micros, period, softThreshold: threshold });
        }}
      >
        <FormError messages={formErrorsOf(save.error)} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field label="Amount (USD)" error={amountError ?? fieldError(errors, "amountMicros")}>
            {(props) => (
              <div className="relative">
                <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-zinc-400">$</span>
                <TextInput
                  {...props}
                  autoFocus
                  inputMode="decimal"
                  className="pl-6 tabular-nums"
                  value={amount}
                  placeholder="100.00"
                  onChange={(event) => setAmount(event.target.value)}
                />
              </div>
            )}
          </Field>
          <Field label="Period" error={fieldError(errors, "period")}>
            {(props) => (
              <Select {...props} value={period} onChange={(event) => isPeriod(event.target.value) && setPeriod(event.target.value)}>
                {budgetPeriods.map((value) => (
                  <option key={value} value={value}>
                    {budgetPeriodLabels[value]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <Field
          label="Alert at (% of amount)"
          hint="A soft threshold shown as “near limit”; requests still pass."
          error={fieldError(errors, "softThreshold")}
          optional
        >
          {(props) => (
            <TextInput
              {...props}
              type="number"
              inputMode="numeric"
              min={1}
              max={100}
              className="w-32"
              value={alertAt}
              placeholder="80"
              onChange={(event) => setAlertAt(event.target.value)}
            />
          )}
        </Field>
      </form>
    </Dialog>
  );
}
