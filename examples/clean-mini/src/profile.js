export async function showProfile(code) {
  const response = await fetch('/api/profile', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  if (!response.ok) return showFallback();
  const me = await response.json();
  document.getElementById('name').textContent = me.display_name || 'TikTok Player';
  document.getElementById('avatar').src = me.avatar_url || '/src/default-avatar.svg';
}

export function showFallback() {
  document.getElementById('name').textContent = 'TikTok Player';
}
