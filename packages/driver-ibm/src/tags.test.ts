import { describe, expect, it } from "vitest";
import { splitTag, tagName, tagsOf } from "./tags.js";

describe("IBM tags as key:value strings", () => {
  it("joins and splits at the first colon; a name without one is a key with an empty value", () => {
    expect(tagName("team", "dev")).toBe("team:dev");
    expect(tagName("solo", "")).toBe("solo");
    expect(splitTag("url:http://x")).toEqual(["url", "http://x"]);
    expect(splitTag("solo")).toEqual(["solo", ""]);
  });

  it("keeps keys such as __proto__ as own keys", () => {
    const tags = tagsOf(["__proto__:a", "constructor:b"]);
    expect(Object.keys(tags).sort()).toEqual(["__proto__", "constructor"]);
    expect(Object.hasOwn(tags, "__proto__")).toBe(true);
  });
});
