// The one file to swap for a database. Users are keyed by TikTok's open_id (stable per user and app);
// sessions by a random id kept in an httpOnly cookie. This version keeps everything in one JSON file,
// written atomically (a temporary file, then a rename), so a crash never leaves half a file behind.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export async function openStore(file) {
  let data = { users: {}, sessions: {} };
  if (file) {
    try {
      data = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }
  let queue = Promise.resolve();

  function save() {
    if (!file) return Promise.resolve();
    const snapshot = JSON.stringify(data, null, 2);
    queue = queue.then(async () => {
      const temporary = `${file}.${process.pid}.tmp`;
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(temporary, snapshot);
      await fs.rename(temporary, file);
    });
    return queue;
  }

  return {
    user: (openId) => data.users[openId] || null,
    users: () => Object.values(data.users),
    async saveUser(user) {
      data.users[user.open_id] = user;
      await save();
    },
    async deleteUser(openId) {
      delete data.users[openId];
      for (const [id, session] of Object.entries(data.sessions)) {
        if (session.open_id === openId) delete data.sessions[id];
      }
      await save();
    },
    session: (id) => data.sessions[id] || null,
    async saveSession(id, session) {
      data.sessions[id] = session;
      await save();
    },
    async deleteSession(id) {
      delete data.sessions[id];
      await save();
    },
  };
}
