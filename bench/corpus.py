"""A generated corpus for the lint benchmark: ordinary pages with inline scripts, and external bundles.

Deterministic for a seed. The code is the everyday kind (DOM updates, fetch to the app's own API,
timers, storage of preferences, URL parameters), so the checks' trigger words occur as in real code.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

PAGES = 300
PAGE_BYTES = 65_000
INLINE_SCRIPT_BYTES = 30_000
BUNDLES = 30
BUNDLE_BYTES = 200_000
CLIENT_KEY = "awbenchcorpus01"

JS_BLOCKS = [
    """function render{n}(items) {{
  const list = document.querySelector('#list-{n}');
  list.innerHTML = '';
  for (const item of items) {{
    const li = document.createElement('li');
    li.className = item.done ? 'done' : 'todo';
    li.textContent = `${{item.title}} (${{item.count}})`;
    li.addEventListener('click', () => toggle{n}(item.id));
    list.appendChild(li);
  }}
}}
""",
    """async function load{n}(page) {{
  const response = await fetch('/api/items/{n}?page=' + page, {{ credentials: 'include' }});
  if (!response.ok) throw new Error('HTTP ' + response.status);
  const data = await response.json();
  return data.items.filter((item) => item.visible !== false);
}}
""",
    """class Store{n} {{
  constructor() {{
    this.items = [];
    this.listeners = new Set();
  }}
  add(item) {{
    this.items.push({{ ...item, id: this.items.length + {n} }});
    this.listeners.forEach((listener) => listener(this.items));
  }}
  subscribe(listener) {{
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }}
}}
""",
    """function debounce{n}(fn, ms) {{
  let timer;
  return (...args) => {{
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  }};
}}
const onSearch{n} = debounce{n}((value) => search{n}(value.trim().toLowerCase()), 250);
""",
    """function readPreferences{n}() {{
  const theme = localStorage.getItem('theme-{n}') || 'light';
  const params = new URLSearchParams(location.search);
  document.documentElement.dataset.theme = params.get('theme') || theme;
  return {{ theme, lang: navigator.language, compact: params.has('compact') }};
}}
""",
    """const formatters{n} = {{
  price: (cents) => (cents / 100).toFixed(2) + ' USD',
  date: (iso) => new Date(iso).toLocaleDateString(),
  count: (n) => (n > 999 ? (n / 1000).toFixed(1) + 'k' : String(n)),
}};
function summarise{n}(rows) {{
  let total = 0;
  for (let i = 0; i < rows.length; i += 1) {{
    total += rows[i].amount * (rows[i].quantity || 1);
  }}
  return {{ total, average: rows.length ? total / rows.length : 0, label: formatters{n}.price(total) }};
}}
""",
    """document.getElementById('form-{n}').addEventListener('submit', async (event) => {{
  event.preventDefault();
  const body = Object.fromEntries(new FormData(event.target));
  const response = await fetch('/api/forms/{n}', {{ method: 'POST', headers: {{ 'content-type': 'application/json' }}, body: JSON.stringify(body) }});
  showMessage{n}(response.ok ? 'Saved' : 'Please try again');
}});
""",
    """function animate{n}(element, from, to, duration) {{
  const start = performance.now();
  function frame(now) {{
    const progress = Math.min(1, (now - start) / duration);
    element.style.transform = `translateX(${{from + (to - from) * progress}}px)`;
    if (progress < 1) requestAnimationFrame(frame);
  }}
  requestAnimationFrame(frame);
}}
""",
]

MARKUP_BLOCKS = [
    """<section class="card" id="card-{n}">
  <header><h2>Episode {n}</h2><p class="meta">Season {s} &middot; {m} min</p></header>
  <img src="/images/cover-{n}.webp" alt="Cover of episode {n}" width="320" height="180" loading="lazy">
  <p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. Integer {n} nec odio. Praesent libero. Sed cursus ante dapibus diam.</p>
  <ul class="tags"><li>drama</li><li>season-{s}</li><li><a href="/tags/{n}">more</a></li></ul>
  <button type="button" class="primary" data-episode="{n}">Watch</button>
</section>
""",
    """<table class="stats">
  <thead><tr><th>Day</th><th>Views</th><th>Likes</th></tr></thead>
  <tbody>
    <tr><td>Mon</td><td>{n}</td><td>{s}</td></tr>
    <tr><td>Tue</td><td>{m}</td><td>{n}</td></tr>
    <tr><td>Wed</td><td>{s}</td><td>{m}</td></tr>
  </tbody>
</table>
""",
    """<form id="form-{n}" class="stack">
  <label for="name-{n}">Name</label><input id="name-{n}" name="name" autocomplete="name" required>
  <label for="note-{n}">Note</label><textarea id="note-{n}" name="note" rows="3"></textarea>
  <select name="season"><option value="1">One</option><option value="{s}" selected>Season {s}</option></select>
  <button type="submit">Save</button>
</form>
""",
    """<nav class="pager" aria-label="Pages">
  <a href="/page/{s}" rel="prev">Previous</a> <span>Page {n}</span> <a href="/page/{m}" rel="next">Next</a>
</nav>
<!-- page {n} ends here -->
""",
]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(n=rng.randrange(100_000), s=rng.randrange(1, 9), m=rng.randrange(10, 99))


def _grow(blocks: list[str], size: int, rng: random.Random) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        part = _fill(rng.choice(blocks), rng)
        parts.append(part)
        total += len(part)
    return "".join(parts)


def make_corpus(root: Path, seed: int = 2026) -> dict[str, int]:
    """Write the corpus under root; returns {"html": bytes, "js": bytes, "files": count}."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "package.json").write_text(json.dumps({"name": "bench-corpus", "private": True, "scripts": {"dev": "vite"}}))
    (root / "minis.config.json").write_text(json.dumps({"clientKey": CLIENT_KEY, "dev": {"port": 3000}}))
    html_bytes = js_bytes = 0
    for i in range(BUNDLES):
        code = _grow(JS_BLOCKS, BUNDLE_BYTES, rng)
        path = root / "src" / f"bundle{i:02d}.js"
        path.parent.mkdir(exist_ok=True)
        path.write_text(code)
        js_bytes += len(code)
    for i in range(PAGES):
        script = _grow(JS_BLOCKS, INLINE_SCRIPT_BYTES, rng)
        head = (
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<title>Page {i}</title>\n<link rel="stylesheet" href="/styles/app.css">\n'
            '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n'
            f'<script>TTMinis.init({{ clientKey: "{CLIENT_KEY}" }});</script>\n</head>\n<body>\n'
        )
        tail = f'<script src="/src/bundle{i % BUNDLES:02d}.js" defer></script>\n<script>\n{script}</script>\n</body>\n</html>\n'
        markup = _grow(MARKUP_BLOCKS, PAGE_BYTES - len(head) - len(tail), rng)
        page = head + markup + tail
        name = "index.html" if i == 0 else f"pages/page{i:03d}.html"
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(page)
        html_bytes += len(page)
    return {"html": html_bytes, "js": js_bytes, "files": PAGES + BUNDLES}
