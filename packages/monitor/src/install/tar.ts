/** A file for `tarArchive`: its path inside the archive, its bytes and permissions. */
export interface TarEntry {
  readonly path: string;
  readonly data: Buffer;
  /** Default 0o644. */
  readonly mode?: number;
}

/**
 * A POSIX ustar archive of regular files (no compression), which every `tar -xf` reads: the agent
 * travels as one upload per VM. Paths up to 100 bytes; directories are made by `tar` on extraction.
 */
export function tarArchive(entries: readonly TarEntry[], mtimeSeconds = Math.floor(Date.now() / 1000)): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const name = Buffer.from(entry.path, "utf8");
    if (name.length > 100) throw new RangeError(`tar: path over 100 bytes: ${entry.path}`);
    const header = Buffer.alloc(512);
    name.copy(header, 0);
    const octal = (value: number, offset: number, width: number): void =>
      void header.write(`${value.toString(8).padStart(width - 1, "0")}\0`, offset, width, "ascii");
    octal(entry.mode ?? 0o644, 100, 8);
    octal(0, 108, 8); // uid
    octal(0, 116, 8); // gid
    octal(entry.data.length, 124, 12);
    octal(mtimeSeconds, 136, 12);
    header.write("        ", 148, 8, "ascii"); // the checksum counts itself as spaces
    header.write("0", 156, 1, "ascii"); // a regular file
    header.write("ustar\0", 257, 6, "ascii");
    header.write("00", 263, 2, "ascii");
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
    blocks.push(header, entry.data, Buffer.alloc((512 - (entry.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024)); // two zero blocks end the archive
  return Buffer.concat(blocks);
}
