// The backend's HTTP API and the static front end. Tokens stay here: the page only ever gets an
// httpOnly session cookie and the profile it is allowed to show.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FRONT_END } from './frontend.js';
import { createShop } from './shop.js';
import { TikTokError, TikTokUnreachable } from './tiktok.js';
import { DEFAULT_TOLERANCE_SECONDS, SignatureError, verifyWebhook } from './webhooks.js';

const COOKIE = 'minis_session';
const MINUTE = 60_000;
export const REFRESH_ON_DEMAND = 10 * MINUTE; // refresh before a call when the token expires this soon
export const REFRESH_AHEAD = 30 * MINUTE; // the timer refreshes tokens expiring within this window
export const SESSION_LIFETIME = 30 * 24 * 60 * MINUTE; // a session (its cookie, and the server's record) lasts 30 days
const PROFILE_FIELDS = ['open_id', 'display_name', 'avatar_url'];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.ico': 'image/x-icon' };

class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const loginRequired = () => new HttpError(401, 'login_required', 'Log in again with TTMinis.login');

export const WEBHOOK_PATH = '/api/webhooks/tiktok'; // the webhook URL to register in TikTok's Developer Portal

// `allowedOrigins`: origins besides the backend's own whose pages may call the API (say, when a proxy in front
// of it changes the Host header); index.js reads them from ALLOWED_ORIGINS.
export function createApp({ store, tiktok, root = process.cwd(), now = Date.now, log = () => {}, clientSecret = tiktok.clientSecret, webhookTolerance = DEFAULT_TOLERANCE_SECONDS, allowedOrigins = [] }) {
  const shop = createShop({ store, tiktok, now, log });
  function withTokens(user, tokens) {
    return {
      ...user,
      open_id: tokens.open_id || user.open_id,
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
      scope: tokens.scope,
      access_expires_at: now() + tokens.expires_in * 1000,
      refresh_expires_at: now() + tokens.refresh_expires_in * 1000,
    };
  }

  async function refreshUser(user) {
    try {
      const fresh = withTokens(user, await tiktok.refresh(user.refresh_token));
      await store.saveUser(fresh);
      return fresh;
    } catch (error) {
      if (error instanceof TikTokError && error.loginRequired) {
        await store.saveUser({ ...user, access_token: null, refresh_token: null });
        throw loginRequired();
      }
      throw error;
    }
  }

  // A usable access token for this user, refreshed first when it expires within 10 minutes.
  async function accessToken(user) {
    if (!user.access_token) throw loginRequired();
    if (user.access_expires_at - now() < REFRESH_ON_DEMAND) user = await refreshUser(user);
    return user;
  }

  // A new session for the user: as an httpOnly cookie (a page), or only returned (a native game, `asCookie` false).
  async function signIn(request, response, tokens, previous, asCookie = true) {
    const user = withTokens(previous || store.user(tokens.open_id) || { open_id: tokens.open_id }, tokens);
    await store.saveUser(user);
    const id = randomBytes(32).toString('base64url');
    await store.saveSession(id, { open_id: user.open_id, created_at: now() });
    if (asCookie) setSessionCookie(request, response, id, SESSION_LIFETIME / 1000);
    return { ...user, session: id };
  }

  // The page's httpOnly cookie, or (a native game: its runtime's request has no cookies) a bearer session id.
  // Either way it is our own session id, never one of TikTok's tokens. A session older than SESSION_LIFETIME
  // is over here too, not only in the browser (a copied cookie or a game's bearer id stops working).
  async function currentUser(request) {
    const bearer = /^Bearer ([A-Za-z0-9_-]{20,})$/.exec(request.headers.authorization || '');
    const id = bearer ? bearer[1] : cookie(request, COOKIE);
    const session = id && store.session(id);
    if (session && !(now() - session.created_at < SESSION_LIFETIME)) {
      await store.deleteSession(id);
      throw loginRequired();
    }
    const user = session && store.user(session.open_id);
    if (!user) throw loginRequired();
    return { id, user };
  }

  // A state-changing call must come from the page itself: no Origin (a native game's runtime, a server, curl)
  // or the backend's own origin (or one of allowedOrigins). A browser always sends Origin on a cross-site POST,
  // so another site's page cannot log the user out, or in as someone else, through SameSite=Lax's gaps.
  function checkOrigin(request) {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    let host = null;
    try {
      host = new URL(origin).host;
    } catch {
      // 'null' (a sandboxed or file: page) and anything unparsable: refused below
    }
    const own = host !== null && host.toLowerCase() === String(request.headers.host || '').toLowerCase();
    if (!own && !allowedOrigins.includes(origin)) throw new HttpError(403, 'forbidden_origin', `requests from ${origin} are not accepted`);
  }

  const profileOf = (user) => ({ open_id: user.open_id, display_name: user.display_name || null, avatar_url: user.avatar_url || null, owned: user.owned || [] });

  async function exchange(code) {
    if (typeof code !== 'string' || !code) throw new HttpError(400, 'invalid_request', 'code is required');
    try {
      return await tiktok.exchangeCode(code);
    } catch (error) {
      if (error instanceof TikTokError && error.loginRequired) throw loginRequired();
      throw error;
    }
  }

  const routes = {
    // Silent login: TTMinis.login's code -> tokens (kept here) -> a session cookie for the page.
    'POST /api/login': async (request, response) => {
      const { code } = await readJson(request);
      const user = await signIn(request, response, await exchange(code));
      return { open_id: user.open_id, profile: user.display_name ? profileOf(user) : null, owned: user.owned || [] };
    },
    // The same for a native game, whose requests carry no cookies: the session id comes back in the body and
    // the game sends it as `authorization: Bearer <session>`.
    'POST /api/game/login': async (request, response) => {
      const { code } = await readJson(request);
      const user = await signIn(request, response, await exchange(code), undefined, false);
      return { session: user.session, open_id: user.open_id, owned: user.owned || [] };
    },
    // After TTMinis.authorize: exchange the new code, then read the profile from TikTok.
    'POST /api/profile': async (request, response) => {
      const { code } = await readJson(request);
      const tokens = await exchange(code);
      let user = await signIn(request, response, tokens);
      try {
        const info = await tiktok.userInfo((await accessToken(user)).access_token, PROFILE_FIELDS);
        user = { ...store.user(user.open_id), display_name: info.display_name, avatar_url: info.avatar_url };
        await store.saveUser(user);
      } catch (error) {
        if (error instanceof TikTokError && error.loginRequired) throw loginRequired();
        throw error;
      }
      return profileOf(user);
    },
    'GET /api/me': async (request) => profileOf((await currentUser(request)).user),
    'GET /api/shop': async () => ({ items: shop.items() }),
    // A purchase, step 1: TikTok's trade order for the item; the page then calls TTMinis.pay with its id. While
    // the user has an open order for the item, the answer is that order again (it can be paid once).
    'POST /api/orders': async (request) => {
      const { item } = await readJson(request);
      const { user } = await currentUser(request);
      const created = await withTikTok(async () => shop.createOrder(await accessToken(user), item));
      if (created.error === 'unknown_item') throw new HttpError(400, 'unknown_item', `no item ${JSON.stringify(item)}`);
      if (created.error === 'already_owned') throw new HttpError(409, 'already_owned', 'you already own this item');
      if (created.error === 'already_paid') throw new HttpError(409, 'already_paid', 'this item is paid for: it is yours as soon as TikTok confirms');
      return created;
    },
    // After TTMinis.pay failed or was cancelled: the order is closed, so the next purchase gets a new trade order
    // (TikTok refuses to take a cancelled one). Never an order TikTok says is paid: that answers 'paid'.
    'POST /api/orders/close': async (request) => {
      const { order_id: orderId } = await readJson(request);
      const { user } = await currentUser(request);
      const closed = await withTikTok(async () => shop.closeOrder(await accessToken(user), String(orderId || '')));
      if (closed.error === 'unknown_order') throw new HttpError(404, 'unknown_order', 'no such order of yours');
      return closed;
    },
    // A purchase, step 3: TikTok's signed webhook. Verified first (401 otherwise); granted once; 200 for every
    // verified event, so TikTok does not retry one we chose to ignore.
    [`POST ${WEBHOOK_PATH}`]: async (request) => {
      const rawBody = await readRaw(request);
      let event;
      try {
        event = verifyWebhook({ header: request.headers['tiktok-signature'], rawBody, secret: clientSecret, nowSeconds: Math.floor(now() / 1000), toleranceSeconds: webhookTolerance });
      } catch (error) {
        if (error instanceof SignatureError) {
          log(`webhook refused: ${error.message}`);
          throw new HttpError(401, 'invalid_signature', 'the TikTok-Signature does not verify');
        }
        throw error;
      }
      return { received: true, result: await shop.handleEvent(event) };
    },
    // Log out: revoke TikTok's tokens and forget the session.
    'POST /api/logout': async (request, response) => {
      const { id, user } = await currentUser(request);
      await revokeQuietly(user);
      await store.saveUser({ ...user, access_token: null, refresh_token: null });
      await store.deleteSession(id);
      setSessionCookie(request, response, '', 0);
      return { ok: true };
    },
    // Delete the account: revoke, then remove everything stored about the user.
    'DELETE /api/account': async (request, response) => {
      const { user } = await currentUser(request);
      await revokeQuietly(user);
      await store.deleteUser(user.open_id);
      setSessionCookie(request, response, '', 0);
      return { deleted: true };
    },
  };

  // A call that needs the user's access token: TikTok saying the grant is gone means logging in again.
  async function withTikTok(action) {
    try {
      return await action();
    } catch (error) {
      if (error instanceof TikTokError && error.loginRequired) throw loginRequired();
      throw error;
    }
  }

  async function revokeQuietly(user) {
    if (!user.access_token) return;
    try {
      await tiktok.revoke(user.access_token);
    } catch (error) {
      log(`revoke failed for ${user.open_id}: ${error.message}`);
    }
  }

  async function handle(request, response) {
    let pathname = '/';
    try {
      pathname = new URL(request.url, 'http://localhost').pathname;
      const route = routes[`${request.method} ${pathname}`];
      if (route && request.method !== 'GET' && pathname !== WEBHOOK_PATH) { // the webhook is checked by its signature
        checkOrigin(request);
        if (request.method === 'POST' && !isJson(request)) throw new HttpError(415, 'json_required', 'send the body as JSON (content-type: application/json)');
      }
      if (route) return send(response, 200, await route(request, response));
      if (pathname.startsWith('/api/')) throw new HttpError(404, 'not_found', `no route ${request.method} ${pathname}`);
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'method_not_allowed', 'GET only');
      return await serveStatic(root, pathname, request.method, response);
    } catch (error) {
      // Say what really happened: our refusal (4xx), TikTok down (502), TikTok refusing (502), our bug (500).
      if (error instanceof HttpError) return send(response, error.status, { error: error.code, message: error.message });
      if (error instanceof TikTokUnreachable) {
        log(`TikTok unreachable on ${request.method} ${pathname}: ${error.message}`);
        return send(response, 502, { error: 'tiktok_unreachable', message: 'TikTok could not be reached; try again' });
      }
      if (error instanceof TikTokError) {
        log(`TikTok refused on ${request.method} ${pathname}: ${error.message}`);
        return send(response, 502, { error: 'tiktok_error', message: 'TikTok refused the request; try again' });
      }
      log(`internal error on ${request.method} ${pathname}: ${error.stack || error}`);
      return send(response, 500, { error: 'internal_error', message: 'Something went wrong on our side; try again' });
    }
  }

  // The timer's job: refresh every token that expires within 30 minutes (so never later than 10).
  async function refreshDue() {
    let refreshed = 0;
    for (const user of store.users()) {
      if (user.refresh_token && user.access_expires_at - now() < REFRESH_AHEAD) {
        await refreshUser(user).then(() => refreshed++, (error) => log(`refresh failed for ${user.open_id}: ${error.message}`));
      }
    }
    return refreshed;
  }

  // The timer's other job: forget the sessions older than SESSION_LIFETIME. How many there were.
  const expireSessions = () => store.expireSessions(now() - SESSION_LIFETIME);

  return { handle, refreshDue, expireSessions };
}

