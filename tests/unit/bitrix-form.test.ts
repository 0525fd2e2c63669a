import { describe, expect, it } from "vitest";
import { readBitrixBody } from "@/lib/bitrix/form";
import { AppError } from "@/lib/http/errors";

const post = (body: string, type = "application/x-www-form-urlencoded") =>
  new Request("http://app.test/x", { method: "POST", headers: { "content-type": type }, body });

describe("readBitrixBody", () => {
  it("parses PHP bracket nesting as Bitrix24 sends it", async () => {
    const body = await readBitrixBody(post("event=ONAPPUNINSTALL&data%5BCLEAN%5D=1&auth%5Bmember_id%5D=abc&items%5B0%5D%5Bname%5D=%D0%A7%D0%B0%D0%B9"));
    expect(body).toEqual({ event: "ONAPPUNINSTALL", data: { CLEAN: "1" }, auth: { member_id: "abc" }, items: [{ name: "Чай" }] });
  });

  it("accepts JSON", async () => {
    expect(await readBitrixBody(post('{"uuid":"x"}', "application/json"))).toEqual({ uuid: "x" });
  });

  it("answers malformed JSON with a 400, not a crash", async () => {
    await expect(readBitrixBody(post("{", "application/json"))).rejects.toMatchObject({ code: "bad_request" });
  });

  it("refuses bodies over the limit before parsing them", async () => {
    const err = await readBitrixBody(post("a=" + "x".repeat(300 * 1024))).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(413);
  });
});
