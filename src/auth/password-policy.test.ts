import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS_COUNT, COMMON_PASSWORDS_FRONT_CODED, COMMON_PASSWORDS_SOURCE } from "./common-passwords";
import { frontDecoded } from "./front-coding";
import {
  checkPasswordPolicy,
  countCodePoints,
  isCommonPassword,
  normalizePassword,
  PASSWORD_MAX_CODE_POINTS,
  PASSWORD_MIN_CODE_POINTS,
  PASSWORD_POLICY_MESSAGES,
} from "./password-policy";

/** The list in rank order, as generated beside the bundle's sorted, front-coded copy (outside the bundle). */
const commonList = readFileSync(new URL("./common-passwords-ranked.txt", import.meta.url).pathname, "utf8")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"));

describe("constants", () => {
  it("follows NIST SP 800-63B-4: at least 8, and a maximum of at least 64", () => {
    expect(PASSWORD_MIN_CODE_POINTS).toBe(8);
    expect(PASSWORD_MAX_CODE_POINTS).toBe(256);
  });
});

describe("checkPasswordPolicy: length", () => {
  it("refuses the empty password as too short", () => {
    expect(checkPasswordPolicy("")).toEqual({
      ok: false,
      reason: "too_short",
      message: PASSWORD_POLICY_MESSAGES.too_short,
    });
  });

  it("refuses 7 characters and accepts 8", () => {
    expect(checkPasswordPolicy("vq7#kz2")).toMatchObject({ ok: false, reason: "too_short" });
    expect(checkPasswordPolicy("vq7#kz2m")).toEqual({ ok: true, password: "vq7#kz2m" });
  });

  it("accepts 256 characters and refuses 257", () => {
    const exactly = "vq7#kz2m".repeat(32);
    expect(exactly).toHaveLength(256);
    expect(checkPasswordPolicy(exactly)).toEqual({ ok: true, password: exactly });
    expect(checkPasswordPolicy(`${exactly}x`)).toEqual({
      ok: false,
      reason: "too_long",
      message: PASSWORD_POLICY_MESSAGES.too_long,
    });
  });

  it("refuses a megabyte as too long", () => {
    expect(checkPasswordPolicy("a".repeat(1024 * 1024))).toMatchObject({ ok: false, reason: "too_long" });
  });

  it("counts an emoji as one character, not two UTF-16 units", () => {
    expect("🔒".repeat(7)).toHaveLength(14);
    expect(checkPasswordPolicy("🔒".repeat(7))).toMatchObject({ ok: false, reason: "too_short" });
    expect(checkPasswordPolicy("🔒".repeat(8))).toEqual({ ok: true, password: "🔒".repeat(8) });
    expect(checkPasswordPolicy("🔒".repeat(256))).toMatchObject({ ok: true });
    expect(checkPasswordPolicy("🔒".repeat(257))).toMatchObject({ ok: false, reason: "too_long" });
  });

  it("counts after NFKC: a ligature that expands makes a short input long enough", () => {
    // U+FB03 "ﬃ" becomes "ffi" under NFKC: 3 raw code points become 9.
    expect(checkPasswordPolicy("ﬃ9ﬃ")).toMatchObject({ ok: false, reason: "too_short" });
    expect(checkPasswordPolicy("ﬃ9ﬃ!")).toEqual({ ok: true, password: "ffi9ffi!" });
  });

  it("counts after NFKC: an expansion past the maximum is refused", () => {
    // U+FDFA expands to 18 code points under NFKC.
    expect(countCodePoints(normalizePassword("\uFDFA"))).toBe(18);
    expect(checkPasswordPolicy("\uFDFA".repeat(14))).toMatchObject({ ok: true });
    expect(checkPasswordPolicy("\uFDFA".repeat(15))).toMatchObject({ ok: false, reason: "too_long" });
  });

  it("counts after NFKC: combining sequences that compose count once", () => {
    // α + three combining marks compose to U+1F82: the largest shrink NFKC can make (4 to 1).
    const decomposed = "\u03B1\u0313\u0300\u0345";
    expect(normalizePassword(decomposed)).toBe("\u1F82");
    expect(checkPasswordPolicy(decomposed.repeat(256))).toEqual({ ok: true, password: "\u1F82".repeat(256) });
    expect(checkPasswordPolicy(decomposed.repeat(257))).toMatchObject({ ok: false, reason: "too_long" });
  });

  it("relies on a bound that holds: no character decomposes into more than 4 code points", () => {
    // The fast refusal of raw input over 2,048 UTF-16 units assumes NFKC shrinks at most fourfold.
    let longest = 0;
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      longest = Math.max(longest, countCodePoints(String.fromCodePoint(codePoint).normalize("NFD")));
    }
    expect(longest).toBe(4);
  });
});

describe("checkPasswordPolicy: no composition rules", () => {
  it.each([
    ["all lower-case letters", "correcthorsebatterystaple"],
    ["all digits", "90417365284"],
    ["spaces inside", "purple monkey dishwasher"],
    ["leading and trailing spaces", "  gentle rain on tin  "],
    ["only symbols", "#%&*+-/:;<=>?"],
    ["non-Latin script", "пароль-для-входа"],
    ["CJK", "我的秘密花园很大"],
  ])("accepts %s", (_name, password) => {
    expect(checkPasswordPolicy(password)).toEqual({ ok: true, password });
  });

  it("does not truncate: the whole password comes back", () => {
    const long = `${"x7Q!".repeat(50)}tail`;
    const result = checkPasswordPolicy(long);
    expect(result).toEqual({ ok: true, password: long });
  });
});

