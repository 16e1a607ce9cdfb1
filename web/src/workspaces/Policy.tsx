/**
 * The workspace's policy in its settings (issue 18): owners require two-factor authentication (with the days members
 * have to turn it on) and limit who may join to email domains; every other member reads it. Turning the requirement
 * on asks once more in a dialog, since members without two-factor lose access at the deadline.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import type { paths } from "../api/schema";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { WholeNumberField } from "../forms/WholeNumberField";
import { useMe } from "../me/useMe";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorMessage, Loading } from "../ui/Status";
import {
  allowedDomainsWords,
  checkNewDomain,
  POLICY_LIMITS,
  parseGraceDays,
  requireTwoFactorWords,
} from "./policy-rules";
import { policyQuery, workspaceKeys } from "./queries";
import { can } from "./rules";
import type { WorkspaceDetail } from "./types";

type WorkspacePolicy = paths["/workspaces/{id}/policy"]["get"]["responses"][200]["content"]["application/json"];
/** What this form changes; the audit period (decision 0034) is left as it is. */
type PolicyChange = Pick<WorkspacePolicy, "require_two_factor" | "two_factor_grace_days" | "allowed_email_domains">;

export function Policy({ workspace }: { workspace: WorkspaceDetail }) {
  const policy = useQuery(policyQuery(workspace.id));
  // Said outside the form, which starts afresh from each saved policy.
  const [saved, setSaved] = useState(false);
  return (
    <section className="card" aria-labelledby="policy-heading">
      <h2 id="policy-heading">Policy</h2>
      {policy.isPending ? (
        <Loading />
      ) : policy.isError ? (
        <ErrorMessage error={policy.error} />
      ) : can(workspace.role, "manage") ? (
        // Keyed by the saved policy: a change saved here or pushed live starts the form afresh from it.
        <>
          <PolicyForm
            key={JSON.stringify(policy.data)}
            workspace={workspace}
            saved={policy.data}
            onSaved={() => setSaved(true)}
            onEdit={() => setSaved(false)}
          />
          {saved && (
            <p className="success" role="status">
              Policy saved.
            </p>
          )}
        </>
      ) : (
        <PolicyFacts policy={policy.data} />
      )}
    </section>
  );
}

function PolicyFacts({ policy }: { policy: WorkspacePolicy }) {
  return (
    <dl className="facts" data-testid="policy-facts">
      <dt>Two-factor authentication</dt>
      <dd>
        {policy.require_two_factor
          ? `Required of every member (${policy.two_factor_grace_days} days to turn it on)`
          : "Not required"}
      </dd>
      <dt>Who may join</dt>
      <dd>{allowedDomainsWords(policy.allowed_email_domains)}</dd>
    </dl>
  );
}

interface PolicyFormProps {
  workspace: WorkspaceDetail;
  saved: WorkspacePolicy;
  onSaved: () => void;
  onEdit: () => void;
}