// `Secure` when the page reached us over https: a TLS socket, a proxy saying so (X-Forwarded-Proto or
// Forwarded; a false claim only makes the browser keep the cookie for https), or an https page's Origin.
function isHttps(request) {
  if (request.socket && request.socket.encrypted) return true;
  const forwarded = String(request.headers['x-forwarded-proto'] || '').split(',')[0].trim().toLowerCase();
  if (forwarded === 'https') return true;
  if (/(^|[;,\s])proto=(?:"?)https\b/i.test(String(request.headers.forwarded || ''))) return true;
  return String(request.headers.origin || '').startsWith('https://');
}

function setSessionCookie(request, response, value, maxAgeSeconds) {
  const secure = isHttps(request) ? '; Secure' : '';
  response.setHeader('set-cookie', `${COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAgeSeconds}${secure}`);
}

function isJson(request) {
  const type = String(request.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  return type === 'application/json';
}

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function cookie(request, name) {
  for (const part of (request.headers.cookie || '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

async function readRaw(request) {
  let size = 0;
  const chunks = [];
  for await (const chunk of request) {
    size += chunk.length;
    if (size > 16 * 1024) throw new HttpError(413, 'too_large', 'request body over 16 KB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readJson(request) {
  const raw = await readRaw(request);
  try {
    const value = JSON.parse(raw.toString('utf8') || '{}');
    if (value && typeof value === 'object') return value;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'invalid_json', 'the body must be a JSON object');
}

// The front end, and nothing else: a path is served only when it names a file of FRONT_END (index.html, or
// a file under src/), after decoding, with no dot segments or dotfiles, and when its real location (symlinks
// followed) is still inside that part of the project.
async function serveStatic(root, pathname, method, response) {
  const file = await frontEndFile(root, pathname);
  if (!file) {
    if (pathname === '/favicon.ico') { // browsers ask for it unprompted: answer "none" rather than an error
      response.writeHead(204, { 'cache-control': 'max-age=86400' });
      return response.end();
    }
    throw new HttpError(404, 'not_found', 'not found');
  }
  const content = await fs.readFile(file);
  response.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'x-content-type-options': 'nosniff' });
  response.end(method === 'HEAD' ? undefined : content);
}

export async function frontEndFile(root, pathname) {
  let relative;
  try {
    relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    return null; // malformed %-encoding
  }
  const parts = relative.split('/');
  if (relative.includes('\\') || relative.includes('\0') || parts.some((part) => part === '' || part.startsWith('.'))) return null;
  const top = FRONT_END.find((entry) => relative === entry || relative.startsWith(`${entry}/`));
  if (!top) return null;
  try {
    const allowed = await fs.realpath(path.join(root, top));
    const real = await fs.realpath(path.join(root, relative));
    if (real !== allowed && !real.startsWith(allowed + path.sep)) return null;
    return (await fs.stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}
