import m0000 from "./0000_init.sql";
import m0001 from "./0001_two_factor.sql";
import m0002 from "./0002_email_history.sql";
import m0003 from "./0003_live_workspaces.sql";
import m0004 from "./0004_outbox.sql";
import m0005 from "./0005_sign_in_history.sql";
import m0006 from "./0006_passkeys.sql";
import m0007 from "./0007_consents.sql";
import m0008 from "./0008_outbox_payload.sql";
import m0009 from "./0009_connections.sql";
import journal from "./meta/_journal.json";

export default {
  journal,
  migrations: {
    m0000,
    m0001,
    m0002,
    m0003,
    m0004,
    m0005,
    m0006,
    m0007,
    m0008,
    m0009,
  },
};
