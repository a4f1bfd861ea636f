import { Option } from 'commander';
import { engineNames } from '../engine/engine.js';

/** `--engine`, declared once and added to every depthkit command. */
export function engineOption(): Option {
  return new Option('--engine <engine>', 'compute engine (default: DEPTHKIT_ENGINE or auto)').choices([...engineNames]);
}
