import { loadDepthModel, toColour, type DepthEstimator, type DepthResult } from '@depthkit/web';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { FrameTimes, depthAt } from './depth-at.js';

type Backend = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
type Colormap = 'turbo' | 'magma';
type ImageSource = HTMLImageElement | HTMLVideoElement;

/** One entry of `models/index.json` or `samples/index.json`, written by `pnpm demo`. */
interface Listed {
  name: string;
  label: string;
  url: string;
}

/** What the page exposes for its tests and for curious users (`depthDemo` in the console). */
interface DemoState {
  status: 'loading' | 'ready' | 'running' | 'error';
  error?: string;
  model?: { method: string; preset: string; dataset: string; backend: string; testSize: unknown; loadMs: number };
  estimates: number;
  last?: { result: DepthResult; ms: number; colormap: Colormap };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const modelSelect = $<HTMLSelectElement>('model-select');
const modelFiles = $<HTMLInputElement>('model-files');
const backendSelect = $<HTMLSelectElement>('backend');
const sampleSelect = $<HTMLSelectElement>('sample-select');
const imageFile = $<HTMLInputElement>('image-file');
const cameraButton = $<HTMLButtonElement>('camera');
const colormapSelect = $<HTMLSelectElement>('colormap');
const status = $<HTMLParagraphElement>('status');
const imageCanvas = $<HTMLCanvasElement>('image-canvas');
const depthCanvas = $<HTMLCanvasElement>('depth-canvas');
const depthCaption = $<HTMLElement>('depth-caption');
const hover = $<HTMLParagraphElement>('hover');
const video = $<HTMLVideoElement>('video');

const state: DemoState = { status: 'loading', estimates: 0 };
(window as unknown as { depthDemo: DemoState }).depthDemo = state;

const params = new URLSearchParams(location.search);
const wasmPaths = { 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded };
const frameTimes = new FrameTimes();
let estimator: DepthEstimator | null = null;
let source: ImageSource | null = null;
let cameraStream: MediaStream | null = null;
let busy = false;

function show(text: string, isError = false): void {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  state.status = 'error';
  state.error = message;
  show(message, true);
}

async function fetchList(url: string): Promise<Listed[]> {
  const response = await fetch(url);
  if (!response.ok) return [];
  return (await response.json()) as Listed[];
}

function fill(select: HTMLSelectElement, items: Listed[], empty: string): void {
  select.replaceChildren(...(items.length ? items : [{ name: '', label: empty, url: '' }]).map((item) => {
    const option = document.createElement('option');
    option.value = item.url;
    option.textContent = item.label;
    option.dataset.name = item.name;
    return option;
  }));
}

function choose(select: HTMLSelectElement, name: string | null): void {
  const option = [...select.options].find((o) => o.dataset.name === name);
  if (option) select.value = option.value;
}

async function useModel(from: string | FileList): Promise<void> {
  estimator?.dispose();
  estimator = null;
  state.status = 'loading';
  show('Loading the model…');
  const started = performance.now();
  try {
    estimator = await loadDepthModel(from, { backend: backendSelect.value as Backend, wasmPaths });
  } catch (error) {
    fail(error);
    return;
  }
  const loadMs = performance.now() - started;
  state.model = { method: estimator.method, preset: estimator.preset, dataset: estimator.dataset, backend: estimator.backend, testSize: estimator.testSize, loadMs };
  state.status = 'ready';
  frameTimes.clear();
  describeModel();
  if (source) await estimate();
}

function describeModel(extra = ''): void {
  if (!estimator) return;
  const size = estimator.testSize ? `${estimator.testSize[0]}×${estimator.testSize[1]}` : 'image size';
  show(`${estimator.method} · ${estimator.preset} (${estimator.dataset}, predicts at ${size}) · backend ${estimator.backend} · loaded in ${state.model!.loadMs.toFixed(0)} ms${extra}`);
}

/** Depth for the current image (or camera frame), drawn beside it. */
async function estimate(): Promise<void> {
  if (!estimator || !source || busy) return;
  busy = true;
  state.status = 'running';
  try {
    drawSource(source);
    const started = performance.now();
    const result = await estimator.estimate(source);
    const ms = performance.now() - started;
    const colormap = colormapSelect.value as Colormap;
    depthCanvas.width = result.width;
    depthCanvas.height = result.height;
    depthCanvas.getContext('2d')!.putImageData(toColour(result, colormap), 0, 0);
    depthCaption.textContent = `depth: ${result.min.toFixed(2)} m – ${result.max.toFixed(2)} m (${colormap})`;
    state.estimates++;
    state.last = { result, ms, colormap };
    state.status = 'ready';
    describeModel(` · ${frameTimes.add(ms).toFixed(1)} ms per frame (median)`);
  } catch (error) {
    fail(error);
  } finally {
    busy = false;
  }
}

function drawSource(from: ImageSource): void {
  const width = from instanceof HTMLVideoElement ? from.videoWidth : from.naturalWidth;
  const height = from instanceof HTMLVideoElement ? from.videoHeight : from.naturalHeight;
  if (imageCanvas.width !== width || imageCanvas.height !== height) {
    imageCanvas.width = width;
    imageCanvas.height = height;
  }
  imageCanvas.getContext('2d')!.drawImage(from, 0, 0);
}

async function useImage(url: string): Promise<void> {
  stopCamera();
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
  } catch {
    fail(`${url}: not an image this browser can decode; expected a PNG, JPEG or WebP`);
    return;
  }
  source = image;
  await estimate();
}

