import type { ServerResponse } from 'node:http';
import { sendResponse } from '@remix-run/node-fetch-server';

/** Writes a web `Response` to Node's response; a client that went away mid-answer just loses it. */
export async function sendAnswer(res: ServerResponse, response: Response): Promise<void> {
  try {
    await sendResponse(res, response);
  } catch (error) {
    if (!res.destroyed) res.destroy(error instanceof Error ? error : undefined);
  }
}
