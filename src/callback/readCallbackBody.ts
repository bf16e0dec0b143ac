import type { CallbackIssue } from '../errors/inputErrors.js';
import { MAX_FIELDS } from './limits.js';

/** The decoded top-level object of a callback, or why there is none. */
export type ReadBody = { ok: true; object: Record<string, unknown> } | { ok: false; issue: CallbackIssue };

// Own keys that, copied naively, would reach a prototype. Real callbacks never have them.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes every input form a web framework may hand over (a parsed object, a JSON string, bytes,
 * `URLSearchParams`) into a plain object, enforcing the size limit first so a huge body is never parsed.
 */
export function readCallbackBody(body: unknown, maxBytes: number): ReadBody {
  try {
    return decode(body, maxBytes);
  } catch {
    // Exotic inputs (a revoked Proxy, a detached ArrayBuffer) throw from the reflection calls themselves.
    return fail('body could not be read');
  }
}

function decode(body: unknown, maxBytes: number): ReadBody {
  if (typeof body === 'string') return fromJson(body, maxBytes);
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const bytes =
      body instanceof ArrayBuffer
        ? new Uint8Array(body)
        : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    if (bytes.byteLength > maxBytes) return tooLarge(maxBytes);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return fail('body is not valid UTF-8');
    }
    return fromJson(text, maxBytes);
  }
  if (body instanceof URLSearchParams) return fromSearchParams(body, maxBytes);
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return fromObject(body);
  return fail('body must be a JSON object, a JSON string, bytes or URLSearchParams');
}

function fromJson(text: string, maxBytes: number): ReadBody {
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so only borderline lengths need the exact count.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && new TextEncoder().encode(text).byteLength > maxBytes)) {
    return tooLarge(maxBytes);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('body must be a JSON object');
  return fromObject(parsed);
}

function fromSearchParams(params: URLSearchParams, maxBytes: number): ReadBody {
  if (params.toString().length > maxBytes) return tooLarge(maxBytes);
  const object: Record<string, unknown> = Object.create(null);
  for (const [key, value] of params) {
    if (Object.hasOwn(object, key)) return { ok: false, issue: { path: key, message: 'appears more than once' } };
    object[key] = value;
  }
  return fromObject(object);
}

function fromObject(value: object): ReadBody {
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return fail('body must be a plain object');
  const keys = Reflect.ownKeys(value);
  if (keys.length > MAX_FIELDS) return fail(`body has more than ${MAX_FIELDS} fields`);
  const object: Record<string, unknown> = Object.create(null);
  for (const key of keys) {
    if (typeof key !== 'string') return fail('body has symbol keys');
    if (FORBIDDEN_KEYS.has(key)) return { ok: false, issue: { path: key, message: 'is not allowed' } };
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    // Getters could run code or return a different value on each read; a parsed body never has them.
    if (descriptor === undefined || !('value' in descriptor))
      return { ok: false, issue: { path: key, message: 'must be a data property' } };
    object[key] = descriptor.value;
  }
  return { ok: true, object };
}

function tooLarge(maxBytes: number): ReadBody {
  return fail(`body is larger than ${maxBytes} bytes`);
}

function fail(message: string): ReadBody {
  return { ok: false, issue: { path: '', message } };
}
