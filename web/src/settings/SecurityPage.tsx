/** `/settings/security`: password, two-factor authentication and sessions. */
import { useMe } from "../me/useMe";
import { ErrorMessage, Loading } from "../ui/Status";
import { PasswordChange } from "./PasswordChange";
import { Sessions } from "./Sessions";
import { TwoFactor } from "./TwoFactor";

export default function SecurityPage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} />;
  return (
    <>
      <PasswordChange />
      <TwoFactor enabled={me.data.two_factor_enabled} />
      <Sessions />
    </>
  );
}
