// The backend: exchanges codes with TikTok (the secret stays here) and serves the page.
import http from 'node:http';

const API = process.env.TIKTOK_API_BASE || 'https://open.tiktokapis.com';

async function exchange(code) {
  const body = new URLSearchParams({
    client_key: process.env.TIKTOK_CLIENT_KEY,
    client_secret: process.env.TIKTOK_CLIENT_SECRET,
    code,
    grant_type: 'authorization_code',
  });
  const response = await fetch(`${API}/v2/oauth/token/`, { method: 'POST', body });
  return response.json();
}

http.createServer(async (req, res) => {
  res.end(JSON.stringify(await exchange('demo')));
}).listen(Number(process.env.PORT || 3000));
