// TikTok's webhooks, verified as TikTok's "Webhooks verification" page says: the TikTok-Signature header is
// `t=<unix seconds>,s=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the client secret>`. The comparison is
// constant-time (crypto.timingSafeEqual), the body is the raw bytes as received (never re-serialised), and a
// timestamp outside the tolerance is refused, so a captured request cannot be replayed days later.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export class SignatureError extends Error {}

export function sign(secret, timestamp, rawBody) {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

// The event, once its signature holds; a SignatureError (the route answers 401) otherwise.
export function verifyWebhook({ header, rawBody, secret, nowSeconds, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }) {
  if (!secret) throw new SignatureError('no client secret to verify with');
  const parts = Object.fromEntries(
    String(header || '').split(',').map((part) => part.trim().split('=')).filter((pair) => pair.length === 2),
  );
  const timestamp = Number(parts.t);
  if (!/^\d{1,12}$/.test(parts.t || '') || !/^[0-9a-f]{64}$/i.test(parts.s || '')) throw new SignatureError('malformed TikTok-Signature header');
  if (toleranceSeconds > 0 && Math.abs(nowSeconds - timestamp) > toleranceSeconds) throw new SignatureError('the signature timestamp is outside the tolerance');
  const expected = Buffer.from(sign(secret, parts.t, rawBody), 'hex');
  const given = Buffer.from(parts.s, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new SignatureError('the signature does not match');
  let event;
  try {
    event = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new SignatureError('the body is not JSON');
  }
  // TikTok sends `content` as a JSON string inside the envelope.
  let content = event.content;
  if (typeof content === 'string') {
    try {
      content = JSON.parse(content);
    } catch {
      content = {};
    }
  }
  return { ...event, content: content && typeof content === 'object' ? content : {} };
}
