/**
 * Storage contract, part 6: SAML single sign-on state per workspace — the IdP configuration
 * (replaced in place, its first creation time kept), AuthnRequest ids taken once and only before
 * they expire, assertion ids recorded once (a second record is a replay), expired rows swept per
 * workspace, and nothing answered across workspaces. Called by describeStore.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SamlConfigRow, Store } from "../../src/storage/types.js";
import { id, newWorkspace, T0 } from "./fixtures.js";

const config = (ws: string, over: Partial<SamlConfigRow> = {}): SamlConfigRow => ({
  workspace_id: ws,
  idp_entity_id: "https://idp.example.com/entity",
  entry_point: "https://idp.example.com/sso",
  idp_certs: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"],
  allow_jit: true,
  enforce_sso: false,
  created_time: T0,
  updated_time: T0,
  ...over,
});

/** The SAML cases, run against `store()`. */
export function samlCases(store: () => Store): void {
  test("saml: a workspace's configuration is written, replaced in place (created time kept) and removed; others' never answered", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    assert.equal(await store().read((tx) => tx.saml.get(ws)), null);
    const first = config(ws, { idp_certs: ["A", "B"] });
    await store().write((tx) => tx.saml.put(first));
    assert.deepEqual(await store().read((tx) => tx.saml.get(ws)), first);
    assert.equal(await store().read((tx) => tx.saml.get(other)), null);
    assert.equal(await store().read((tx) => tx.saml.anyConfigured()), true);
    const second = config(ws, { entry_point: "https://idp2.example.com/sso", allow_jit: false, enforce_sso: true, created_time: T0 + 50, updated_time: T0 + 50 });
    await store().write((tx) => tx.saml.put(second));
    assert.deepEqual(await store().read((tx) => tx.saml.get(ws)), { ...second, created_time: T0 });
    assert.equal(await store().write((tx) => tx.saml.remove(other)), false);
    assert.equal(await store().write((tx) => tx.saml.remove(ws)), true);
    assert.equal(await store().read((tx) => tx.saml.get(ws)), null);
  });

  test("saml: a request id is taken once, only in its workspace and before it expires", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const [live, old] = [`_${id()}`, `_${id()}`];
    await store().write(async (tx) => {
      await tx.saml.addRequest(ws, live, T0 + 600, "/after?x=1");
      await tx.saml.addRequest(ws, old, T0 + 10, null);
    });
    assert.equal(await store().write((tx) => tx.saml.takeRequest(other, live, T0)), null);
    assert.equal(await store().write((tx) => tx.saml.takeRequest(ws, old, T0 + 10)), null, "expired");
    assert.equal(await store().write((tx) => tx.saml.takeRequest(ws, old, T0)), null, "an expired take removed it");
    assert.deepEqual(await store().write((tx) => tx.saml.takeRequest(ws, live, T0)), { next: "/after?x=1" });
    assert.equal(await store().write((tx) => tx.saml.takeRequest(ws, live, T0)), null, "single use");
    assert.equal(await store().write((tx) => tx.saml.takeRequest(ws, `_${id()}`, T0)), null, "unknown");
  });

  test("saml: an assertion id is recorded once per workspace; a failed unit records nothing", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const a = `_${id()}`;
    await assert.rejects(store().write(async (tx) => {
      assert.equal(await tx.saml.recordAssertion(ws, a, T0 + 100), true);
      throw new Error("rolled back");
    }));
    assert.equal(await store().write((tx) => tx.saml.recordAssertion(ws, a, T0 + 100)), true);
    assert.equal(await store().write((tx) => tx.saml.recordAssertion(ws, a, T0 + 100)), false, "replay");
    assert.equal(await store().write((tx) => tx.saml.recordAssertion(other, a, T0 + 100)), true, "another workspace's ids are its own");
  });

  test("saml: sweep removes the workspace's expired requests and assertion ids only, at most `limit` of each", async () => {
    const [ws, other] = [await newWorkspace(store()), await newWorkspace(store())];
    const ids = Array.from({ length: 3 }, () => `_${id()}`);
    await store().write(async (tx) => {
      for (const i of ids) await tx.saml.addRequest(ws, i, T0 + 5, null);
      await tx.saml.addRequest(ws, "_live", T0 + 500, null);
      await tx.saml.recordAssertion(ws, "_old", T0 + 5);
      await tx.saml.recordAssertion(ws, "_kept", T0 + 500);
      await tx.saml.addRequest(other, "_other", T0 + 5, null);
    });
    assert.equal(await store().write((tx) => tx.saml.sweep(ws, T0 + 10, 2)), 3, "two requests and one assertion");
    assert.equal(await store().write((tx) => tx.saml.sweep(ws, T0 + 10, 10)), 1);
    assert.equal(await store().write((tx) => tx.saml.sweep(ws, T0 + 10, 10)), 0);
    assert.equal(await store().write((tx) => tx.saml.recordAssertion(ws, "_old", T0 + 500)), true, "a swept id is gone");
    assert.equal(await store().write((tx) => tx.saml.recordAssertion(ws, "_kept", T0 + 500)), false);
    assert.deepEqual(await store().write((tx) => tx.saml.takeRequest(ws, "_live", T0)), { next: null });
    assert.deepEqual(await store().write((tx) => tx.saml.takeRequest(other, "_other", T0)), { next: null }, "another workspace's rows are not swept");
  });
}
