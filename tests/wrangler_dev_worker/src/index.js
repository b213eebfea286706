// What the marketplace Worker itself sees in `wrangler dev`: the published index blob from KV and
// the number of durable rows (and reviews) in D1. The wrangler-dev tests read it after seeding
// through mkt.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== "/mkt/summary") {
      return new Response("not found\n", { status: 404 });
    }
    const raw = await env.SKILLS_KV.get("skills:published-index");
    let indexEntries = null;
    if (raw !== null) {
      try {
        const parsed = JSON.parse(raw);
        indexEntries = Array.isArray(parsed) ? parsed.map((e) => (typeof e === "string" ? e : e?.name ?? null)) : null;
      } catch {
        indexEntries = null;
      }
    }
    const count = async (table) => {
      try {
        const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first();
        return row?.n ?? null;
      } catch {
        return null; // no such table yet
      }
    };
    return Response.json({
      index_present: raw !== null,
      index_entries: indexEntries,
      durable_count: await count("skills"),
      reviews_count: await count("reviews"),
    });
  },
};
