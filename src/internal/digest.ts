const encoder = new TextEncoder();

/** SHA-256 of a string's UTF-8 bytes (Web Crypto: Node, Deno, Bun and Workers alike). */
export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** Lowercase hex of SHA-256, for keys that should not show the value they were made from. */
export async function sha256Hex(text: string): Promise<string> {
  return Array.from(await sha256(text), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
