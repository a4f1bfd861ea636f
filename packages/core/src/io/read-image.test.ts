import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../datasets/testing/shared-data.js';
import { numpyPython, runPython } from '../datasets/testing/python-reference.js';
import { readGray16Png, readPng16, readRgbImage } from './read-image.js';
import { encodeRgbPng, writePng16 } from './write-image.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'depthkit-io-'));
});

/** IHDR bit depth and colour type, straight from the bytes. */
async function pngHeader(file: string): Promise<{ bitDepth: number; colourType: number }> {
  const bytes = await readFile(file);
  return { bitDepth: bytes[24], colourType: bytes[25] };
}

describe('16-bit grey PNG', () => {
  it('round-trips 0, 1, 256 and 65535 exactly, as a 1-channel 16-bit file', async () => {
    const file = join(dir, 'g16.png');
    const values = new Uint16Array([0, 1, 256, 65535, 255, 257]);
    await writePng16(file, { width: 3, height: 2, channels: 1, data: values });
    expect(await pngHeader(file)).toEqual({ bitDepth: 16, colourType: 0 });
    const back = await readGray16Png(file);
    expect([back.width, back.height, back.channels]).toEqual([3, 2, 1]);
    expect(Array.from(back.data)).toEqual(Array.from(values));
  });

  it.skipIf(!numpyPython)('agrees with PIL on the file it wrote (independent decoder)', async () => {
    const file = join(dir, 'g16-pil.png');
    await writePng16(file, { width: 4, height: 1, channels: 1, data: new Uint16Array([0, 1, 256, 65535]) });
    const out = runPython('import sys,numpy as np\nfrom PIL import Image\nprint(np.array(Image.open(sys.argv[1])).ravel().tolist())', [file]);
    expect(JSON.parse(out)).toEqual([0, 1, 256, 65535]);
  });

  it('reads 16-bit RGB samples exactly', async () => {
    const file = join(dir, 'rgb16.png');
    const values = new Uint16Array([0, 1, 2, 256, 300, 400, 65535, 7, 9]);
    await writePng16(file, { width: 3, height: 1, channels: 3, data: values });
    expect(await pngHeader(file)).toEqual({ bitDepth: 16, colourType: 2 });
    const back = await readPng16(file);
    expect(back.channels).toBe(3);
    expect(Array.from(back.data)).toEqual(Array.from(values));
  });

  it('reads the real KITTI GT PNG with the verified valid count', async () => {
    const png = await readGray16Png(sharedData('kitti/metric3d_kitti_demo/depth/0000000005.png'));
    expect([png.width, png.height]).toEqual([1242, 375]);
    expect(png.data.filter((v) => v > 0).length).toBe(90839);
  });

  it('rejects an 8-bit PNG where 16 bits are expected, naming the file', async () => {
    const file = join(dir, 'eight.png');
    await sharp(new Uint8Array([0, 10, 20, 30]), { raw: { width: 2, height: 2, channels: 1 } }).png().toFile(file);
    await expect(readGray16Png(file, 'a KITTI depth PNG')).rejects.toThrow(`${file}: expected a KITTI depth PNG with 16 bits per sample, found 8-bit`);
  });

  it('rejects a colour 16-bit PNG where a single channel is expected', async () => {
    const file = join(dir, 'rgb16-as-depth.png');
    await writePng16(file, { width: 1, height: 1, channels: 3, data: new Uint16Array([1, 2, 3]) });
    await expect(readGray16Png(file)).rejects.toThrow(/1 channel\(s\), found 3/);
  });

  it('rejects a JPEG where a PNG is expected', async () => {
    await expect(readGray16Png(sharedData('nyu/metric3d_nyu_demo/rgb/rgb_00000.jpg'))).rejects.toThrow(/found jpeg/);
  });

  it('names the file when a PNG is corrupt or truncated', async () => {
    const garbage = join(dir, 'garbage.png');
    await writeFile(garbage, Buffer.from('not a png at all'));
    await expect(readGray16Png(garbage)).rejects.toThrow(`${garbage}: cannot read`);
    const truncated = join(dir, 'truncated.png');
    const real = await readFile(sharedData('kitti/metric3d_kitti_demo/depth/0000000050.png'));
    await writeFile(truncated, real.subarray(0, real.length / 2));
    await expect(readGray16Png(truncated)).rejects.toThrow(`${truncated}: cannot read`);
  });

  it('names a missing file', async () => {
    const missing = join(dir, 'nope.png');
    await expect(readGray16Png(missing)).rejects.toThrow(`${missing}: missing`);
    await expect(readRgbImage(missing)).rejects.toThrow(`${missing}: missing`);
  });
});

describe('8-bit RGB', () => {
  it('reads the KITTI PNG as 1242×375×3', async () => {
    const img = await readRgbImage(sharedData('kitti/metric3d_kitti_demo/rgb/0000000005.png'));
    expect([img.width, img.height, img.data.length]).toEqual([1242, 375, 1242 * 375 * 3]);
  });

  it.skipIf(!numpyPython)('matches PIL byte for byte on the KITTI PNG', async () => {
    const file = sharedData('kitti/metric3d_kitti_demo/rgb/0000000050.png');
    const img = await readRgbImage(file);
    const out = runPython(
      'import sys,numpy as np\nfrom PIL import Image\na=np.array(Image.open(sys.argv[1]).convert("RGB")).astype(np.int64)\nprint(int(a.sum()), int((a*np.arange(a.size).reshape(a.shape)%9973).sum()))',
      [file],
    );
    let sum = 0;
    let weighted = 0;
    img.data.forEach((v, i) => {
      sum += v;
      weighted += (v * i) % 9973;
    });
    expect(`${sum} ${weighted}`).toBe(out.trim());
  });

  it('reads the NYU JPEG as 640×480×3 with its white border', async () => {
    const img = await readRgbImage(sharedData('nyu/metric3d_nyu_demo/rgb/rgb_00000.jpg'));
    expect([img.width, img.height]).toEqual([640, 480]);
    expect(img.data[0]).toBeGreaterThan(240); // top-left corner lies in the white frame
  });

  it('expands grey and drops alpha to 3 channels', async () => {
    const file = join(dir, 'rgba.png');
    await sharp(new Uint8Array([10, 20, 30, 40, 50, 60, 70, 80]), { raw: { width: 2, height: 1, channels: 4 } }).png().toFile(file);
    const img = await readRgbImage(file);
    expect(Array.from(img.data)).toEqual([10, 20, 30, 50, 60, 70]);
  });
});

describe('RGB PNG encoding', () => {
  it('encodes 8-bit RGB losslessly (decoded back pixel for pixel) and names a size mismatch', async () => {
    const data = Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const file = join(dir, 'rgb.png');
    await writeFile(file, await encodeRgbPng({ width: 4, height: 3, data }));
    const back = await readRgbImage(file);
    expect([back.width, back.height]).toEqual([4, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    await expect(encodeRgbPng({ width: 5, height: 3, data })).rejects.toThrow('PNG encoding: 5×3×3 image needs 45 samples, got 36');
  });
});
