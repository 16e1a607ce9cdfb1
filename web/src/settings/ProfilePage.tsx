/** `/settings/profile`: names, avatar, preferences and the sign-in email. */
import { useMe } from "../me/useMe";
import { ErrorMessage, Loading } from "../ui/Status";
import { AvatarForm } from "./AvatarForm";
import { EmailChange } from "./EmailChange";
import { NamesForm } from "./NamesForm";
import { PreferencesForm } from "./PreferencesForm";

export default function ProfilePage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} />;
  return (
    <>
      <NamesForm me={me.data} />
      <AvatarForm me={me.data} />
      <PreferencesForm preferences={me.data.preferences} />
      <EmailChange email={me.data.email} />
    </>
  );
}
