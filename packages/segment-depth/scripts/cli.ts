import { runMethodCli } from '@depthkit/core';
import { segmentDepth } from '../src/method.js';

runMethodCli(segmentDepth);
