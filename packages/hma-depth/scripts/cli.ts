import { runMethodCli } from '@depthkit/core';
import { hmaDepth } from '../src/method.js';

runMethodCli(hmaDepth);
