/**
 * The BlobStore port on the local filesystem: one file per key under a directory of DATA_DIR,
 * written to a temporary name and renamed, so a reader never sees half a file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, file);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.file(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