function PolicyForm({ workspace, saved, onSaved, onEdit }: PolicyFormProps) {
  const [required, setRequired] = useState(saved.require_two_factor);
  const [graceDays, setGraceDays] = useState(String(saved.two_factor_grace_days));
  const [domains, setDomains] = useState<string[]>(saved.allowed_email_domains);
  // The policy to send once the dialog is confirmed (turning the requirement on asks first).
  const [asking, setAsking] = useState<PolicyChange | null>(null);
  const grace = parseGraceDays(graceDays);
  const myTwoFactor = useMe().data?.two_factor_enabled ?? true;
  const save = useSavePolicy(workspace.id, onSaved);
  const { min, max } = POLICY_LIMITS.graceDays;
  const graceError = grace === null ? `Enter a whole number of days from ${min} to ${max}.` : undefined;
  const changed =
    required !== saved.require_two_factor ||
    grace !== saved.two_factor_grace_days ||
    domains.join(" ") !== saved.allowed_email_domains.join(" ");
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (grace === null) return;
    const policy = { require_two_factor: required, two_factor_grace_days: grace, allowed_email_domains: domains };
    if (required && !saved.require_two_factor) setAsking(policy);
    else save.run(policy);
  };
  return (
    <form onSubmit={submit} onChange={onEdit} noValidate>
      <Field id="require-two-factor" label="Require two-factor authentication" checkbox>
        {(control) => (
          <input
            {...control}
            type="checkbox"
            checked={required}
            onChange={(event) => setRequired(event.target.checked)}
          />
        )}
      </Field>
      <div className="form-row">
        <WholeNumberField
          id="two-factor-grace-days"
          label="Days members have to turn it on"
          limit={POLICY_LIMITS.graceDays}
          value={graceDays}
          onChange={setGraceDays}
          error={graceError ?? save.fieldError("two_factor_grace_days")}
        />
      </div>
      {required && grace !== null && <p className="muted">{requireTwoFactorWords(grace, myTwoFactor)}</p>}
      <DomainList domains={domains} onChange={setDomains} error={save.fieldError("allowed_email_domains")} />
      <div className="actions">
        <button type="submit" disabled={save.pending || !changed}>
          Save policy
        </button>
      </div>
      <FormError of={save} />
      {asking && (
        <ConfirmDialog
          title={`Require two-factor authentication in ${workspace.name}`}
          onConfirm={() => save.run(asking)}
          onClose={() => setAsking(null)}
        >
          <p>{requireTwoFactorWords(asking.two_factor_grace_days, myTwoFactor)}</p>
        </ConfirmDialog>
      )}
    </form>
  );
}

/** Sends the whole policy, then reloads it and the members (their domain marks). */
function useSavePolicy(workspaceId: string, onSaved: () => void) {
  const queryClient = useQueryClient();
  return useSubmit({
    submit: (policy: PolicyChange) =>
      call(api.PATCH("/workspaces/{id}/policy", { params: { path: { id: workspaceId } }, body: policy })),
    onSuccess: async () => {
      onSaved();
      await Promise.all(
        [workspaceKeys.policy(workspaceId), workspaceKeys.members(workspaceId)].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      );
    },
    fields: ["require_two_factor", "two_factor_grace_days", "allowed_email_domains"],
  });
}

/** The allowed email domains as a list: add one at a time (checked as typed), remove any. Empty: anyone. */
function DomainList(props: { domains: string[]; onChange: (domains: string[]) => void; error?: string }) {
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const add = () => {
    const check = checkNewDomain(typed, props.domains);
    if (!check.ok) return setProblem(check.message);
    props.onChange([...props.domains, check.domain]);
    setTyped("");
    setProblem(undefined);
  };
  return (
    <fieldset className="domain-list">
      <legend>Allowed email domains</legend>
      <p className="muted" data-testid="allowed-domains-words">
        {allowedDomainsWords(props.domains)}
      </p>
      {props.domains.length > 0 && (
        <ul className="list" aria-label="Allowed email domains">
          {props.domains.map((domain) => (
            <li key={domain}>
              <span className="grow">{domain}</span>
              <button
                type="button"
                className="secondary"
                aria-label={`Remove ${domain}`}
                onClick={() => props.onChange(props.domains.filter((kept) => kept !== domain))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="form-row">
        <Field
          id="new-domain"
          label="Add a domain"
          hint={`At most ${POLICY_LIMITS.domains}, like example.com`}
          error={problem ?? props.error}
        >
          {(control) => (
            <input
              {...control}
              value={typed}
              autoComplete="off"
              onChange={(event) => setTyped(event.target.value)}
              onKeyDown={(event) => {
                // Enter adds the domain rather than saving the whole form with the domain not yet added.
                if (event.key === "Enter") {
                  event.preventDefault();
                  add();
                }
              }}
            />
          )}
        </Field>
        <button type="button" className="secondary" onClick={add}>
          Add domain
        </button>
      </div>
    </fieldset>
  );
}