async function toggleCamera(): Promise<void> {
  if (cameraStream) {
    stopCamera();
    return;
  }
  try {
    cameraStream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  } catch (error) {
    fail(`camera: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  video.srcObject = cameraStream;
  await video.play();
  source = video;
  cameraButton.textContent = 'Stop camera';
  const loop = async (): Promise<void> => {
    if (source !== video) return;
    await estimate();
    requestAnimationFrame(() => void loop());
  };
  void loop();
}

function stopCamera(): void {
  cameraStream?.getTracks().forEach((t) => t.stop());
  cameraStream = null;
  if (source === video) source = null;
  cameraButton.textContent = 'Camera';
}

function onHover(event: PointerEvent): void {
  const last = state.last;
  if (!last) return;
  const box = (event.target as HTMLElement).getBoundingClientRect();
  const at = depthAt(last.result, event.clientX - box.left, event.clientY - box.top, box);
  hover.textContent = at ? `${at.metres.toFixed(2)} m at (${at.x}, ${at.y})` : '';
}

function onDrop(event: DragEvent): void {
  event.preventDefault();
  document.body.classList.remove('dragging');
  const files = event.dataTransfer?.files;
  if (!files?.length) return;
  if ([...files].some((f) => f.name.endsWith('.json'))) void useModel(files);
  else if (files[0].type.startsWith('image/')) void useImage(URL.createObjectURL(files[0]));
  else fail(`${files[0].name}: expected an image, or a model folder's files (model.json and its .bin shards)`);
}

async function start(): Promise<void> {
  const [models, samples] = await Promise.all([fetchList('models/index.json'), fetchList('samples/index.json')]);
  fill(modelSelect, models, 'no bundled model — run pnpm demo, or drop an exported folder');
  fill(sampleSelect, samples, 'no bundled sample');
  choose(modelSelect, params.get('model'));
  choose(sampleSelect, params.get('sample'));
  const backend = params.get('backend');
  if (backend) backendSelect.value = backend;
  const colormap = params.get('colormap');
  if (colormap) colormapSelect.value = colormap;

  modelSelect.addEventListener('change', () => void useModel(modelSelect.value));
  backendSelect.addEventListener('change', () => { if (modelSelect.value) void useModel(modelSelect.value); });
  modelFiles.addEventListener('change', () => { if (modelFiles.files?.length) void useModel(modelFiles.files); });
  sampleSelect.addEventListener('change', () => { if (sampleSelect.value) void useImage(sampleSelect.value); });
  imageFile.addEventListener('change', () => { const f = imageFile.files?.[0]; if (f) void useImage(URL.createObjectURL(f)); });
  cameraButton.addEventListener('click', () => void toggleCamera());
  colormapSelect.addEventListener('change', () => void estimate());
  for (const canvas of [imageCanvas, depthCanvas]) canvas.addEventListener('pointermove', onHover);
  document.addEventListener('dragover', (e) => { e.preventDefault(); document.body.classList.add('dragging'); });
  document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  document.addEventListener('drop', onDrop);

  if (sampleSelect.value) {
    const image = new Image();
    image.src = sampleSelect.value;
    await image.decode().then(() => { source = image; drawSource(image); }, () => undefined);
  }
  if (modelSelect.value) await useModel(modelSelect.value);
  else {
    state.status = 'ready';
    show('No model bundled: run `pnpm demo`, or drop an exported model folder\'s files here.');
  }
}

start().catch(fail);
