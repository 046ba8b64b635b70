/**
 * The permission matrix's people (test/permission-matrix.test.ts): personal access tokens of
 * people at each page level on workspace A's content, a guest's, other workspaces', revoked and
 * refused by the workspace's policy, each a row (`ActorKind`) with the outcome `personOutcome`
 * gives it and what it must never be shown.
 */
import assert from "node:assert/strict";
import type { TestQuire } from "./quire.js";
import { allIds, contentIds, ownIds, personOutcome, type ActorKind, type Level, type MatrixFixture, type Outcome } from "./matrix.js";

async function ok(q: TestQuire, method: string, path: string, body?: unknown): Promise<any> {
  const res = await q.admin(method, path, body);
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A person of A with a personal access token; `role` as the control API takes it. */
async function personWithToken(q: TestQuire, name: string, role = "member"): Promise<{ id: string; email: string; token: string; token_id: string }> {
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2)}@example.test`;
  const user = await ok(q, "POST", "/_quire/v1/users", { name, email, role });
  const made = await ok(q, "POST", `/_quire/v1/users/${user.id}/tokens`, { name: "matrix" });
  return { id: user.id, email, token: made.token, token_id: made.id };
}

/**
 * The people's rows of the matrix, on A's objects (`b` another workspace's). A's content (the top
 * page and all below it) and its hidden page become an owner's private pages (Notion's "Invite
 * only": no workspace-wide entry), then each person gets
 * their level on the top page; a page in the Workspace section (`wiki`) is what every member sees
 * and a guest does not.
 */
export async function personRows(q: TestQuire, a: MatrixFixture, b: MatrixFixture): Promise<ActorKind[]> {
  const hiddenA = [a.mark, a.hiddenMark];
  const owner = await personWithToken(q, "Olga", "owner");
  for (const page of [a.page_id, a.hidden_page_id]) await ok(q, "PUT", `/_quire/v1/pages/${page}/section`, { section: "private", user_id: owner.id });
  const wikiMark = `Wiki ⟡W-${Math.random().toString(36).slice(2, 8)}`;
  const wiki = await ok(q, "POST", "/_quire/v1/pages", { title: wikiMark });
  const member = async (name: string, level: Level) => {
    const p = await personWithToken(q, name);
    if (level !== "none") await ok(q, "PUT", `/_quire/v1/pages/${a.page_id}/permissions`, { principal: { type: "user", id: p.id }, level });
    return p;
  };
  const levels: Level[] = ["full_access", "can_edit", "can_comment", "can_view"];
  const people = await Promise.all(levels.map((level, i) => member(`Level${i}`, level)));
  const nobody = await member("Nobody", "none");
  // Guests cannot make a token; a member's token survives their becoming a guest, with a guest's
  // reach (docs/design/personal-access-tokens.md): the way a guest holds one.
  const guest = await member("Guest", "can_comment");
  await ok(q, "PATCH", `/_quire/v1/members/${guest.id}`, { role: "guest" });
  const revoked = await personWithToken(q, "Revoked");
  await ok(q, "PUT", `/_quire/v1/pages/${a.page_id}/permissions`, { principal: { type: "user", id: revoked.id }, level: "full_access" });
  await ok(q, "DELETE", `/_quire/v1/users/${revoked.id}/tokens/${revoked.token_id}`);
  // The full-access member is a member of B too (one person, one id across workspaces): B's token is B's only.
  const inB = await ok(q, "POST", `/_quire/v1/workspaces/${b.workspace_id}/users`, { name: "Level0", email: people[0].email });
  assert.equal(inB.id, people[0].id);
  const tokenInB = await ok(q, "POST", `/_quire/v1/workspaces/${b.workspace_id}/users/${inB.id}/tokens`, { name: "matrix" });
  const policy = (p: string) => async () => void (await ok(q, "PUT", "/_quire/v1/personal_token_policy", { policy: p }));
  // A member's token under the `owners` policy; the full-access member's and the owner's under `off`.
  const gone = { expect: (): Outcome => "unauthorized", unseen: [...hiddenA, ...allIds(a), a.mark, wikiMark], unlisted: [] };
  // A file block's URL names its upload, so the readers of A's content may see that one id.
  const seesContent = { unseen: [a.hiddenMark, b.mark, ...allIds(b), ...ownIds(a).filter((id) => id !== a.file_upload_id)], unlisted: [a.hidden_page_id, ...ownIds(a)] };
  return [
    ...levels.map((level, i) => ({ name: `PAT of a member with ${level}`, token: people[i].token, expect: (r: any) => personOutcome({ level, otherWorkspace: false }, r), ...seesContent })),
    {
      name: "PAT of a member with no access (someone else's private page)",
      token: nobody.token,
      expect: (r) => personOutcome({ level: "none", otherWorkspace: false }, r),
      unseen: [...hiddenA, ...contentIds(a), ...ownIds(a), a.hidden_page_id, b.mark, ...allIds(b)],
      unlisted: [...contentIds(a), ...ownIds(a), a.hidden_page_id],
    },
    {
      name: "PAT of a guest the content is shared with (can_comment)",
      token: guest.token,
      expect: (r) => personOutcome({ level: "can_comment", otherWorkspace: false }, r),
      unseen: [...seesContent.unseen, wikiMark, wiki.id],
      unlisted: [...seesContent.unlisted, wiki.id, q.rootPageId],
    },
    {
      name: "PAT of another workspace's member, on the same ids",
      token: b.pat_token,
      expect: (r) => personOutcome({ level: "none", otherWorkspace: true }, r),
      unseen: [...hiddenA, ...allIds(a), wikiMark, wiki.id],
      unlisted: [...allIds(a), wiki.id],
    },
    {
      name: "PAT made in B by a member with full access in A, on A's ids",
      token: tokenInB.token,
      expect: (r) => personOutcome({ level: "none", otherWorkspace: true }, r),
      unseen: [...hiddenA, ...allIds(a), wikiMark, wiki.id],
      unlisted: [...allIds(a), wiki.id],
    },
    { name: "a revoked PAT (its person has full access)", token: revoked.token, ...gone },
    { name: "PAT of a full-access member, the workspace's policy `off`", token: people[0].token, ...gone, enter: policy("off"), leave: policy("members") },
    { name: "PAT of the owner, the workspace's policy `off`", token: owner.token, ...gone, enter: policy("off"), leave: policy("members") },
    { name: "PAT of a full-access member, the workspace's policy `owners`", token: people[0].token, ...gone, enter: policy("owners"), leave: policy("members") },
    {
      // The owner made A's content and hidden page private to them: full access to both.
      name: "PAT of the owner, the workspace's policy `owners`",
      token: owner.token,
      expect: (r) => personOutcome({ level: "full_access", otherWorkspace: false }, r),
      unseen: seesContent.unseen.filter((s) => s !== a.hiddenMark),
      unlisted: ownIds(a),
      enter: policy("owners"),
      leave: policy("members"),
    },
  ];
}
