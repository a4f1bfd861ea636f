import * as tf from '@tensorflow/tfjs-core';

/** Where a model comes from: the URL of its model.json or folder, a folder's files, or any tfjs IOHandler. */
export type ModelSource = string | File[] | FileList | tf.io.IOHandler;

/** Called with the fraction (0–1) of the model's files read so far. */
export type LoadProgress = (fraction: number) => void;

/** A source made loadable: the handler, the name errors use for it, and the weight files it read. */
export interface ResolvedSource {
  handler: tf.io.IOHandler;
  /** The model.json's URL, the dropped file's name, or the handler's kind. */
  where: string;
  /** Each weight file and its size, as read (for a short-file message); empty when the handler does not say. */
  weightFiles: { name: string; bytes: number }[];
}

export const modelJsonName = 'model.json';

/** The URL of model.json for a URL that names it or its folder (`models/hma/` or `models/hma`). */
export function modelJsonUrl(url: string): string {
  const [path, query = ''] = splitQuery(url);
  if (/\.json$/i.test(path)) return url;
  return `${path.replace(/\/*$/, '/')}${modelJsonName}${query}`;
}

function splitQuery(url: string): [string, string?] {
  const at = url.search(/[?#]/);
  return at < 0 ? [url] : [url.slice(0, at), url.slice(at)];
}

function isFileList(value: unknown): value is ArrayLike<File> {
  return typeof FileList !== 'undefined' && value instanceof FileList;
}

function isIOHandler(value: unknown): value is tf.io.IOHandler {
  return value != null && typeof value === 'object' && typeof (value as tf.io.IOHandler).load === 'function';
}

/** Turns what the user passed into a handler that reads model.json and weights, with clear failures. */
export function resolveModelSource(source: ModelSource, onProgress?: LoadProgress): ResolvedSource {
  if (typeof source === 'string') return urlSource(source, onProgress);
  if (Array.isArray(source) || isFileList(source)) return filesSource(Array.from(source as ArrayLike<File>), onProgress);
  if (isIOHandler(source)) return { handler: source, where: `the IOHandler given (${source.constructor?.name ?? 'object'})`, weightFiles: [] };
  throw new Error(`loadDepthModel: expected the URL of a model folder or its model.json, the folder's File objects (a FileList or File[]), or a tf.io.IOHandler; found ${describeValue(source)}`);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `${typeof value} ${JSON.stringify(value)?.slice(0, 60)}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : `an object with keys ${Object.keys(value).slice(0, 6).join(', ') || '(none)'}`;
}

function urlSource(url: string, onProgress?: LoadProgress): ResolvedSource {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme != null && scheme !== 'http' && scheme !== 'https') {
    // indexeddb://name, localstorage://name: the routers tfjs registers in a browser.
    const [handler] = tf.io.getLoadHandlers(url, { onProgress });
    if (!handler) throw new Error(`${url}: no tfjs loader for '${scheme}://' here; expected http(s)://, a relative URL, or indexeddb:// (in a browser)`);
    return { handler, where: url, weightFiles: [] };
  }
  const jsonUrl = modelJsonUrl(url);
  const weightFiles: ResolvedSource['weightFiles'] = [];
  // Progress is counted here: tfjs's own onProgress leaves a failed weight fetch's promise unhandled.
  const handler = tf.io.http(jsonUrl, { fetchFunc: checkedFetch(jsonUrl, weightFiles, onProgress) });
  return { handler, where: absoluteUrl(jsonUrl), weightFiles };
}

/** A URL as the page resolves it (what a user can paste into the address bar). */
function absoluteUrl(url: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/**
 * tfjs reads a weight file's body whatever the HTTP status, so a 404 page would be decoded as
 * weights: refuse any response that is not OK, naming the URL, and record each file's size.
 */
function checkedFetch(jsonUrl: string, weightFiles: ResolvedSource['weightFiles'], onProgress?: LoadProgress) {
  let total = 0;
  return async (input: RequestInfo | URL, init?: RequestInit, details?: { isBinary?: boolean }): Promise<Response> => {
    const url = absoluteUrl(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const what = details?.isBinary ? `a weight file named by ${absoluteUrl(jsonUrl)}` : 'a tfjs layers model.json';
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      throw new Error(`${url}: expected ${what}, but it could not be fetched (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!response.ok) throw new Error(`${url}: expected ${what}, found HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    if (!details?.isBinary) {
      total = await response.clone().json().then((json: tf.io.ModelJSON) => json.weightsManifest.flatMap((g) => g.paths).length, () => 0);
      onProgress?.(0);
      return response;
    }
    const body = await response.arrayBuffer();
    weightFiles.push({ name: url, bytes: body.byteLength });
    if (total > 0) onProgress?.(Math.min(1, weightFiles.length / total));
    return { ok: true, status: response.status, statusText: response.statusText, url, headers: response.headers, arrayBuffer: async () => body } as unknown as Response;
  };
}

/**
 * A dropped folder's files, in any order and with anything else beside them: model.json (or the
 * one .json file) and the weight files its manifest names, matched by file name. tfjs's own
 * browserFiles needs model.json first and exactly the weight files, and a FileReader.
 */
function filesSource(files: File[], onProgress?: LoadProgress): ResolvedSource {
  if (files.length === 0) throw new Error('loadDepthModel: expected a model folder\'s files (model.json and its weight files), found an empty list');
  const notFiles = files.filter((f) => f == null || typeof (f as Blob).arrayBuffer !== 'function' || typeof f.name !== 'string');
  if (notFiles.length > 0) throw new Error(`loadDepthModel: expected File objects, found ${describeValue(notFiles[0])}`);
  const names = files.map((f) => f.name);
  const jsons = files.filter((f) => /\.json$/i.test(f.name));
  const json = jsons.find((f) => f.name === modelJsonName) ?? (jsons.length === 1 ? jsons[0] : undefined);
  if (!json) {
    throw new Error(`files ${names.join(', ')}: expected a model folder's ${modelJsonName} among them, found ${jsons.length === 0 ? 'no .json file' : `${jsons.length} .json files and none named ${modelJsonName}`}`);
  }
  const where = json.name;
  const weightFiles: ResolvedSource['weightFiles'] = [];
  const handler: tf.io.IOHandler = {
    async load() {
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(await json.text());
      } catch (error) {
        throw new Error(`${where}: expected a tfjs layers model.json (${error instanceof Error ? error.message : String(error)})`);
      }
      if (modelJson == null || typeof modelJson !== 'object' || !Array.isArray(modelJson.weightsManifest)) {
        throw new Error(`${where}: expected a tfjs layers model.json with a weightsManifest list, found ${describeValue(modelJson)}`);
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const paths = manifest.flatMap((group) => group.paths);
        const chosen = paths.map((p) => {
          const base = p.split('/').pop() ?? p;
          const file = files.find((f) => f.name === base);
          if (!file) throw new Error(`${where}: names the weight file '${base}', which is not among the files given (${names.join(', ')}); drop every file of the model folder`);
          return file;
        });
        const buffers: ArrayBuffer[] = [];
        for (const [i, file] of chosen.entries()) {
          buffers.push(await file.arrayBuffer());
          weightFiles.push({ name: file.name, bytes: buffers[i].byteLength });
          onProgress?.((i + 1) / chosen.length);
        }
        return [manifest.flatMap((group) => group.weights), buffers];
      });
    },
  };
  return { handler, where, weightFiles };
}
