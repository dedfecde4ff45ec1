// Modification times, to tell whether an install or a build is older than its inputs.
import fs from 'node:fs';
import path from 'node:path';

/** mtime in ms, or undefined when the file does not exist. */
export function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch (error) {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The newest mtime of the given files and everything below the given directories (0 if none). */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (target) => {
    let stat;
    try {
      stat = fs.statSync(target);
    } catch (error) {
      if (error.code === 'ENOENT') return;
      throw error;
    }
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) return;
    for (const entry of fs.readdirSync(target)) {
      if (entry === 'node_modules' || entry === 'dist') continue;
      visit(path.join(target, entry));
    }
  };
  for (const target of paths) visit(target);
  return newest;
}
