import { runMethodCli } from '@depthkit/core/cli';
import { hmaDepth } from '../src/method.js';

runMethodCli(hmaDepth);
