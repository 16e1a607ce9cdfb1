import { describe, expect, it } from "vitest";
import { auditCsv, csvField, toCsv } from "./export";

describe("csvField", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r\nlf")).toBe('"cr\r\nlf"');
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField("Renamed “Acme”")).toBe("Renamed “Acme”");
  });

  it("defuses what a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@me")).toBe("'@me");
  });
});

describe("toCsv and auditCsv", () => {
  it("joins rows with CRLF and ends with one", () => {
    expect(
      toCsv([
        ["a", "b"],
        ["c,d", null],
      ]),
    ).toBe('a,b\r\n"c,d",\r\n');
  });

  it("writes a header and one row per event with its people and sentence", () => {
    const csv = auditCsv(
      [
        {
          at: "2026-12-07T08:00:00.000Z",
          action: "role_changed",
          actor_id: "usr_a",
          target: "usr_b",
          actor: { id: "usr_a", email: "o@example.com", name: "Olivia, Owner" },
          subject: { id: "usr_b", email: null, name: null },
          details: {},
        },
      ],
      () => 'Olivia changed "B"',
    );
    expect(csv.split("\r\n")).toEqual([
      "at,action,actor_id,actor_name,actor_email,subject_id,subject_name,subject_email,sentence",
      '2026-12-07T08:00:00.000Z,role_changed,usr_a,"Olivia, Owner",o@example.com,usr_b,,,"Olivia changed ""B"""',
      "",
    ]);
  });
});
