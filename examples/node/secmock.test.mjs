// Run with `node --test examples/node` (Node 18+), after `cargo build`.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { demoKey, startSecmock } from "./secmock.mjs";

let secmock;
before(async () => {
  secmock = await startSecmock();
});
after(async () => {
  await secmock?.stop();
});

test("the ready file names every API and the admin API", () => {
  assert.deepEqual(Object.keys(secmock.apis).sort(), ["dryrun", "kolega", "platform", "securescan"]);
  assert.match(secmock.admin.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test("a demo key from the ready file works on the URL it gives", async () => {
  const kolega = secmock.apis.kolega;
  const me = await fetch(`${kolega.url}/api/v1/me`, {
    headers: { authorization: `Bearer ${demoKey(kolega, "kcp_live_")}` },
  });
  assert.equal(me.status, 200);
});

test("a stub answers before the behaviour and counts its hits", async () => {
  const admin = secmock.admin.url;
  const created = await fetch(`${admin}/stubs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      api: "kolega",
      request: { method: "GET", path: "/api/v1/me" },
      response: { status: 401, body: { detail: "Not authenticated" } },
      times: 1,
    }),
  });
  assert.equal(created.status, 201);
  const stub = await created.json();
  const kolega = secmock.apis.kolega;
  const headers = { authorization: `Bearer ${demoKey(kolega, "kcp_live_")}` };
  assert.equal((await fetch(`${kolega.url}/api/v1/me`, { headers })).status, 401);
  assert.equal((await fetch(`${kolega.url}/api/v1/me`, { headers })).status, 200);
  const held = await (await fetch(`${admin}/stubs/${stub.id}`)).json();
  assert.equal(held.hits, 1);
});
