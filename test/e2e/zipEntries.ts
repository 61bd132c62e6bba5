// The file names inside a zip archive (a .vsix is one), read with yauzl.
import yauzl from 'yauzl';

export function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.once('end', () => resolve(names.sort()));
      zip.once('error', reject);
      zip.readEntry();
    });
  });
}
