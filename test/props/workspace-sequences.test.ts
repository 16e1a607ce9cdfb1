import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { newUser } from "../support/http";
import { turnOnTwoFactor } from "../support/two-factor";
import { rosterCommands, sequenceArbitrary } from "./commands";
import { runSequence, type Tally, type TestActor } from "./run-sequence";
import { propsSettings } from "./settings";

const settings = propsSettings();

describe("one workspace under random sequences of operations by random people", () => {
  const actors: TestActor[] = [];

  beforeAll(async () => {
    // Four people at example.com, one outside it (the allowed-domains policy), one with two-factor on.
    for (const label of ["first", "second", "third", "fourth"]) {
      actors.push({ user: await newUser(label), domain: "example.com", twoFactor: false });
    }
    actors.push({ user: await newUser("outsider", { domain: "other.org" }), domain: "other.org", twoFactor: false });
    const careful = await newUser("careful");
    await turnOnTwoFactor(careful);
    actors.push({ user: careful, domain: "example.com", twoFactor: true });
  }, 60_000);

  it(
    "keeps an owner, grants no more than granted, uses invitations and links within their caps, chains its audit log and indexes its members, after every step",
    async () => {
      console.log(
        `props: seed ${settings.seed}, ${settings.runs} runs of up to ${settings.maxSteps} steps (replay: PROPS_SEED=${settings.seed} npm run test:props; straight to a shrunk counterexample: add PROPS_PATH=<its path>)`,
      );
      const tally: Tally = new Map();
      await fc.assert(
        fc.asyncProperty(sequenceArbitrary(actors.length, settings.maxSteps), ({ roster, steps }) =>
          runSequence(actors, [...rosterCommands(roster), ...steps], tally),
        ),
        { seed: settings.seed, numRuns: settings.runs, path: settings.path },
      );
      const reached = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key}: ${n}`);
      console.log(`props: answers reached\n${reached.join("\n")}`);
    },
    settings.timeoutMs,
  );
});
