// The ids of the models an endpoint offers (GET /models), for the picker and for 404 messages.
import type OpenAI from "openai";

export async function listModelIds(client: OpenAI): Promise<string[]> {
  const ids: string[] = [];
  for await (const model of client.models.list()) ids.push(model.id);
  return [...new Set(ids)].sort((a, b) => a.localeCompare(b));
}
