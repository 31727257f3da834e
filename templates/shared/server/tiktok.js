// TikTok's OAuth v2 and user info API. The base URL comes from TIKTOK_API_BASE, so `minis-py dev` and the
// tests point it at the mock TikTok; in production it is https://open.tiktokapis.com.

export class TikTokError extends Error {
  constructor(code, message, status) {
    super(`${code}: ${message || 'TikTok refused the request'}`);
    this.code = code;
    this.status = status;
  }

  // The user has to log in again: the grant is gone (invalid_grant) or the token is not accepted (401).
  get loginRequired() {
    return this.code === 'invalid_grant' || this.code === 'access_token_invalid' || this.status === 401;
  }
}

// TikTok did not answer at all (DNS, refused connection, timeout): a 502 for the page, worth a retry.
export class TikTokUnreachable extends Error {
  constructor(cause) {
    super(`TikTok could not be reached: ${(cause && cause.cause && cause.cause.code) || (cause && cause.message) || cause}`);
    this.cause = cause;
  }
}

const TIMEOUT_MS = 10_000;

async function call(url, options) {
  try {
    return await fetch(url, { ...options, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new TikTokUnreachable(error);
  }
}

export function createTikTok({
  base = process.env.TIKTOK_API_BASE || 'https://open.tiktokapis.com',
  clientKey = process.env.TIKTOK_CLIENT_KEY,
  clientSecret = process.env.TIKTOK_CLIENT_SECRET,
} = {}) {
  if (!clientKey || !clientSecret) {
    throw new Error('TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET must be set (minis-py dev sets them for you)');
  }

  async function post(path, params) {
    const response = await call(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_key: clientKey, client_secret: clientSecret, ...params }),
    });
    const body = await response.json().catch(() => ({}));
    // TikTok answers most OAuth errors with HTTP 200 and an `error` field: check both.
    if (!response.ok || body.error) {
      throw new TikTokError(body.error || `http_${response.status}`, body.error_description, response.status);
    }
    return body;
  }

  async function minisCall(path, accessToken, body) {
    const response = await call(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    const error = answer.error || {};
    if (!response.ok || (error.code && error.code !== 'ok')) {
      throw new TikTokError(error.code || `http_${response.status}`, error.message, response.status);
    }
    return answer.data || {};
  }

  return {
    clientSecret,
    exchangeCode: (code) => post('/v2/oauth/token/', { grant_type: 'authorization_code', code }),
    refresh: (refreshToken) => post('/v2/oauth/token/', { grant_type: 'refresh_token', refresh_token: refreshToken }),
    revoke: (accessToken) => post('/v2/oauth/revoke/', { token: accessToken }),
    // Minis payments (minis-payment-apis): JSON bodies, the user's access token, the v2 envelope.
    async createTradeOrder(accessToken, order) {
      return (await minisCall('/v2/minis/trade_order/create/', accessToken, order)).trade_order_id;
    },
    queryTradeOrder: (accessToken, tradeOrderId) => minisCall('/v2/minis/trade_order/query/', accessToken, { trade_order_id: tradeOrderId }),
    async userInfo(accessToken, fields) {
      const url = `${base}/v2/user/info/?fields=${encodeURIComponent(fields.join(','))}`;
      const response = await call(url, { headers: { authorization: `Bearer ${accessToken}` } });
      const body = await response.json().catch(() => ({}));
      const error = body.error || {};
      if (!response.ok || (error.code && error.code !== 'ok')) {
        throw new TikTokError(error.code || `http_${response.status}`, error.message, response.status);
      }
      return body.data.user;
    },
  };
}