describe("checkPasswordPolicy: common passwords", () => {
  it.each(["password", "12345678", "iloveyou", "sunshine", "trustno1", "password1", "qwertyuiop"])(
    "refuses %s",
    (p) => {
      expect(checkPasswordPolicy(p)).toEqual({ ok: false, reason: "common", message: PASSWORD_POLICY_MESSAGES.common });
    },
  );

  it("compares case-insensitively", () => {
    expect(checkPasswordPolicy("PASSWORD")).toMatchObject({ ok: false, reason: "common" });
    expect(checkPasswordPolicy("PassWord1")).toMatchObject({ ok: false, reason: "common" });
    expect(checkPasswordPolicy("ILoveYou")).toMatchObject({ ok: false, reason: "common" });
  });

  it("compares after NFKC: full-width letters are the same password", () => {
    expect(checkPasswordPolicy("ｐａｓｓｗｏｒｄ")).toMatchObject({ ok: false, reason: "common" });
  });

  it("reports length, not commonness, for a famous short password", () => {
    // "123456" is the most common password of all; it is left off the list because length refuses it first.
    expect(commonList).not.toContain("123456");
    expect(checkPasswordPolicy("123456")).toMatchObject({ ok: false, reason: "too_short" });
  });

  it("refuses the last entry of the list, not only the famous ones", () => {
    const last = commonList.at(-1) ?? "";
    expect(countCodePoints(last)).toBeGreaterThanOrEqual(PASSWORD_MIN_CODE_POINTS);
    expect(checkPasswordPolicy(last)).toMatchObject({ ok: false, reason: "common" });
  });

  it("refuses every entry of the list that is long enough to reach the check", () => {
    const reaching = commonList.filter((p) => countCodePoints(p) >= PASSWORD_MIN_CODE_POINTS);
    expect(reaching.length).toBeGreaterThan(3000);
    const accepted = reaching.filter((p) => checkPasswordPolicy(p).ok);
    expect(accepted).toEqual([]);
  });

  it("accepts a password that merely contains a common one", () => {
    expect(checkPasswordPolicy("password-of-mine-42")).toMatchObject({ ok: true });
  });

  it("accepts near misses of common passwords", () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(isCommonPassword("passwordx")).toBe(false);
    expect(isCommonPassword(" password")).toBe(false);
  });
});

describe("messages", () => {
  it("are short sentences a person can act on", () => {
    for (const message of Object.values(PASSWORD_POLICY_MESSAGES)) {
      expect(message).toMatch(/^[A-Z].*\.$/);
      expect(message.length).toBeLessThanOrEqual(80);
    }
    expect(PASSWORD_POLICY_MESSAGES.too_short).toContain("8");
    expect(PASSWORD_POLICY_MESSAGES.too_long).toContain("256");
  });
});

describe("normalizePassword", () => {
  it("makes composed and decomposed accents the same", () => {
    expect(normalizePassword("caf\u0065\u0301")).toBe("caf\u00e9");
  });

  it("folds compatibility forms (NFKC, not NFC)", () => {
    expect(normalizePassword("ｐａｓｓ")).toBe("pass");
    expect(normalizePassword("x²")).toBe("x2");
  });

  it("keeps case and spaces: those are the person's choice", () => {
    expect(normalizePassword(" Pass Word ")).toBe(" Pass Word ");
  });

  it("is what the policy returns", () => {
    expect(checkPasswordPolicy("caf\u0065\u0301-au-lait")).toEqual({ ok: true, password: "caf\u00e9-au-lait" });
  });
});

describe("countCodePoints", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(countCodePoints("")).toBe(0);
    expect(countCodePoints("abc")).toBe(3);
    expect(countCodePoints("😀")).toBe(1);
    expect(countCodePoints("👨‍👩‍👧")).toBe(5); // three people joined by two zero-width joiners
  });
});

describe("the shipped list", () => {
  it("holds 10,000 distinct entries in rank order", () => {
    expect(COMMON_PASSWORDS_COUNT).toBe(10_000);
    expect(commonList).toHaveLength(10_000);
    expect(new Set(commonList).size).toBe(10_000);
    expect(commonList.slice(0, 3)).toEqual(["password", "12345678", "123456789"]);
  });

  it("ships the same entries to the bundle, sorted and front-coded, so every lookup answers as the ranked list would", () => {
    const shipped = frontDecoded(COMMON_PASSWORDS_FRONT_CODED);
    expect(shipped).toEqual([...commonList].sort());
    expect(COMMON_PASSWORDS_FRONT_CODED.length).toBeLessThan(0.65 * commonList.join("\n").length);
  });

  it("keeps only entries long enough to reach the check, so no slot is spent on what length refuses", () => {
    const tooShort = commonList.filter((p) => countCodePoints(p) < PASSWORD_MIN_CODE_POINTS);
    expect(tooShort).toEqual([]);
  });

  it("is stored normalised, so lookups after NFKC and lower-casing can match", () => {
    for (const entry of commonList) expect(entry).toBe(normalizePassword(entry).toLowerCase());
  });

  it("names its source and licence", () => {
    // The MIT licence asks that its notice travel with the list: the generated file's header must name the same
    // package, version and licence as the constant, and keep the copyright lines.
    const header =
      readFileSync(new URL("./common-passwords.ts", import.meta.url).pathname, "utf8").split("\nexport ")[0] ?? "";
    const { package: name, version, license } = COMMON_PASSWORDS_SOURCE;
    expect(header).toContain(`// Source: ${name} ${version} (src/passwords.json), licence ${license}.`);
    expect(license).toBe("MIT");
    expect(header).toMatch(
      /^\/\/ Copyright \(c\) 2012-2016 Dan Wheeler and Dropbox, Inc\.; Copyright \(c\) 2021 @zxcvbn-ts$/m,
    );
  });
});
