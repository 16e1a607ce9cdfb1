/** The workspaces that block a deletion (`409 sole_owner`), with what to do about them. */
import { Link } from "react-router";
import type { BlockingWorkspace } from "./sole-owner";

export function BlockingWorkspaces(props: { workspaces: BlockingWorkspace[]; who: "you" | "they"; linked: boolean }) {
  const { workspaces, who, linked } = props;
  const one = workspaces.length === 1;
  return (
    <div className="notice" role="alert">
      <p>
        {who === "you" ? "You are" : "This person is"} the only owner of {one ? "a workspace" : "workspaces"} that other
        people still use. {who === "you" ? "Make" : "They must make"} someone else an owner (or delete{" "}
        {one ? "the workspace" : "them"}) first:
      </p>
      <ul aria-label={who === "you" ? "Workspaces you alone own" : "Workspaces they alone own"}>
        {workspaces.map((workspace) => (
          <li key={workspace.id}>
            {linked ? <Link to={`/workspaces/${workspace.id}`}>{workspace.name}</Link> : workspace.name} (
            {workspace.member_count} {workspace.member_count === 1 ? "member" : "members"})
          </li>
        ))}
      </ul>
    </div>
  );
}
