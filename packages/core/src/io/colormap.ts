import type { RgbImage } from './image-types.js';

export const colormapNames = ['turbo', 'magma'] as const;
export type ColormapName = (typeof colormapNames)[number];

/**
 * turbo: Google's 256-entry table (A. Mikhailov, 2019, "Turbo, An Improved Rainbow Colormap",
 * Apache-2.0), rounded to 8 bits — its published polynomial fit is visibly off at the dark ends.
 * magma: the degree-6 polynomial fit to matplotlib's table (Matt Zucker's shadertoy), within
 * about 2/255 of it, which is plenty for report figures.
 */
const turboTable = Uint8Array.from(
  (
    '30123b32154333184a341b51351e5836215f37246638276d392a733a2d793b2f803c32863d358b3e38913f3b973f3e9c' +
    '4040a24143a74146ac4249b1424bb5434eba4451bf4454c34456c74559cb455ccf455ed34661d64664da4666dd4669e0' +
    '466be3476ee64771e94773eb4776ee4778f0477bf2467df44680f64682f84685fa4687fb458afc458cfd448ffe4391fe' +
    '4294ff4196ff4099ff3e9bfe3d9efe3ba0fd3aa3fc38a5fb37a8fa35abf833adf731aff52fb2f42eb4f22cb7f02ab9ee' +
    '28bceb27bee925c0e723c3e422c5e220c7df1fc9dd1ecbda1ccdd81bd0d51ad2d21ad4d019d5cd18d7ca18d9c818dbc5' +
    '18ddc218dec018e0bd19e2bb19e3b91ae4b61ce6b41de7b21fe9af20eaac22ebaa25eca727eea42aefa12cf09e2ff19b' +
    '32f29835f39438f4913cf58e3ff68a43f78746f8844af8804ef97d52fa7a55fa7659fb735dfc6f61fc6c65fd6969fd66' +
    '6dfe6271fe5f75fe5c79fe597dff5680ff5384ff5188ff4e8bff4b8fff4992ff4796fe4499fe429cfe409ffd3fa1fd3d' +
    'a4fc3ca7fc3aa9fb39acfb38affa37b1f936b4f836b7f735b9f635bcf534bef434c1f334c3f134c6f034c8ef34cbed34' +
    'cdec34d0ea34d2e935d4e735d7e535d9e436dbe236dde037dfdf37e1dd37e3db38e5d938e7d739e9d539ebd339ecd13a' +
    'eecf3aefcd3af1cb3af2c93af4c73af5c53af6c33af7c13af8be39f9bc39faba39fbb838fbb637fcb336fcb136fdae35' +
    'fdac34fea933fea732fea431fea130fe9e2ffe9b2dfe992cfe962bfe932afe9029fd8d27fd8a26fc8725fc8423fb8122' +
    'fb7e21fa7b1ff9781ef9751df8721cf76f1af66c19f56918f46617f36315f26014f15d13f05b12ef5811ed5510ec530f' +
    'eb500eea4e0de84b0ce7490ce5470be4450ae2430ae14109df3f08dd3d08dc3b07da3907d83706d63506d43305d23105' +
    'd02f05ce2d04cc2b04ca2a04c82803c52603c32503c12302be2102bc2002b91e02b71d02b41b01b21a01af1801ac1701' +
    'a91601a71401a41301a112019e10019b0f01980e01950d01920b018e0a018b09028808028507028106027e05027a0403'
  ).match(/../g) ?? [],
  (byte) => parseInt(byte, 16),
);

function turbo(x: number): [number, number, number] {
  const position = x * 255;
  const i = Math.min(254, Math.floor(position));
  const f = position - i;
  const at = (k: number, c: number) => turboTable[k * 3 + c] / 255;
  return [0, 1, 2].map((c) => at(i, c) * (1 - f) + at(i + 1, c) * f) as [number, number, number];
}

const magmaCoefficients: [number, number, number][] = [
  [-0.002136485053939582, -0.000749655052795221, -0.005386127855323933],
  [0.2516605407371642, 0.6775232436837668, 2.494026599312351],
  [8.353717279216625, -3.577719514958484, 0.3144679030132573],
  [-27.66873308576866, 14.26473078096533, -13.64921318813922],
  [52.17613981234068, -27.94360607168351, 12.94416944238394],
  [-50.76852536473588, 29.04658282127291, 4.23415299384598],
  [18.65570506591883, -11.48977351997711, -5.601961508734096],
];

function magma(x: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    let v = 0;
    for (let k = magmaCoefficients.length - 1; k >= 0; k--) v = v * x + magmaCoefficients[k][c];
    out[c] = v;
  }
  return out;
}

const maps: Record<ColormapName, (x: number) => [number, number, number]> = { turbo, magma };

/** The colour for t ∈ [0, 1] (clamped), as 0–255 integers. */
export function colormapColour(name: ColormapName, t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const rgb = maps[name](x);
  return [to255(rgb[0]), to255(rgb[1]), to255(rgb[2])];
}

function to255(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * 255);
}

export interface ColourizeOptions {
  colormap: ColormapName;
  /** Values mapped to the two ends of the colour map. */
  min: number;
  max: number;
  /** Pixels for which this is false are painted `invalidColour`. */
  valid?: (value: number, index: number) => boolean;
  invalidColour?: [number, number, number];
}

/** Maps a scalar field through a colour map (256 levels, looked up once). */
export function colourize(values: ArrayLike<number>, width: number, height: number, options: ColourizeOptions): RgbImage {
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) table.set(colormapColour(options.colormap, i / 255), i * 3);
  const span = options.max - options.min;
  const invalid = options.invalidColour ?? [0, 0, 0];
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const v = values[i];
    if (options.valid && !options.valid(v, i)) {
      data.set(invalid, i * 3);
      continue;
    }
    const t = span > 0 ? (v - options.min) / span : 0;
    const level = Math.round(Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * 255);
    data[i * 3] = table[level * 3];
    data[i * 3 + 1] = table[level * 3 + 1];
    data[i * 3 + 2] = table[level * 3 + 2];
  }
  return { width, height, data };
}
