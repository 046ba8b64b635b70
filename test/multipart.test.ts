import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { randomBytes } from "node:crypto";
import { boundaryOf, readMultipart, MultipartError } from "../src/http/multipart.js";

/** Feeds `body` in chunks of `size` bytes; collects file fields and text fields. */
async function parse(body: Buffer, boundary: string, size: number) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) chunks.push(body.subarray(i, i + size));
  const files: { field: string; filename: string | null; contentType: string | null; bytes: Buffer }[] = [];
  const fields = await readMultipart(Readable.from(chunks), boundary, async (part) => {
    const got: Buffer[] = [];
    files.push({ ...part, get bytes() { return Buffer.concat(got); } });
    return { write: async (c) => void got.push(Buffer.from(c)) };
  });
  return { files, fields };
}

describe("multipart/form-data reader", () => {
  const payload = Buffer.concat([randomBytes(5000), Buffer.from("\r\n--b0undarX x--b0undary \r\n--b0undar"), randomBytes(3000)]);
  const body = Buffer.concat([
    Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="file"; filename="a b.png"\r\nContent-Type: image/png\r\n\r\n'),
    payload,
    Buffer.from('\r\n--b0undary\r\nContent-Disposition: form-data; name="part_number"\r\n\r\n2\r\n--b0undary--\r\n'),
  ]);

  for (const size of [1, 7, 64, 1 << 16]) {
    test(`a file and a field, fed ${size} bytes at a time, come out whole (a delimiter look-alike inside the file included)`, async () => {
      const { files, fields } = await parse(body, "b0undary", size);
      assert.equal(files.length, 1);
      assert.deepEqual([files[0].field, files[0].filename, files[0].contentType], ["file", "a b.png", "image/png"]);
      assert.ok(files[0].bytes.equals(payload));
      assert.deepEqual(fields, { part_number: "2" });
    });
  }

  test("RFC 5987 filename*, quoted boundary, an empty file", async () => {
    assert.equal(boundaryOf('multipart/form-data; boundary="x y"'), "x y");
    assert.equal(boundaryOf("application/json"), null);
    const b = Buffer.from("--x y\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\n\r\n--x y--");
    const { files } = await parse(b, "x y", 3);
    assert.equal(files[0].filename, "été.txt");
    assert.equal(files[0].bytes.length, 0);
  });

  test("a body without its closing boundary is refused", async () => {
    await assert.rejects(parse(Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc'), "b", 2), MultipartError);
  });
});
