import { runMethodCli } from '@depthkit/core/cli';
import { segmentDepth } from '../src/method.js';

runMethodCli(segmentDepth);
