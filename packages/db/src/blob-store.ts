/**
 * The BlobStore port on the local filesystem: one file per key under a directory of DATA_DIR,
 * written to a temporary name and renamed, so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from '@sofortdesk/domain';

const KEY = /^[A-Za-z0-9_-]{16,128}$/;

export class FileBlobStore implements BlobStore {
  constructor(private readonly directory: string) {}

  private file(key: string): string {
    // Keys are made by us, but a path must never be steered by anything else.
    if (!KEY.test(key)) throw new Error('invalid blob key');
    return path.join(this.directory, key.slice(0, 2), key);
  }

  /**
   * Durable before it resolves, like a commit with synchronous=FULL: the file's bytes and then its
   * name (the directory) are synced, so a file a stored message points to survives a power cut too.
   */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.file(key);
    const directory = path.dirname(file);
    await mkdir(directory, { recursive: true });
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    const dir = await open(directory, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.file(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
